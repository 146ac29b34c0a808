#include "store/sql_job_queue.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::Job;
using domain::JobCount;
using domain::JobId;
using domain::JobScope;
using domain::JobState;
using domain::TenantId;

constexpr int kMaxClaimCount = 1000;
constexpr std::size_t kMaxClaimKinds = 100;
constexpr int kMaxListLimit = 1000;

std::string StateParam(JobState state) { return std::string(domain::JobStateName(state)); }

Result<Job> JobFromRow(const SqlRow& row) {
  Job job;
  OPENMSP_ASSIGN_OR_RETURN(job.id.value, ParseInteger(row[0]));
  if (row[1]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[1]));
    job.tenant_id = TenantId{tenant_id};
  }
  job.kind = TextOf(row[2]);
  job.payload = TextOf(row[3]);
  job.dedupe_key = TextOf(row[4]);
  OPENMSP_ASSIGN_OR_RETURN(job.state, ParseStored(domain::ParseJobState, row[5]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t attempts, ParseInteger(row[6]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t max_attempts, ParseInteger(row[7]));
  job.attempts = static_cast<int>(attempts);
  job.max_attempts = static_cast<int>(max_attempts);
  OPENMSP_ASSIGN_OR_RETURN(job.run_at, ParseRequiredInstant(row[8]));
  job.lease_owner = TextOf(row[9]);
  OPENMSP_ASSIGN_OR_RETURN(job.lease_expires_at, ParseOptionalInstant(row[10]));
  job.last_error = TextOf(row[11]);
  OPENMSP_ASSIGN_OR_RETURN(job.created_at, ParseRequiredInstant(row[12]));
  OPENMSP_ASSIGN_OR_RETURN(job.updated_at, ParseRequiredInstant(row[13]));
  return job;
}

Result<std::vector<Job>> JobsFromRows(const std::vector<SqlRow>& rows) {
  std::vector<Job> jobs;
  jobs.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(Job job, JobFromRow(row));
    jobs.push_back(std::move(job));
  }
  return jobs;
}

// `AND tenant_id = $n` for a tenant's scope (its id appended to `params`), nothing for the platform's.
std::string ScopeCondition(const JobScope& scope, std::vector<SqlParam>& params) {
  if (!scope.tenant_id) return "";
  params.emplace_back(scope.tenant_id->value);
  return " AND tenant_id = $" + std::to_string(params.size());
}

Result<void> CheckLease(Duration lease) {
  if (lease <= Duration::zero() || lease > std::chrono::hours(24)) {
    return InvalidArgument("lease", "must be 1 ms to 24 h, not " + std::to_string(lease.count()) + " ms");
  }
  return Ok();
}

}  // namespace

SqlJobQueue::SqlJobQueue(SqlConnection& connection, domain::JobBackoff backoff)
    : connection_(connection), backoff_(backoff) {}

std::string SqlJobQueue::Columns() const {
  const SqlDialect& dialect = connection_.dialect();
  return "id, tenant_id, kind, payload, dedupe_key, state, attempts, max_attempts, " +
         InstantColumn(dialect, "run_at") + ", lease_owner, " + InstantColumn(dialect, "lease_expires_at") +
         ", last_error, " + InstantColumn(dialect, "created_at") + ", " + InstantColumn(dialect, "updated_at");
}

Result<Job> SqlJobQueue::Enqueue(std::optional<TenantId> tenant_id, const domain::NewJob& job, Instant now) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewJob(job));
  const SqlParam params[] = {tenant_id ? SqlParam(tenant_id->value) : SqlParam(nullptr),
                             job.kind,
                             job.payload,
                             OptionalText(job.dedupe_key),
                             std::int64_t{job.max_attempts},
                             InstantParam(job.run_at.value_or(now)),
                             InstantParam(now)};
  Result<std::vector<SqlRow>> inserted = connection_.Query(
      "INSERT INTO jobs (tenant_id, kind, payload, dedupe_key, state, attempts, max_attempts, run_at, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, $7, $7) RETURNING " +
          Columns(),
      params);
  if (!inserted) {
    if (inserted.error().code == ErrorCode::kNotFound) return NotFound("tenant_id", "no such tenant");
    if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
    const SqlParam twin_params[] = {tenant_id ? tenant_id->value : 0, job.kind, job.dedupe_key};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> twins,
        connection_.Query("SELECT id FROM jobs WHERE coalesce(tenant_id, 0) = $1 AND kind = $2 AND "
                          "dedupe_key = $3 AND state IN ('queued', 'running')",
                          twin_params));
    std::string twin = twins.empty() ? "another job" : "job " + TextOf(twins.front()[0]);
    return Error{ErrorCode::kAlreadyExists, "dedupe_key",
                 twin + " of kind " + job.kind + " with the key '" + job.dedupe_key + "' is pending already"};
  }
  if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no row");
  return JobFromRow(inserted->front());
}

