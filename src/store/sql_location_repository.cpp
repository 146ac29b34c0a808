#include "store/sql_location_repository.h"

#include <algorithm>
#include <map>
#include <utility>

#include "core/ids/ocpi_string.h"
#include "store/sql_location_group_repository.h"
#include "store/sql_location_rows.h"
#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::Connector;
using domain::Evse;
using domain::LocatedEvse;
using domain::Location;
using domain::LocationGroup;
using domain::LocationId;
using domain::LocationKey;
using domain::StoredLocation;
using domain::TenantId;
using domain::UpsertOutcome;

constexpr std::size_t kMaxPage = 1000;
constexpr std::string_view kByKey =
    "l.country_code = $2 AND l.party_id = $3 AND upper(l.location_id) = upper($4)";

Result<void> LockTenant(SqlConnection& connection, TenantId tenant_id, std::string_view field,
                        std::string_view message) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection.Query(connection.dialect().lock_tenant, params));
  if (rows.empty()) return NotFound(std::string(field), std::string(message));
  return Ok();
}

std::vector<SqlParam> KeyParams(TenantId tenant_id, const LocationKey& key) {
  return {tenant_id.value, std::string(key.party.country_code()), std::string(key.party.party_id()),
          key.location_id};
}

SqlParam CanonicalEvseId(const std::string& evse_id) {
  if (evse_id.empty()) return nullptr;
  Result<EvseId> parsed = EvseId::Parse(evse_id);
  return parsed ? SqlParam(parsed->ToString()) : SqlParam(nullptr);
}

// The row of a stored EVSE or connector: its id, ordinal and last_updated.
struct ChildRow {
  std::int64_t id = 0;
  std::int64_t ordinal = 0;
  Instant last_updated;
};

Result<std::optional<ChildRow>> ChildRowOf(const std::vector<SqlRow>& rows) {
  if (rows.empty()) return std::optional<ChildRow>();
  ChildRow child;
  OPENMSP_ASSIGN_OR_RETURN(child.id, ParseInteger(rows.front()[0]));
  OPENMSP_ASSIGN_OR_RETURN(child.ordinal, ParseInteger(rows.front()[1]));
  OPENMSP_ASSIGN_OR_RETURN(child.last_updated, ParseRequiredInstant(rows.front()[2]));
  return std::optional<ChildRow>(child);
}

}  // namespace

SqlLocationRepository::SqlLocationRepository(SqlConnection& connection) : connection_(connection) {}

