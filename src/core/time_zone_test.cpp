#include "core/time_zone.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

namespace openmsp {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr auto kEarliest = LocalTimeChoice::kEarliest;
constexpr auto kLatest = LocalTimeChoice::kLatest;
constexpr auto kReject = LocalTimeChoice::kReject;

Instant Parse(std::string_view text) { return ParseOcpiDateTime(text).value(); }

TimeZone Zone(std::string_view name) { return TimeZone::Find(name).value(); }

LocalDateTime Local(int year, int month, int day, int hour, int minute, int second = 0) {
  return {.year = year, .month = month, .day = day, .hour = hour, .minute = minute, .second = second};
}

// The fields a wall clock and calendar show, plus offset and weekday, in one comparable line.
std::string Shown(const LocalDateTime& local) {
  char text[64];
  const auto offset_minutes = static_cast<int>(std::chrono::duration_cast<minutes>(local.utc_offset).count());
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%03d %+03d:%02d day %d", local.year,
                local.month, local.day, local.hour, local.minute, local.second, local.millisecond,
                offset_minutes / 60, std::abs(offset_minutes % 60), local.weekday);
  return text;
}

class Amsterdam : public testing::Test {
 protected:
  const TimeZone zone_ = Zone("Europe/Amsterdam");
};

TEST_F(Amsterdam, SpringForwardSkipsFromTwoToThreeAtOneUtc) {
  EXPECT_EQ(Shown(zone_.ToLocal(Parse("2026-03-28T12:00:00Z"))), "2026-03-28 13:00:00.000 +01:00 day 6");
  EXPECT_EQ(Shown(zone_.ToLocal(Parse("2026-03-29T00:59:59.999Z"))), "2026-03-29 01:59:59.999 +01:00 day 7");
  EXPECT_EQ(Shown(zone_.ToLocal(Parse("2026-03-29T01:00:00Z"))), "2026-03-29 03:00:00.000 +02:00 day 7");
  EXPECT_EQ(Shown(zone_.ToLocal(Parse("2026-03-29T22:00:00Z"))), "2026-03-30 00:00:00.000 +02:00 day 1");
}

TEST_F(Amsterdam, FallBackRepeatsTwoToThreeFromOneUtc) {
  EXPECT_EQ(Shown(zone_.ToLocal(Parse("2026-10-25T00:30:00Z"))), "2026-10-25 02:30:00.000 +02:00 day 7");
  EXPECT_EQ(Shown(zone_.ToLocal(Parse("2026-10-25T00:59:59Z"))), "2026-10-25 02:59:59.000 +02:00 day 7");
  EXPECT_EQ(Shown(zone_.ToLocal(Parse("2026-10-25T01:00:00Z"))), "2026-10-25 02:00:00.000 +01:00 day 7");
  EXPECT_EQ(Shown(zone_.ToLocal(Parse("2026-10-25T01:30:00Z"))), "2026-10-25 02:30:00.000 +01:00 day 7");
  EXPECT_EQ(Shown(zone_.ToLocal(Parse("2026-10-25T02:00:00Z"))), "2026-10-25 03:00:00.000 +01:00 day 7");
}

TEST_F(Amsterdam, TheSkippedTimeIsTheJumpOrAnError) {
  const LocalDateTime skipped = Local(2026, 3, 29, 2, 30);
  EXPECT_EQ(zone_.ToInstant(skipped, kEarliest).value(), Parse("2026-03-29T01:00:00Z"));
  EXPECT_EQ(zone_.ToInstant(skipped, kLatest).value(), Parse("2026-03-29T01:00:00Z"));
  const Result<Instant> refused = zone_.ToInstant(skipped, kReject);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().message,
            "2026-03-29T02:30:00 does not exist in Europe/Amsterdam: the clocks jump from UTC+01:00 to "
            "UTC+02:00 at "
            "2026-03-29T01:00:00Z");
  EXPECT_EQ(zone_.ToInstant(Local(2026, 3, 29, 2, 0), kEarliest).value(), Parse("2026-03-29T01:00:00Z"));
  EXPECT_EQ(zone_.ToInstant(Local(2026, 3, 29, 1, 59, 59), kReject).value(), Parse("2026-03-29T00:59:59Z"));
  EXPECT_EQ(zone_.ToInstant(Local(2026, 3, 29, 3, 0), kReject).value(), Parse("2026-03-29T01:00:00Z"));
}

