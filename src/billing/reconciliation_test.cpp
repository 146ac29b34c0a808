#include "billing/reconciliation.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace openmsp::billing {
namespace {

Decimal Number(const char* text) { return Decimal::Parse(text).value(); }
const Currency kEur = Currency::Find("EUR").value();

domain::CpoCdr Cdr(const char* cpo, const char* cdr_id, const char* excl, const char* currency = "EUR") {
  return domain::CpoCdr{.id = {},
                        .tenant_id = {},
                        .cpo = PartyId::Parse(cpo).value(),
                        .cdr_id = cdr_id,
                        .body = "{}",
                        .body_sha256 = "",
                        .start_date_time = {},
                        .end_date_time = {},
                        .currency = Currency::Find(currency).value(),
                        .total_cost_excl_vat = Number(excl),
                        .total_cost_incl_vat = std::nullopt,
                        .total_energy = Number("10"),
                        .total_time = Number("1"),
                        .token_uid = "04A22B5A",
                        .token_type = domain::TokenType::kRfid,
                        .contract_id = "",
                        .location_id = "LOC1",
                        .evse_uid = "1",
                        .last_updated = {},
                        .organisation_unit_id = std::nullopt,
                        .received_at = {}};
}

void ExpectInvalid(std::string_view csv, const std::string& field, const std::string& message = "") {
  const Result<CpoInvoice> parsed = ParseCpoInvoiceCsv(csv, kEur);
  ASSERT_FALSE(parsed) << csv;
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().field, field) << parsed.error().ToString();
  if (!message.empty()) {
    EXPECT_EQ(parsed.error().message, message);
  }
}

TEST(ParseCpoInvoiceCsv, ReadsTheColumnsByNameInAnyOrderWithQuotesBlankLinesAndATotalRow) {
  // Line 1 the heading (with a BOM, blanks and capitals); the quoted note of line 3 runs over line 4;
  // line 5 is blank; line 7 is the total.
  const std::string csv =
      "\xEF\xBB\xBFline, Amount_Excl_VAT ,CDR_ID,currency,note\r\n"
      "1,10.24,CDR-1,EUR,first\r\n"
      "2,\"5.50\",\"CDR,2\",EUR,\"a \"\"quoted\"\" note\nover two lines\"\r\n"
      "\r\n"
      "3,-10.24,CDR-1-CREDIT,EUR,\r\n"
      ",5.50,total,EUR,";
  const CpoInvoice invoice = ParseCpoInvoiceCsv(csv, Currency::Find("CHF").value()).value();
  EXPECT_EQ(invoice, (CpoInvoice{.currency = kEur,
                                 .rows = {{.line = 2, .cdr_id = "CDR-1", .amount_excl_vat = Number("10.24")},
                                          {.line = 3, .cdr_id = "CDR,2", .amount_excl_vat = Number("5.50")},
                                          {.line = 6, .cdr_id = "CDR-1-CREDIT", .amount_excl_vat = Number("-10.24")}},
                                 .stated_total = Number("5.50"),
                                 .total_line = 7}));
}

TEST(ParseCpoInvoiceCsv, WithoutACurrencyColumnTheInvoiceIsInTheDefaultCurrency) {
  const CpoInvoice invoice = ParseCpoInvoiceCsv("cdr_id,amount_excl_vat\nA,1\nB,2.5\n", kEur).value();
  EXPECT_EQ(invoice.currency, kEur);
  ASSERT_EQ(invoice.rows.size(), 2u);
  EXPECT_EQ(invoice.rows[1].line, 3u);
  EXPECT_FALSE(invoice.stated_total.has_value());
  EXPECT_EQ(invoice.total_line, 0u);
  EXPECT_TRUE(ParseCpoInvoiceCsv("cdr_id,amount_excl_vat\n", kEur).value().rows.empty());
}

TEST(ParseCpoInvoiceCsv, NamesEveryBadRowByRowAndColumn) {
  const std::string csv =
      "cdr_id,amount_excl_vat,currency\n"
      "A,1.00,EUR\n"
      ",2.00,EUR\n"
      "B,abc,EUR\n"
      "C,1.00,USD\n"
      "a,1.00,EUR\n"
      "D,,EUR\n"
      "E,1.00,XYZ\n"
      "TOTAL,3,EUR\n"
      "total,4,EUR\n"
      "F,1,\n"
      "0123456789012345678901234567890123456789,1,EUR\n"
      "CDR-\xC3\xA9,1,EUR\n"
      "G,1e400,EUR\n";
  ExpectInvalid(csv, "lines[3].cdr_id",
                "line 3, column cdr_id: is empty; "
                "line 4, column amount_excl_vat: 'abc' is not a decimal number with . as the point; "
                "line 5, column currency: USD, but line 2 says EUR: one currency per invoice; "
                "line 6, column cdr_id: a is on line 2 already; "
                "line 7, column amount_excl_vat: is empty; "
                "line 8, column currency: 'XYZ' is not an ISO 4217 currency code; "
                "line 10, column cdr_id: a second total row (the first is on line 9); "
                "line 11, column currency: is empty; "
                "line 12, column cdr_id: '0123456789012345678901234567890123456789' is not an OCPI CDR id (1 to 39 "
                "printable ASCII characters); "
                "line 13, column cdr_id: 'CDR-\xC3\xA9' is not an OCPI CDR id (1 to 39 printable ASCII characters); "
                "line 14, column amount_excl_vat: '1e400' is not a decimal number with . as the point");
}

