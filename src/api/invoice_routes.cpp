#include <boost/json.hpp>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/list_scope.h"
#include "api/representations.h"
#include "billing/billing_job.h"
#include "billing/billing_run.h"
#include "billing/invoice_assembly.h"
#include "billing/invoice_csv.h"
#include "billing/invoice_document.h"
#include "billing/invoice_pdf.h"
#include "billing/reconciliation.h"
#include "billing/settlement.h"
#include "core/ids/party_id.h"
#include "core/json.h"
#include "core/time.h"
#include "domain/invoice.h"
#include "http/query.h"

namespace openmsp::api {
namespace {

using domain::Invoice;
using domain::InvoiceId;
using domain::InvoiceStatus;
using domain::Permission;

// --- Representations --------------------------------------------------------------------------------

// Who the invoices of one answer are addressed to, looked up once for all of them: a unit from the
// principal's tree (read with the request: no query), the private customers' profiles in one query.
class CustomerNames {
 public:
  static Result<CustomerNames> Of(ApiCall& call, std::span<const Invoice> invoices) {
    CustomerNames names(call.who());
    std::vector<domain::ProfileId> ids;
    for (const Invoice& invoice : invoices) {
      if (invoice.invoice.target.profile) ids.push_back(*invoice.invoice.target.profile);
    }
    OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::Profile> profiles,
                             call.db.profiles().FindByIds(call.who().tenant.id, ids));
    for (domain::Profile& profile : profiles) names.profiles_[profile.id.value] = std::move(profile.name);
    return names;
  }

  /// The unit's billing legal name (its name when its billing details were removed since), or the
  /// profile's name.
  std::string operator()(const Invoice& invoice) const {
    const domain::BillingTarget& target = invoice.invoice.target;
    if (target.unit) {
      const domain::OrganisationUnit* unit = who_.FindUnit(*target.unit);
      if (unit == nullptr) return "";
      return unit->billing ? unit->billing->legal_name : unit->name;
    }
    if (target.profile) {
      const auto found = profiles_.find(target.profile->value);
      if (found != profiles_.end()) return found->second;
    }
    return "";
  }

 private:
  explicit CustomerNames(const Principal& who) : who_(who) {}

