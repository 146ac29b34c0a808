#include "billing/invoice_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "billing/invoice_document_test_support.h"

namespace openmsp::billing {
namespace {

using ::testing::HasSubstr;

TEST(InvoiceCsv, WritesTheHeaderSessionsCostCentresVatAndTotalsOfAnInvoice) {
  const InvoiceDocument document = samples::SampleInvoiceDocument();
  ASSERT_TRUE(domain::ValidateNewInvoice(document.invoice.invoice).ok());
  // By hand from the table at SampleInvoiceDocument: session 42 is dated 1 November (00:30 in Germany),
  // its formula-like location and `+` card are neutralised, the amounts keep two decimals.
  const std::string expected =
      "\xEF\xBB\xBF"
      "Field,Value\r\n"
      "Document,Invoice\r\n"
      "Number,2026-000007\r\n"
      "Status,ISSUED\r\n"
      "Date,2026-11-02\r\n"
      "Period,2026-10\r\n"
      "Currency,EUR\r\n"
      "Credits invoice,\r\n"
      "From,Stroom & Co\r\n"
      "From address,\r\n"
      "From VAT number,\r\n"
      "From e-mail,help@stroom.example\r\n"
      "To,\"Müller & Söhne, GmbH\"\r\n"
      "To address,\"Dam 1, Amsterdam\"\r\n"
      "To VAT number,NL000099998B57\r\n"
      "To e-mail,ap@fleet.example\r\n"
      "Your reference,FL\r\n"
      "\r\n"
      "MSP CDR,Date,Start (UTC),Location,EVSE ID,Card,Cost centre,Energy (kWh),Duration (h),VAT country,VAT %,"
      "Amount excl. VAT,VAT,Amount incl. VAT,Original amount excl. VAT,Original currency,Exchange rate\r\n"
      "41,2026-10-03,2026-10-03T08:00:00Z,Café Zürich,NL*ALP*E1,FLEET-0001,,12.5,1.5,NL,21,5.00,1.05,6.05,,,\r\n"
      "43,2026-10-10,2026-10-10T12:00:00Z,Laadplein Noord,NL*ALP*E2,FLEET-0002,SALES,12.5,1.5,NL,21,11.45,2.40,"
      "13.85,,,\r\n"
      "42,2026-11-01,2026-10-31T23:30:00Z,\"'=HYPERLINK(\"\"http://x\"\")\",DE*ABC*E42,'+49 170,SALES,12.5,1.5,DE,"
      "19,9.50,1.81,11.31,10.00,CHF,0.95\r\n"
      "\r\n"
      "Cost centre,Sessions,Amount excl. VAT,VAT,Amount incl. VAT\r\n"
      ",1,5.00,1.05,6.05\r\n"
      "SALES,2,20.95,4.21,25.16\r\n"
      "\r\n"
      "VAT country,VAT %,Sessions,Taxable amount,VAT,Amount incl. VAT\r\n"
      "DE,19,1,9.50,1.81,11.31\r\n"
      "NL,21,2,16.45,3.45,19.90\r\n"
      "\r\n"
      "Total excl. VAT,VAT,Total incl. VAT\r\n"
      "25.95,5.26,31.21\r\n";
  EXPECT_EQ(InvoiceCsv(document), expected);
}

TEST(InvoiceCsv, WritesACreditNoteWithItsCreditedInvoiceAndNegativeNumbersUnaltered) {
  const InvoiceDocument document = samples::SampleCreditNoteDocument();
  ASSERT_TRUE(domain::ValidateNewInvoice(document.invoice.invoice).ok());
  const std::string csv = InvoiceCsv(document);
  EXPECT_THAT(csv, HasSubstr("\r\nDocument,Credit note\r\nNumber,\r\nStatus,DRAFT\r\nDate,\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nCredits invoice,2026-000007\r\n"));
  // The card `-C7` is text and neutralised; the amounts are numbers and stay negative.
  EXPECT_THAT(csv, HasSubstr("\r\n44,2026-10-10,2026-10-10T12:00:00Z,Laadplein Noord,NL*ALP*E2,'-C7,SALES,12.5,1.5,"
                             "NL,21,-11.45,-2.40,-13.85,,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nSALES,1,-11.45,-2.40,-13.85\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nNL,21,1,-11.45,-2.40,-13.85\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nTotal excl. VAT,VAT,Total incl. VAT\r\n-11.45,-2.40,-13.85\r\n"));
}

TEST(InvoiceCsv, WritesTheIssuersAddressLinesOnOneLine) {
  InvoiceDocument document = samples::SampleInvoiceDocument();
  document.issuer.name = "Stroom & Co B.V.";
  document.issuer.address = "Keizersgracht 1\n1015 CJ Amsterdam";
  document.issuer.vat_number = "NL001234567B01";
  EXPECT_THAT(InvoiceCsv(document),
              HasSubstr("\r\nFrom,Stroom & Co B.V.\r\nFrom address,\"Keizersgracht 1, 1015 CJ Amsterdam\"\r\n"
                        "From VAT number,NL001234567B01\r\n"));
}

TEST(HoursAndMinutes, RoundsToTheMinuteHalfUp) {
  EXPECT_EQ(HoursAndMinutes(samples::Number("1.5")), "1:30");
  EXPECT_EQ(HoursAndMinutes(samples::Number("0")), "0:00");
  EXPECT_EQ(HoursAndMinutes(samples::Number("0.0083")), "0:00");  // 0.498 minutes
  EXPECT_EQ(HoursAndMinutes(samples::Number("0.0084")), "0:01");  // 0.504 minutes
  EXPECT_EQ(HoursAndMinutes(samples::Number("25.25")), "25:15");
  EXPECT_EQ(HoursAndMinutes(samples::Number("-0.25")), "-0:15");
}

}  // namespace
}  // namespace openmsp::billing
