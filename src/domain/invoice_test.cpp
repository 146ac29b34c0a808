#include "domain/invoice.h"

#include <gtest/gtest.h>

namespace openmsp::domain {
namespace {

Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

InvoiceLine Line(std::int64_t id, const char* excl, const char* vat, const char* incl) {
  return InvoiceLine{.msp_cdr_id = MspCdrId{id},
                     .session_start = ParseOcpiDateTime("2026-10-01T10:00:00Z").value(),
                     .location = "Stationsplein",
                     .evse = "NL*CPO*E1",
                     .card = "NL-ALP-C00000001-X",
                     .cost_centre = "",
                     .energy_kwh = Number("10"),
                     .duration_hours = Number("1"),
                     .vat_country = CountryFromAlpha2("NL").value(),
                     .vat_percent = Number("21"),
                     .amount_excl_vat = Number(excl),
                     .vat_amount = Number(vat),
                     .amount_incl_vat = Number(incl)};
}

NewInvoice Invoice() {
  return NewInvoice{.tenant_id = TenantId{1},
                    .run_id = BillingRunId{1},
                    .period = {2026, 10},
                    .kind = InvoiceKind::kInvoice,
                    .target = {.unit = OrganisationUnitId{3}, .profile = std::nullopt},
                    .currency = Currency::Find("EUR").value(),
                    .credited_invoice = std::nullopt,
                    .lines = {Line(1, "10.00", "2.10", "12.10"), Line(2, "1.23", "0.26", "1.49")},
                    .total_excl_vat = Number("11.23"),
                    .vat_amount = Number("2.36"),
                    .total_incl_vat = Number("13.59")};
}

void ExpectRefused(const NewInvoice& invoice, const std::string& field) {
  const Result<void> valid = ValidateNewInvoice(invoice);
  ASSERT_FALSE(valid.ok()) << "expected an error naming " << field;
  EXPECT_EQ(valid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(valid.error().field, field) << valid.error().ToString();
}

TEST(BillingPeriod, ReadsAndWritesMonthsAndTheirBounds) {
  const BillingPeriod october = ParseBillingPeriod("2026-10").value();
  EXPECT_EQ(october, (BillingPeriod{2026, 10}));
  EXPECT_EQ(FormatBillingPeriod(october), "2026-10");
  EXPECT_EQ(FormatOcpiDateTime(PeriodStart(october)), "2026-10-01T00:00:00Z");
  EXPECT_EQ(FormatOcpiDateTime(PeriodEnd(october)), "2026-11-01T00:00:00Z");
  EXPECT_EQ(FormatOcpiDateTime(PeriodEnd({2026, 12})), "2027-01-01T00:00:00Z");
  for (const char* bad : {"2026-13", "2026-00", "2026-1", "2026/10", "26-10", "2026-10-01", "", "9999-12", "abcd-10"}) {
    const Result<BillingPeriod> period = ParseBillingPeriod(bad);
    ASSERT_FALSE(period.ok()) << bad;
    EXPECT_EQ(period.error().field, "period");
  }
}

TEST(InvoiceStatus, MovesOnlyForward) {
  EXPECT_TRUE(CheckInvoiceTransition(InvoiceStatus::kDraft, InvoiceStatus::kIssued).ok());
  EXPECT_TRUE(CheckInvoiceTransition(InvoiceStatus::kIssued, InvoiceStatus::kPaid).ok());
  EXPECT_TRUE(CheckInvoiceTransition(InvoiceStatus::kIssued, InvoiceStatus::kVoid).ok());
  EXPECT_TRUE(CheckInvoiceTransition(InvoiceStatus::kDraft, InvoiceStatus::kVoid).ok());
  for (auto [from, to] : {std::pair{InvoiceStatus::kDraft, InvoiceStatus::kPaid},
                          std::pair{InvoiceStatus::kIssued, InvoiceStatus::kIssued},
                          std::pair{InvoiceStatus::kPaid, InvoiceStatus::kVoid},
                          std::pair{InvoiceStatus::kVoid, InvoiceStatus::kIssued}}) {
    const Result<void> moved = CheckInvoiceTransition(from, to);
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(moved.error().field, "status");
  }
  EXPECT_EQ(ParseInvoiceStatus("PAID").value(), InvoiceStatus::kPaid);
  EXPECT_EQ(InvoiceKindName(InvoiceKind::kCreditNote), "CREDIT_NOTE");
  EXPECT_EQ(FormatInvoiceNumber(2026, 42), "2026-000042");
}

TEST(ValidateNewInvoice, AcceptsAnInvoiceThatAddsUpAndNamesWhatDoesNot) {
  EXPECT_TRUE(ValidateNewInvoice(Invoice()).ok());

  NewInvoice invoice = Invoice();
  invoice.total_incl_vat = Number("13.60");
  ExpectRefused(invoice, "total_incl_vat");
  invoice = Invoice();
  invoice.lines[1].amount_incl_vat = Number("1.50");
  ExpectRefused(invoice, "lines[1].amount_incl_vat");
  invoice = Invoice();
  invoice.lines[0].vat_amount = Number("2.105");
  ExpectRefused(invoice, "lines[0].vat_amount");
  invoice = Invoice();
  invoice.lines[1].msp_cdr_id = MspCdrId{1};
  ExpectRefused(invoice, "lines[1].msp_cdr_id");
  invoice = Invoice();
  invoice.lines.clear();
  ExpectRefused(invoice, "lines");
  invoice = Invoice();
  invoice.target.profile = ProfileId{4};
  ExpectRefused(invoice, "target");
  invoice = Invoice();
  invoice.credited_invoice = InvoiceId{9};
  ExpectRefused(invoice, "credited_invoice");
  // A credit note names its invoice and gives back, never charges.
  invoice = Invoice();
  invoice.kind = InvoiceKind::kCreditNote;
  ExpectRefused(invoice, "credited_invoice");
  invoice.credited_invoice = InvoiceId{9};
  ExpectRefused(invoice, "lines[0].amount_incl_vat");
  invoice = Invoice();
  invoice.lines[0].exchange_rate = Number("1.1");
  ExpectRefused(invoice, "lines[0].exchange_rate");
}

}  // namespace
}  // namespace openmsp::domain
