#pragma once

#include <chrono>
#include <string_view>

#include "app/job_runner.h"
#include "core/clock.h"
#include "core/periodic_task.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/rating_job.h"
#include "domain/repositories.h"
#include "store/database_url.h"

namespace openmsp::app {

// Rating in the background (docs/rating.md, "Rating in the background"): two job kinds per tenant,
// queued when their cause happens and by a sweep, so that nothing waits for ever if a queueing was lost.

// The kinds and their queueing live in src/domain (the OCPI cdrs module queues too), named here for the
// app's code.
using domain::kRateCdrsJob;
using domain::kRerateHeldCdrsJob;
using domain::QueueRatingJob;

/// Registers the handlers of both kinds on `runner`. Each run opens its own connections to `url`
/// (two for a backlog, which reads and stores at once), stores batches of 200 MSP CDRs (short write
/// transactions, so that CDRs arriving meanwhile are not held up), and ends between batches when the
/// runner stops.
/// `clock` must outlive the runner.
Result<void> RegisterRatingJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock);

/// How often the sweep queues each kind for every tenant (steady-clock intervals).
struct RatingSweepIntervals {
  /// A CDR whose queueing was lost waits at most this long.
  std::chrono::milliseconds rate = std::chrono::minutes(1);
  /// Re-rating what needs attention costs a rating per held CDR, so less often: its causes queue it too.
  std::chrono::milliseconds rerate_held = std::chrono::hours(1);
};

/// Queues the rating jobs for every tenant at `intervals` (both the first time at once), on a thread of
/// its own until destroyed. Failures (database unreachable) are logged and tried again at the next round.
class RatingSweep {
 public:
  RatingSweep(const store::DatabaseUrl& url, const Clock& clock, RatingSweepIntervals intervals);

 private:
  PeriodicTask task_;
};

}  // namespace openmsp::app
