#pragma once

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The invoice repository over either back end (docs/storage.md, "Invoices"). Which invoice took an MSP
/// CDR is a row of `invoiced_msp_cdrs` keyed by the MSP CDR, written in the draft's transaction: the key
/// is what makes "billed at most once" hold under concurrent and resumed runs, and voiding deletes the
/// rows. Invoice numbers come from `invoice_number_sequences`, one row per tenant and year, advanced in
/// the issue's transaction under the tenant's lock.
class SqlInvoiceRepository final : public domain::InvoiceRepository {
 public:
  /// Uses `connection` and `clock`, which must outlive the repository.
  SqlInvoiceRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::InvoiceRepository` documents them.
  Result<domain::BillingRun> StartRun(domain::TenantId tenant_id, domain::BillingPeriod period) override;
  Result<domain::BillingRun> CompleteRun(domain::TenantId tenant_id, domain::BillingRunId id) override;
  Result<std::vector<domain::BillableMspCdr>> ListBillable(domain::TenantId tenant_id, Instant before,
                                                           domain::MspCdrId after, int limit) override;
  Result<domain::Invoice> CreateDraft(const domain::NewInvoice& invoice) override;
  Result<domain::Invoice> FindById(domain::TenantId tenant_id, domain::InvoiceId id) override;
  Result<std::vector<domain::Invoice>> List(domain::TenantId tenant_id, const domain::InvoiceQuery& query) override;
  Result<domain::Invoice> Issue(domain::TenantId tenant_id, domain::InvoiceId id) override;
  Result<domain::Invoice> MarkPaid(domain::TenantId tenant_id, domain::InvoiceId id) override;
  Result<domain::Invoice> Void(domain::TenantId tenant_id, domain::InvoiceId id) override;

 private:
  Result<domain::BillingRun> FindRun(domain::TenantId tenant_id, const SqlParam& key, std::string_view column);
  Result<std::vector<domain::Invoice>> Select(std::string_view where, std::span<const SqlParam> params);
  Result<domain::InvoiceStatus> LockedStatus(domain::TenantId tenant_id, domain::InvoiceId id,
                                             domain::InvoiceStatus target);

  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
