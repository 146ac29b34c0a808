#include "billing/billing_job.h"

#include <boost/json.hpp>
#include <utility>
#include <vector>

#include "core/json.h"
#include "domain/audit.h"

namespace openmsp::billing {
namespace {

std::string DedupeKey(domain::BillingPeriod period) {
  return std::string(kBillingRunJob) + ":" + domain::FormatBillingPeriod(period);
}

Error BadPayload(std::string field, std::string reason) {
  return Error{ErrorCode::kInvalidArgument, "payload." + std::move(field), std::move(reason)};
}

}  // namespace

std::string BillingRunPayload(const BillingRunRequest& request) {
  return SerializeJson(boost::json::object{
      {"tenant_id", request.tenant_id.value},
      {"period", domain::FormatBillingPeriod(request.period)},
      {"requested_by",
       request.requested_by ? boost::json::value(request.requested_by->value) : boost::json::value(nullptr)},
      {"request_id", request.request_id}});
}

Result<BillingRunRequest> BillingRunRequestOf(const domain::Job& job) {
  Result<boost::json::value> parsed = ParseJson(job.payload);
  if (!parsed || !parsed->is_object()) return BadPayload("", "must be a JSON object");
  const boost::json::object& payload = parsed->as_object();
  BillingRunRequest request;
  const boost::json::value* tenant = payload.if_contains("tenant_id");
  if (tenant == nullptr || !tenant->is_int64() || !job.tenant_id || tenant->as_int64() != job.tenant_id->value) {
    return BadPayload("tenant_id", "must be the job's tenant");
  }
  request.tenant_id = *job.tenant_id;
  const boost::json::value* period = payload.if_contains("period");
  Result<domain::BillingPeriod> parsed_period =
      period != nullptr && period->is_string() ? domain::ParseBillingPeriod(period->as_string())
                                               : Result<domain::BillingPeriod>(BadPayload("period", ""));
  if (!parsed_period) return BadPayload("period", "must be a month YYYY-MM");
  request.period = *parsed_period;
  if (const boost::json::value* user = payload.if_contains("requested_by"); user != nullptr && !user->is_null()) {
    if (!user->is_int64()) return BadPayload("requested_by", "must be a user id or null");
    request.requested_by = domain::UserId{user->as_int64()};
  }
  if (const boost::json::value* id = payload.if_contains("request_id"); id != nullptr && id->is_string()) {
    request.request_id = std::string(id->as_string());
  }
  return request;
}

Result<bool> QueueBillingRun(domain::JobQueue& jobs, const BillingRunRequest& request, Instant now) {
  const domain::NewJob job{.kind = std::string(kBillingRunJob),
                           .payload = BillingRunPayload(request),
                           .dedupe_key = DedupeKey(request.period),
                           .max_attempts = domain::kDefaultJobAttempts,
                           .run_at = std::nullopt};
  Result<domain::Job> queued = jobs.Enqueue(request.tenant_id, job, now);
  if (queued) return true;
  if (queued.error().code == ErrorCode::kAlreadyExists) return false;
  return queued.error();
}

Result<std::optional<domain::Job>> PendingBillingRun(domain::JobQueue& jobs, domain::TenantId tenant_id,
                                                     domain::BillingPeriod period) {
  const std::string key = DedupeKey(period);
  for (const domain::JobState state : {domain::JobState::kRunning, domain::JobState::kQueued}) {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::Job> found,
                             jobs.List(domain::JobScope::OfTenant(tenant_id), state, 100));
    for (domain::Job& job : found) {
      if (job.kind == kBillingRunJob && job.dedupe_key == key) return std::optional<domain::Job>(std::move(job));
    }
  }
  return std::optional<domain::Job>();
}

boost::json::object BillingRunReportJson(const BillingRunReport& report) {
  boost::json::array drafts;
  for (const domain::InvoiceId id : report.drafts) drafts.emplace_back(id.value);
  boost::json::array held;
  for (const HeldMspCdr& cdr : report.held) {
    held.emplace_back(boost::json::object{{"msp_cdr_id", cdr.id.value},
                                          {"reason", std::string(HoldReasonName(cdr.reason))},
                                          {"detail", cdr.detail}});
  }
  return boost::json::object{{"run_id", report.run.id.value},
                             {"period", domain::FormatBillingPeriod(report.run.period)},
                             {"already_complete", report.already_complete},
                             {"drafts", std::move(drafts)},
                             {"cdrs_invoiced", report.cdrs_invoiced},
                             {"held", std::move(held)},
                             {"skipped", report.skipped.size()}};
}

Result<BillingRunReport> RunRequestedBilling(const BillingStores& stores, domain::AuditLog& audit_log,
                                             const BillingRunRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(BillingRunReport report, RunBilling(stores, request.tenant_id, request.period));
  if (report.already_complete) return report;
  const domain::NewAuditEntry entry{
      .actor = request.requested_by ? domain::AuditActor::User(*request.requested_by)
                                    : domain::AuditActor::System("billing-schedule"),
      .action = "billing_run.run",
      .object_type = "billing_run",
      .object_id = std::to_string(report.run.id.value),
      .before = "",
      .after = SerializeJson(BillingRunReportJson(report)),
      .request_id = request.request_id};
  OPENMSP_RETURN_IF_ERROR(audit_log.Append(request.tenant_id, entry));
  return report;
}

}  // namespace openmsp::billing
