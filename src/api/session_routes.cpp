#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/list_scope.h"
#include "api/representations.h"
#include "core/json.h"
#include "domain/command.h"
#include "domain/list_queries.h"
#include "domain/location.h"
#include "domain/session.h"
#include "emsp/commands_module.h"
#include "emsp/system_random.h"
#include "http/query.h"

namespace openmsp::api {
namespace {

using domain::OrganisationUnitId;
using domain::Permission;
using domain::Profile;
using domain::ProfileId;
using domain::SessionId;
using domain::StoredSession;

// A live session as the Control Centre shows it. `show_cost` is false for a driver whose profile hides
// prices (a fleet's driver sees how much it charged, not what it cost).
boost::json::object SessionJson(const StoredSession& stored, bool show_cost) {
  const domain::Session& session = stored.session;
  boost::json::value cost = nullptr;
  if (show_cost && session.total_cost) {
    cost = boost::json::object{
        {"excl_vat", DecimalJson(session.total_cost->excl_vat)},
        {"incl_vat", session.total_cost->incl_vat ? DecimalJson(*session.total_cost->incl_vat)
                                                  : boost::json::value(nullptr)}};
  }
  const std::optional<domain::SessionCustomer>& customer = session.customer;
  return boost::json::object{
      {"id", stored.id.value},
      {"cpo", session.key.party.ToString()},
      {"session_id", session.key.session_id},
      {"status", domain::SessionStatusName(session.status)},
      {"start_date_time", FormatOcpiDateTime(session.start_date_time)},
      {"end_date_time", OptionalInstantJson(session.end_date_time)},
      {"kwh", DecimalJson(session.kwh)},
      {"currency", session.currency},
      {"total_cost", std::move(cost)},
      {"auth_method", domain::AuthMethodName(session.auth_method)},
      {"authorization_reference", session.authorization_reference},
      {"location_id", session.location_id},
      {"evse_uid", session.evse_uid},
      {"connector_id", session.connector_id},
      {"token_uid", session.cdr_token.uid},
      {"token_type", domain::TokenTypeName(session.cdr_token.type)},
      {"contract_id", session.cdr_token.contract_id},
      {"token_id", customer ? boost::json::value(customer->token_id.value) : boost::json::value(nullptr)},
      {"profile_id", customer ? boost::json::value(customer->profile_id.value) : boost::json::value(nullptr)},
      {"organisation_unit_id",
       customer ? boost::json::value(customer->organisation_unit_id.value) : boost::json::value(nullptr)},
      {"last_updated", FormatOcpiDateTime(session.last_updated)}};
}

// The session `id` when the principal may do `permission` on it: at the unit and profile it was resolved
// to. A session whose token is unknown belongs to no profile: only a caller holding `permission` at the
// root reaches it.
Result<StoredSession> SessionFor(ApiCall& call, std::int64_t id, Permission permission) {
  const Principal& who = call.who();
  Result<StoredSession> session = call.db.sessions().FindById(who.tenant.id, SessionId{id});
  if (!session) {
    if (session.error().code != ErrorCode::kNotFound) return std::move(session).error();
    return who.Refusal(permission).Nested("session_id");
  }
  const std::optional<domain::SessionCustomer>& customer = session->session.customer;
  const Result<void> allowed =
      customer ? who.Authorize(permission, {.organisation_unit = customer->organisation_unit_id,
                                            .profile = customer->profile_id})
               : who.AuthorizeAtRoot(permission);
  if (!allowed) return allowed.error().Nested("session_id");
  return session;
}

Result<StoredSession> PathSession(ApiCall& call, Permission permission) {
  Result<std::int64_t> id = PathId(call.http, "session_id");
  if (!id) return call.who().Refusal(permission).Nested("session_id");
  return SessionFor(call, *id, permission);
}

// Live sessions are listed by start and id; their cursors hold both.
constexpr std::string_view kLiveSessionOrder = "sessions:live";
constexpr PageCursorValueKind kLiveSessionShape[] = {PageCursorValueKind::kInstant,
                                                     PageCursorValueKind::kInteger};

Result<ApiReply> ListSessions(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<http::QueryParameter> query,
      QueryOf(call, {"organisation_unit_id", "profile_id", "token_id", "after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit_id, QueryId(query, "organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> profile_id, QueryId(query, "profile_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> token_id, QueryId(query, "token_id"));
  OPENMSP_ASSIGN_OR_RETURN(
      CursorPageQuery page,
      ReadCursorPageQuery(query, kLiveSessionOrder, kLiveSessionShape, domain::kMaxListLimit));
  std::optional<domain::SessionCursor> after;
  if (page.after) {
    after = domain::SessionCursor{.start_date_time = std::get<Instant>(page.after->position[0]),
                                  .id = SessionId{std::get<std::int64_t>(page.after->position[1])}};
  }
  domain::LiveSessionFilter filter;
  if (token_id) {
    // A named token is checked as its profile, like the token itself.
    Result<domain::Token> token = call.db.tokens().FindById(who.tenant.id, domain::TokenId{*token_id});
    if (!token) {
      if (token.error().code != ErrorCode::kNotFound) return std::move(token).error();
      return who.Refusal(Permission::kSessionsRead).Nested("token_id");
    }
    OPENMSP_ASSIGN_OR_RETURN(
        Profile owner, ProfileFor(call, token->profile_id.value, Permission::kSessionsRead, "token_id"));
    filter.token = token->id;
    if (!profile_id) profile_id = owner.id.value;
  }
  OPENMSP_ASSIGN_OR_RETURN(ListScope scope,
                           ScopeOfList(call, Permission::kSessionsRead, unit_id, profile_id));
  filter.organisation_unit = scope.unit;
  filter.profile = scope.profile;
  // Sessions whose token is unknown match no unit or profile: only a tenant-wide reader's unfiltered view
  // (`ScopeOfList` gives no unit or profile only to a caller holding sessions.read at the root) has them.
  bool show_cost = true;
  if (scope.profile) {
    OPENMSP_ASSIGN_OR_RETURN(Profile profile, call.db.profiles().FindById(who.tenant.id, *scope.profile));
    show_cost = SeesPricesOf(who, profile, Permission::kSessionsRead);
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::SessionPage found,
                           call.db.sessions().ListLive(who.tenant.id, filter, after, page.limit));
  boost::json::array items;
  for (const StoredSession& session : found.sessions) items.push_back(SessionJson(session, show_cost));
  std::optional<PageCursor> next;
  if (found.next) {
    next = PageCursor{.list = std::string(kLiveSessionOrder),
                      .position = {found.next->start_date_time, found.next->id.value}};
  }
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object answer, CursorPageJson(std::move(items), next));
  return JsonReply(200, std::move(answer));
}

Result<ApiReply> GetSession(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(StoredSession session, PathSession(call, Permission::kSessionsRead));
  bool show_cost = true;
  if (session.session.customer) {
    OPENMSP_ASSIGN_OR_RETURN(
        Profile profile, call.db.profiles().FindById(who.tenant.id, session.session.customer->profile_id));
    show_cost = SeesPricesOf(who, profile, Permission::kSessionsRead);
  }
  boost::json::object json = SessionJson(session, show_cost);
  json["live"] = domain::IsShownLive(session);
  return JsonReply(200, std::move(json));
}

// ---- Remote start and stop (OCPI commands) ----

// The random source of the commands' uids (libsodium's, one buffer per thread).
ocpi::RandomSource& CommandRandom() {
  static emsp::SystemRandom random;
  return random;
}

// A command as the Control Centre shows it (never its request body: it holds the whole token).
boost::json::object CommandJson(const domain::Command& command) {
  return boost::json::object{
      {"id", command.id.value},
      {"type", domain::CommandTypeName(command.type)},
      {"state", domain::CommandStateName(command.state)},
      {"cpo", command.cpo.ToString()},
      {"peer_id", command.peer_id.value},
      {"authorization_reference", command.authorization_reference},
      {"requested_at", FormatOcpiDateTime(command.requested_at)},
      {"deadline", FormatOcpiDateTime(command.deadline)},
      {"answered_at", OptionalInstantJson(command.answered_at)},
      {"response_message", command.response_message},
      {"result", command.result ? boost::json::value(domain::CommandResultTypeName(*command.result))
                                : boost::json::value(nullptr)},
      {"result_at", OptionalInstantJson(command.result_at)},
      {"result_message", command.result_message}};
}

// Stores `request` for the CPO `cpo` and queues its sending (`emsp::QueueCommand`) in one transaction with
// the audit entry `action`; answers 202 with the command.
Result<ApiReply> QueueAudited(ApiCall& call, const PartyId& cpo, const emsp::CommandRequest& request,
                              std::string action, std::string_view field) {
  const Principal& who = call.who();
  if (call.context.ocpi_version_url.empty()) {
    return Error{ErrorCode::kUnavailable, "",
                 "this server has no OCPI public URL to receive command results at"};
  }
  Result<emsp::CommandTarget> target = emsp::CommandTargetFor(call.db, who.tenant.id, cpo);
  if (!target) {
    Error error = target.error();
    if (error.field == "cpo") error.field = std::string(field);
    return error;
  }
  std::optional<domain::Command> queued;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(queued, emsp::QueueCommand(tx, CommandRandom(), call.context.ocpi_version_url,
                                                        call.context.clock.Now(), *target, request));
    return AuditOf(who.user, std::move(action), "command", queued->id.value, "",
                   SerializeJson(CommandJson(*queued)), call.request_id);
  }));
  return JsonReply(202, CommandJson(*queued));
}

bool SameCiString(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

Result<ApiReply> StartSession(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(
      JsonBody body, JsonBody::Read(call.http, {"token_id", "location_id", "evse_uid", "connector_id"}));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t token_id, body.RequiredId("token_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t location_id, body.RequiredId("location_id"));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> evse_uid, body.OptionalString("evse_uid", 36));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> connector_id, body.OptionalString("connector_id", 36));
  if (connector_id && !evse_uid)
    return InvalidArgument("connector_id", "needs evse_uid: the connector of which EVSE");
  // The token is checked as its profile, under sessions.control.
  Result<domain::Token> token = call.db.tokens().FindById(who.tenant.id, domain::TokenId{token_id});
  if (!token) {
    if (token.error().code != ErrorCode::kNotFound) return std::move(token).error();
    return who.Refusal(Permission::kSessionsControl).Nested("token_id");
  }
  OPENMSP_RETURN_IF_ERROR(
      ProfileFor(call, token->profile_id.value, Permission::kSessionsControl, "token_id"));
  // Locations are the tenant's, the same for every role (as GET /locations/{location_id}).
  Result<domain::StoredLocation> location =
      call.db.locations().FindById(who.tenant.id, domain::LocationId{location_id});
  if (!location) {
    if (location.error().code != ErrorCode::kNotFound) return std::move(location).error();
    return Error{ErrorCode::kNotFound, "location_id", "no such location"};
  }
  emsp::StartSessionRequest start{.token_id = token->id,
                                  .location_id = location->location.key.location_id,
                                  .evse_uid = "",
                                  .connector_id = ""};
  if (evse_uid) {
    const auto& evses = location->location.evses;
    const auto evse = std::find_if(evses.begin(), evses.end(), [&](const domain::Evse& candidate) {
      return SameCiString(candidate.uid, *evse_uid);
    });
    if (evse == evses.end()) return Error{ErrorCode::kNotFound, "evse_uid", "the location has no such EVSE"};
    start.evse_uid = evse->uid;
    if (connector_id) {
      const auto connector = std::find_if(
          evse->connectors.begin(), evse->connectors.end(),
          [&](const domain::Connector& candidate) { return SameCiString(candidate.id, *connector_id); });
      if (connector == evse->connectors.end()) {
        return Error{ErrorCode::kNotFound, "connector_id", "the EVSE has no such connector"};
      }
      start.connector_id = connector->id;
    }
  }
  return QueueAudited(call, location->location.key.party, start, "session.start", "location_id");
}

Result<ApiReply> StopSession(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(StoredSession session, PathSession(call, Permission::kSessionsControl));
  if (!domain::IsShownLive(session)) {
    return Error{ErrorCode::kFailedPrecondition, "status",
                 "the session is " + std::string(domain::SessionStatusName(session.session.status)) +
                     (session.cdr ? " and has its CDR" : "") + ": only a live session can be stopped"};
  }
  return QueueAudited(call, session.session.key.party,
                      emsp::StopSessionRequest{.session_id = session.session.key.session_id}, "session.stop",
                      "session_id");
}

// What a command is about, for the scope check: the profile of the token a START_SESSION or RESERVE_NOW
// carries, or of the session a STOP_SESSION names. Nullopt when it is about no known profile (an unknown
// token or session, or another command): then only a caller holding the permission at the root reaches it.
Result<std::optional<domain::SessionCustomer>> CustomerOfCommand(ApiCall& call,
                                                                 const domain::Command& command) {
  const domain::TenantId tenant = call.who().tenant.id;
  const Result<boost::json::value> body = ParseJson(command.request_body);
  if (!body || !body->is_object()) return std::optional<domain::SessionCustomer>();
  const boost::json::object& request = body->as_object();
  if (command.type == domain::CommandType::kStopSession) {
    const boost::json::value* session_id = request.if_contains("session_id");
    if (session_id == nullptr || !session_id->is_string()) return std::optional<domain::SessionCustomer>();
    Result<StoredSession> session = call.db.sessions().Find(
        tenant, {.party = command.cpo, .session_id = std::string(session_id->as_string())});
    if (!session) {
      if (session.error().code != ErrorCode::kNotFound) return std::move(session).error();
      return std::optional<domain::SessionCustomer>();
    }
    return session->session.customer;
  }
  const boost::json::value* token = request.if_contains("token");
  if (token == nullptr || !token->is_object()) return std::optional<domain::SessionCustomer>();
  const boost::json::value* uid = token->as_object().if_contains("uid");
  const boost::json::value* type = token->as_object().if_contains("type");
  if (uid == nullptr || type == nullptr || !uid->is_string() || !type->is_string()) {
    return std::optional<domain::SessionCustomer>();
  }
  Result<domain::TokenType> token_type = domain::ParseTokenType(type->as_string());
  if (!token_type) return std::optional<domain::SessionCustomer>();
  return call.db.tokens().FindCustomer(tenant, uid->as_string(), *token_type);
}

Result<ApiReply> GetCommand(ApiCall& call) {
  const Principal& who = call.who();
  const Error refusal = who.Refusal(Permission::kSessionsControl).Nested("command_id");
  Result<std::int64_t> id = PathId(call.http, "command_id");
  if (!id) return refusal;
  Result<domain::Command> command = call.db.commands().FindById(who.tenant.id, domain::CommandId{*id});
  if (!command) {
    if (command.error().code != ErrorCode::kNotFound) return std::move(command).error();
    return refusal;
  }
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::SessionCustomer> customer,
                           CustomerOfCommand(call, *command));
  const Result<void> allowed = customer ? who.Authorize(Permission::kSessionsControl,
                                                        {.organisation_unit = customer->organisation_unit_id,
                                                         .profile = customer->profile_id})
                                        : who.AuthorizeAtRoot(Permission::kSessionsControl);
  if (!allowed) return allowed.error().Nested("command_id");
  return JsonReply(200, CommandJson(*command));
}

constexpr const char* kCommandSchema = R"({"type": "object",
  "required": ["id", "type", "state", "cpo", "peer_id", "authorization_reference", "requested_at", "deadline",
    "answered_at", "response_message", "result", "result_at", "result_message"],
  "properties": {"id": {"type": "integer"},
    "type": {"enum": ["CANCEL_RESERVATION", "RESERVE_NOW", "START_SESSION", "STOP_SESSION", "UNLOCK_CONNECTOR"]},
    "state": {"enum": ["requested", "accepted", "rejected", "not_supported", "unknown_session", "unreachable",
      "succeeded", "failed", "timed_out", "canceled"]},
    "cpo": {"type": "string"}, "peer_id": {"type": "integer"}, "authorization_reference": {"type": "string"},
    "requested_at": {"type": "string"}, "deadline": {"type": "string"},
    "answered_at": {"type": ["string", "null"]}, "response_message": {"type": "string"},
    "result": {"type": ["string", "null"]}, "result_at": {"type": ["string", "null"]},
    "result_message": {"type": "string"}}})";

