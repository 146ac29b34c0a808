#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/ids/country.h"
#include "core/time_zone.h"

namespace openmsp::rating {

/// One row of the table behind `TimeZoneOfCountry`: a country (ISO 3166-1 alpha-2) and the IANA zone its
/// charging happens in.
struct CountryTimeZone {
  std::string_view country;    ///< alpha-2, upper case: `ES`
  std::string_view time_zone;  ///< IANA name: `Europe/Madrid`
};

/// The local time of a location that was never synced (docs/rating.md, "Local time of unsynced
/// locations"). Rating reads the time-of-day and weekday restrictions of a tariff plan in the location's
/// local time (domain.md §3 step 4). A synced location states its own `time_zone`; a CDR's `cdr_location`
/// only states a country. For a country in which all, or practically all, charging happens in one zone,
/// this is that zone; rating then needs no synced location to split a session at window boundaries.
///
/// The table holds every EU and EEA country, CH and GB, the Western Balkans, TR, UA, MD, BY, the
/// Caucasus, the European microstates and Crown Dependencies, the French overseas departments (which
/// have country codes of their own) and a few single-zone countries elsewhere (JP, KR, CN, IN, IL, …).
///
/// Deliberate approximations, until the location is synced (which gives its own `time_zone`):
/// - `ES` is Europe/Madrid, so a CDR from the Canary Islands (Atlantic/Canary, one hour behind) is rated
///   in mainland time;
/// - `PT` is Europe/Lisbon, so a CDR from the Azores (Atlantic/Azores, one hour behind) is rated in
///   mainland time; Madeira (Atlantic/Madeira) keeps the mainland's clock, so it loses nothing;
/// - `FR` is Europe/Paris, so a CDR from overseas France that a CPO files under `FRA` rather than under the
///   territory's own code (`REU`, `GLP`, `MTQ`, `GUF`, `MYT`) is rated in Paris time;
/// - likewise Crimea in UA, Xinjiang's unofficial time in CN and the Chatham Islands in NZ (docs/rating.md).
///
/// No value for a country with several mainland zones (US, CA, MX, BR, RU, AU, KZ, ID, CL, AR, …) and for
/// every country not in the table: rating then cannot tell the local time and the CDR needs attention
/// (`AttentionReason::kUnknownTimeZone`) rather than being rated in a guessed zone. Also no value when the
/// system's tz database lacks the zone (the tests check that every entry resolves on this platform).
std::optional<TimeZone> TimeZoneOfCountry(const Country& country);

/// The whole table, sorted by country code, each country once. For tests and documentation.
std::span<const CountryTimeZone> CountryTimeZones();

}  // namespace openmsp::rating
