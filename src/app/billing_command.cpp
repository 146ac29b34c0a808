#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <optional>
#include <string>
#include <utility>

#include "app/command.h"
#include "app/operator_support.h"
#include "billing/billing_run.h"
#include "billing/invoice_assembly.h"
#include "billing/invoice_csv.h"
#include "billing/invoice_document.h"
#include "billing/invoice_pdf.h"
#include "billing/reconciliation.h"
#include "billing/settlement.h"
#include "core/clock.h"
#include "domain/invoice.h"
#include "store/database_url.h"
#include "store/repositories.h"

namespace openmsp::app {
namespace {

using domain::Invoice;
using domain::InvoiceStatus;

struct RunOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant;
  std::string period;
};

struct ListOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant;
  std::string status;
};

// `show`, `issue`, `pay` and `void`: one invoice of one tenant.
struct InvoiceOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant;
  std::int64_t invoice = 0;
};

// The month before the one `now` is in (UTC): what a monthly run bills by default.
domain::BillingPeriod PreviousMonth(Instant now) {
  const std::chrono::year_month_day today(std::chrono::floor<std::chrono::days>(now.sys_time()));
  const std::chrono::year_month previous = today.year() / today.month() - std::chrono::months(1);
  return {static_cast<int>(previous.year()), static_cast<int>(static_cast<unsigned>(previous.month()))};
}

std::string Amount(const Decimal& amount, const Currency& currency) {
  return amount.ToString() + " " + std::string(currency.code());
}

// One line of `billing list` and the heading of `billing show`.
std::string Summary(const Invoice& invoice) {
  const domain::NewInvoice& body = invoice.invoice;
  return Column(std::to_string(invoice.id.value), 8) + Column(invoice.number.empty() ? "-" : invoice.number, 14) +
         Column(domain::InvoiceStatusName(invoice.status), 8) + Column(domain::InvoiceKindName(body.kind), 13) +
         Column(domain::FormatBillingPeriod(body.period), 9) + Column(domain::DescribeBillingTarget(body.target), 16) +
         Column(std::to_string(body.lines.size()), 10) + Amount(body.total_incl_vat, body.currency) + "\n";
}

const std::string kSummaryHeading = Column("ID", 8) + Column("NUMBER", 14) + Column("STATUS", 8) +
                                    Column("KIND", 13) + Column("PERIOD", 9) + Column("TARGET", 16) +
                                    Column("SESSIONS", 10) + "TOTAL INCL. VAT\n";

// `--period`, or the previous month when it is not given.
Result<domain::BillingPeriod> PeriodOf(const std::string& text, const Clock& clock) {
  if (text.empty()) return PreviousMonth(clock.Now());
  Result<domain::BillingPeriod> given = domain::ParseBillingPeriod(text);
  if (!given) return InvalidArgument("--period", given.error().message);
  return given;
}

Result<std::string> Run(const RunOptions& options) {
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(const domain::BillingPeriod period, PeriodOf(options.period, clock));
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, OpenDatabase(options.database.url, clock, true));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  OPENMSP_ASSIGN_OR_RETURN(billing::BillingRunReport report,
                           billing::RunBilling(billing::BillingStoresOf(repositories), tenant.id, period));
  const std::string name = domain::FormatBillingPeriod(period);
  if (report.already_complete) {
    return fmt::format("billing run {} of {} completed before (run {}); nothing to do\n", name, tenant.slug,
                       report.run.id.value);
  }
  std::string text = fmt::format("billing run {} of {} (run {}): {} drafts with {} sessions\n", name, tenant.slug,
                                 report.run.id.value, report.drafts.size(), report.cdrs_invoiced);
  for (const domain::InvoiceId id : report.drafts) {
    OPENMSP_ASSIGN_OR_RETURN(Invoice invoice, repositories.invoices().FindById(tenant.id, id));
    text += "  " + Summary(invoice);
  }
  for (const billing::HeldMspCdr& held : report.held) {
    text += fmt::format("held MSP CDR {}: {}: {}\n", held.id.value, billing::HoldReasonName(held.reason), held.detail);
  }
  for (const domain::MspCdrId id : report.skipped) {
    text += fmt::format("left MSP CDR {} for the next run: this run has an invoice for its target already\n", id.value);
  }
  return text;
}

