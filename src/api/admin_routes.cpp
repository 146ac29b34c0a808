#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/list_scope.h"
#include "api/representations.h"
#include "core/base64.h"
#include "core/json.h"
#include "core/time.h"
#include "domain/audit.h"
#include "domain/peer.h"
#include "domain/tenant.h"
#include "emsp/peer_sync.h"
#include "http/query.h"

namespace openmsp::api {
namespace {

using domain::AuditEntry;
using domain::Peer;
using domain::PeerId;
using domain::PeerStatus;
using domain::PeerSyncState;
using domain::Permission;

// --- The audit log ----------------------------------------------------------------------------------

// A stored before/after document as JSON (null when there was none). Entries hold JSON by convention; one
// that does not parse is shown as the text it is rather than hidden.
boost::json::value DocumentJson(const std::string& document) {
  if (document.empty()) return nullptr;
  Result<boost::json::value> parsed = ParseJson(document);
  return parsed ? *std::move(parsed) : boost::json::value(document);
}

boost::json::object AuditEntryJson(const AuditEntry& entry) {
  const domain::AuditActor& actor = entry.actor;
  return boost::json::object{
      {"id", entry.id.value},
      {"recorded_at", FormatOcpiDateTime(entry.recorded_at)},
      {"actor", boost::json::object{{"kind", domain::AuditActorKindName(actor.kind)},
                                    {"user_id", actor.user_id ? boost::json::value(actor.user_id->value)
                                                              : boost::json::value(nullptr)},
                                    {"peer_id", actor.peer_id ? boost::json::value(actor.peer_id->value)
                                                              : boost::json::value(nullptr)},
                                    {"system", actor.system.empty() ? boost::json::value(nullptr)
                                                                    : boost::json::value(actor.system)}}},
      {"action", entry.action},
      {"object_type", entry.object_type},
      {"object_id", entry.object_id},
      {"before", DocumentJson(entry.before)},
      {"after", DocumentJson(entry.after)},
      {"request_id",
       entry.request_id.empty() ? boost::json::value(nullptr) : boost::json::value(entry.request_id)}};
}

constexpr std::size_t kMaxAuditLimit = 100;
// The audit log is listed newest first; its cursors hold the last entry's time and id.
constexpr std::string_view kAuditOrder = "audit_log:newest";
constexpr PageCursorValueKind kAuditCursorShape[] = {PageCursorValueKind::kInstant,
                                                     PageCursorValueKind::kInteger};

// The query parameter `name` when given: 1 to `max_bytes` of the characters `allowed` admits, as the audit
// log stores them (`NewAuditEntry`); kInvalidArgument naming it otherwise.
template <typename Allowed>
Result<std::optional<std::string>> QueryWord(const std::vector<http::QueryParameter>& query,
                                             std::string_view name, std::size_t max_bytes, Allowed allowed,
                                             std::string_view rule) {
  const std::optional<std::string_view> text = http::FindQueryValue(query, name);
  if (!text) return std::optional<std::string>();
  if (text->empty() || text->size() > max_bytes || !std::all_of(text->begin(), text->end(), allowed)) {
    return InvalidArgument(std::string(name),
                           "must be 1 to " + std::to_string(max_bytes) + " " + std::string(rule));
  }
  return std::optional<std::string>(*text);
}

bool IsActionCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}
bool IsObjectTypeCharacter(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
bool IsPrintable(char c) { return c > ' ' && c < 127; }

Result<domain::AuditFilter> AuditFilterOf(const std::vector<http::QueryParameter>& query) {
  domain::AuditFilter filter;
  OPENMSP_ASSIGN_OR_RETURN(filter.action, QueryWord(query, "action", 100, IsActionCharacter,
                                                    "of a-z 0-9 . _ - (token.block, or token. for all)"));
  OPENMSP_ASSIGN_OR_RETURN(filter.object_type,
                           QueryWord(query, "object_type", 64, IsObjectTypeCharacter, "of a-z 0-9 _"));
  OPENMSP_ASSIGN_OR_RETURN(filter.object_id,
                           QueryWord(query, "object_id", 255, IsPrintable, "printable ASCII characters"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> user, QueryId(query, "actor_user_id"));
  if (user) filter.actor_user = domain::UserId{*user};
  OPENMSP_ASSIGN_OR_RETURN(filter.from, QueryInstant(query, "from"));
  OPENMSP_ASSIGN_OR_RETURN(filter.to, QueryInstant(query, "to"));
  return filter;
}

Result<ApiReply> ListAuditLog(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kAuditLogRead));
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<http::QueryParameter> query,
      QueryOf(call, {"action", "object_type", "object_id", "actor_user_id", "from", "to", "after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(const domain::AuditFilter filter, AuditFilterOf(query));
  OPENMSP_ASSIGN_OR_RETURN(CursorPageQuery page,
                           ReadCursorPageQuery(query, kAuditOrder, kAuditCursorShape, kMaxAuditLimit));
  std::optional<domain::AuditCursor> after;
  if (page.after) {
    after = domain::AuditCursor{.recorded_at = std::get<Instant>(page.after->position[0]),
                                .id = domain::AuditEntryId{std::get<std::int64_t>(page.after->position[1])}};
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::AuditPage found,
                           call.db.audit_log().List(who.tenant.id, filter, page.limit, after));
  boost::json::array items;
  for (const AuditEntry& entry : found.entries) items.push_back(AuditEntryJson(entry));
  std::optional<PageCursor> next;
  if (found.next)
    next = PageCursor{.list = std::string(kAuditOrder),
                      .position = {found.next->recorded_at, found.next->id.value}};
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object answer, CursorPageJson(std::move(items), next));
  return JsonReply(200, std::move(answer));
}

// --- OCPI peers -------------------------------------------------------------------------------------

boost::json::object SyncStateJson(const PeerSyncState& state) {
  return boost::json::object{{"module", state.module},
                             {"last_attempt_at", OptionalInstantJson(state.last_attempt_at)},
                             {"last_success_at", OptionalInstantJson(state.last_success_at)},
                             {"last_error_at", OptionalInstantJson(state.last_error_at)},
                             {"date_from", OptionalInstantJson(state.date_from)},
                             {"last_error", state.last_error.empty() ? boost::json::value(nullptr)
                                                                     : boost::json::value(state.last_error)}};
}

// A peer with its roles, endpoints and the sync state of each module. Never a token: the peer holds none,
// and the outgoing one is read only by `FindOutgoingCredentials`, which nothing here calls.
boost::json::object PeerJson(const Peer& peer, const std::vector<PeerSyncState>& sync) {
  boost::json::array roles;
  for (const domain::PeerRole& role : peer.roles) {
    roles.emplace_back(boost::json::object{{"role", domain::OcpiRoleName(role.role)},
                                           {"party", role.party.ToString()},
                                           {"business_name", role.business_name}});
  }
  boost::json::array endpoints;
  for (const domain::PeerEndpoint& endpoint : peer.endpoints) {
    endpoints.emplace_back(boost::json::object{{"module", endpoint.module},
                                               {"role", domain::InterfaceRoleName(endpoint.role)},
                                               {"url", endpoint.url}});
  }
  boost::json::array modules;
  for (const PeerSyncState& state : sync) modules.push_back(SyncStateJson(state));
  const auto text_or_null = [](const std::string& text) {
    return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
  };
  return boost::json::object{{"id", peer.id.value},
                             {"name", peer.name},
                             {"status", domain::PeerStatusName(peer.status)},
                             {"versions_url", text_or_null(peer.versions_url)},
                             {"version", text_or_null(peer.version)},
                             {"roles", std::move(roles)},
                             {"endpoints", std::move(endpoints)},
                             {"sync", std::move(modules)},
                             {"created_at", FormatOcpiDateTime(peer.created_at)},
                             {"registered_at", OptionalInstantJson(peer.registered_at)}};
}

Result<boost::json::object> PeerWithSyncJson(store::Repositories& db, const Peer& peer) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<PeerSyncState> sync,
                           db.peers().ListSyncStates(peer.tenant_id, peer.id));
  return PeerJson(peer, sync);
}

