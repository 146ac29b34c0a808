#include "billing/billing_run.h"

#include <utility>

namespace openmsp::billing {

Result<BillingRunReport> RunBilling(const BillingStores& stores, domain::TenantId tenant_id,
                                    domain::BillingPeriod period, int page_size) {
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, stores.tenants.FindById(tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(domain::BillingRun run, stores.invoices.StartRun(tenant_id, period));
  BillingRunReport report{.run = run, .already_complete = run.completed_at.has_value()};
  if (report.already_complete) return report;

  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::ExchangeRate> rates, stores.tenant_settings.ExchangeRates(tenant_id));
  std::vector<domain::BillableMspCdr> billable;
  for (domain::MspCdrId after{};;) {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::BillableMspCdr> page,
                             stores.invoices.ListBillable(tenant_id, domain::PeriodEnd(period), after, page_size));
    if (page.empty()) break;
    after = page.back().id;
    for (domain::BillableMspCdr& cdr : page) billable.push_back(std::move(cdr));
  }

  InvoiceAssembly assembly = AssembleInvoices(
      tenant_id, run.id, period, {.currency = tenant.default_currency, .exchange_rates = rates}, billable);
  report.held = std::move(assembly.held);
  for (const domain::NewInvoice& invoice : assembly.invoices) {
    Result<domain::Invoice> draft = stores.invoices.CreateDraft(invoice);
    if (!draft) {
      if (draft.error().code != ErrorCode::kAlreadyExists) return std::move(draft).error();
      for (const domain::InvoiceLine& line : invoice.lines) report.skipped.push_back(line.msp_cdr_id);
      continue;
    }
    report.drafts.push_back(draft->id);
    report.cdrs_invoiced += invoice.lines.size();
  }
  OPENMSP_ASSIGN_OR_RETURN(report.run, stores.invoices.CompleteRun(tenant_id, run.id));
  return report;
}

}  // namespace openmsp::billing
