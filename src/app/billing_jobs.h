#pragma once

#include <chrono>

#include "app/job_runner.h"
#include "core/clock.h"
#include "core/periodic_task.h"
#include "core/result.h"
#include "store/database_url.h"
#include "store/repositories.h"

namespace openmsp::app {

// Billing in the background (docs/billing.md, "Runs as jobs"): the `billing.run` job's handler, and the
// monthly schedule that queues, for every tenant, the run of the month that just ended.

/// Registers the handler of `billing.run` (billing::kBillingRunJob) on `runner`: opens its own
/// connection to `url`, runs the job's period with `billing::RunRequestedBilling` (resuming an interrupted
/// run, doing nothing for a complete one) and audits it. `clock` must outlive the runner.
Result<void> RegisterBillingJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock);

/// One round of the schedule at `now`: on the 1st of a month (UTC), queues for every tenant the run of
/// the previous month unless that run is complete (or already queued or running); on any other day it
/// does nothing. Answers how many runs it queued. A round repeated on the same day queues nothing more.
Result<int> QueueMonthlyBillingRuns(store::Repositories& repositories, Instant now);

/// Runs `QueueMonthlyBillingRuns` every `interval` (steady clock), the first time at once, on a thread of
/// its own until destroyed. Failures (database unreachable) are logged and tried again at the next round.
class BillingSchedule {
 public:
  BillingSchedule(const store::DatabaseUrl& url, const Clock& clock,
                  std::chrono::milliseconds interval = std::chrono::hours(1));

 private:
  PeriodicTask task_;
};

}  // namespace openmsp::app