// The peer of the path when the principal holds `permission` on the tenant; the refusal for a malformed,
// missing or other tenant's id.
Result<Peer> PathPeer(ApiCall& call, Permission permission) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(permission));
  Result<std::int64_t> id = PathId(call.http, "peer_id");
  if (!id) return who.Refusal(permission).Nested("peer_id");
  Result<Peer> peer = call.db.peers().FindById(who.tenant.id, PeerId{*id});
  if (!peer) {
    if (peer.error().code != ErrorCode::kNotFound) return std::move(peer).error();
    return who.Refusal(permission).Nested("peer_id");
  }
  return peer;
}

Result<ApiReply> ListPeers(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPeersRead));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Peer> peers, call.db.peers().List(who.tenant.id));
  boost::json::array items;
  for (const Peer& peer : peers) {
    OPENMSP_ASSIGN_OR_RETURN(boost::json::object json, PeerWithSyncJson(call.db, peer));
    items.push_back(std::move(json));
  }
  return JsonReply(200, boost::json::object{{"items", std::move(items)}});
}

Result<ApiReply> GetPeer(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(Peer peer, PathPeer(call, Permission::kPeersRead));
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object json, PeerWithSyncJson(call.db, peer));
  return JsonReply(200, std::move(json));
}

Result<ApiReply> InvitePeer(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPeersManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"name"}));
  domain::NewPeer invited;
  OPENMSP_ASSIGN_OR_RETURN(invited.name, body.RequiredString("name", 800));
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewPeer(invited));
  if (call.context.ocpi_versions_url.empty()) {
    return Error{ErrorCode::kFailedPrecondition, "",
                 "this server has no public URL to hand to a peer (serve --public-url)"};
  }
  domain::PeerWithToken created;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(created, tx.peers().Create(who.tenant.id, invited));
    return AuditOf(who.user, "peer.invite", "peer", created.peer.id.value, "",
                   SerializeJson(PeerJson(created.peer, {})), call.request_id);
  }));
  // Token A in clear, this once: the staff hand it to the peer with the versions URL.
  return JsonReply(201, boost::json::object{{"peer", PeerJson(created.peer, {})},
                                            {"versions_url", call.context.ocpi_versions_url},
                                            {"token_a", std::move(created.token)}});
}

