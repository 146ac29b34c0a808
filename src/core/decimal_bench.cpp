// Decimal against the work the pricing engine does per CDR: parse OCPI numbers, multiply quantity by
// price, round to cents, sum lines.
#include <benchmark/benchmark.h>

#include "core/decimal.h"
#include "core/json.h"

#include <boost/json/parse.hpp>

namespace openmsp {
namespace {

void BM_DecimalParse(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(Decimal::Parse("12.3750"));
    benchmark::DoNotOptimize(Decimal::Parse("0.2534"));
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_DecimalParse);

void BM_DecimalToString(benchmark::State& state) {
  const Decimal value = Decimal::Parse("-1234567.891").value();
  for (auto _ : state) benchmark::DoNotOptimize(value.ToString());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalToString);

void BM_DecimalLineAmount(benchmark::State& state) {
  const Decimal quantity = Decimal::Parse("12.375").value();
  const Decimal price = Decimal::Parse("0.2534").value();
  Decimal total;
  for (auto _ : state) {
    total += (quantity * price).Rounded(2, RoundingMode::kHalfUp);
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalLineAmount);

void BM_DecimalDivideSecondsToHours(benchmark::State& state) {
  const Decimal seconds(5423);
  const Decimal per_hour(3600);
  for (auto _ : state) benchmark::DoNotOptimize(seconds.Divide(per_hour, 6, RoundingMode::kHalfUp));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecimalDivideSecondsToHours);

const char* const kCdrLikeDocument = R"({"id":"CDR-1","currency":"EUR","total_energy":12.375,"total_time":1.5,
    "total_cost":{"excl_vat":4.58,"incl_vat":5.54},"charging_periods":[
    {"start_date_time":"2026-03-01T10:00:00Z","dimensions":[{"type":"ENERGY","volume":5.125},{"type":"TIME","volume":0.5}]},
    {"start_date_time":"2026-03-01T10:30:00Z","dimensions":[{"type":"ENERGY","volume":7.25},{"type":"TIME","volume":1.0}]}]})";

void BM_ParseJsonCdrLikeDocument(benchmark::State& state) {
  const std::string text = kCdrLikeDocument;
  for (auto _ : state) benchmark::DoNotOptimize(ParseJson(text));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ParseJsonCdrLikeDocument);

// The rejected alternative: plain boost::json::parse, which does not check numbers for exactness.
void BM_BoostJsonParseCdrLikeDocument(benchmark::State& state) {
  const std::string text = kCdrLikeDocument;
  for (auto _ : state) benchmark::DoNotOptimize(boost::json::parse(text));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_BoostJsonParseCdrLikeDocument);

}  // namespace
}  // namespace openmsp
