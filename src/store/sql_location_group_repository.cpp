#include "store/sql_location_group_repository.h"

#include <algorithm>
#include <map>
#include <utility>

#include "store/sql_location_rows.h"
#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::ConnectorRef;
using domain::LocationGroup;
using domain::LocationGroupCriteria;
using domain::LocationGroupId;
using domain::LocationId;
using domain::NewLocationGroup;
using domain::TenantId;

constexpr std::size_t kMaxPage = 1000;

Result<void> LockTenant(SqlConnection& connection, TenantId tenant_id, std::string_view field) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection.Query(connection.dialect().lock_tenant, params));
  if (rows.empty()) return NotFound(std::string(field), "no such tenant");
  return Ok();
}

// Adds one stored criterion row to `criteria`.
Result<void> AddCriterion(LocationGroupCriteria& criteria, const std::string& kind,
                          const std::string& value) {
  auto corrupt = [&] { return Corrupt("bad location group criterion " + kind + " '" + value + "'"); };
  if (kind == "country") {
    Result<Country> country = CountryFromAlpha3(value);
    if (!country) return corrupt();
    criteria.countries.push_back(*country);
  } else if (kind == "party") {
    Result<PartyId> party = PartyId::Parse(value);
    if (!party) return corrupt();
    criteria.parties.push_back(*party);
  } else if (kind == "power_type") {
    Result<domain::PowerType> power_type = domain::ParsePowerType(value);
    if (!power_type) return corrupt();
    criteria.power_types.push_back(*power_type);
  } else if (kind == "accessibility") {
    Result<domain::Accessibility> accessibility = domain::ParseAccessibility(value);
    if (!accessibility) return corrupt();
    criteria.accessibilities.push_back(*accessibility);
  } else if (kind == "evse_id") {
    Result<EvseId> evse_id = EvseId::Parse(value);
    if (!evse_id) return corrupt();
    criteria.evse_ids.push_back(*std::move(evse_id));
  } else {
    return corrupt();
  }
  return Ok();
}

}  // namespace

Result<std::vector<LocationGroup>> LoadLocationGroups(SqlConnection& connection, TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection.Query("SELECT id, name, priority, CASE WHEN is_default THEN 1 ELSE 0 END, min_power_kw, "
                       "max_power_kw FROM location_groups WHERE tenant_id = $1 ORDER BY id",
                       params));
  std::vector<LocationGroup> groups;
  std::map<std::int64_t, std::size_t> index_by_id;
  for (const SqlRow& row : rows) {
    LocationGroup group;
    OPENMSP_ASSIGN_OR_RETURN(group.id.value, ParseInteger(row[0]));
    group.tenant_id = tenant_id;
    group.name = TextOf(row[1]);
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t priority, ParseInteger(row[2]));
    group.priority = static_cast<std::int32_t>(priority);
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t is_default, ParseInteger(row[3]));
    group.is_default = is_default != 0;
    OPENMSP_ASSIGN_OR_RETURN(group.criteria.min_power_kw, ParseOptionalDecimal(row[4]));
    OPENMSP_ASSIGN_OR_RETURN(group.criteria.max_power_kw, ParseOptionalDecimal(row[5]));
    index_by_id[group.id.value] = groups.size();
    groups.push_back(std::move(group));
  }
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> criteria_rows,
      connection.Query("SELECT location_group_id, kind, value FROM location_group_criteria "
                       "WHERE tenant_id = $1 ORDER BY location_group_id, kind, ordinal",
                       params));
  for (const SqlRow& row : criteria_rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t group_id, ParseInteger(row[0]));
    auto group = index_by_id.find(group_id);
    if (group == index_by_id.end()) return Corrupt("a criterion of an unknown location group");
    OPENMSP_RETURN_IF_ERROR(AddCriterion(groups[group->second].criteria, TextOf(row[1]), TextOf(row[2])));
  }
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> location_rows,
      connection.Query("SELECT location_group_id, location_row_id FROM location_group_locations "
                       "WHERE tenant_id = $1 ORDER BY location_group_id, ordinal",
                       params));
  for (const SqlRow& row : location_rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t group_id, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t location_id, ParseInteger(row[1]));
    auto group = index_by_id.find(group_id);
    if (group == index_by_id.end()) return Corrupt("a location of an unknown location group");
    groups[group->second].criteria.locations.push_back(LocationId{location_id});
  }
  std::sort(groups.begin(), groups.end(), domain::TriedBefore);
  return groups;
}

Result<LocationGroupId> GroupOf(std::span<const LocationGroup> groups, const domain::ConnectorPlace& place) {
  std::optional<LocationGroupId> group = domain::ClassifyConnector(groups, place);
  if (!group) return Corrupt("the tenant has no default location group");
  return *group;
}

