// Writing MSP CDRs as the rating job does: `MspCdrRepository::RecordMany` of a batch of rated MSP CDRs
// with 3 lines each (test/support/msp_cdr_samples.h), one transaction per batch, committed durably
// (SQLite: a file on disk, WAL, synchronous=FULL; PostgreSQL: a throwaway PostgreSQL 15 server with
// fsync=on). The product target this serves: re-rating 1,000,000 stored CDRs in under 30 s on SQLite,
// so the writes must take a small share of 30 µs per CDR.
//
// Arguments: `range(0)` = 0: every MSP CDR is new (first rating); 1: each replaces one needing attention
// (rating again once the cause was fixed). `range(1)`: business partner groups per MSP CDR (2, or 0 to
// show what the child table costs). `range(2)`: MSP CDRs per batch (500; 2,000 shows the share of the
// commit). Each batch's CPO CDRs (and, for 1, the MSP CDRs needing attention) are written with the timer
// paused; only `RecordMany` is measured. Each benchmark has a database of its own, which starts with
// 2,000 MSP CDRs and grows over the run (repetitions included): the `stored` counter says to how many.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/ids/emaid.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/sql_cpo_cdr_repository.h"
#include "support/cpo_cdr_samples.h"
#include "support/msp_cdr_samples.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

namespace openmsp::store {
namespace {

using std::chrono::milliseconds;

const Instant k2026 = Instant::FromUnixMilliseconds(1'767'225'600'000);  // 2026-01-01T00:00:00Z

const SystemClock& Clock() {
  static const SystemClock clock;
  return clock;
}

template <class T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().ToString());
  return std::move(result).value();
}

// A migrated database with one tenant and everything its MSP CDRs refer to.
struct Target {
  explicit Target(const std::string& url_text) : url(ParseDatabaseUrl(url_text).value()) {
    (void)Must(OpenAndMigrate(url), "migrating");
    repositories = std::make_unique<Repositories>(Must(Repositories::Open(url, Clock()), "opening"));
    loader = Must(OpenSqlConnection(url), "connecting");
    Repositories& r = *repositories;
    const Currency eur = Currency::Find("EUR").value();
    sample.tenant_id = Must(r.tenants().Create({.slug = "bench",
                                                .name = "Bench",
                                                .default_currency = eur,
                                                .parties = {PartyId::Parse("NL-BEN").value()}}),
                            "tenant")
                           .id;
    const domain::TenantId tenant = sample.tenant_id;
    const domain::OrganisationUnitId root =
        Must(r.organisation_units().Create(tenant,
                                           {.parent_id = std::nullopt, .name = "Bench", .billing = {}}),
             "unit")
            .id;
    sample.organisation_unit_id =
        Must(r.organisation_units().Create(tenant, {.parent_id = root, .name = "Fleet", .billing = {}}),
             "unit")
            .id;
    sample.billing_unit_id = root;
    sample.profile_id = Must(r.profiles().Create(tenant, {.organisation_unit_id = sample.organisation_unit_id,
                                                          .name = "Driver",
                                                          .kind = domain::ProfileKind::kDriver,
                                                          .email = "",
                                                          .prices_hidden = false}),
                             "profile")
                            .id;
    sample.token_id = Must(r.tokens().Create(tenant, {.profile_id = sample.profile_id,
                                                      .uid = "04A22B5A",
                                                      .type = domain::TokenType::kRfid,
                                                      .contract_id = EmaId::Parse("NL-BEN-C00000001").value(),
                                                      .visual_number = "",
                                                      .issuer = "Bench",
                                                      .group_id = "",
                                                      .whitelist = domain::TokenWhitelist::kAllowed,
                                                      .language = "",
                                                      .valid_from = std::nullopt,
                                                      .valid_until = std::nullopt,
                                                      .cost_centre = ""}),
                           "token")
                          .id;
    sample.location_group_id = Must(r.location_groups().List(tenant), "location groups").front().id;
    for (const char* name : {"Lease", "Employees"}) {
      sample.business_partner_groups.push_back(
          Must(r.business_partner_groups().Create(tenant, {.name = name, .units = {root}}), "group").id);
    }
    // From an hour on: a version may not start in the past, and the system clock moves on between here
    // and the repository's check. Which version is in force does not matter to storing.
    const test::SampleTariffBook book =
        Must(test::StoreSampleTariffBook(r.tariff_codes(), r.tariff_plans(), tenant, "Bench", eur,
                                         Clock().Now() + std::chrono::hours(1), Decimal(1)),
             "tariff book");
    sample.tariff_codes = book.tariff_codes;
    sample.rules = book.rules;
    sample.plan_version_id = book.plan_version_id;
    // A database in use: some MSP CDRs and statistics. PostgreSQL plans a connection's foreign key
    // checks and prepared look-ups once; planned on empty tables they pick `msp_cdrs_by_start` and scan
    // the tenant's rows, until an ANALYZE (autovacuum's, within a minute or so) makes it plan them again.
    for (int k = 0; k < 4; ++k) (void)Must(r.msp_cdrs().RecordMany(NextBatch(500, 2)), "warming up");
    (void)Must(loader->Query("ANALYZE", {}), "analyzing");
  }