TEST_F(Amsterdam, TheRepeatedTimeIsEitherOccurrenceOrAnError) {
  const LocalDateTime repeated = Local(2026, 10, 25, 2, 30);
  EXPECT_EQ(zone_.ToInstant(repeated, kEarliest).value(), Parse("2026-10-25T00:30:00Z"));
  EXPECT_EQ(zone_.ToInstant(repeated, kLatest).value(), Parse("2026-10-25T01:30:00Z"));
  const Result<Instant> refused = zone_.ToInstant(repeated, kReject);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "2026-10-25T02:30:00 happens twice in Europe/Amsterdam: at UTC+02:00 (2026-10-25T00:30:00Z) and "
            "again at "
            "UTC+01:00 (2026-10-25T01:30:00Z)");
  EXPECT_EQ(zone_.ToInstant(Local(2026, 10, 25, 2, 0), kLatest).value(), Parse("2026-10-25T01:00:00Z"));
  EXPECT_EQ(zone_.ToInstant(Local(2026, 10, 25, 3, 0), kReject).value(), Parse("2026-10-25T02:00:00Z"));
}

TEST_F(Amsterdam, AnOrdinaryLocalTimeIsTheSameUnderEveryChoice) {
  for (LocalTimeChoice choice : {kEarliest, kLatest, kReject}) {
    EXPECT_EQ(zone_.ToInstant(Local(2026, 7, 1, 12, 0), choice).value(), Parse("2026-07-01T10:00:00Z"));
    EXPECT_EQ(zone_.ToInstant(Local(2026, 1, 15, 12, 0), choice).value(), Parse("2026-01-15T11:00:00Z"));
  }
  LocalDateTime with_milliseconds = Local(2026, 7, 1, 12, 0);
  with_milliseconds.millisecond = 250;
  with_milliseconds.weekday = 5;
  with_milliseconds.utc_offset = hours(-7);
  EXPECT_EQ(zone_.ToInstant(with_milliseconds, kReject).value(), Parse("2026-07-01T10:00:00.25Z"));
}

TEST_F(Amsterdam, LocalTimeRoundTripsThroughEveryInstant) {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::int64_t> milliseconds(Parse("1970-01-01T00:00:00Z").UnixMilliseconds(),
                                                           Parse("2037-12-31T00:00:00Z").UnixMilliseconds());
  for (int i = 0; i < 20000; ++i) {
    const Instant instant = Instant::FromUnixMilliseconds(milliseconds(random));
    const LocalDateTime local = zone_.ToLocal(instant);
    ASSERT_EQ(local.utc_offset, local.utc_offset >= hours(2) ? hours(2) : hours(1));
    const Instant earliest = zone_.ToInstant(local, kEarliest).value();
    const Instant latest = zone_.ToInstant(local, kLatest).value();
    ASSERT_TRUE(instant == earliest || instant == latest) << instant;
    ASSERT_TRUE(earliest == latest || latest - earliest == hours(1)) << instant;
  }
}

TEST_F(Amsterdam, NextTimeOfDayMeetsTheSkippedTimeAtTheJump) {
  const minutes half_past_two = hours(2) + minutes(30);
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-03-28T12:00:00Z"), half_past_two), Parse("2026-03-29T01:00:00Z"));
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-03-29T01:00:00Z"), half_past_two), Parse("2026-03-30T00:30:00Z"));
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-03-28T12:00:00Z"), hours(3)), Parse("2026-03-29T01:00:00Z"));
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-03-28T12:00:00Z"), hours(1)), Parse("2026-03-29T00:00:00Z"));
}

TEST_F(Amsterdam, NextTimeOfDayMeetsTheRepeatedTimeTwice) {
  const minutes half_past_two = hours(2) + minutes(30);
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-10-24T12:00:00Z"), half_past_two), Parse("2026-10-25T00:30:00Z"));
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-10-25T00:30:00Z"), half_past_two), Parse("2026-10-25T01:30:00Z"));
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-10-25T01:30:00Z"), half_past_two), Parse("2026-10-26T01:30:00Z"));
}

TEST_F(Amsterdam, NextTimeOfDayIsStrictlyLater) {
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-07-01T10:00:00Z"), hours(17)), Parse("2026-07-01T15:00:00Z"));
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-07-01T15:00:00Z"), hours(17)), Parse("2026-07-02T15:00:00Z"));
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-07-01T14:59:59.999Z"), hours(17)), Parse("2026-07-01T15:00:00Z"));
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-07-01T10:00:00Z"), minutes(0)), Parse("2026-07-01T22:00:00Z"));
  EXPECT_EQ(zone_.NextTimeOfDay(Parse("2026-07-01T10:00:00Z"), hours(23) + minutes(59)),
            Parse("2026-07-01T21:59:00Z"));
}

