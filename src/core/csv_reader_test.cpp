#include "core/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace openmsp {
namespace {

using ::testing::HasSubstr;

std::vector<std::vector<std::string>> Fields(const std::vector<CsvRecord>& records) {
  std::vector<std::vector<std::string>> fields;
  for (const CsvRecord& record : records) fields.push_back(record.fields);
  return fields;
}

std::vector<std::size_t> Lines(const std::vector<CsvRecord>& records) {
  std::vector<std::size_t> lines;
  for (const CsvRecord& record : records) lines.push_back(record.line);
  return lines;
}

TEST(CsvReaderTest, ReadsPlainRecordsWithLfAndCrlfMixed) {
  Result<std::vector<CsvRecord>> read = ReadCsv("uid,type\r\n04A22B5A,RFID\nAPP-1,APP_USER");
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(Fields(*read), (std::vector<std::vector<std::string>>{
                               {"uid", "type"}, {"04A22B5A", "RFID"}, {"APP-1", "APP_USER"}}));
  EXPECT_EQ(Lines(*read), (std::vector<std::size_t>{1, 2, 3}));
}

TEST(CsvReaderTest, QuotedFieldsKeepCommasDoubledQuotesAndLineBreaks) {
  Result<std::vector<CsvRecord>> read =
      ReadCsv("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",\"\",x\n\"last\nlf\",,\n");
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(Fields(*read),
            (std::vector<std::vector<std::string>>{
                {"a", "b, c", "say \"hi\""}, {"two\r\nlines", "", "x"}, {"last\nlf", "", ""}}));
  // A record's line is where it starts; the line feeds inside quotes count.
  EXPECT_EQ(Lines(*read), (std::vector<std::size_t>{1, 2, 4}));
}

TEST(CsvReaderTest, SkipsTheByteOrderMarkAndEmptyLines) {
  Result<std::vector<CsvRecord>> read = ReadCsv("\xEF\xBB\xBFuid\n\n04A22B5A\r\n\r\nAPP-1\n\n");
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(Fields(*read), (std::vector<std::vector<std::string>>{{"uid"}, {"04A22B5A"}, {"APP-1"}}));
  EXPECT_EQ(Lines(*read), (std::vector<std::size_t>{1, 3, 5}));
  // A BOM anywhere else is data.
  EXPECT_EQ(ReadCsv("a,\xEF\xBB\xBF")->front().fields[1], "\xEF\xBB\xBF");
}

TEST(CsvReaderTest, EmptyTextHasNoRecordAndFieldsAreNotTrimmed) {
  EXPECT_TRUE(ReadCsv("")->empty());
  EXPECT_TRUE(ReadCsv("\xEF\xBB\xBF")->empty());
  EXPECT_EQ(ReadCsv(" a , b ")->front().fields, (std::vector<std::string>{" a ", " b "}));
  EXPECT_EQ(ReadCsv(",")->front().fields, (std::vector<std::string>{"", ""}));
}

TEST(CsvReaderTest, RefusesMalformedTextNamingTheLine) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"uid\n\"04A2\n2B5A\n", "line 2: a quoted field is not closed"},
      {"uid\nab\"c\n", "line 2: a quote inside an unquoted field"},
      {"uid,x\n\"ab\"c,d\n", "line 2: after a closing quote comes a comma or the line end, not 'c'"},
      {"a\n\"multi\nline\" x\n", "line 3: after a closing quote"},
      {"a\rb\n", "line 1: a carriage return that is not followed by a line feed"},
      {"a\n\rb\n", "line 2: a carriage return"},
  };
  for (const Case& c : cases) {
    Result<std::vector<CsvRecord>> read = ReadCsv(c.text);
    ASSERT_FALSE(read) << c.text;
    EXPECT_EQ(read.error().code, ErrorCode::kInvalidArgument) << c.text;
    EXPECT_EQ(read.error().field, "csv");
    EXPECT_THAT(read.error().message, HasSubstr(c.message)) << c.text;
  }
}

TEST(CsvReaderTest, RefusesTextBeyondItsLimits) {
  const std::string text = "uid\na\nb\n";
  EXPECT_TRUE(ReadCsv(text, {.max_bytes = text.size(), .max_records = 3}));

  Result<std::vector<CsvRecord>> too_big = ReadCsv(text, {.max_bytes = text.size() - 1, .max_records = 3});
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(too_big.error().field, "csv");
  EXPECT_THAT(too_big.error().message, HasSubstr("8 bytes, more than the 7"));

  Result<std::vector<CsvRecord>> too_many = ReadCsv(text, {.max_bytes = 100, .max_records = 2});
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kOutOfRange);
  EXPECT_THAT(too_many.error().message, HasSubstr("line 3: more than the 2 records"));
}

// Every prefix of a tricky text either reads or is refused; none crashes or reads past the end
// (ASan watches).
TEST(CsvReaderTest, EveryPrefixOfATrickyTextIsHandled) {
  const std::string text = "\xEF\xBB\xBF\"a\"\"b\",\"c\r\nd\"\r\ne,f\n\"\"\n";
  for (std::size_t n = 0; n <= text.size(); ++n) {
    Result<std::vector<CsvRecord>> read = ReadCsv(std::string_view(text).substr(0, n));
    if (!read) {
      EXPECT_EQ(read.error().field, "csv");
    }
  }
  Result<std::vector<CsvRecord>> whole = ReadCsv(text);
  ASSERT_TRUE(whole) << whole.error().ToString();
  EXPECT_EQ(Fields(*whole), (std::vector<std::vector<std::string>>{{"a\"b", "c\r\nd"}, {"e", "f"}, {""}}));
}

}  // namespace
}  // namespace openmsp
