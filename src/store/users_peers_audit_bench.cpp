// The OCPI token lookup (the hot path of every OCPI request) and audit log paging on SQLite. The database
// is a file in the temporary folder, made once per process and removed at exit; OPENMSP_BENCH_ROWS sets
// how many peers and audit entries it holds (default 1,000 for the smoke run; docs/performance.md has
// the figures for 100,000).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_database.h"

namespace openmsp::store {
namespace {

struct Fixture {
  Fixture() = default;
  Fixture(const Fixture&) = delete;
  ~Fixture() {
    repositories.reset();
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ignored);
  }

  std::filesystem::path path;
  ManualClock clock{Instant::FromUnixMilliseconds(1'767'225'600'000)};
  std::optional<Repositories> repositories;
  std::vector<std::string> tokens;  // of every 97th peer, connected
  domain::TenantId busiest_tenant;
  std::optional<domain::AuditCursor> middle;  // halfway down the busiest tenant's log
};

Fixture& Data() {
  static Fixture fixture;
  static const bool ready = [] {
    const char* rows_variable = std::getenv("OPENMSP_BENCH_ROWS");
    const int rows = rows_variable != nullptr ? std::atoi(rows_variable) : 1000;
    fixture.path = std::filesystem::temp_directory_path() /
                   ("openmsp_users_peers_audit_bench_" + std::to_string(getpid()) + ".db");
    SqliteDatabase database = SqliteDatabase::Open(fixture.path.string()).value();
    (void)Migrate(database).value();
    fixture.repositories.emplace(
        Repositories::Open(ParseDatabaseUrl("sqlite:" + fixture.path.string()).value(), fixture.clock)
            .value());
    Repositories& repositories = *fixture.repositories;
    // 100 tenants; the peers spread over them, the audit entries all in one.
    std::vector<domain::TenantId> tenants;
    for (int t = 0; t < 100; ++t) {
      std::string code = std::to_string(100 + t);
      tenants.push_back(repositories.tenants()
                            .Create({.slug = "t" + code,
                                     .name = "Tenant " + code,
                                     .default_currency = Currency::Find("EUR").value(),
                                     .parties = {PartyId::FromFields("DE", code).value()}})
                            ->id);
    }
    fixture.busiest_tenant = tenants.front();
    // One transaction for the bulk (each call inside is a savepoint), so the set-up does not fsync per row.
    (void)repositories
        .ChangeWithAudit(fixture.busiest_tenant,
                         [&](Repositories& bulk) -> Result<domain::NewAuditEntry> {
                           for (int i = 0; i < rows; ++i) {
                             domain::TenantId tenant = tenants[static_cast<std::size_t>(i) % tenants.size()];
                             OPENMSP_ASSIGN_OR_RETURN(domain::PeerWithToken peer,
                                                      bulk.peers().Create(tenant, {.name = "CPO"}));
                             if (i % 97 == 0) fixture.tokens.push_back(peer.token);
                             fixture.clock.Advance(std::chrono::milliseconds(250));
                             OPENMSP_RETURN_IF_ERROR(bulk.audit_log().Append(
                                 fixture.busiest_tenant, {.actor = domain::AuditActor::System("bench"),
                                                          .action = "peer.create",
                                                          .object_type = "peer",
                                                          .object_id = std::to_string(peer.peer.id.value),
                                                          .before = "",
                                                          .after = R"({"name":"CPO","status":"pending"})",
                                                          .request_id = "bench-" + std::to_string(i)}));
                           }
                           return domain::NewAuditEntry{.actor = domain::AuditActor::System("bench"),
                                                        .action = "bench.setup",
                                                        .object_type = "bench",
                                                        .object_id = "1",
                                                        .before = "",
                                                        .after = "",
                                                        .request_id = ""};
                         })
        .value();
    std::optional<domain::AuditCursor> cursor;
    for (int page = 0; page < rows / 200; ++page) {
      cursor = repositories.audit_log().List(fixture.busiest_tenant, {}, 100, cursor)->next;
    }
    fixture.middle = cursor;
    return true;
  }();
  (void)ready;
  return fixture;
}

void BM_TokenDigest(benchmark::State& state) {
  const std::string token = domain::GenerateCredentialsToken();
  for (auto _ : state) benchmark::DoNotOptimize(domain::TokenDigest::Of(token));
}
BENCHMARK(BM_TokenDigest);

// What an OCPI request costs to authenticate: the digest of the header's token and the indexed lookup.
void BM_FindPeerByIncomingToken(benchmark::State& state) {
  Fixture& data = Data();
  std::size_t next = 0;
  for (auto _ : state) {
    const std::string& token = data.tokens[next++ % data.tokens.size()];
    Result<domain::PeerAuthentication> found =
        data.repositories->peers().FindByIncomingToken(domain::TokenDigest::Of(token));
    if (!found) state.SkipWithError(found.error().ToString().c_str());
    benchmark::DoNotOptimize(found);
  }
}
BENCHMARK(BM_FindPeerByIncomingToken);

void BM_FindPeerByUnknownToken(benchmark::State& state) {
  Fixture& data = Data();
  const std::string token = domain::GenerateCredentialsToken();
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.repositories->peers().FindByIncomingToken(domain::TokenDigest::Of(token)));
  }
}
BENCHMARK(BM_FindPeerByUnknownToken);

// A page of 100 audit entries, at the top of the log and halfway down it: keyset paging costs the same.
void BM_AuditFirstPage(benchmark::State& state) {
  Fixture& data = Data();
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.repositories->audit_log().List(data.busiest_tenant, {}, 100, std::nullopt));
  }
}
BENCHMARK(BM_AuditFirstPage);

void BM_AuditPageHalfwayDown(benchmark::State& state) {
  Fixture& data = Data();
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.repositories->audit_log().List(data.busiest_tenant, {}, 100, data.middle));
  }
}
BENCHMARK(BM_AuditPageHalfwayDown);

}  // namespace
}  // namespace openmsp::store
