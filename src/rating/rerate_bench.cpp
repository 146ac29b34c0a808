// Re-rating stored CDRs end to end on SQLite (issue "MSP rating": re-rating 1,000,000 stored CDRs in under
// 30 seconds). Run: OPENMSP_BENCH_RERATE_CDRS=1000000 build-rel/bin/openmsp_rating_bench
// --benchmark_filter=Stored (docs/performance.md).
//
// The tenant: 50 organisation units in 5 business partner groups, 1,000 RFID tokens, 10 CPOs each in a
// location group of its own (the CDRs' locations were never synced: every place is classified from the
// CDR's `cdr_location`), a 200-rule plan version in force and a draft with other prices. The CDRs are the
// realistic ~2 KB sample of tests/support, spread over 2026 across the tokens, CPOs and 500 locations.
//
// - `BM_StoredWhatIf`: `RerateWhatIf` over every CDR: read, parse once, rate with the plan in force and
//   with the draft, nothing stored.
// - `BM_StoredRateBacklog`: the rating job (`RateBacklog`, batches of 1,000) over a backlog of every
//   CDR: read, parse, rate, store the MSP CDRs (rating and storing overlap on two connections).
//
// OPENMSP_BENCH_RERATE_CDRS sets the count (default 2,000, small for the smoke run in `make test`). The
// database with the CPO CDRs is kept in /tmp/openmsp_bench_rerate_<N>_v<schema version>.db between runs;
// each iteration of `BM_StoredRateBacklog` works on a fresh copy of it (copying is not timed).

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids/emaid.h"
#include "rating/tenant_rater.h"
#include "rating/what_if.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/sql_cpo_cdr_repository.h"
#include "store/sqlite/sqlite_database.h"
#include "support/cpo_cdr_samples.h"
#include "support/temp_directory.h"

namespace openmsp::rating {
namespace {

using std::chrono::milliseconds;

constexpr int kUnits = 50;
constexpr int kPartnerGroups = 5;
constexpr int kTokens = 1000;
constexpr int kCpos = 10;
constexpr int kLocations = 500;

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }
Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }
Currency Eur() { return Currency::Find("EUR").value(); }

store::DatabaseUrl SqliteUrl(const std::string& path) {
  return store::ParseDatabaseUrl("sqlite:" + path).value();
}

template <class T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().ToString());
  return std::move(*result);
}

void Must(const Result<void>& result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().ToString());
}

std::int64_t DatasetSize() {
  const char* text = std::getenv("OPENMSP_BENCH_RERATE_CDRS");
  return text != nullptr ? std::stoll(text) : 2000;
}

PartyId CpoParty(int index) { return PartyId::Parse("BE-C" + std::to_string(10 + index)).value(); }
std::string TokenUid(std::int64_t index) {
  char uid[16];
  std::snprintf(uid, sizeof uid, "%08llX", static_cast<unsigned long long>(0xB0000000 + index));
  return uid;
}

struct Dataset {
  domain::TenantId tenant;
  domain::TariffPlanVersionId draft;
};

domain::TariffCodeId Code(store::Repositories& repositories, domain::TenantId tenant, const char* code,
                          domain::TariffCodeKind kind, domain::TariffUnit unit, const char* step,
                          std::chrono::minutes grace = {}) {
  return Must(repositories.tariff_codes().Create(tenant, domain::NewTariffCode{.code = code,
                                                                               .kind = kind,
                                                                               .unit = unit,
                                                                               .step_size = D(step),
                                                                               .free_units = D("0"),
                                                                               .grace_period = grace,
                                                                               .description = code}),
              "tariff code")
      .id;
}

