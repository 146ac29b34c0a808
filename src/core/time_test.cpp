#include "core/time.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace openmsp {
namespace {

using ::testing::HasSubstr;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Instant At(std::int64_t unix_seconds, std::int64_t milliseconds = 0) {
  return Instant::FromUnixMilliseconds(unix_seconds * 1000 + milliseconds);
}

Instant Parse(std::string_view text) { return ParseOcpiDateTime(text).value(); }

TEST(ParseOcpiDateTime, ReadsTheFormsOcpiAllows) {
  EXPECT_EQ(Parse("2026-03-01T10:00:00Z"), At(1772359200));
  EXPECT_EQ(Parse("2026-03-01T10:00:00"), At(1772359200));
  EXPECT_EQ(Parse("2026-03-01T10:00:00.2Z"), At(1772359200, 200));
  EXPECT_EQ(Parse("2026-03-01T10:00:00.12"), At(1772359200, 120));
  EXPECT_EQ(Parse("2026-03-01T10:00:00.123Z"), At(1772359200, 123));
  EXPECT_EQ(Parse("2026-03-01T10:00:00.001"), At(1772359200, 1));
  EXPECT_EQ(Parse("1970-01-01T00:00:00Z"), Instant());
  EXPECT_EQ(Parse("2000-01-01T00:00:00Z"), At(946684800));
  EXPECT_EQ(Parse("1969-12-31T23:59:59.999Z"), At(-1, 999));
}

TEST(ParseOcpiDateTime, AcceptsZerosBeyondTheMillisecondBecauseNothingIsLost) {
  EXPECT_EQ(Parse("2026-03-01T10:00:00.1230Z"), At(1772359200, 123));
  EXPECT_EQ(Parse("2026-03-01T10:00:00.00000"), At(1772359200));
}

TEST(ParseOcpiDateTime, CoversYears0001To9999) {
  EXPECT_EQ(Parse("0001-01-01T00:00:00Z"), kMinInstant);
  EXPECT_EQ(kMinInstant, At(-62135596800));
  EXPECT_EQ(Parse("9999-12-31T23:59:59.999Z"), kMaxInstant);
  EXPECT_EQ(kMaxInstant, At(253402300799, 999));
}

TEST(ParseOcpiDateTime, KnowsLeapYears) {
  EXPECT_EQ(Parse("2024-02-29T23:59:59Z"), At(1709251199));
  EXPECT_TRUE(ParseOcpiDateTime("2000-02-29T00:00:00Z").ok());
  EXPECT_FALSE(ParseOcpiDateTime("2026-02-29T00:00:00Z").ok());
  EXPECT_FALSE(ParseOcpiDateTime("2100-02-29T00:00:00Z").ok());
  EXPECT_FALSE(ParseOcpiDateTime("1900-02-29T00:00:00Z").ok());
}

TEST(ParseOcpiDateTime, RefusesEverythingElseWithTheReason) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"", "it is empty"},
      {"2026-03-01T10:00:00+00:00",
       "DateTime must be UTC: offsets such as '+00:00' are not allowed in OCPI; use 'Z'"},
      {"2026-03-01T10:00:00+01:00", "offsets such as '+01:00' are not allowed"},
      {"2026-03-01T10:00:00-05:00", "offsets such as '-05:00' are not allowed"},
      {"2026-03-01T10:00:00.5+01:00", "offsets such as '+01:00' are not allowed"},
      {"2026-03-01T10:00:00+0100", "offsets such as '+0100' are not allowed"},
      {"2026-03-01t10:00:00Z", "'t' must be upper-case 'T'"},
      {"2026-03-01T10:00:00z", "'z' must be upper-case 'Z'"},
      {"2026-03-01 10:00:00Z", "expected 'T' at position 10, found ' '"},
      {"2026-03-01", "it ends after 10 characters (the form is YYYY-MM-DDThh:mm:ss[.fff][Z])"},
      {"2026-03-01T10:00Z", "expected ':' at position 16, found 'Z'"},
      {"2026-3-01T10:00:00Z", "expected a digit at position 6, found '-'"},
      {"20260301T100000Z", "expected '-' at position 4, found '0'"},
      {" 2026-03-01T10:00:00Z", "expected a digit at position 0, found ' '"},
      {"+2026-03-01T10:00:00Z", "expected a digit at position 0, found '+'"},
      {"\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x96-03-01T10:00:00Z",
       "expected a digit at position 0, found byte 0xEF"},
      {"2026-03-01T10:00:00.", "the '.' after the seconds must be followed by digits"},
      {"2026-03-01T10:00:00.Z", "the '.' after the seconds must be followed by digits"},
      {"2026-03-01T10:00:00,5Z", "unexpected ',' at position 19"},
      {"2026-03-01T10:00:00.1234Z", "more precise than a millisecond"},
      {"2026-03-01T10:00:00.00001", "more precise than a millisecond"},
      {"2026-03-01T10:00:00ZZ", "unexpected 'Z' after 'Z'"},
      {"2026-03-01T10:00:00Z ", "unexpected ' ' after 'Z'"},
      {std::string_view("2026-03-01T10:00:00\0Z", 21), "unexpected byte 0x00 at position 19"},
      {"0000-01-01T00:00:00Z", "year 0 is outside 0001–9999"},
      {"2026-13-01T00:00:00Z", "month 13 does not exist"},
      {"2026-00-01T00:00:00Z", "month 0 does not exist"},
      {"2026-02-29T10:00:00Z", "day 29 does not exist in 2026-02, which has 28 days"},
      {"2026-02-30T10:00:00Z", "day 30 does not exist in 2026-02"},
      {"2026-04-31T10:00:00Z", "day 31 does not exist in 2026-04, which has 30 days"},
      {"2026-03-00T10:00:00Z", "day 0 does not exist in 2026-03"},
      {"2026-03-01T24:00:00Z", "hour 24 is outside 00–23"},
      {"2026-03-01T10:60:00Z", "minute 60 is outside 00–59"},
      {"2016-12-31T23:59:60Z", "second 60 is a leap second"},
      {"2026-03-01T10:00:61Z", "second 61 is outside 00–59"},
      {"2026-03-01T10:00:00.00000Z", "it has 26 characters, more than the 25 of OCPI's string(25)"},
      {"2026-03-01T10:00:00.000000Z", "it has 27 characters"},
  };
  for (const auto& [text, reason] : cases) {
    SCOPED_TRACE(text);
    const Result<Instant> parsed = ParseOcpiDateTime(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().field, "");
    EXPECT_NE(parsed.error().message.find(" is not an OCPI DateTime: "), std::string::npos);
    EXPECT_NE(parsed.error().message.find(reason), std::string::npos) << parsed.error().message;
  }
}