Result<std::vector<StoredLocation>> SqlLocationRepository::Load(std::string_view where,
                                                                std::span<const SqlParam> params,
                                                                std::string_view suffix, bool with_children) {
  const SqlDialect& dialect = connection_.dialect();
  const std::string matching =
      "l.tenant_id = $1 AND " + std::string(where) + " ORDER BY l.id" + std::string(suffix);
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT " + std::string(kPlaceLocationColumns) +
              ", l.name, l.address, l.city, l.postal_code, l.latitude, l.longitude, l.time_zone, " +
              InstantColumn(dialect, "l.last_updated") + ", l.raw_json FROM locations l WHERE " + matching,
          params));
  std::vector<StoredLocation> locations;
  locations.reserve(rows.size());
  std::map<std::int64_t, std::size_t> location_index;
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(StoredLocation stored, PlaceLocationFromRow(row, 0));
    constexpr std::size_t kAt = kPlaceLocationColumnCount;
    Location& location = stored.location;
    location.name = TextOf(row[kAt]);
    location.address = TextOf(row[kAt + 1]);
    location.city = TextOf(row[kAt + 2]);
    location.postal_code = TextOf(row[kAt + 3]);
    location.coordinates =
        domain::GeoLocation{.latitude = TextOf(row[kAt + 4]), .longitude = TextOf(row[kAt + 5])};
    location.time_zone = TextOf(row[kAt + 6]);
    OPENMSP_ASSIGN_OR_RETURN(location.last_updated, ParseRequiredInstant(row[kAt + 7]));
    location.raw_json = TextOf(row[kAt + 8]);
    location_index[stored.id.value] = locations.size();
    locations.push_back(std::move(stored));
  }
  if (!with_children || locations.empty()) return locations;

  const std::string location_ids = "SELECT l.id FROM locations l WHERE " + matching;
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> evse_rows,
      connection_.Query("SELECT e.id, e.location_row_id, e.uid, e.evse_id, e.status, " +
                            InstantColumn(dialect, "e.last_updated") +
                            ", e.raw_json FROM evses e WHERE e.tenant_id = $1 AND e.location_row_id IN (" +
                            location_ids + ") ORDER BY e.location_row_id, e.ordinal",
                        params));
  std::map<std::int64_t, std::pair<std::size_t, std::size_t>> evse_index;
  for (const SqlRow& row : evse_rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t evse_row, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t location_row, ParseInteger(row[1]));
    auto location = location_index.find(location_row);
    if (location == location_index.end()) return Corrupt("an EVSE of an unknown location");
    Evse evse;
    evse.uid = TextOf(row[2]);
    evse.evse_id = TextOf(row[3]);
    OPENMSP_ASSIGN_OR_RETURN(evse.status, ParseStored(domain::ParseEvseStatus, row[4]));
    OPENMSP_ASSIGN_OR_RETURN(evse.last_updated, ParseRequiredInstant(row[5]));
    evse.raw_json = TextOf(row[6]);
    std::vector<Evse>& evses = locations[location->second].location.evses;
    evse_index[evse_row] = {location->second, evses.size()};
    evses.push_back(std::move(evse));
  }
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> connector_rows,
      connection_.Query(
          "SELECT c.evse_row_id, c.connector_id, c.standard, c.format, c.power_type, c.max_voltage, "
          "c.max_amperage, c.max_electric_power, c.tariff_ids, " +
              InstantColumn(dialect, "c.last_updated") +
              ", c.raw_json FROM connectors c WHERE c.tenant_id = $1 AND c.evse_row_id IN ("
              "SELECT e.id FROM evses e WHERE e.tenant_id = $1 AND e.location_row_id IN (" +
              location_ids + ")) ORDER BY c.evse_row_id, c.ordinal",
          params));
  for (const SqlRow& row : connector_rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t evse_row, ParseInteger(row[0]));
    auto evse = evse_index.find(evse_row);
    if (evse == evse_index.end()) return Corrupt("a connector of an unknown EVSE");
    Connector connector;
    connector.id = TextOf(row[1]);
    connector.standard = TextOf(row[2]);
    OPENMSP_ASSIGN_OR_RETURN(connector.format, ParseStored(domain::ParseConnectorFormat, row[3]));
    OPENMSP_ASSIGN_OR_RETURN(connector.power_type, ParseStored(domain::ParsePowerType, row[4]));
    OPENMSP_ASSIGN_OR_RETURN(connector.max_voltage, ParseInteger(row[5]));
    OPENMSP_ASSIGN_OR_RETURN(connector.max_amperage, ParseInteger(row[6]));
    if (row[7]) {
      OPENMSP_ASSIGN_OR_RETURN(connector.max_electric_power, ParseInteger(row[7]));
    }
    connector.tariff_ids = Split(row[8], '\n');
    OPENMSP_ASSIGN_OR_RETURN(connector.last_updated, ParseRequiredInstant(row[9]));
    connector.raw_json = TextOf(row[10]);
    locations[evse->second.first].location.evses[evse->second.second].connectors.push_back(
        std::move(connector));
  }
  return locations;
}

Result<std::optional<StoredLocation>> SqlLocationRepository::FindRow(TenantId tenant_id,
                                                                     const LocationKey& key) {
  std::vector<SqlParam> params = KeyParams(tenant_id, key);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<StoredLocation> found, Load(kByKey, params, "", false));
  if (found.empty()) return std::optional<StoredLocation>();
  return std::optional<StoredLocation>(std::move(found.front()));
}

