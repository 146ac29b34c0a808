// The Control Centre's MSP CDR list (issue 7: "p99 under 50 ms for a page of 100 MSP CDRs of a tenant
// holding 1,000,000 CDRs, on SQLite and on PostgreSQL"): `MspCdrRepository::List` pages of 100, with the
// filters and orders the list offers, over OPENMSP_BENCH_MSP_CDRS MSP CDRs of one tenant (default 5,000,
// small for the smoke run in `make test`; docs/performance.md uses 1,000,000).
//
// The tenant: a root unit, 5 regions of 10 units each, 4 driver profiles per unit (200), 20 CPOs; its
// MSP CDRs start evenly over 2026, unit and profile in turn, every 10th in CHF, every 50th needing
// attention (no customer then), each with 3 lines and 2 business partner groups (test/support samples).
// Their CPO CDRs are stored with an empty body: the list never reads it. The SQLite dataset is kept in
// /tmp/openmsp_bench_msp_cdrs_<N>_v<schema version>.db between runs; PostgreSQL loads it every run.
//
// Each iteration is one page; besides the mean, the `p50_ms` and `p99_ms` counters give the percentiles
// of the iterations' wall times.
//
// For the HTTP measurement of the Control Centre's list (docs/performance.md, `GET /api/v1/msp-cdrs` under
// wrk against `openmsp serve`): with OPENMSP_BENCH_MSP_CDRS_URL naming a migrated, empty database
// (`sqlite:/tmp/x.db` or `postgresql://…`), the dataset is loaded there instead and kept, with a tenant
// admin `bench@bench.example` at the root whose API key is OPENMSP_BENCH_API_KEY (`omk_…`, 30 days); the
// benchmarks of both back ends then page that database.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/ids/emaid.h"
#include "domain/password.h"
#include "domain/web_access.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/postgres/postgres_database.h"
#include "store/repositories.h"
#include "store/sql_cpo_cdr_repository.h"
#include "store/sqlite/sqlite_database.h"
#include "support/cpo_cdr_samples.h"
#include "support/msp_cdr_samples.h"
#include "support/postgres_server.h"

namespace openmsp::store {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

const Instant k2026 = Instant::FromUnixMilliseconds(1'767'225'600'000);  // 2026-01-01T00:00:00Z
constexpr std::int64_t kYearMilliseconds = 365LL * 24 * 3600 * 1000;
constexpr std::size_t kRegions = 5;
constexpr std::size_t kUnitsPerRegion = 10;
constexpr std::size_t kProfilesPerUnit = 4;
constexpr std::size_t kCpos = 20;

const SystemClock& Clock() {
  static const SystemClock clock;
  return clock;
}

template <class T>
T Must(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().ToString());
  return std::move(result).value();
}

std::int64_t DatasetSize() {
  const char* text = std::getenv("OPENMSP_BENCH_MSP_CDRS");
  return text != nullptr ? std::max<std::int64_t>(1000, std::atoll(text)) : 5'000;
}

PartyId Cpo(std::size_t k) {
  return PartyId::Parse("NL-C" + std::string(1, static_cast<char>('A' + k / 10)) + std::to_string(k % 10))
      .value();
}

// The tenant and what its MSP CDRs refer to.
struct Dataset {
  DatabaseUrl url;
  std::unique_ptr<Repositories> repositories;
  domain::TenantId tenant;
  domain::OrganisationUnitId root;
  std::vector<domain::OrganisationUnitId> regions;
  std::vector<domain::OrganisationUnitId> units;
  std::vector<domain::ProfileId> profiles;
};

// What a kept SQLite file's dataset was made with, so a later run finds it again.
void WriteIds(const Dataset& data, const std::string& path) {
  std::ofstream out(path);
  out << data.tenant.value << " " << data.root.value;
  for (auto unit : data.regions) out << " " << unit.value;
  for (auto unit : data.units) out << " " << unit.value;
  for (auto profile : data.profiles) out << " " << profile.value;
  out << "\n";
}

bool ReadIds(Dataset& data, const std::string& path) {
  std::ifstream in(path);
  if (!(in >> data.tenant.value >> data.root.value)) return false;
  data.regions.resize(kRegions);
  data.units.resize(kRegions * kUnitsPerRegion);
  data.profiles.resize(data.units.size() * kProfilesPerUnit);
  for (auto& unit : data.regions) in >> unit.value;
  for (auto& unit : data.units) in >> unit.value;
  for (auto& profile : data.profiles) in >> profile.value;
  return static_cast<bool>(in);
}

