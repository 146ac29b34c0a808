#include "app/pull_jobs.h"

#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "emsp/system_random.h"
#include "http/client.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"

namespace openmsp::app {
namespace {

// What the workers share: one client (thread-safe, keeps connections to peers alive), the random source
// of request ids, and the CDR ingestor (thread-safe; its writer groups the CDRs of concurrent pulls).
struct PullWorkerTools {
  http::HttpClient client;
  emsp::SystemRandom random;
  std::unique_ptr<store::CpoCdrIngestor> cdrs;
};

Result<void> RunPull(const store::DatabaseUrl& url, const Clock& clock, PullWorkerTools& shared,
                     const domain::Job& job, const JobContext& context) {
  if (!job.tenant_id) return Error{ErrorCode::kInvalidArgument, "tenant_id", "a pull is a tenant's"};
  OPENMSP_ASSIGN_OR_RETURN(const emsp::PullJob pull, emsp::ParsePullJobPayload(job.payload));
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories db, store::Repositories::Open(url, clock));
  emsp::PullTools tools{
      .client = shared.client, .random = shared.random, .clock = clock, .cdrs = *shared.cdrs};
  // A stopping node ends a long pull between pages; the job is tried again (here or on another node).
  tools.limits.stop_requested = [&context] { return context.stop_requested() || context.lease_lost(); };
  Result<emsp::ModulePullResult> result = emsp::RunModulePull(db, tools, *job.tenant_id, pull);
  if (!result && result.error().field == "peer_id") return Ok();  // the peer is gone: nothing to pull
  OPENMSP_RETURN_IF_ERROR(result);
  if (result->report.error) return *result->report.error;
  return Ok();
}

}  // namespace

http::HttpClientOptions PullClientOptions() {
  http::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(10);
  options.request_timeout = std::chrono::seconds(60);
  options.max_attempts = 3;
  return options;
}

Result<void> RegisterPullJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock) {
  OPENMSP_ASSIGN_OR_RETURN(http::HttpClient client, http::HttpClient::Create(PullClientOptions()));
  OPENMSP_ASSIGN_OR_RETURN(std::unique_ptr<store::CpoCdrIngestor> cdrs,
                           store::CpoCdrIngestor::Open(url, clock));
  auto shared = std::make_shared<PullWorkerTools>(PullWorkerTools{std::move(client), {}, std::move(cdrs)});
  return runner.Register(std::string(emsp::kPullJob),
                         [url, &clock, shared](const domain::Job& job, const JobContext& context) {
                           return RunPull(url, clock, *shared, job, context);
                         });
}

PullSweep::PullSweep(const store::DatabaseUrl& url, const Clock& clock, std::chrono::milliseconds interval)
    : task_(interval, [url, &clock] {
        Result<void> swept = [&]() -> Result<void> {
          OPENMSP_ASSIGN_OR_RETURN(store::Repositories db, store::Repositories::Open(url, clock));
          OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::Tenant> tenants, db.tenants().List());
          for (const domain::Tenant& tenant : tenants) {
            OPENMSP_RETURN_IF_ERROR(emsp::QueuePeerPulls(db.peers(), db.jobs(), tenant.id, clock.Now()));
          }
          return Ok();
        }();
        if (!swept) std::cerr << "openmsp: pull sweep: " + swept.error().ToString() + "\n";
      }) {}

}  // namespace openmsp::app