Result<std::string> Settle(const RunOptions& options) {
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(const domain::BillingPeriod period, PeriodOf(options.period, clock));
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, OpenDatabase(options.database.url, clock, true));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<billing::CpoSettlement> settled,
                           billing::SettlePeriod(repositories.cpo_cdrs(), tenant.id, period));
  std::string text = Column("CPO", 8) + Column("CURRENCY", 10) + Column("CDRS", 8) + Column("CREDITS", 9) +
                     Column("OWED EXCL. VAT", 16) + "OWED INCL. VAT\n";
  for (const billing::CpoSettlement& cpo : settled) {
    text += Column(cpo.cpo.ToString(), 8) + Column(cpo.currency.code(), 10) + Column(std::to_string(cpo.cdrs), 8) +
            Column(std::to_string(cpo.credits), 9) + Column(cpo.total_excl_vat.ToString(), 16) +
            (cpo.total_incl_vat ? cpo.total_incl_vat->ToString() : "-") + "\n";
  }
  return text;
}

Result<std::string> List(const ListOptions& options) {
  domain::InvoiceQuery query;
  if (!options.status.empty()) {
    Result<InvoiceStatus> status = domain::ParseInvoiceStatus(options.status);
    if (!status) return InvalidArgument("--status", "must be DRAFT, ISSUED, PAID or VOID");
    query.status = *status;
  }
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, OpenDatabase(options.database.url, clock, true));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  std::string text = kSummaryHeading;
  for (;;) {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<Invoice> page, repositories.invoices().List(tenant.id, query));
    if (page.empty()) break;
    for (const Invoice& invoice : page) text += Summary(invoice);
    query.after = page.back().id;
  }
  return text;
}

std::string Show(const Invoice& invoice) {
  const domain::NewInvoice& body = invoice.invoice;
  std::string text = kSummaryHeading + Summary(invoice);
  if (body.credited_invoice) text += fmt::format("credits invoice {}\n", body.credited_invoice->value);
  text += "\n" + Column("MSP CDR", 9) + Column("START", 22) + Column("LOCATION", 20) + Column("EVSE", 20) +
          Column("CARD", 20) + Column("COST CENTRE", 12) + Column("KWH", 9) + Column("HOURS", 8) +
          Column("VAT", 9) + "AMOUNT EXCL. VAT\n";
  for (const domain::InvoiceLine& line : body.lines) {
    std::string amount = Amount(line.amount_excl_vat, body.currency);
    if (line.original_currency) {
      amount += fmt::format(" ({} × {})", Amount(*line.original_amount_excl_vat, *line.original_currency),
                            line.exchange_rate->ToString());
    }
    text += Column(std::to_string(line.msp_cdr_id.value), 9) + Column(FormatOcpiDateTime(line.session_start), 22) +
            Column(line.location, 20) + Column(line.evse, 20) + Column(line.card, 20) +
            Column(line.cost_centre, 12) + Column(line.energy_kwh.ToString(), 9) +
            Column(line.duration_hours.ToString(), 8) +
            Column(std::string(line.vat_country.alpha2) + " " + line.vat_percent.ToString() + "%", 9) + amount +
            "\n";
  }
  text += "\nVAT per country and rate:\n";
  for (const billing::VatBreakdownRow& row : billing::VatBreakdown(body)) {
    text += fmt::format("  {} {}%: {} sessions, taxable {}, VAT {}, incl. VAT {}\n", row.country.alpha2,
                        row.percent.ToString(), row.sessions, Amount(row.taxable_amount, body.currency),
                        Amount(row.vat_amount, body.currency), Amount(row.amount_incl_vat, body.currency));
  }
  text += "Per cost centre:\n";
  for (const billing::CostCentreSubtotal& subtotal : billing::CostCentreSubtotals(body)) {
    text += fmt::format("  {}: {} sessions, excl. VAT {}, incl. VAT {}\n",
                        subtotal.cost_centre.empty() ? "(none)" : subtotal.cost_centre, subtotal.sessions,
                        Amount(subtotal.amount_excl_vat, body.currency),
                        Amount(subtotal.amount_incl_vat, body.currency));
  }
  text += fmt::format("Total excl. VAT {}, VAT {}, incl. VAT {}\n", Amount(body.total_excl_vat, body.currency),
                      Amount(body.vat_amount, body.currency), Amount(body.total_incl_vat, body.currency));
  return text;
}

