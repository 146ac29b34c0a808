#include "core/csv_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp {
namespace {

std::string OneField(std::string_view value) {
  CsvWriter csv;
  csv.Text(value).EndRow();
  return csv.Take();
}

TEST(CsvWriter, WritesRowsWithCommasAndCrlf) {
  CsvWriter csv;
  csv.Row({"id", "driver", "total"});
  csv.Text("CDR-1").Text("Anna").Number(Decimal::Parse("12.50").value()).EndRow();
  csv.Text("CDR-2").Empty().Integer(-7).EndRow();

  EXPECT_EQ(csv.buffer(), "id,driver,total\r\nCDR-1,Anna,12.50\r\nCDR-2,,-7\r\n");
}

TEST(CsvWriter, QuotesFieldsWithCommaQuoteCrOrLfAndDoublesQuotes) {
  EXPECT_EQ(OneField("a,b"), "\"a,b\"\r\n");
  EXPECT_EQ(OneField("say \"hi\""), "\"say \"\"hi\"\"\"\r\n");
  EXPECT_EQ(OneField("\""), "\"\"\"\"\r\n");
  EXPECT_EQ(OneField("line 1\nline 2"), "\"line 1\nline 2\"\r\n");
  EXPECT_EQ(OneField("a\r\nb"), "\"a\r\nb\"\r\n");
  EXPECT_EQ(OneField("plain text; with: other 'marks'"), "plain text; with: other 'marks'\r\n");
  EXPECT_EQ(OneField(" padded "), " padded \r\n");
}

TEST(CsvWriter, PrefixesWhatASpreadsheetWouldRunAsAFormulaWithAQuote) {
  EXPECT_EQ(OneField("=1+2"), "'=1+2\r\n");
  EXPECT_EQ(OneField("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0\r\n");
  EXPECT_EQ(OneField("-2+3"), "'-2+3\r\n");
  EXPECT_EQ(OneField("@SUM(A1:A9)"), "'@SUM(A1:A9)\r\n");
  EXPECT_EQ(OneField("\t=1"), "'\t=1\r\n");
  // A CR needs quotes as well: the quote goes inside them.
  EXPECT_EQ(OneField("\r=1"), "\"'\r=1\"\r\n");
  EXPECT_EQ(OneField("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
  EXPECT_EQ(OneField("-"), "'-\r\n");
  EXPECT_EQ(OneField("="), "'=\r\n");
  // Only at the start.
  EXPECT_EQ(OneField("a=b"), "a=b\r\n");
  EXPECT_EQ(OneField(" =1"), " =1\r\n");
}

TEST(CsvWriter, LeavesPlainNumbersAloneSoAmountsStayNumeric) {
  EXPECT_EQ(OneField("-1.50"), "-1.50\r\n");
  EXPECT_EQ(OneField("+3"), "+3\r\n");
  EXPECT_EQ(OneField("-0"), "-0\r\n");
  EXPECT_EQ(OneField("42"), "42\r\n");
  // Not plain numbers: protected.
  EXPECT_EQ(OneField("-1e5"), "'-1e5\r\n");
  EXPECT_EQ(OneField("-.5"), "'-.5\r\n");
  EXPECT_EQ(OneField("-1."), "'-1.\r\n");
  EXPECT_EQ(OneField("--1"), "'--1\r\n");
  EXPECT_EQ(OneField("-1.5.0"), "'-1.5.0\r\n");
  EXPECT_EQ(OneField("-1,50"), "\"'-1,50\"\r\n");
}

TEST(CsvWriter, NumbersAndIntegersAreNeverProtected) {
  CsvWriter csv;
  csv.Number(Decimal::Parse("-1.50").value()).Integer(-42).Number(Decimal::Parse("0.0001").value()).EndRow();
  EXPECT_EQ(csv.Take(), "-1.50,-42,0.0001\r\n");
}

TEST(CsvWriter, PassesUtf8ThroughByteForByte) {
  EXPECT_EQ(OneField("Zoë Müller, Düsseldorf"), "\"Zoë Müller, Düsseldorf\"\r\n");
  EXPECT_EQ(OneField("充電ステーション"), "充電ステーション\r\n");
  EXPECT_EQ(OneField("€ 0,35/kWh"), "\"€ 0,35/kWh\"\r\n");
  EXPECT_EQ(CsvWriter::kUtf8ByteOrderMark, "\xEF\xBB\xBF");
}

TEST(CsvWriter, EmptyFieldsAndEmptyRows) {
  CsvWriter csv;
  csv.Empty().Empty().EndRow();
  csv.Text("").Text("x").EndRow();
  EXPECT_EQ(csv.Take(), ",\r\n,x\r\n");
}

TEST(CsvWriter, TakeHandsOverWhatWasWrittenAndTheRowGoesOn) {
  CsvWriter csv;
  csv.Text("a").Text("b");
  EXPECT_EQ(csv.Take(), "a,b");
  EXPECT_EQ(csv.size(), 0u);
  csv.Text("c").EndRow();
  EXPECT_EQ(csv.Take(), ",c\r\n");
  csv.Text("d").EndRow();
  EXPECT_EQ(csv.Take(), "d\r\n");
}

TEST(CsvWriter, RecognisesPlainNumbers) {
  for (std::string_view number : {"0", "-0", "+0", "12", "-12.5", "+12.50", "007", "1.000"}) {
    EXPECT_TRUE(IsPlainCsvNumber(number)) << number;
  }
  for (std::string_view other : {"", "-", "+", ".", "1.", ".1", "1e3", "1 ", " 1", "0x1F", "1,5", "--1", "NaN",
                                 "−1"}) {
    EXPECT_FALSE(IsPlainCsvNumber(other)) << other;
  }
}

}  // namespace
}  // namespace openmsp
