#include "emsp/peer_connect.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <utility>

#include "core/json.h"
#include "domain/audit.h"
#include "emsp/peer_discovery.h"
#include "ocpi/credentials.h"
#include "ocpi/fields.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

Result<void> ValidateTokenA(std::string_view token) {
  if (token.empty() || token.size() > 64)
    return InvalidArgument("token_a", "must be 1 to 64 characters long");
  for (const char c : token) {
    if (c <= ' ' || c > '~') return InvalidArgument("token_a", "must be printable ASCII without blanks");
  }
  return Ok();
}

std::string PeerAuditJson(const domain::Peer& peer) {
  json::array roles;
  for (const domain::PeerRole& role : peer.roles) {
    roles.emplace_back(json::object{{"role", domain::OcpiRoleName(role.role)},
                                    {"party", role.party.ToString()},
                                    {"business_name", role.business_name}});
  }
  return SerializeJson(json::object{{"id", peer.id.value},
                                    {"name", peer.name},
                                    {"status", domain::PeerStatusName(peer.status)},
                                    {"versions_url", peer.versions_url},
                                    {"version", peer.version},
                                    {"roles", std::move(roles)}});
}

domain::NewAuditEntry Entry(std::string action, const std::optional<domain::Peer>& before,
                            const domain::Peer& after) {
  return domain::NewAuditEntry{.actor = domain::AuditActor::System("cli"),
                               .action = std::move(action),
                               .object_type = "peer",
                               .object_id = std::to_string(after.id.value),
                               .before = before ? PeerAuditJson(*before) : "",
                               .after = PeerAuditJson(after),
                               .request_id = ""};
}

// Steps 3 and 4 of `ConnectPeer` for the pending peer `peer` whose token is `our_token`.
Result<domain::Peer> RegisterWithPeer(store::Repositories& repositories, http::HttpClient& client,
                                      ocpi::RandomSource& random, const domain::Tenant& tenant,
                                      const PeerConnectionRequest& request, const DiscoveredPeer& discovered,
                                      const domain::Peer& peer, const std::string& our_token) {
  std::string credentials_url;
  for (const domain::PeerEndpoint& endpoint : discovered.details.endpoints) {
    if (endpoint.module == "credentials") credentials_url = endpoint.url;
  }
  OPENMSP_ASSIGN_OR_RETURN(json::value ours,
                           ocpi::CredentialsJson(ocpi::EmspCredentials(our_token, request.our_versions_url,
                                                                       tenant.parties, tenant.name)));
  const domain::OutgoingCredentials token_a{.token = request.token_a,
                                            .token_base64 = discovered.token_base64};
  OPENMSP_ASSIGN_OR_RETURN(const json::value answer,
                           CallPeer(client, PeerCall{.method = "POST",
                                                     .url = credentials_url,
                                                     .credentials = token_a,
                                                     .body = std::move(ours),
                                                     .ids = ocpi::NewRequestIds(random),
                                                     .field = "credentials"}));
  Result<ocpi::Credentials> theirs = ocpi::ParseCredentials(answer);
  if (!theirs) {
    return Error{ErrorCode::kPeerError, theirs.error().Nested("credentials.data").field,
                 theirs.error().message};
  }
  Result<domain::PeerRegistration> registration =
      ocpi::ToPeerRegistration(*theirs, discovered.details, discovered.token_base64);
  Result<domain::Peer> connected = [&]() -> Result<domain::Peer> {
    if (!registration) return registration.error();
    std::optional<domain::Peer> stored;
    OPENMSP_RETURN_IF_ERROR(repositories.ChangeWithAudit(
        tenant.id, [&](store::Repositories& in_transaction) -> Result<domain::NewAuditEntry> {
          OPENMSP_ASSIGN_OR_RETURN(
              stored, in_transaction.peers().RegisterInitiated(tenant.id, peer.id, *registration));
          return Entry("peer.connected", peer, *stored);
        }));
    return *std::move(stored);
  }();
  if (!connected) {
    // The peer accepted us, but we cannot keep the connection: tell it, as well as it goes.
    (void)CallPeer(client,
                   PeerCall{.method = "DELETE",
                            .url = credentials_url,
                            .credentials = {.token = theirs->token, .token_base64 = discovered.token_base64},
                            .body = nullptr,
                            .ids = ocpi::NewRequestIds(random),
                            .field = "credentials"});
  }
  return connected;
}

}  // namespace

Result<domain::Peer> ConnectPeer(store::Repositories& repositories, http::HttpClient& client,
                                 ocpi::RandomSource& random, const domain::Tenant& tenant,
                                 const PeerConnectionRequest& request) {
  if (Result<void> url = ocpi::ValidateUrl(request.versions_url); !url)
    return url.error().Nested("versions_url");
  OPENMSP_RETURN_IF_ERROR(ValidateTokenA(request.token_a));
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewPeer({.name = request.name}));

  OPENMSP_ASSIGN_OR_RETURN(const DiscoveredPeer discovered,
                           DiscoverPeer(client, random, request.versions_url, request.token_a, "versions_url",
                                        ocpi::NewRequestIds(random)));

  std::optional<domain::PeerWithToken> created;
  OPENMSP_RETURN_IF_ERROR(repositories.ChangeWithAudit(
      tenant.id, [&](store::Repositories& in_transaction) -> Result<domain::NewAuditEntry> {
        OPENMSP_ASSIGN_OR_RETURN(created, in_transaction.peers().Create(tenant.id, {.name = request.name}));
        return Entry("peer.connect", std::nullopt, created->peer);
      }));

  Result<domain::Peer> connected = RegisterWithPeer(repositories, client, random, tenant, request, discovered,
                                                    created->peer, created->token);
  if (!connected) {
    // Our token B must not outlive a handshake that failed.
    (void)repositories.ChangeWithAudit(
        tenant.id, [&](store::Repositories& in_transaction) -> Result<domain::NewAuditEntry> {
          OPENMSP_ASSIGN_OR_RETURN(const domain::Peer after,
                                   in_transaction.peers().SetStatus(tenant.id, created->peer.id,
                                                                    domain::PeerStatus::kUnregistered));
          return Entry("peer.unregister", created->peer, after);
        });
  }
  return connected;
}

}  // namespace openmsp::emsp
