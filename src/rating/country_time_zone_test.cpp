#include "rating/country_time_zone.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace openmsp::rating {
namespace {

Country CountryOf(std::string_view alpha2) { return CountryFromAlpha2(alpha2).value(); }

Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }

TEST(CountryTimeZones, EveryEntryIsAnAssignedCountryAndAZoneOfTheDatabase) {
  const std::span<const CountryTimeZone> table = CountryTimeZones();
  EXPECT_EQ(table.size(), 72U);
  std::string previous;
  for (const CountryTimeZone& entry : table) {
    SCOPED_TRACE(std::string(entry.country) + " " + std::string(entry.time_zone));
    EXPECT_LT(previous, entry.country) << "the table is sorted, each country once";
    previous = entry.country;
    const Result<Country> country = CountryFromAlpha2(entry.country);
    ASSERT_TRUE(country.ok()) << country.error().ToString();
    EXPECT_EQ(country->alpha2, entry.country);
    const Result<TimeZone> zone = TimeZone::Find(entry.time_zone);
    ASSERT_TRUE(zone.ok()) << zone.error().ToString();
    const std::optional<TimeZone> found = TimeZoneOfCountry(*country);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->name(), zone->name());
  }
}

TEST(TimeZoneOfCountry, CoversTheEuropeanUnionTheEeaAndTheirNeighbours) {
  for (std::string_view code :
       {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",  // EU
        "IS", "LI", "NO",                                                              // EEA
        "CH", "GB", "AL", "BA", "ME", "MK", "RS", "TR", "UA", "MD", "AD", "MC", "SM", "VA"}) {
    EXPECT_TRUE(TimeZoneOfCountry(CountryOf(code)).has_value()) << code;
  }
}

TEST(TimeZoneOfCountry, NamesTheMainlandZone) {
  EXPECT_EQ(TimeZoneOfCountry(CountryOf("ES"))->name(), "Europe/Madrid");
  EXPECT_EQ(TimeZoneOfCountry(CountryOf("PT"))->name(), "Europe/Lisbon");
  EXPECT_EQ(TimeZoneOfCountry(CountryOf("FR"))->name(), "Europe/Paris");
  EXPECT_EQ(TimeZoneOfCountry(CountryOf("GB"))->name(), "Europe/London");
  EXPECT_EQ(TimeZoneOfCountry(CountryFromAlpha3("NLD").value())->name(), "Europe/Amsterdam");
}

TEST(TimeZoneOfCountry, ASummerInstantIsAnHourEarlierInPortugalThanInSpain) {
  const Instant noon_utc = At("2026-07-15T12:00:00Z");
  const LocalDateTime lisbon = TimeZoneOfCountry(CountryOf("PT"))->ToLocal(noon_utc);
  const LocalDateTime madrid = TimeZoneOfCountry(CountryOf("ES"))->ToLocal(noon_utc);
  EXPECT_EQ(lisbon.hour, 13);
  EXPECT_EQ(lisbon.utc_offset, std::chrono::hours(1));
  EXPECT_EQ(madrid.hour, 14);
  EXPECT_EQ(madrid.utc_offset, std::chrono::hours(2));
}

TEST(TimeZoneOfCountry, FollowsDaylightSavingTimeAndOtherOffsets) {
  // 17:00 in Amsterdam is 16:00Z in winter and 15:00Z in summer.
  const TimeZone netherlands = *TimeZoneOfCountry(CountryOf("NL"));
  EXPECT_EQ(netherlands.ToLocal(At("2026-01-15T16:00:00Z")).hour, 17);
  EXPECT_EQ(netherlands.ToLocal(At("2026-07-15T15:00:00Z")).hour, 17);
  // Turkey keeps +03:00 all year; Iceland keeps UTC; India is +05:30.
  EXPECT_EQ(TimeZoneOfCountry(CountryOf("TR"))->ToLocal(At("2026-01-15T12:00:00Z")).hour, 15);
  EXPECT_EQ(TimeZoneOfCountry(CountryOf("IS"))->ToLocal(At("2026-07-15T12:00:00Z")).hour, 12);
  const LocalDateTime kolkata = TimeZoneOfCountry(CountryOf("IN"))->ToLocal(At("2026-07-15T12:00:00Z"));
  EXPECT_EQ(kolkata.hour, 17);
  EXPECT_EQ(kolkata.minute, 30);
  // The weekday is the local one: Sunday 23:30Z is already Monday in Helsinki.
  EXPECT_EQ(TimeZoneOfCountry(CountryOf("FI"))->ToLocal(At("2026-07-19T23:30:00Z")).weekday, 1);
}

TEST(TimeZoneOfCountry, NoZoneForCountriesWithSeveralMainlandZones) {
  for (std::string_view code : {"US", "CA", "MX", "BR", "RU", "AU", "KZ", "ID", "CL", "AR", "GL", "CD"}) {
    EXPECT_FALSE(TimeZoneOfCountry(CountryOf(code)).has_value()) << code;
  }
}

TEST(TimeZoneOfCountry, NoZoneForCountriesNotInTheTable) {
  for (std::string_view code : {"AQ", "BV", "UM", "EG", "KE"}) {
    EXPECT_FALSE(TimeZoneOfCountry(CountryOf(code)).has_value()) << code;
  }
}

}  // namespace
}  // namespace openmsp::rating
