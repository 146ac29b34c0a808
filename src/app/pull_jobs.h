#pragma once

#include <chrono>
#include <memory>

#include "app/job_runner.h"
#include "core/clock.h"
#include "core/periodic_task.h"
#include "core/result.h"
#include "emsp/peer_sync.h"
#include "store/database_url.h"

namespace openmsp::app {

// Pulling the CPOs' data in the background (docs/ocpi.md "## Pullers"): `ocpi.pull` jobs, one per tenant,
// peer and module, queued by a sweep and run by the job runner's workers.

/// The HTTP client of pulls: 10 s to connect, 60 s per page, each GET tried at most 3 times
/// (`HttpClient` retries 502, 503, 504, 429 and lost connections with backoff); a pull that still fails
/// is tried again by the job queue, with its backoff.
http::HttpClientOptions PullClientOptions();

/// Registers the handler of `emsp::kPullJob` on `runner`: each run opens its own connection to `url` and
/// pulls one module of one peer with `emsp::RunModulePull`, over an `http::HttpClient`
/// (`PullClientOptions`) and a `store::CpoCdrIngestor` opened here on `url`, shared by the workers. A pull
/// that failed (the peer unreachable, an error answer) fails the job, which the queue tries again; a
/// peer that is gone, or no longer offers the module, ends it. A stopping runner (or a lost lease) ends a
/// pull between two pages, failing the attempt. `clock` must outlive the runner.
Result<void> RegisterPullJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock);

/// Queues an incremental pull of every module of every connected peer of every tenant that has a Sender
/// endpoint for it (`emsp::QueuePeerPulls`) every `interval` (the first round at once), on a thread of its
/// own until destroyed. Failures are logged and tried again at the next round.
class PullSweep {
 public:
  PullSweep(const store::DatabaseUrl& url, const Clock& clock,
            std::chrono::milliseconds interval = std::chrono::minutes(15));

 private:
  PeriodicTask task_;
};

}  // namespace openmsp::app
