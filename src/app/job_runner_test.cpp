#include "app/job_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "core/clock.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/postgres/postgres_database.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_database.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

namespace openmsp::app {
namespace {

using domain::Job;
using domain::JobId;
using domain::JobScope;
using domain::JobState;
using domain::NewJob;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Each back end gives every test a new, migrated database.
class SqliteBackend {
 public:
  SqliteBackend() {
    store::SqliteDatabase database = store::SqliteDatabase::Open(Path()).value();
    (void)store::Migrate(database).value();
  }
  store::DatabaseUrl Url() const { return store::ParseDatabaseUrl("sqlite:" + Path()).value(); }

 private:
  std::string Path() const { return directory_.File("openmsp.db"); }

  test::TempDirectory directory_{"openmsp_job_runner"};
};

class PostgresBackend {
 public:
  PostgresBackend() : url_(Server().CreateDatabase("runner_" + std::to_string(++databases_))) {
    store::PostgresDatabase database = store::PostgresDatabase::Open(url_).value();
    (void)store::Migrate(database).value();
  }
  store::DatabaseUrl Url() const { return store::ParseDatabaseUrl(url_).value(); }

 private:
  // One server for the whole test program, started by the first test that needs it.
  static test::PostgresServer& Server() {
    static test::PostgresServer server;
    return server;
  }

  static inline int databases_ = 0;
  std::string url_;
};

NewJob JobOf(std::string kind, std::string payload = "{}", int max_attempts = 10) {
  NewJob job;
  job.kind = std::move(kind);
  job.payload = std::move(payload);
  job.max_attempts = max_attempts;
  return job;
}

// Polls `condition` for up to 30 s of real time: the workers run on their own threads.
bool Eventually(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return condition();
}

template <class Backend>
class JobRunnerTest : public ::testing::Test {
 protected:
  JobRunnerOptions Options() {
    JobRunnerOptions options;
    options.node_id = "test-node";
    options.workers = 2;
    options.lease = seconds(30);
    options.heartbeat_interval = milliseconds(10);
    options.idle_poll = milliseconds(5);
    options.error_pause = milliseconds(5);
    return options;
  }

  JobRunner Runner(JobRunnerOptions options) {
    return JobRunner(
        clock_, [url = backend_.Url()] { return store::OpenJobQueue(url); }, std::move(options));
  }

  Job Enqueue(const NewJob& job) { return queue_->Enqueue(std::nullopt, job, clock_.Now()).value(); }
  Job Find(JobId id) { return queue_->FindById(JobScope::Platform(), id).value(); }

