#include "emsp/token_push.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "core/json.h"
#include "ocpi/authorization.h"
#include "ocpi/envelope.h"
#include "ocpi/tokens.h"

namespace openmsp::emsp {
namespace {

constexpr int kMaxPutsPerRun = 3;

Result<std::int64_t> PositiveId(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr) return Error{ErrorCode::kInvalidArgument, std::string(name), "is required"};
  if (!value->is_int64() || value->as_int64() <= 0) {
    return Error{ErrorCode::kInvalidArgument, std::string(name), "must be a positive integer"};
  }
  return value->as_int64();
}

// The tokens endpoint a peer receives pushes on, if it is connected and has one.
std::optional<std::string> TokensReceiverUrl(const domain::Peer& peer) {
  if (peer.status != domain::PeerStatus::kConnected) return std::nullopt;
  for (const domain::PeerEndpoint& endpoint : peer.endpoints) {
    if (endpoint.module == "tokens" && endpoint.role == domain::InterfaceRole::kReceiver) return endpoint.url;
  }
  return std::nullopt;
}

// A path segment with every byte but RFC 3986's unreserved ones percent-encoded.
std::string PathSegment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' ||
                            byte == '~';
    if (unreserved) {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0x0F];
    }
  }
  return encoded;
}

struct Target {
  std::string url;
  domain::Peer peer;
  domain::OutgoingCredentials credentials;
};

Result<void> Put(http::HttpClient& client, ocpi::RandomSource& random, const Target& target,
                 const domain::Token& token, const PartyId& party, Instant now) {
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object body, ocpi::TokenJson(token, party, now));
  std::string url = target.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/" + std::string(party.country_code()) + "/" + std::string(party.party_id()) + "/" +
         PathSegment(token.uid) + "?type=" + std::string(domain::TokenTypeName(token.type));
  http::HttpClientRequest request{
      .method = "PUT", .url = url, .headers = {}, .body = boost::json::serialize(body), .retry_safe = true};
  request.headers.Set("Authorization", ocpi::AuthorizationHeaderValue(target.credentials));
  request.headers.Set("Content-Type", "application/json");
  ocpi::SetRequestIds(request.headers, ocpi::NewRequestIds(random));
  if (target.peer.roles.size() == 1) {
    ocpi::SetRouting(request.headers, ocpi::Routing{.to = target.peer.roles.front().party, .from = party});
  }
  OPENMSP_ASSIGN_OR_RETURN(http::HttpClientResponse response, client.Send(request));
  if (response.status < 200 || response.status > 299) {
    return Error{ErrorCode::kPeerError, "status",
                 "PUT " + url + " answered HTTP " + std::to_string(response.status)};
  }
  Result<ocpi::Envelope> envelope = ocpi::ParseEnvelope(response.body);
  if (!envelope) return envelope.error();
  OPENMSP_RETURN_IF_ERROR(ocpi::SuccessData(*std::move(envelope)));
  return Ok();
}

}  // namespace

std::string TokenPushPayload(const TokenPush& push) {
  return boost::json::serialize(
      boost::json::object{{"token_id", push.token_id.value}, {"peer_id", push.peer_id.value}});
}

Result<TokenPush> ParseTokenPushPayload(std::string_view payload) {
  Result<boost::json::value> json = ParseJson(payload);
  if (!json || !json->is_object()) {
    return Error{ErrorCode::kInvalidArgument, "payload", "must be a JSON object with token_id and peer_id"};
  }
  OPENMSP_ASSIGN_OR_RETURN(const std::int64_t token_id, PositiveId(json->as_object(), "token_id"));
  OPENMSP_ASSIGN_OR_RETURN(const std::int64_t peer_id, PositiveId(json->as_object(), "peer_id"));
  return TokenPush{.token_id = domain::TokenId{token_id}, .peer_id = domain::PeerId{peer_id}};
}

std::string TokenPushDedupeKey(const TokenPush& push) {
  return "token:" + std::to_string(push.token_id.value) + "/peer:" + std::to_string(push.peer_id.value);
}

Result<int> QueueTokenPushes(domain::PeerRepository& peers, domain::JobQueue& jobs,
                             domain::TenantId tenant_id, domain::TokenId token_id, Instant now) {
  OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::Peer> all, peers.List(tenant_id));
  int queued = 0;
  for (const domain::Peer& peer : all) {
    if (!TokensReceiverUrl(peer)) continue;
    const TokenPush push{.token_id = token_id, .peer_id = peer.id};
    const domain::NewJob job{.kind = std::string(kTokenPushJob),
                             .payload = TokenPushPayload(push),
                             .dedupe_key = TokenPushDedupeKey(push),
                             .max_attempts = domain::kDefaultJobAttempts,
                             .run_at = std::nullopt};
    Result<domain::Job> enqueued = jobs.Enqueue(tenant_id, job, now);
    if (!enqueued && enqueued.error().code != ErrorCode::kAlreadyExists) return enqueued.error();
    ++queued;
  }
  return queued;
}

Result<TokenPushResult> RunTokenPush(store::Repositories& db, http::HttpClient& client,
                                     ocpi::RandomSource& random, const Clock& clock, const domain::Job& job) {
  if (!job.tenant_id) return Error{ErrorCode::kInvalidArgument, "tenant_id", "a token push is a tenant's"};
  const domain::TenantId tenant_id = *job.tenant_id;
  OPENMSP_ASSIGN_OR_RETURN(const TokenPush push, ParseTokenPushPayload(job.payload));
  TokenPushResult result;

  Result<domain::Peer> peer = db.peers().FindById(tenant_id, push.peer_id);
  if (!peer && peer.error().code == ErrorCode::kNotFound) return result;
  OPENMSP_RETURN_IF_ERROR(peer);
  std::optional<std::string> url = TokensReceiverUrl(*peer);
  if (!url) return result;  // suspended or unregistered since: it pulls what it missed when it is back
  OPENMSP_ASSIGN_OR_RETURN(domain::OutgoingCredentials credentials,
                           db.peers().FindOutgoingCredentials(tenant_id, push.peer_id));
  const Target target{
      .url = *std::move(url), .peer = *std::move(peer), .credentials = std::move(credentials)};
  OPENMSP_ASSIGN_OR_RETURN(const domain::Tenant tenant, db.tenants().FindById(tenant_id));

  std::optional<domain::Token> sent;
  while (result.sent < kMaxPutsPerRun) {
    Result<domain::Token> token = db.tokens().FindById(tenant_id, push.token_id);
    if (!token && token.error().code == ErrorCode::kNotFound) return result;
    OPENMSP_RETURN_IF_ERROR(token);
    if (sent && *token == *sent) return result;
    Result<PartyId> party = ocpi::TokenParty(*token, tenant.parties);
    if (!party || token->type == domain::TokenType::kEmaid) return result;  // nothing 2.2.1 can carry
    OPENMSP_RETURN_IF_ERROR(Put(client, random, target, *token, *party, clock.Now()));
    sent = *std::move(token);
    ++result.sent;
  }
  return result;
}

}  // namespace openmsp::emsp
