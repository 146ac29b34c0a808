#include "pricing/restrictions.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <random>

#include "pricing/pricing_test_builders.h"

namespace openmsp::pricing {
namespace {

using testing::At;
using testing::Dec;
using testing::TimeOfDay;

class RestrictionsTest : public ::testing::Test {
 protected:
  // Whether `restrictions` hold at `instant` (in `zone_`), with the session's other state as set below.
  bool ActiveAt(const TariffRestrictions& restrictions, std::string_view instant) {
    LocalClock clock(zone_, At(instant));
    const RestrictionInput input{elapsed_, energy_before_, &measurements_};
    const RestrictionCheck check = CheckRestrictions(restrictions, input, clock);
    unmeasured_ = check.unmeasured;
    return check.active;
  }

  // `value`, kept alive for the test, as a measurement points to it.
  const Decimal* Keep(const Decimal& value) { return &kept_.emplace_back(value); }

  TimeZone zone_ = TimeZone::Utc();
  std::deque<Decimal> kept_;
  Duration elapsed_{0};
  Decimal energy_before_;
  PeriodMeasurements measurements_;
  bool unmeasured_ = false;
};

TariffRestrictions Window(std::optional<std::chrono::minutes> start,
                          std::optional<std::chrono::minutes> end) {
  TariffRestrictions restrictions;
  restrictions.start_time = start;
  restrictions.end_time = end;
  return restrictions;
}

TEST_F(RestrictionsTest, NoRestrictionHolds) {
  EXPECT_TRUE(ActiveAt(TariffRestrictions{}, "2026-03-01T12:00:00Z"));
}

TEST_F(RestrictionsTest, DaytimeWindowIncludesItsStartAndExcludesItsEnd) {
  const TariffRestrictions day = Window(TimeOfDay(9, 0), TimeOfDay(18, 0));
  EXPECT_FALSE(ActiveAt(day, "2026-03-02T08:59:59.999Z"));
  EXPECT_TRUE(ActiveAt(day, "2026-03-02T09:00:00Z"));
  EXPECT_TRUE(ActiveAt(day, "2026-03-02T17:59:59.999Z"));
  EXPECT_FALSE(ActiveAt(day, "2026-03-02T18:00:00Z"));
}

TEST_F(RestrictionsTest, WindowEndingBeforeItStartsWrapsPastMidnight) {
  const TariffRestrictions night = Window(TimeOfDay(22, 0), TimeOfDay(6, 0));
  EXPECT_FALSE(ActiveAt(night, "2026-03-02T21:59:00Z"));
  EXPECT_TRUE(ActiveAt(night, "2026-03-02T22:00:00Z"));
  EXPECT_TRUE(ActiveAt(night, "2026-03-03T00:00:00Z"));
  EXPECT_TRUE(ActiveAt(night, "2026-03-03T05:59:59Z"));
  EXPECT_FALSE(ActiveAt(night, "2026-03-03T06:00:00Z"));
}

TEST_F(RestrictionsTest, MidnightAsEndMeansEndOfDay) {
  const TariffRestrictions evening = Window(TimeOfDay(20, 0), TimeOfDay(0, 0));
  EXPECT_FALSE(ActiveAt(evening, "2026-03-02T19:59:59Z"));
  EXPECT_TRUE(ActiveAt(evening, "2026-03-02T23:59:59.999Z"));
  EXPECT_FALSE(ActiveAt(evening, "2026-03-03T00:00:00Z"));
  const TariffRestrictions all_day = Window(TimeOfDay(0, 0), TimeOfDay(0, 0));
  EXPECT_TRUE(ActiveAt(all_day, "2026-03-03T00:00:00Z"));
  EXPECT_TRUE(ActiveAt(all_day, "2026-03-03T13:00:00Z"));
}

TEST_F(RestrictionsTest, LoneEndTimeRunsFromMidnightAndLoneStartTimeToMidnight) {
  const TariffRestrictions morning = Window(std::nullopt, TimeOfDay(8, 0));
  EXPECT_TRUE(ActiveAt(morning, "2026-03-02T00:00:00Z"));
  EXPECT_FALSE(ActiveAt(morning, "2026-03-02T08:00:00Z"));
  EXPECT_TRUE(ActiveAt(Window(std::nullopt, TimeOfDay(0, 0)), "2026-03-02T15:00:00Z"));
  const TariffRestrictions afternoon = Window(TimeOfDay(17, 0), std::nullopt);
  EXPECT_FALSE(ActiveAt(afternoon, "2026-03-02T16:59:59Z"));
  EXPECT_TRUE(ActiveAt(afternoon, "2026-03-02T23:59:59Z"));
}

TEST_F(RestrictionsTest, WindowWhoseStartEqualsItsEndIsEmpty) {
  const TariffRestrictions empty = Window(TimeOfDay(8, 0), TimeOfDay(8, 0));
  EXPECT_FALSE(ActiveAt(empty, "2026-03-02T08:00:00Z"));
  EXPECT_FALSE(ActiveAt(empty, "2026-03-02T20:00:00Z"));
}

TEST_F(RestrictionsTest, DatesAreLocalStartInclusiveEndExclusive) {
  zone_ = TimeZone::Find("Europe/Amsterdam").value();
  TariffRestrictions march;
  march.start_date = LocalDate{2026, 3, 1};
  march.end_date = LocalDate{2026, 3, 5};
  EXPECT_FALSE(ActiveAt(march, "2026-02-28T22:59:59Z"));  // 23:59:59 on 28 February in Amsterdam
  EXPECT_TRUE(ActiveAt(march, "2026-02-28T23:30:00Z"));   // 00:30 on 1 March in Amsterdam
  EXPECT_TRUE(ActiveAt(march, "2026-03-04T22:59:59Z"));
  EXPECT_FALSE(ActiveAt(march, "2026-03-04T23:00:00Z"));  // midnight of 5 March in Amsterdam
}

TEST_F(RestrictionsTest, WeekdayIsTheLocalOne) {
  zone_ = TimeZone::Find("Europe/Amsterdam").value();
  TariffRestrictions sunday;
  sunday.day_of_week = {DayOfWeek::kSunday};
  TariffRestrictions saturday;
  saturday.day_of_week = {DayOfWeek::kSaturday, DayOfWeek::kMonday};
  // 2026-02-28 is a Saturday; 23:30Z is already Sunday 00:30 in Amsterdam.
  EXPECT_TRUE(ActiveAt(sunday, "2026-02-28T23:30:00Z"));
  EXPECT_FALSE(ActiveAt(saturday, "2026-02-28T23:30:00Z"));
  EXPECT_TRUE(ActiveAt(saturday, "2026-02-28T22:30:00Z"));
}

TEST_F(RestrictionsTest, EnergyBoundsUseTheEnergyBeforeThePeriod) {
  TariffRestrictions band;
  band.min_kwh = Dec("10");
  band.max_kwh = Dec("20");
  energy_before_ = Dec("9.999");
  EXPECT_FALSE(ActiveAt(band, "2026-03-02T12:00:00Z"));
  energy_before_ = Dec("10");
  EXPECT_TRUE(ActiveAt(band, "2026-03-02T12:00:00Z"));
  energy_before_ = Dec("19.999");
  EXPECT_TRUE(ActiveAt(band, "2026-03-02T12:00:00Z"));
  energy_before_ = Dec("20");
  EXPECT_FALSE(ActiveAt(band, "2026-03-02T12:00:00Z"));
}

TEST_F(RestrictionsTest, DurationBoundsUseTheTimeSinceTheSessionStarted) {
  TariffRestrictions second_half_hour;
  second_half_hour.min_duration = std::chrono::seconds(1800);
  second_half_hour.max_duration = std::chrono::seconds(3600);
  elapsed_ = Duration(1'799'999);
  EXPECT_FALSE(ActiveAt(second_half_hour, "2026-03-02T12:00:00Z"));
  elapsed_ = std::chrono::seconds(1800);
  EXPECT_TRUE(ActiveAt(second_half_hour, "2026-03-02T12:00:00Z"));
  elapsed_ = std::chrono::seconds(3600);
  EXPECT_FALSE(ActiveAt(second_half_hour, "2026-03-02T12:00:00Z"));
}

TEST_F(RestrictionsTest, CurrentBoundsUseTheMinimumAndMaximumTheCpoStates) {
  TariffRestrictions fast;
  fast.min_current = Dec("32");
  TariffRestrictions slow;
  slow.max_current = Dec("32");
  measurements_.min_current = Keep(Dec("32"));
  measurements_.max_current = Keep(Dec("32"));
  EXPECT_TRUE(ActiveAt(fast, "2026-03-02T12:00:00Z"));
  EXPECT_FALSE(ActiveAt(slow, "2026-03-02T12:00:00Z"));  // max_current is exclusive
  measurements_.min_current = Keep(Dec("31.9"));
  measurements_.max_current = Keep(Dec("31.9"));
  EXPECT_FALSE(ActiveAt(fast, "2026-03-02T12:00:00Z"));
  EXPECT_TRUE(ActiveAt(slow, "2026-03-02T12:00:00Z"));
  EXPECT_FALSE(unmeasured_);
}

TEST_F(RestrictionsTest, AverageCurrentStandsInForMissingBounds) {
  TariffRestrictions fast;
  fast.min_current = Dec("32");
  measurements_.current = Keep(Dec("40"));
  EXPECT_TRUE(ActiveAt(fast, "2026-03-02T12:00:00Z"));
  measurements_.current = Keep(Dec("16"));
  EXPECT_FALSE(ActiveAt(fast, "2026-03-02T12:00:00Z"));
}

TEST_F(RestrictionsTest, MissingMeasurementMeetsTheBoundAndIsReported) {
  TariffRestrictions slow;
  slow.max_power = Dec("16");
  EXPECT_TRUE(ActiveAt(slow, "2026-03-02T12:00:00Z"));
  EXPECT_TRUE(unmeasured_);
  measurements_.max_power = Keep(Dec("16"));
  EXPECT_FALSE(ActiveAt(slow, "2026-03-02T12:00:00Z"));
  EXPECT_FALSE(unmeasured_);
  measurements_.max_power = Keep(Dec("15.99"));
  EXPECT_TRUE(ActiveAt(slow, "2026-03-02T12:00:00Z"));
}

TEST_F(RestrictionsTest, PowerLowerBoundIsInclusive) {
  TariffRestrictions fast;
  fast.min_power = Dec("50");
  measurements_.min_power = Keep(Dec("50"));
  EXPECT_TRUE(ActiveAt(fast, "2026-03-02T12:00:00Z"));
  measurements_.min_power = Keep(Dec("49.9"));
  EXPECT_FALSE(ActiveAt(fast, "2026-03-02T12:00:00Z"));
}

TEST_F(RestrictionsTest, EveryRestrictionMustHold) {
  TariffRestrictions both;
  both.start_time = TimeOfDay(9, 0);
  both.max_kwh = Dec("5");
  energy_before_ = Dec("6");
  EXPECT_FALSE(ActiveAt(both, "2026-03-02T10:00:00Z"));
  energy_before_ = Dec("4");
  EXPECT_TRUE(ActiveAt(both, "2026-03-02T10:00:00Z"));
  EXPECT_FALSE(ActiveAt(both, "2026-03-02T08:00:00Z"));
}

// 2026-03-29, Europe/Amsterdam: the clocks jump from 02:00 (+01:00) to 03:00 (+02:00) at 01:00Z.
TEST_F(RestrictionsTest, SpringForwardWindowFollowsTheWallClock) {
  zone_ = TimeZone::Find("Europe/Amsterdam").value();
  const TariffRestrictions early = Window(TimeOfDay(2, 30), TimeOfDay(4, 0));
  EXPECT_FALSE(ActiveAt(early, "2026-03-29T00:59:59.999Z"));  // 01:59:59.999 local
  EXPECT_TRUE(ActiveAt(early, "2026-03-29T01:00:00Z"));       // 03:00 local: the window has opened
  EXPECT_TRUE(ActiveAt(early, "2026-03-29T01:59:59Z"));       // 03:59:59 local
  EXPECT_FALSE(ActiveAt(early, "2026-03-29T02:00:00Z"));      // 04:00 local
  const TariffRestrictions evening = Window(TimeOfDay(17, 0), TimeOfDay(20, 0));
  EXPECT_FALSE(ActiveAt(evening, "2026-03-28T15:30:00Z"));  // 16:30 local (+01:00)
  EXPECT_TRUE(ActiveAt(evening, "2026-03-29T15:30:00Z"));   // 17:30 local (+02:00)
  EXPECT_FALSE(ActiveAt(evening, "2026-03-29T18:00:00Z"));  // 20:00 local
}

// 2026-10-25, Europe/Amsterdam: the clocks go back from 03:00 (+02:00) to 02:00 (+01:00) at 01:00Z, so the
// hour from 02:00 to 03:00 happens twice.
TEST_F(RestrictionsTest, FallBackWindowIsOpenForBothOccurrencesOfItsHour) {
  zone_ = TimeZone::Find("Europe/Amsterdam").value();
  const TariffRestrictions repeated = Window(TimeOfDay(2, 0), TimeOfDay(3, 0));
  EXPECT_FALSE(ActiveAt(repeated, "2026-10-24T23:59:59Z"));  // 01:59:59 (+02:00)
  EXPECT_TRUE(ActiveAt(repeated, "2026-10-25T00:30:00Z"));   // 02:30 (+02:00)
  EXPECT_TRUE(ActiveAt(repeated, "2026-10-25T01:30:00Z"));   // 02:30 again (+01:00)
  EXPECT_FALSE(ActiveAt(repeated, "2026-10-25T02:00:00Z"));  // 03:00 (+01:00)
  const TariffRestrictions evening = Window(TimeOfDay(17, 0), TimeOfDay(20, 0));
  EXPECT_TRUE(ActiveAt(evening, "2026-10-24T15:30:00Z"));   // 17:30 (+02:00)
  EXPECT_FALSE(ActiveAt(evening, "2026-10-25T15:30:00Z"));  // 16:30 (+01:00)
  EXPECT_TRUE(ActiveAt(evening, "2026-10-25T16:00:00Z"));   // 17:00 (+01:00)
}

TEST(LocalClock, JustBeforeIsTheWallClockOneMillisecondEarlier) {
  const TimeZone utc = TimeZone::Utc();
  LocalClock start(utc, At("2026-03-01T22:30:00Z"));
  LocalClock end(utc, At("2026-03-02T00:00:00Z"));
  LocalClock last = LocalClock::JustBefore(start, end);
  EXPECT_EQ(last.instant(), At("2026-03-01T23:59:59.999Z"));
  EXPECT_EQ(last.Local(), utc.ToLocal(At("2026-03-01T23:59:59.999Z")));
  EXPECT_EQ(last.Local().weekday, 7);  // Sunday
}

// Around both changes of 2026 in Amsterdam and across month ends, the derived wall clock equals a lookup.
TEST(LocalClock, JustBeforeAgreesWithTheTimeZoneDatabase) {
  const TimeZone zone = TimeZone::Find("Europe/Amsterdam").value();
  std::mt19937_64 random(29);
  for (const std::string_view around :
       {"2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", "2026-02-28T23:00:00Z"}) {
    for (int i = 0; i < 3000; ++i) {
      const Instant start_instant =
          At(around) + Duration(std::uniform_int_distribution<std::int64_t>(-7'200'000, 3'600'000)(random));
      const Instant end_instant =
          start_instant + Duration(std::uniform_int_distribution<std::int64_t>(1, 10'800'000)(random));
      LocalClock start(zone, start_instant);
      LocalClock end(zone, end_instant);
      EXPECT_EQ(LocalClock::JustBefore(start, end).Local(), zone.ToLocal(end_instant - Duration(1)))
          << start_instant << " " << end_instant;
    }
  }
}

class ThresholdInsideTest : public ::testing::Test {
 protected:
  // Whether a threshold of `restrictions` lies inside the period from `start` to `end`, the session having
  // started at `session_start`.
  bool Inside(const TariffRestrictions& restrictions, std::string_view start, std::string_view end,
              std::string_view session_start = "2026-03-02T00:00:00Z") {
    LocalClock start_clock(zone_, At(start));
    LocalClock end_clock(zone_, At(end));
    LocalClock last = LocalClock::JustBefore(start_clock, end_clock);
    const PeriodSpan span{At(start) - At(session_start),
                          last.instant() - At(session_start),
                          &energy_before_,
                          energy_after_ ? &*energy_after_ : nullptr,
                          &start_clock,
                          &last};
    return ThresholdInside(restrictions, span);
  }