  const Principal& who_;
  std::map<std::int64_t, std::string> profiles_;
};

boost::json::object InvoiceJson(const Invoice& stored, const std::string& customer_name) {
  const domain::NewInvoice& invoice = stored.invoice;
  return boost::json::object{
      {"id", stored.id.value},
      {"number", stored.number.empty() ? boost::json::value(nullptr) : boost::json::value(stored.number)},
      {"status", std::string(domain::InvoiceStatusName(stored.status))},
      {"kind", std::string(domain::InvoiceKindName(invoice.kind))},
      {"run_id", invoice.run_id.value},
      {"period", domain::FormatBillingPeriod(invoice.period)},
      {"billing_unit_id", OptionalIdJson(invoice.target.unit)},
      {"profile_id", OptionalIdJson(invoice.target.profile)},
      {"customer_name", customer_name},
      {"currency", std::string(invoice.currency.code())},
      {"credited_invoice_id", OptionalIdJson(invoice.credited_invoice)},
      {"sessions", invoice.lines.size()},
      {"total_excl_vat", DecimalJson(invoice.total_excl_vat)},
      {"vat_amount", DecimalJson(invoice.vat_amount)},
      {"total_incl_vat", DecimalJson(invoice.total_incl_vat)},
      {"created_at", FormatOcpiDateTime(stored.created_at)},
      {"issued_at", OptionalInstantJson(stored.issued_at)},
      {"paid_at", OptionalInstantJson(stored.paid_at)},
      {"voided_at", OptionalInstantJson(stored.voided_at)}};
}

boost::json::object LineJson(const domain::InvoiceLine& line) {
  return boost::json::object{
      {"msp_cdr_id", line.msp_cdr_id.value},
      {"session_start", FormatOcpiDateTime(line.session_start)},
      {"location", line.location},
      {"evse", line.evse},
      {"card", line.card},
      {"cost_centre", line.cost_centre},
      {"energy_kwh", DecimalJson(line.energy_kwh)},
      {"duration_hours", DecimalJson(line.duration_hours)},
      {"vat_country", std::string(line.vat_country.alpha2)},
      {"vat_percent", DecimalJson(line.vat_percent)},
      {"amount_excl_vat", DecimalJson(line.amount_excl_vat)},
      {"vat_amount", DecimalJson(line.vat_amount)},
      {"amount_incl_vat", DecimalJson(line.amount_incl_vat)},
      {"original_currency", line.original_currency
                                ? boost::json::value(std::string(line.original_currency->code()))
                                : boost::json::value(nullptr)},
      {"original_amount_excl_vat", OptionalDecimalJson(line.original_amount_excl_vat)},
      {"exchange_rate", OptionalDecimalJson(line.exchange_rate)}};
}

// An invoice with its sessions, its VAT per country and rate, and its cost centres' subtotals.
boost::json::object InvoiceDetailJson(const Invoice& stored, const std::string& customer_name) {
  boost::json::object json = InvoiceJson(stored, customer_name);
  boost::json::array lines;
  for (const domain::InvoiceLine& line : stored.invoice.lines) lines.push_back(LineJson(line));
  boost::json::array vat;
  for (const billing::VatBreakdownRow& row : billing::VatBreakdown(stored.invoice)) {
    vat.emplace_back(boost::json::object{{"country", std::string(row.country.alpha2)},
                                         {"percent", DecimalJson(row.percent)},
                                         {"sessions", row.sessions},
                                         {"taxable_amount", DecimalJson(row.taxable_amount)},
                                         {"vat_amount", DecimalJson(row.vat_amount)},
                                         {"amount_incl_vat", DecimalJson(row.amount_incl_vat)}});
  }
  boost::json::array cost_centres;
  for (const billing::CostCentreSubtotal& subtotal : billing::CostCentreSubtotals(stored.invoice)) {
    cost_centres.emplace_back(
        boost::json::object{{"cost_centre", subtotal.cost_centre},
                            {"sessions", subtotal.sessions},
                            {"amount_excl_vat", DecimalJson(subtotal.amount_excl_vat)},
                            {"vat_amount", DecimalJson(subtotal.vat_amount)},
                            {"amount_incl_vat", DecimalJson(subtotal.amount_incl_vat)}});
  }
  json["lines"] = std::move(lines);
  json["vat_breakdown"] = std::move(vat);
  json["cost_centres"] = std::move(cost_centres);
  return json;
}

// --- Object checks ----------------------------------------------------------------------------------

// THE check of an invoice: invoices.read (or `permission`) at its customer — the unit it is addressed to,
// or a private customer's profile at that profile's unit (a driver: only its own).
Result<void> AuthorizeInvoice(ApiCall& call, const Invoice& invoice, Permission permission) {
  const Principal& who = call.who();
  if (invoice.invoice.target.unit) {
    return who.Authorize(permission,
                         {.organisation_unit = invoice.invoice.target.unit, .profile = std::nullopt});
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::Profile profile,
                           call.db.profiles().FindById(who.tenant.id, *invoice.invoice.target.profile));
  return who.Authorize(permission,
                       {.organisation_unit = profile.organisation_unit_id, .profile = profile.id});
}

// The invoice of the path when the principal may read it: missing, another tenant's, out of scope and a
// malformed id alike are the refusal naming `invoice_id`.
Result<Invoice> PathInvoice(ApiCall& call) {
  const Principal& who = call.who();
  Result<std::int64_t> id = PathId(call.http, "invoice_id");
  if (!id) return who.Refusal(Permission::kInvoicesRead).Nested("invoice_id");
  Result<Invoice> invoice = call.db.invoices().FindById(who.tenant.id, InvoiceId{*id});
  if (!invoice) {
    if (invoice.error().code != ErrorCode::kNotFound) return std::move(invoice).error();
    return who.Refusal(Permission::kInvoicesRead).Nested("invoice_id");
  }
  if (Result<void> allowed = AuthorizeInvoice(call, *invoice, Permission::kInvoicesRead); !allowed) {
    return allowed.error().Nested("invoice_id");
  }
  return invoice;
}

// --- Invoices ---------------------------------------------------------------------------------------

Result<ApiReply> ListInvoices(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<http::QueryParameter> query,
      QueryOf(call, {"status", "run_id", "organisation_unit_id", "profile_id", "after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit_id, QueryId(query, "organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> profile_id, QueryId(query, "profile_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> run_id, QueryId(query, "run_id"));
  OPENMSP_ASSIGN_OR_RETURN(PageQuery page, ReadPageQuery(query, domain::kMaxListLimit));
  domain::InvoiceQuery list;
  if (std::optional<std::string_view> name = http::FindQueryValue(query, "status")) {
    Result<InvoiceStatus> status = domain::ParseInvoiceStatus(*name);
    if (!status) return InvalidArgument("status", "must be DRAFT, ISSUED, PAID or VOID");
    list.status = *status;
  }
  if (run_id) list.run_id = domain::BillingRunId{*run_id};
  OPENMSP_ASSIGN_OR_RETURN(ListScope scope,
                           ScopeOfList(call, Permission::kInvoicesRead, unit_id, profile_id));
  list.organisation_unit_subtree = scope.unit;
  list.profile_id = scope.profile;
  list.after = InvoiceId{page.after};
  list.limit = static_cast<int>(page.limit) + 1;  // one more tells whether another page follows
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Invoice> found, call.db.invoices().List(who.tenant.id, list));
  std::optional<std::int64_t> next;
  if (found.size() > page.limit) {
    found.erase(found.begin() + static_cast<std::ptrdiff_t>(page.limit), found.end());
    next = found.back().id.value;
  }
  OPENMSP_ASSIGN_OR_RETURN(CustomerNames customers, CustomerNames::Of(call, found));
  boost::json::array items;
  for (const Invoice& invoice : found) items.push_back(InvoiceJson(invoice, customers(invoice)));
  return JsonReply(200, PageJson(std::move(items), next));
}

Result<ApiReply> GetInvoice(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(Invoice invoice, PathInvoice(call));
  OPENMSP_ASSIGN_OR_RETURN(CustomerNames customers, CustomerNames::Of(call, std::span(&invoice, 1)));
  return JsonReply(200, InvoiceDetailJson(invoice, customers(invoice)));
}

// The invoice as a document to send or keep: `format=pdf` (the default) or `csv` (docs/billing.md,
// "Documents"), named after its number (a draft after its id).
Result<ApiReply> GetInvoiceDocument(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(Invoice invoice, PathInvoice(call));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query, QueryOf(call, {"format"}));
  const std::string_view format = http::FindQueryValue(query, "format").value_or("pdf");
  if (format != "pdf" && format != "csv") return InvalidArgument("format", "must be pdf or csv");
  OPENMSP_ASSIGN_OR_RETURN(
      billing::InvoiceDocument document,
      billing::LoadInvoiceDocument(billing::DocumentStoresOf(call.db), call.who().tenant.id, invoice.id));
  std::string body;
  if (format == "pdf") {
    OPENMSP_ASSIGN_OR_RETURN(body, billing::InvoicePdf(document));
  } else {
    body = billing::InvoiceCsv(document);
  }
  const std::string name =
      "invoice-" + (invoice.number.empty() ? "draft-" + std::to_string(invoice.id.value) : invoice.number);
  http::HttpResponse response = http::HttpResponse::WithBody(
      200, format == "pdf" ? "application/pdf" : "text/csv; charset=utf-8", std::move(body));
  response.headers.Set("Content-Disposition",
                       "attachment; filename=\"" + name + "." + std::string(format) + "\"");
  ApiReply reply;
  reply.raw = std::move(response);
  return reply;
}

// Issue, pay, void: the billing team's (billing_runs.manage on the whole tenant), each audited.
Result<ApiReply> MoveInvoice(ApiCall& call, InvoiceStatus target, const char* action) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kBillingRunsManage));
  OPENMSP_ASSIGN_OR_RETURN(Invoice before, PathInvoice(call));
  const auto move = [&](store::Repositories& tx) -> Result<Invoice> {
    switch (target) {
      case InvoiceStatus::kIssued:
        return tx.invoices().Issue(who.tenant.id, before.id);
      case InvoiceStatus::kPaid:
        return tx.invoices().MarkPaid(who.tenant.id, before.id);
      case InvoiceStatus::kVoid:
        return tx.invoices().Void(who.tenant.id, before.id);
      case InvoiceStatus::kDraft:
        break;
    }
    return InvalidArgument("status", "an invoice never goes back to draft");
  };
  OPENMSP_ASSIGN_OR_RETURN(CustomerNames customers, CustomerNames::Of(call, std::span(&before, 1)));
  const std::string customer = customers(before);  // the target never changes
  std::optional<Invoice> after;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(after, move(tx));
    return AuditOf(who.user, action, "invoice", before.id.value, SerializeJson(InvoiceJson(before, customer)),
                   SerializeJson(InvoiceJson(*after, customer)), call.request_id);
  }));
  return JsonReply(200, InvoiceJson(*after, customer));
}

