#include "emsp/credentials_module.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <utility>

#include "core/json.h"
#include "domain/audit.h"
#include "emsp/peer_discovery.h"
#include "ocpi/authorization.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

constexpr std::string_view kModulePath = "/credentials";

OcpiReply NotAllowed(std::string message) {
  OcpiReply reply{.data = nullptr,
                  .http_status = 405,
                  .headers = {},
                  .status_code = ocpi::ToInt(ocpi::StatusCode::kClientError),
                  .status_message = std::move(message)};
  reply.headers.Set("Allow", "GET, HEAD, POST, PUT, DELETE");
  return reply;
}

// The peer as its audit entries show it: what it told us, never a token.
std::string PeerAuditJson(const domain::Peer& peer) {
  json::array roles;
  for (const domain::PeerRole& role : peer.roles) {
    roles.emplace_back(json::object{{"role", domain::OcpiRoleName(role.role)},
                                    {"party", role.party.ToString()},
                                    {"business_name", role.business_name}});
  }
  json::array endpoints;
  for (const domain::PeerEndpoint& endpoint : peer.endpoints) {
    endpoints.emplace_back(json::object{{"module", endpoint.module},
                                        {"role", domain::InterfaceRoleName(endpoint.role)},
                                        {"url", endpoint.url}});
  }
  return SerializeJson(json::object{{"id", peer.id.value},
                                    {"name", peer.name},
                                    {"status", domain::PeerStatusName(peer.status)},
                                    {"versions_url", peer.versions_url},
                                    {"version", peer.version},
                                    {"token_base64", peer.token_base64},
                                    {"roles", std::move(roles)},
                                    {"endpoints", std::move(endpoints)}});
}

domain::NewAuditEntry PeerEntry(const OcpiRequest& request, std::string action, const domain::Peer& before,
                                const domain::Peer& after) {
  return domain::NewAuditEntry{.actor = domain::AuditActor::Peer(request.caller.peer_id),
                               .action = std::move(action),
                               .object_type = "peer",
                               .object_id = std::to_string(after.id.value),
                               .before = PeerAuditJson(before),
                               .after = PeerAuditJson(after),
                               .request_id = request.ids.request_id};
}

Result<ocpi::Credentials> ReadCredentials(const http::HttpRequest& request) {
  Result<json::value> body = ParseJson(request.body);
  if (!body) return body.error().field.empty() ? body.error().Nested("body") : body.error();
  return ocpi::ParseCredentials(*body);
}

// The token the request came with: the reading of its Authorization header that authenticated it.
Result<std::string> PresentedToken(const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(ocpi::CredentialsTokenCandidates candidates,
                           ocpi::ParseAuthorization(request.http.headers.Get("Authorization")));
  for (std::string& token : candidates.InOrder()) {
    if (domain::TokenDigest::Of(token) == request.caller.token_digest) return std::move(token);
  }
  return Error{ErrorCode::kInternal, "Authorization", "no reading of the header matches its peer"};
}

// The answer to a failed change: 405 where OCPI wants it, otherwise the error.
Result<OcpiReply> ChangeFailed(Error error, store::RepositoryPool::Lease& db) {
  if (error.code == ErrorCode::kFailedPrecondition && error.field == "status") {
    return NotAllowed("the connection's status does not allow this: " + error.message);
  }
  if (error.code == ErrorCode::kUnavailable) db.Discard();
  return error;
}

}  // namespace

http::HttpClientOptions HandshakeClientOptions() {
  http::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(5);
  options.request_timeout = std::chrono::seconds(10);
  options.max_attempts = 2;
  return options;
}

CredentialsModule::CredentialsModule(OcpiContext& context, http::HttpClient client,
                                     CredentialsModuleOptions options)
    : context_(context), client_(std::move(client)), workers_(options.threads, options.max_waiting) {}

void CredentialsModule::Register(OcpiEndpoints& endpoints) {
  const std::string path = "/ocpi/" + std::string(ocpi::kOcpiVersion) + std::string(kModulePath);
  endpoints.Add("GET", path, OcpiAccess::kRegistration,
                [this](const OcpiRequest& request) { return Show(request); });
  endpoints.AddAsync("POST", path, OcpiAccess::kRegistration,
                     [this](OcpiRequest request, std::function<void(Result<OcpiReply>)> done) {
                       if (request.caller.status != domain::PeerStatus::kPending) {
                         done(NotAllowed("already registered: PUT updates the registration, DELETE ends it"));
                         return;
                       }
                       Enqueue(std::move(request), std::move(done), /*update=*/false);
                     });
  endpoints.AddAsync("PUT", path, OcpiAccess::kRegistration,
                     [this](OcpiRequest request, std::function<void(Result<OcpiReply>)> done) {
                       if (request.caller.status != domain::PeerStatus::kConnected) {
                         done(NotAllowed("not registered: POST registers"));
                         return;
                       }
                       Enqueue(std::move(request), std::move(done), /*update=*/true);
                     });
  endpoints.Add("DELETE", path, OcpiAccess::kRegistration,
                [this](const OcpiRequest& request) { return Unregister(request); });
}

