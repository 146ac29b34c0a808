#include "domain/job.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

NewJob Push() {
  NewJob job;
  job.kind = "token.push";
  job.payload = R"({"token_id":42})";
  return job;
}

Job Attempted(std::int64_t id, int attempts, int max_attempts) {
  Job job;
  job.id = JobId{id};
  job.attempts = attempts;
  job.max_attempts = max_attempts;
  return job;
}

std::string FieldOf(const Result<void>& result) { return result ? "(ok)" : result.error().field; }

TEST(JobState, NamesRoundTrip) {
  for (JobState state : {JobState::kQueued, JobState::kRunning, JobState::kSucceeded, JobState::kDead}) {
    EXPECT_EQ(*ParseJobState(JobStateName(state)), state);
  }
  EXPECT_EQ(JobStateName(JobState::kDead), "dead");
  EXPECT_FALSE(ParseJobState("Dead"));
  EXPECT_FALSE(ParseJobState(""));
}

TEST(JobKind, AcceptsDottedLowerCaseWords) {
  for (const char* kind : {"token.push", "cdr.rate", "billing.run_monthly", "a", "x1.y2.z3", "ocpi.pull_v2"}) {
    EXPECT_TRUE(ValidateJobKind(kind)) << kind;
  }
  EXPECT_TRUE(ValidateJobKind(std::string(64, 'a')));
}

TEST(JobKind, RefusesEverythingElse) {
  for (const char* kind : {"", "Token.push", "token..push", ".token", "token.", "1token", "token.1push",
                           "token-push", "token push", "token/push", "tökén"}) {
    Result<void> result = ValidateJobKind(kind);
    ASSERT_FALSE(result) << kind;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().field, "");
  }
  EXPECT_FALSE(ValidateJobKind(std::string(65, 'a')));
}

TEST(NewJobValidation, AcceptsAWellFormedJob) {
  EXPECT_TRUE(ValidateNewJob(Push()));
  NewJob job = Push();
  job.payload = "{}";
  job.dedupe_key = "token:42@2026-03-01T10:00:00Z";
  job.max_attempts = 1;
  job.run_at = Instant::FromUnixMilliseconds(0);
  EXPECT_TRUE(ValidateNewJob(job));
  job.max_attempts = 100;
  EXPECT_TRUE(ValidateNewJob(job));
}

TEST(NewJobValidation, NamesTheField) {
  NewJob job = Push();
  job.kind = "Token.Push";
  EXPECT_EQ(FieldOf(ValidateNewJob(job)), "kind");

  job = Push();
  for (const char* payload : {"", "[1,2]", "42", "\"text\"", "{\"a\":", "{} {}"}) {
    job.payload = payload;
    EXPECT_EQ(FieldOf(ValidateNewJob(job)), "payload") << payload;
  }
  job.payload = "{\"blob\":\"" + std::string(kMaxJobPayloadBytes, 'x') + "\"}";
  EXPECT_EQ(FieldOf(ValidateNewJob(job)), "payload");

  job = Push();
  job.dedupe_key = "line\nbreak";
  EXPECT_EQ(FieldOf(ValidateNewJob(job)), "dedupe_key");
  job.dedupe_key = std::string(201, 'k');
  EXPECT_EQ(FieldOf(ValidateNewJob(job)), "dedupe_key");
  job.dedupe_key = std::string(200, 'k');
  EXPECT_TRUE(ValidateNewJob(job));

  job = Push();
  for (int attempts : {0, -1, 101}) {
    job.max_attempts = attempts;
    EXPECT_EQ(FieldOf(ValidateNewJob(job)), "max_attempts") << attempts;
  }

  job = Push();
  job.run_at = kMaxInstant + milliseconds(1);
  EXPECT_EQ(FieldOf(ValidateNewJob(job)), "run_at");
}

TEST(JobWorkerId, PrintableAsciiUpTo100) {
  EXPECT_TRUE(ValidateJobWorkerId("node-a/worker-2"));
  EXPECT_TRUE(ValidateJobWorkerId(std::string(100, 'w')));
  EXPECT_EQ(FieldOf(ValidateJobWorkerId("")), "worker_id");
  EXPECT_EQ(FieldOf(ValidateJobWorkerId(std::string(101, 'w'))), "worker_id");
  EXPECT_EQ(FieldOf(ValidateJobWorkerId("tab\there")), "worker_id");
}

