#include <string>
#include <utility>
#include <vector>

#include "domain/location_group_preview.h"
#include "store/sql_location_group_repository.h"
#include "store/sql_location_rows.h"
#include "store/sql_support.h"

namespace openmsp::store {

using domain::LocationGroup;
using domain::LocationGroupId;
using domain::PlacedConnector;
using domain::TenantId;

Result<domain::LocationGroupPreview> SqlLocationGroupRepository::Preview(
    TenantId tenant_id, std::optional<LocationGroupId> id, const domain::NewLocationGroup& group) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewLocationGroup(group));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups, LoadLocationGroups(connection_, tenant_id));
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT c.id, c.location_group_id, c.connector_id, c.power_type, c.max_voltage, "
                        "c.max_amperage, c.max_electric_power, e.uid, e.evse_id, " +
                            std::string(kPlaceLocationColumns) + " FROM connectors c " +
                            std::string(kConnectorJoins) + " WHERE c.tenant_id = $1 ORDER BY c.id",
                        params));
  std::vector<PlacedConnector> connectors;
  connectors.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t position, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t group_id, ParseInteger(row[1]));
    domain::Connector connector;
    connector.id = TextOf(row[2]);
    OPENMSP_ASSIGN_OR_RETURN(connector.power_type, ParseStored(domain::ParsePowerType, row[3]));
    OPENMSP_ASSIGN_OR_RETURN(connector.max_voltage, ParseInteger(row[4]));
    OPENMSP_ASSIGN_OR_RETURN(connector.max_amperage, ParseInteger(row[5]));
    if (row[6]) {
      OPENMSP_ASSIGN_OR_RETURN(connector.max_electric_power, ParseInteger(row[6]));
    }
    domain::Evse evse;
    evse.uid = TextOf(row[7]);
    evse.evse_id = TextOf(row[8]);
    OPENMSP_ASSIGN_OR_RETURN(domain::StoredLocation location, PlaceLocationFromRow(row, 9));
    PlacedConnector placed{.ref = domain::ConnectorRef{.position = position,
                                                       .location_id = location.id,
                                                       .key = location.location.key,
                                                       .evse_uid = evse.uid,
                                                       .evse_id = evse.evse_id,
                                                       .connector_id = connector.id},
                           .place = domain::PlaceOf(location, evse, connector),
                           .group = LocationGroupId{group_id}};
    connectors.push_back(std::move(placed));
  }
  return domain::PreviewLocationGroupChange(groups, id, group, connectors);
}

}  // namespace openmsp::store