TEST(ParseCpoInvoiceCsv, RefusesAFileWithoutItsColumnsOrWithABrokenQuote) {
  ExpectInvalid("", "columns");
  ExpectInvalid("\n\n", "columns");
  ExpectInvalid("cdr,amount\nA,1\n", "columns");
  ExpectInvalid("cdr_id,currency\nA,EUR\n", "columns");
  ExpectInvalid("cdr_id,amount_excl_vat,CDR_ID\nA,1,A\n", "columns");
  // Not CSV at all: ReadCsv's own message, by line.
  ExpectInvalid("cdr_id,amount_excl_vat\nA,1\n\"B,2\n", "");
  ExpectInvalid("cdr_id,amount_excl_vat\n\"A\"x,1\n", "");
}

TEST(Reconcile, ListsTheCdrsThatDifferAndBothTotals) {
  // Ours at NL-CPO: A 10.00, B 5.00, C 7.25, D -10.00 (a credit), and E in CHF; one of BE-BEC.
  const std::vector<domain::CpoCdr> ours = {Cdr("NL-CPO", "A", "10.00"), Cdr("NL-CPO", "B", "5.00"),
                                            Cdr("NL-CPO", "C", "7.25"),  Cdr("NL-CPO", "D", "-10.00"),
                                            Cdr("NL-CPO", "E", "3.00", "CHF"), Cdr("BE-BEC", "Z", "99.00")};
  // Theirs: a (A in lower case) 10.0, C 7.52, D -10, X 4.00 — B is missing, X is not ours; total row 12.00.
  const CpoInvoice theirs =
      ParseCpoInvoiceCsv("cdr_id,amount_excl_vat\na,10.0\nC,7.52\nD,-10\nX,4.00\nTOTAL,12.00\n", kEur).value();
  const Reconciliation result = Reconcile(PartyId::Parse("NL-CPO").value(), ours, theirs);
  EXPECT_EQ(result.matched, 2u);  // A and D
  EXPECT_EQ(result.differences,
            (std::vector<CdrDifference>{
                {.kind = CdrDifferenceKind::kOnlyOurs, .cdr_id = "B", .ours = Number("5.00"), .theirs = std::nullopt,
                 .line = 0},
                {.kind = CdrDifferenceKind::kAmountDiffers, .cdr_id = "C", .ours = Number("7.25"),
                 .theirs = Number("7.52"), .line = 3},
                {.kind = CdrDifferenceKind::kOnlyTheirs, .cdr_id = "X", .ours = std::nullopt, .theirs = Number("4.00"),
                 .line = 5}}));
  // Ours: 10.00 + 5.00 + 7.25 - 10.00 = 12.25. Theirs: 10.0 + 7.52 - 10 + 4.00 = 11.52; their total row
  // says 12.00, which is not the sum of their rows either.
  EXPECT_EQ(result.our_total, Number("12.25"));
  EXPECT_EQ(result.their_total, Number("11.52"));
  EXPECT_EQ(result.their_stated_total, Number("12.00"));
  EXPECT_TRUE(result.StatedTotalDiffers());
  EXPECT_EQ(result.other_currency_cdrs, 1u);
  EXPECT_FALSE(result.Agrees());
  EXPECT_EQ(CdrDifferenceKindName(CdrDifferenceKind::kAmountDiffers), "AMOUNT_DIFFERS");
}

TEST(Reconcile, AgreesWhenEveryCdrAndTheTotalsMatch) {
  const std::vector<domain::CpoCdr> ours = {Cdr("NL-CPO", "A", "10.00"), Cdr("NL-CPO", "B", "-2.50")};
  const CpoInvoice theirs =
      ParseCpoInvoiceCsv("cdr_id,amount_excl_vat\nB,-2.5\nA,10\ntotal,7.50\n", kEur).value();
  const Reconciliation result = Reconcile(PartyId::Parse("NL-CPO").value(), ours, theirs);
  EXPECT_TRUE(result.differences.empty());
  EXPECT_EQ(result.matched, 2u);
  EXPECT_EQ(result.our_total, Number("7.50"));
  EXPECT_EQ(result.their_total, Number("7.50"));
  EXPECT_FALSE(result.StatedTotalDiffers());
  EXPECT_TRUE(result.Agrees());
  // Nothing on either side agrees too; an empty invoice against CDRs does not.
  EXPECT_TRUE(Reconcile(PartyId::Parse("NL-CPO").value(), {}, ParseCpoInvoiceCsv("cdr_id,amount_excl_vat\n", kEur).value())
                  .Agrees());
  EXPECT_FALSE(
      Reconcile(PartyId::Parse("NL-CPO").value(), ours, ParseCpoInvoiceCsv("cdr_id,amount_excl_vat\n", kEur).value())
          .Agrees());
}

}  // namespace
}  // namespace openmsp::billing
