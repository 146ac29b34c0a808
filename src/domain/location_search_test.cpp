#include "domain/location_search.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

GeoRadius Around(const char* latitude, const char* longitude, std::int64_t metres) {
  return GeoRadius{.centre = {.latitude = latitude, .longitude = longitude}, .radius_m = metres};
}

// One degree of a great circle is R × π / 180 = 6,371,008.8 × 0.0174533 = 111,195.08 m; along a meridian
// or the equator the haversine distance is exactly R × Δangle.
TEST(LocationSearchTest, DistanceAlongAMeridianAndTheEquatorIsRadiusTimesAngle) {
  EXPECT_NEAR(*DistanceMetres({"52.0000000", "4.9"}, {"52.009", "4.9"}), 1000.7557, 0.001);
  EXPECT_NEAR(*DistanceMetres({"0", "0"}, {"0", "0.01"}), 1111.9508, 0.001);
  EXPECT_NEAR(*DistanceMetres({"0", "179.995"}, {"0", "-179.995"}), 1111.9508, 0.001);
  EXPECT_EQ(*DistanceMetres({"52.37403", "4.9"}, {"52.37403", "4.9"}), 0.0);
  EXPECT_FALSE(DistanceMetres({"north", "4.9"}, {"52", "4.9"}));
}

TEST(LocationSearchTest, IsWithinIncludesTheRadiusAndDropsTheBoxCorners) {
  EXPECT_TRUE(IsWithin({"52.009", "4.9"}, Around("52", "4.9", 1001)));
  EXPECT_FALSE(IsWithin({"52.009", "4.9"}, Around("52", "4.9", 1000)));
  // 0.0065° north and 0.0107° east of the centre: inside the 1 km box (±0.009°, ±0.0147°) but 1,024.7 m
  // away as the crow flies.
  const GeoRadius radius = Around("52.37403", "4.9", 1000);
  const GeoBox box = BoxAround(radius);
  EXPECT_LT(std::stod(box.min_latitude), 52.38053 - 0.009);
  EXPECT_GT(std::stod(*box.max_longitude), 4.9107);
  EXPECT_FALSE(IsWithin({"52.38053", "4.9107"}, radius));
  EXPECT_TRUE(IsWithin({"52.37903", "4.9"}, radius));
  EXPECT_FALSE(IsWithin({"x", "4.9"}, radius));
}

TEST(LocationSearchTest, BoxAroundWidensLongitudeWithLatitudeAndDropsItAtPolesAndTheDateLine) {
  // 1,000,000 m is 1e6 / 6,371,008.8 = 0.1569612 rad = 8.99320364° of arc (plus 1e-7° of slack, rounded
  // outwards to 7 decimals); at the equator the longitude reach is the same.
  GeoBox equator = BoxAround(Around("0", "0", 1'000'000));
  EXPECT_EQ(equator.min_latitude, "-8.9932038");
  EXPECT_EQ(equator.max_latitude, "8.9932038");
  EXPECT_EQ(equator.min_longitude, "-8.9932038");
  EXPECT_EQ(equator.max_longitude, "8.9932038");
  // At 60° the longitude reach is asin(sin(8.9932°) / cos 60°) = asin(0.3126346) = 18.2181°.
  GeoBox north = BoxAround(Around("60", "10", 1'000'000));
  EXPECT_NEAR(std::stod(*north.max_longitude) - 10, 18.2181, 0.0001);
  EXPECT_FALSE(BoxAround(Around("85", "10", 1'000'000)).min_longitude);
  EXPECT_EQ(BoxAround(Around("85", "10", 1'000'000)).max_latitude, "90.0000000");
  EXPECT_FALSE(BoxAround(Around("-10", "179.99", 10'000)).max_longitude);
  EXPECT_EQ(BoxAround(Around("-10", "179.99", 10'000)).max_latitude, "-9.9100678");
}

TEST(LocationSearchTest, MinimumWattsRoundsUpToWholeWatts) {
  EXPECT_EQ(MinimumWatts(Number("50")), 50'000);
  EXPECT_EQ(MinimumWatts(Number("11.04")), 11'040);
  EXPECT_EQ(MinimumWatts(Number("0.0001")), 1);
  EXPECT_EQ(MinimumWatts(Number("3.6801")), 3'681);
  EXPECT_EQ(MinimumWatts(Number("0")), 0);
}

TEST(LocationSearchTest, ValidateNamesTheField) {
  auto field_of = [](const LocationSearch& search) {
    Result<void> valid = ValidateLocationSearch(search);
    return valid ? std::string("ok") : valid.error().field;
  };
  EXPECT_EQ(field_of({}), "ok");
  EXPECT_EQ(field_of({.text = std::string(101, 'a')}), "text");
  EXPECT_EQ(field_of({.text = "tab\there"}), "text");
  EXPECT_EQ(field_of({.min_power_kw = Number("-1")}), "min_power_kw");
  EXPECT_EQ(field_of({.min_power_kw = Number("1000000.001")}), "min_power_kw");
  EXPECT_EQ(field_of({.near = Around("90.0000001", "0", 10)}), "near.centre.latitude");
  EXPECT_EQ(field_of({.near = Around("52.123456789", "0", 10)}), "near.centre.latitude");
  EXPECT_EQ(field_of({.near = Around("52", "east", 10)}), "near.centre.longitude");
  EXPECT_EQ(field_of({.near = Around("52", "4", 0)}), "near.radius_m");
  EXPECT_EQ(field_of({.near = Around("52", "4", 1'000'001)}), "near.radius_m");
  EXPECT_EQ(field_of({.after = LocationId{-1}}), "after");
  EXPECT_EQ(field_of({.limit = 0}), "limit");
  EXPECT_EQ(field_of({.limit = 101}), "limit");
  EXPECT_EQ(field_of({.limit = 100}), "ok");
}

}  // namespace
}  // namespace openmsp::domain