Result<std::vector<Job>> SqlJobQueue::Claim(std::string_view worker_id, std::span<const std::string> kinds,
                                            Instant now, Duration lease, int max_count) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateJobWorkerId(worker_id));
  if (kinds.empty() || kinds.size() > kMaxClaimKinds) {
    return InvalidArgument("kinds", "must name 1 to 100 kinds, not " + std::to_string(kinds.size()));
  }
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (Result<void> kind = domain::ValidateJobKind(kinds[i]); !kind) {
      return kind.error().Nested("kinds[" + std::to_string(i) + "]");
    }
  }
  OPENMSP_RETURN_IF_ERROR(CheckLease(lease));
  if (max_count < 1 || max_count > kMaxClaimCount) {
    return InvalidArgument("max_count", "must be 1 to 1000, not " + std::to_string(max_count));
  }

  // The claim binds $1 worker, $2 now, $3 lease expiry, $4 count, then the kinds; the statement that
  // buries exhausted jobs $1 now, then the kinds.
  std::vector<SqlParam> params = {std::string(worker_id), InstantParam(now), InstantParam(now + lease),
                                  std::int64_t{max_count}};
  std::vector<SqlParam> exhausted_params = {InstantParam(now)};
  std::string kind_list;
  std::string exhausted_kind_list;
  for (const std::string& kind : kinds) {
    params.emplace_back(kind);
    exhausted_params.emplace_back(kind);
    kind_list += (kind_list.empty() ? "$" : ", $") + std::to_string(params.size());
    exhausted_kind_list += (exhausted_kind_list.empty() ? "$" : ", $") + std::to_string(exhausted_params.size());
  }
  const std::string exhausted =
      "UPDATE jobs SET state = 'dead', lease_expires_at = NULL, updated_at = $1, last_error = 'the lease of "
      "' || lease_owner || ' expired on the last attempt (its worker stopped or hung)' WHERE state = "
      "'running' AND lease_expires_at <= $1 AND attempts >= max_attempts AND kind IN (" +
      exhausted_kind_list + ")";
  const std::string claim =
      "WITH next AS MATERIALIZED (SELECT id FROM jobs WHERE state IN ('queued', 'running') AND "
      "((state = 'queued' AND run_at <= $2) OR (state = 'running' AND lease_expires_at <= $2)) AND "
      "attempts < max_attempts AND kind IN (" +
      kind_list + ") ORDER BY run_at, id LIMIT $4" + std::string(connection_.dialect().skip_locked) +
      ") UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $1, lease_expires_at = "
      "$3, updated_at = $2 WHERE id IN (SELECT id FROM next) RETURNING " +
      Columns();
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Job> jobs, InTransaction(connection_, [&]() -> Result<std::vector<Job>> {
                             OPENMSP_RETURN_IF_ERROR(connection_.Query(exhausted, exhausted_params));
                             OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(claim, params));
                             return JobsFromRows(rows);
                           }));
  std::sort(jobs.begin(), jobs.end(),
            [](const Job& a, const Job& b) { return std::tie(a.run_at, a.id) < std::tie(b.run_at, b.id); });
  return jobs;
}

Result<Job> SqlJobQueue::ExtendLease(JobId id, std::string_view worker_id, Instant now, Duration lease) {
  OPENMSP_RETURN_IF_ERROR(CheckLease(lease));
  const SqlParam params[] = {id.value, std::string(worker_id), InstantParam(now), InstantParam(now + lease)};
  return UpdateHeld(id, worker_id,
                    "UPDATE jobs SET lease_expires_at = $4, updated_at = $3 WHERE id = $1 AND state = 'running' "
                    "AND lease_owner = $2 RETURNING " +
                        Columns(),
                    params);
}

Result<Job> SqlJobQueue::Complete(JobId id, std::string_view worker_id, Instant now) {
  const SqlParam params[] = {id.value, std::string(worker_id), InstantParam(now)};
  return UpdateHeld(id, worker_id,
                    "UPDATE jobs SET state = 'succeeded', lease_expires_at = NULL, updated_at = $3 WHERE id = $1 "
                    "AND state = 'running' AND lease_owner = $2 RETURNING " +
                        Columns(),
                    params);
}

Result<Job> SqlJobQueue::Fail(JobId id, std::string_view worker_id, std::string_view error, Instant now) {
  const SqlParam read_params[] = {id.value, std::string(worker_id)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT " + Columns() + " FROM jobs WHERE id = $1 AND state = 'running' AND lease_owner = $2",
                        read_params));
  if (rows.empty()) return NotHeld(id, worker_id);
  OPENMSP_ASSIGN_OR_RETURN(Job job, JobFromRow(rows.front()));
  domain::JobFailureOutcome outcome = domain::OnJobFailure(job, now, backoff_);
  // Conditional on the attempt read above too: had the lease run out and the job been claimed again
  // since, even by this worker, this attempt's failure must not touch the new one.
  const SqlParam params[] = {id.value,
                             std::string(worker_id),
                             std::int64_t{job.attempts},
                             StateParam(outcome.state),
                             InstantParam(outcome.run_at),
                             domain::NormaliseJobError(error),
                             InstantParam(now)};
  return UpdateHeld(id, worker_id,
                    "UPDATE jobs SET state = $4, run_at = $5, lease_expires_at = NULL, last_error = $6, "
                    "updated_at = $7 WHERE id = $1 AND state = 'running' AND lease_owner = $2 AND attempts = $3 "
                    "RETURNING " +
                        Columns(),
                    params);
}