// Base 10 s, cap 1 h: 10, 20, 40, …, 2560 s, then 3600 s; plus (id mod 10) % of that.
TEST(JobRetryDelay, DoublesUpToTheCapWithTheIdsJitter) {
  EXPECT_EQ(JobRetryDelay(JobId{10}, 1), seconds(10));
  EXPECT_EQ(JobRetryDelay(JobId{10}, 2), seconds(20));
  EXPECT_EQ(JobRetryDelay(JobId{10}, 3), seconds(40));
  EXPECT_EQ(JobRetryDelay(JobId{10}, 9), seconds(2560));
  EXPECT_EQ(JobRetryDelay(JobId{10}, 10), seconds(3600));
  EXPECT_EQ(JobRetryDelay(JobId{10}, 100), seconds(3600));
  // id 7: 7 % more. 10 s → 10.7 s; 40 s → 42.8 s; 3600 s → 3852 s.
  EXPECT_EQ(JobRetryDelay(JobId{7}, 1), milliseconds(10'700));
  EXPECT_EQ(JobRetryDelay(JobId{7}, 3), milliseconds(42'800));
  EXPECT_EQ(JobRetryDelay(JobId{7}, 12), seconds(3852));
  // id 19: 9 %; 20 s → 21.8 s.
  EXPECT_EQ(JobRetryDelay(JobId{19}, 2), milliseconds(21'800));
}

TEST(JobRetryDelay, RoundsTheJitterDownToTheMillisecond) {
  JobBackoff backoff{.base = milliseconds(1'234), .cap = hours(1)};
  // 1234 ms × 3 % = 37.02 ms → 37 ms.
  EXPECT_EQ(JobRetryDelay(JobId{3}, 1, backoff), milliseconds(1'271));
  // 2468 ms × 9 % = 222.12 ms → 222 ms.
  EXPECT_EQ(JobRetryDelay(JobId{9}, 2, backoff), milliseconds(2'690));
}

TEST(JobRetryDelay, NeverOverflows) {
  JobBackoff huge{.base = hours(24 * 365), .cap = Duration::max()};
  Duration century = std::chrono::duration_cast<Duration>(std::chrono::years(100));
  EXPECT_EQ(JobRetryDelay(JobId{10}, 100, huge), century);
  JobBackoff zero{.base = Duration::zero(), .cap = hours(1)};
  EXPECT_EQ(JobRetryDelay(JobId{9}, 5, zero), Duration::zero());
}

TEST(OnJobFailure, QueuesAgainUntilTheAttemptsAreUsedUp) {
  Instant now = Instant::FromUnixMilliseconds(1'772'359'200'000);  // 2026-03-01T10:00:00Z
  Job job = Attempted(21, 2, 3);
  JobFailureOutcome outcome = OnJobFailure(job, now);
  EXPECT_EQ(outcome.state, JobState::kQueued);
  EXPECT_EQ(outcome.run_at, now + milliseconds(20'200));  // 20 s + 1 %

  job.attempts = 3;
  outcome = OnJobFailure(job, now);
  EXPECT_EQ(outcome.state, JobState::kDead);
  EXPECT_EQ(outcome.run_at, now);

  job.attempts = 1;
  job.max_attempts = 1;
  EXPECT_EQ(OnJobFailure(job, now).state, JobState::kDead);
}

TEST(OnJobFailure, NeverPastTheLastInstant) {
  Job job = Attempted(1, 1, 5);
  EXPECT_EQ(OnJobFailure(job, kMaxInstant - milliseconds(5)).run_at, kMaxInstant);
}

TEST(NormaliseJobError, KeepsUtf8AndReplacesWhatCannotBeStored) {
  EXPECT_EQ(NormaliseJobError("peer answered 503"), "peer answered 503");
  EXPECT_EQ(NormaliseJobError("INSERT … RETURNING → é"), "INSERT … RETURNING → é");
  EXPECT_EQ(NormaliseJobError("line one\nline two\tend"), "line one line two end");
  EXPECT_EQ(NormaliseJobError(std::string("bad \xff\xfe byte and \xc3")), "bad ?? byte and ?");
  EXPECT_EQ(NormaliseJobError(std::string(3000, 'e')), std::string(kMaxJobErrorBytes, 'e'));
  // Cut at a character boundary: 1999 ASCII bytes and a 2-byte character do not fit in 2000.
  EXPECT_EQ(NormaliseJobError(std::string(1999, 'e') + "é"), std::string(1999, 'e'));
}

}  // namespace
}  // namespace openmsp::domain
