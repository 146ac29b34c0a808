#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/location.h"
#include "store/sql_connection.h"

namespace openmsp::store {

// How the location and location group repositories read the rows of `locations`, `evses` and
// `connectors`. Internal to src/store.

/// Joins `connectors c` to its EVSE `e` and location `l`, within the tenant.
inline constexpr std::string_view kConnectorJoins =
    "JOIN evses e ON e.tenant_id = c.tenant_id AND e.id = c.evse_row_id "
    "JOIN locations l ON l.tenant_id = e.tenant_id AND l.id = e.location_row_id";

/// The columns of `locations l` that classifying a connector needs, in the order
/// `PlaceLocationFromRow` reads them.
inline constexpr std::string_view kPlaceLocationColumns =
    "l.id, l.tenant_id, l.country_code, l.party_id, l.location_id, CASE WHEN l.publish THEN 1 ELSE 0 END, "
    "l.country, l.parking_type, l.facilities, l.accessibility_override";
inline constexpr std::size_t kPlaceLocationColumnCount = 10;

/// A stored location with only the `kPlaceLocationColumns` read from `row`, starting at column `first`:
/// enough for `domain::PlaceOf`. Stored values that do not parse are `Corrupt`.
Result<domain::StoredLocation> PlaceLocationFromRow(const SqlRow& row, std::size_t first);

/// `values` joined by `separator`, NULL when there are none: how facilities (by spaces) and tariff ids
/// (by line feeds, which a CiString cannot hold) are stored.
SqlParam JoinedOrNull(const std::vector<std::string>& values, char separator);

/// The values `JoinedOrNull` stored (none for NULL).
std::vector<std::string> Split(const std::optional<std::string>& text, char separator);

}  // namespace openmsp::store
