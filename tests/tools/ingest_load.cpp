// openmsp_ingest_load: ingests generated CPO CDRs from several threads through store::CpoCdrIngestor
// and prints each one's key to stdout only after its outcome was acknowledged, i.e. after the
// transaction holding it committed. The crash-safety test (tests/cdr_crash_test.cpp) kills it with
// SIGKILL under load and checks that every key it printed is stored exactly once.
//
//   openmsp_ingest_load --database URL --prefix P [--previous-prefix Q] [--threads N] [--count N]
//
// Migrates the database, creates the tenant `crash-test` when it is missing, then runs N threads
// (default 8). Thread t submits the CDRs `P-t-0`, `P-t-1`, … (`--count` each, default: until killed);
// every 10th time it also submits `Q-t-i` again, the same CDR an earlier run (prefix Q) submitted,
// which must be a duplicate or, if that run died before committing it, a new CDR. Each acknowledged
// CDR prints one line, written with a single write(2): `ack <cdr id> stored|duplicate`. A CDR that is
// refused prints `error <cdr id> <reason>` and the program exits 1 at the end.

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/cpo_cdr_samples.h"

namespace {

using namespace openmsp;

struct Options {
  std::string database;
  std::string prefix;
  std::string previous_prefix;
  int threads = 8;
  long count = -1;
};

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr,
               "openmsp_ingest_load: %s\nusage: openmsp_ingest_load --database URL --prefix P "
               "[--previous-prefix Q] [--threads N] [--count N]\n",
               problem.c_str());
  std::exit(2);
}

[[noreturn]] void Fail(const std::string& doing, const Error& error) {
  std::fprintf(stderr, "openmsp_ingest_load: %s: %s\n", doing.c_str(), error.ToString().c_str());
  std::exit(2);
}

long Number(std::string_view text, const char* option) {
  long value = 0;
  if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc() || value < 1) {
    Usage(std::string(option) + " expects a positive number");
  }
  return value;
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i + 1 >= argc) Usage("missing the value of " + std::string(arg));
    std::string_view value = argv[++i];
    if (arg == "--database") {
      options.database = value;
    } else if (arg == "--prefix") {
      options.prefix = value;
    } else if (arg == "--previous-prefix") {
      options.previous_prefix = value;
    } else if (arg == "--threads") {
      options.threads = static_cast<int>(Number(value, "--threads"));
    } else if (arg == "--count") {
      options.count = Number(value, "--count");
    } else {
      Usage("unknown option " + std::string(arg));
    }
  }
  if (options.database.empty() || options.prefix.empty()) Usage("--database and --prefix are required");
  return options;
}

domain::TenantId CrashTestTenant(const store::DatabaseUrl& url, const Clock& clock) {
  store::Repositories repositories = [&] {
    Result<store::Repositories> opened = store::Repositories::Open(url, clock);
    if (!opened) Fail("cannot open the database", opened.error());
    return *std::move(opened);
  }();
  if (Result<domain::Tenant> found = repositories.tenants().FindBySlug("crash-test"); found) return found->id;
  Result<domain::Tenant> created =
      repositories.tenants().Create(domain::NewTenant{.slug = "crash-test",
                                                      .name = "Crash Test Mobility",
                                                      .default_currency = Currency::Find("EUR").value(),
                                                      .parties = {PartyId::Parse("NL-CRS").value()}});
  if (!created) Fail("cannot create the tenant", created.error());
  return created->id;
}

std::mutex output_mutex;

void Print(const std::string& line) {
  std::lock_guard lock(output_mutex);
  std::size_t written = 0;
  while (written < line.size()) {
    ssize_t done = write(STDOUT_FILENO, line.data() + written, line.size() - written);
    if (done <= 0) std::exit(3);
    written += static_cast<std::size_t>(done);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options = ParseOptions(argc, argv);
  Result<store::DatabaseUrl> url = store::ParseDatabaseUrl(options.database);
  if (!url) Fail("--database", url.error());
  if (Result<store::MigrationReport> migrated = store::OpenAndMigrate(*url); !migrated) {
    Fail("cannot migrate the database", migrated.error());
  }
  SystemClock clock;
  domain::TenantId tenant = CrashTestTenant(*url, clock);
  Result<std::unique_ptr<store::CpoCdrIngestor>> ingestor = store::CpoCdrIngestor::Open(*url, clock);
  if (!ingestor) Fail("cannot open the ingestor", ingestor.error());

  std::atomic<bool> refused{false};
  auto ingest = [&](const std::string& id, long i) {
    domain::NewCpoCdr cdr = test::SampleCpoCdr(
        {.tenant_id = tenant,
         .cdr_id = id,
         .start_date_time = Instant::FromUnixMilliseconds(1'767'225'600'000 + i * 60'000)});
    Result<domain::CpoCdrReceipt> outcome = (*ingestor)->Ingest(std::move(cdr));
    if (outcome) {
      bool stored = outcome->outcome == domain::CpoCdrIngestion::kStored;
      Print("ack " + id + (stored ? " stored\n" : " duplicate\n"));
    } else {
      refused = true;
      Print("error " + id + " " + outcome.error().ToString() + "\n");
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      for (long i = 0; options.count < 0 || i < options.count; ++i) {
        std::string suffix = "-" + std::to_string(t) + "-" + std::to_string(i);
        ingest(options.prefix + suffix, i);
        if (!options.previous_prefix.empty() && i % 10 == 0) ingest(options.previous_prefix + suffix, i);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  (*ingestor)->Stop();
  return refused ? 1 : 0;
}