  TimeZone zone_ = TimeZone::Utc();
  Decimal energy_before_;
  std::optional<Decimal> energy_after_;
};

TEST_F(ThresholdInsideTest, TimeOfDayPassedAfterTheStartAndBeforeTheEnd) {
  const TariffRestrictions evening = Window(TimeOfDay(17, 0), TimeOfDay(20, 0));
  EXPECT_TRUE(Inside(evening, "2026-03-02T16:30:00Z", "2026-03-02T17:30:00Z"));
  EXPECT_FALSE(Inside(evening, "2026-03-02T16:00:00Z", "2026-03-02T17:00:00Z"));  // split exactly there
  EXPECT_FALSE(Inside(evening, "2026-03-02T17:00:00Z", "2026-03-02T18:00:00Z"));
  EXPECT_TRUE(Inside(evening, "2026-03-02T19:00:00Z", "2026-03-02T20:00:00.001Z"));
  EXPECT_FALSE(
      Inside(Window(TimeOfDay(20, 0), TimeOfDay(0, 0)), "2026-03-02T21:00:00Z", "2026-03-03T00:00:00Z"));
  EXPECT_TRUE(
      Inside(Window(TimeOfDay(20, 0), TimeOfDay(0, 0)), "2026-03-02T23:00:00Z", "2026-03-03T00:30:00Z"));
}

TEST_F(ThresholdInsideTest, MidnightMattersForDatesAndWeekdays) {
  TariffRestrictions monday;
  monday.day_of_week = {DayOfWeek::kMonday};
  EXPECT_FALSE(Inside(monday, "2026-03-02T22:00:00Z", "2026-03-03T00:00:00Z"));
  EXPECT_TRUE(Inside(monday, "2026-03-02T23:00:00Z", "2026-03-03T00:00:01Z"));
}

TEST_F(ThresholdInsideTest, DurationAndEnergyBoundsReachedInside) {
  TariffRestrictions after_half_hour;
  after_half_hour.min_duration = std::chrono::seconds(1800);
  EXPECT_TRUE(Inside(after_half_hour, "2026-03-02T00:20:00Z", "2026-03-02T00:40:00Z"));
  EXPECT_FALSE(Inside(after_half_hour, "2026-03-02T00:00:00Z", "2026-03-02T00:30:00Z"));
  EXPECT_FALSE(Inside(after_half_hour, "2026-03-02T00:30:00Z", "2026-03-02T00:50:00Z"));
  TariffRestrictions first_kwh;
  first_kwh.max_kwh = Dec("1");
  energy_after_ = Dec("1");
  EXPECT_FALSE(Inside(first_kwh, "2026-03-02T00:00:00Z", "2026-03-02T00:10:00Z"));
  energy_after_ = Dec("1.001");
  EXPECT_TRUE(Inside(first_kwh, "2026-03-02T00:00:00Z", "2026-03-02T00:10:00Z"));
}

TEST_F(ThresholdInsideTest, ChangeOfOffsetOrADayOrMoreIsAnsweredConservatively) {
  zone_ = TimeZone::Find("Europe/Amsterdam").value();
  const TariffRestrictions noon = Window(TimeOfDay(12, 0), TimeOfDay(13, 0));
  EXPECT_TRUE(Inside(noon, "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"));
  EXPECT_TRUE(Inside(noon, "2026-03-02T13:00:00Z", "2026-03-03T13:00:00Z"));
  EXPECT_FALSE(Inside(noon, "2026-03-02T13:00:00Z", "2026-03-02T14:00:00Z"));
}

}  // namespace
}  // namespace openmsp::pricing
