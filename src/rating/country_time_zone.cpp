#include "rating/country_time_zone.h"

#include <algorithm>
#include <array>

namespace openmsp::rating {

namespace {

constexpr auto kCountryTimeZones = std::to_array<CountryTimeZone>({
    {"AD", "Europe/Andorra"},     {"AE", "Asia/Dubai"},         {"AL", "Europe/Tirane"},
    {"AM", "Asia/Yerevan"},       {"AT", "Europe/Vienna"},      {"AX", "Europe/Mariehamn"},
    {"AZ", "Asia/Baku"},          {"BA", "Europe/Sarajevo"},    {"BE", "Europe/Brussels"},
    {"BG", "Europe/Sofia"},       {"BY", "Europe/Minsk"},       {"CH", "Europe/Zurich"},
    {"CN", "Asia/Shanghai"},      {"CY", "Asia/Nicosia"},       {"CZ", "Europe/Prague"},
    {"DE", "Europe/Berlin"},      {"DK", "Europe/Copenhagen"},  {"EE", "Europe/Tallinn"},
    {"ES", "Europe/Madrid"},      {"FI", "Europe/Helsinki"},    {"FO", "Atlantic/Faroe"},
    {"FR", "Europe/Paris"},       {"GB", "Europe/London"},      {"GE", "Asia/Tbilisi"},
    {"GF", "America/Cayenne"},    {"GG", "Europe/Guernsey"},    {"GI", "Europe/Gibraltar"},
    {"GP", "America/Guadeloupe"}, {"GR", "Europe/Athens"},      {"HK", "Asia/Hong_Kong"},
    {"HR", "Europe/Zagreb"},      {"HU", "Europe/Budapest"},    {"IE", "Europe/Dublin"},
    {"IL", "Asia/Jerusalem"},     {"IM", "Europe/Isle_of_Man"}, {"IN", "Asia/Kolkata"},
    {"IS", "Atlantic/Reykjavik"}, {"IT", "Europe/Rome"},        {"JE", "Europe/Jersey"},
    {"JP", "Asia/Tokyo"},         {"KR", "Asia/Seoul"},         {"LI", "Europe/Vaduz"},
    {"LT", "Europe/Vilnius"},     {"LU", "Europe/Luxembourg"},  {"LV", "Europe/Riga"},
    {"MC", "Europe/Monaco"},      {"MD", "Europe/Chisinau"},    {"ME", "Europe/Podgorica"},
    {"MK", "Europe/Skopje"},      {"MQ", "America/Martinique"}, {"MT", "Europe/Malta"},
    {"NL", "Europe/Amsterdam"},   {"NO", "Europe/Oslo"},        {"NZ", "Pacific/Auckland"},
    {"PL", "Europe/Warsaw"},      {"PT", "Europe/Lisbon"},      {"RE", "Indian/Reunion"},
    {"RO", "Europe/Bucharest"},   {"RS", "Europe/Belgrade"},    {"SE", "Europe/Stockholm"},
    {"SG", "Asia/Singapore"},     {"SI", "Europe/Ljubljana"},   {"SJ", "Arctic/Longyearbyen"},
    {"SK", "Europe/Bratislava"},  {"SM", "Europe/San_Marino"},  {"TH", "Asia/Bangkok"},
    {"TR", "Europe/Istanbul"},    {"TW", "Asia/Taipei"},        {"UA", "Europe/Kyiv"},
    {"VA", "Europe/Vatican"},     {"YT", "Indian/Mayotte"},     {"ZA", "Africa/Johannesburg"},
});

}  // namespace

std::span<const CountryTimeZone> CountryTimeZones() { return kCountryTimeZones; }

std::optional<TimeZone> TimeZoneOfCountry(const Country& country) {
  const auto found = std::lower_bound(
      kCountryTimeZones.begin(), kCountryTimeZones.end(), country.alpha2,
      [](const CountryTimeZone& entry, std::string_view code) { return entry.country < code; });
  if (found == kCountryTimeZones.end() || found->country != country.alpha2) return std::nullopt;
  Result<TimeZone> zone = TimeZone::Find(found->time_zone);
  if (!zone.ok()) return std::nullopt;
  return *zone;
}

}  // namespace openmsp::rating