Result<UpsertOutcome> SqlLocationRepository::Upsert(TenantId tenant_id, const Location& location) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateLocation(location));
  return InTransaction(connection_, [&]() -> Result<UpsertOutcome> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "tenant_id", "no such tenant"));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<StoredLocation> stored, FindRow(tenant_id, location.key));
    const Instant last_updated = domain::EffectiveLastUpdated(location);
    const UpsertOutcome outcome = domain::DecideUpsert(
        stored ? std::optional(stored->location.last_updated) : std::nullopt, last_updated);
    if (outcome == UpsertOutcome::kStale) return outcome;

    std::vector<SqlParam> params = KeyParams(tenant_id, location.key);
    params.insert(
        params.end(),
        {std::int64_t{location.publish ? 1 : 0}, OptionalText(location.name), location.address, location.city,
         OptionalText(location.postal_code), std::string(location.country.alpha3),
         location.coordinates.latitude, location.coordinates.longitude, location.time_zone,
         location.parking_type ? SqlParam(std::string(domain::ParkingTypeName(*location.parking_type)))
                               : SqlParam(nullptr),
         JoinedOrNull(location.facilities, ' '), InstantParam(last_updated), location.raw_json});
    StoredLocation place{.id = {},
                         .tenant_id = tenant_id,
                         .location = location,
                         .accessibility_override = stored ? stored->accessibility_override : std::nullopt};
    if (stored) {
      place.id = stored->id;
      params.push_back(stored->id.value);
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "UPDATE locations SET location_id = $4, publish = $5, name = $6, address = $7, city = $8, "
          "postal_code = $9, country = $10, latitude = $11, longitude = $12, time_zone = $13, parking_type = "
          "$14, "
          "facilities = $15, last_updated = $16, raw_json = $17 "
          "WHERE tenant_id = $1 AND country_code = $2 AND party_id = $3 AND id = $18",
          params));
    } else {
      OPENMSP_ASSIGN_OR_RETURN(
          std::vector<SqlRow> inserted,
          connection_.Query(
              "INSERT INTO locations (tenant_id, country_code, party_id, location_id, publish, name, "
              "address, city, postal_code, country, latitude, longitude, time_zone, parking_type, "
              "facilities, last_updated, raw_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
              "$11, $12, $13, $14, $15, $16, $17) RETURNING id",
              params));
      if (inserted.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
      OPENMSP_ASSIGN_OR_RETURN(place.id.value, ParseInteger(inserted.front()[0]));
    }

    const SqlParam location_params[] = {tenant_id.value, place.id.value};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> existing,
        connection_.Query("SELECT id, uid FROM evses WHERE tenant_id = $1 AND location_row_id = $2",
                          location_params));
    for (const SqlRow& row : existing) {
      const std::string uid = TextOf(row[1]);
      if (std::any_of(location.evses.begin(), location.evses.end(),
                      [&](const Evse& evse) { return CiStringEquals(evse.uid, uid); })) {
        continue;
      }
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t evse_row, ParseInteger(row[0]));
      const SqlParam doomed[] = {tenant_id.value, evse_row};
      OPENMSP_RETURN_IF_ERROR(
          connection_.Query("DELETE FROM evses WHERE tenant_id = $1 AND id = $2", doomed));
    }
    OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups, LoadLocationGroups(connection_, tenant_id));
    for (std::size_t i = 0; i < location.evses.size(); ++i) {
      OPENMSP_RETURN_IF_ERROR(WriteEvse(place, location.evses[i], static_cast<std::int64_t>(i), groups));
    }
    return outcome;
  });
}

