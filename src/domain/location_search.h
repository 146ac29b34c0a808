#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "domain/location.h"

namespace openmsp::domain {

// What the Control Centre's location list asks of the stored locations (`LocationRepository::Search`):
// the query, and the rules that need no database — checking it, the box around a coordinate the SQL
// prefilters with and the exact distance check after it.

/// "Within `radius_m` metres of `centre`", on the Earth taken as a sphere.
struct GeoRadius {
  /// WGS84 decimal degrees as text (`52.37403`, `4.88969`): at most 7 decimals, |latitude| ≤ 90,
  /// |longitude| ≤ 180.
  GeoLocation centre = {};
  /// 1 to `kMaxRadiusMetres`.
  std::int64_t radius_m = 0;

  static constexpr std::int64_t kMaxRadiusMetres = 1'000'000;

  friend bool operator==(const GeoRadius&, const GeoRadius&) = default;
};

/// Which of a tenant's locations to list, by row id, in keyset pages. Every criterion given must hold;
/// with none, every location is listed.
struct LocationSearch {
  /// A case-insensitive substring of the location's name, address, city or location id, or of one of
  /// its EVSE ids (as received or canonical); empty: no text criterion. At most 100 bytes.
  std::string text = {};
  /// The location's country.
  std::optional<Country> country = std::nullopt;
  /// The CPO owning the location (OCPI `country_code` + `party_id`).
  std::optional<PartyId> cpo = std::nullopt;
  /// At least one connector of an EVSE that is not REMOVED can deliver this much (`MaxPowerKw` ≥ it).
  /// 0 to 1,000,000 kW, exact.
  std::optional<Decimal> min_power_kw = std::nullopt;
  /// The location's coordinates are within the radius.
  std::optional<GeoRadius> near = std::nullopt;
  /// Continue after this location: the `next` of the previous page; `LocationId{0}` for the first.
  LocationId after = {};
  /// 1 to `kMaxLimit` locations per page.
  std::size_t limit = kMaxLimit;

  static constexpr std::size_t kMaxLimit = 100;
};

/// One page of a search, by row id, and where the next one starts (nullopt on the last page).
struct LocationSearchPage {
  std::vector<StoredLocation> locations;
  std::optional<LocationId> next;
};

/// Checks `search`; the error names the field (`text`, `min_power_kw`, `near.centre.latitude`,
/// `near.centre.longitude`, `near.radius_m`, `after`, `limit`).
Result<void> ValidateLocationSearch(const LocationSearch& search);

/// The latitude and longitude ranges, as decimal text with 7 decimals rounded outwards, that hold every
/// point within `radius` (a valid one) on the sphere: ±radius/R in latitude, ±asin(sin(radius/R) /
/// cos(latitude)) in longitude. Longitude is left unbounded (nullopt) when the circle reaches a pole or
/// crosses the ±180° meridian, so the box never wraps.
struct GeoBox {
  std::string min_latitude;
  std::string max_latitude;
  std::optional<std::string> min_longitude;
  std::optional<std::string> max_longitude;
};
GeoBox BoxAround(const GeoRadius& radius);

/// The great-circle distance in metres between two points given as decimal-degree text (haversine on a
/// sphere of the Earth's mean radius, 6,371,008.8 m, in double precision); nullopt when either point does
/// not parse. See docs/storage.md ("Location search") for the accuracy this gives.
std::optional<double> DistanceMetres(const GeoLocation& a, const GeoLocation& b);

/// Whether `point` is within `radius` (`DistanceMetres` ≤ `radius_m`); false for a point that does not
/// parse.
bool IsWithin(const GeoLocation& point, const GeoRadius& radius);

/// The fewest whole watts a connector must deliver to reach `kw` kilowatts: ⌈kw × 1000⌉ (a valid
/// `min_power_kw`), so that comparing stored integer watts with it is exact.
std::int64_t MinimumWatts(const Decimal& kw);

}  // namespace openmsp::domain
