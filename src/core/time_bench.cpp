// Time against the work a CDR brings: each carries about a dozen DateTimes to read and write, and the tariff
// engine looks up the Location's local time at every charging period.
#include <benchmark/benchmark.h>

#include "core/time.h"
#include "core/time_zone.h"

namespace openmsp {
namespace {

void BM_ParseOcpiDateTime(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(ParseOcpiDateTime("2026-03-01T10:00:00Z"));
    benchmark::DoNotOptimize(ParseOcpiDateTime("2026-03-01T10:15:42.123Z"));
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_ParseOcpiDateTime);

void BM_FormatOcpiDateTime(benchmark::State& state) {
  const Instant whole = ParseOcpiDateTime("2026-03-01T10:00:00Z").value();
  const Instant fraction = ParseOcpiDateTime("2026-03-01T10:15:42.123Z").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(FormatOcpiDateTime(whole));
    benchmark::DoNotOptimize(FormatOcpiDateTime(fraction));
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_FormatOcpiDateTime);

void BM_ToLocalAmsterdam(benchmark::State& state) {
  const TimeZone zone = TimeZone::Find("Europe/Amsterdam").value();
  Instant instant = ParseOcpiDateTime("2026-03-01T10:00:00Z").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(zone.ToLocal(instant));
    instant += std::chrono::minutes(47);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ToLocalAmsterdam);

void BM_NextTimeOfDayAmsterdam(benchmark::State& state) {
  const TimeZone zone = TimeZone::Find("Europe/Amsterdam").value();
  Instant instant = ParseOcpiDateTime("2026-03-01T10:00:00Z").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(zone.NextTimeOfDay(instant, std::chrono::hours(17)));
    instant += std::chrono::minutes(47);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NextTimeOfDayAmsterdam);

}  // namespace
}  // namespace openmsp
