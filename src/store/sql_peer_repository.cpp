#include "store/sql_peer_repository.h"

#include <map>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::NewPeer;
using domain::OutgoingCredentials;
using domain::Peer;
using domain::PeerAuthentication;
using domain::PeerEndpoint;
using domain::PeerId;
using domain::PeerRegistration;
using domain::PeerRole;
using domain::PeerStatus;
using domain::PeerSyncState;
using domain::PeerWithToken;
using domain::SyncOutcome;
using domain::TenantId;
using domain::TokenDigest;

Result<Peer> PeerFromRow(const SqlRow& row) {
  Peer peer;
  OPENMSP_ASSIGN_OR_RETURN(peer.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(peer.tenant_id.value, ParseInteger(row[1]));
  peer.name = TextOf(row[2]);
  OPENMSP_ASSIGN_OR_RETURN(peer.status, ParseStored(domain::ParsePeerStatus, row[3]));
  peer.versions_url = TextOf(row[4]);
  peer.version = TextOf(row[5]);
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t base64, ParseInteger(row[6]));
  peer.token_base64 = base64 != 0;
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> created_at, ParseOptionalInstant(row[7]));
  if (!created_at) return Corrupt("peer " + std::to_string(peer.id.value) + " has no created_at");
  peer.created_at = *created_at;
  OPENMSP_ASSIGN_OR_RETURN(peer.registered_at, ParseOptionalInstant(row[8]));
  return peer;
}

Result<PeerSyncState> SyncStateFromRow(const SqlRow& row) {
  PeerSyncState state;
  OPENMSP_ASSIGN_OR_RETURN(state.peer_id.value, ParseInteger(row[0]));
  state.module = TextOf(row[1]);
  OPENMSP_ASSIGN_OR_RETURN(state.last_attempt_at, ParseOptionalInstant(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(state.last_success_at, ParseOptionalInstant(row[3]));
  OPENMSP_ASSIGN_OR_RETURN(state.last_error_at, ParseOptionalInstant(row[4]));
  OPENMSP_ASSIGN_OR_RETURN(state.date_from, ParseOptionalInstant(row[5]));
  state.last_error = TextOf(row[6]);
  return state;
}

}  // namespace

SqlPeerRepository::SqlPeerRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<PeerWithToken> SqlPeerRepository::Create(TenantId tenant_id, const NewPeer& peer) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewPeer(peer));
  std::string token = domain::GenerateCredentialsToken();
  const Instant now = clock_.Now();
  return InTransaction(connection_, [&]() -> Result<PeerWithToken> {
    const SqlParam tenant_params[] = {tenant_id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> tenants,
                             connection_.Query("SELECT id FROM tenants WHERE id = $1", tenant_params));
    if (tenants.empty()) return NotFound("tenant_id", "no such tenant");
    const SqlParam params[] = {tenant_id.value, peer.name,
                               std::string(domain::PeerStatusName(PeerStatus::kPending)),
                               domain::TokenDigest::Of(token).hex(), InstantParam(now)};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> inserted,
        connection_.Query("INSERT INTO ocpi_peers (tenant_id, name, status, incoming_token_digest, "
                          "outgoing_token_base64, created_at) VALUES ($1, $2, $3, $4, TRUE, $5) RETURNING id",
                          params));
    if (inserted.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(inserted.front()[0]));
    return PeerWithToken{.peer = Peer{.id = PeerId{id},
                                      .tenant_id = tenant_id,
                                      .name = peer.name,
                                      .status = PeerStatus::kPending,
                                      .versions_url = "",
                                      .version = "",
                                      .token_base64 = true,
                                      .roles = {},
                                      .endpoints = {},
                                      .created_at = now,
                                      .registered_at = std::nullopt},
                         .token = std::move(token)};
  });
}

Result<Peer> SqlPeerRepository::FindById(TenantId tenant_id, PeerId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Peer> peers, Load("id = $2", params));
  if (peers.empty()) return NotFound("id", "no such peer");
  return std::move(peers.front());
}

