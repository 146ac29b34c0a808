#include "domain/rating_settings.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

using std::chrono::hours;

Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

std::string FieldOf(const Result<void>& result) { return result ? "(ok)" : result.error().field; }

TEST(RatingSettingsTest, TheDefaultsAreValid) {
  const RatingSettings defaults;
  EXPECT_EQ(defaults.max_energy_kwh, Decimal(1000));
  EXPECT_EQ(defaults.max_session_duration, hours(168));
  EXPECT_EQ(defaults.cost_audit_tolerance.ToString(), "0.05");
  EXPECT_TRUE(ValidateRatingSettings(defaults));
}

TEST(ValidateRatingSettingsTest, AcceptsTheLimitsOfEveryField) {
  RatingSettings low;
  low.max_energy_kwh = Number("0.001");
  low.max_session_duration = hours(1);
  low.cost_audit_tolerance = Decimal(0);
  EXPECT_TRUE(ValidateRatingSettings(low));

  RatingSettings high;
  high.max_energy_kwh = Number("999999.999");
  high.max_session_duration = hours(744);
  high.cost_audit_tolerance = Number("999999.9999");
  EXPECT_TRUE(ValidateRatingSettings(high));

  RatingSettings trailing_zeros;
  trailing_zeros.max_energy_kwh = Number("250.00000");
  trailing_zeros.cost_audit_tolerance = Number("0.100000");
  EXPECT_TRUE(ValidateRatingSettings(trailing_zeros));
}

TEST(ValidateRatingSettingsTest, NamesTheFieldAndTheReason) {
  for (const char* bad : {"0", "-5", "1000000", "1500000.5", "100.0005"}) {
    RatingSettings settings;
    settings.max_energy_kwh = Number(bad);
    Result<void> result = ValidateRatingSettings(settings);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(result.error().field, "max_energy_kwh") << bad;
  }
  RatingSettings energy;
  energy.max_energy_kwh = Number("100.0005");
  EXPECT_EQ(ValidateRatingSettings(energy).error().message, "has more than 3 decimals: 100.0005");
  energy.max_energy_kwh = Decimal(0);
  EXPECT_EQ(ValidateRatingSettings(energy).error().message, "must be above 0 and below 1000000 kWh, not 0");

  for (hours bad : {hours(0), hours(-1), hours(745), hours(24 * 365)}) {
    RatingSettings settings;
    settings.max_session_duration = bad;
    EXPECT_EQ(FieldOf(ValidateRatingSettings(settings)), "max_session_duration") << bad.count();
  }
  RatingSettings duration;
  duration.max_session_duration = hours(745);
  EXPECT_EQ(ValidateRatingSettings(duration).error().message,
            "must be 1 hour to 31 days (744 hours), not 745 hours");

  for (const char* bad : {"-0.01", "1000000", "0.00001"}) {
    RatingSettings settings;
    settings.cost_audit_tolerance = Number(bad);
    EXPECT_EQ(FieldOf(ValidateRatingSettings(settings)), "cost_audit_tolerance") << bad;
  }
  RatingSettings tolerance;
  tolerance.cost_audit_tolerance = Number("-0.01");
  EXPECT_EQ(ValidateRatingSettings(tolerance).error().message,
            "must be at least 0 and below 1000000, not -0.01");
}

}  // namespace
}  // namespace openmsp::domain