Result<void> ReclassifyConnectors(SqlConnection& connection, TenantId tenant_id,
                                  std::span<const LocationGroup> groups, std::optional<LocationId> location) {
  std::vector<SqlParam> params = {tenant_id.value};
  std::string select =
      "SELECT c.id, c.location_group_id, c.power_type, c.max_voltage, c.max_amperage, c.max_electric_power, "
      "e.evse_id, " +
      std::string(kPlaceLocationColumns) + " FROM connectors c " + std::string(kConnectorJoins) +
      " WHERE c.tenant_id = $1";
  if (location) {
    select += " AND l.id = $2";
    params.push_back(location->value);
  }
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection.Query(select, params));
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t connector_row, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t current, ParseInteger(row[1]));
    domain::Connector connector;
    OPENMSP_ASSIGN_OR_RETURN(connector.power_type, ParseStored(domain::ParsePowerType, row[2]));
    OPENMSP_ASSIGN_OR_RETURN(connector.max_voltage, ParseInteger(row[3]));
    OPENMSP_ASSIGN_OR_RETURN(connector.max_amperage, ParseInteger(row[4]));
    if (row[5]) {
      OPENMSP_ASSIGN_OR_RETURN(connector.max_electric_power, ParseInteger(row[5]));
    }
    domain::Evse evse;
    evse.evse_id = TextOf(row[6]);
    OPENMSP_ASSIGN_OR_RETURN(domain::StoredLocation stored, PlaceLocationFromRow(row, 7));
    OPENMSP_ASSIGN_OR_RETURN(LocationGroupId group,
                             GroupOf(groups, domain::PlaceOf(stored, evse, connector)));
    if (group.value == current) continue;
    const SqlParam update[] = {tenant_id.value, connector_row, group.value};
    OPENMSP_RETURN_IF_ERROR(connection.Query(
        "UPDATE connectors SET location_group_id = $3 WHERE tenant_id = $1 AND id = $2", update));
  }
  return Ok();
}

SqlLocationGroupRepository::SqlLocationGroupRepository(SqlConnection& connection) : connection_(connection) {}

Result<void> SqlLocationGroupRepository::CheckAgainstStored(TenantId tenant_id, const NewLocationGroup& group,
                                                            std::optional<LocationGroupId> except) {
  const std::int64_t except_id = except ? except->value : 0;
  const SqlParam name_params[] = {tenant_id.value, group.name, except_id};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> same_name,
                           connection_.Query("SELECT id FROM location_groups WHERE tenant_id = $1 AND "
                                             "lower(name) = lower($2) AND id <> $3",
                                             name_params));
  if (!same_name.empty()) {
    return Error{ErrorCode::kAlreadyExists, "name",
                 "the tenant has a location group '" + group.name + "' already"};
  }
  const SqlParam priority_params[] = {tenant_id.value, std::int64_t{group.priority}, except_id};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> same_priority,
                           connection_.Query("SELECT id FROM location_groups WHERE tenant_id = $1 AND "
                                             "priority = $2 AND NOT is_default AND id <> $3",
                                             priority_params));
  if (!same_priority.empty()) {
    return Error{ErrorCode::kAlreadyExists, "priority",
                 "another location group has the priority " + std::to_string(group.priority)};
  }
  for (std::size_t i = 0; i < group.criteria.locations.size(); ++i) {
    const SqlParam params[] = {tenant_id.value, group.criteria.locations[i].value};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        connection_.Query("SELECT id FROM locations WHERE tenant_id = $1 AND id = $2", params));
    if (rows.empty()) return NotFound("criteria.locations[" + std::to_string(i) + "]", "no such location");
  }
  return Ok();
}