// 10 location groups × 5 business partner groups × 4 rules (energy; parking in daytime and at other
// times; a session fee), prices scaled by `percent`.
domain::NewTariffPlanVersion PlanVersion(Instant valid_from, int percent,
                                         const std::vector<domain::LocationGroupId>& location_groups,
                                         const std::vector<domain::BusinessPartnerGroupId>& partner_groups,
                                         const std::vector<domain::TariffCodeId>& codes) {
  domain::NewTariffPlanVersion version{.valid_from = valid_from,
                                       .currency = Eur(),
                                       .min_session_price = std::nullopt,
                                       .max_session_price = std::nullopt,
                                       .rules = {}};
  const auto price = [percent](int cents) { return Decimal::FromCoefficient(cents * percent, 4); };
  for (std::size_t group = 0; group < location_groups.size(); ++group) {
    for (std::size_t partners = 0; partners < partner_groups.size(); ++partners) {
      const auto rule = [&](std::size_t code, int cents, domain::TariffRuleRestrictions restrictions = {}) {
        version.rules.push_back(domain::NewTariffPlanRule{.location_group = location_groups[group],
                                                          .business_partner_group = partner_groups[partners],
                                                          .tariff_code = codes[code],
                                                          .unit_price = price(cents),
                                                          .priority = restrictions.time_of_day ? 0 : 1,
                                                          .restrictions = restrictions});
      };
      rule(0, 30 + static_cast<int>(group + partners));
      domain::TariffRuleRestrictions daytime;
      daytime.time_of_day = domain::TimeOfDayWindow{std::chrono::hours(9), std::chrono::hours(18)};
      rule(1, 10, daytime);
      rule(1, 5);
      rule(2, 35);
    }
  }
  return version;
}

Dataset Seed(store::Repositories& repositories) {
  const domain::TenantId tenant =
      Must(repositories.tenants().Create(domain::NewTenant{.slug = "bench",
                                                           .name = "Bench MSP",
                                                           .default_currency = Eur(),
                                                           .parties = {PartyId::Parse("DE-TNM").value()}}),
           "tenant")
          .id;
  const domain::OrganisationUnitId root =
      Must(repositories.organisation_units().Create(
               tenant,
               domain::NewOrganisationUnit{
                   .parent_id = std::nullopt, .name = "Root", .billing = std::nullopt}),
           "root unit")
          .id;
  std::vector<domain::OrganisationUnitId> units;
  for (int i = 0; i < kUnits; ++i) {
    std::optional<domain::BillingDetails> billing;
    if (i % 10 == 0) {
      billing = domain::BillingDetails{.legal_name = "Fleet " + std::to_string(i),
                                       .address = "",
                                       .vat_number = "",
                                       .email = "",
                                       .cost_centre = ""};
    }
    units.push_back(Must(repositories.organisation_units().Create(
                             tenant,
                             domain::NewOrganisationUnit{
                                 .parent_id = root, .name = "Unit " + std::to_string(i), .billing = billing}),
                         "unit")
                        .id);
  }
  std::vector<domain::BusinessPartnerGroupId> partner_groups;
  for (int g = 0; g < kPartnerGroups; ++g) {
    domain::NewBusinessPartnerGroup group{.name = "Partners " + std::to_string(g), .units = {}};
    for (int i = g; i < kUnits; i += kPartnerGroups)
      group.units.push_back(units[static_cast<std::size_t>(i)]);
    partner_groups.push_back(
        Must(repositories.business_partner_groups().Create(tenant, group), "partner group").id);
  }
  std::vector<domain::ProfileId> profiles;
  for (int i = 0; i < kUnits; ++i) {
    profiles.push_back(
        Must(repositories.profiles().Create(
                 tenant, domain::NewProfile{.organisation_unit_id = units[static_cast<std::size_t>(i)],
                                            .name = "Driver " + std::to_string(i),
                                            .kind = domain::ProfileKind::kDriver,
                                            .email = "",
                                            .prices_hidden = false}),
             "profile")
            .id);
  }
  for (std::int64_t i = 0; i < kTokens; ++i) {
    Must(repositories.tokens().Create(
             tenant, domain::NewToken{.profile_id = profiles[static_cast<std::size_t>(i % kUnits)],
                                      .uid = TokenUid(i),
                                      .type = domain::TokenType::kRfid,
                                      .contract_id = EmaId::Parse("DE-TNM-C00122045").value(),
                                      .visual_number = "",
                                      .issuer = "Bench MSP",
                                      .group_id = "",
                                      .whitelist = domain::TokenWhitelist::kAllowed,
                                      .language = "",
                                      .valid_from = std::nullopt,
                                      .valid_until = std::nullopt,
                                      .cost_centre = ""}),
         "token");
  }
  std::vector<domain::LocationGroupId> location_groups;
  for (int i = 0; i < kCpos; ++i) {
    domain::NewLocationGroup group{.name = "CPO " + std::to_string(i), .priority = i + 1, .criteria = {}};
    group.criteria.parties = {CpoParty(i)};
    location_groups.push_back(
        Must(repositories.location_groups().Create(tenant, group), "location group").id);
  }
  const std::vector<domain::TariffCodeId> codes = {
      Code(repositories, tenant, "ENERGY", domain::TariffCodeKind::kEnergy, domain::TariffUnit::kKwh,
           "0.001"),
      Code(repositories, tenant, "PARKING", domain::TariffCodeKind::kParkingTime, domain::TariffUnit::kMinute,
           "1", std::chrono::minutes(10)),
      Code(repositories, tenant, "SESSION", domain::TariffCodeKind::kSessionFee, domain::TariffUnit::kSession,
           "1")};
  Must(repositories.tariff_plans().Create(tenant, {.name = "Public"}), "plan");
  Must(repositories.tariff_plans().AddVersion(
           tenant, PlanVersion(At("2025-01-01T00:00:00Z"), 100, location_groups, partner_groups, codes)),
       "plan version");
  const domain::TariffPlanVersionId draft =
      Must(repositories.tariff_plans().AddVersion(
               tenant, PlanVersion(At("2027-01-01T00:00:00Z"), 110, location_groups, partner_groups, codes)),
           "draft version")
          .id;
  Must(repositories.tenant_settings().ReplaceVatRates(
           tenant,
           std::vector{domain::VatRate{CountryFromAlpha2("BE").value(), LocalDate{2020, 1, 1}, D("21")}}),
       "VAT rates");
  return Dataset{.tenant = tenant, .draft = draft};
}