// `show`: one invoice as text on the terminal, or as a PDF or CSV document in `--output`.
struct ShowOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant;
  std::int64_t invoice = 0;
  std::string format = "text";
  std::string output;
};

// Writes `bytes` to `path` through a temporary file beside it renamed over it, so `path` is either the
// whole document or untouched.
Result<void> WriteDocument(const std::string& path, const std::string& bytes) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      return Error{ErrorCode::kUnavailable, "--output", "cannot write " + temporary};
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    return Error{ErrorCode::kUnavailable, "--output", "cannot write " + path + ": " + error.message()};
  }
  return {};
}

Result<std::string> ShowInvoice(const ShowOptions& options) {
  if (options.format != "text" && options.format != "pdf" && options.format != "csv") {
    return InvalidArgument("--format", "must be text, pdf or csv");
  }
  if (options.format == "text" && !options.output.empty()) {
    return InvalidArgument("--output", "is for --format pdf or csv; text goes to the terminal");
  }
  if (options.format != "text" && options.output.empty()) {
    return InvalidArgument("--output", "is required with --format " + options.format);
  }
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, OpenDatabase(options.database.url, clock, true));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  Result<billing::InvoiceDocument> document =
      billing::LoadInvoiceDocument(billing::DocumentStoresOf(repositories), tenant.id, domain::InvoiceId{options.invoice});
  if (!document) {
    Error error = std::move(document).error();
    if (error.field == "id") error.field = "--invoice";
    return error;
  }
  if (options.format == "text") return Show(document->invoice);
  std::string bytes;
  if (options.format == "csv") {
    bytes = billing::InvoiceCsv(*document);
  } else {
    OPENMSP_ASSIGN_OR_RETURN(bytes, billing::InvoicePdf(*document));
  }
  OPENMSP_RETURN_IF_ERROR(WriteDocument(options.output, bytes));
  const domain::Invoice& invoice = document->invoice;
  return fmt::format("wrote {} {} of invoice {} ({} sessions, {} bytes)\n", options.output, options.format,
                     invoice.number.empty() ? "draft " + std::to_string(invoice.id.value) : invoice.number,
                     invoice.invoice.lines.size(), bytes.size());
}

// `reconcile`: our CDRs of one CPO and month against the CPO's invoice CSV.
struct ReconcileOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant;
  std::string cpo;
  std::string period;
  std::string csv;
};

// The report, and whether everything agreed (exit 0) or something differs (exit 1).
struct ReconcileReport {
  std::string text;
  bool agrees = false;
};

std::string OptionalAmount(const std::optional<Decimal>& amount) { return amount ? amount->ToString() : "-"; }