Result<ApiReply> IssueInvoice(ApiCall& call) {
  return MoveInvoice(call, InvoiceStatus::kIssued, "invoice.issue");
}
Result<ApiReply> PayInvoice(ApiCall& call) { return MoveInvoice(call, InvoiceStatus::kPaid, "invoice.pay"); }
Result<ApiReply> VoidInvoice(ApiCall& call) {
  return MoveInvoice(call, InvoiceStatus::kVoid, "invoice.void");
}

// --- Billing runs and settlement --------------------------------------------------------------------

Result<domain::BillingPeriod> PeriodOf(std::optional<std::string_view> text) {
  if (!text) return InvalidArgument("period", "is required: a month YYYY-MM, e.g. 2026-10");
  Result<domain::BillingPeriod> period = domain::ParseBillingPeriod(*text);
  if (!period) return InvalidArgument("period", "must be a month YYYY-MM, e.g. 2026-10");
  return period;
}

// --- Billing runs as jobs (docs/billing.md, "Runs as jobs") ---------------------------------------------

// A run as the API shows it: its period and status, when it started and completed, and what its drafts
// hold so far. `QUEUED` (a job, no run yet), `RUNNING` (started, a job pending), `COMPLETE`, or
// `INTERRUPTED` (started, not complete, no job: asking again resumes it).
boost::json::object RunJson(domain::BillingPeriod period, const std::optional<domain::BillingRunSummary>& run,
                            bool pending) {
  std::string status = "QUEUED";
  if (run) status = run->run.completed_at ? "COMPLETE" : pending ? "RUNNING" : "INTERRUPTED";
  return boost::json::object{
      {"period", domain::FormatBillingPeriod(period)},
      {"status", status},
      {"run_id", run ? boost::json::value(run->run.id.value) : boost::json::value(nullptr)},
      {"started_at", run ? boost::json::value(FormatOcpiDateTime(run->run.started_at)) : boost::json::value(nullptr)},
      {"completed_at", run ? OptionalInstantJson(run->run.completed_at) : boost::json::value(nullptr)},
      {"invoices", run ? run->invoices : 0},
      {"credit_notes", run ? run->credit_notes : 0},
      {"sessions", run ? run->sessions : 0}};
}

