#include "store/sql_job_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::Job;
using domain::JobCount;
using domain::JobId;
using domain::JobQueue;
using domain::JobScope;
using domain::JobState;
using domain::NewJob;
using domain::TenantId;
using std::chrono::milliseconds;
using std::chrono::seconds;

NewJob JobOf(std::string kind, std::string payload = "{}") {
  NewJob job;
  job.kind = std::move(kind);
  job.payload = std::move(payload);
  return job;
}

std::vector<JobId> Ids(const std::vector<Job>& jobs) {
  std::vector<JobId> ids;
  for (const Job& job : jobs) ids.push_back(job.id);
  return ids;
}

template <class Backend>
class JobQueueTest : public ::testing::Test {
 protected:
  JobQueue& queue() { return repositories_.jobs(); }

  TenantId Tenant(const char* slug, const char* party) {
    domain::NewTenant tenant{.slug = slug,
                             .name = slug,
                             .default_currency = Currency::Find("EUR").value(),
                             .parties = {PartyId::Parse(party).value()}};
    return repositories_.tenants().Create(tenant).value().id;
  }

  Job Enqueue(const NewJob& job) {
    Result<Job> queued = queue().Enqueue(tenant_, job, clock_.Now());
    EXPECT_TRUE(queued.ok()) << queued.error().ToString();
    return queued.value();
  }

  std::vector<Job> Claim(const char* worker, std::vector<std::string> kinds, int max_count = 10,
                         Duration lease = seconds(30)) {
    Result<std::vector<Job>> claimed = queue().Claim(worker, kinds, clock_.Now(), lease, max_count);
    EXPECT_TRUE(claimed.ok()) << claimed.error().ToString();
    return claimed.value_or({});
  }

  Job Find(JobId id) { return queue().FindById(JobScope::Platform(), id).value(); }

  // 2026-03-01T10:00:00.123Z: the milliseconds must survive the round trip.
  ManualClock clock_{Instant::FromUnixMilliseconds(1'772'359'200'123)};
  Backend backend_;
  Repositories repositories_ = Repositories::Open(backend_.url(), clock_).value();
  TenantId tenant_ = Tenant("alpha", "NL-ALP");
};

TYPED_TEST_SUITE(JobQueueTest, Backends, BackendNames);

TYPED_TEST(JobQueueTest, EnqueuesClaimsAndCompletes) {
  Instant start = this->clock_.Now();
  Job queued = this->Enqueue(JobOf("token.push", R"({"token_id":42})"));
  EXPECT_EQ(queued.tenant_id, this->tenant_);
  EXPECT_EQ(queued.kind, "token.push");
  EXPECT_EQ(queued.payload, R"({"token_id":42})");
  EXPECT_EQ(queued.state, JobState::kQueued);
  EXPECT_EQ(queued.attempts, 0);
  EXPECT_EQ(queued.max_attempts, domain::kDefaultJobAttempts);
  EXPECT_EQ(queued.run_at, start);
  EXPECT_EQ(queued.created_at, start);
  EXPECT_EQ(queued.updated_at, start);
  EXPECT_EQ(queued.lease_expires_at, std::nullopt);
  EXPECT_EQ(this->Find(queued.id), queued);

  this->clock_.Advance(seconds(1));
  std::vector<Job> claimed = this->Claim("node-a/1", {"token.push"}, 10, seconds(30));
  ASSERT_EQ(claimed.size(), 1u);
  const Job& running = claimed.front();
  EXPECT_EQ(running.id, queued.id);
  EXPECT_EQ(running.state, JobState::kRunning);
  EXPECT_EQ(running.attempts, 1);
  EXPECT_EQ(running.lease_owner, "node-a/1");
  EXPECT_EQ(running.lease_expires_at, start + seconds(31));
  EXPECT_EQ(running.updated_at, start + seconds(1));
  EXPECT_EQ(running.run_at, start);
  EXPECT_EQ(this->Find(queued.id), running);
  EXPECT_TRUE(this->Claim("node-b/1", {"token.push"}).empty());

  this->clock_.Advance(seconds(2));
  Result<Job> done = this->queue().Complete(queued.id, "node-a/1", this->clock_.Now());
  ASSERT_TRUE(done.ok()) << done.error().ToString();
  EXPECT_EQ(done->state, JobState::kSucceeded);
  EXPECT_EQ(done->lease_expires_at, std::nullopt);
  EXPECT_EQ(done->lease_owner, "node-a/1");
  EXPECT_EQ(done->updated_at, start + seconds(3));
  EXPECT_EQ(this->Find(queued.id), *done);

  Result<Job> again = this->queue().Complete(queued.id, "node-a/1", this->clock_.Now());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.error().field, "worker_id");
  Result<Job> missing = this->queue().Complete(JobId{queued.id.value + 1000}, "node-a/1", this->clock_.Now());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "id");
  EXPECT_TRUE(this->Claim("node-b/1", {"token.push"}).empty());
}