// Makes the tenant, its units, profiles, a token, tariff codes and a plan version, then `count` MSP CDRs
// (with their CPO CDRs), 1,000 per transaction.
void Load(Dataset& data, std::int64_t count) {
  Repositories& r = *data.repositories;
  const Currency eur = Currency::Find("EUR").value();
  const Currency chf = Currency::Find("CHF").value();
  data.tenant = Must(r.tenants().Create({.slug = "bench",
                                         .name = "Bench",
                                         .default_currency = eur,
                                         .parties = {PartyId::Parse("NL-BEN").value()}}),
                     "tenant")
                    .id;
  const domain::TenantId tenant = data.tenant;
  data.root =
      Must(r.organisation_units().Create(tenant, {.parent_id = std::nullopt, .name = "Bench", .billing = {}}),
           "root")
          .id;
  for (std::size_t g = 0; g < kRegions; ++g) {
    data.regions.push_back(
        Must(r.organisation_units().Create(
                 tenant, {.parent_id = data.root, .name = "Region " + std::to_string(g), .billing = {}}),
             "region")
            .id);
    for (std::size_t u = 0; u < kUnitsPerRegion; ++u) {
      data.units.push_back(Must(r.organisation_units().Create(tenant, {.parent_id = data.regions.back(),
                                                                       .name = "Unit " + std::to_string(u),
                                                                       .billing = {}}),
                                "unit")
                               .id);
    }
  }
  for (std::size_t p = 0; p < data.units.size() * kProfilesPerUnit; ++p) {
    data.profiles.push_back(
        Must(r.profiles().Create(tenant, {.organisation_unit_id = data.units[p % data.units.size()],
                                          .name = "Driver " + std::to_string(p),
                                          .kind = domain::ProfileKind::kDriver,
                                          .email = "",
                                          .prices_hidden = false}),
             "profile")
            .id);
  }
  test::MspCdrSample sample{};
  sample.tenant_id = tenant;
  sample.billing_unit_id = data.root;
  sample.token_id = Must(r.tokens().Create(tenant, {.profile_id = data.profiles.front(),
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
        Must(r.business_partner_groups().Create(tenant, {.name = name, .units = {data.root}}), "group").id);
  }
  const test::SampleTariffBook book =
      Must(test::StoreSampleTariffBook(r.tariff_codes(), r.tariff_plans(), tenant, "Bench", eur,
                                       Clock().Now() + hours(1), Decimal(1)),
           "tariff book");
  sample.tariff_codes = book.tariff_codes;
  sample.rules = book.rules;
  sample.plan_version_id = book.plan_version_id;

  std::unique_ptr<SqlConnection> loader = Must(OpenSqlConnection(data.url), "connecting");
  constexpr std::int64_t kBatch = 1'000;
  for (std::int64_t first = 0; first < count; first += kBatch) {
    const std::int64_t last = std::min(count, first + kBatch);
    std::vector<domain::NewCpoCdr> cdrs;
    for (std::int64_t n = first; n < last; ++n) {
      domain::NewCpoCdr cdr =
          test::SampleCpoCdr({.tenant_id = tenant,
                              .cpo = Cpo(static_cast<std::size_t>(n) % kCpos),
                              .cdr_id = "PAGE-" + std::to_string(n),
                              .start_date_time = k2026 + milliseconds(n * (kYearMilliseconds / count))});
      cdr.body = "{}";
      cdrs.push_back(std::move(cdr));
    }
    std::vector<CpoCdrToStore> items;
    for (const domain::NewCpoCdr& cdr : cdrs) {
      items.push_back({.cdr = &cdr, .body_sha256 = CpoCdrBodySha256(cdr.body), .received_at = k2026});
    }
    StoredCpoCdrs stored = StoreCpoCdrs(*loader, items);
    std::vector<domain::NewMspCdr> ratings;
    for (std::size_t k = 0; k < cdrs.size(); ++k) {
      const auto n = static_cast<std::size_t>(first) + k;
      test::MspCdrSample one = sample;
      one.cpo_cdr_id = Must(stored.outcomes[k], "storing CPO CDRs").id;
      one.cpo = cdrs[k].cpo;
      one.session_start = cdrs[k].start_date_time;
      one.profile_id = data.profiles[n % data.profiles.size()];
      one.organisation_unit_id = data.units[n % data.units.size()];
      domain::NewMspCdr rating = test::SampleMspCdr(one);
      if (n % 10 == 9) rating.currency = rating.cpo_currency = chf;
      if (n % 50 == 49) {
        rating.attention = domain::AttentionReason::kUnknownToken;
        rating.attention_detail = "no token RFID 04A22B5A in this tenant";
        rating.token_id = std::nullopt;
        rating.profile_id = std::nullopt;
        rating.organisation_unit_id = rating.billing_unit_id = std::nullopt;
        rating.plan_version_id = std::nullopt;
        rating.vat_country = std::nullopt;
        rating.business_partner_groups.clear();
        rating.lines.clear();
        rating.total_excl_vat = rating.vat_amount = rating.total_incl_vat = rating.cpo_cost = rating.margin =
            Decimal();
        rating.cost_audit = std::nullopt;
        rating.explanation = "";
      }
      ratings.push_back(std::move(rating));
    }
    (void)Must(r.msp_cdrs().RecordMany(ratings), "storing MSP CDRs");
  }
}

test::PostgresServer& PostgresServer() {
  static test::PostgresServer server;
  return server;
}

Dataset Open(const std::string& url_text) {
  Dataset data;
  data.url = ParseDatabaseUrl(url_text).value();
  (void)Must(OpenAndMigrate(data.url), "migrating");
  data.repositories = std::make_unique<Repositories>(Must(Repositories::Open(data.url, Clock()), "opening"));
  return data;
}

Dataset& SqliteDataset() {
  static Dataset data = [] {
    const std::int64_t count = DatasetSize();
    // The schema version is part of the name, so a file built by another openmsp is never reused.
    const std::string path = "/tmp/openmsp_bench_msp_cdrs_" + std::to_string(count) + "_v" +
                             std::to_string(LatestSchemaVersion()) + ".db";
    const std::string complete = path + ".complete";  // the ids, written once the load finished
    Dataset kept;
    if (std::filesystem::exists(complete) && ReadIds(kept, complete)) {
      Dataset opened = Open("sqlite:" + path);
      opened.tenant = kept.tenant;
      opened.root = kept.root;
      opened.regions = kept.regions;
      opened.units = kept.units;
      opened.profiles = kept.profiles;
      return opened;
    }
    for (const std::string& file : {path, path + "-wal", path + "-shm", complete})
      std::filesystem::remove(file);
    Dataset created = Open("sqlite:" + path);
    Load(created, count);
    (void)SqliteDatabase::Open(path)->Execute("ANALYZE");
    WriteIds(created, complete);
    return created;
  }();
  return data;
}

Dataset& PostgresDataset() {
  static Dataset data = [] {
    Dataset created = Open(PostgresServer().CreateDatabase("bench_msp_cdr_pages"));
    Load(created, DatasetSize());
    (void)PostgresDatabase::Open(created.url.postgresql_url)->Execute("VACUUM ANALYZE");
    return created;
  }();
  return data;
}

// The API's caller: a tenant admin at the root with the API key `key`.
void AddApiCaller(Dataset& data, const std::string& key) {
  Repositories& r = *data.repositories;
  const std::string email = "bench@bench.example";
  const domain::User user =
      Must(r.users().Create(data.tenant, {.email = email,
                                          .display_name = "Bench admin",
                                          .password_hash = Must(domain::HashPassword(key, email), "hashing"),
                                          .profile_id = std::nullopt}),
           "user");
  (void)Must(r.users().AssignRole(data.tenant, user.id, domain::Role::kTenantAdmin, data.root), "role");
  const Instant now = Clock().Now();
  (void)Must(r.web_access().CreateApiKey(data.tenant, {.user_id = user.id,
                                                       .name = "wrk",
                                                       .digest = domain::TokenDigest::Of(key),
                                                       .created_at = now,
                                                       .expires_at = now + hours(24 * 30)}),
             "API key");
}

// The dataset of OPENMSP_BENCH_MSP_CDRS_URL, loaded once and kept there; null when it is not set.
Dataset* ExternalDataset() {
  static const std::unique_ptr<Dataset> data = []() -> std::unique_ptr<Dataset> {
    const char* url = std::getenv("OPENMSP_BENCH_MSP_CDRS_URL");
    if (url == nullptr) return nullptr;
    const char* key = std::getenv("OPENMSP_BENCH_API_KEY");
    if (key == nullptr) throw std::runtime_error("OPENMSP_BENCH_API_KEY: set it with the URL");
    auto created = std::make_unique<Dataset>(Open(url));
    Load(*created, DatasetSize());
    AddApiCaller(*created, key);
    if (created->url.postgresql_url.empty()) {
      (void)Must(SqliteDatabase::Open(created->url.sqlite_path), "opening").Execute("ANALYZE");
    } else {
      (void)Must(PostgresDatabase::Open(created->url.postgresql_url), "opening").Execute("VACUUM ANALYZE");
    }
    return created;
  }();
  return data.get();
}

// The query of `filter` (range(0)): 0 every MSP CDR; 1 a region's subtree (a fifth); 2 one unit (1/50);
// 3 one driver profile (1/200); 4 one CPO (1/20); 5 needing attention (1/50); 6 in CHF (1/10); 7 one
// month (June). `range(1)`: 0 oldest first, 1 newest first. `range(2)`: pages deep (following the
// cursor), so a late page's cost shows.
domain::MspCdrQuery Query(const benchmark::State& state, const Dataset& data) {
  domain::MspCdrQuery query{.limit = 100, .newest_first = state.range(1) != 0};
  switch (state.range(0)) {
    case 1:
      query.organisation_unit_subtree = data.regions[2];
      break;
    case 2:
      query.organisation_unit_subtree = data.units[17];
      break;
    case 3:
      query.profile_id = data.profiles[123];
      break;
    case 4:
      query.cpo = Cpo(7);
      break;
    case 5:
      query.needs_attention = true;
      break;
    case 6:
      query.currency = Currency::Find("CHF").value();
      break;
    case 7:
      query.from = k2026 + hours(24 * 151);
      query.to = k2026 + hours(24 * 181);
      break;
    default:
      break;
  }
  return query;
}

void ListPages(benchmark::State& state, Dataset& data) {
  domain::MspCdrQuery query = Query(state, data);
  domain::MspCdrRepository& msp_cdrs = data.repositories->msp_cdrs();
  for (std::int64_t page = 0; page < state.range(2); ++page) {
    std::vector<domain::MspCdr> cdrs = Must(msp_cdrs.List(data.tenant, query), "paging");
    if (cdrs.empty()) break;
    query.after = std::pair{cdrs.back().rating.session_start, cdrs.back().id};
  }
  std::vector<double> milliseconds_each;
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto started = std::chrono::steady_clock::now();
    Result<std::vector<domain::MspCdr>> page = msp_cdrs.List(data.tenant, query);
    milliseconds_each.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    if (!page) {
      state.SkipWithError(page.error().ToString().c_str());
      break;
    }
    rows = page->size();
    benchmark::DoNotOptimize(page);
  }
  std::sort(milliseconds_each.begin(), milliseconds_each.end());
  auto percentile = [&](double p) {
    if (milliseconds_each.empty()) return 0.0;
    return milliseconds_each[std::min(
        milliseconds_each.size() - 1,
        static_cast<std::size_t>(p * static_cast<double>(milliseconds_each.size())))];
  };
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["p50_ms"] = percentile(0.50);
  state.counters["p99_ms"] = percentile(0.99);
  state.counters["table"] = static_cast<double>(DatasetSize());
}

void BM_MspCdrListPageSqlite(benchmark::State& state) {
  ListPages(state, ExternalDataset() != nullptr ? *ExternalDataset() : SqliteDataset());
}
void BM_MspCdrListPagePostgresql(benchmark::State& state) {
  ListPages(state, ExternalDataset() != nullptr ? *ExternalDataset() : PostgresDataset());
}

void PageArguments(benchmark::internal::Benchmark* benchmark) {
  for (int filter = 0; filter <= 7; ++filter) benchmark->Args({filter, 1, 0});
  benchmark->Args({0, 0, 0})->Args({0, 1, 10})->Args({2, 1, 3})->Args({3, 0, 3});
  benchmark->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_MspCdrListPageSqlite)->Apply(PageArguments);
BENCHMARK(BM_MspCdrListPagePostgresql)->Apply(PageArguments);

}  // namespace
}  // namespace openmsp::store