// Bills a month that has ended: queues its `billing.run` job (202) — a month of a big tenant takes up to
// a minute — or, once complete, answers what it made (200). Idempotent: asking again while it is queued
// or running queues nothing more.
Result<ApiReply> RunBilling(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kBillingRunsManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"period"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> text, body.OptionalString("period", 7));
  OPENMSP_ASSIGN_OR_RETURN(domain::BillingPeriod period, PeriodOf(text));
  const Instant now = call.context.clock.Now();
  if (domain::PeriodEnd(period) > now) {
    return Error{ErrorCode::kFailedPrecondition, "period", "has not ended yet: bill a month once it is over"};
  }
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::BillingRunSummary> run,
                           call.db.billing_runs().FindRun(who.tenant.id, period));
  if (run && run->run.completed_at) {
    boost::json::object answer = RunJson(period, run, false);
    answer["already_complete"] = true;
    return JsonReply(200, std::move(answer));
  }
  OPENMSP_RETURN_IF_ERROR(billing::QueueBillingRun(call.db.jobs(),
                                                   {.tenant_id = who.tenant.id,
                                                    .period = period,
                                                    .requested_by = who.user.id,
                                                    .request_id = call.request_id},
                                                   now));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::Job> job,
                           billing::PendingBillingRun(call.db.jobs(), who.tenant.id, period));
  boost::json::object answer = RunJson(period, run, job.has_value());
  answer["already_complete"] = false;
  return JsonReply(202, std::move(answer));
}