TEST_F(Amsterdam, NextTimeOfDayRefusesTimesOutsideTheDay) {
  EXPECT_THROW((void)zone_.NextTimeOfDay(Instant(), hours(24)), std::out_of_range);
  EXPECT_THROW((void)zone_.NextTimeOfDay(Instant(), minutes(-1)), std::out_of_range);
}

TEST_F(Amsterdam, DaysAreTwentyThreeOrTwentyFiveHoursLongAroundDst) {
  EXPECT_EQ(zone_.StartOfDay(Parse("2026-03-29T12:00:00Z")), Parse("2026-03-28T23:00:00Z"));
  EXPECT_EQ(zone_.StartOfDay(Parse("2026-03-28T23:00:00Z")), Parse("2026-03-28T23:00:00Z"));
  EXPECT_EQ(zone_.StartOfDay(Parse("2026-03-28T22:59:59.999Z")), Parse("2026-03-27T23:00:00Z"));
  EXPECT_EQ(zone_.StartOfDay(Parse("2026-03-30T12:00:00Z")) - zone_.StartOfDay(Parse("2026-03-29T12:00:00Z")),
            hours(23));
  EXPECT_EQ(zone_.StartOfDay(Parse("2026-10-25T12:00:00Z")), Parse("2026-10-24T22:00:00Z"));
  EXPECT_EQ(zone_.StartOfDay(Parse("2026-10-26T12:00:00Z")) - zone_.StartOfDay(Parse("2026-10-25T12:00:00Z")),
            hours(25));
}

TEST(TimeZone, SantiagoSkipsMidnightSoTheDayStartsAtOne) {
  const TimeZone zone = Zone("America/Santiago");
  EXPECT_EQ(zone.StartOfDay(Parse("2026-09-06T12:00:00Z")), Parse("2026-09-06T04:00:00Z"));
  EXPECT_EQ(Shown(zone.ToLocal(Parse("2026-09-06T04:00:00Z"))), "2026-09-06 01:00:00.000 -03:00 day 7");
  EXPECT_EQ(zone.NextTimeOfDay(Parse("2026-09-05T12:00:00Z"), minutes(0)), Parse("2026-09-06T04:00:00Z"));
  EXPECT_EQ(zone.NextTimeOfDay(Parse("2026-04-05T02:30:00Z"), hours(23) + minutes(30)),
            Parse("2026-04-05T03:30:00Z"));
}

TEST(TimeZone, KolkataIsFiveAndAHalfHoursAhead) {
  const TimeZone zone = Zone("Asia/Kolkata");
  EXPECT_EQ(Shown(zone.ToLocal(Parse("2026-03-01T10:00:00Z"))), "2026-03-01 15:30:00.000 +05:30 day 7");
  EXPECT_EQ(Shown(zone.ToLocal(Parse("2026-03-01T18:29:59Z"))), "2026-03-01 23:59:59.000 +05:30 day 7");
  EXPECT_EQ(Shown(zone.ToLocal(Parse("2026-03-01T18:30:00Z"))), "2026-03-02 00:00:00.000 +05:30 day 1");
  EXPECT_EQ(zone.ToInstant(Local(2026, 3, 1, 15, 30), kReject).value(), Parse("2026-03-01T10:00:00Z"));
  EXPECT_EQ(zone.StartOfDay(Parse("2026-03-01T10:00:00Z")), Parse("2026-02-28T18:30:00Z"));
  EXPECT_EQ(zone.NextTimeOfDay(Parse("2026-03-01T10:00:00Z"), minutes(0)), Parse("2026-03-01T18:30:00Z"));
}

TEST(TimeZone, AdelaideHasHalfHourOffsetsAndDst) {
  const TimeZone zone = Zone("Australia/Adelaide");
  EXPECT_EQ(Shown(zone.ToLocal(Parse("2026-01-15T00:00:00Z"))), "2026-01-15 10:30:00.000 +10:30 day 4");
  EXPECT_EQ(Shown(zone.ToLocal(Parse("2026-07-01T00:00:00Z"))), "2026-07-01 09:30:00.000 +09:30 day 3");
  EXPECT_EQ(zone.ToInstant(Local(2026, 10, 4, 2, 30), kEarliest).value(), Parse("2026-10-03T16:30:00Z"));
  EXPECT_NE(zone.ToInstant(Local(2026, 10, 4, 2, 30), kReject).error().message.find("UTC+09:30 to UTC+10:30"),
            std::string::npos);
  EXPECT_EQ(zone.ToInstant(Local(2026, 4, 5, 2, 30), kEarliest).value(), Parse("2026-04-04T16:00:00Z"));
  EXPECT_EQ(zone.ToInstant(Local(2026, 4, 5, 2, 30), kLatest).value(), Parse("2026-04-04T17:00:00Z"));
}

