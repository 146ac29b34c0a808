#pragma once

#include <cstddef>
#include <vector>

#include "billing/invoice_assembly.h"
#include "core/result.h"
#include "domain/repositories.h"

namespace openmsp::billing {

/// The repositories a billing run reads and writes (ports of src/domain; src/store implements them).
struct BillingStores {
  domain::TenantRepository& tenants;
  domain::TenantSettingsRepository& tenant_settings;
  domain::InvoiceRepository& invoices;
};

/// The stores of `repositories`, anything with one accessor per port named like the fields above
/// (`store::Repositories`), which must outlive them.
template <class Repositories>
BillingStores BillingStoresOf(Repositories& repositories) {
  return BillingStores{.tenants = repositories.tenants(),
                       .tenant_settings = repositories.tenant_settings(),
                       .invoices = repositories.invoices()};
}

/// What one `RunBilling` did.
struct BillingRunReport {
  domain::BillingRun run;
  /// The run had completed before this call: nothing was read or written.
  bool already_complete = false;
  /// The drafts this call made, in the order `AssembleInvoices` gave them.
  std::vector<domain::InvoiceId> drafts = {};
  /// How many MSP CDRs those drafts took.
  std::size_t cdrs_invoiced = 0;
  /// Left for a later run (no exchange rate, original not invoiced).
  std::vector<HeldMspCdr> held = {};
  /// MSP CDRs whose invoice could not be made because the run has one for that target already (it was
  /// interrupted after making it and new CDRs of the target arrived since) or another run took them at
  /// the same moment. They stay billable (or are billed by that other run): the next run takes them.
  std::vector<domain::MspCdrId> skipped = {};
};

/// Bills `period` for `tenant_id` (docs/billing.md, "The run"): starts the run of that period, or resumes
/// it when an earlier attempt was interrupted, or answers `already_complete` when it completed before;
/// reads every rated MSP CDR on no invoice whose session started before the period's end (late CDRs of
/// earlier periods included) in pages of `page_size` (1..1000), assembles the invoices in the tenant's
/// default currency with its exchange-rate table (`AssembleInvoices`), stores the drafts, a few hundred
/// per transaction (`CreateDrafts`: about 2,000 lines), each recorded as the invoice of its MSP CDRs in
/// the transaction that stores it, and marks the run complete.
///
/// Interrupted anywhere and run again, it neither loses nor duplicates an MSP CDR: a stored draft holds
/// its CDRs, which are then no longer billable; a draft that was not stored left them billable. Fails
/// only when a store does (kNotFound naming `tenant_id` for an unknown tenant).
Result<BillingRunReport> RunBilling(const BillingStores& stores, domain::TenantId tenant_id,
                                    domain::BillingPeriod period, int page_size = 1000);

}  // namespace openmsp::billing