// The jobs of `tenant_id` queued or running, by period.
Result<std::map<domain::BillingPeriod, domain::Job>> PendingRuns(ApiCall& call) {
  std::map<domain::BillingPeriod, domain::Job> pending;
  for (const domain::JobState state : {domain::JobState::kQueued, domain::JobState::kRunning}) {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::Job> jobs,
                             call.db.jobs().List(domain::JobScope::OfTenant(call.who().tenant.id), state, 100));
    for (domain::Job& job : jobs) {
      if (job.kind != billing::kBillingRunJob) continue;
      Result<billing::BillingRunRequest> request = billing::BillingRunRequestOf(job);
      if (request) pending.insert_or_assign(request->period, std::move(job));
    }
  }
  return pending;
}

// The tenant's runs, newest month first: those queued and not started yet, then the stored ones.
Result<ApiReply> ListBillingRuns(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kBillingRunsManage));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query, QueryOf(call, {"limit"}));
  OPENMSP_ASSIGN_OR_RETURN(PageQuery page, ReadPageQuery(query, domain::kMaxListLimit));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::BillingRunSummary> runs,
                           call.db.billing_runs().ListRuns(who.tenant.id, static_cast<int>(page.limit)));
  OPENMSP_ASSIGN_OR_RETURN(auto pending, PendingRuns(call));
  std::map<domain::BillingPeriod, boost::json::object, std::greater<>> items;
  for (const auto& [period, job] : pending) items[period] = RunJson(period, std::nullopt, true);
  for (const domain::BillingRunSummary& run : runs) {
    items[run.run.period] = RunJson(run.run.period, run, pending.contains(run.run.period));
  }
  boost::json::array answer;
  for (auto& [period, item] : items) {
    if (answer.size() == page.limit) break;
    answer.push_back(std::move(item));
  }
  return JsonReply(200, boost::json::object{{"items", std::move(answer)}});
}

// One month's run: 404 naming `period` when it was never asked for.
Result<ApiReply> GetBillingRun(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kBillingRunsManage));
  OPENMSP_ASSIGN_OR_RETURN(domain::BillingPeriod period,
                           PeriodOf(call.http.PathParameterValue("period")));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::BillingRunSummary> run,
                           call.db.billing_runs().FindRun(who.tenant.id, period));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::Job> job,
                           billing::PendingBillingRun(call.db.jobs(), who.tenant.id, period));
  if (!run && !job) {
    return Error{ErrorCode::kNotFound, "period", "no billing run of " + domain::FormatBillingPeriod(period)};
  }
  return JsonReply(200, RunJson(period, run, job.has_value()));
}

// What the MSP owes each CPO for a period (billing::SettlePeriod).
Result<ApiReply> GetSettlement(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kBillingRunsManage));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query, QueryOf(call, {"period"}));
  OPENMSP_ASSIGN_OR_RETURN(domain::BillingPeriod period, PeriodOf(http::FindQueryValue(query, "period")));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<billing::CpoSettlement> settlements,
                           billing::SettlePeriod(call.db.cpo_cdrs(), who.tenant.id, period));
  boost::json::array items;
  for (const billing::CpoSettlement& settlement : settlements) {
    items.emplace_back(
        boost::json::object{{"cpo", settlement.cpo.ToString()},
                            {"currency", std::string(settlement.currency.code())},
                            {"cdrs", settlement.cdrs},
                            {"credits", settlement.credits},
                            {"total_excl_vat", DecimalJson(settlement.total_excl_vat)},
                            {"total_incl_vat", OptionalDecimalJson(settlement.total_incl_vat)}});
  }
  return JsonReply(
      200, boost::json::object{{"items", std::move(items)}, {"period", domain::FormatBillingPeriod(period)}});
}

// The largest CPO invoice the upload takes: the server's own body limit (1 MiB), some 30,000 CDRs. The
// command line (`openmsp billing reconcile`) reads larger files.
constexpr std::size_t kMaxReconciliationBytes = 1024 * 1024;

// An amount of a reconciliation, exact, written with at least the currency's minor unit (`5` → `5.00`,
// `10.240` → `10.24`, `0.125` stays): the CPO's figures compare by value, so trailing zeros tell nothing.
boost::json::value AmountJson(const Decimal& amount, const Currency& currency) {
  Decimal shown = amount.Normalized();
  if (shown.scale() < currency.minor_units()) shown = shown.Rounded(currency.minor_units(), RoundingMode::kHalfUp);
  return DecimalJson(shown);
}

