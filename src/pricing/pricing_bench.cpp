// PriceCdr alone (issue 3: at least 1,000,000 pricings per second per core): a parsed CDR of 3 periods
// against a parsed 4-element tariff with time, weekday, duration and power restrictions, in
// Europe/Amsterdam. Parsing is outside the timed loop.
#include <benchmark/benchmark.h>

#include <string_view>
#include <vector>

#include "core/json.h"
#include "pricing/cdr_json.h"
#include "pricing/pricing.h"
#include "pricing/tariff_json.h"

namespace openmsp::pricing {
namespace {

constexpr std::string_view kTariff = R"({"country_code":"NL","party_id":"CPO","id":"AC-DAY","currency":"EUR",
  "elements":[
    {"price_components":[{"type":"FLAT","price":0.35,"vat":21.0,"step_size":1},
                         {"type":"ENERGY","price":0.32,"vat":21.0,"step_size":1}],
     "restrictions":{"start_time":"07:00","end_time":"23:00"}},
    {"price_components":[{"type":"FLAT","price":0.35,"vat":21.0,"step_size":1},
                         {"type":"ENERGY","price":0.24,"vat":21.0,"step_size":1}]},
    {"price_components":[{"type":"TIME","price":1.20,"vat":21.0,"step_size":60}],
     "restrictions":{"min_duration":7200,"max_power":50}},
    {"price_components":[{"type":"PARKING_TIME","price":2.00,"vat":21.0,"step_size":300}],
     "restrictions":{"start_time":"09:00","end_time":"18:00",
                     "day_of_week":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY"]}}],
  "last_updated":"2026-01-01T00:00:00Z"})";

constexpr std::string_view kCdr = R"({"country_code":"NL","party_id":"CPO","id":"CDR-1",
  "start_date_time":"2026-03-03T06:40:00Z","end_date_time":"2026-03-03T10:05:00Z","currency":"EUR",
  "charging_periods":[
    {"start_date_time":"2026-03-03T06:40:00Z",
     "dimensions":[{"type":"ENERGY","volume":16.25},{"type":"TIME","volume":2},{"type":"MAX_POWER","volume":11}]},
    {"start_date_time":"2026-03-03T08:40:00Z",
     "dimensions":[{"type":"ENERGY","volume":4.5},{"type":"TIME","volume":0.75},{"type":"MAX_POWER","volume":7.4}]},
    {"start_date_time":"2026-03-03T09:25:00Z","dimensions":[{"type":"PARKING_TIME","volume":0.666667}]}],
  "total_energy":20.75,"total_time":3.416667,"total_parking_time":0.666667,
  "last_updated":"2026-03-03T10:06:00Z"})";

void BM_PriceCdr(benchmark::State& state) {
  const std::vector<Tariff> tariffs = {ParseTariff(ParseJson(kTariff).value()).value()};
  const Cdr cdr = ParseCdr(kCdr).value();
  const TimeZone zone = TimeZone::Find("Europe/Amsterdam").value();
  for (auto _ : state) {
    Result<PricingResult> result = PriceCdr(cdr, tariffs, zone);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PriceCdr);

}  // namespace
}  // namespace openmsp::pricing
