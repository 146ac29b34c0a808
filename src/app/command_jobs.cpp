#include "app/command_jobs.h"

#include <memory>
#include <string>
#include <utility>

#include "emsp/commands_module.h"
#include "emsp/system_random.h"
#include "http/client.h"
#include "store/repositories.h"

namespace openmsp::app {
namespace {

// What the workers share: one client (thread-safe, keeps connections to peers alive) and the random
// source of request ids.
struct CommandTools {
  http::HttpClient client;
  emsp::SystemRandom random;
};

}  // namespace

Result<void> RegisterCommandJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock) {
  http::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(10);
  options.request_timeout = std::chrono::seconds(30);
  options.max_attempts = 1;
  OPENMSP_ASSIGN_OR_RETURN(http::HttpClient client, http::HttpClient::Create(options));
  auto tools = std::make_shared<CommandTools>(CommandTools{std::move(client), {}});
  return runner.Register(
      std::string(emsp::kCommandJob),
      [url, &clock, tools](const domain::Job& job, const JobContext&) -> Result<void> {
        OPENMSP_ASSIGN_OR_RETURN(store::Repositories db, store::Repositories::Open(url, clock));
        OPENMSP_RETURN_IF_ERROR(emsp::RunCommandJob(db, tools->client, tools->random, clock, job));
        return Ok();
      });
}

}  // namespace openmsp::app