boost::json::value OptionalAmountJson(const std::optional<Decimal>& amount, const Currency& currency) {
  return amount ? AmountJson(*amount, currency) : boost::json::value(nullptr);
}

// Compares a CPO's invoice (its CSV, the body) with the CPO CDRs of that party and month
// (billing::ReconcilePeriod). Changes nothing, so it is not audited.
Result<ApiReply> ReconcileCpoInvoice(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kBillingRunsManage));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query, QueryOf(call, {"period", "cpo"}));
  OPENMSP_ASSIGN_OR_RETURN(domain::BillingPeriod period, PeriodOf(http::FindQueryValue(query, "period")));
  const std::optional<std::string_view> cpo_text = http::FindQueryValue(query, "cpo");
  if (!cpo_text) return InvalidArgument("cpo", "is required: the CPO's party, e.g. DE*ABC");
  Result<PartyId> cpo = PartyId::Parse(*cpo_text);
  if (!cpo) return InvalidArgument("cpo", "must be a party id such as DE*ABC, DE-ABC or DEABC");
  const std::string_view type = call.http.headers.Get("Content-Type").value_or("");
  if (type.substr(0, type.find(';')) != "text/csv") {
    return InvalidArgument("Content-Type", "must be text/csv: the CPO's invoice as CSV");
  }
  Result<billing::CpoInvoice> theirs = billing::ParseCpoInvoiceCsv(call.http.body, who.tenant.default_currency);
  if (!theirs) {
    Error error = std::move(theirs).error();
    if (error.field.empty()) error.field = "body";  // not CSV at all: ReadCsv's `line N: …`
    return error;
  }
  OPENMSP_ASSIGN_OR_RETURN(
      billing::Reconciliation report,
      billing::ReconcilePeriod(call.db.cpo_cdrs(), who.tenant.id, *cpo, period, *theirs));
  boost::json::array differences;
  for (const billing::CdrDifference& difference : report.differences) {
    differences.emplace_back(
        boost::json::object{{"kind", std::string(billing::CdrDifferenceKindName(difference.kind))},
                            {"cdr_id", difference.cdr_id},
                            {"ours", OptionalAmountJson(difference.ours, report.currency)},
                            {"theirs", OptionalAmountJson(difference.theirs, report.currency)},
                            {"line", difference.line}});
  }
  return JsonReply(
      200, boost::json::object{{"cpo", report.cpo.ToString()},
                               {"period", domain::FormatBillingPeriod(period)},
                               {"currency", std::string(report.currency.code())},
                               {"agrees", report.Agrees()},
                               {"matched", report.matched},
                               {"our_total", AmountJson(report.our_total, report.currency)},
                               {"their_total", AmountJson(report.their_total, report.currency)},
                               {"their_stated_total", OptionalAmountJson(report.their_stated_total, report.currency)},
                               {"stated_total_differs", report.StatedTotalDiffers()},
                               {"other_currency_cdrs", report.other_currency_cdrs},
                               {"differences", std::move(differences)}});
}

// --- Schemas ----------------------------------------------------------------------------------------

constexpr const char* kInvoiceProperties = R"json("id": {"type": "integer"},
    "number": {"type": ["string", "null"], "description": "YYYY-NNNNNN from issue on; null for a draft"},
    "status": {"enum": ["DRAFT", "ISSUED", "PAID", "VOID"]}, "kind": {"enum": ["INVOICE", "CREDIT_NOTE"]},
    "run_id": {"type": "integer"}, "period": {"type": "string", "description": "YYYY-MM"},
    "billing_unit_id": {"type": ["integer", "null"]}, "profile_id": {"type": ["integer", "null"]},
    "customer_name": {"type": "string", "description": "the unit's billing legal name, or the profile's name"},
    "currency": {"type": "string"}, "credited_invoice_id": {"type": ["integer", "null"]},
    "sessions": {"type": "integer"}, "total_excl_vat": {"type": "string"}, "vat_amount": {"type": "string"},
    "total_incl_vat": {"type": "string"}, "created_at": {"type": "string"},
    "issued_at": {"type": ["string", "null"]}, "paid_at": {"type": ["string", "null"]},
    "voided_at": {"type": ["string", "null"]})json";