  ManualClock clock_{Instant::FromUnixMilliseconds(1'772'359'200'000)};
  Backend backend_;
  std::unique_ptr<domain::JobQueue> queue_ = store::OpenJobQueue(backend_.Url()).value();
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

class BackendNames {
 public:
  template <class Backend>
  static std::string GetName(int) {
    return std::is_same_v<Backend, SqliteBackend> ? "Sqlite" : "Postgresql";
  }
};

TYPED_TEST_SUITE(JobRunnerTest, Backends, BackendNames);

TYPED_TEST(JobRunnerTest, RunsEachJobOnceWithItsKindsHandler) {
  std::vector<JobId> pushes;
  std::vector<JobId> ratings;
  for (int i = 0; i < 30; ++i) {
    pushes.push_back(this->Enqueue(JobOf("token.push", "{\"n\":" + std::to_string(i) + "}")).id);
    ratings.push_back(this->Enqueue(JobOf("cdr.rate")).id);
  }
  Job other = this->Enqueue(JobOf("billing.run"));

  std::mutex mutex;
  std::map<std::int64_t, std::string> seen;  // job id → "kind payload", once per run
  std::atomic<int> runs{0};
  auto record = [&](const Job& job, const JobContext&) -> Result<void> {
    std::lock_guard lock(mutex);
    seen[job.id.value] += job.kind + " " + job.payload;
    ++runs;
    return Ok();
  };
  JobRunner runner = this->Runner(this->Options());
  ASSERT_TRUE(runner.Register("token.push", record));
  ASSERT_TRUE(runner.Register("cdr.rate", record));
  ASSERT_TRUE(runner.Start());
  ASSERT_TRUE(Eventually([&] { return runner.stats().succeeded == 60; }));
  runner.Stop();

  EXPECT_EQ(runs.load(), 60);
  for (std::size_t i = 0; i < pushes.size(); ++i) {
    EXPECT_EQ(seen[pushes[i].value], "token.push {\"n\":" + std::to_string(i) + "}");
    EXPECT_EQ(seen[ratings[i].value], "cdr.rate {}");
    EXPECT_EQ(this->Find(pushes[i]).state, JobState::kSucceeded);
  }
  EXPECT_EQ(this->Find(other.id).state, JobState::kQueued);
  EXPECT_EQ(runner.stats().claimed, 60);
  EXPECT_EQ(runner.stats().failed, 0);
  EXPECT_EQ(runner.stats().queue_errors, 0);
}

TYPED_TEST(JobRunnerTest, RetriesFailuresAfterTheBackoffAndBuriesAThrowingHandler) {
  Job flaky = this->Enqueue(JobOf("token.push", "{}", 3));
  Job broken = this->Enqueue(JobOf("cdr.rate", "{}", 2));
  std::atomic<int> flaky_runs{0};
  JobRunner runner = this->Runner(this->Options());
  ASSERT_TRUE(runner.Register("token.push", [&](const Job&, const JobContext&) -> Result<void> {
    if (++flaky_runs == 1) return Error{ErrorCode::kUnavailable, "peer", "503 Service Unavailable"};
    return Ok();
  }));
  ASSERT_TRUE(runner.Register("cdr.rate", [](const Job&, const JobContext&) -> Result<void> {
    throw std::runtime_error("tariff plan missing");
  }));
  ASSERT_TRUE(runner.Start());

  // Both failed once and wait for their backoff (about 10 s on the clock, which stands still).
  ASSERT_TRUE(Eventually([&] { return runner.stats().failed == 2; }));
  ASSERT_TRUE(Eventually([&] { return this->Find(flaky.id).state == JobState::kQueued; }));
  Job waiting = this->Find(flaky.id);
  EXPECT_EQ(waiting.last_error, "peer: 503 Service Unavailable");
  EXPECT_GT(waiting.run_at, this->clock_.Now());
  ASSERT_TRUE(Eventually([&] { return this->Find(broken.id).state == JobState::kQueued; }));
  EXPECT_EQ(this->Find(broken.id).last_error, "the handler threw: tariff plan missing");
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(flaky_runs.load(), 1);

  this->clock_.Advance(std::chrono::minutes(1));
  ASSERT_TRUE(Eventually([&] { return this->Find(flaky.id).state == JobState::kSucceeded; }));
  ASSERT_TRUE(Eventually([&] { return this->Find(broken.id).state == JobState::kDead; }));
  runner.Stop();
  EXPECT_EQ(flaky_runs.load(), 2);
  EXPECT_EQ(this->Find(flaky.id).attempts, 2);
  EXPECT_EQ(this->Find(broken.id).attempts, 2);
  EXPECT_EQ(runner.stats().failed, 3);
  EXPECT_EQ(runner.stats().succeeded, 1);
}

TYPED_TEST(JobRunnerTest, StopFinishesTheRunningJobAndReleasesTheRest) {
  Job first = this->Enqueue(JobOf("billing.run"));
  Job second = this->Enqueue(JobOf("billing.run"));
  Job third = this->Enqueue(JobOf("billing.run"));
  std::atomic<bool> started{false};
  std::atomic<bool> saw_stop{false};
  std::atomic<int> runs{0};
  JobRunnerOptions options = this->Options();
  options.workers = 1;
  options.batch = 3;
  JobRunner runner = this->Runner(options);
  ASSERT_TRUE(runner.Register("billing.run", [&](const Job&, const JobContext& context) -> Result<void> {
    ++runs;
    started = true;
    while (!context.stop_requested()) std::this_thread::sleep_for(milliseconds(1));
    saw_stop = true;
    return Ok();
  }));
  ASSERT_TRUE(runner.Start());
  ASSERT_TRUE(Eventually([&] { return started.load(); }));
  runner.Stop();

  EXPECT_TRUE(saw_stop.load());
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(this->Find(first.id).state, JobState::kSucceeded);
  for (JobId id : {second.id, third.id}) {
    Job released = this->Find(id);
    EXPECT_EQ(released.state, JobState::kQueued);
    EXPECT_EQ(released.attempts, 0);
  }
  runner.Stop();  // twice is harmless
}

TYPED_TEST(JobRunnerTest, HeartbeatsKeepALongJobAndALostLeaseIsNotRecorded) {
  Job job = this->Enqueue(JobOf("token.pull"));
  std::atomic<bool> started{false};
  std::atomic<bool> finish{false};
  std::atomic<bool> saw_lost{false};
  JobRunnerOptions options = this->Options();
  options.workers = 1;
  options.max_run_time = seconds(60);
  JobRunner runner = this->Runner(options);
  ASSERT_TRUE(runner.Register("token.pull", [&](const Job&, const JobContext& context) -> Result<void> {
    started = true;
    while (!finish) std::this_thread::sleep_for(milliseconds(1));
    saw_lost = context.lease_lost();
    return Ok();
  }));
  ASSERT_TRUE(runner.Start());
  // Lets the handler end whatever happens below, before the runner's destructor waits for it.
  struct Finish {
    std::atomic<bool>& finish;
    ~Finish() { finish = true; }
  } finish_on_exit{finish};
  ASSERT_TRUE(Eventually([&] { return started.load(); }));
  Instant t0 = this->clock_.Now();

  // 25 s later the heartbeat has moved the lease to 25 + 30 s: another worker gets nothing at 40 s.
  this->clock_.Advance(seconds(25));
  ASSERT_TRUE(Eventually([&] { return this->Find(job.id).lease_expires_at == t0 + seconds(55); }));
  this->clock_.Advance(seconds(15));
  const std::vector<std::string> kinds = {"token.pull"};
  EXPECT_TRUE(this->queue_->Claim("other-node/0", kinds, this->clock_.Now(), seconds(30), 1)->empty());

  // Past max_run_time the heartbeat gives up; once the lease ran out another worker takes the job.
  this->clock_.Set(t0 + seconds(61));
  std::this_thread::sleep_for(milliseconds(50));  // a few heartbeat intervals, which must not extend
  Instant expiry = *this->Find(job.id).lease_expires_at;
  EXPECT_LE(expiry, t0 + seconds(70));  // the last heartbeat was at 40 s at the latest
  this->clock_.Set(t0 + seconds(70));
  std::vector<Job> taken =
      this->queue_->Claim("other-node/0", kinds, this->clock_.Now(), seconds(30), 1).value();
  ASSERT_EQ(taken.size(), 1u);

  finish = true;
  ASSERT_TRUE(Eventually([&] { return runner.stats().refused == 1; }));
  runner.Stop();
  EXPECT_EQ(runner.stats().succeeded, 0);
  Job now = this->Find(job.id);
  EXPECT_EQ(now.state, JobState::kRunning);
  EXPECT_EQ(now.lease_owner, "other-node/0");
  EXPECT_FALSE(saw_lost.load());  // it stopped heartbeating, so nothing told the handler
}

TYPED_TEST(JobRunnerTest, RefusesBadSetUp) {
  JobRunner runner = this->Runner(this->Options());
  EXPECT_EQ(runner.Start().error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(runner.Register("Bad Kind", [](const Job&, const JobContext&) { return Ok(); }).error().field,
            "kind");
  ASSERT_TRUE(runner.Register("cdr.rate", [](const Job&, const JobContext&) { return Ok(); }));
  EXPECT_EQ(runner.Register("cdr.rate", [](const Job&, const JobContext&) { return Ok(); }).error().code,
            ErrorCode::kAlreadyExists);

  JobRunnerOptions slow_heartbeat = this->Options();
  slow_heartbeat.heartbeat_interval = slow_heartbeat.lease;
  JobRunner bad = this->Runner(slow_heartbeat);
  ASSERT_TRUE(bad.Register("cdr.rate", [](const Job&, const JobContext&) { return Ok(); }));
  EXPECT_EQ(bad.Start().error().field, "heartbeat_interval");

  JobRunner unreachable(
      this->clock_,
      [] { return store::OpenJobQueue(store::ParseDatabaseUrl("sqlite:/no/such/dir/x.db").value()); },
      this->Options());
  ASSERT_TRUE(unreachable.Register("cdr.rate", [](const Job&, const JobContext&) { return Ok(); }));
  Result<void> started = unreachable.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().field, "database");
}

}  // namespace
}  // namespace openmsp::app