constexpr const char* kSessionSchema = R"({"type": "object",
  "required": ["id", "cpo", "session_id", "status", "start_date_time", "end_date_time", "kwh", "currency",
    "total_cost", "auth_method", "authorization_reference", "location_id", "evse_uid", "connector_id",
    "token_uid", "token_type", "contract_id", "token_id", "profile_id", "organisation_unit_id", "last_updated"],
  "properties": {"id": {"type": "integer"}, "cpo": {"type": "string"}, "session_id": {"type": "string"},
    "status": {"enum": ["ACTIVE", "COMPLETED", "INVALID", "PENDING", "RESERVATION"]},
    "start_date_time": {"type": "string"}, "end_date_time": {"type": ["string", "null"]},
    "kwh": {"type": "number"}, "currency": {"type": "string"},
    "total_cost": {"type": ["object", "null"], "properties": {"excl_vat": {"type": "number"},
      "incl_vat": {"type": ["number", "null"]}}},
    "auth_method": {"enum": ["AUTH_REQUEST", "COMMAND", "WHITELIST"]},
    "authorization_reference": {"type": "string"}, "location_id": {"type": "string"},
    "evse_uid": {"type": "string"}, "connector_id": {"type": "string"}, "token_uid": {"type": "string"},
    "token_type": {"type": "string"}, "contract_id": {"type": "string"},
    "token_id": {"type": ["integer", "null"]}, "profile_id": {"type": ["integer", "null"]},
    "organisation_unit_id": {"type": ["integer", "null"]}, "last_updated": {"type": "string"},
    "live": {"type": "boolean"}}})";

}  // namespace

