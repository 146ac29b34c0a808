#include "core/ids/country.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp {
namespace {

TEST(Country, LooksUpAlpha2AndAlpha3BothWays) {
  EXPECT_EQ(CountryFromAlpha2("NL").value(), (Country{"NL", "NLD"}));
  EXPECT_EQ(CountryFromAlpha2("de").value(), (Country{"DE", "DEU"}));
  EXPECT_EQ(CountryFromAlpha3("nld").value(), (Country{"NL", "NLD"}));
  EXPECT_EQ(CountryFromAlpha3("GBR")->alpha2, "GB");
  EXPECT_EQ(CountryFromAlpha2("AX")->alpha3, "ALA");
  EXPECT_EQ(CountryFromAlpha2("ZW")->alpha3, "ZWE");
}

// Walks every two-letter combination: exactly the 249 assigned codes are known, and each one's alpha-3
// code leads back to it.
TEST(Country, KnowsExactlyTheAssignedCodes) {
  int known = 0;
  for (char first = 'A'; first <= 'Z'; ++first) {
    for (char second = 'A'; second <= 'Z'; ++second) {
      const std::string code{first, second};
      Result<Country> country = CountryFromAlpha2(code);
      if (!country) continue;
      ++known;
      EXPECT_EQ(country->alpha2, code);
      ASSERT_EQ(country->alpha3.size(), 3U);
      EXPECT_EQ(CountryFromAlpha3(country->alpha3).value(), *country);
    }
  }
  EXPECT_EQ(known, 249);
}

TEST(Country, RefusesUnassignedAndMalformedCodes) {
  for (std::string_view code : {"ZZ", "XY", "XK", "UK", "EU", "AA", "QM"}) {
    EXPECT_EQ(CountryFromAlpha2(code).error(),
              InvalidArgument(
                  "", "country code '" + std::string(code) + "' is not an assigned ISO 3166-1 alpha-2 code"));
  }
  EXPECT_EQ(CountryFromAlpha2("N").error().message,
            "country code 'N' must be 2 letters (ISO 3166-1 alpha-2)");
  EXPECT_EQ(CountryFromAlpha2("").error().message, "country code '' must be 2 letters (ISO 3166-1 alpha-2)");
  EXPECT_EQ(CountryFromAlpha2(std::string("N\0", 2)).error().message,
            "country code 'N\\x00' must be 2 letters (ISO 3166-1 alpha-2)");
  EXPECT_FALSE(CountryFromAlpha2("НЛ").ok());
  EXPECT_FALSE(CountryFromAlpha2("1L").ok());
  EXPECT_FALSE(CountryFromAlpha2(std::string(1000, 'A')).ok());
  EXPECT_EQ(CountryFromAlpha3("XXX").error().message,
            "country 'XXX' is not an assigned ISO 3166-1 alpha-3 code");
  EXPECT_EQ(CountryFromAlpha3("NL").error().message, "country 'NL' must be 3 letters (ISO 3166-1 alpha-3)");
}

TEST(Country, MapsTheCallingCodesOfDinEvseIds) {
  const std::pair<std::string_view, std::string_view> kExpected[] = {
      {"49", "DE"}, {"31", "NL"}, {"32", "BE"},  {"33", "FR"},  {"39", "IT"},  {"43", "AT"},
      {"41", "CH"}, {"45", "DK"}, {"46", "SE"},  {"47", "NO"},  {"34", "ES"},  {"351", "PT"},
      {"44", "GB"}, {"48", "PL"}, {"420", "CZ"}, {"358", "FI"}, {"352", "LU"}, {"353", "IE"}};
  for (const auto& [calling_code, alpha2] : kExpected) {
    Result<Country> country = CountryFromCallingCode(calling_code);
    ASSERT_TRUE(country.ok()) << calling_code << ": " << country.error().ToString();
    EXPECT_EQ(country->alpha2, alpha2);
  }
  EXPECT_EQ(CountryFromCallingCode("1").error().message,
            "country calling code '1' is not one OpenMSP maps to a country (only European codes are known)");
  EXPECT_FALSE(CountryFromCallingCode("+49").ok());
  EXPECT_FALSE(CountryFromCallingCode("").ok());
  EXPECT_FALSE(CountryFromCallingCode("4").ok());
  EXPECT_FALSE(CountryFromCallingCode("490").ok());
}

}  // namespace
}  // namespace openmsp
