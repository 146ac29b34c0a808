#pragma once

#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/repositories.h"

namespace openmsp::domain {

// The kinds of the rating jobs and the one way to queue them: the OCPI cdrs module queues a tenant's
// rating when a CDR arrives, the app's sweep and commands do the same (docs/rating.md, "Rating in the
// background"). The handlers are app::RegisterRatingJobs'.

/// Rates the tenant's CPO CDRs that have no MSP CDR yet (`rating::RateBacklog`). Queued when CDRs
/// arrive (the OCPI cdrs module) and by the sweep.
inline constexpr std::string_view kRateCdrsJob = "cdr.rate";
/// Rates again the tenant's MSP CDRs that need attention (`rating::RerateNeedsAttention`). Queued when a
/// cause may be fixed (a token, plan, VAT or exchange rate changed) and by the sweep.
inline constexpr std::string_view kRerateHeldCdrsJob = "cdr.rerate_held";

/// Queues a job of `kind` for `tenant_id`, unless one is queued or running already: the dedupe key
/// (the kind) makes a burst of CDRs one job, and the running one takes what arrives meanwhile.
Result<void> QueueRatingJob(JobQueue& jobs, std::string_view kind, TenantId tenant_id, Instant now);

}  // namespace openmsp::domain
