#include "billing/invoice_assembly.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace openmsp::billing {
namespace {

using domain::BillableMspCdr;
using domain::BillingPeriod;
using domain::BillingRunId;
using domain::BillingTarget;
using domain::ExchangeRate;
using domain::InvoiceId;
using domain::InvoiceKind;
using domain::InvoiceLine;
using domain::MspCdrId;
using domain::NewInvoice;
using domain::OrganisationUnitId;
using domain::ProfileId;
using domain::TenantId;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
Decimal Number(const char* text) { return Decimal::Parse(text).value(); }
Currency CurrencyOf(const char* code) { return Currency::Find(code).value(); }
Country CountryOf(const char* code) { return CountryFromAlpha2(code).value(); }

const BillingTarget kFleet{.unit = OrganisationUnitId{10}, .profile = std::nullopt};
const BillingTarget kPrivate{.unit = std::nullopt, .profile = ProfileId{7}};
constexpr BillingPeriod kOctober{2026, 10};

// A rated MSP CDR in `currency` at `country`'s `percent`: excl. + VAT = incl., as rating leaves it.
BillableMspCdr Cdr(std::int64_t id, const BillingTarget& target, const char* start, const char* country,
                   const char* percent, const char* excl, const char* vat, const char* currency = "EUR",
                   const char* cost_centre = "") {
  return BillableMspCdr{.id = MspCdrId{id},
                        .session_start = At(start),
                        .session_end = At(start) + std::chrono::hours(1),
                        .cpo = PartyId::Parse("NL-CPO").value(),
                        .target = target,
                        .currency = CurrencyOf(currency),
                        .total_excl_vat = Number(excl),
                        .vat_country = CountryOf(country),
                        .vat_percent = Number(percent),
                        .vat_amount = Number(vat),
                        .total_incl_vat = Number(excl) + Number(vat),
                        .credit_of = std::nullopt,
                        .credited_invoice = std::nullopt,
                        .location = "Location " + std::to_string(id),
                        .evse = "NL*CPO*E" + std::to_string(id),
                        .card = "CARD-" + std::to_string(id),
                        .cost_centre = cost_centre,
                        .energy_kwh = Number("20.5"),
                        .duration_hours = Number("1.25")};
}

// The credit of `original` (same target, currency, session), stored as `id`.
BillableMspCdr Credit(std::int64_t id, BillableMspCdr original, std::optional<InvoiceId> credited_invoice) {
  original.credit_of = original.id;
  original.id = MspCdrId{id};
  original.credited_invoice = credited_invoice;
  original.total_excl_vat = -original.total_excl_vat;
  original.vat_amount = -original.vat_amount;
  original.total_incl_vat = -original.total_incl_vat;
  return original;
}

std::vector<std::int64_t> LineIds(const NewInvoice& invoice) {
  std::vector<std::int64_t> ids;
  for (const InvoiceLine& line : invoice.lines) ids.push_back(line.msp_cdr_id.value);
  return ids;
}

const std::vector<ExchangeRate> kRates = {
    {CurrencyOf("CHF"), CurrencyOf("EUR"), LocalDate{2026, 9, 1}, Number("1.0300")},
    {CurrencyOf("CHF"), CurrencyOf("EUR"), LocalDate{2026, 10, 10}, Number("1.0412")},
};

TEST(AssembleInvoices, ComputesAFleetInvoiceAPrivateInvoiceACreditNoteAndHoldsWhatCannotBeBilled) {
  const BillableMspCdr deutschland = Cdr(2, kFleet, "2026-10-05T09:00:00Z", "DE", "19", "20.00", "3.80", "EUR", "OPS");
  const std::vector<BillableMspCdr> cdrs = {
      Cdr(1, kFleet, "2026-10-03T08:00:00Z", "NL", "21", "11.45", "2.40", "EUR", "SALES"),
      deutschland,
      Cdr(3, kFleet, "2026-10-07T10:00:00Z", "FR", "20", "7.35", "1.47", "EUR", "SALES"),
      // A late CDR: its session was in September, it was rated after September's run.
      Cdr(4, kFleet, "2026-09-28T18:00:00Z", "NL", "21", "5.00", "1.05", "EUR", "OPS"),
      // In Swiss francs; 2026-10-09T22:30Z is 2026-10-10 00:30 in Zurich, so the rate of 10 October.
      Cdr(5, kFleet, "2026-10-09T22:30:00Z", "CH", "8.1", "10.00", "0.81", "CHF"),
      // Cancels MSP CDR 99 of profile 7, which is on invoice 500: a credit note.
      Credit(6, Cdr(99, kPrivate, "2026-09-20T07:00:00Z", "DE", "19", "20.00", "3.80"), InvoiceId{500}),
      // Cancels MSP CDR 2 of this very run: it joins 2's invoice.
      Credit(7, deutschland, std::nullopt),
      // Cancels MSP CDR 98, which is on no invoice and not in this run: held.
      Credit(8, Cdr(98, kFleet, "2026-11-02T07:00:00Z", "NL", "21", "1.00", "0.21"), std::nullopt),
      // Zloty, and the tenant has no PLN → EUR rate: held.
      Cdr(9, kFleet, "2026-10-11T07:00:00Z", "PL", "23", "40.00", "9.20", "PLN"),
      Cdr(10, kPrivate, "2026-10-15T07:00:00Z", "NL", "21", "4.13", "0.87"),
  };

  const InvoiceAssembly assembly = AssembleInvoices(TenantId{1}, BillingRunId{3}, kOctober,
                                                    {.currency = CurrencyOf("EUR"), .exchange_rates = kRates}, cdrs);

  ASSERT_EQ(assembly.invoices.size(), 3u);
  // Profile 7 first (targets without a unit come first): its invoice, then its credit note of invoice 500.
  const NewInvoice& private_invoice = assembly.invoices[0];
  EXPECT_EQ(private_invoice.kind, InvoiceKind::kInvoice);
  EXPECT_EQ(private_invoice.target, kPrivate);
  EXPECT_EQ(LineIds(private_invoice), std::vector<std::int64_t>{10});
  EXPECT_EQ(private_invoice.total_incl_vat, Number("5.00"));

  const NewInvoice& credit_note = assembly.invoices[1];
  EXPECT_EQ(credit_note.kind, InvoiceKind::kCreditNote);
  EXPECT_EQ(credit_note.credited_invoice, InvoiceId{500});
  EXPECT_EQ(LineIds(credit_note), std::vector<std::int64_t>{6});
  // −20.00 − 3.80 = −23.80
  EXPECT_EQ(credit_note.total_excl_vat, Number("-20.00"));
  EXPECT_EQ(credit_note.vat_amount, Number("-3.80"));
  EXPECT_EQ(credit_note.total_incl_vat, Number("-23.80"));

  const NewInvoice& fleet = assembly.invoices[2];
  EXPECT_EQ(fleet.kind, InvoiceKind::kInvoice);
  EXPECT_EQ(fleet.target, kFleet);
  EXPECT_EQ(fleet.period, kOctober);
  EXPECT_EQ(fleet.run_id, BillingRunId{3});
  // By cost centre ("" < OPS < SALES), then session start: 5 | 4 (Sept 28), 2, 7 (same start, by id) | 1, 3.
  EXPECT_EQ(LineIds(fleet), (std::vector<std::int64_t>{5, 4, 2, 7, 1, 3}));
  // The franc line: 10.00 CHF × 1.0412 = 10.412 → 10.41 EUR; VAT 8.1 % of 10.41 = 0.84321 → 0.84;
  // incl. 11.25.
  const InvoiceLine& franc = fleet.lines[0];
  EXPECT_EQ(franc.original_currency, CurrencyOf("CHF"));
  EXPECT_EQ(franc.original_amount_excl_vat, Number("10.00"));
  EXPECT_EQ(franc.exchange_rate, Number("1.0412"));
  EXPECT_EQ(franc.amount_excl_vat, Number("10.41"));
  EXPECT_EQ(franc.vat_amount, Number("0.84"));
  EXPECT_EQ(franc.amount_incl_vat, Number("11.25"));
  EXPECT_FALSE(fleet.lines[1].exchange_rate.has_value());
  // excl. 10.41 + 5.00 + 20.00 − 20.00 + 11.45 + 7.35 = 34.21
  // VAT    0.84 + 1.05 +  3.80 −  3.80 +  2.40 + 1.47 =  5.76
  // incl. 11.25 + 6.05 + 23.80 − 23.80 + 13.85 + 8.82 = 39.97 = 34.21 + 5.76
  EXPECT_EQ(fleet.total_excl_vat, Number("34.21"));
  EXPECT_EQ(fleet.vat_amount, Number("5.76"));
  EXPECT_EQ(fleet.total_incl_vat, Number("39.97"));

  // Per country and rate: CH 8.1 % 10.41 + 0.84; DE 19 % 20.00 − 20.00 = 0 (two sessions); FR 20 %
  // 7.35 + 1.47; NL 21 % 5.00 + 11.45 = 16.45 and 1.05 + 2.40 = 3.45. Taxable 10.41 + 0 + 7.35 + 16.45 =
  // 34.21, VAT 0.84 + 0 + 1.47 + 3.45 = 5.76: the invoice's totals.
  const std::vector<VatBreakdownRow> breakdown = VatBreakdown(fleet);
  ASSERT_EQ(breakdown.size(), 4u);
  EXPECT_EQ(breakdown[0], (VatBreakdownRow{CountryOf("CH"), Number("8.1"), Number("10.41"), Number("0.84"),
                                           Number("11.25"), 1}));
  EXPECT_EQ(breakdown[1],
            (VatBreakdownRow{CountryOf("DE"), Number("19"), Number("0"), Number("0"), Number("0"), 2}));
  EXPECT_EQ(breakdown[2], (VatBreakdownRow{CountryOf("FR"), Number("20"), Number("7.35"), Number("1.47"),
                                           Number("8.82"), 1}));
  EXPECT_EQ(breakdown[3], (VatBreakdownRow{CountryOf("NL"), Number("21"), Number("16.45"), Number("3.45"),
                                           Number("19.90"), 2}));

  // Per cost centre: "" 10.41; OPS 5.00 + 20.00 − 20.00 = 5.00 (VAT 1.05); SALES 11.45 + 7.35 = 18.80
  // (VAT 2.40 + 1.47 = 3.87).
  const std::vector<CostCentreSubtotal> centres = CostCentreSubtotals(fleet);
  ASSERT_EQ(centres.size(), 3u);
  EXPECT_EQ(centres[0], (CostCentreSubtotal{"", Number("10.41"), Number("0.84"), Number("11.25"), 1}));
  EXPECT_EQ(centres[1], (CostCentreSubtotal{"OPS", Number("5.00"), Number("1.05"), Number("6.05"), 3}));
  EXPECT_EQ(centres[2], (CostCentreSubtotal{"SALES", Number("18.80"), Number("3.87"), Number("22.67"), 2}));

  ASSERT_EQ(assembly.held.size(), 2u);
  EXPECT_EQ(assembly.held[0].id, MspCdrId{8});
  EXPECT_EQ(assembly.held[0].reason, HoldReason::kOriginalNotInvoiced);
  EXPECT_EQ(assembly.held[1].id, MspCdrId{9});
  EXPECT_EQ(assembly.held[1].reason, HoldReason::kNoExchangeRate);
  EXPECT_EQ(assembly.held[1].detail, "no exchange rate PLN → EUR on 2026-10-11");

  for (const NewInvoice& invoice : assembly.invoices) {
    const Result<void> valid = domain::ValidateNewInvoice(invoice);
    EXPECT_TRUE(valid.ok()) << valid.error().ToString();
  }
}

TEST(AssembleInvoices, ConvertsAtTheRateOfTheSessionsLocalDate) {
  // 2026-10-09T21:59Z is 23:59 on 9 October in Zurich: still the September rate, 1.0300.
  // 10.00 CHF × 1.03 = 10.30 EUR, VAT 8.1 % 0.8343 → 0.83.
  const std::vector<BillableMspCdr> cdrs = {
      Cdr(1, kFleet, "2026-10-09T21:59:00Z", "CH", "8.1", "10.00", "0.81", "CHF")};
  const InvoiceAssembly assembly = AssembleInvoices(TenantId{1}, BillingRunId{1}, kOctober,
                                                    {.currency = CurrencyOf("EUR"), .exchange_rates = kRates}, cdrs);
  ASSERT_EQ(assembly.invoices.size(), 1u);
  EXPECT_EQ(assembly.invoices[0].lines[0].exchange_rate, Number("1.0300"));
  EXPECT_EQ(assembly.invoices[0].total_excl_vat, Number("10.30"));
  EXPECT_EQ(assembly.invoices[0].vat_amount, Number("0.83"));
  // Before the first rate of the pair there is none: held.
  const std::vector<BillableMspCdr> august = {
      Cdr(2, kFleet, "2026-08-31T12:00:00Z", "CH", "8.1", "10.00", "0.81", "CHF")};
  const InvoiceAssembly held = AssembleInvoices(TenantId{1}, BillingRunId{1}, kOctober,
                                                {.currency = CurrencyOf("EUR"), .exchange_rates = kRates}, august);
  EXPECT_TRUE(held.invoices.empty());
  ASSERT_EQ(held.held.size(), 1u);
  EXPECT_EQ(held.held[0].reason, HoldReason::kNoExchangeRate);
}

TEST(AssembleInvoices, ACreditIsAsExactlyNegativeAsItsOriginalAfterConversion) {
  // 12.35 CHF × 1.0412 = 12.85882 → 12.86; VAT 8.1 % 1.041666 → 1.04. The credit converts to −12.86 and
  // −1.04 (half-up rounds away from zero), so the two lines cancel to 0.00.
  const BillableMspCdr original = Cdr(1, kFleet, "2026-10-20T10:00:00Z", "CH", "8.1", "12.35", "1.00", "CHF");
  const std::vector<BillableMspCdr> cdrs = {original, Credit(2, original, std::nullopt)};
  const InvoiceAssembly assembly = AssembleInvoices(TenantId{1}, BillingRunId{1}, kOctober,
                                                    {.currency = CurrencyOf("EUR"), .exchange_rates = kRates}, cdrs);
  ASSERT_EQ(assembly.invoices.size(), 1u);
  const NewInvoice& invoice = assembly.invoices[0];
  ASSERT_EQ(invoice.lines.size(), 2u);
  EXPECT_EQ(invoice.lines[0].amount_excl_vat, Number("12.86"));
  EXPECT_EQ(invoice.lines[0].vat_amount, Number("1.04"));
  EXPECT_EQ(invoice.lines[1].amount_excl_vat, Number("-12.86"));
  EXPECT_EQ(invoice.lines[1].vat_amount, Number("-1.04"));
  EXPECT_TRUE(invoice.total_incl_vat.IsZero());
}

TEST(AssembleInvoices, NothingToBillMakesNoInvoice) {
  const InvoiceAssembly assembly =
      AssembleInvoices(TenantId{1}, BillingRunId{1}, kOctober, {.currency = CurrencyOf("EUR"), .exchange_rates = {}}, {});
  EXPECT_TRUE(assembly.invoices.empty());
  EXPECT_TRUE(assembly.held.empty());
}

// Invariants over many generated runs: every MSP CDR is on exactly one invoice or held; each invoice
// validates, its total is the sum of its lines and of its VAT breakdown and of its cost centres; one
// invoice per target and kind (and credited invoice).
TEST(AssembleInvoices, EveryInvoiceAddsUpAndEveryCdrIsBilledOnceOrHeld) {
  std::uint64_t state = 0x9E3779B97F4A7C15u;
  const auto next = [&](std::uint64_t bound) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return (state >> 33) % bound;
  };
  const char* const countries[] = {"NL", "DE", "FR", "BE", "CH"};
  const char* const percents[] = {"21", "19", "20", "6", "8.1"};
  const char* const currencies[] = {"EUR", "EUR", "EUR", "CHF", "PLN"};
  const char* const centres[] = {"", "A", "B"};
  for (int round = 0; round < 200; ++round) {
    std::vector<BillableMspCdr> cdrs;
    const int count = static_cast<int>(next(30));
    for (int i = 0; i < count; ++i) {
      const BillingTarget target = next(2) == 0 ? BillingTarget{OrganisationUnitId{static_cast<std::int64_t>(next(3))}, std::nullopt}
                                                : BillingTarget{std::nullopt, ProfileId{static_cast<std::int64_t>(next(3))}};
      const std::size_t c = next(5);
      const Decimal excl = Decimal::FromCoefficient(static_cast<Int128>(next(100000)), 2);
      const Decimal vat = (excl * Number(percents[c]) * Decimal::FromCoefficient(1, 2)).Rounded(2, RoundingMode::kHalfUp);
      BillableMspCdr cdr = Cdr(i + 1, target, "2026-10-12T10:00:00Z", countries[c], percents[c], "0", "0",
                               currencies[next(5)], centres[next(3)]);
      cdr.session_start += std::chrono::minutes(next(10000));
      cdr.total_excl_vat = excl;
      cdr.vat_amount = vat;
      cdr.total_incl_vat = excl + vat;
      if (!cdrs.empty() && next(4) == 0) {
        const BillableMspCdr original = cdrs[next(cdrs.size())];
        if (original.credit_of) continue;
        const bool invoiced = next(2) == 0;
        cdr = Credit(i + 1, original, invoiced ? std::optional<InvoiceId>(InvoiceId{77}) : std::nullopt);
      }
      cdrs.push_back(cdr);
    }
    const InvoiceAssembly assembly = AssembleInvoices(
        TenantId{1}, BillingRunId{1}, kOctober, {.currency = CurrencyOf("EUR"), .exchange_rates = kRates}, cdrs);
    std::map<MspCdrId, int> seen;
    std::set<std::tuple<BillingTarget, InvoiceKind, std::optional<InvoiceId>>> keys;
    for (const NewInvoice& invoice : assembly.invoices) {
      const Result<void> valid = domain::ValidateNewInvoice(invoice);
      ASSERT_TRUE(valid.ok()) << valid.error().ToString();
      EXPECT_TRUE(keys.insert({invoice.target, invoice.kind, invoice.credited_invoice}).second);
      Decimal excl, vat, incl;
      for (const VatBreakdownRow& row : VatBreakdown(invoice)) {
        excl += row.taxable_amount;
        vat += row.vat_amount;
        incl += row.amount_incl_vat;
      }
      EXPECT_EQ(excl, invoice.total_excl_vat);
      EXPECT_EQ(vat, invoice.vat_amount);
      EXPECT_EQ(incl, invoice.total_incl_vat);
      Decimal by_centre;
      for (const CostCentreSubtotal& subtotal : CostCentreSubtotals(invoice)) by_centre += subtotal.amount_incl_vat;
      EXPECT_EQ(by_centre, invoice.total_incl_vat);
      for (const InvoiceLine& line : invoice.lines) ++seen[line.msp_cdr_id];
    }
    for (const HeldMspCdr& held : assembly.held) ++seen[held.id];
    ASSERT_EQ(seen.size(), cdrs.size());
    for (const auto& [id, times] : seen) EXPECT_EQ(times, 1) << id.value;
  }
}

}  // namespace
}  // namespace openmsp::billing
