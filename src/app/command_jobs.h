#pragma once

#include "app/job_runner.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database_url.h"

namespace openmsp::app {

/// Registers the handler of `emsp::kCommandJob` on `runner`: the commands the Control Centre queued
/// (remote start and stop, `emsp::QueueCommand`). Each run opens its own connection to `url` and POSTs one
/// command once with `emsp::RunCommandJob`, over an `http::HttpClient` shared by the workers that never
/// retries (10 s to connect, 30 s in all): a command sent twice may start two sessions, so a failure is
/// recorded on the command (`unreachable`), not tried again. `clock` must outlive the runner.
Result<void> RegisterCommandJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock);

}  // namespace openmsp::app