// Stores `count` CPO CDRs spread over January to October 2026, received on 1 November.
void LoadCdrs(const std::string& path, domain::TenantId tenant, std::int64_t count) {
  std::unique_ptr<store::SqlConnection> connection =
      Must(store::OpenSqlConnection(SqliteUrl(path)), "database");
  const Instant first = At("2026-01-01T00:00:00Z");
  const std::int64_t spread = (At("2026-11-01T00:00:00Z") - first).count() - 2 * 3600 * 1000;
  const Instant received = At("2026-11-01T00:00:00Z");
  constexpr std::int64_t kBatch = 1000;
  for (std::int64_t begin = 0; begin < count; begin += kBatch) {
    std::vector<domain::NewCpoCdr> cdrs;
    for (std::int64_t n = begin; n < std::min(count, begin + kBatch); ++n) {
      cdrs.push_back(test::SampleCpoCdr({.tenant_id = tenant,
                                         .cpo = CpoParty(static_cast<int>(n % kCpos)),
                                         .cdr_id = "R-" + std::to_string(n),
                                         .start_date_time = first + milliseconds(n * (spread / count)),
                                         .token_uid = TokenUid((n * 7) % kTokens),
                                         .location_id = "LOC" + std::to_string(n % kLocations)}));
    }
    std::vector<store::CpoCdrToStore> items;
    for (const domain::NewCpoCdr& cdr : cdrs) {
      items.push_back(
          {.cdr = &cdr, .body_sha256 = store::CpoCdrBodySha256(cdr.body), .received_at = received});
    }
    for (const Result<domain::CpoCdrReceipt>& outcome : store::StoreCpoCdrs(*connection, items).outcomes) {
      if (!outcome) throw std::runtime_error("loading the CDRs: " + outcome.error().ToString());
    }
  }
}