std::string InvoiceSchema() {
  return std::string(
             R"json({"type": "object", "required": ["id", "number", "status", "kind", "run_id", "period",
    "billing_unit_id", "profile_id", "customer_name", "currency", "credited_invoice_id", "sessions", "total_excl_vat", "vat_amount",
    "total_incl_vat", "created_at", "issued_at", "paid_at", "voided_at"], "properties": {)json") +
         kInvoiceProperties + "}}";
}

std::string InvoiceDetailSchema() {
  return std::string(R"json({"type": "object", "properties": {)json") + kInvoiceProperties + R"json(,
    "lines": {"type": "array", "items": {"type": "object", "properties": {"msp_cdr_id": {"type": "integer"},
      "session_start": {"type": "string"}, "location": {"type": "string"}, "evse": {"type": "string"},
      "card": {"type": "string"}, "cost_centre": {"type": "string"}, "energy_kwh": {"type": "string"},
      "duration_hours": {"type": "string"}, "vat_country": {"type": "string"}, "vat_percent": {"type": "string"},
      "amount_excl_vat": {"type": "string"}, "vat_amount": {"type": "string"}, "amount_incl_vat": {"type": "string"},
      "original_currency": {"type": ["string", "null"]}, "original_amount_excl_vat": {"type": ["string", "null"]},
      "exchange_rate": {"type": ["string", "null"]}}}},
    "vat_breakdown": {"type": "array", "items": {"type": "object", "properties": {"country": {"type": "string"},
      "percent": {"type": "string"}, "sessions": {"type": "integer"}, "taxable_amount": {"type": "string"},
      "vat_amount": {"type": "string"}, "amount_incl_vat": {"type": "string"}}}},
    "cost_centres": {"type": "array", "items": {"type": "object", "properties": {"cost_centre": {"type": "string"},
      "sessions": {"type": "integer"}, "amount_excl_vat": {"type": "string"}, "vat_amount": {"type": "string"},
      "amount_incl_vat": {"type": "string"}}}}}})json";
}

constexpr const char* kRunProperties = R"json("period": {"type": "string", "description": "YYYY-MM"},
    "status": {"enum": ["QUEUED", "RUNNING", "COMPLETE", "INTERRUPTED"]}, "run_id": {"type": ["integer", "null"]},
    "started_at": {"type": ["string", "null"]}, "completed_at": {"type": ["string", "null"]},
    "invoices": {"type": "integer"}, "credit_notes": {"type": "integer"},
    "sessions": {"type": "integer", "description": "invoice lines of its drafts"})json";

std::string RunSchema() {
  return std::string(R"json({"type": "object", "required": ["period", "status", "run_id", "started_at",
    "completed_at", "invoices", "credit_notes", "sessions"], "properties": {)json") +
         kRunProperties + "}}";
}

std::string RunRequestAnswerSchema() {
  return std::string(R"json({"type": "object", "required": ["period", "status", "already_complete"],
    "properties": {"already_complete": {"type": "boolean"}, )json") +
         kRunProperties + "}}";
}

constexpr const char* kSettlementSchema = R"json({"type": "object", "required": ["items", "period"],
  "properties": {"period": {"type": "string"}, "items": {"type": "array", "items": {"type": "object",
    "required": ["cpo", "currency", "cdrs", "credits", "total_excl_vat", "total_incl_vat"],
    "properties": {"cpo": {"type": "string"}, "currency": {"type": "string"}, "cdrs": {"type": "integer"},
      "credits": {"type": "integer"}, "total_excl_vat": {"type": "string"},
      "total_incl_vat": {"type": ["string", "null"], "description": "null when a CDR did not state it"}}}}}})json";