Result<void> SqlLocationGroupRepository::WriteCriteria(TenantId tenant_id, LocationGroupId id,
                                                       const LocationGroupCriteria& criteria) {
  auto write = [&](std::string_view kind, std::size_t ordinal, std::string value) -> Result<void> {
    const SqlParam params[] = {tenant_id.value, id.value, static_cast<std::int64_t>(ordinal),
                               std::string(kind), std::move(value)};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "INSERT INTO location_group_criteria (tenant_id, location_group_id, ordinal, kind, value) "
        "VALUES ($1, $2, $3, $4, $5)",
        params));
    return Ok();
  };
  for (std::size_t i = 0; i < criteria.countries.size(); ++i) {
    OPENMSP_RETURN_IF_ERROR(write("country", i, std::string(criteria.countries[i].alpha3)));
  }
  for (std::size_t i = 0; i < criteria.parties.size(); ++i) {
    OPENMSP_RETURN_IF_ERROR(write("party", i, criteria.parties[i].ToString()));
  }
  for (std::size_t i = 0; i < criteria.power_types.size(); ++i) {
    OPENMSP_RETURN_IF_ERROR(
        write("power_type", i, std::string(domain::PowerTypeName(criteria.power_types[i]))));
  }
  for (std::size_t i = 0; i < criteria.accessibilities.size(); ++i) {
    OPENMSP_RETURN_IF_ERROR(
        write("accessibility", i, std::string(domain::AccessibilityName(criteria.accessibilities[i]))));
  }
  for (std::size_t i = 0; i < criteria.evse_ids.size(); ++i) {
    OPENMSP_RETURN_IF_ERROR(write("evse_id", i, criteria.evse_ids[i].ToString()));
  }
  for (std::size_t i = 0; i < criteria.locations.size(); ++i) {
    const SqlParam params[] = {tenant_id.value, id.value, static_cast<std::int64_t>(i),
                               criteria.locations[i].value};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO location_group_locations (tenant_id, location_group_id, ordinal, location_row_id) "
        "VALUES ($1, $2, $3, $4)",
        params);
    if (!inserted) {
      if (inserted.error().code != ErrorCode::kNotFound) return std::move(inserted).error();
      return NotFound("criteria.locations[" + std::to_string(i) + "]", "no such location");
    }
  }
  return Ok();
}

Result<LocationGroup> SqlLocationGroupRepository::Create(TenantId tenant_id, const NewLocationGroup& group) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewLocationGroup(group));
  return InTransaction(connection_, [&]() -> Result<LocationGroup> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "tenant_id"));
    OPENMSP_RETURN_IF_ERROR(CheckAgainstStored(tenant_id, group, std::nullopt));
    const SqlParam params[] = {tenant_id.value, group.name, std::int64_t{group.priority},
                               DecimalParam(group.criteria.min_power_kw),
                               DecimalParam(group.criteria.max_power_kw)};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO location_groups (tenant_id, name, priority, is_default, min_power_kw, "
        "max_power_kw) VALUES ($1, $2, $3, FALSE, $4, $5) RETURNING id",
        params);
    if (!inserted) {
      if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
      return Error{ErrorCode::kAlreadyExists, "name",
                   "the tenant has a location group '" + group.name + "' already"};
    }
    if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(inserted->front()[0]));
    OPENMSP_RETURN_IF_ERROR(WriteCriteria(tenant_id, LocationGroupId{id}, group.criteria));
    OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups, LoadLocationGroups(connection_, tenant_id));
    OPENMSP_RETURN_IF_ERROR(ReclassifyConnectors(connection_, tenant_id, groups, std::nullopt));
    auto created =
        std::find_if(groups.begin(), groups.end(), [&](const LocationGroup& g) { return g.id.value == id; });
    if (created == groups.end()) return Corrupt("the new location group did not read back");
    return *created;
  });
}

Result<LocationGroup> SqlLocationGroupRepository::Update(TenantId tenant_id, LocationGroupId id,
                                                         const NewLocationGroup& group) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewLocationGroup(group));
  return InTransaction(connection_, [&]() -> Result<LocationGroup> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "id"));
    OPENMSP_ASSIGN_OR_RETURN(LocationGroup stored, FindById(tenant_id, id));
    if (stored.is_default) {
      return Error{ErrorCode::kFailedPrecondition, "id", "the Default location group cannot be changed"};
    }
    OPENMSP_RETURN_IF_ERROR(CheckAgainstStored(tenant_id, group, id));
    const SqlParam params[] = {tenant_id.value,
                               id.value,
                               group.name,
                               std::int64_t{group.priority},
                               DecimalParam(group.criteria.min_power_kw),
                               DecimalParam(group.criteria.max_power_kw)};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "UPDATE location_groups SET name = $3, priority = $4, min_power_kw = $5, max_power_kw = $6 "
        "WHERE tenant_id = $1 AND id = $2",
        params));
    const SqlParam key[] = {tenant_id.value, id.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "DELETE FROM location_group_criteria WHERE tenant_id = $1 AND location_group_id = $2", key));
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "DELETE FROM location_group_locations WHERE tenant_id = $1 AND location_group_id = $2", key));
    OPENMSP_RETURN_IF_ERROR(WriteCriteria(tenant_id, id, group.criteria));
    OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups, LoadLocationGroups(connection_, tenant_id));
    OPENMSP_RETURN_IF_ERROR(ReclassifyConnectors(connection_, tenant_id, groups, std::nullopt));
    return FindById(tenant_id, id);
  });
}

