#include "domain/rating_job.h"

#include <optional>
#include <string>

namespace openmsp::domain {

Result<void> QueueRatingJob(JobQueue& jobs, std::string_view kind, TenantId tenant_id, Instant now) {
  const NewJob job{.kind = std::string(kind),
                   .payload = "{}",
                   .dedupe_key = std::string(kind),
                   .max_attempts = kDefaultJobAttempts,
                   .run_at = std::nullopt};
  Result<Job> queued = jobs.Enqueue(tenant_id, job, now);
  if (!queued && queued.error().code != ErrorCode::kAlreadyExists) return queued.error();
  return Ok();
}

}  // namespace openmsp::domain
