#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/control_centre_api.h"
#include "api/json_body.h"
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

boost::json::value InstantJson(const std::optional<Instant>& instant) {
  return instant ? boost::json::value(FormatOcpiDateTime(*instant)) : boost::json::value(nullptr);
}

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

Result<ApiReply> ListAuditLog(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kAuditLogRead));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query, QueryOf(call, {"after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(CursorPageQuery page,
                           ReadCursorPageQuery(query, kAuditOrder, kAuditCursorShape, kMaxAuditLimit));
  std::optional<domain::AuditCursor> after;
  if (page.after) {
    after = domain::AuditCursor{.recorded_at = std::get<Instant>(page.after->position[0]),
                                .id = domain::AuditEntryId{std::get<std::int64_t>(page.after->position[1])}};
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::AuditPage found,
                           call.db.audit_log().List(who.tenant.id, page.limit, after));
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
                             {"last_attempt_at", InstantJson(state.last_attempt_at)},
                             {"last_success_at", InstantJson(state.last_success_at)},
                             {"last_error_at", InstantJson(state.last_error_at)},
                             {"date_from", InstantJson(state.date_from)},
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
                             {"registered_at", InstantJson(peer.registered_at)}};
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
      return Error{ErrorCode::kFailedPrecondition, "peer_id", "the peer has no Sender endpoint of a module pulled"};
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

// --- Tenant settings --------------------------------------------------------------------------------

// The branding as the API shows it; `with_logo` false writes the logo's size instead of its bytes (what the
// audit log keeps: a logo of 256 KiB would not fit an entry).
boost::json::object BrandingJson(const domain::Branding& branding, bool is_default, bool with_logo) {
  boost::json::value logo = nullptr;
  if (!branding.logo.empty()) {
    boost::json::object object{{"media_type", branding.logo_media_type}};
    if (with_logo) {
      object["data"] = EncodeBase64(branding.logo);
    } else {
      object["bytes"] = branding.logo.size();
    }
    logo = std::move(object);
  }
  return boost::json::object{
      {"display_name", branding.display_name},
      {"primary_colour", branding.primary_colour},
      {"accent_colour", branding.accent_colour},
      {"support_email", branding.support_email.empty() ? boost::json::value(nullptr)
                                                       : boost::json::value(branding.support_email)},
      {"logo", std::move(logo)},
      {"is_default", is_default}};
}

// The tenant's branding, or the default one when it chose none.
Result<std::pair<domain::Branding, bool>> BrandingOf(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::Branding> chosen,
                           call.db.tenant_settings().FindBranding(call.who().tenant.id));
  if (chosen) return std::pair{*std::move(chosen), false};
  return std::pair{domain::DefaultBranding(call.who().tenant), true};
}

// Every user sees its tenant's branding (the Control Centre and the driver app show it): no object to check
// beyond the caller's own tenant.
Result<ApiReply> GetBranding(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(auto branding, BrandingOf(call));
  return JsonReply(200, BrandingJson(branding.first, branding.second, /*with_logo=*/true));
}

constexpr std::size_t kMaxLogoBase64Bytes = (domain::kMaxLogoBytes + 2) / 3 * 4;

Result<domain::Branding> ReadBranding(const http::HttpRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(
      JsonBody body,
      JsonBody::Read(request, {"display_name", "primary_colour", "accent_colour", "support_email", "logo"}));
  domain::Branding branding;
  OPENMSP_ASSIGN_OR_RETURN(branding.display_name, body.RequiredString("display_name", 800));
  OPENMSP_ASSIGN_OR_RETURN(branding.primary_colour, body.RequiredString("primary_colour", 64));
  OPENMSP_ASSIGN_OR_RETURN(branding.accent_colour, body.RequiredString("accent_colour", 64));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> email, body.OptionalString("support_email", 254));
  branding.support_email = email.value_or("");
  if (const boost::json::value* logo = body.Find("logo"); logo != nullptr && !logo->is_null()) {
    if (!logo->is_object()) return InvalidArgument("logo", "must be an object {media_type, data} or null");
    const boost::json::object& object = logo->as_object();
    for (const auto& member : object) {
      if (member.key() != "media_type" && member.key() != "data") {
        return InvalidArgument("logo." + std::string(member.key()), "is not a member this endpoint knows");
      }
    }
    const boost::json::value* media_type = object.if_contains("media_type");
    if (media_type == nullptr || !media_type->is_string() || media_type->as_string().empty() ||
        media_type->as_string().size() > 64) {
      return InvalidArgument("logo.media_type",
                             "is required: image/png, image/jpeg, image/webp or image/svg+xml");
    }
    const boost::json::value* data = object.if_contains("data");
    if (data == nullptr || !data->is_string() || data->as_string().empty()) {
      return InvalidArgument("logo.data", "is required: the logo file in Base64");
    }
    if (data->as_string().size() > kMaxLogoBase64Bytes) {
      return InvalidArgument("logo.data", "is larger than the largest logo accepted, 262144 bytes (256 KiB)");
    }
    Result<std::string> bytes = DecodeBase64(std::string_view(data->as_string()));
    if (!bytes) return InvalidArgument("logo.data", "must be standard, padded Base64");
    branding.logo_media_type = std::string(media_type->as_string());
    branding.logo = *std::move(bytes);
  }
  Result<domain::Branding> normalised = domain::NormaliseBranding(std::move(branding));
  if (!normalised) {
    Error error = std::move(normalised).error();
    if (error.field == "logo_media_type") error.field = "logo.media_type";
    if (error.field == "logo") error.field = "logo.data";
    return error;
  }
  return normalised;
}