constexpr const char* kReconciliationSchema = R"json({"type": "object",
  "required": ["cpo", "period", "currency", "agrees", "matched", "our_total", "their_total", "their_stated_total",
    "stated_total_differs", "other_currency_cdrs", "differences"],
  "properties": {"cpo": {"type": "string"}, "period": {"type": "string"}, "currency": {"type": "string"},
    "agrees": {"type": "boolean", "description": "every CDR and the totals agree"},
    "matched": {"type": "integer"}, "our_total": {"type": "string"}, "their_total": {"type": "string"},
    "their_stated_total": {"type": ["string", "null"], "description": "the TOTAL row; null without one"},
    "stated_total_differs": {"type": "boolean"}, "other_currency_cdrs": {"type": "integer"},
    "differences": {"type": "array", "items": {"type": "object",
      "required": ["kind", "cdr_id", "ours", "theirs", "line"],
      "properties": {"kind": {"enum": ["ONLY_OURS", "ONLY_THEIRS", "AMOUNT_DIFFERS"]}, "cdr_id": {"type": "string"},
        "ours": {"type": ["string", "null"]}, "theirs": {"type": ["string", "null"]},
        "line": {"type": "integer", "description": "the line of their file; 0 for ONLY_OURS"}}}}}})json";

}  // namespace

std::vector<ApiRoute> InvoiceRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(Route("invoices", "GET", "/invoices",
                         "The invoices and credit notes in your scope, by id (query: status, run_id, "
                         "organisation_unit_id, profile_id, after, limit ≤ 100)",
                         Permission::kInvoicesRead, "", PageSchema(InvoiceSchema()), 200, ListInvoices));
  routes.push_back(
      Route("invoices", "GET", "/invoices/{invoice_id}",
            "One invoice in your scope with its sessions, VAT per country and rate and cost centres",
            Permission::kInvoicesRead, "", InvoiceDetailSchema(), 200, GetInvoice));
  ApiRoute document = Route("invoices", "GET", "/invoices/{invoice_id}/document",
                            "The invoice as a PDF (format=pdf, the default) or CSV (format=csv) document",
                            Permission::kInvoicesRead, "", "", 200, GetInvoiceDocument);
  routes.push_back(std::move(document));
  routes.push_back(Route("invoices", "POST", "/invoices/{invoice_id}/issue",
                         "Issues a draft: numbered without gaps, final from now on",
                         Permission::kBillingRunsManage, "", InvoiceSchema(), 200, IssueInvoice));
  routes.push_back(Route("invoices", "POST", "/invoices/{invoice_id}/pay", "Marks an issued invoice paid",
                         Permission::kBillingRunsManage, "", InvoiceSchema(), 200, PayInvoice));
  routes.push_back(Route("invoices", "POST", "/invoices/{invoice_id}/void",
                         "Voids a draft or issued invoice (its sessions are billed again by the next run)",
                         Permission::kBillingRunsManage, "", InvoiceSchema(), 200, VoidInvoice));
  routes.push_back(Route("invoices", "POST", "/billing-runs",
                         "Bills a month that has ended in the background: 202 with the queued or running "
                         "run, 200 once complete (idempotent)",
                         Permission::kBillingRunsManage, R"json({"type": "object", "required": ["period"],
      "additionalProperties": false, "properties": {"period": {"type": "string", "description": "YYYY-MM"}}})json",
                         RunRequestAnswerSchema(), 202, RunBilling));
  routes.push_back(Route("invoices", "GET", "/billing-runs",
                         "The tenant's billing runs, newest month first, queued ones included (query: limit)",
                         Permission::kBillingRunsManage, "",
                         R"json({"type": "object", "required": ["items"], "properties": {"items": {"type": "array",
      "items": )json" + RunSchema() + "}}}",
                         200, ListBillingRuns));
  routes.push_back(Route("invoices", "GET", "/billing-runs/{period}", "One month's billing run (period YYYY-MM)",
                         Permission::kBillingRunsManage, "", RunSchema(), 200, GetBillingRun));
  routes.push_back(Route("invoices", "GET", "/settlement",
                         "What the MSP owes each CPO for a month, per currency (query: period YYYY-MM)",
                         Permission::kBillingRunsManage, "", kSettlementSchema, 200, GetSettlement));
  routes.push_back(Route("invoices", "POST", "/settlement/reconciliation",
                         "Compares a CPO's invoice (a CSV body, text/csv, at most 1 MiB) with our CDRs of that "
                         "CPO and month (query: period YYYY-MM, cpo); changes nothing",
                         Permission::kBillingRunsManage, R"({"type": "string", "contentMediaType": "text/csv"})",
                         kReconciliationSchema, 200, ReconcileCpoInvoice, kMaxReconciliationBytes));
  routes.back().request_media_type = "text/csv";
  return routes;
}

}  // namespace openmsp::api