Result<void> SqlLocationRepository::WriteEvse(const StoredLocation& location, const Evse& evse,
                                              std::optional<std::int64_t> ordinal,
                                              std::span<const LocationGroup> groups) {
  const TenantId tenant_id = location.tenant_id;
  const SqlDialect& dialect = connection_.dialect();
  const SqlParam find_params[] = {tenant_id.value, location.id.value, evse.uid};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> found,
      connection_.Query("SELECT id, ordinal, " + InstantColumn(dialect, "last_updated") +
                            " FROM evses WHERE tenant_id = $1 AND location_row_id = $2 AND "
                            "upper(uid) = upper($3)",
                        find_params));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<ChildRow> stored, ChildRowOf(found));
  if (!ordinal && stored) ordinal = stored->ordinal;
  if (!ordinal) {
    const SqlParam params[] = {tenant_id.value, location.id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> next,
                             connection_.Query("SELECT COALESCE(MAX(ordinal) + 1, 0) FROM evses "
                                               "WHERE tenant_id = $1 AND location_row_id = $2",
                                               params));
    OPENMSP_ASSIGN_OR_RETURN(ordinal, ParseInteger(next.front()[0]));
  }
  std::vector<SqlParam> params = {tenant_id.value,
                                  location.id.value,
                                  *ordinal,
                                  evse.uid,
                                  OptionalText(evse.evse_id),
                                  CanonicalEvseId(evse.evse_id),
                                  std::string(domain::EvseStatusName(evse.status)),
                                  InstantParam(domain::EffectiveLastUpdated(evse)),
                                  evse.raw_json};
  std::int64_t evse_row = 0;
  if (stored) {
    evse_row = stored->id;
    params.push_back(evse_row);
    OPENMSP_RETURN_IF_ERROR(
        connection_.Query("UPDATE evses SET ordinal = $3, uid = $4, evse_id = $5, evse_id_canonical = $6, "
                          "status = $7, last_updated = $8, raw_json = $9 "
                          "WHERE tenant_id = $1 AND location_row_id = $2 AND id = $10",
                          params));
  } else {
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> inserted,
        connection_.Query(
            "INSERT INTO evses (tenant_id, location_row_id, ordinal, uid, evse_id, evse_id_canonical, "
            "status, last_updated, raw_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            params));
    if (inserted.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(evse_row, ParseInteger(inserted.front()[0]));
  }

  const SqlParam evse_params[] = {tenant_id.value, evse_row};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> existing,
      connection_.Query("SELECT id, connector_id FROM connectors WHERE tenant_id = $1 AND evse_row_id = $2",
                        evse_params));
  for (const SqlRow& row : existing) {
    const std::string id = TextOf(row[1]);
    if (std::any_of(evse.connectors.begin(), evse.connectors.end(),
                    [&](const Connector& connector) { return CiStringEquals(connector.id, id); })) {
      continue;
    }
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t connector_row, ParseInteger(row[0]));
    const SqlParam doomed[] = {tenant_id.value, connector_row};
    OPENMSP_RETURN_IF_ERROR(
        connection_.Query("DELETE FROM connectors WHERE tenant_id = $1 AND id = $2", doomed));
  }
  for (std::size_t i = 0; i < evse.connectors.size(); ++i) {
    OPENMSP_RETURN_IF_ERROR(
        WriteConnector(location, evse, evse_row, evse.connectors[i], static_cast<std::int64_t>(i), groups));
  }
  return Ok();
}