Result<ReconcileReport> Reconcile(const ReconcileOptions& options) {
  Result<PartyId> cpo = PartyId::Parse(options.cpo);
  if (!cpo) return InvalidArgument("--cpo", "must be a CPO party such as NL*ABC or NL-ABC: " + cpo.error().message);
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(const domain::BillingPeriod period, PeriodOf(options.period, clock));
  std::ifstream file(options.csv, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  if (!file.is_open() || file.bad()) return Error{ErrorCode::kUnavailable, "--csv", "cannot read " + options.csv};
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, OpenDatabase(options.database.url, clock, true));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  Result<billing::CpoInvoice> theirs = billing::ParseCpoInvoiceCsv(bytes.str(), tenant.default_currency);
  if (!theirs) return std::move(theirs).error().Nested("--csv");
  OPENMSP_ASSIGN_OR_RETURN(billing::Reconciliation result,
                           billing::ReconcilePeriod(repositories.cpo_cdrs(), tenant.id, *cpo, period, *theirs));
  const std::string currency(result.currency.code());
  std::string text = fmt::format("reconciliation of {} {} in {} for {} against {}\n", result.cpo.ToString(),
                                 domain::FormatBillingPeriod(period), currency, tenant.slug, options.csv);
  text += fmt::format("{} CDRs agree, {} differ", result.matched, result.differences.size());
  if (result.other_currency_cdrs > 0) {
    text += fmt::format("; {} of ours in other currencies not compared", result.other_currency_cdrs);
  }
  text += "\n";
  if (!result.differences.empty()) {
    text += "\n" + Column("DIFFERENCE", 16) + Column("CDR ID", 40) + Column("LINE", 6) + Column("OURS", 14) +
            "THEIRS\n";
    for (const billing::CdrDifference& difference : result.differences) {
      text += Column(billing::CdrDifferenceKindName(difference.kind), 16) + Column(difference.cdr_id, 40) +
              Column(difference.line > 0 ? std::to_string(difference.line) : "-", 6) +
              Column(OptionalAmount(difference.ours), 14) + OptionalAmount(difference.theirs) + "\n";
    }
    text += "\n";
  }
  text += fmt::format("our total excl. VAT    {} {}\n", result.our_total.ToString(), currency);
  text += fmt::format("their rows excl. VAT   {} {}\n", result.their_total.ToString(), currency);
  if (result.their_stated_total) {
    text += fmt::format("their total row        {} {}{}\n", result.their_stated_total->ToString(), currency,
                        result.StatedTotalDiffers() ? " (not the sum of their rows)" : "");
  }
  text += fmt::format("their rows minus ours  {} {}\n", (result.their_total - result.our_total).ToString(), currency);
  return ReconcileReport{.text = std::move(text), .agrees = result.Agrees()};
}

// Runs `act` on the invoice `--invoice` of `--tenant` and shows it afterwards.
template <class Act>
Result<std::string> OnInvoice(const InvoiceOptions& options, Act act) {
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories, OpenDatabase(options.database.url, clock, true));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  Result<Invoice> invoice = act(repositories.invoices(), tenant.id, domain::InvoiceId{options.invoice});
  if (!invoice) {
    Error error = std::move(invoice).error();
    if (error.field == "id") error.field = "--invoice";
    return error;
  }
  return Show(*invoice);
}

void AddInvoiceCommand(CLI::App& billing, const char* name, const char* description,
                       Result<Invoice> (*act)(domain::InvoiceRepository&, domain::TenantId, domain::InvoiceId),
                       CommandResult& exit_code) {
  auto options = std::make_shared<InvoiceOptions>();
  CLI::App* command = billing.add_subcommand(name, description);
  CLI::Option* database = command->add_option("--database", options->database.url, store::DatabaseSetting::Help());
  command->add_option("--tenant", options->tenant, "The tenant's slug")->required();
  command->add_option("--invoice", options->invoice, "The invoice's id (the first column of billing list)")
      ->required();
  const std::string full_name = std::string("billing ") + name;
  command->callback([options, database, act, full_name, &exit_code] {
    RunAndReport(
        full_name, *options, database->count() > 0,
        [act](const InvoiceOptions& given) { return OnInvoice(given, act); }, exit_code);
  });
}

}  // namespace

