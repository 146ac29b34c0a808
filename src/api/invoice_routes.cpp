#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/list_scope.h"
#include "api/representations.h"
#include "billing/billing_run.h"
#include "billing/invoice_assembly.h"
#include "billing/invoice_csv.h"
#include "billing/invoice_document.h"
#include "billing/invoice_pdf.h"
#include "billing/settlement.h"
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

boost::json::object InvoiceJson(const Invoice& stored) {
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
boost::json::object InvoiceDetailJson(const Invoice& stored) {
  boost::json::object json = InvoiceJson(stored);
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
  boost::json::array items;
  for (const Invoice& invoice : found) items.push_back(InvoiceJson(invoice));
  return JsonReply(200, PageJson(std::move(items), next));
}

Result<ApiReply> GetInvoice(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(Invoice invoice, PathInvoice(call));
  return JsonReply(200, InvoiceDetailJson(invoice));
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
  std::optional<Invoice> after;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(after, move(tx));
    return AuditOf(who.user, action, "invoice", before.id.value, SerializeJson(InvoiceJson(before)),
                   SerializeJson(InvoiceJson(*after)), call.request_id);
  }));
  return JsonReply(200, InvoiceJson(*after));
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

// Bills a period now (what the monthly run does; idempotent: a completed period answers what it made).
Result<ApiReply> RunBilling(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kBillingRunsManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"period"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> text, body.OptionalString("period", 7));
  OPENMSP_ASSIGN_OR_RETURN(domain::BillingPeriod period, PeriodOf(text));
  if (domain::PeriodEnd(period) > call.context.clock.Now()) {
    return Error{ErrorCode::kFailedPrecondition, "period", "has not ended yet: bill a month once it is over"};
  }
  OPENMSP_ASSIGN_OR_RETURN(billing::BillingRunReport report,
                           billing::RunBilling(billing::BillingStoresOf(call.db), who.tenant.id, period));
  boost::json::array drafts;
  for (const InvoiceId id : report.drafts) drafts.emplace_back(id.value);
  boost::json::array held;
  for (const billing::HeldMspCdr& cdr : report.held) {
    held.emplace_back(boost::json::object{{"msp_cdr_id", cdr.id.value},
                                          {"reason", std::string(billing::HoldReasonName(cdr.reason))},
                                          {"detail", cdr.detail}});
  }
  boost::json::object answer{{"run_id", report.run.id.value},
                             {"period", domain::FormatBillingPeriod(report.run.period)},
                             {"already_complete", report.already_complete},
                             {"drafts", std::move(drafts)},
                             {"cdrs_invoiced", report.cdrs_invoiced},
                             {"held", std::move(held)},
                             {"skipped", report.skipped.size()}};
  if (!report.already_complete) {
    OPENMSP_RETURN_IF_ERROR(call.db.audit_log().Append(
        who.tenant.id, AuditOf(who.user, "billing_run.run", "billing_run", report.run.id.value, "",
                               SerializeJson(answer), call.request_id)));
  }
  return JsonReply(200, std::move(answer));
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

// --- Schemas ----------------------------------------------------------------------------------------

constexpr const char* kInvoiceProperties = R"json("id": {"type": "integer"},
    "number": {"type": ["string", "null"], "description": "YYYY-NNNNNN from issue on; null for a draft"},
    "status": {"enum": ["DRAFT", "ISSUED", "PAID", "VOID"]}, "kind": {"enum": ["INVOICE", "CREDIT_NOTE"]},
    "run_id": {"type": "integer"}, "period": {"type": "string", "description": "YYYY-MM"},
    "billing_unit_id": {"type": ["integer", "null"]}, "profile_id": {"type": ["integer", "null"]},
    "currency": {"type": "string"}, "credited_invoice_id": {"type": ["integer", "null"]},
    "sessions": {"type": "integer"}, "total_excl_vat": {"type": "string"}, "vat_amount": {"type": "string"},
    "total_incl_vat": {"type": "string"}, "created_at": {"type": "string"},
    "issued_at": {"type": ["string", "null"]}, "paid_at": {"type": ["string", "null"]},
    "voided_at": {"type": ["string", "null"]})json";

std::string InvoiceSchema() {
  return std::string(
             R"json({"type": "object", "required": ["id", "number", "status", "kind", "run_id", "period",
    "billing_unit_id", "profile_id", "currency", "credited_invoice_id", "sessions", "total_excl_vat", "vat_amount",
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

constexpr const char* kRunSchema = R"json({"type": "object",
  "required": ["run_id", "period", "already_complete", "drafts", "cdrs_invoiced", "held", "skipped"],
  "properties": {"run_id": {"type": "integer"}, "period": {"type": "string"}, "already_complete": {"type": "boolean"},
    "drafts": {"type": "array", "items": {"type": "integer"}}, "cdrs_invoiced": {"type": "integer"},
    "held": {"type": "array", "items": {"type": "object", "properties": {"msp_cdr_id": {"type": "integer"},
      "reason": {"type": "string"}, "detail": {"type": "string"}}}},
    "skipped": {"type": "integer", "description": "left billable for the next run"}}})json";

constexpr const char* kSettlementSchema = R"json({"type": "object", "required": ["items", "period"],
  "properties": {"period": {"type": "string"}, "items": {"type": "array", "items": {"type": "object",
    "required": ["cpo", "currency", "cdrs", "credits", "total_excl_vat", "total_incl_vat"],
    "properties": {"cpo": {"type": "string"}, "currency": {"type": "string"}, "cdrs": {"type": "integer"},
      "credits": {"type": "integer"}, "total_excl_vat": {"type": "string"},
      "total_incl_vat": {"type": ["string", "null"], "description": "null when a CDR did not state it"}}}}}})json";

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
                         "Bills a month that has ended: drafts per customer and currency (idempotent)",
                         Permission::kBillingRunsManage, R"json({"type": "object", "required": ["period"],
      "additionalProperties": false, "properties": {"period": {"type": "string", "description": "YYYY-MM"}}})json",
                         kRunSchema, 200, RunBilling));
  routes.push_back(Route("invoices", "GET", "/settlement",
                         "What the MSP owes each CPO for a month, per currency (query: period YYYY-MM)",
                         Permission::kBillingRunsManage, "", kSettlementSchema, 200, GetSettlement));
  return routes;
}

}  // namespace openmsp::api