TEST(TimeZone, UtcNeedsNoDatabase) {
  const TimeZone utc = TimeZone::Utc();
  EXPECT_EQ(utc.name(), "UTC");
  EXPECT_EQ(Shown(utc.ToLocal(Parse("2024-02-29T23:59:59.5Z"))), "2024-02-29 23:59:59.500 +00:00 day 4");
  EXPECT_EQ(utc.ToInstant(Local(2024, 2, 29, 23, 59, 59), kReject).value(), Parse("2024-02-29T23:59:59Z"));
  EXPECT_EQ(utc.StartOfDay(Parse("2026-03-29T12:00:00Z")), Parse("2026-03-29T00:00:00Z"));
  EXPECT_EQ(utc.NextTimeOfDay(Parse("2026-03-29T12:00:00Z"), hours(2) + minutes(30)),
            Parse("2026-03-30T02:30:00Z"));
  EXPECT_EQ(utc.ToInstant(Local(1, 1, 1, 0, 0), kReject).value(), kMinInstant);
  EXPECT_EQ(Zone("Etc/UTC").ToLocal(Parse("2026-03-29T12:00:00Z")),
            utc.ToLocal(Parse("2026-03-29T12:00:00Z")));
}

TEST(TimeZone, ToInstantRefusesFieldsThatAreNoDateAndTime) {
  const TimeZone zone = Zone("Europe/Amsterdam");
  EXPECT_EQ(zone.ToInstant(Local(2026, 2, 29, 12, 0), kEarliest).error().message,
            "day 29 does not exist in 2026-02, which has 28 days");
  EXPECT_EQ(zone.ToInstant(Local(2026, 3, 1, 24, 0), kEarliest).error().message, "hour 24 is outside 00–23");
  EXPECT_NE(zone.ToInstant(Local(2026, 3, 1, 23, 59, 60), kEarliest).error().message.find("leap second"),
            std::string::npos);
  EXPECT_EQ(zone.ToInstant(Local(10000, 1, 1, 0, 0), kEarliest).error().message,
            "year 10000 is outside 0001–9999");
  LocalDateTime too_precise = Local(2026, 3, 1, 12, 0);
  too_precise.millisecond = 1000;
  EXPECT_EQ(zone.ToInstant(too_precise, kEarliest).error().code, ErrorCode::kInvalidArgument);
}

TEST(TimeZone, ToInstantRefusesInstantsBeforeYearOne) {
  const Result<Instant> instant = Zone("Asia/Kolkata").ToInstant(Local(1, 1, 1, 0, 0), kEarliest);
  ASSERT_FALSE(instant.ok());
  EXPECT_EQ(instant.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(instant.error().message,
            "0001-01-01T00:00:00 in Asia/Kolkata falls outside the years 0001–9999 in UTC");
}

TEST(TimeZone, FindNamesTheFieldAndTheReason) {
  EXPECT_EQ(Zone("Europe/Amsterdam").name(), "Europe/Amsterdam");
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"Mars/Olympus_Mons", "'Mars/Olympus_Mons' is not a known IANA time zone such as 'Europe/Amsterdam'"},
      {"", "'' is not a known IANA time zone"},
      {"localtime", "'localtime' is not a known IANA time zone"},
      {"Europe", "'Europe' is not a known IANA time zone"},
      {"../../etc/passwd", "is not a known IANA time zone"},
      {"Europe/../Europe/Amsterdam", "is not a known IANA time zone"},
      {"zone.tab", "is not a known IANA time zone"},
      {"Europe/Amsterdam ", "is not a known IANA time zone"},
      {"+01:00", "is not a known IANA time zone"},
      {"europe/amsterdam", "names are case-sensitive: did you mean 'Europe/Amsterdam'?"},
      {"EUROPE/AMSTERDAM", "did you mean 'Europe/Amsterdam'?"},
  };
  for (const auto& [name, reason] : cases) {
    SCOPED_TRACE(name);
    const Result<TimeZone> zone = TimeZone::Find(name);
    ASSERT_FALSE(zone.ok());
    EXPECT_EQ(zone.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(zone.error().field, "time_zone");
    EXPECT_NE(zone.error().message.find(reason), std::string::npos) << zone.error().message;
  }
  EXPECT_EQ(TimeZone::Find("Localtime").error().message.find("did you mean"), std::string::npos);
}

}  // namespace
}  // namespace openmsp
