#pragma once

#include <functional>

#include "app/job_runner.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database_url.h"

namespace openmsp::app {

/// Registers the handler of `emsp::kTokenPushJob` on `runner` (docs/ocpi.md "## tokens"): each run opens
/// its own connection to `url` and sends one token to one peer with `emsp::RunTokenPush`, over an
/// `http::HttpClient` shared by the workers that tries each PUT once (10 s to connect, 30 s in all), so
/// every retry is the job queue's, with its backoff, and sends the token's state of that moment. `clock`
/// must outlive the runner. `before_push` runs at the start of every run, before the token is read: serve
/// forgets there what real-time authorization remembered of tokens (`emsp::RememberedTokens`), so that
/// no CPO told of a change is answered from before it.
Result<void> RegisterTokenPushJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock,
                                   std::function<void()> before_push);

}  // namespace openmsp::app
