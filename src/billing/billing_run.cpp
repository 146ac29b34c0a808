#include "billing/billing_run.h"

#include <cstddef>
#include <span>
#include <utility>

namespace openmsp::billing {
namespace {

// About how many invoice lines one transaction of the run stores (whole invoices: one more may exceed it).
constexpr std::size_t kLinesPerTransaction = 2000;

// Stores `batch` in one transaction. When one of them cannot be stored (the run has that invoice already,
// or one of its MSP CDRs went on another invoice meanwhile), stores each on its own instead, skipping
// those that cannot be.
Result<void> StoreDrafts(domain::InvoiceRepository& invoices, std::span<const domain::NewInvoice> batch,
                         BillingRunReport& report) {
  const auto stored = [&report](const domain::NewInvoice& invoice, domain::InvoiceId id) {
    report.drafts.push_back(id);
    report.cdrs_invoiced += invoice.lines.size();
  };
  Result<std::vector<domain::InvoiceId>> ids = invoices.CreateDrafts(batch);
  if (ids) {
    for (std::size_t k = 0; k < batch.size(); ++k) stored(batch[k], (*ids)[k]);
    return {};
  }
  if (ids.error().code != ErrorCode::kAlreadyExists) return std::move(ids).error();
  for (const domain::NewInvoice& invoice : batch) {
    Result<std::vector<domain::InvoiceId>> one = invoices.CreateDrafts(std::span(&invoice, 1));
    if (one) {
      stored(invoice, one->front());
    } else if (one.error().code == ErrorCode::kAlreadyExists) {
      for (const domain::InvoiceLine& line : invoice.lines) report.skipped.push_back(line.msp_cdr_id);
    } else {
      return std::move(one).error();
    }
  }
  return {};
}

}  // namespace

Result<BillingRunReport> RunBilling(const BillingStores& stores, domain::TenantId tenant_id,
                                    domain::BillingPeriod period, int page_size) {
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, stores.tenants.FindById(tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(domain::BillingRun run, stores.invoices.StartRun(tenant_id, period));
  BillingRunReport report{.run = run, .already_complete = run.completed_at.has_value()};
  if (report.already_complete) return report;

  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::ExchangeRate> rates,
                           stores.tenant_settings.ExchangeRates(tenant_id));
  std::vector<domain::BillableMspCdr> billable;
  for (domain::MspCdrId after{};;) {
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<domain::BillableMspCdr> page,
        stores.invoices.ListBillable(tenant_id, domain::PeriodEnd(period), after, page_size));
    if (page.empty()) break;
    after = page.back().id;
    for (domain::BillableMspCdr& cdr : page) billable.push_back(std::move(cdr));
  }

  InvoiceAssembly assembly = AssembleInvoices(
      tenant_id, run.id, period, {.currency = tenant.default_currency, .exchange_rates = rates}, billable);
  report.held = std::move(assembly.held);
  const std::span<const domain::NewInvoice> invoices = assembly.invoices;
  for (std::size_t first = 0; first < invoices.size();) {
    std::size_t end = first;
    for (std::size_t lines = 0; end < invoices.size() && lines < kLinesPerTransaction; ++end) {
      lines += invoices[end].lines.size();
    }
    OPENMSP_RETURN_IF_ERROR(StoreDrafts(stores.invoices, invoices.subspan(first, end - first), report));
    first = end;
  }
  OPENMSP_ASSIGN_OR_RETURN(report.run, stores.invoices.CompleteRun(tenant_id, run.id));
  return report;
}

}  // namespace openmsp::billing