Result<Job> SqlJobQueue::Release(JobId id, std::string_view worker_id, Instant now) {
  const SqlParam params[] = {id.value, std::string(worker_id), InstantParam(now)};
  return UpdateHeld(id, worker_id,
                    "UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_expires_at = NULL, "
                    "updated_at = $3 WHERE id = $1 AND state = 'running' AND lease_owner = $2 RETURNING " +
                        Columns(),
                    params);
}

Result<Job> SqlJobQueue::Requeue(JobScope scope, JobId id, Instant now) {
  std::vector<SqlParam> params = {id.value, InstantParam(now)};
  std::string sql =
      "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $2, updated_at = $2 WHERE id = $1 AND state = "
      "'dead'" +
      ScopeCondition(scope, params) + " RETURNING " + Columns();
  Result<std::vector<SqlRow>> rows = connection_.Query(sql, params);
  if (!rows) {
    if (rows.error().code != ErrorCode::kAlreadyExists) return std::move(rows).error();
    return Error{ErrorCode::kAlreadyExists, "dedupe_key",
                 "another job of its kind with its dedupe key is pending; job " + std::to_string(id.value) +
                     " stays dead"};
  }
  if (rows->empty()) {
    OPENMSP_ASSIGN_OR_RETURN(Job job, FindById(scope, id));
    return Error{ErrorCode::kFailedPrecondition, "state",
                 "job " + std::to_string(id.value) + " is " + std::string(domain::JobStateName(job.state)) +
                     "; only a dead job can be requeued"};
  }
  return JobFromRow(rows->front());
}

Result<Job> SqlJobQueue::FindById(JobScope scope, JobId id) {
  std::vector<SqlParam> params = {id.value};
  std::string sql = "SELECT " + Columns() + " FROM jobs WHERE id = $1" + ScopeCondition(scope, params);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(sql, params));
  if (rows.empty()) return NotFound("id", "no such job");
  return JobFromRow(rows.front());
}

Result<std::vector<Job>> SqlJobQueue::List(JobScope scope, JobState state, int limit) {
  if (limit < 1 || limit > kMaxListLimit) {
    return InvalidArgument("limit", "must be 1 to 1000, not " + std::to_string(limit));
  }
  std::vector<SqlParam> params = {StateParam(state), std::int64_t{limit}};
  std::string sql = "SELECT " + Columns() + " FROM jobs WHERE state = $1" + ScopeCondition(scope, params) +
                    " ORDER BY id LIMIT $2";
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(sql, params));
  return JobsFromRows(rows);
}

Result<std::vector<JobCount>> SqlJobQueue::Counts(JobScope scope) {
  std::vector<SqlParam> params;
  std::string sql = "SELECT kind, state, count(*) FROM jobs WHERE TRUE" + ScopeCondition(scope, params) +
                    " GROUP BY kind, state ORDER BY kind, state";
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(sql, params));
  std::vector<JobCount> counts;
  counts.reserve(rows.size());
  for (const SqlRow& row : rows) {
    JobCount count;
    count.kind = TextOf(row[0]);
    OPENMSP_ASSIGN_OR_RETURN(count.state, ParseStored(domain::ParseJobState, row[1]));
    OPENMSP_ASSIGN_OR_RETURN(count.count, ParseInteger(row[2]));
    counts.push_back(std::move(count));
  }
  return counts;
}

Result<Job> SqlJobQueue::UpdateHeld(JobId id, std::string_view worker_id, const std::string& sql,
                                    std::span<const SqlParam> params) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateJobWorkerId(worker_id));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(sql, params));
  if (rows.empty()) return NotHeld(id, worker_id);
  return JobFromRow(rows.front());
}

Error SqlJobQueue::NotHeld(JobId id, std::string_view worker_id) {
  Result<Job> job = FindById(JobScope::Platform(), id);
  if (!job) return std::move(job).error();
  std::string now_held = job->state == JobState::kRunning ? "running under " + job->lease_owner
                                                           : std::string(domain::JobStateName(job->state));
  return Error{ErrorCode::kFailedPrecondition, "worker_id",
               "job " + std::to_string(id.value) + " is not held by " + std::string(worker_id) + " (it is " +
                   now_held + ")"};
}

}  // namespace openmsp::store
