#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "billing/billing_run.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/invoice.h"
#include "domain/job.h"
#include "domain/repositories.h"

namespace openmsp::billing {

// Billing runs as background jobs (docs/billing.md, "Runs as jobs"): a month of a big tenant takes up to a
// minute, too long for a request. `POST /billing-runs` and serve's monthly schedule queue a `billing.run`
// job; a job worker runs `RunBilling` and audits it.

/// The job kind; the app registers its handler (app/billing_jobs.h).
inline constexpr std::string_view kBillingRunJob = "billing.run";

/// What a `billing.run` job carries: the tenant and period, and who asked (the job's payload).
struct BillingRunRequest {
  domain::TenantId tenant_id;
  domain::BillingPeriod period;
  /// The user who asked through the Control Centre; nullopt for serve's schedule.
  std::optional<domain::UserId> requested_by = std::nullopt;
  /// The asking request's `X-Request-ID`, for the audit entry; empty when none.
  std::string request_id = {};

  friend bool operator==(const BillingRunRequest&, const BillingRunRequest&) = default;
};

/// `{"tenant_id": 7, "period": "2026-10", "requested_by": 12 | null, "request_id": "…"}`.
std::string BillingRunPayload(const BillingRunRequest& request);

/// The request a `billing.run` job carries; kInvalidArgument naming `payload` (or its member) when it is
/// not one, or when its tenant is not the job's.
Result<BillingRunRequest> BillingRunRequestOf(const domain::Job& job);

/// Queues the run of `request` as a `billing.run` job of its tenant unless one of that period is queued or
/// running already (the dedupe key `billing.run:2026-10`): asking twice runs it once. Answers whether it
/// queued one.
Result<bool> QueueBillingRun(domain::JobQueue& jobs, const BillingRunRequest& request, Instant now);

/// The job of `period` of `tenant_id` that is queued or running, if any (one query of at most 100 jobs per
/// state: a tenant has few).
Result<std::optional<domain::Job>> PendingBillingRun(domain::JobQueue& jobs, domain::TenantId tenant_id,
                                                     domain::BillingPeriod period);

/// What the API answers for a run and the audit entry keeps: `run_id`, `period`, `already_complete`,
/// `drafts`, `cdrs_invoiced`, `held` (`msp_cdr_id`, `reason`, `detail`), `skipped`.
boost::json::object BillingRunReportJson(const BillingRunReport& report);

/// Runs `request` (`RunBilling`) and, when it ran (not `already_complete`), appends `billing_run.run` to
/// the tenant's audit log: by the user who asked, or by the system `billing-schedule`. Idempotent, as
/// `RunBilling` is: a job run twice bills nothing twice and audits once per run that did something.
Result<BillingRunReport> RunRequestedBilling(const BillingStores& stores, domain::AuditLog& audit_log,
                                             const BillingRunRequest& request);

}  // namespace openmsp::billing
