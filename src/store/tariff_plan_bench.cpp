// What rating asks the store for every CDR: the tenant's plan version in force at the session's start,
// with its rules (`TariffPlanRepository::FindInForce`), here on SQLite with 12 versions of 200 rules.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_database.h"

namespace openmsp::store {
namespace {

constexpr int kVersions = 12;
constexpr int kRulesPerVersion = 200;
constexpr Duration kMonth = std::chrono::hours(24 * 30);

// A migrated SQLite file with one tenant's plan, written once per process and removed when it ends.
struct Fixture {
  Fixture() {
    path = std::filesystem::temp_directory_path() /
           ("openmsp_tariff_plan_bench_" + std::to_string(getpid()) + ".db");
    SqliteDatabase database = SqliteDatabase::Open(path.string()).value();
    (void)Migrate(database).value();
    Repositories repositories = Repositories::Open(ParseDatabaseUrl("sqlite:" + path.string()).value(), clock).value();
    tenant = repositories.tenants()
                 .Create(domain::NewTenant{.slug = "bench",
                                           .name = "Bench",
                                           .default_currency = Currency::Find("EUR").value(),
                                           .parties = {PartyId::Parse("NL-BEN").value()}})
                 .value()
                 .id;
    const domain::TariffCodeId energy = repositories.tariff_codes()
                                            .Create(tenant, domain::NewTariffCode{.code = "ENERGY",
                                                                                  .kind = domain::TariffCodeKind::kEnergy,
                                                                                  .unit = domain::TariffUnit::kKwh,
                                                                                  .step_size = Decimal(1),
                                                                                  .free_units = Decimal(0),
                                                                                  .grace_period = {},
                                                                                  .description = "Energy"})
                                            .value()
                                            .id;
    (void)repositories.tariff_plans().Create(tenant, {.name = "Bench"}).value();
    for (int v = 0; v < kVersions; ++v) {
      domain::NewTariffPlanVersion version{.valid_from = first + kMonth * v,
                                           .currency = Currency::Find("EUR").value(),
                                           .min_session_price = std::nullopt,
                                           .max_session_price = std::nullopt,
                                           .rules = {}};
      for (int r = 0; r < kRulesPerVersion; ++r) {
        domain::NewTariffPlanRule rule{.location_group = std::nullopt,
                                       .business_partner_group = std::nullopt,
                                       .tariff_code = energy,
                                       .unit_price = Decimal::FromCoefficient(2500 + r, 4),
                                       .priority = r,
                                       .restrictions = {}};
        rule.restrictions.weekdays = {domain::Weekday::kMonday};
        version.rules.push_back(rule);
      }
      (void)repositories.tariff_plans().AddVersion(tenant, version).value();
    }
  }
  ~Fixture() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ignored);
  }

  const Instant first = Instant::FromUnixMilliseconds(1'900'000'000'000);
  ManualClock clock{first};
  std::filesystem::path path;
  domain::TenantId tenant;
};

Fixture& SharedFixture() {
  static Fixture fixture;
  return fixture;
}

void BM_FindInForce200Rules(benchmark::State& state) {
  Fixture& fixture = SharedFixture();
  Repositories repositories =
      Repositories::Open(ParseDatabaseUrl("sqlite:" + fixture.path.string()).value(), fixture.clock).value();
  std::int64_t step = 0;
  for (auto _ : state) {
    // A different session start each time, across all versions.
    const Instant at = fixture.first + Duration((step++ % (kVersions * 30)) * 24 * 3600 * 1000LL);
    Result<domain::TariffPlanVersion> version = repositories.tariff_plans().FindInForce(fixture.tenant, at);
    if (!version || version->rules.size() != kRulesPerVersion) {
      state.SkipWithError("FindInForce failed");
      break;
    }
    benchmark::DoNotOptimize(version);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindInForce200Rules);

}  // namespace
}  // namespace openmsp::store
