#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/time.h"
#include "domain/exchange_rate.h"
#include "domain/invoice.h"

namespace openmsp::billing {

/// Why a billable MSP CDR stays off this run's invoices. It stays billable and the next run looks at it
/// again, so nothing is lost and nothing is priced at a guess.
enum class HoldReason {
  /// `NO_EXCHANGE_RATE`: it is in another currency than the invoices, and the tenant's exchange-rate
  /// table has no rate of that pair on the session's date.
  kNoExchangeRate,
  /// `ORIGINAL_NOT_INVOICED`: a credit whose cancelled MSP CDR is on no issued (or paid) invoice and not on
  /// one of this run either (it is held itself, it started after the period, or its invoice is still a
  /// draft): the credit waits for it.
  kOriginalNotInvoiced,
};

/// `NO_EXCHANGE_RATE`, `ORIGINAL_NOT_INVOICED`.
std::string_view HoldReasonName(HoldReason reason);

/// A billable MSP CDR that this run leaves for a later one, and why.
struct HeldMspCdr {
  domain::MspCdrId id;
  HoldReason reason;
  /// For a person: which pair and date has no rate, which original is missing.
  std::string detail;

  friend bool operator==(const HeldMspCdr&, const HeldMspCdr&) = default;
};

/// What a run makes of its billable MSP CDRs.
struct InvoiceAssembly {
  /// One per billing target and kind (and, for credit notes, per credited invoice), ordered by target,
  /// kind, credited invoice.
  std::vector<domain::NewInvoice> invoices;
  /// Those left for a later run, by MSP CDR id.
  std::vector<HeldMspCdr> held;
};

/// What the tenant invoices in: its currency (the tenant's default currency) and its exchange-rate
/// table, to convert MSP CDRs of plans in other currencies.
struct InvoicingTerms {
  Currency currency;
  std::span<const domain::ExchangeRate> exchange_rates;
};

/// The invoices of one billing run (docs/billing.md): a pure function of its inputs.
///
/// - Every MSP CDR not a credit goes on the invoice of its billing target (`kInvoice`).
/// - A credit whose original is on an invoice (`credited_invoice`) goes on a credit note of its target
///   crediting that invoice; one whose original is among `cdrs` (and not held) goes on the same invoice
///   as the original, where the two cancel out; any other credit is held (`kOriginalNotInvoiced`).
/// - An MSP CDR in another currency than `terms.currency` is converted at the rate of its session's
///   date (`SessionDate`) with `domain::ExchangeRateOn`: excl. VAT = amount × rate, rounded half-up to
///   the minor unit; VAT = that × percent / 100, rounded half-up; incl. VAT the sum. Without a rate it is
///   held (`kNoExchangeRate`).
/// - Lines are ordered by cost centre, session start, MSP CDR id; the totals are the sums of the lines.
///
/// Every invoice satisfies `domain::ValidateNewInvoice` (the tests check it over many inputs).
InvoiceAssembly AssembleInvoices(domain::TenantId tenant_id, domain::BillingRunId run_id,
                                 domain::BillingPeriod period, const InvoicingTerms& terms,
                                 std::span<const domain::BillableMspCdr> cdrs);

/// The date whose exchange rate converts a session that started at `start` in `country`: the local
/// date there (rating's `TimeZoneOfCountry`, as rating dates VAT and exchange rates), or the UTC date
/// for a country that table does not know.
LocalDate SessionDate(Instant start, const Country& country);

/// One row of an invoice's VAT breakdown (domain.md §5): the lines of one country of charging and rate.
struct VatBreakdownRow {
  Country country;
  Decimal percent;
  /// The sums of those lines' amounts excl. VAT, VAT and incl. VAT.
  Decimal taxable_amount;
  Decimal vat_amount;
  Decimal amount_incl_vat;
  int sessions = 0;

  friend bool operator==(const VatBreakdownRow&, const VatBreakdownRow&) = default;
};

/// The VAT breakdown of `invoice`, by country code and then rate. Its rows add up to the invoice's
/// totals, since both are sums of the same rounded lines (docs/billing.md, "VAT").
std::vector<VatBreakdownRow> VatBreakdown(const domain::NewInvoice& invoice);

/// The subtotal of one cost centre on a fleet's invoice.
struct CostCentreSubtotal {
  /// The tokens' billing reference; empty for cards without one.
  std::string cost_centre;
  Decimal amount_excl_vat;
  Decimal vat_amount;
  Decimal amount_incl_vat;
  int sessions = 0;

  friend bool operator==(const CostCentreSubtotal&, const CostCentreSubtotal&) = default;
};

/// The subtotals of `invoice` per cost centre, in the lines' order (cost centres sorted, "" first).
std::vector<CostCentreSubtotal> CostCentreSubtotals(const domain::NewInvoice& invoice);

}  // namespace openmsp::billing
