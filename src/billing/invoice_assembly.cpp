#include "billing/invoice_assembly.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "core/enum_names.h"
#include "core/time_zone.h"
#include "rating/country_time_zone.h"

namespace openmsp::billing {
namespace {

using domain::BillableMspCdr;
using domain::InvoiceId;
using domain::InvoiceKind;
using domain::InvoiceLine;
using domain::MspCdrId;
using domain::NewInvoice;

constexpr EnumNames<HoldReason, 2> kHoldReasonNames = {{
    {HoldReason::kNoExchangeRate, "NO_EXCHANGE_RATE"},
    {HoldReason::kOriginalNotInvoiced, "ORIGINAL_NOT_INVOICED"},
}};

// 0.01: turns a percentage into a factor, exactly.
const Decimal kPercent = Decimal::FromCoefficient(1, 2);

// Which invoice of the run a line goes on.
struct InvoiceKey {
  domain::BillingTarget target;
  InvoiceKind kind = InvoiceKind::kInvoice;
  std::optional<InvoiceId> credited_invoice;

  friend auto operator<=>(const InvoiceKey&, const InvoiceKey&) = default;
};

// The line of `cdr` in `currency`, converted when it is in another; nullopt (and a hold) without a rate.
std::optional<InvoiceLine> LineOf(const BillableMspCdr& cdr, const InvoicingTerms& terms,
                                  std::vector<HeldMspCdr>& held) {
  InvoiceLine line{.msp_cdr_id = cdr.id,
                   .session_start = cdr.session_start,
                   .location = cdr.location,
                   .evse = cdr.evse,
                   .card = cdr.card,
                   .cost_centre = cdr.cost_centre,
                   .energy_kwh = cdr.energy_kwh,
                   .duration_hours = cdr.duration_hours,
                   .vat_country = cdr.vat_country,
                   .vat_percent = cdr.vat_percent,
                   .amount_excl_vat = cdr.total_excl_vat,
                   .vat_amount = cdr.vat_amount,
                   .amount_incl_vat = cdr.total_incl_vat};
  if (cdr.currency == terms.currency) return line;
  const LocalDate date = SessionDate(cdr.session_start, cdr.vat_country);
  Result<Decimal> rate = domain::ExchangeRateOn(terms.exchange_rates, cdr.currency, terms.currency, date);
  if (!rate) {
    held.push_back({cdr.id, HoldReason::kNoExchangeRate,
                    "no exchange rate " + std::string(cdr.currency.code()) + " → " +
                        std::string(terms.currency.code()) + " on " + FormatIsoDate(date)});
    return std::nullopt;
  }
  const int minor = terms.currency.minor_units();
  line.original_currency = cdr.currency;
  line.original_amount_excl_vat = cdr.total_excl_vat;
  line.exchange_rate = *rate;
  line.amount_excl_vat = (cdr.total_excl_vat * *rate).Rounded(minor, RoundingMode::kHalfUp);
  line.vat_amount = (line.amount_excl_vat * cdr.vat_percent * kPercent).Rounded(minor, RoundingMode::kHalfUp);
  line.amount_incl_vat = line.amount_excl_vat + line.vat_amount;
  return line;
}

}  // namespace

std::string_view HoldReasonName(HoldReason reason) { return NameOf(kHoldReasonNames, reason); }

LocalDate SessionDate(Instant start, const Country& country) {
  const LocalDateTime local = rating::TimeZoneOfCountry(country).value_or(TimeZone::Utc()).ToLocal(start);
  return LocalDate{local.year, local.month, local.day};
}

InvoiceAssembly AssembleInvoices(domain::TenantId tenant_id, domain::BillingRunId run_id,
                                 domain::BillingPeriod period, const InvoicingTerms& terms,
                                 std::span<const BillableMspCdr> cdrs) {
  InvoiceAssembly assembly;
  std::map<InvoiceKey, std::vector<InvoiceLine>> lines;
  // Where each MSP CDR that is not a credit went, so a credit of it in the same run joins it.
  std::map<MspCdrId, InvoiceKey> placed;
  std::vector<std::pair<const BillableMspCdr*, InvoiceLine>> credits;

  for (const BillableMspCdr& cdr : cdrs) {
    std::optional<InvoiceLine> line = LineOf(cdr, terms, assembly.held);
    if (!line) continue;
    if (!cdr.credit_of) {
      const InvoiceKey key{cdr.target, InvoiceKind::kInvoice, std::nullopt};
      placed.emplace(cdr.id, key);
      lines[key].push_back(*std::move(line));
    } else if (cdr.credited_invoice) {
      lines[InvoiceKey{cdr.target, InvoiceKind::kCreditNote, cdr.credited_invoice}].push_back(*std::move(line));
    } else {
      credits.emplace_back(&cdr, *std::move(line));
    }
  }
  for (auto& [credit, line] : credits) {
    const auto original = placed.find(*credit->credit_of);
    if (original == placed.end()) {
      assembly.held.push_back({credit->id, HoldReason::kOriginalNotInvoiced,
                               "MSP CDR " + std::to_string(credit->credit_of->value) +
                                   ", which it credits, is on no issued invoice yet"});
      continue;
    }
    lines[original->second].push_back(std::move(line));
  }

  for (auto& [key, key_lines] : lines) {
    std::sort(key_lines.begin(), key_lines.end(), [](const InvoiceLine& a, const InvoiceLine& b) {
      return std::tie(a.cost_centre, a.session_start, a.msp_cdr_id) <
             std::tie(b.cost_centre, b.session_start, b.msp_cdr_id);
    });
    NewInvoice invoice{.tenant_id = tenant_id,
                       .run_id = run_id,
                       .period = period,
                       .kind = key.kind,
                       .target = key.target,
                       .currency = terms.currency,
                       .credited_invoice = key.credited_invoice,
                       .lines = std::move(key_lines),
                       .total_excl_vat = {},
                       .vat_amount = {},
                       .total_incl_vat = {}};
    for (const InvoiceLine& line : invoice.lines) {
      invoice.total_excl_vat += line.amount_excl_vat;
      invoice.vat_amount += line.vat_amount;
      invoice.total_incl_vat += line.amount_incl_vat;
    }
    assembly.invoices.push_back(std::move(invoice));
  }
  std::sort(assembly.held.begin(), assembly.held.end(),
            [](const HeldMspCdr& a, const HeldMspCdr& b) { return a.id < b.id; });
  return assembly;
}

std::vector<VatBreakdownRow> VatBreakdown(const NewInvoice& invoice) {
  std::map<std::pair<std::string_view, Decimal>, VatBreakdownRow> rows;
  for (const InvoiceLine& line : invoice.lines) {
    auto [row, added] = rows.try_emplace({line.vat_country.alpha2, line.vat_percent},
                                         VatBreakdownRow{.country = line.vat_country,
                                                         .percent = line.vat_percent,
                                                         .taxable_amount = {},
                                                         .vat_amount = {},
                                                         .amount_incl_vat = {},
                                                         .sessions = 0});
    row->second.taxable_amount += line.amount_excl_vat;
    row->second.vat_amount += line.vat_amount;
    row->second.amount_incl_vat += line.amount_incl_vat;
    ++row->second.sessions;
  }
  std::vector<VatBreakdownRow> breakdown;
  for (auto& [key, row] : rows) breakdown.push_back(std::move(row));
  return breakdown;
}

std::vector<CostCentreSubtotal> CostCentreSubtotals(const NewInvoice& invoice) {
  std::map<std::string, CostCentreSubtotal> subtotals;
  for (const InvoiceLine& line : invoice.lines) {
    CostCentreSubtotal& subtotal = subtotals[line.cost_centre];
    subtotal.cost_centre = line.cost_centre;
    subtotal.amount_excl_vat += line.amount_excl_vat;
    subtotal.vat_amount += line.vat_amount;
    subtotal.amount_incl_vat += line.amount_incl_vat;
    ++subtotal.sessions;
  }
  std::vector<CostCentreSubtotal> result;
  for (auto& [name, subtotal] : subtotals) result.push_back(std::move(subtotal));
  return result;
}

}  // namespace openmsp::billing