std::vector<ApiRoute> SessionRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(Route("sessions", "GET", "/sessions",
                         "The live sessions in your scope, newest first (query: organisation_unit_id, "
                         "profile_id, token_id, after, limit)",
                         Permission::kSessionsRead, "", PageSchema(kSessionSchema), 200, ListSessions));
  routes.push_back(Route("sessions", "GET", "/sessions/{session_id}",
                         "One session in your scope, live or not", Permission::kSessionsRead, "",
                         kSessionSchema, 200, GetSession));
  routes.push_back(Route("sessions", "POST", "/sessions/start",
                         "Asks the CPO of a location to start charging with a token of your scope (OCPI "
                         "START_SESSION, sent in the background): 202 with the command",
                         Permission::kSessionsControl, R"({"type": "object",
      "required": ["token_id", "location_id"], "additionalProperties": false,
      "properties": {"token_id": {"type": "integer"}, "location_id": {"type": "integer"},
      "evse_uid": {"type": "string", "maxLength": 36}, "connector_id": {"type": "string", "maxLength": 36}}})",
                         kCommandSchema, 202, StartSession));
  routes.push_back(Route("sessions", "POST", "/sessions/{session_id}/stop",
                         "Asks the CPO to stop a live session of your scope (OCPI STOP_SESSION, sent in the "
                         "background): 202 with the command",
                         Permission::kSessionsControl, "", kCommandSchema, 202, StopSession));
  routes.push_back(Route("sessions", "GET", "/commands/{command_id}",
                         "What became of a start or stop command of your scope: requested, accepted or "
                         "rejected by the CPO, and the charger's result",
                         Permission::kSessionsControl, "", kCommandSchema, 200, GetCommand));
  return routes;
}

}  // namespace openmsp::api
