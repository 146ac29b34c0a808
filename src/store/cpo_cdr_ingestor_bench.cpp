// Durable ingestion of ~2 KB CPO CDRs through store::CpoCdrIngestor (issue 4: ≥ 30,000 per second on
// SQLite, ≥ 20,000 on PostgreSQL, with concurrent writers), and the Control Centre's page query: 100 CDRs
// of one tenant, filtered by period and organisation unit, out of a large table (≤ 10 ms on 1,000,000).
//
// - `BM_Ingest*` with 1, 4, 16 and 64 threads, each calling the blocking `Ingest` (one CDR in flight per
//   writer, like one HTTP connection each); `BM_Ingest*Async` keeps `range(0)` CDRs in flight from one
//   thread through `Submit`, as the asynchronous HTTP server will. Every CDR is committed (fsynced)
//   before it counts. SQLite: a database file in a temporary directory on disk, WAL, synchronous=FULL.
//   PostgreSQL: a throwaway PostgreSQL 15 server (tests/support) with fsync=on.
// - `BM_ListPage*` over OPENMSP_BENCH_CPO_CDRS CDRs (default 5,000, small for the smoke run in
//   `make test`; docs/performance.md uses 1,000,000) spread over 2025 and 50 units. The SQLite dataset
//   is kept in /tmp/openmsp_bench_cpo_cdrs_<N>_v<schema version>.db between runs; PostgreSQL loads it every run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/postgres/postgres_database.h"
#include "store/repositories.h"
#include "store/sql_cpo_cdr_repository.h"
#include "store/sqlite/sqlite_database.h"
#include "support/cpo_cdr_samples.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

namespace openmsp::store {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

const Instant k2025 = Instant::FromUnixMilliseconds(1'735'689'600'000);  // 2025-01-01T00:00:00Z
constexpr std::int64_t kYearMilliseconds = 365LL * 24 * 3600 * 1000;
constexpr int kUnits = 50;

const SystemClock& Clock() {
  static const SystemClock clock;
  return clock;
}

test::PostgresServer& PostgresServer() {
  static test::PostgresServer server;
  return server;
}

std::int64_t DatasetSize() {
  const char* text = std::getenv("OPENMSP_BENCH_CPO_CDRS");
  std::int64_t size = text != nullptr ? std::atoll(text) : 0;
  return size > 0 ? size : 5'000;
}

// A migrated database with one tenant, its root unit and `kUnits` units below it.
struct Database {
  DatabaseUrl url;
  domain::TenantId tenant;
  std::vector<domain::OrganisationUnitId> units;
};

Database Prepare(const std::string& url_text) {
  DatabaseUrl url = ParseDatabaseUrl(url_text).value();
  (void)OpenAndMigrate(url).value();
  Repositories repositories = Repositories::Open(url, Clock()).value();
  Database database{.url = url, .tenant = {}, .units = {}};
  if (Result<domain::Tenant> found = repositories.tenants().FindBySlug("bench"); found) {
    database.tenant = found->id;
    std::unique_ptr<SqlConnection> connection = OpenSqlConnection(url).value();
    const SqlParam params[] = {database.tenant.value};
    std::vector<SqlRow> rows =
        connection
            ->Query("SELECT id FROM organisation_units WHERE tenant_id = $1 AND parent_id IS NOT NULL ORDER BY id",
                    params)
            .value();
    for (const SqlRow& row : rows) {
      database.units.push_back(domain::OrganisationUnitId{std::stoll(row[0].value())});
    }
    return database;
  }
  database.tenant = repositories.tenants()
                        .Create(domain::NewTenant{.slug = "bench",
                                                  .name = "Bench Mobility",
                                                  .default_currency = Currency::Find("EUR").value(),
                                                  .parties = {PartyId::Parse("NL-BEN").value()}})
                        .value()
                        .id;
  domain::OrganisationUnitId root =
      repositories.organisation_units()
          .Create(database.tenant,
                  domain::NewOrganisationUnit{.parent_id = std::nullopt, .name = "Bench", .billing = {}})
          .value()
          .id;
  for (int i = 0; i < kUnits; ++i) {
    database.units.push_back(
        repositories.organisation_units()
            .Create(database.tenant,
                    domain::NewOrganisationUnit{
                        .parent_id = root, .name = "Unit " + std::to_string(i), .billing = {}})
            .value()
            .id);
  }
  return database;
}

// An ingestor on a fresh database, shared by every run of one back end's ingestion benchmarks.
struct IngestionTarget {
  explicit IngestionTarget(const std::string& url_text)
      : database(Prepare(url_text)), ingestor(CpoCdrIngestor::Open(database.url, Clock(), Options()).value()) {}

