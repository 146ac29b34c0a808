#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/msp_cdr.h"

namespace openmsp::domain {

/// An invoice's (or credit note's) id: the 64-bit integer its database row was given, unique across
/// tenants. Not its number, which it gets only when issued (`Invoice::number`).
struct InvoiceId {
  std::int64_t value = 0;

  friend auto operator<=>(const InvoiceId&, const InvoiceId&) = default;
};

/// A billing run's id: the 64-bit integer its database row was given.
struct BillingRunId {
  std::int64_t value = 0;

  friend auto operator<=>(const BillingRunId&, const BillingRunId&) = default;
};

/// The calendar month a billing run invoices, in UTC (docs/billing.md, "Periods"): `2026-10` covers the
/// sessions that started from 2026-10-01T00:00:00Z up to, not including, 2026-11-01T00:00:00Z — and every
/// earlier session not invoiced yet (a late CDR).
struct BillingPeriod {
  int year = 1970;  ///< 0001–9998 (a period must end within the years a store can write)
  int month = 1;    ///< 1–12

  friend auto operator<=>(const BillingPeriod&, const BillingPeriod&) = default;
};

/// Reads `YYYY-MM` (`2026-10`). kInvalidArgument naming `period` for any other form, month 00 or 13.
Result<BillingPeriod> ParseBillingPeriod(std::string_view text);

/// `YYYY-MM`; `ParseBillingPeriod` gives it back.
std::string FormatBillingPeriod(BillingPeriod period);

/// The first instant of `period` (midnight UTC on the 1st) and the first instant after it.
Instant PeriodStart(BillingPeriod period);
Instant PeriodEnd(BillingPeriod period);

/// Whom an invoice is addressed to (domain.md §1): the nearest organisation unit with billing details,
/// or, when there is none, the driver's profile itself (a private customer). Exactly one is set.
struct BillingTarget {
  std::optional<OrganisationUnitId> unit;
  std::optional<ProfileId> profile;

  /// Profiles (no unit) before units, then by id: the order invoices of a run are made in.
  friend auto operator<=>(const BillingTarget&, const BillingTarget&) = default;
};

/// `unit 12` or `profile 7`, for messages and the command line.
std::string DescribeBillingTarget(const BillingTarget& target);

/// What an invoice is.
enum class InvoiceKind {
  kInvoice,     ///< `INVOICE`: what the customer owes for a period's sessions
  kCreditNote,  ///< `CREDIT_NOTE`: what is given back for sessions of an earlier invoice (credit CDRs)
};

/// `INVOICE`, `CREDIT_NOTE`.
std::string_view InvoiceKindName(InvoiceKind kind);
/// The kind spelled `name`; kInvalidArgument with an empty field otherwise.
Result<InvoiceKind> ParseInvoiceKind(std::string_view name);

/// Where an invoice is in its life: `draft → issued → paid`, or `void` from draft or issued. Only a draft
/// has no number; an issued invoice never changes but for becoming paid or void.
enum class InvoiceStatus {
  kDraft,   ///< `DRAFT`: made by a billing run, not sent; no number yet
  kIssued,  ///< `ISSUED`: numbered and sent; its lines and amounts are final
  kPaid,    ///< `PAID`: final
  kVoid,    ///< `VOID`: final; its sessions may be invoiced again (docs/billing.md, "Voiding")
};

/// `DRAFT`, `ISSUED`, `PAID`, `VOID`.
std::string_view InvoiceStatusName(InvoiceStatus status);
/// The status spelled `name`; kInvalidArgument with an empty field otherwise.
Result<InvoiceStatus> ParseInvoiceStatus(std::string_view name);

/// Whether an invoice in status `from` may go to `to`: draft → issued, issued → paid, draft or issued →
/// void. kFailedPrecondition naming `status` otherwise (paying a draft, issuing twice, reviving a void).
Result<void> CheckInvoiceTransition(InvoiceStatus from, InvoiceStatus to);

/// A rated MSP CDR that is on no invoice yet (or only on void ones), with what an invoice line shows of
/// its session: what `InvoiceRepository::ListBillable` reads and `billing::AssembleInvoices` takes.
struct BillableMspCdr {
  MspCdrId id;
  Instant session_start;
  Instant session_end;
  PartyId cpo;
  BillingTarget target;
  /// The MSP CDR's currency and amounts (domain/msp_cdr.h), negative for a credit.
  Currency currency;
  Decimal total_excl_vat;
  Country vat_country;
  Decimal vat_percent;
  Decimal vat_amount;
  Decimal total_incl_vat;
  /// A credit: the MSP CDR it cancels, and the invoice that one is on when it is issued or paid.
  std::optional<MspCdrId> credit_of;
  std::optional<InvoiceId> credited_invoice;
  /// Where: the location's name when it was synced and has one, else the CDR's location id; the EVSE's
  /// `evse_id` when synced, else the CDR's `evse_uid`.
  std::string location;
  std::string evse;
  /// The card: its visual number, or its EMA-ID when it has none.
  std::string card;
  /// The token's billing reference (cost centre); empty when it has none.
  std::string cost_centre;
  /// The CPO CDR's `total_energy` (kWh) and `total_time` (hours).
  Decimal energy_kwh;
  Decimal duration_hours;

