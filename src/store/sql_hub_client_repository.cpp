#include "store/sql_hub_client_repository.h"

#include <optional>
#include <string>
#include <vector>

#include "store/sql_support.h"

namespace openmsp::store {

using domain::HubClient;
using domain::PeerId;
using domain::TenantId;
using domain::UpsertOutcome;

SqlHubClientRepository::SqlHubClientRepository(SqlConnection& connection) : connection_(connection) {}

Result<UpsertOutcome> SqlHubClientRepository::Upsert(TenantId tenant_id, PeerId hub_id, const HubClient& client) {
  return InTransaction(connection_, [&]() -> Result<UpsertOutcome> {
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> locked,
                             connection_.Query(connection_.dialect().lock_tenant, tenant));
    if (locked.empty()) return NotFound("tenant_id", "no such tenant");
    const SqlParam peer[] = {tenant_id.value, hub_id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> peers,
                             connection_.Query("SELECT id FROM ocpi_peers WHERE tenant_id = $1 AND id = $2", peer));
    if (peers.empty()) return NotFound("peer_id", "no such peer");
    Result<HubClient> stored = Find(tenant_id, hub_id, client.party);
    if (!stored && stored.error().code != ErrorCode::kNotFound) return stored.error();
    const UpsertOutcome outcome = domain::DecideUpsert(
        stored ? std::optional(stored->last_updated) : std::nullopt, client.last_updated);
    if (outcome == UpsertOutcome::kStale) return outcome;
    const SqlParam params[] = {tenant_id.value,
                               hub_id.value,
                               std::string(client.party.country_code()),
                               std::string(client.party.party_id()),
                               std::string(domain::OcpiRoleName(client.role)),
                               std::string(domain::HubClientStatusName(client.status)),
                               InstantParam(client.last_updated)};
    if (stored) {
      OPENMSP_RETURN_IF_ERROR(
          connection_.Query("UPDATE hub_clients SET role = $5, status = $6, last_updated = $7 "
                            "WHERE tenant_id = $1 AND peer_id = $2 AND country_code = $3 AND party_id = $4",
                            params));
    } else {
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "INSERT INTO hub_clients (tenant_id, peer_id, country_code, party_id, role, status, last_updated) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7)",
          params));
    }
    return outcome;
  });
}

Result<HubClient> SqlHubClientRepository::Find(TenantId tenant_id, PeerId hub_id, const PartyId& party) {
  const SqlParam params[] = {tenant_id.value, hub_id.value, std::string(party.country_code()),
                             std::string(party.party_id())};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT country_code, party_id, role, status, " +
                            InstantColumn(connection_.dialect(), "last_updated") +
                            " FROM hub_clients WHERE tenant_id = $1 AND peer_id = $2 AND country_code = $3 "
                            "AND party_id = $4",
                        params));
  if (rows.empty()) return NotFound("party_id", party.ToString() + " was not reported by the hub");
  const SqlRow& row = rows.front();
  OPENMSP_ASSIGN_OR_RETURN(PartyId stored_party, ParseParty(row[0], row[1]));
  OPENMSP_ASSIGN_OR_RETURN(domain::OcpiRole role, ParseStored(domain::ParseOcpiRole, row[2]));
  OPENMSP_ASSIGN_OR_RETURN(domain::HubClientStatus status, ParseStored(domain::ParseHubClientStatus, row[3]));
  OPENMSP_ASSIGN_OR_RETURN(Instant last_updated, ParseRequiredInstant(row[4]));
  return HubClient{.party = stored_party, .role = role, .status = status, .last_updated = last_updated};
}

Result<std::size_t> SqlHubClientRepository::Count(TenantId tenant_id, PeerId hub_id) {
  const SqlParam params[] = {tenant_id.value, hub_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT count(*) FROM hub_clients WHERE tenant_id = $1 AND peer_id = $2", params));
  if (rows.empty()) return Corrupt("count(*) answered no row");
  OPENMSP_ASSIGN_OR_RETURN(const std::int64_t count, ParseInteger(rows.front()[0]));
  return static_cast<std::size_t>(count);
}

}  // namespace openmsp::store
