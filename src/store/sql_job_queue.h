#pragma once

#include "domain/job.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The job queue over either back end (docs/storage.md, "Jobs"). A claim is one `UPDATE … WHERE id IN
/// (SELECT … ORDER BY run_at, id LIMIT n)` whose SELECT ends in the dialect's `skip_locked`: on
/// PostgreSQL concurrent claimers skip each other's rows instead of waiting, on SQLite the claim's
/// `BEGIN IMMEDIATE` transaction makes claimers take turns. Every other change is one statement
/// conditional on the state and the lease owner (and `Fail` also on the attempt it read), so a worker
/// that lost its lease changes nothing.
class SqlJobQueue final : public domain::JobQueue {
 public:
  /// Uses `connection`, which must outlive the queue; failed attempts wait as `backoff` says.
  explicit SqlJobQueue(SqlConnection& connection, domain::JobBackoff backoff = {});

  /// As `domain::JobQueue` documents them.
  Result<domain::Job> Enqueue(std::optional<domain::TenantId> tenant_id, const domain::NewJob& job,
                              Instant now) override;
  Result<std::vector<domain::Job>> Claim(std::string_view worker_id, std::span<const std::string> kinds,
                                         Instant now, Duration lease, int max_count) override;
  Result<domain::Job> ExtendLease(domain::JobId id, std::string_view worker_id, Instant now,
                                  Duration lease) override;
  Result<domain::Job> Complete(domain::JobId id, std::string_view worker_id, Instant now) override;
  Result<domain::Job> Fail(domain::JobId id, std::string_view worker_id, std::string_view error,
                           Instant now) override;
  Result<domain::Job> Release(domain::JobId id, std::string_view worker_id, Instant now) override;
  Result<domain::Job> Requeue(domain::JobScope scope, domain::JobId id, Instant now) override;
  Result<domain::Job> FindById(domain::JobScope scope, domain::JobId id) override;
  Result<std::vector<domain::Job>> List(domain::JobScope scope, domain::JobState state, int limit) override;
  Result<std::vector<domain::JobCount>> Counts(domain::JobScope scope) override;

 private:
  /// Runs an `UPDATE … RETURNING` of job `id` conditional on it being held by `worker_id`; when it
  /// changes nothing, says why (kNotFound or kFailedPrecondition).
  Result<domain::Job> UpdateHeld(domain::JobId id, std::string_view worker_id, const std::string& sql,
                                 std::span<const SqlParam> params);
  /// Why job `id` is not held by `worker_id`.
  Error NotHeld(domain::JobId id, std::string_view worker_id);
  std::string Columns() const;

  SqlConnection& connection_;
  domain::JobBackoff backoff_;
};

}  // namespace openmsp::store