Result<void> SqlLocationRepository::WriteConnector(const StoredLocation& location, const Evse& evse,
                                                   std::int64_t evse_row, const Connector& connector,
                                                   std::optional<std::int64_t> ordinal,
                                                   std::span<const LocationGroup> groups) {
  const TenantId tenant_id = location.tenant_id;
  OPENMSP_ASSIGN_OR_RETURN(domain::LocationGroupId group,
                           GroupOf(groups, domain::PlaceOf(location, evse, connector)));
  const SqlParam find_params[] = {tenant_id.value, evse_row, connector.id};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> found,
      connection_.Query("SELECT id, ordinal, " + InstantColumn(connection_.dialect(), "last_updated") +
                            " FROM connectors WHERE tenant_id = $1 AND evse_row_id = $2 AND "
                            "upper(connector_id) = upper($3)",
                        find_params));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<ChildRow> stored, ChildRowOf(found));
  if (!ordinal && stored) ordinal = stored->ordinal;
  if (!ordinal) {
    const SqlParam params[] = {tenant_id.value, evse_row};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> next,
                             connection_.Query("SELECT COALESCE(MAX(ordinal) + 1, 0) FROM connectors "
                                               "WHERE tenant_id = $1 AND evse_row_id = $2",
                                               params));
    OPENMSP_ASSIGN_OR_RETURN(ordinal, ParseInteger(next.front()[0]));
  }
  std::vector<SqlParam> params = {
      tenant_id.value,
      evse_row,
      *ordinal,
      connector.id,
      connector.standard,
      std::string(domain::ConnectorFormatName(connector.format)),
      std::string(domain::PowerTypeName(connector.power_type)),
      connector.max_voltage,
      connector.max_amperage,
      connector.max_electric_power ? SqlParam(*connector.max_electric_power) : SqlParam(nullptr),
      JoinedOrNull(connector.tariff_ids, '\n'),
      InstantParam(connector.last_updated),
      connector.raw_json,
      group.value};
  if (stored) {
    params.push_back(stored->id);
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "UPDATE connectors SET ordinal = $3, connector_id = $4, standard = $5, format = $6, power_type = $7, "
        "max_voltage = $8, max_amperage = $9, max_electric_power = $10, tariff_ids = $11, last_updated = "
        "$12, "
        "raw_json = $13, location_group_id = $14 WHERE tenant_id = $1 AND evse_row_id = $2 AND id = $15",
        params));
  } else {
    OPENMSP_RETURN_IF_ERROR(
        connection_.Query("INSERT INTO connectors (tenant_id, evse_row_id, ordinal, connector_id, standard, "
                          "format, power_type, "
                          "max_voltage, max_amperage, max_electric_power, tariff_ids, last_updated, "
                          "raw_json, location_group_id) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                          params));
  }
  return Ok();
}

Result<UpsertOutcome> SqlLocationRepository::UpsertEvse(TenantId tenant_id, const LocationKey& key,
                                                        const Evse& evse) {
  if (Result<void> valid = domain::ValidateEvse(evse); !valid) return valid.error().Nested("evse");
  return InTransaction(connection_, [&]() -> Result<UpsertOutcome> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "location_id", "no such location"));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<StoredLocation> location, FindRow(tenant_id, key));
    if (!location) return NotFound("location_id", "no such location");
    const SqlParam find_params[] = {tenant_id.value, location->id.value, evse.uid};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> found,
        connection_.Query(
            "SELECT id, ordinal, " + InstantColumn(connection_.dialect(), "last_updated") +
                " FROM evses WHERE tenant_id = $1 AND location_row_id = $2 AND upper(uid) = upper($3)",
            find_params));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<ChildRow> stored, ChildRowOf(found));
    const Instant last_updated = domain::EffectiveLastUpdated(evse);
    const UpsertOutcome outcome =
        domain::DecideUpsert(stored ? std::optional(stored->last_updated) : std::nullopt, last_updated);
    if (outcome == UpsertOutcome::kStale) return outcome;
    OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups, LoadLocationGroups(connection_, tenant_id));
    OPENMSP_RETURN_IF_ERROR(WriteEvse(*location, evse, std::nullopt, groups));
    if (location->location.last_updated < last_updated) {
      const SqlParam params[] = {tenant_id.value, location->id.value, InstantParam(last_updated)};
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "UPDATE locations SET last_updated = $3 WHERE tenant_id = $1 AND id = $2", params));
    }
    return outcome;
  });
}

Result<UpsertOutcome> SqlLocationRepository::UpsertConnector(TenantId tenant_id, const LocationKey& key,
                                                             std::string_view evse_uid,
                                                             const Connector& connector) {
  if (Result<void> valid = domain::ValidateConnector(connector); !valid)
    return valid.error().Nested("connector");
  return InTransaction(connection_, [&]() -> Result<UpsertOutcome> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "location_id", "no such location"));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<StoredLocation> location, FindRow(tenant_id, key));
    if (!location) return NotFound("location_id", "no such location");
    const SqlDialect& dialect = connection_.dialect();
    const SqlParam evse_params[] = {tenant_id.value, location->id.value, std::string(evse_uid)};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> evse_rows,
        connection_.Query("SELECT id, ordinal, " + InstantColumn(dialect, "last_updated") +
                              ", evse_id FROM evses WHERE tenant_id = $1 AND location_row_id = $2 AND "
                              "upper(uid) = upper($3)",
                          evse_params));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<ChildRow> evse_row, ChildRowOf(evse_rows));
    if (!evse_row) return NotFound("evse_uid", "no such EVSE");
    Evse evse;
    evse.evse_id = TextOf(evse_rows.front()[3]);

    const SqlParam find_params[] = {tenant_id.value, evse_row->id, connector.id};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> found,
        connection_.Query("SELECT id, ordinal, " + InstantColumn(dialect, "last_updated") +
                              " FROM connectors WHERE tenant_id = $1 AND evse_row_id = $2 "
                              "AND upper(connector_id) = upper($3)",
                          find_params));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<ChildRow> stored, ChildRowOf(found));
    const UpsertOutcome outcome = domain::DecideUpsert(
        stored ? std::optional(stored->last_updated) : std::nullopt, connector.last_updated);
    if (outcome == UpsertOutcome::kStale) return outcome;
    OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups, LoadLocationGroups(connection_, tenant_id));
    OPENMSP_RETURN_IF_ERROR(WriteConnector(*location, evse, evse_row->id, connector, std::nullopt, groups));
    const std::string last_updated = InstantParam(connector.last_updated);
    if (evse_row->last_updated < connector.last_updated) {
      const SqlParam params[] = {tenant_id.value, evse_row->id, last_updated};
      OPENMSP_RETURN_IF_ERROR(
          connection_.Query("UPDATE evses SET last_updated = $3 WHERE tenant_id = $1 AND id = $2", params));
    }
    if (location->location.last_updated < connector.last_updated) {
      const SqlParam params[] = {tenant_id.value, location->id.value, last_updated};
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "UPDATE locations SET last_updated = $3 WHERE tenant_id = $1 AND id = $2", params));
    }
    return outcome;
  });
}