struct StoredDataset {
  std::string path;
  Dataset dataset;
  std::int64_t count = 0;
};

// The cached database: seeded, with every CPO CDR and no MSP CDR.
const StoredDataset& Stored() {
  static const StoredDataset stored = [] {
    const std::int64_t count = DatasetSize();
    const std::string path = "/tmp/openmsp_bench_rerate_" + std::to_string(count) + "_v" +
                             std::to_string(store::LatestSchemaVersion()) + ".db";
    const std::string complete = path + ".complete";  // the tenant id and draft, once loaded
    Dataset dataset;
    if (std::ifstream in(complete); in >> dataset.tenant.value >> dataset.draft.value) {
      return StoredDataset{path, dataset, count};
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    const ManualClock clock(At("2024-12-31T00:00:00Z"));  // before the plan's first version
    Must(store::OpenAndMigrate(SqliteUrl(path)), "migrations");
    {
      store::Repositories repositories =
          Must(store::Repositories::Open(SqliteUrl(path), clock), "repositories");
      dataset = Seed(repositories);
    }
    LoadCdrs(path, dataset.tenant, count);
    Must(Must(store::SqliteDatabase::Open(path), "database")
             .Execute("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE"),
         "analyze");
    std::ofstream(complete) << dataset.tenant.value << ' ' << dataset.draft.value << '\n';
    return StoredDataset{path, dataset, count};
  }();
  return stored;
}

void BM_StoredWhatIf(benchmark::State& state) {
  const StoredDataset& stored = Stored();
  const ManualClock clock(At("2026-11-02T00:00:00Z"));
  store::Repositories repositories =
      Must(store::Repositories::Open(SqliteUrl(stored.path), clock), "repositories");
  const RatingStores stores = RatingStoresOf(repositories);
  const domain::TariffPlanVersion draft =
      Must(repositories.tariff_plans().FindVersion(stored.dataset.tenant, stored.dataset.draft), "draft");
  WhatIfReport report;
  for (auto _ : state) {
    report = Must(RerateWhatIf(stores, stored.dataset.tenant, draft, At("2026-01-01T00:00:00Z"),
                               At("2027-01-01T00:00:00Z")),
                  "what-if");
  }
  if (static_cast<std::int64_t>(report.total.cdrs) != stored.count || report.total.held_now != 0 ||
      !(report.total.revenue_now < report.total.revenue_draft)) {
    state.SkipWithError("the what-if did not rate every CDR as expected");
  }
  state.SetItemsProcessed(state.iterations() * stored.count);
}
BENCHMARK(BM_StoredWhatIf)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

void BM_StoredRateBacklog(benchmark::State& state) {
  const StoredDataset& stored = Stored();
  const ManualClock clock(At("2026-11-02T00:00:00Z"));
  std::size_t rated = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const test::TempDirectory directory("openmsp_rerate_bench");
    const std::string copy = (directory.path() / "rerate.db").string();
    std::filesystem::copy_file(stored.path, copy);
    std::optional<store::Repositories> repositories =
        Must(store::Repositories::Open(SqliteUrl(copy), clock), "repositories");
    std::optional<store::Repositories> writing =
        Must(store::Repositories::Open(SqliteUrl(copy), clock), "writing");
    const RatingStores stores = RatingStoresOf(*repositories);
    state.ResumeTiming();

    rated = Must(RateBacklog(stores, writing->msp_cdrs(), stored.dataset.tenant), "backlog");

    state.PauseTiming();
    const domain::MspCdrQuery held{.needs_attention = true, .limit = 1};
    if (!Must(repositories->msp_cdrs().List(stored.dataset.tenant, held), "held").empty()) {
      state.SkipWithError("a CDR needs attention");
    }
    writing.reset();
    repositories.reset();
    state.ResumeTiming();
  }
  if (static_cast<std::int64_t>(rated) != stored.count) state.SkipWithError("not every CDR was rated");
  state.SetItemsProcessed(state.iterations() * stored.count);
}
BENCHMARK(BM_StoredRateBacklog)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace openmsp::rating