TYPED_TEST(JobQueueTest, ClaimsOldestRunAtFirstThenById) {
  Instant now = this->clock_.Now();
  NewJob late = JobOf("cdr.rate");
  Job first = this->Enqueue(late);
  NewJob earliest = JobOf("cdr.rate");
  earliest.run_at = now - seconds(2);
  Job second = this->Enqueue(earliest);
  NewJob earlier = JobOf("cdr.rate");
  earlier.run_at = now - seconds(1);
  Job third = this->Enqueue(earlier);
  Job fourth = this->Enqueue(late);

  EXPECT_EQ(Ids(this->Claim("w1", {"cdr.rate"}, 2)), (std::vector{second.id, third.id}));
  EXPECT_EQ(Ids(this->Claim("w2", {"cdr.rate"}, 10)), (std::vector{first.id, fourth.id}));
}

TYPED_TEST(JobQueueTest, ValidatesAndKnowsTheTenant) {
  Result<Job> bad = this->queue().Enqueue(this->tenant_, JobOf("Token Push"), this->clock_.Now());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "kind");

  Result<Job> no_tenant = this->queue().Enqueue(TenantId{987654}, JobOf("token.push"), this->clock_.Now());
  ASSERT_FALSE(no_tenant.ok());
  EXPECT_EQ(no_tenant.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_tenant.error().field, "tenant_id");

  Result<Job> platform = this->queue().Enqueue(std::nullopt, JobOf("jobs.purge"), this->clock_.Now());
  ASSERT_TRUE(platform.ok()) << platform.error().ToString();
  EXPECT_EQ(platform->tenant_id, std::nullopt);
  EXPECT_EQ(this->Find(platform->id), *platform);

  for (auto [kinds, field] : {std::pair{std::vector<std::string>{}, "kinds"},
                              std::pair{std::vector<std::string>{"ok.kind", "Bad"}, "kinds[1]"}}) {
    Result<std::vector<Job>> claimed = this->queue().Claim("w1", kinds, this->clock_.Now(), seconds(30), 1);
    ASSERT_FALSE(claimed.ok());
    EXPECT_EQ(claimed.error().field, field);
  }
  EXPECT_EQ(this->queue().Claim("", {{"a"}}, this->clock_.Now(), seconds(30), 1).error().field, "worker_id");
  EXPECT_EQ(this->queue().Claim("w", {{"a"}}, this->clock_.Now(), seconds(0), 1).error().field, "lease");
  EXPECT_EQ(this->queue().Claim("w", {{"a"}}, this->clock_.Now(), seconds(30), 0).error().field, "max_count");
  EXPECT_EQ(this->queue().List(JobScope::Platform(), JobState::kQueued, 0).error().field, "limit");
}

