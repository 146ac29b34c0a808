#include "app/billing_jobs.h"

#include <iostream>
#include <string>
#include <vector>

#include "billing/billing_job.h"

namespace openmsp::app {
namespace {

Result<void> RunBillingJob(const store::DatabaseUrl& url, const Clock& clock, const domain::Job& job) {
  OPENMSP_ASSIGN_OR_RETURN(const billing::BillingRunRequest request, billing::BillingRunRequestOf(job));
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, store::Repositories::Open(url, clock));
  OPENMSP_RETURN_IF_ERROR(billing::RunRequestedBilling(billing::BillingStoresOf(repositories),
                                                       repositories.audit_log(), request));
  return Ok();
}

// The UTC calendar day of `now`: {year, month, day}.
std::chrono::year_month_day UtcDay(Instant now) {
  return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now.sys_time()));
}

}  // namespace

Result<void> RegisterBillingJobs(JobRunner& runner, const store::DatabaseUrl& url, const Clock& clock) {
  return runner.Register(
      std::string(billing::kBillingRunJob),
      [url, &clock](const domain::Job& job, const JobContext&) { return RunBillingJob(url, clock, job); });
}

Result<int> QueueMonthlyBillingRuns(store::Repositories& repositories, Instant now) {
  const std::chrono::year_month_day today = UtcDay(now);
  if (today.day() != std::chrono::day{1}) return 0;
  const std::chrono::year_month previous =
      std::chrono::year_month(today.year(), today.month()) - std::chrono::months(1);
  const domain::BillingPeriod period{.year = static_cast<int>(previous.year()),
                                     .month = static_cast<int>(static_cast<unsigned>(previous.month()))};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::Tenant> tenants, repositories.tenants().List());
  int queued = 0;
  for (const domain::Tenant& tenant : tenants) {
    OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::BillingRunSummary> run,
                             repositories.billing_runs().FindRun(tenant.id, period));
    if (run && run->run.completed_at) continue;  // billed: never again
    OPENMSP_ASSIGN_OR_RETURN(
        const bool added,
        billing::QueueBillingRun(repositories.jobs(), {.tenant_id = tenant.id, .period = period}, now));
    if (added) ++queued;
  }
  return queued;
}

BillingSchedule::BillingSchedule(const store::DatabaseUrl& url, const Clock& clock,
                                 std::chrono::milliseconds interval)
    : task_(interval, [url, &clock] {
        Result<int> round = [&]() -> Result<int> {
          OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, store::Repositories::Open(url, clock));
          return QueueMonthlyBillingRuns(repositories, clock.Now());
        }();
        if (!round) std::cerr << "openmsp: billing schedule: " + round.error().ToString() + "\n";
      }) {}

}  // namespace openmsp::app
