// Rating throughput (issue: at least 500,000 ratings per second per core for a parsed CDR against a
// 200-rule plan). Run: build-rel/bin/openmsp_rating_bench (docs/performance.md).

#include <benchmark/benchmark.h>

#include "rating/rating.h"
#include "rating/rating_test_builders.h"

namespace openmsp::rating {
namespace {

using domain::TariffCodeKind;
using domain::TariffUnit;
using namespace testing;  // NOLINT: the builders

// 200 rules: 10 location groups × 5 business partner groups × 4 codes (energy, parking with a daytime
// window and an all-day rule, session fee), the last group's rules for ANY customer, plus ANY rules.
TenantBook TwoHundredRuleBook() {
  std::vector<domain::TariffPlanRule> rules;
  std::int64_t id = 1;
  for (std::int64_t group = 1; group <= 10; ++group) {
    for (std::int64_t bpg = 0; bpg < 5; ++bpg) {
      const std::string price = "0." + std::to_string(30 + group) + std::to_string(bpg);
      rules.push_back(Rule(id++, 1, price, group, bpg));
      rules.push_back(Rule(id++, 3, "0.10", group, bpg, 0, Window(9, 18)));
      rules.push_back(Rule(id++, 3, "0.05", group, bpg, 1));
      rules.push_back(Rule(id++, 4, "0.35", group, bpg));
    }
  }
  return Book({Version(1, "2026-01-01T00:00:00Z", std::move(rules))},
              {Code(1, TariffCodeKind::kEnergy, TariffUnit::kKwh, "0.001"),
               Code(3, TariffCodeKind::kParkingTime, TariffUnit::kMinute, "1", "0", 60),
               Code(4, TariffCodeKind::kSessionFee, TariffUnit::kSession, "1")});
}

// A typical CDR: 2 h 20 min, three charging periods and one parking period, afternoon in Amsterdam.
pricing::Cdr TypicalCdr() {
  return MakeCdr("2026-03-02T13:00:00Z", "2026-03-02T15:20:00Z",
                 {{"2026-03-02T13:00:00Z", "11.2"},
                  {"2026-03-02T13:30:00Z", "10.4"},
                  {"2026-03-02T14:00:00Z", "6.1"},
                  {"2026-03-02T14:30:00Z", "0", true}},
                 "14.20");
}

void BM_Rate(benchmark::State& state) {
  const TenantBook book = TwoHundredRuleBook();
  const pricing::Cdr cdr = TypicalCdr();
  RatingRequest request = Request(cdr, MakeCustomer({2, 4}), MakePlace(7));
  request.explain = state.range(0) != 0;
  for (auto _ : state) {
    domain::NewMspCdr rated = Rate(request, book);
    benchmark::DoNotOptimize(rated);
  }
  if (Rate(request, book).attention) state.SkipWithError("the benchmark CDR needs attention");
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(request.explain ? "with explanation" : "without explanation");
}
BENCHMARK(BM_Rate)->Arg(0)->Arg(1);

void BM_CompilePlanVersion(benchmark::State& state) {
  const TenantBook book = TwoHundredRuleBook();
  const domain::TariffPlanVersion& version = book.plan_versions.front().version();
  const std::vector<domain::TariffCode> codes(book.plan_versions.front().codes().begin(),
                                              book.plan_versions.front().codes().end());
  for (auto _ : state) {
    benchmark::DoNotOptimize(CompiledPlanVersion::Compile(version, codes));
  }
}
BENCHMARK(BM_CompilePlanVersion);

}  // namespace
}  // namespace openmsp::rating