Result<StoredLocation> SqlLocationRepository::Find(TenantId tenant_id, const LocationKey& key) {
  std::vector<SqlParam> params = KeyParams(tenant_id, key);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<StoredLocation> found, Load(kByKey, params, "", true));
  if (found.empty()) return NotFound("location_id", "no such location");
  return std::move(found.front());
}

Result<StoredLocation> SqlLocationRepository::FindForUpdate(TenantId tenant_id, const LocationKey& key) {
  OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "location_id", "no such location"));
  return Find(tenant_id, key);
}

Result<StoredLocation> SqlLocationRepository::FindById(TenantId tenant_id, LocationId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<StoredLocation> found, Load("l.id = $2", params, "", true));
  if (found.empty()) return NotFound("id", "no such location");
  return std::move(found.front());
}

Result<std::vector<StoredLocation>> SqlLocationRepository::List(TenantId tenant_id, LocationId after,
                                                                std::size_t limit) {
  if (limit == 0 || limit > kMaxPage) return InvalidArgument("limit", "must be 1 to 1000");
  const SqlParam params[] = {tenant_id.value, after.value, static_cast<std::int64_t>(limit)};
  return Load("l.id > $2", params, " LIMIT $3", true);
}

Result<std::vector<LocatedEvse>> SqlLocationRepository::FindByEvseId(TenantId tenant_id,
                                                                     const EvseId& evse_id) {
  const SqlParam params[] = {tenant_id.value, evse_id.ToString()};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT location_row_id, uid FROM evses WHERE tenant_id = $1 AND "
                        "evse_id_canonical = $2 ORDER BY location_row_id, ordinal",
                        params));
  std::vector<LocatedEvse> found;
  std::optional<StoredLocation> location;
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t location_row, ParseInteger(row[0]));
    if (!location || location->id.value != location_row) {
      OPENMSP_ASSIGN_OR_RETURN(location, FindById(tenant_id, LocationId{location_row}));
    }
    const Evse* evse = domain::FindEvse(location->location, TextOf(row[1]));
    if (evse == nullptr) return Corrupt("an EVSE that its location does not list");
    found.push_back(LocatedEvse{.location_id = location->id, .key = location->location.key, .evse = *evse});
  }
  return found;
}

Result<void> SqlLocationRepository::SetAccessibilityOverride(
    TenantId tenant_id, LocationId id, std::optional<domain::Accessibility> accessibility) {
  return InTransaction(connection_, [&]() -> Result<void> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "id", "no such location"));
    const SqlParam params[] = {
        tenant_id.value, id.value,
        accessibility ? SqlParam(std::string(domain::AccessibilityName(*accessibility))) : SqlParam(nullptr)};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> updated,
                             connection_.Query("UPDATE locations SET accessibility_override = $3 "
                                               "WHERE tenant_id = $1 AND id = $2 RETURNING id",
                                               params));
    if (updated.empty()) return NotFound("id", "no such location");
    OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups, LoadLocationGroups(connection_, tenant_id));
    return ReclassifyConnectors(connection_, tenant_id, groups, id);
  });
}

}  // namespace openmsp::store