Result<ApiReply> SetBranding(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kTenantSettingsManage));
  OPENMSP_ASSIGN_OR_RETURN(domain::Branding branding, ReadBranding(call.http));
  OPENMSP_ASSIGN_OR_RETURN(auto before, BrandingOf(call));
  domain::Branding stored;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(stored, tx.tenant_settings().SetBranding(who.tenant.id, branding));
    return AuditOf(who.user, "tenant.branding_update", "tenant", who.tenant.id.value,
                   before.second ? "" : SerializeJson(BrandingJson(before.first, false, /*with_logo=*/false)),
                   SerializeJson(BrandingJson(stored, false, /*with_logo=*/false)), call.request_id);
  }));
  return JsonReply(200, BrandingJson(stored, false, /*with_logo=*/true));
}

Result<ApiReply> ListVatRates(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::VatRate> rates,
                           call.db.tenant_settings().VatRates(who.tenant.id));
  boost::json::array items;
  for (const domain::VatRate& rate : rates) {
    OPENMSP_ASSIGN_OR_RETURN(boost::json::value percent, DecimalToJson(rate.percent));
    items.emplace_back(boost::json::object{{"country", rate.country.alpha3},
                                           {"valid_from", FormatIsoDate(rate.valid_from)},
                                           {"percent", std::move(percent)}});
  }
  return JsonReply(200, boost::json::object{{"items", std::move(items)}});
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

constexpr const char* kBrandingSchema = R"({"type": "object",
  "required": ["display_name", "primary_colour", "accent_colour", "support_email", "logo", "is_default"],
  "properties": {"display_name": {"type": "string"}, "primary_colour": {"type": "string", "description": "#rrggbb"},
    "accent_colour": {"type": "string", "description": "#rrggbb"}, "support_email": {"type": ["string", "null"]},
    "logo": {"type": ["object", "null"], "required": ["media_type", "data"],
      "properties": {"media_type": {"type": "string"}, "data": {"type": "string", "contentEncoding": "base64"}}},
    "is_default": {"type": "boolean", "description": "true: the tenant chose none; this is OpenMSP's"}}})";

constexpr const char* kBrandingRequestSchema = R"({"type": "object",
  "required": ["display_name", "primary_colour", "accent_colour"], "additionalProperties": false,
  "properties": {"display_name": {"type": "string", "maxLength": 200},
    "primary_colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
    "accent_colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
    "support_email": {"type": ["string", "null"]},
    "logo": {"type": ["object", "null"], "required": ["media_type", "data"], "additionalProperties": false,
      "properties": {"media_type": {"enum": ["image/png", "image/jpeg", "image/webp", "image/svg+xml"]},
        "data": {"type": "string", "contentEncoding": "base64", "description": "at most 256 KiB decoded"}}}}})";

constexpr const char* kVatRateSchema = R"({"type": "object", "required": ["country", "valid_from", "percent"],
  "properties": {"country": {"type": "string", "description": "ISO 3166-1 alpha-3"},
    "valid_from": {"type": "string", "format": "date"}, "percent": {"type": "number"}}})";

}  // namespace

std::vector<ApiRoute> AdminRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(Route("administration", "GET", "/audit-log",
                         "The tenant's audit log, newest first, in pages (after, limit ≤ 100)",
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
                         Permission::kPeersManage, "", R"({"type": "object", "required": ["peer_id", "modules"],
      "properties": {"peer_id": {"type": "integer"}, "modules": {"type": "array", "items": {"type": "string"}}}})",
                         202, SyncPeer));

  ApiRoute branding =
      Route("administration", "GET", "/tenant/branding",
            "The tenant's branding (OpenMSP's when it chose none), for every user of the tenant",
            Permission::kTenantSettingsManage, "", kBrandingSchema, 200, GetBranding);
  branding.access = RouteAccess::kAuthenticated;
  branding.permission = std::nullopt;
  routes.push_back(std::move(branding));
  routes.push_back(
      Route("administration", "PUT", "/tenant/branding",
            "Replaces the tenant's branding: name, colours, support e-mail and logo (absent: none)",
            Permission::kTenantSettingsManage, kBrandingRequestSchema, kBrandingSchema, 200, SetBranding,
            kMaxLogoBase64Bytes + 4096));
  routes.push_back(Route("administration", "GET", "/tenant/vat-rates",
                         "The tenant's VAT table: each country's rate from a date on, in the order given",
                         Permission::kPricingRead, "", ItemsSchema(kVatRateSchema), 200, ListVatRates));
  return routes;
}

}  // namespace openmsp::api