  static CpoCdrIngestorOptions Options() {
    CpoCdrIngestorOptions options;
    if (const char* batch = std::getenv("OPENMSP_BENCH_BATCH"); batch != nullptr) {
      options.max_batch_size = static_cast<std::size_t>(std::atoll(batch));
    }
    return options;
  }

  domain::NewCpoCdr Next() {
    std::int64_t n = counter.fetch_add(1);
    return test::SampleCpoCdr({.tenant_id = database.tenant,
                               .cdr_id = "BENCH-" + std::to_string(n),
                               .start_date_time = k2025 + milliseconds(n * 60'000),
                               .organisation_unit_id = database.units[static_cast<std::size_t>(n % kUnits)]});
  }

  Database database;
  std::unique_ptr<CpoCdrIngestor> ingestor;
  std::atomic<std::int64_t> counter{0};
};

IngestionTarget& SqliteTarget() {
  static test::TempDirectory directory("openmsp_bench_ingest");
  const char* file = std::getenv("OPENMSP_BENCH_SQLITE_FILE");
  static IngestionTarget target("sqlite:" + (file != nullptr ? std::string(file) : directory.File("openmsp.db")));
  return target;
}

IngestionTarget& PostgresTarget() {
  static IngestionTarget target(PostgresServer().CreateDatabase("bench_ingest"));
  return target;
}

void IngestBlocking(benchmark::State& state, IngestionTarget& target) {
  std::int64_t body_bytes = 0;
  for (auto _ : state) {
    // Building the CDR (~3 µs) stands for the HTTP handler's parsing and stays in the measurement.
    domain::NewCpoCdr cdr = target.Next();
    body_bytes += static_cast<std::int64_t>(cdr.body.size());
    Result<domain::CpoCdrReceipt> receipt = target.ingestor->Ingest(std::move(cdr));
    if (!receipt || receipt->outcome != domain::CpoCdrIngestion::kStored) {
      state.SkipWithError("a CDR was not stored");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(body_bytes);
}

// `in_flight` CDRs submitted at all times from one thread; an iteration is one CDR committed.
void IngestAsync(benchmark::State& state, IngestionTarget& target) {
  const std::int64_t in_flight = state.range(0);
  std::mutex mutex;
  std::condition_variable done;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  std::int64_t submitted = 0;
  // Pre-generated, so that the measured thread does nothing but submit.
  std::vector<domain::NewCpoCdr> cdrs;
  for (auto _ : state) {
    if (cdrs.empty()) {
      state.PauseTiming();
      for (int i = 0; i < 4096; ++i) cdrs.push_back(target.Next());
      state.ResumeTiming();
    }
    {
      std::unique_lock lock(mutex);
      done.wait(lock, [&] { return submitted - completed < in_flight; });
    }
    ++submitted;
    target.ingestor->Submit(std::move(cdrs.back()), [&](Result<domain::CpoCdrReceipt> receipt) {
      std::lock_guard lock(mutex);
      ++completed;
      if (!receipt) ++failed;
      done.notify_one();
    });
    cdrs.pop_back();
  }
  std::unique_lock lock(mutex);
  done.wait(lock, [&] { return completed == submitted; });
  if (failed > 0) state.SkipWithError("a CDR was not stored");
  state.SetItemsProcessed(state.iterations());
}

void BM_IngestSqlite(benchmark::State& state) { IngestBlocking(state, SqliteTarget()); }
void BM_IngestPostgresql(benchmark::State& state) { IngestBlocking(state, PostgresTarget()); }
void BM_IngestSqliteAsync(benchmark::State& state) { IngestAsync(state, SqliteTarget()); }
void BM_IngestPostgresqlAsync(benchmark::State& state) { IngestAsync(state, PostgresTarget()); }

BENCHMARK(BM_IngestSqlite)->ThreadRange(1, 64)->UseRealTime();
BENCHMARK(BM_IngestSqliteAsync)->Arg(256)->Arg(1024)->UseRealTime();
BENCHMARK(BM_IngestPostgresql)->ThreadRange(1, 64)->UseRealTime();
BENCHMARK(BM_IngestPostgresqlAsync)->Arg(256)->Arg(1024)->UseRealTime();

// Loads `count` CDRs of the tenant, starts spread evenly over 2025, units in turn (every 51st CDR has
// none), 1,000 per transaction straight through `StoreCpoCdrs`.
void Load(const Database& database, std::int64_t count) {
  std::unique_ptr<SqlConnection> connection = OpenSqlConnection(database.url).value();
  constexpr std::int64_t kBatch = 1'000;
  for (std::int64_t first = 0; first < count; first += kBatch) {
    std::vector<domain::NewCpoCdr> cdrs;
    std::vector<CpoCdrToStore> items;
    std::int64_t last = std::min(count, first + kBatch);
    cdrs.reserve(static_cast<std::size_t>(last - first));
    for (std::int64_t n = first; n < last; ++n) {
      std::optional<domain::OrganisationUnitId> unit;
      if (n % (kUnits + 1) != kUnits) unit = database.units[static_cast<std::size_t>(n % (kUnits + 1))];
      cdrs.push_back(
          test::SampleCpoCdr({.tenant_id = database.tenant,
                              .cdr_id = "LOAD-" + std::to_string(n),
                              .start_date_time = k2025 + milliseconds(n * (kYearMilliseconds / count)),
                              .organisation_unit_id = unit}));
    }
    for (const domain::NewCpoCdr& cdr : cdrs) {
      items.push_back(
          CpoCdrToStore{.cdr = &cdr, .body_sha256 = CpoCdrBodySha256(cdr.body), .received_at = k2025});
    }
    StoredCpoCdrs stored = StoreCpoCdrs(*connection, items);
    for (const Result<domain::CpoCdrReceipt>& outcome : stored.outcomes) {
      if (!outcome) throw std::runtime_error("loading the page benchmark: " + outcome.error().ToString());
    }
  }
}

struct PageTarget {
  Database database;
  std::unique_ptr<Repositories> repositories;
};

PageTarget& SqlitePages() {
  static PageTarget target = [] {
    std::int64_t count = DatasetSize();
    // The schema version is part of the name, so a file built by another openmsp is never reused.
    std::string path = "/tmp/openmsp_bench_cpo_cdrs_" + std::to_string(count) + "_v" +
                       std::to_string(LatestSchemaVersion()) + ".db";
    std::string complete = path + ".complete";  // written once the load finished
    if (!std::filesystem::exists(complete)) {
      std::filesystem::remove(path);
      std::filesystem::remove(path + "-wal");
      std::filesystem::remove(path + "-shm");
    }
    Database database = Prepare("sqlite:" + path);
    if (!std::filesystem::exists(complete)) {
      Load(database, count);
      (void)SqliteDatabase::Open(path)->Execute("ANALYZE");
      std::ofstream(complete) << count << "\n";
    }
    return PageTarget{database,
                      std::make_unique<Repositories>(Repositories::Open(database.url, Clock()).value())};
  }();
  return target;
}

PageTarget& PostgresPages() {
  static PageTarget target = [] {
    Database database = Prepare(PostgresServer().CreateDatabase("bench_pages"));
    Load(database, DatasetSize());
    (void)PostgresDatabase::Open(database.url.postgresql_url)->Execute("VACUUM ANALYZE cpo_cdrs");
    return PageTarget{database,
                      std::make_unique<Repositories>(Repositories::Open(database.url, Clock()).value())};
  }();
  return target;
}

// Pages of 100 CDRs in one month (June 2025); with `range(0)` set, of one unit only; `range(1)` pages
// deep (following the cursor), so the cost of a late page shows.
void ListPages(benchmark::State& state, PageTarget& target) {
  domain::CpoCdrQuery query{.from = k2025 + hours(24 * 151), .to = k2025 + hours(24 * 181), .limit = 100};
  if (state.range(0) != 0) query.organisation_unit_id = target.database.units[7];
  for (std::int64_t page = 0; page < state.range(1); ++page) {
    query.after = target.repositories->cpo_cdrs().List(target.database.tenant, query).value().next;
  }
  std::size_t rows = 0;
  for (auto _ : state) {
    Result<domain::CpoCdrPage> page = target.repositories->cpo_cdrs().List(target.database.tenant, query);
    if (!page) {
      state.SkipWithError(page.error().ToString().c_str());
      break;
    }
    rows = page->cdrs.size();
    benchmark::DoNotOptimize(page);
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["table"] = static_cast<double>(DatasetSize());
}

void BM_ListPageSqlite(benchmark::State& state) { ListPages(state, SqlitePages()); }
void BM_ListPagePostgresql(benchmark::State& state) { ListPages(state, PostgresPages()); }

BENCHMARK(BM_ListPageSqlite)->Args({0, 0})->Args({1, 0})->Args({1, 3})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ListPagePostgresql)->Args({0, 0})->Args({1, 0})->Args({1, 3})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace openmsp::store