// Moves the peer of the path to `target` (suspend or resume) with the audit entry `action`.
Result<ApiReply> ChangePeerStatus(ApiCall& call, PeerStatus target, const char* action) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(Peer before, PathPeer(call, Permission::kPeersManage));
  boost::json::object after_json;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(Peer after, tx.peers().SetStatus(who.tenant.id, before.id, target));
    OPENMSP_ASSIGN_OR_RETURN(after_json, PeerWithSyncJson(tx, after));
    OPENMSP_ASSIGN_OR_RETURN(boost::json::object before_json, PeerWithSyncJson(tx, before));
    return AuditOf(who.user, action, "peer", before.id.value, SerializeJson(before_json),
                   SerializeJson(after_json), call.request_id);
  }));
  return JsonReply(200, std::move(after_json));
}

Result<ApiReply> SuspendPeer(ApiCall& call) {
  return ChangePeerStatus(call, PeerStatus::kSuspended, "peer.suspend");
}
Result<ApiReply> ResumePeer(ApiCall& call) {
  return ChangePeerStatus(call, PeerStatus::kConnected, "peer.resume");
}

// Queues a pull of every module the peer of the path sends now (`emsp::QueuePeerPull`, run by serve's job
// workers), with the audit entry `peer.sync`; 202 with the modules queued.
Result<ApiReply> SyncPeer(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(Peer peer, PathPeer(call, Permission::kPeersManage));
  if (peer.status != PeerStatus::kConnected) {
    return Error{ErrorCode::kFailedPrecondition, "status",
                 "the peer is " + std::string(domain::PeerStatusName(peer.status)) +
                     "; only a connected peer is pulled from"};
  }
  std::vector<std::string> modules;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(modules, emsp::QueuePeerPull(tx.jobs(), peer, call.context.clock.Now()));
    if (modules.empty()) {
      return Error{ErrorCode::kFailedPrecondition, "peer_id",
                   "the peer has no Sender endpoint of a module pulled"};
    }
    boost::json::array names;
    for (const std::string& module : modules) names.emplace_back(module);
    return AuditOf(who.user, "peer.sync", "peer", peer.id.value, "",
                   SerializeJson(boost::json::object{{"modules", std::move(names)}}), call.request_id);
  }));
  boost::json::array names;
  for (const std::string& module : modules) names.emplace_back(module);
  return JsonReply(202, boost::json::object{{"peer_id", peer.id.value}, {"modules", std::move(names)}});
}

// --- The route table --------------------------------------------------------------------------------