Result<std::vector<Peer>> SqlPeerRepository::List(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  return Load("TRUE", params);
}

Result<PeerAuthentication> SqlPeerRepository::FindByIncomingToken(const TokenDigest& digest) {
  const SqlParam params[] = {digest.hex()};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT tenant_id, id, status, incoming_token_digest FROM "
                                             "ocpi_peers WHERE incoming_token_digest = $1",
                                             params));
  // The index finds the row; the digests are then compared again in constant time, so that nothing but
  // an exact match (whatever a collation or the index thinks) authenticates.
  if (rows.empty() || !domain::ConstantTimeEquals(TextOf(rows.front()[3]), digest.hex())) {
    return Error{ErrorCode::kUnauthenticated, "token", "no peer calls with this token"};
  }
  PeerAuthentication found;
  OPENMSP_ASSIGN_OR_RETURN(found.tenant_id.value, ParseInteger(rows.front()[0]));
  OPENMSP_ASSIGN_OR_RETURN(found.peer_id.value, ParseInteger(rows.front()[1]));
  OPENMSP_ASSIGN_OR_RETURN(found.status, ParseStored(domain::ParsePeerStatus, rows.front()[2]));
  return found;
}

Result<OutgoingCredentials> SqlPeerRepository::FindOutgoingCredentials(TenantId tenant_id, PeerId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT status, outgoing_token, "
                                             "CASE WHEN outgoing_token_base64 THEN 1 ELSE 0 END "
                                             "FROM ocpi_peers WHERE tenant_id = $1 AND id = $2",
                                             params));
  if (rows.empty()) return NotFound("id", "no such peer");
  OPENMSP_ASSIGN_OR_RETURN(PeerStatus status, ParseStored(domain::ParsePeerStatus, rows.front()[0]));
  if (!rows.front()[1] || status == PeerStatus::kPending || status == PeerStatus::kUnregistered) {
    return Error{ErrorCode::kFailedPrecondition, "status",
                 "a " + std::string(domain::PeerStatusName(status)) + " peer has no token to call it with"};
  }
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t base64, ParseInteger(rows.front()[2]));
  return OutgoingCredentials{.token = *rows.front()[1], .token_base64 = base64 != 0};
}

Result<PeerWithToken> SqlPeerRepository::Register(TenantId tenant_id, PeerId id,
                                                  const TokenDigest& authenticated_with,
                                                  const PeerRegistration& registration) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidatePeerRegistration(registration));
  std::string token = domain::GenerateCredentialsToken();
  const Instant now = clock_.Now();
  return InTransaction(connection_, [&]() -> Result<PeerWithToken> {
    OPENMSP_ASSIGN_OR_RETURN(Locked locked, LockedPeer(tenant_id, id));
    OPENMSP_RETURN_IF_ERROR(domain::CheckRegistrationAllowed(locked.status));
    if (!domain::ConstantTimeEquals(locked.incoming_token_digest, authenticated_with.hex())) {
      return Error{ErrorCode::kUnauthenticated, "token",
                   "the token this request came with is no longer valid"};
    }
    OPENMSP_RETURN_IF_ERROR(
        StoreRegistration(tenant_id, id, registration, domain::TokenDigest::Of(token).hex(), now));
    OPENMSP_ASSIGN_OR_RETURN(Peer peer, FindById(tenant_id, id));
    return PeerWithToken{.peer = std::move(peer), .token = std::move(token)};
  });
}

