// Crash safety of CPO CDR ingestion: `openmsp_ingest_load` (tests/tools/ingest_load.cpp) ingests CDRs
// from 8 threads and prints each key once it was acknowledged; it is killed with SIGKILL under load.
// Afterwards every acknowledged CDR must be stored exactly once, and the database must be sound.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "run_process.h"
#include "store/database_url.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_database.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

constexpr int kRounds = 3;
constexpr std::size_t kAcknowledgementsBeforeKill = 2000;

// What one killed run printed: the acknowledged CDR ids, and any refusal.
struct Acknowledged {
  std::vector<std::string> ids;
  std::vector<std::string> errors;
};

Acknowledged ReadLog(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  Acknowledged acknowledged;
  std::string line;
  while (std::getline(text, line)) {
    if (text.eof()) break;  // a line the kill cut short has no newline: not an acknowledgement
    if (line.rfind("ack ", 0) == 0) {
      acknowledged.ids.push_back(line.substr(4, line.find(' ', 4) - 4));
    } else {
      acknowledged.errors.push_back(line);
    }
  }
  return acknowledged;
}

// Starts the load, waits for `kAcknowledgementsBeforeKill` acknowledgements and kills it with SIGKILL
// while it is still writing; returns what it acknowledged.
Acknowledged RunAndKill(const std::string& database_url, int round, const std::string& log_path) {
  std::vector<std::string> argv = {OPENMSP_INGEST_LOAD_BINARY, "--database", database_url, "--prefix",
                                   "R" + std::to_string(round)};
  if (round > 0) {
    argv.push_back("--previous-prefix");
    argv.push_back("R" + std::to_string(round - 1));
  }
  pid_t pid = test::StartProcess(argv, log_path);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (ReadLog(log_path).ids.size() < kAcknowledgementsBeforeKill &&
         std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      ADD_FAILURE() << "openmsp_ingest_load ended by itself: " << ReadLog(log_path).errors.size()
                    << " lines that are not acknowledgements";
      return ReadLog(log_path);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(test::StopProcess(pid, SIGKILL), 128 + SIGKILL);
  return ReadLog(log_path);
}

// Every acknowledged id is stored exactly once for the crash-test tenant.
void ExpectStoredExactlyOnce(const std::string& database_url, const std::vector<std::string>& ids) {
  ManualClock clock(Instant::FromUnixMilliseconds(0));
  store::Repositories repositories =
      store::Repositories::Open(store::ParseDatabaseUrl(database_url).value(), clock).value();
  domain::TenantId tenant = repositories.tenants().FindBySlug("crash-test").value().id;
  PartyId cpo = PartyId::Parse("BE-BEC").value();
  std::set<std::int64_t> rows;
  for (const std::string& id : ids) {
    Result<domain::CpoCdr> cdr = repositories.cpo_cdrs().FindByKey(tenant, cpo, id);
    ASSERT_TRUE(cdr.ok()) << "acknowledged but not stored: " << id << ": " << cdr.error().ToString();
    EXPECT_EQ(cdr->cdr_id, id);
    rows.insert(cdr->id.value);
  }
  // Re-sent CDRs (`--previous-prefix`) are acknowledged twice, as the same row.
  std::set<std::string> distinct(ids.begin(), ids.end());
  EXPECT_EQ(rows.size(), distinct.size());
}

TEST(CdrCrashTest, EveryAcknowledgedCdrSurvivesSigkillOnSqlite) {
  test::TempDirectory directory("openmsp_cdr_crash");
  std::string path = directory.File("openmsp.db");
  std::string url = "sqlite:" + path;
  std::vector<std::string> all;
  for (int round = 0; round < kRounds; ++round) {
    Acknowledged acknowledged =
        RunAndKill(url, round, directory.File("round" + std::to_string(round) + ".log"));
    EXPECT_GE(acknowledged.ids.size(), kAcknowledgementsBeforeKill);
    EXPECT_TRUE(acknowledged.errors.empty()) << acknowledged.errors.front();

    store::SqliteDatabase database = store::SqliteDatabase::Open(path).value();
    EXPECT_EQ(database.QueryText("PRAGMA integrity_check").value(), "ok");
    EXPECT_EQ(database.QueryText("PRAGMA foreign_key_check").value(), std::nullopt);
    all.insert(all.end(), acknowledged.ids.begin(), acknowledged.ids.end());
    ExpectStoredExactlyOnce(url, all);
  }
}

TEST(CdrCrashTest, EveryAcknowledgedCdrSurvivesTheClientsSigkillOnPostgresql) {
  test::PostgresServer server;
  std::string url = server.CreateDatabase("cdr_crash");
  test::TempDirectory directory("openmsp_cdr_crash_pg");
  std::vector<std::string> all;
  for (int round = 0; round < kRounds; ++round) {
    Acknowledged acknowledged =
        RunAndKill(url, round, directory.File("round" + std::to_string(round) + ".log"));
    EXPECT_GE(acknowledged.ids.size(), kAcknowledgementsBeforeKill);
    EXPECT_TRUE(acknowledged.errors.empty()) << acknowledged.errors.front();
    all.insert(all.end(), acknowledged.ids.begin(), acknowledged.ids.end());
    ExpectStoredExactlyOnce(url, all);
  }
}

}  // namespace
}  // namespace openmsp
