#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "domain/cpo_cdr.h"
#include "domain/invoice.h"
#include "domain/repositories.h"

namespace openmsp::billing {

/// One CDR a CPO's invoice charges: its row in the uploaded file and what it says.
struct CpoInvoiceRow {
  /// The line of the file the row starts on (1-based, as `ReadCsv` counts: the heading is on line 1).
  std::size_t line = 0;
  std::string cdr_id;
  Decimal amount_excl_vat;

  friend bool operator==(const CpoInvoiceRow&, const CpoInvoiceRow&) = default;
};

/// A CPO's invoice as uploaded (docs/billing.md, "Reconciliation"): the CDRs it charges, in one currency,
/// and the total it states, if it has a total row.
struct CpoInvoice {
  Currency currency;
  /// In the file's order.
  std::vector<CpoInvoiceRow> rows;
  std::optional<Decimal> stated_total;
  /// The total row's line, when there is one.
  std::size_t total_line = 0;

  friend bool operator==(const CpoInvoice&, const CpoInvoice&) = default;
};

/// Reads a CPO's invoice CSV with `ReadCsv` (core/csv_reader.h: UTF-8, a byte-order mark skipped, `,`
/// between cells, RFC 4180 quotes, CRLF or LF, blank lines skipped), up to 256 MB and 2,000,000 rows.
///
/// - The first row names the columns (case and surrounding blanks do not matter, the order is free,
///   other columns are ignored): `cdr_id` and `amount_excl_vat` are required, `currency` is optional.
/// - Each further row is one CDR: `cdr_id` as the CPO sent it (OCPI's CiString(39): 1 to 39 printable
///   ASCII characters, once in the file, ignoring case), `amount_excl_vat` a decimal number with `.` as
///   the point (`12.5`, `-3.10`), `currency` an ISO 4217 code, the same on every row. Without a
///   `currency` column the invoice is in `default_currency`. Blanks around a cell are ignored.
/// - A row whose `cdr_id` is `TOTAL` (any case) states the invoice's total excl. VAT instead; at most one.
///
/// Every bad row is reported, not only the first: kInvalidArgument whose field names the first
/// (`lines[4].amount_excl_vat`, by the line the row is on) and whose message lists each as
/// `line 4, column amount_excl_vat: …`. A file without the heading's required columns names `columns`;
/// one that is not CSV (an unclosed quote…) has no field and `ReadCsv`'s message (`line 3: …`). A pure
/// function.
Result<CpoInvoice> ParseCpoInvoiceCsv(std::string_view text, const Currency& default_currency);

/// How one CDR differs between the MSP's records and the CPO's invoice.
enum class CdrDifferenceKind {
  kOnlyOurs,       ///< `ONLY_OURS`: we have the CDR, the invoice does not charge it
  kOnlyTheirs,     ///< `ONLY_THEIRS`: the invoice charges a CDR we do not have (in that period)
  kAmountDiffers,  ///< `AMOUNT_DIFFERS`: both have it, with different amounts excl. VAT
};

/// `ONLY_OURS`, `ONLY_THEIRS`, `AMOUNT_DIFFERS`.
std::string_view CdrDifferenceKindName(CdrDifferenceKind kind);

/// One CDR that differs.
struct CdrDifference {
  CdrDifferenceKind kind = CdrDifferenceKind::kOnlyOurs;
  std::string cdr_id;
  /// Our CPO CDR's `total_cost.excl_vat`; absent for `kOnlyTheirs`.
  std::optional<Decimal> ours;
  /// The invoice's amount; absent for `kOnlyOurs`.
  std::optional<Decimal> theirs;
  /// The invoice's line; 0 for `kOnlyOurs`.
  std::size_t line = 0;

  friend bool operator==(const CdrDifference&, const CdrDifference&) = default;
};

/// The comparison of our CDRs of one CPO, period and currency with the CPO's invoice.
struct Reconciliation {
  PartyId cpo;
  Currency currency;
  /// CDRs on both sides with the same amount.
  std::size_t matched = 0;
  /// By CDR id (byte order).
  std::vector<CdrDifference> differences;
  /// Σ our CDRs' `total_cost.excl_vat` (what `Settle` says we owe), and Σ the invoice's rows.
  Decimal our_total;
  Decimal their_total;
  /// The invoice's total row, when it has one; `their_total` may differ from it (the CPO's own sum is
  /// wrong), which `StatedTotalDiffers` tells.
  std::optional<Decimal> their_stated_total;
  /// Our CDRs of this CPO and period in other currencies than the invoice's: not compared.
  std::size_t other_currency_cdrs = 0;

  /// Whether the totals agree and nothing differs.
  bool Agrees() const;
  /// Whether the invoice's total row disagrees with the sum of its rows.
  bool StatedTotalDiffers() const { return their_stated_total && *their_stated_total != their_total; }

  friend bool operator==(const Reconciliation&, const Reconciliation&) = default;
};

/// Compares `ours` (the CPO CDRs we hold; only those of `cpo` count) with `theirs`: CDRs are matched by
/// `cdr_id` ignoring ASCII case (OCPI compares CiStrings so) and amounts compared by value (`10.5` =
/// `10.50`).
/// Ours in other currencies are counted in `other_currency_cdrs`, not compared. A pure function.
Reconciliation Reconcile(const PartyId& cpo, std::span<const domain::CpoCdr> ours, const CpoInvoice& theirs);

/// `Reconcile` over the CPO CDRs of `tenant_id` at `cpo` whose session started in `period` (the CDRs
/// `SettlePeriod` sums), read page by page. Fails only when the store does.
Result<Reconciliation> ReconcilePeriod(domain::CpoCdrRepository& cpo_cdrs, domain::TenantId tenant_id,
                                       const PartyId& cpo, domain::BillingPeriod period, const CpoInvoice& theirs);

}  // namespace openmsp::billing