Result<void> SqlPeerRepository::StoreRegistration(TenantId tenant_id, PeerId id,
                                                  const PeerRegistration& registration,
                                                  const std::optional<std::string>& incoming_token_digest,
                                                  Instant now) {
  const SqlParam peer_params[] = {
      tenant_id.value,
      id.value,
      std::string(domain::PeerStatusName(PeerStatus::kConnected)),
      incoming_token_digest ? SqlParam(*incoming_token_digest) : SqlParam(nullptr),
      registration.token,
      std::int64_t{registration.token_base64 ? 1 : 0},
      registration.versions_url,
      registration.version,
      InstantParam(now)};
  OPENMSP_RETURN_IF_ERROR(connection_.Query(
      "UPDATE ocpi_peers SET status = $3, incoming_token_digest = COALESCE($4, incoming_token_digest), "
      "outgoing_token = $5, "
      "outgoing_token_base64 = $6, versions_url = $7, version = $8, registered_at = $9 "
      "WHERE tenant_id = $1 AND id = $2",
      peer_params));
  const SqlParam key[] = {tenant_id.value, id.value};
  OPENMSP_RETURN_IF_ERROR(
      connection_.Query("DELETE FROM ocpi_peer_endpoints WHERE tenant_id = $1 AND peer_id = $2", key));
  for (std::size_t i = 0; i < registration.endpoints.size(); ++i) {
    const PeerEndpoint& endpoint = registration.endpoints[i];
    const SqlParam params[] = {tenant_id.value,
                               id.value,
                               static_cast<std::int64_t>(i),
                               endpoint.module,
                               std::string(domain::InterfaceRoleName(endpoint.role)),
                               endpoint.url};
    OPENMSP_RETURN_IF_ERROR(
        connection_.Query("INSERT INTO ocpi_peer_endpoints (tenant_id, peer_id, ordinal, module, role, url) "
                          "VALUES ($1, $2, $3, $4, $5, $6)",
                          params));
  }
  OPENMSP_RETURN_IF_ERROR(
      connection_.Query("DELETE FROM ocpi_peer_roles WHERE tenant_id = $1 AND peer_id = $2", key));
  for (std::size_t i = 0; i < registration.roles.size(); ++i) {
    const PeerRole& role = registration.roles[i];
    const SqlParam params[] = {tenant_id.value,
                               id.value,
                               static_cast<std::int64_t>(i),
                               std::string(domain::OcpiRoleName(role.role)),
                               std::string(role.party.country_code()),
                               std::string(role.party.party_id()),
                               role.business_name};
    // The tenant's row lock (`LockedPeer`) serialises registrations, so two peers cannot both
    // claim the same party between this check and the insert.
    const SqlParam claim[] = {tenant_id.value, id.value, params[3], params[4], params[5]};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> taken,
        connection_.Query(
            "SELECT r.peer_id FROM ocpi_peer_roles r JOIN ocpi_peers p"
            " ON p.tenant_id = r.tenant_id AND p.id = r.peer_id"
            " WHERE r.tenant_id = $1 AND r.peer_id <> $2 AND r.role = $3 AND r.country_code = $4"
            " AND r.party_id = $5 AND p.status <> 'unregistered'",
            claim));
    if (!taken.empty()) {
      return Error{ErrorCode::kAlreadyExists, "roles[" + std::to_string(i) + "]",
                   "another peer of the tenant is " + std::string(domain::OcpiRoleName(role.role)) + " " +
                       role.party.ToString() + " already"};
    }
    OPENMSP_RETURN_IF_ERROR(
        connection_.Query("INSERT INTO ocpi_peer_roles (tenant_id, peer_id, ordinal, role, country_code, "
                          "party_id, business_name) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                          params));
  }
  return Ok();
}

Result<Peer> SqlPeerRepository::RegisterInitiated(TenantId tenant_id, PeerId id,
                                                  const PeerRegistration& registration) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidatePeerRegistration(registration));
  const Instant now = clock_.Now();
  return InTransaction(connection_, [&]() -> Result<Peer> {
    OPENMSP_ASSIGN_OR_RETURN(Locked locked, LockedPeer(tenant_id, id));
    if (locked.status != PeerStatus::kPending) {
      return Error{ErrorCode::kFailedPrecondition, "status",
                   "only a pending peer can complete a handshake we initiated; this one is " +
                       std::string(domain::PeerStatusName(locked.status))};
    }
    OPENMSP_RETURN_IF_ERROR(StoreRegistration(tenant_id, id, registration, std::nullopt, now));
    return FindById(tenant_id, id);
  });
}