void RegisterBillingCommand(CLI::App& app, CommandResult& exit_code) {
  CLI::App* billing = app.add_subcommand("billing", "Bill a tenant's rated sessions: runs, invoices, credit notes");
  billing->require_subcommand(1);

  auto run_options = std::make_shared<RunOptions>();
  CLI::App* run = billing->add_subcommand(
      "run", "Make the draft invoices and credit notes of a month (again: resumes an interrupted run)");
  CLI::Option* run_database = run->add_option("--database", run_options->database.url, store::DatabaseSetting::Help());
  run->add_option("--tenant", run_options->tenant, "The tenant's slug")->required();
  run->add_option("--period", run_options->period, "The month to bill, YYYY-MM; the previous month when not given");
  run->callback([run_options, run_database, &exit_code] {
    RunAndReport("billing run", *run_options, run_database->count() > 0, Run, exit_code);
  });

  auto settle_options = std::make_shared<RunOptions>();
  CLI::App* settle = billing->add_subcommand(
      "settle", "What the MSP owes each CPO for a month: the CPO CDRs' own costs, per CPO and currency");
  CLI::Option* settle_database =
      settle->add_option("--database", settle_options->database.url, store::DatabaseSetting::Help());
  settle->add_option("--tenant", settle_options->tenant, "The tenant's slug")->required();
  settle->add_option("--period", settle_options->period, "The month, YYYY-MM; the previous month when not given");
  settle->callback([settle_options, settle_database, &exit_code] {
    RunAndReport("billing settle", *settle_options, settle_database->count() > 0, Settle, exit_code);
  });

  auto reconcile_options = std::make_shared<ReconcileOptions>();
  CLI::App* reconcile = billing->add_subcommand(
      "reconcile", "Compare a CPO's invoice (CSV: cdr_id, amount_excl_vat[, currency]) with its CDRs of a month; "
                   "exit 1 when they differ");
  CLI::Option* reconcile_database =
      reconcile->add_option("--database", reconcile_options->database.url, store::DatabaseSetting::Help());
  reconcile->add_option("--tenant", reconcile_options->tenant, "The tenant's slug")->required();
  reconcile->add_option("--cpo", reconcile_options->cpo, "The CPO party, e.g. NL*ABC")->required();
  reconcile->add_option("--period", reconcile_options->period,
                        "The month, YYYY-MM; the previous month when not given");
  reconcile->add_option("--csv", reconcile_options->csv, "The CPO's invoice as CSV (docs/billing.md)")->required();
  reconcile->callback([reconcile_options, reconcile_database, &exit_code] {
    Result<ReconcileReport> report = Reconcile(*reconcile_options);
    if (!report) {
      exit_code = ReportFailure(
          "billing reconcile", std::move(report).error(),
          {reconcile_options->database.url, reconcile_options->database.Source(reconcile_database->count() > 0)});
      return;
    }
    std::fputs(report->text.c_str(), stdout);
    exit_code = report->agrees ? 0 : 1;
  });

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = billing->add_subcommand("list", "List a tenant's invoices and credit notes, oldest first");
  CLI::Option* list_database =
      list->add_option("--database", list_options->database.url, store::DatabaseSetting::Help());
  list->add_option("--tenant", list_options->tenant, "The tenant's slug")->required();
  list->add_option("--status", list_options->status, "Only those in this status: DRAFT, ISSUED, PAID or VOID");
  list->callback([list_options, list_database, &exit_code] {
    RunAndReport("billing list", *list_options, list_database->count() > 0, List, exit_code);
  });

  auto show_options = std::make_shared<ShowOptions>();
  CLI::App* show = billing->add_subcommand(
      "show", "Show an invoice (sessions, VAT per country and rate, cost centres), or write it as PDF or CSV");
  CLI::Option* show_database =
      show->add_option("--database", show_options->database.url, store::DatabaseSetting::Help());
  show->add_option("--tenant", show_options->tenant, "The tenant's slug")->required();
  show->add_option("--invoice", show_options->invoice, "The invoice's id (the first column of billing list)")
      ->required();
  show->add_option("--format", show_options->format,
                   "text (on the terminal, the default), pdf (the customer's document) or csv (for accounting)");
  show->add_option("--output", show_options->output, "The file to write with --format pdf or csv");
  show->callback([show_options, show_database, &exit_code] {
    RunAndReport("billing show", *show_options, show_database->count() > 0, ShowInvoice, exit_code);
  });
  AddInvoiceCommand(
      *billing, "issue", "Issue a draft: give it the next invoice number of the year; it never changes after",
      [](domain::InvoiceRepository& invoices, domain::TenantId tenant, domain::InvoiceId id) {
        return invoices.Issue(tenant, id);
      },
      exit_code);
  AddInvoiceCommand(
      *billing, "pay", "Mark an issued invoice paid",
      [](domain::InvoiceRepository& invoices, domain::TenantId tenant, domain::InvoiceId id) {
        return invoices.MarkPaid(tenant, id);
      },
      exit_code);
  AddInvoiceCommand(
      *billing, "void", "Void a draft or issued invoice; its sessions are invoiced again by the next run",
      [](domain::InvoiceRepository& invoices, domain::TenantId tenant, domain::InvoiceId id) {
        return invoices.Void(tenant, id);
      },
      exit_code);
}

}  // namespace openmsp::app