Result<void> SqlLocationGroupRepository::Delete(TenantId tenant_id, LocationGroupId id) {
  return InTransaction(connection_, [&]() -> Result<void> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id, "id"));
    OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups, LoadLocationGroups(connection_, tenant_id));
    auto doomed =
        std::find_if(groups.begin(), groups.end(), [&](const LocationGroup& g) { return g.id == id; });
    if (doomed == groups.end()) return NotFound("id", "no such location group");
    if (doomed->is_default) {
      return Error{ErrorCode::kFailedPrecondition, "id", "the Default location group cannot be deleted"};
    }
    groups.erase(doomed);
    OPENMSP_RETURN_IF_ERROR(ReclassifyConnectors(connection_, tenant_id, groups, std::nullopt));
    const SqlParam params[] = {tenant_id.value, id.value};
    Result<std::vector<SqlRow>> deleted =
        connection_.Query("DELETE FROM location_groups WHERE tenant_id = $1 AND id = $2", params);
    if (!deleted && deleted.error().code == ErrorCode::kNotFound) {
      return Error{ErrorCode::kFailedPrecondition, "id",
                   "the location group is used by tariff plan rules or MSP CDRs; a plan version without those "
                   "rules must be in force first, and a group that rated CDRs stays"};
    }
    OPENMSP_RETURN_IF_ERROR(deleted);
    return Ok();
  });
}

Result<LocationGroup> SqlLocationGroupRepository::FindById(TenantId tenant_id, LocationGroupId id) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups, LoadLocationGroups(connection_, tenant_id));
  for (LocationGroup& group : groups) {
    if (group.id == id) return std::move(group);
  }
  return NotFound("id", "no such location group");
}

Result<std::vector<LocationGroup>> SqlLocationGroupRepository::List(TenantId tenant_id) {
  return LoadLocationGroups(connection_, tenant_id);
}

Result<std::vector<ConnectorRef>> SqlLocationGroupRepository::Connectors(TenantId tenant_id,
                                                                         LocationGroupId id,
                                                                         std::int64_t after,
                                                                         std::size_t limit) {
  if (limit == 0 || limit > kMaxPage) return InvalidArgument("limit", "must be 1 to 1000");
  const SqlParam group_params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> group_rows,
      connection_.Query("SELECT id FROM location_groups WHERE tenant_id = $1 AND id = $2", group_params));
  if (group_rows.empty()) return NotFound("id", "no such location group");
  const SqlParam params[] = {tenant_id.value, id.value, after, static_cast<std::int64_t>(limit)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT c.id, l.id, l.country_code, l.party_id, l.location_id, e.uid, e.evse_id, "
          "c.connector_id FROM connectors c " +
              std::string(kConnectorJoins) +
              " WHERE c.tenant_id = $1 AND c.location_group_id = $2 AND c.id > $3 ORDER BY c.id "
              "LIMIT $4",
          params));
  std::vector<ConnectorRef> connectors;
  connectors.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t position, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t location_id, ParseInteger(row[1]));
    Result<PartyId> party = PartyId::FromFields(TextOf(row[2]), TextOf(row[3]));
    if (!party) return Corrupt("location " + std::to_string(location_id) + " has a bad party id");
    ConnectorRef ref{.position = position,
                     .location_id = LocationId{location_id},
                     .key = domain::LocationKey{.party = *party, .location_id = TextOf(row[4])},
                     .evse_uid = TextOf(row[5]),
                     .evse_id = TextOf(row[6]),
                     .connector_id = TextOf(row[7])};
    connectors.push_back(std::move(ref));
  }
  return connectors;
}

Result<LocationGroupId> SqlLocationGroupRepository::GroupOfConnector(TenantId tenant_id,
                                                                     const domain::LocationKey& key,
                                                                     std::string_view evse_uid,
                                                                     std::string_view connector_id) {
  const SqlParam params[] = {tenant_id.value,
                             std::string(key.party.country_code()),
                             std::string(key.party.party_id()),
                             key.location_id,
                             std::string(evse_uid),
                             std::string(connector_id)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT c.location_group_id FROM connectors c " + std::string(kConnectorJoins) +
                            " WHERE c.tenant_id = $1 AND l.country_code = $2 AND l.party_id = $3 AND "
                            "upper(l.location_id) = upper($4) AND upper(e.uid) = upper($5) AND "
                            "upper(c.connector_id) = upper($6)",
                        params));
  if (rows.empty()) return NotFound("connector_id", "no such connector");
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t group, ParseInteger(rows.front()[0]));
  return LocationGroupId{group};
}

}  // namespace openmsp::store