TEST(ParseOcpiDateTime, QuotesTheInputSafelyInTheMessage) {
  EXPECT_EQ(
      ParseOcpiDateTime("2026-03-01T10:00:00+01:00").error().message,
      "'2026-03-01T10:00:00+01:00' is not an OCPI DateTime: DateTime must be UTC: offsets such as '+01:00' "
      "are not allowed in OCPI; use 'Z'");
  const std::string huge(100000, '9');
  const std::string message = ParseOcpiDateTime(huge).error().message;
  EXPECT_LT(message.size(), 200U);
  EXPECT_NE(message.find("(100000 bytes)"), std::string::npos);
  EXPECT_EQ(ParseOcpiDateTime("2026-03-01T10:00:00+01:00").error().Nested("start_date_time").field,
            "start_date_time");
}

TEST(ParseOcpiDateTime, ReadsALongRunOfFractionalZerosWithoutTrouble) {
  const std::string text = "2026-03-01T10:00:00." + std::string(100000, '0') + "Z";
  EXPECT_NE(ParseOcpiDateTime(text).error().message.find("100021 characters"), std::string::npos);
}

TEST(FormatOcpiDateTime, WritesWholeSecondsOrThreeFractionalDigits) {
  EXPECT_EQ(FormatOcpiDateTime(At(1772359200)), "2026-03-01T10:00:00Z");
  EXPECT_EQ(FormatOcpiDateTime(At(1772359200, 200)), "2026-03-01T10:00:00.200Z");
  EXPECT_EQ(FormatOcpiDateTime(At(1772359200, 123)), "2026-03-01T10:00:00.123Z");
  EXPECT_EQ(FormatOcpiDateTime(At(1772359200, 1)), "2026-03-01T10:00:00.001Z");
  EXPECT_EQ(FormatOcpiDateTime(Instant()), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatOcpiDateTime(At(-1, 999)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatOcpiDateTime(Parse("2024-02-29T12:00:00")), "2024-02-29T12:00:00Z");
  EXPECT_EQ(FormatOcpiDateTime(kMinInstant), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatOcpiDateTime(kMaxInstant), "9999-12-31T23:59:59.999Z");
}

TEST(FormatOcpiDateTime, ThrowsOutsideTheYearsADateTimeCanName) {
  EXPECT_THROW((void)FormatOcpiDateTime(kMinInstant - Duration(1)), std::out_of_range);
  EXPECT_THROW((void)FormatOcpiDateTime(kMaxInstant + Duration(1)), std::out_of_range);
}

TEST(OcpiDateTime, RoundTripsRandomInstantsFrom1970To2100) {
  std::mt19937_64 random(20260301);
  const std::int64_t first = Parse("1970-01-01T00:00:00Z").UnixMilliseconds();
  const std::int64_t last = Parse("2100-12-31T23:59:59.999Z").UnixMilliseconds();
  std::uniform_int_distribution<std::int64_t> milliseconds(first, last);
  for (int i = 0; i < 100000; ++i) {
    const Instant instant = Instant::FromUnixMilliseconds(milliseconds(random));
    const Instant whole_second = Instant(std::chrono::floor<seconds>(instant.sys_time()));
    for (Instant x : {instant, whole_second}) {
      const std::string text = FormatOcpiDateTime(x);
      ASSERT_LE(text.size(), kMaxOcpiDateTimeLength);
      ASSERT_EQ(ParseOcpiDateTime(text).value(), x) << text;
      ASSERT_EQ(ParseOcpiDateTime(text.substr(0, text.size() - 1)).value(), x) << text;
    }
    ASSERT_EQ(FormatOcpiDateTime(whole_second).size(), 20U);
  }
}

TEST(Instant, IsStdChronoArithmetic) {
  const Instant start = Parse("2026-03-01T10:00:00Z");
  EXPECT_EQ(start + minutes(90), Parse("2026-03-01T11:30:00Z"));
  EXPECT_EQ(start - hours(11), Parse("2026-02-28T23:00:00Z"));
  EXPECT_EQ(Parse("2026-03-01T10:00:01.5Z") - start, Duration(1500));
  EXPECT_LT(start, start + Duration(1));
  Instant moving = start;
  moving += seconds(30);
  moving -= Duration(500);
  EXPECT_EQ(moving, Parse("2026-03-01T10:00:29.5Z"));
  EXPECT_EQ(moving.sys_time(),
            std::chrono::sys_days(std::chrono::year(2026) / 3 / 1) + hours(10) + Duration(29500));
  EXPECT_EQ(Instant::FromUnixMilliseconds(start.UnixMilliseconds()), start);
}

TEST(Instant, PrintsAsDateTimeOrAsMillisecondsOutOfRange) {
  std::ostringstream out;
  out << Parse("2026-03-01T10:00:00.25Z") << " | " << Instant::FromUnixMilliseconds(-62135596800001);
  EXPECT_EQ(out.str(), "2026-03-01T10:00:00.250Z | -62135596800001 ms since 1970-01-01T00:00:00Z");
}

TEST(IsoDate, ReadsAndWritesCalendarDates) {
  EXPECT_EQ(ParseIsoDate("2026-11-23").value(), (LocalDate{2026, 11, 23}));
  EXPECT_EQ(ParseIsoDate("2024-02-29").value(), (LocalDate{2024, 2, 29}));
  EXPECT_EQ(ParseIsoDate("0001-01-01").value(), (LocalDate{1, 1, 1}));
  EXPECT_EQ(FormatIsoDate({2026, 1, 5}), "2026-01-05");
  EXPECT_EQ(FormatIsoDate({987, 12, 31}), "0987-12-31");
  EXPECT_LT((LocalDate{2025, 12, 31}), (LocalDate{2026, 1, 1}));
}

TEST(IsoDate, RefusesOtherFormsAndDatesThatDoNotExist) {
  for (const char* text : {"", "2026-1-05", "2026/01/05", "20260105", "2026-01-05T00:00:00", " 2026-01-05"}) {
    Result<LocalDate> date = ParseIsoDate(text);
    ASSERT_FALSE(date) << text;
    EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(date.error().message, HasSubstr("is not a date of the form YYYY-MM-DD")) << text;
  }
  EXPECT_THAT(ParseIsoDate("2026-02-29").error().message,
              HasSubstr("day 29 does not exist in 2026-02, which has 28 days"));
  EXPECT_THAT(ParseIsoDate("2026-13-01").error().message, HasSubstr("month 13 does not exist"));
  EXPECT_THAT(ParseIsoDate("0000-01-01").error().message, HasSubstr("year 0 is outside 0001–9999"));
}

}  // namespace
}  // namespace openmsp