  friend bool operator==(const BillableMspCdr&, const BillableMspCdr&) = default;
};

/// One session on an invoice (domain.md §5): date, place, card, energy, duration, amounts — in the
/// invoice's currency, and, when converted, what the MSP CDR said in its own.
struct InvoiceLine {
  MspCdrId msp_cdr_id;
  Instant session_start;
  std::string location;
  std::string evse;
  std::string card;
  std::string cost_centre;
  Decimal energy_kwh;
  Decimal duration_hours;
  Country vat_country;
  Decimal vat_percent;
  /// Rounded to the invoice currency's minor unit; `amount_incl_vat = amount_excl_vat + vat_amount`.
  Decimal amount_excl_vat;
  Decimal vat_amount;
  Decimal amount_incl_vat;
  /// Set when the MSP CDR was in another currency: that currency, its `total_excl_vat` and the rate
  /// (units of the invoice currency per unit of it) of the session's date.
  std::optional<Currency> original_currency = std::nullopt;
  std::optional<Decimal> original_amount_excl_vat = std::nullopt;
  std::optional<Decimal> exchange_rate = std::nullopt;

  friend bool operator==(const InvoiceLine&, const InvoiceLine&) = default;
};

/// An invoice or credit note as a billing run makes it, before it is stored.
///
/// Invariants (`ValidateNewInvoice`): at least one line, each MSP CDR once; every amount rounded to the
/// currency's minor unit; per line `amount_incl_vat = amount_excl_vat + vat_amount`; the totals are the
/// sums of the lines; a credit note names the invoice it credits and has no positive line, an invoice
/// names none.
struct NewInvoice {
  TenantId tenant_id;
  BillingRunId run_id;
  BillingPeriod period;
  InvoiceKind kind = InvoiceKind::kInvoice;
  BillingTarget target;
  Currency currency;
  /// A credit note: the invoice whose sessions it credits.
  std::optional<InvoiceId> credited_invoice = std::nullopt;
  /// By cost centre, then session start, then MSP CDR id.
  std::vector<InvoiceLine> lines = {};
  Decimal total_excl_vat;
  Decimal vat_amount;
  Decimal total_incl_vat;

  friend bool operator==(const NewInvoice&, const NewInvoice&) = default;
};

/// A stored invoice.
struct Invoice {
  InvoiceId id;
  NewInvoice invoice;
  InvoiceStatus status = InvoiceStatus::kDraft;
  /// Set from issue on: `2026-000042`, the year of issue and the tenant's next number in it.
  std::string number;
  /// From the repository's clock.
  Instant created_at;
  std::optional<Instant> issued_at;
  std::optional<Instant> paid_at;
  std::optional<Instant> voided_at;

  friend bool operator==(const Invoice&, const Invoice&) = default;
};

/// Invoice numbers: `YYYY-NNNNNN`, the year of issue and the sequence in it, from 1 without gaps.
std::string FormatInvoiceNumber(int year, std::int64_t sequence);

/// Checks the invariants listed at `NewInvoice`. kInvalidArgument naming the field: `lines`,
/// `lines[2].amount_incl_vat`, `lines[3].msp_cdr_id` (given twice), `total_excl_vat`,
/// `credited_invoice`, `target`. What the store checks before writing, so an invoice that does not add up
/// is never stored.
Result<void> ValidateNewInvoice(const NewInvoice& invoice);

/// One billing run: a tenant's period, started once, resumed after an interruption, completed once.
struct BillingRun {
  BillingRunId id;
  TenantId tenant_id;
  BillingPeriod period;
  Instant started_at;
  /// Absent while it runs (or after it was interrupted).
  std::optional<Instant> completed_at;

  friend bool operator==(const BillingRun&, const BillingRun&) = default;
};

}  // namespace openmsp::domain