void CredentialsModule::Enqueue(OcpiRequest request, std::function<void(Result<OcpiReply>)> done,
                                bool update) {
  Result<ocpi::Credentials> theirs = ReadCredentials(request.http);
  if (!theirs) {
    done(std::move(theirs).error());
    return;
  }
  auto shared_done = std::make_shared<std::function<void(Result<OcpiReply>)>>(std::move(done));
  auto shared_request = std::make_shared<const OcpiRequest>(std::move(request));
  const bool queued = workers_.Post([this, shared_request, shared_done, theirs = *std::move(theirs), update] {
    (*shared_done)(Handshake(*shared_request, theirs, update));
  });
  if (!queued) {
    (*shared_done)(Error{ErrorCode::kUnavailable, "credentials",
                         "too many registrations are in progress; try again in a minute"});
  }
}

Result<OcpiReply> CredentialsModule::Handshake(const OcpiRequest& request, const ocpi::Credentials& theirs,
                                               bool update) {
  // §4.3: the peer's versions and endpoints, fetched with its token B, before anything is stored.
  Result<DiscoveredPeer> discovered =
      DiscoverPeer(client_, context_.random, theirs.url, theirs.token, "url", request.ids);
  if (!discovered) {
    const ocpi::StatusCode status = DiscoveryFailureStatus(discovered.error());
    if (status == ocpi::StatusCode::kUnableToUseClientApi) return std::move(discovered).error();
    return OcpiReply{.data = nullptr,
                     .http_status = 400,
                     .headers = {},
                     .status_code = ocpi::ToInt(status),
                     .status_message = discovered.error().ToString()};
  }
  OPENMSP_ASSIGN_OR_RETURN(const domain::PeerRegistration registration,
                           ocpi::ToPeerRegistration(theirs, discovered->details, discovered->token_base64));

  OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context_.pool.Borrow());
  const OcpiCaller& caller = request.caller;
  Result<domain::Tenant> tenant = db->tenants().FindById(caller.tenant_id);
  if (!tenant) return ChangeFailed(std::move(tenant).error(), db);
  json::value answer;
  Result<domain::AuditEntry> registered = db->ChangeWithAudit(
      caller.tenant_id, [&](store::Repositories& in_transaction) -> Result<domain::NewAuditEntry> {
        OPENMSP_ASSIGN_OR_RETURN(const domain::Peer before,
                                 in_transaction.peers().FindById(caller.tenant_id, caller.peer_id));
        OPENMSP_ASSIGN_OR_RETURN(domain::PeerWithToken after,
                                 in_transaction.peers().Register(caller.tenant_id, caller.peer_id,
                                                                 caller.token_digest, registration));
        // Our credentials with the new token C (§4.3 step 4), checked before the transaction commits.
        OPENMSP_ASSIGN_OR_RETURN(
            answer, ocpi::CredentialsJson(ocpi::EmspCredentials(
                        std::move(after.token), context_.VersionsUrl(), tenant->parties, tenant->name)));
        return PeerEntry(request, update ? "peer.update" : "peer.register", before, after.peer);
      });
  if (!registered) return ChangeFailed(std::move(registered).error(), db);
  return OcpiReply{.data = std::move(answer), .http_status = 200, .headers = {}};
}

Result<OcpiReply> CredentialsModule::Unregister(const OcpiRequest& request) {
  const OcpiCaller& caller = request.caller;
  if (caller.status != domain::PeerStatus::kConnected) return NotAllowed("not registered: nothing to delete");
  OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context_.pool.Borrow());
  Result<domain::AuditEntry> unregistered = db->ChangeWithAudit(
      caller.tenant_id, [&](store::Repositories& in_transaction) -> Result<domain::NewAuditEntry> {
        OPENMSP_ASSIGN_OR_RETURN(const domain::Peer before,
                                 in_transaction.peers().FindById(caller.tenant_id, caller.peer_id));
        OPENMSP_ASSIGN_OR_RETURN(const domain::Peer after,
                                 in_transaction.peers().SetStatus(caller.tenant_id, caller.peer_id,
                                                                  domain::PeerStatus::kUnregistered));
        return PeerEntry(request, "peer.unregister", before, after);
      });
  if (!unregistered) return ChangeFailed(std::move(unregistered).error(), db);
  return OcpiReply{.data = nullptr, .http_status = 200, .headers = {}};
}

Result<OcpiReply> CredentialsModule::Show(const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(std::string token, PresentedToken(request));
  OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context_.pool.Borrow());
  Result<domain::Tenant> tenant = db->tenants().FindById(request.caller.tenant_id);
  if (!tenant) return ChangeFailed(std::move(tenant).error(), db);
  OPENMSP_ASSIGN_OR_RETURN(
      json::value data, ocpi::CredentialsJson(ocpi::EmspCredentials(std::move(token), context_.VersionsUrl(),
                                                                    tenant->parties, tenant->name)));
  return OcpiReply{.data = std::move(data), .http_status = 200, .headers = {}};
}

}  // namespace openmsp::emsp
