#include "app/rating_jobs.h"

#include <iostream>
#include <string>
#include <utility>

#include "app/operator_support.h"
#include "rating/tenant_rater.h"
#include "store/repositories.h"

namespace openmsp::app {
namespace {

Result<domain::TenantId> TenantOf(const domain::Job& job) {
  if (!job.tenant_id) return Error{ErrorCode::kInvalidArgument, "tenant_id", "a rating job is a tenant's"};
  return *job.tenant_id;
}

Result<void> RateCdrs(const store::DatabaseUrl& url, const Clock& clock, const domain::Job& job,
                      const JobContext& context) {
  OPENMSP_ASSIGN_OR_RETURN(const domain::TenantId tenant_id, TenantOf(job));
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories reading, store::Repositories::Open(url, clock));
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories writing, store::Repositories::Open(url, clock));
  // Batches of 200, not `openmsp rate`'s 1,000: each is one write transaction, and while it holds SQLite's
  // write lock the CDR ingestor's group commits wait — 1,000 MSP CDRs hold it ~20 ms, which set the p99 of
  // a CDR POST; 200 keep it at a few ms and still rate faster than 10,000 CDRs/s (docs/performance.md).
  const rating::BacklogOptions options{.batch_size = 200, .stop_requested = [&context] {
                                         return context.stop_requested() || context.lease_lost();
                                       }};
  OPENMSP_RETURN_IF_ERROR(
      rating::RateBacklog(rating::RatingStoresOf(reading), writing.msp_cdrs(), tenant_id, options));
  return Ok();
}

Result<void> RerateHeldCdrs(const store::DatabaseUrl& url, const Clock& clock, const domain::Job& job) {
  OPENMSP_ASSIGN_OR_RETURN(const domain::TenantId tenant_id, TenantOf(job));
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, store::Repositories::Open(url, clock));
  const rating::RatingStores stores = rating::RatingStoresOf(repositories);
  OPENMSP_ASSIGN_OR_RETURN(rating::TenantRater rater, rating::TenantRater::Load(stores, tenant_id));
  OPENMSP_RETURN_IF_ERROR(rating::RerateNeedsAttention(rater, stores));
  return Ok();
}

}  // namespace

Result<void> RegisterRatingJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock) {
  OPENMSP_RETURN_IF_ERROR(runner.Register(std::string(kRateCdrsJob),
                                          [url, &clock](const domain::Job& job, const JobContext& context) {
                                            return RateCdrs(url, clock, job, context);
                                          }));
  return runner.Register(
      std::string(kRerateHeldCdrsJob),
      [url, &clock](const domain::Job& job, const JobContext&) { return RerateHeldCdrs(url, clock, job); });
}

RatingSweep::RatingSweep(const store::DatabaseUrl& url, const Clock& clock, RatingSweepIntervals intervals)
    : task_(intervals.rate, [url, &clock, intervals,
                             next_rerate = std::chrono::steady_clock::now()]() mutable {
        const bool rerate = std::chrono::steady_clock::now() >= next_rerate;
        if (rerate) next_rerate = std::chrono::steady_clock::now() + intervals.rerate_held;
        Result<void> swept = [&]() -> Result<void> {
          OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, store::Repositories::Open(url, clock));
          OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::Tenant> tenants, repositories.tenants().List());
          for (const domain::Tenant& tenant : tenants) {
            OPENMSP_RETURN_IF_ERROR(
                QueueRatingJob(repositories.jobs(), kRateCdrsJob, tenant.id, clock.Now()));
            if (rerate) {
              OPENMSP_RETURN_IF_ERROR(
                  QueueRatingJob(repositories.jobs(), kRerateHeldCdrsJob, tenant.id, clock.Now()));
            }
          }
          return Ok();
        }();
        if (!swept) std::cerr << "openmsp: rating sweep: " + swept.error().ToString() + "\n";
      }) {}

}  // namespace openmsp::app