constexpr const char* kAuditEntrySchema = R"({"type": "object",
  "required": ["id", "recorded_at", "actor", "action", "object_type", "object_id", "before", "after", "request_id"],
  "properties": {"id": {"type": "integer"}, "recorded_at": {"type": "string"},
    "actor": {"type": "object", "required": ["kind", "user_id", "peer_id", "system"],
      "properties": {"kind": {"enum": ["user", "peer", "system"]}, "user_id": {"type": ["integer", "null"]},
        "peer_id": {"type": ["integer", "null"]}, "system": {"type": ["string", "null"]}}},
    "action": {"type": "string"}, "object_type": {"type": "string"}, "object_id": {"type": "string"},
    "before": {"description": "the object before the change (JSON), null before a creation"},
    "after": {"description": "the object after the change (JSON), null after a removal"},
    "request_id": {"type": ["string", "null"]}}})";

constexpr const char* kPeerSchema = R"({"type": "object",
  "required": ["id", "name", "status", "versions_url", "version", "roles", "endpoints", "sync", "created_at",
               "registered_at"],
  "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
    "status": {"enum": ["pending", "connected", "suspended", "unregistered"]},
    "versions_url": {"type": ["string", "null"]}, "version": {"type": ["string", "null"]},
    "roles": {"type": "array", "items": {"type": "object", "required": ["role", "party", "business_name"],
      "properties": {"role": {"type": "string"}, "party": {"type": "string"}, "business_name": {"type": "string"}}}},
    "endpoints": {"type": "array", "items": {"type": "object", "required": ["module", "role", "url"],
      "properties": {"module": {"type": "string"}, "role": {"enum": ["SENDER", "RECEIVER"]}, "url": {"type": "string"}}}},
    "sync": {"type": "array", "items": {"type": "object",
      "required": ["module", "last_attempt_at", "last_success_at", "last_error_at", "date_from", "last_error"],
      "properties": {"module": {"type": "string"}, "last_attempt_at": {"type": ["string", "null"]},
        "last_success_at": {"type": ["string", "null"]}, "last_error_at": {"type": ["string", "null"]},
        "date_from": {"type": ["string", "null"]}, "last_error": {"type": ["string", "null"]}}}},
    "created_at": {"type": "string"}, "registered_at": {"type": ["string", "null"]}}})";

constexpr const char* kInviteRequestSchema =
    R"({"type": "object", "required": ["name"], "additionalProperties": false,
  "properties": {"name": {"type": "string", "maxLength": 200}}})";

std::string InvitationSchema() {
  return std::string(R"({"type": "object", "required": ["peer", "versions_url", "token_a"],
  "properties": {"versions_url": {"type": "string"},
    "token_a": {"type": "string", "description": "shown this once; only its digest is kept"}, "peer": )") +
         kPeerSchema + "}}";
}

}  // namespace

std::vector<ApiRoute> AdminRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(
      Route("administration", "GET", "/audit-log",
            "The tenant's audit log, newest first, in pages (query: action — exact, or a prefix ending in "
            "a dot —, object_type, object_id, actor_user_id, from, to, after, limit ≤ 100)",
            Permission::kAuditLogRead, "", PageSchema(kAuditEntrySchema), 200, ListAuditLog));

  routes.push_back(Route("administration", "GET", "/peers",
                         "The tenant's OCPI peers with their status and each module's sync state",
                         Permission::kPeersRead, "", ItemsSchema(kPeerSchema), 200, ListPeers));
  routes.push_back(Route("administration", "GET", "/peers/{peer_id}", "One OCPI peer with its sync state",
                         Permission::kPeersRead, "", kPeerSchema, 200, GetPeer));
  routes.push_back(
      Route("administration", "POST", "/peers",
            "Invites an OCPI peer: answers the versions URL and token A to hand to it, this once",
            Permission::kPeersManage, kInviteRequestSchema, InvitationSchema(), 201, InvitePeer));
  routes.push_back(Route("administration", "POST", "/peers/{peer_id}/suspend",
                         "Suspends a connected peer: no traffic either way until resumed",
                         Permission::kPeersManage, "", kPeerSchema, 200, SuspendPeer));
  routes.push_back(Route("administration", "POST", "/peers/{peer_id}/resume", "Resumes a suspended peer",
                         Permission::kPeersManage, "", kPeerSchema, 200, ResumePeer));
  routes.push_back(Route("administration", "POST", "/peers/{peer_id}/sync",
                         "Pulls every module a connected peer sends now (in the background): 202 with the "
                         "modules queued",
                         Permission::kPeersManage, "",
                         R"({"type": "object", "required": ["peer_id", "modules"],
      "properties": {"peer_id": {"type": "integer"}, "modules": {"type": "array", "items": {"type": "string"}}}})",
                         202, SyncPeer));

  return routes;
}

}  // namespace openmsp::api