Result<Peer> SqlPeerRepository::SetStatus(TenantId tenant_id, PeerId id, PeerStatus target) {
  return InTransaction(connection_, [&]() -> Result<Peer> {
    OPENMSP_ASSIGN_OR_RETURN(Locked locked, LockedPeer(tenant_id, id));
    OPENMSP_ASSIGN_OR_RETURN(PeerStatus status, domain::TransitionPeer(locked.status, target));
    const SqlParam params[] = {tenant_id.value, id.value, std::string(domain::PeerStatusName(status))};
    if (status == PeerStatus::kUnregistered) {
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "UPDATE ocpi_peers SET status = $3, incoming_token_digest = NULL, outgoing_token = NULL "
          "WHERE tenant_id = $1 AND id = $2",
          params));
    } else {
      OPENMSP_RETURN_IF_ERROR(
          connection_.Query("UPDATE ocpi_peers SET status = $3 WHERE tenant_id = $1 AND id = $2", params));
    }
    return FindById(tenant_id, id);
  });
}

Result<PeerSyncState> SqlPeerRepository::RecordSync(TenantId tenant_id, PeerId id,
                                                    const SyncOutcome& outcome) {
  OPENMSP_ASSIGN_OR_RETURN(SyncOutcome valid, domain::ValidateSyncOutcome(outcome));
  const std::string now = InstantParam(clock_.Now());
  return InTransaction(connection_, [&]() -> Result<PeerSyncState> {
    const SqlParam key[] = {tenant_id.value, id.value};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> peers,
        connection_.Query("SELECT id FROM ocpi_peers WHERE tenant_id = $1 AND id = $2", key));
    if (peers.empty()) return NotFound("id", "no such peer");
    if (valid.succeeded) {
      const SqlParam params[] = {
          tenant_id.value, id.value, valid.module, now,
          valid.next_date_from ? SqlParam(InstantParam(*valid.next_date_from)) : SqlParam(nullptr)};
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "INSERT INTO ocpi_peer_sync_states (tenant_id, peer_id, module, last_attempt_at, last_success_at, "
          "date_from) VALUES ($1, $2, $3, $4, $4, $5) ON CONFLICT (tenant_id, peer_id, module) DO UPDATE SET "
          "last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at, "
          "date_from = COALESCE(excluded.date_from, ocpi_peer_sync_states.date_from), last_error = NULL",
          params));
    } else {
      const SqlParam params[] = {tenant_id.value, id.value, valid.module, now, valid.error};
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "INSERT INTO ocpi_peer_sync_states (tenant_id, peer_id, module, last_attempt_at, last_error_at, "
          "last_error) VALUES ($1, $2, $3, $4, $4, $5) ON CONFLICT (tenant_id, peer_id, module) DO UPDATE "
          "SET "
          "last_attempt_at = excluded.last_attempt_at, last_error_at = excluded.last_error_at, "
          "last_error = excluded.last_error",
          params));
    }
    const SqlParam params[] = {tenant_id.value, id.value, valid.module};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<PeerSyncState> states, LoadSyncStates("module = $3", params));
    if (states.size() != 1) return Corrupt("the sync state just written is not there");
    return std::move(states.front());
  });
}

Result<std::vector<PeerSyncState>> SqlPeerRepository::ListSyncStates(TenantId tenant_id, PeerId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  return LoadSyncStates("TRUE", params);
}

