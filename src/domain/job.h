#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"

namespace openmsp::domain {

/// A job's id: the 64-bit integer its database row was given, unique across tenants.
struct JobId {
  std::int64_t value = 0;

  friend auto operator<=>(const JobId&, const JobId&) = default;
};

/// Where a job is in its life: `queued → running → succeeded`, or `running → queued` again after a
/// failure (with a backoff), or `running → dead` once its attempts are used up. `dead → queued` only by
/// an administrator (`JobQueue::Requeue`). `succeeded` is final.
enum class JobState { kQueued, kRunning, kSucceeded, kDead };

/// The stored spelling of `state`: `queued`, `running`, `succeeded` or `dead`.
std::string_view JobStateName(JobState state);

/// The state spelled `name` (as `JobStateName` does); kInvalidArgument with an empty field otherwise.
Result<JobState> ParseJobState(std::string_view name);

/// The longest job kind, dedupe key and payload accepted.
inline constexpr std::size_t kMaxJobKindLength = 64;
inline constexpr std::size_t kMaxJobDedupeKeyLength = 200;
inline constexpr std::size_t kMaxJobPayloadBytes = 64 * 1024;
/// The most attempts a job may be given, and the default.
inline constexpr int kMaxJobAttempts = 100;
inline constexpr int kDefaultJobAttempts = 10;

/// What it takes to queue a job. The tenant is passed beside it (none for platform work).
struct NewJob {
  /// What to do, naming the handler: dot-separated words of `a-z`, `0-9` and `_`, each starting with a
  /// letter (`token.push`, `cdr.rate`), at most 64 characters.
  std::string kind;
  /// The handler's input: a JSON object as text, at most 64 KiB. Jobs carry references (ids), not data.
  std::string payload = "{}";
  /// Optional: while a job of the same tenant and kind with this key is queued or running, queuing
  /// another is refused (kAlreadyExists naming `dedupe_key`). Printable ASCII, at most 200 characters;
  /// empty when not given.
  std::string dedupe_key;
  /// How many times the job may be claimed before it is dead: 1 to 100.
  int max_attempts = kDefaultJobAttempts;
  /// Not before this instant; nullopt means now.
  std::optional<Instant> run_at;
};

/// A stored job: background work that any node may do.
struct Job {
  JobId id;
  /// The tenant the work is for; nullopt for platform work that belongs to no tenant.
  std::optional<TenantId> tenant_id;
  std::string kind;
  std::string payload;
  /// Empty when the job has none.
  std::string dedupe_key;
  JobState state = JobState::kQueued;
  /// How many times the job has been claimed (a claim counts as an attempt even if its worker dies).
  int attempts = 0;
  int max_attempts = kDefaultJobAttempts;
  /// Queued: not claimed before this instant. Otherwise when it was last due.
  Instant run_at;
  /// The worker holding the job while running, and the last one that held it afterwards; empty when it
  /// has never been claimed.
  std::string lease_owner;
  /// Running: the instant from which another worker may claim it. nullopt in every other state.
  std::optional<Instant> lease_expires_at;
  /// The error of the last failed attempt; empty when there was none.
  std::string last_error;
  Instant created_at;
  Instant updated_at;

  friend bool operator==(const Job&, const Job&) = default;
};

/// Checks a job kind (see `NewJob::kind`). The error has an empty field, for the caller to `Nested`.
Result<void> ValidateJobKind(std::string_view kind);

/// The longest worker id accepted.
inline constexpr std::size_t kMaxJobWorkerIdLength = 100;

/// Checks a worker id, the name a worker claims jobs under (`node-a/worker-2`): printable ASCII, 1 to 100
/// characters. It must be unique among the workers sharing the queue, since a lease is held by it. The
/// error names the field `worker_id`.
Result<void> ValidateJobWorkerId(std::string_view worker_id);

/// Checks the rules of `NewJob` that need no stored state: `kind`, `payload` (a JSON object),
/// `dedupe_key`, `max_attempts` and `run_at` (inside the range an OCPI DateTime can name). The error
/// names the field.
Result<void> ValidateNewJob(const NewJob& job);

/// The longest error text kept with a job.
inline constexpr std::size_t kMaxJobErrorBytes = 2000;

/// `error` as a job keeps it: invalid UTF-8 bytes become `?`, control characters (newlines included)
/// become spaces, and it is cut to at most 2000 bytes at a character boundary. Handlers' errors may carry
/// a peer's bytes, and PostgreSQL refuses text that is not UTF-8.
std::string NormaliseJobError(std::string_view error);

/// Whose jobs an administrative read or a requeue reaches: one tenant's (what a tenant's staff may see),
/// or every job, platform work included (the platform operator's view). A job outside the scope is
/// kNotFound, exactly like a job that does not exist.
struct JobScope {
  /// nullopt: every job.
  std::optional<TenantId> tenant_id;

  static JobScope Platform() { return JobScope{}; }
  static JobScope OfTenant(TenantId tenant_id) { return JobScope{tenant_id}; }
};

/// How many jobs of one kind are in one state: a line of the queue's monitoring figures (queue depth is
/// the `queued` count).
struct JobCount {
  std::string kind;
  JobState state = JobState::kQueued;
  std::int64_t count = 0;

  friend bool operator==(const JobCount&, const JobCount&) = default;
};

/// How long a failed job waits before it runs again: exponential from `base`, capped at `cap`, plus a
/// deterministic jitter of 0–9 % (see `JobRetryDelay`).
struct JobBackoff {
  Duration base = std::chrono::seconds(10);
  Duration cap = std::chrono::hours(1);
};

/// The delay after the `attempt`-th attempt (1-based) of job `id` failed:
/// `d = min(base × 2^(attempt−1), cap)`, then `d + d × (id mod 10) / 100`, in whole milliseconds
/// (rounded down). The jitter is a function of the id, not of a random source, so tests can compute it by
/// hand and a burst of jobs queued together (consecutive ids) that fail together spreads over ten
/// instants instead of returning at one. It is applied after the cap so capped retries spread too.
Duration JobRetryDelay(JobId id, int attempt, const JobBackoff& backoff = {});

/// What happens to a running job whose attempt failed at `now`.
struct JobFailureOutcome {
  /// `kQueued` (tried again at `run_at`) or `kDead` (no attempts left).
  JobState state = JobState::kQueued;
  /// When it may be claimed again; `now` when dead.
  Instant run_at;
};

/// The outcome of a failed attempt of `job` at `now`: dead when `job.attempts >= job.max_attempts`,
/// otherwise queued again at `now + JobRetryDelay(job.id, job.attempts)` (never past `kMaxInstant`).
JobFailureOutcome OnJobFailure(const Job& job, Instant now, const JobBackoff& backoff = {});

}  // namespace openmsp::domain
