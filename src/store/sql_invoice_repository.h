#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The invoice repository over either back end (docs/storage.md, "Invoices"). Which invoice took an MSP
/// CDR is its live line: `invoice_lines` has a unique index on the MSP CDR of live lines, which is what
/// makes "billed at most once" hold under concurrent and resumed runs; voiding makes an invoice's lines
/// not live, so its CDRs are billable again. Invoice numbers come from `invoice_number_sequences`, one row
/// per tenant and year, advanced in the issue's transaction under the tenant's lock.
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
  Result<std::vector<domain::InvoiceId>> CreateDrafts(std::span<const domain::NewInvoice> invoices) override;
  Result<domain::Invoice> FindById(domain::TenantId tenant_id, domain::InvoiceId id) override;
  Result<std::vector<domain::Invoice>> List(domain::TenantId tenant_id,
                                            const domain::InvoiceQuery& query) override;
  Result<domain::Invoice> Issue(domain::TenantId tenant_id, domain::InvoiceId id) override;
  Result<domain::Invoice> MarkPaid(domain::TenantId tenant_id, domain::InvoiceId id) override;
  Result<domain::Invoice> Void(domain::TenantId tenant_id, domain::InvoiceId id) override;

 private:
  Result<domain::BillingRun> FindRun(domain::TenantId tenant_id, const SqlParam& key,
                                     std::string_view column);
  // Writes `invoices` (not empty) as drafts inside the caller's transaction; `many` names the fields of
  // errors `invoices[k].…`.
  Result<std::vector<domain::InvoiceId>> WriteDrafts(std::span<const domain::NewInvoice> invoices, bool many);
  // Which of `ids` are rows of `table` of the tenant.
  Result<std::set<std::int64_t>> ExistingIds(domain::TenantId tenant_id, std::string_view table,
                                             const std::set<std::int64_t>& ids);
  // Inserts the invoice rows, answering each one's id, or 0 where the run has that invoice already.
  Result<std::vector<domain::InvoiceId>> InsertInvoices(std::span<const domain::NewInvoice> invoices);
  // Renews the statistics of `invoices` once this connection has written twice as many as at the last time.
  void RefreshStatistics(std::size_t inserted);
  Result<std::vector<domain::Invoice>> Select(std::string_view where, std::span<const SqlParam> params);
  Result<domain::InvoiceStatus> LockedStatus(domain::TenantId tenant_id, domain::InvoiceId id,
                                             domain::InvoiceStatus target);

  SqlConnection& connection_;
  const Clock& clock_;
  std::size_t invoices_written_ = 0;
  std::size_t next_analysis_ = 64;
};

}  // namespace openmsp::store
