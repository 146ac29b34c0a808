#pragma once

#include "app/job_runner.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database_url.h"

namespace openmsp::app {

/// Registers the handler of `emsp::kTokenPushJob` on `runner` (docs/ocpi.md "## tokens"): each run opens
/// its own connection to `url` and sends one token to one peer with `emsp::RunTokenPush`, over an
/// `http::HttpClient` shared by the workers that tries each PUT once (10 s to connect, 30 s in all), so
/// every retry is the job queue's, with its backoff, and sends the token's state of that moment. `clock`
/// must outlive the runner.
Result<void> RegisterTokenPushJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock);

}  // namespace openmsp::app