Result<std::vector<PeerSyncState>> SqlPeerRepository::LoadSyncStates(std::string_view where,
                                                                     std::span<const SqlParam> params) {
  const SqlDialect& dialect = connection_.dialect();
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT peer_id, module, " + InstantColumn(dialect, "last_attempt_at") + ", " +
              InstantColumn(dialect, "last_success_at") + ", " + InstantColumn(dialect, "last_error_at") +
              ", " + InstantColumn(dialect, "date_from") +
              ", last_error FROM ocpi_peer_sync_states WHERE tenant_id = $1 AND peer_id = $2 AND " +
              std::string(where) + " ORDER BY module",
          params));
  std::vector<PeerSyncState> states;
  states.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(PeerSyncState state, SyncStateFromRow(row));
    states.push_back(std::move(state));
  }
  return states;
}

Result<SqlPeerRepository::Locked> SqlPeerRepository::LockedPeer(TenantId tenant_id, PeerId id) {
  const SqlParam tenant_params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> tenants,
                           connection_.Query(connection_.dialect().lock_tenant, tenant_params));
  if (tenants.empty()) return NotFound("id", "no such peer");
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT status, incoming_token_digest FROM ocpi_peers WHERE tenant_id = $1 AND id = $2", params));
  if (rows.empty()) return NotFound("id", "no such peer");
  OPENMSP_ASSIGN_OR_RETURN(PeerStatus status, ParseStored(domain::ParsePeerStatus, rows.front()[0]));
  return Locked{.status = status, .incoming_token_digest = TextOf(rows.front()[1])};
}

Result<std::vector<Peer>> SqlPeerRepository::Load(std::string_view where, std::span<const SqlParam> params) {
  const SqlDialect& dialect = connection_.dialect();
  const std::string peers_where = "WHERE tenant_id = $1 AND " + std::string(where);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT id, tenant_id, name, status, versions_url, version, "
                                             "CASE WHEN outgoing_token_base64 THEN 1 ELSE 0 END, " +
                                                 InstantColumn(dialect, "created_at") + ", " +
                                                 InstantColumn(dialect, "registered_at") +
                                                 " FROM ocpi_peers " + peers_where + " ORDER BY id",
                                             params));
  std::vector<Peer> peers;
  std::map<std::int64_t, std::size_t> index_by_id;
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(Peer peer, PeerFromRow(row));
    index_by_id[peer.id.value] = peers.size();
    peers.push_back(std::move(peer));
  }
  if (peers.empty()) return peers;
  const std::string of_these_peers = " WHERE tenant_id = $1 AND peer_id IN (SELECT id FROM ocpi_peers " +
                                     peers_where + ") ORDER BY peer_id, ordinal";
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> role_rows,
      connection_.Query(
          "SELECT peer_id, role, country_code, party_id, business_name FROM ocpi_peer_roles" + of_these_peers,
          params));
  for (const SqlRow& row : role_rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t peer_id, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(domain::OcpiRole role, ParseStored(domain::ParseOcpiRole, row[1]));
    Result<PartyId> party = PartyId::FromFields(TextOf(row[2]), TextOf(row[3]));
    auto peer = index_by_id.find(peer_id);
    if (!party || peer == index_by_id.end())
      return Corrupt("peer " + std::to_string(peer_id) + " has a bad role");
    peers[peer->second].roles.push_back(
        PeerRole{.role = role, .party = *std::move(party), .business_name = TextOf(row[4])});
  }
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> endpoint_rows,
      connection_.Query("SELECT peer_id, module, role, url FROM ocpi_peer_endpoints" + of_these_peers,
                        params));
  for (const SqlRow& row : endpoint_rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t peer_id, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(domain::InterfaceRole role, ParseStored(domain::ParseInterfaceRole, row[2]));
    auto peer = index_by_id.find(peer_id);
    if (peer == index_by_id.end())
      return Corrupt("an endpoint of peer " + std::to_string(peer_id) + " is astray");
    peers[peer->second].endpoints.push_back(
        PeerEndpoint{.module = TextOf(row[1]), .role = role, .url = TextOf(row[3])});
  }
  return peers;
}

}  // namespace openmsp::store