  // `size` new CPO CDRs, stored in one transaction, and their sample ratings with `groups` business
  // partner groups each.
  std::vector<domain::NewMspCdr> NextBatch(std::size_t size, std::size_t groups) {
    std::vector<domain::NewCpoCdr> cdrs;
    cdrs.reserve(size);
    for (std::size_t k = 0; k < size; ++k, ++counter) {
      cdrs.push_back(test::SampleCpoCdr({.tenant_id = sample.tenant_id,
                                         .cdr_id = "BENCH-" + std::to_string(counter),
                                         .start_date_time = k2026 + milliseconds(counter * 60'000)}));
    }
    std::vector<CpoCdrToStore> items;
    for (const domain::NewCpoCdr& cdr : cdrs) {
      items.push_back({.cdr = &cdr, .body_sha256 = CpoCdrBodySha256(cdr.body), .received_at = k2026});
    }
    StoredCpoCdrs stored = StoreCpoCdrs(*loader, items);
    std::vector<domain::NewMspCdr> ratings;
    ratings.reserve(size);
    for (std::size_t k = 0; k < size; ++k) {
      test::MspCdrSample one = sample;
      one.business_partner_groups.resize(std::min(groups, one.business_partner_groups.size()));
      one.cpo_cdr_id = Must(stored.outcomes[k], "storing CPO CDRs").id;
      one.session_start = cdrs[k].start_date_time;
      ratings.push_back(test::SampleMspCdr(one));
    }
    return ratings;
  }

  DatabaseUrl url;
  std::unique_ptr<Repositories> repositories;
  std::unique_ptr<SqlConnection> loader;
  test::MspCdrSample sample{};
  std::int64_t counter = 0;
};

// One database per benchmark (per arguments), so that each starts at the same size: the SQLite files
// live in temporary directories removed at exit.
Target& SqliteTarget(const std::string& name) {
  static std::map<std::string, std::pair<std::unique_ptr<test::TempDirectory>, std::unique_ptr<Target>>>
      targets;
  auto& [directory, target] = targets[name];
  if (!target) {
    directory = std::make_unique<test::TempDirectory>("openmsp_bench_msp_cdrs");
    target = std::make_unique<Target>("sqlite:" + directory->File("openmsp.db"));
  }
  return *target;
}

test::PostgresServer& PostgresServer() {
  static test::PostgresServer server;
  return server;
}

Target& PostgresTarget(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Target>> targets;
  std::unique_ptr<Target>& target = targets[name];
  if (!target) {
    static int databases = 0;
    target = std::make_unique<Target>(
        PostgresServer().CreateDatabase("bench_msp_cdrs_" + std::to_string(++databases)));
  }
  return *target;
}

// The sample turned into one needing attention (unknown token): what a first rating stored.
domain::NewMspCdr NeedingAttention(domain::NewMspCdr cdr) {
  cdr.attention = domain::AttentionReason::kUnknownToken;
  cdr.attention_detail = "no token RFID 04A22B5A in this tenant";
  cdr.token_id = std::nullopt;
  cdr.profile_id = std::nullopt;
  cdr.organisation_unit_id = std::nullopt;
  cdr.billing_unit_id = std::nullopt;
  cdr.business_partner_groups.clear();
  cdr.plan_version_id = std::nullopt;
  cdr.vat_country = std::nullopt;
  cdr.lines.clear();
  cdr.total_excl_vat = cdr.vat_amount = cdr.total_incl_vat = cdr.cpo_cost = cdr.margin = Decimal();
  cdr.cost_audit = std::nullopt;
  cdr.explanation = "";
  return cdr;
}

void RecordBatches(benchmark::State& state, Target& target) {
  const bool replace = state.range(0) != 0;
  const auto groups = static_cast<std::size_t>(state.range(1));
  const auto size = static_cast<std::size_t>(state.range(2));
  domain::MspCdrRepository& msp_cdrs = target.repositories->msp_cdrs();
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<domain::NewMspCdr> batch = target.NextBatch(size, groups);
    if (replace) {
      std::vector<domain::NewMspCdr> first;
      for (const domain::NewMspCdr& cdr : batch) first.push_back(NeedingAttention(cdr));
      (void)Must(msp_cdrs.RecordMany(first), "storing MSP CDRs needing attention");
    }
    state.ResumeTiming();
    Result<std::size_t> written = msp_cdrs.RecordMany(batch);
    if (!written || *written != size) {
      state.SkipWithError(written ? "not every MSP CDR was written" : written.error().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(2));
  state.counters["stored"] = static_cast<double>(target.counter);
}

// The benchmark's arguments, naming its database.
std::string Arguments(const benchmark::State& state) {
  return std::to_string(state.range(0)) + "/" + std::to_string(state.range(1)) + "/" +
         std::to_string(state.range(2));
}

void BM_RecordManySqlite(benchmark::State& state) { RecordBatches(state, SqliteTarget(Arguments(state))); }
void BM_RecordManyPostgresql(benchmark::State& state) {
  RecordBatches(state, PostgresTarget(Arguments(state)));
}

BENCHMARK(BM_RecordManySqlite)
    ->Args({0, 2, 500})
    ->Args({1, 2, 500})
    ->Args({0, 0, 500})
    ->Args({0, 2, 2000})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecordManyPostgresql)
    ->Args({0, 2, 500})
    ->Args({1, 2, 500})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace openmsp::store