TYPED_TEST(JobQueueTest, RefusesADuplicateDedupeKeyWhilePending) {
  NewJob push = JobOf("token.push", R"({"token_id":7})");
  push.dedupe_key = "token:7";
  Job first = this->Enqueue(push);

  Result<Job> twin = this->queue().Enqueue(this->tenant_, push, this->clock_.Now());
  ASSERT_FALSE(twin.ok());
  EXPECT_EQ(twin.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(twin.error().field, "dedupe_key");
  EXPECT_NE(twin.error().message.find("job " + std::to_string(first.id.value)), std::string::npos)
      << twin.error().message;

  // The key is per tenant and kind; platform work has its own keys too.
  TenantId beta = this->Tenant("beta", "DE-BET");
  EXPECT_TRUE(this->queue().Enqueue(beta, push, this->clock_.Now()).ok());
  NewJob other_kind = push;
  other_kind.kind = "token.pull";
  EXPECT_TRUE(this->queue().Enqueue(this->tenant_, other_kind, this->clock_.Now()).ok());
  EXPECT_TRUE(this->queue().Enqueue(std::nullopt, push, this->clock_.Now()).ok());
  EXPECT_EQ(this->queue().Enqueue(std::nullopt, push, this->clock_.Now()).error().code,
            ErrorCode::kAlreadyExists);

  // Still pending while running; free again once it finished.
  std::vector<Job> claimed = this->Claim("w1", {"token.push"}, 1);
  ASSERT_EQ(Ids(claimed), std::vector{first.id});
  EXPECT_EQ(this->queue().Enqueue(this->tenant_, push, this->clock_.Now()).error().code,
            ErrorCode::kAlreadyExists);
  ASSERT_TRUE(this->queue().Complete(first.id, "w1", this->clock_.Now()).ok());
  Result<Job> next = this->queue().Enqueue(this->tenant_, push, this->clock_.Now());
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_NE(next->id, first.id);

  // Jobs without a key never collide.
  EXPECT_TRUE(this->queue().Enqueue(this->tenant_, JobOf("token.push"), this->clock_.Now()).ok());
  EXPECT_TRUE(this->queue().Enqueue(this->tenant_, JobOf("token.push"), this->clock_.Now()).ok());
}

TYPED_TEST(JobQueueTest, ClaimsOnlyTheKindsAsked) {
  Job push = this->Enqueue(JobOf("token.push"));
  Job rate = this->Enqueue(JobOf("cdr.rate"));
  Job bill = this->Enqueue(JobOf("billing.run"));
  EXPECT_TRUE(this->Claim("w1", {"tariff.pull"}).empty());
  EXPECT_EQ(Ids(this->Claim("w1", {"cdr.rate"})), std::vector{rate.id});
  EXPECT_EQ(Ids(this->Claim("w2", {"billing.run", "token.push", "cdr.rate"})), (std::vector{push.id, bill.id}));
}

TYPED_TEST(JobQueueTest, DoesNotClaimBeforeRunAt) {
  NewJob later = JobOf("billing.run");
  later.run_at = this->clock_.Now() + seconds(60);
  Job job = this->Enqueue(later);
  EXPECT_EQ(job.run_at, this->clock_.Now() + seconds(60));
  EXPECT_TRUE(this->Claim("w1", {"billing.run"}).empty());
  this->clock_.Advance(milliseconds(59'999));
  EXPECT_TRUE(this->Claim("w1", {"billing.run"}).empty());
  this->clock_.Advance(milliseconds(1));
  EXPECT_EQ(Ids(this->Claim("w1", {"billing.run"})), std::vector{job.id});
}

// The first job of a fresh database has id 1 on both back ends, so its jitter is 1 %: the default
// backoff waits 10.1 s after the first failure and 20.2 s after the second; the third is the last.
TYPED_TEST(JobQueueTest, RetriesWithBackoffThenBuriesAndRequeues) {
  NewJob flaky = JobOf("token.push");
  flaky.max_attempts = 3;
  Job job = this->Enqueue(flaky);
  ASSERT_EQ(job.id, JobId{1});
  Instant t0 = this->clock_.Now();

  ASSERT_EQ(this->Claim("w1", {"token.push"}).size(), 1u);
  Result<Job> failed = this->queue().Fail(job.id, "w1", "peer answered 503", t0);
  ASSERT_TRUE(failed.ok()) << failed.error().ToString();
  EXPECT_EQ(failed->state, JobState::kQueued);
  EXPECT_EQ(failed->attempts, 1);
  EXPECT_EQ(failed->run_at, t0 + milliseconds(10'100));
  EXPECT_EQ(failed->last_error, "peer answered 503");
  EXPECT_EQ(failed->lease_expires_at, std::nullopt);

  this->clock_.Advance(milliseconds(10'099));
  EXPECT_TRUE(this->Claim("w1", {"token.push"}).empty());
  this->clock_.Advance(milliseconds(1));
  ASSERT_EQ(this->Claim("w2", {"token.push"}).size(), 1u);
  Instant t1 = this->clock_.Now();
  failed = this->queue().Fail(job.id, "w2", "peer answered 502\nagain", t1);
  ASSERT_TRUE(failed.ok()) << failed.error().ToString();
  EXPECT_EQ(failed->state, JobState::kQueued);
  EXPECT_EQ(failed->run_at, t1 + milliseconds(20'200));
  EXPECT_EQ(failed->last_error, "peer answered 502 again");

  this->clock_.Set(t1 + milliseconds(20'200));
  ASSERT_EQ(this->Claim("w1", {"token.push"}).size(), 1u);
  Instant t2 = this->clock_.Now();
  failed = this->queue().Fail(job.id, "w1", "peer answered 500", t2);
  ASSERT_TRUE(failed.ok()) << failed.error().ToString();
  EXPECT_EQ(failed->state, JobState::kDead);
  EXPECT_EQ(failed->attempts, 3);
  EXPECT_EQ(failed->updated_at, t2);

  this->clock_.Advance(std::chrono::hours(24));
  EXPECT_TRUE(this->Claim("w1", {"token.push"}).empty());
  EXPECT_EQ(Ids(this->queue().List(JobScope::Platform(), JobState::kDead, 10).value()), std::vector{job.id});
  EXPECT_EQ(Ids(this->queue().List(JobScope::OfTenant(this->tenant_), JobState::kDead, 10).value()),
            std::vector{job.id});

  Result<Job> not_dead = this->queue().Requeue(JobScope::Platform(), JobId{987}, this->clock_.Now());
  EXPECT_EQ(not_dead.error().code, ErrorCode::kNotFound);
  TenantId beta = this->Tenant("beta", "DE-BET");
  Result<Job> other_tenant = this->queue().Requeue(JobScope::OfTenant(beta), job.id, this->clock_.Now());
  ASSERT_FALSE(other_tenant.ok());
  EXPECT_EQ(other_tenant.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(other_tenant.error().field, "id");
  EXPECT_EQ(this->Find(job.id).state, JobState::kDead);

  Result<Job> requeued = this->queue().Requeue(JobScope::OfTenant(this->tenant_), job.id, this->clock_.Now());
  ASSERT_TRUE(requeued.ok()) << requeued.error().ToString();
  EXPECT_EQ(requeued->state, JobState::kQueued);
  EXPECT_EQ(requeued->attempts, 0);
  EXPECT_EQ(requeued->run_at, this->clock_.Now());
  EXPECT_EQ(requeued->last_error, "peer answered 500");
  Result<Job> twice = this->queue().Requeue(JobScope::Platform(), job.id, this->clock_.Now());
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(twice.error().field, "state");

  std::vector<Job> claimed = this->Claim("w3", {"token.push"});
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed.front().attempts, 1);
  EXPECT_TRUE(this->queue().Complete(job.id, "w3", this->clock_.Now()).ok());
}

TYPED_TEST(JobQueueTest, RequeueRespectsAPendingTwinsDedupeKey) {
  NewJob push = JobOf("token.push");
  push.dedupe_key = "token:9";
  push.max_attempts = 1;
  Job dead = this->Enqueue(push);
  ASSERT_EQ(this->Claim("w1", {"token.push"}).size(), 1u);
  ASSERT_EQ(this->queue().Fail(dead.id, "w1", "boom", this->clock_.Now())->state, JobState::kDead);
  Job twin = this->Enqueue(push);
  Result<Job> requeued = this->queue().Requeue(JobScope::Platform(), dead.id, this->clock_.Now());
  ASSERT_FALSE(requeued.ok());
  EXPECT_EQ(requeued.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(requeued.error().field, "dedupe_key");
  EXPECT_EQ(this->Find(dead.id).state, JobState::kDead);
  EXPECT_EQ(this->Find(twin.id).state, JobState::kQueued);
}

TYPED_TEST(JobQueueTest, AnExpiredLeaseIsClaimedByAnotherWorkerAndTheOldOwnerIsRefused) {
  Job job = this->Enqueue(JobOf("cdr.rate"));
  Instant t0 = this->clock_.Now();
  ASSERT_EQ(this->Claim("node-a/1", {"cdr.rate"}, 1, seconds(30)).size(), 1u);

  // A heartbeat moves the lease on.
  this->clock_.Advance(seconds(20));
  Result<Job> extended = this->queue().ExtendLease(job.id, "node-a/1", this->clock_.Now(), seconds(30));
  ASSERT_TRUE(extended.ok()) << extended.error().ToString();
  EXPECT_EQ(extended->lease_expires_at, t0 + seconds(50));
  Result<Job> stranger = this->queue().ExtendLease(job.id, "node-b/1", this->clock_.Now(), seconds(30));
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().code, ErrorCode::kFailedPrecondition);

  this->clock_.Set(t0 + milliseconds(49'999));
  EXPECT_TRUE(this->Claim("node-b/1", {"cdr.rate"}).empty());
  this->clock_.Set(t0 + seconds(50));
  std::vector<Job> taken = this->Claim("node-b/1", {"cdr.rate"}, 1, seconds(30));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken.front().lease_owner, "node-b/1");
  EXPECT_EQ(taken.front().attempts, 2);

  for (Result<Job> refused : {this->queue().Complete(job.id, "node-a/1", this->clock_.Now()),
                              this->queue().Fail(job.id, "node-a/1", "late", this->clock_.Now()),
                              this->queue().ExtendLease(job.id, "node-a/1", this->clock_.Now(), seconds(30)),
                              this->queue().Release(job.id, "node-a/1", this->clock_.Now())}) {
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().field, "worker_id");
    EXPECT_NE(refused.error().message.find("running under node-b/1"), std::string::npos)
        << refused.error().message;
  }
  EXPECT_EQ(this->Find(job.id), taken.front());
  Result<Job> done = this->queue().Complete(job.id, "node-b/1", this->clock_.Now());
  ASSERT_TRUE(done.ok()) << done.error().ToString();
  EXPECT_EQ(done->state, JobState::kSucceeded);
}

TYPED_TEST(JobQueueTest, AJobWhoseLastLeaseExpiresIsDead) {
  NewJob once = JobOf("billing.run");
  once.max_attempts = 1;
  Job job = this->Enqueue(once);
  ASSERT_EQ(this->Claim("node-a/1", {"billing.run"}, 1, seconds(30)).size(), 1u);
  this->clock_.Advance(seconds(30));
  EXPECT_TRUE(this->Claim("node-b/1", {"billing.run"}).empty());
  Job dead = this->Find(job.id);
  EXPECT_EQ(dead.state, JobState::kDead);
  EXPECT_EQ(dead.attempts, 1);
  EXPECT_EQ(dead.lease_expires_at, std::nullopt);
  EXPECT_EQ(dead.updated_at, this->clock_.Now());
  EXPECT_NE(dead.last_error.find("lease of node-a/1 expired"), std::string::npos) << dead.last_error;
}

TYPED_TEST(JobQueueTest, ReleaseGivesAnUnstartedJobBackUncounted) {
  Job first = this->Enqueue(JobOf("cdr.rate"));
  Job second = this->Enqueue(JobOf("cdr.rate"));
  ASSERT_EQ(this->Claim("w1", {"cdr.rate"}, 2).size(), 2u);
  Result<Job> released = this->queue().Release(second.id, "w1", this->clock_.Now());
  ASSERT_TRUE(released.ok()) << released.error().ToString();
  EXPECT_EQ(released->state, JobState::kQueued);
  EXPECT_EQ(released->attempts, 0);
  EXPECT_EQ(released->run_at, second.run_at);
  EXPECT_EQ(released->lease_expires_at, std::nullopt);
  std::vector<Job> again = this->Claim("w2", {"cdr.rate"});
  EXPECT_EQ(Ids(again), std::vector{second.id});
  EXPECT_EQ(this->Find(first.id).lease_owner, "w1");
}

TYPED_TEST(JobQueueTest, ScopesAdministrativeReadsToTheTenant) {
  TenantId beta = this->Tenant("beta", "DE-BET");
  Job alpha_push = this->Enqueue(JobOf("token.push"));
  Job alpha_rate = this->Enqueue(JobOf("cdr.rate"));
  Job beta_push = this->queue().Enqueue(beta, JobOf("token.push"), this->clock_.Now()).value();
  Job platform = this->queue().Enqueue(std::nullopt, JobOf("jobs.purge"), this->clock_.Now()).value();
  ASSERT_EQ(this->Claim("w1", {"cdr.rate"}).size(), 1u);

  EXPECT_EQ(this->queue().FindById(JobScope::OfTenant(beta), alpha_push.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->queue().FindById(JobScope::OfTenant(beta), platform.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->queue().FindById(JobScope::OfTenant(beta), beta_push.id)->id, beta_push.id);

  EXPECT_EQ(Ids(this->queue().List(JobScope::OfTenant(beta), JobState::kQueued, 100).value()),
            std::vector{beta_push.id});
  EXPECT_EQ(Ids(this->queue().List(JobScope::Platform(), JobState::kQueued, 100).value()),
            (std::vector{alpha_push.id, beta_push.id, platform.id}));
  EXPECT_EQ(Ids(this->queue().List(JobScope::Platform(), JobState::kQueued, 2).value()),
            (std::vector{alpha_push.id, beta_push.id}));
  EXPECT_EQ(Ids(this->queue().List(JobScope::OfTenant(this->tenant_), JobState::kRunning, 100).value()),
            std::vector{alpha_rate.id});

  EXPECT_EQ(this->queue().Counts(JobScope::Platform()).value(),
            (std::vector<JobCount>{{"cdr.rate", JobState::kRunning, 1},
                                   {"jobs.purge", JobState::kQueued, 1},
                                   {"token.push", JobState::kQueued, 2}}));
  EXPECT_EQ(this->queue().Counts(JobScope::OfTenant(beta)).value(),
            (std::vector<JobCount>{{"token.push", JobState::kQueued, 1}}));
}

// Several workers, each on its own connection, drain 600 jobs: every job is run exactly once, and no
// claim or completion fails (on SQLite the writers take turns within the busy timeout; on PostgreSQL
// SKIP LOCKED makes them pass each other by).
TYPED_TEST(JobQueueTest, ConcurrentWorkersRunEveryJobExactlyOnce) {
  constexpr int kJobs = 600;
  constexpr int kWorkers = 4;
  std::vector<JobId> all;
  for (int i = 0; i < kJobs; ++i) {
    all.push_back(this->Enqueue(JobOf(i % 2 == 0 ? "token.push" : "cdr.rate",
                                      "{\"n\":" + std::to_string(i) + "}"))
                      .id);
  }

  std::mutex mutex;
  std::map<std::int64_t, int> runs;
  std::atomic<int> errors{0};
  std::vector<std::string> first_errors;
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      std::string worker = "node/" + std::to_string(w);
      std::unique_ptr<JobQueue> queue = OpenJobQueue(this->backend_.url()).value();
      const std::vector<std::string> kinds = {"token.push", "cdr.rate"};
      while (true) {
        Result<std::vector<Job>> claimed = queue->Claim(worker, kinds, this->clock_.Now(), seconds(300), 5);
        if (!claimed) {
          std::lock_guard lock(mutex);
          ++errors;
          first_errors.push_back(claimed.error().ToString());
          return;
        }
        if (claimed->empty()) return;
        for (const Job& job : *claimed) {
          {
            std::lock_guard lock(mutex);
            ++runs[job.id.value];
          }
          Result<Job> done = queue->Complete(job.id, worker, this->clock_.Now());
          if (!done) {
            std::lock_guard lock(mutex);
            ++errors;
            first_errors.push_back(done.error().ToString());
          }
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();

  EXPECT_EQ(errors.load(), 0) << (first_errors.empty() ? "" : first_errors.front());
  ASSERT_EQ(runs.size(), static_cast<std::size_t>(kJobs));
  for (JobId id : all) EXPECT_EQ(runs[id.value], 1) << "job " << id.value;
  EXPECT_EQ(this->queue().Counts(JobScope::Platform()).value(),
            (std::vector<JobCount>{{"cdr.rate", JobState::kSucceeded, kJobs / 2},
                                   {"token.push", JobState::kSucceeded, kJobs / 2}}));
}

}  // namespace
}  // namespace openmsp::store
