#include "emsp/commands_module.h"

#include <boost/json/serialize.hpp>
#include <iostream>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/json.h"
#include "domain/hub_client.h"
#include "ocpi/authorization.h"
#include "ocpi/commands.h"
#include "ocpi/envelope.h"
#include "ocpi/headers.h"
#include "ocpi/tokens.h"

namespace openmsp::emsp {
namespace {

using domain::CommandState;

void Log(const std::string& line) { std::cerr << line + '\n'; }

Error PeerRefused(std::string reason) {
  return Error{ErrorCode::kFailedPrecondition, "peer_id", std::move(reason)};
}

// Everything a command needs before it is stored and sent.
struct Prepared {
  domain::NewCommand command;
  std::string url;
  domain::OutgoingCredentials credentials;
  ocpi::Routing routing;
};

domain::CommandType TypeOf(const CommandRequest& request) {
  static constexpr domain::CommandType kTypes[] = {
      domain::CommandType::kStartSession, domain::CommandType::kStopSession, domain::CommandType::kReserveNow,
      domain::CommandType::kCancelReservation, domain::CommandType::kUnlockConnector};
  return kTypes[request.index()];
}

Result<PartyId> CpoParty(const domain::Peer& peer, const std::optional<PartyId>& asked) {
  std::vector<PartyId> cpos;
  bool hub = false;
  for (const domain::PeerRole& role : peer.roles) {
    if (role.role == domain::OcpiRole::kCpo) cpos.push_back(role.party);
    if (role.role == domain::OcpiRole::kHub) hub = true;
  }
  if (asked) {
    for (const PartyId& cpo : cpos) {
      if (cpo == *asked) return cpo;
    }
    // A hub fronts parties it does not list in its credentials (they come through hubclientinfo).
    if (hub) return *asked;
    return InvalidArgument("cpo", asked->ToString() + " is not a CPO role of the peer");
  }
  if (cpos.size() == 1 && !hub) return cpos.front();
  return InvalidArgument("cpo", "say which CPO party the command is for: the peer has " +
                                    std::to_string(cpos.size()) + " CPO roles" +
                                    (hub ? " and is a hub" : ""));
}

// The full Token of one of the tenant's tokens, refused unless it may charge now: the CPO does not check
// tokens in commands (§11.2). Also the party it is published under: the command's `from`.
Result<std::pair<boost::json::object, PartyId>> OwnToken(store::Repositories& db,
                                                         const domain::Tenant& tenant, domain::TokenId id,
                                                         Instant now) {
  Result<domain::Token> token = db.tokens().FindById(tenant.id, id);
  if (!token) {
    Error error = token.error();
    if (error.code == ErrorCode::kNotFound) error.field = "token_id";
    return error;
  }
  if (!domain::IsOcpiValid(*token, now)) {
    return Error{
        ErrorCode::kFailedPrecondition, "token_id",
        "the token may not charge now (status " + std::string(domain::TokenStatusName(token->status)) +
            " or outside its validity); the CPO does not check tokens in commands, so the eMSP does"};
  }
  OPENMSP_ASSIGN_OR_RETURN(PartyId party, ocpi::TokenParty(*token, tenant.parties));
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object json, ocpi::TokenJson(*token, party, now));
  return std::pair{std::move(json), party};
}

// The body of `request` with `response_url`, and the tenant's party it is sent from.
struct Body {
  boost::json::value json;
  std::optional<PartyId> from;
  std::string authorization_reference;
};

Result<Body> BuildBody(store::Repositories& db, const domain::Tenant& tenant, const CommandRequest& request,
                       const std::string& response_url, const std::string& uid, Instant now) {
  return std::visit(
      [&](const auto& asked) -> Result<Body> {
        using Asked = std::decay_t<decltype(asked)>;
        Body body;
        if constexpr (std::is_same_v<Asked, StartSessionRequest>) {
          OPENMSP_ASSIGN_OR_RETURN(auto token, OwnToken(db, tenant, asked.token_id, now));
          body.from = token.second;
          body.authorization_reference = uid;
          OPENMSP_ASSIGN_OR_RETURN(body.json,
                                   ocpi::CommandJson(ocpi::StartSession{.response_url = response_url,
                                                                        .token = std::move(token.first),
                                                                        .location_id = asked.location_id,
                                                                        .evse_uid = asked.evse_uid,
                                                                        .connector_id = asked.connector_id,
                                                                        .authorization_reference = uid}));
        } else if constexpr (std::is_same_v<Asked, ReserveNowRequest>) {
          OPENMSP_ASSIGN_OR_RETURN(auto token, OwnToken(db, tenant, asked.token_id, now));
          body.from = token.second;
          body.authorization_reference = uid;
          OPENMSP_ASSIGN_OR_RETURN(body.json,
                                   ocpi::CommandJson(ocpi::ReserveNow{.response_url = response_url,
                                                                      .token = std::move(token.first),
                                                                      .expiry_date = asked.expiry_date,
                                                                      .reservation_id = asked.reservation_id,
                                                                      .location_id = asked.location_id,
                                                                      .evse_uid = asked.evse_uid,
                                                                      .authorization_reference = uid}));
        } else if constexpr (std::is_same_v<Asked, StopSessionRequest>) {
          OPENMSP_ASSIGN_OR_RETURN(body.json,
                                   ocpi::CommandJson(ocpi::StopSession{.response_url = response_url,
                                                                       .session_id = asked.session_id}));
        } else if constexpr (std::is_same_v<Asked, CancelReservationRequest>) {
          OPENMSP_ASSIGN_OR_RETURN(
              body.json, ocpi::CommandJson(ocpi::CancelReservation{.response_url = response_url,
                                                                   .reservation_id = asked.reservation_id}));
        } else {
          OPENMSP_ASSIGN_OR_RETURN(
              body.json, ocpi::CommandJson(ocpi::UnlockConnector{.response_url = response_url,
                                                                 .location_id = asked.location_id,
                                                                 .evse_uid = asked.evse_uid,
                                                                 .connector_id = asked.connector_id}));
        }
        return body;
      },
      request);
}

const domain::PeerEndpoint* CommandsEndpoint(const domain::Peer& peer) {
  const domain::PeerEndpoint* endpoint = nullptr;
  for (const domain::PeerEndpoint& candidate : peer.endpoints) {
    if (candidate.module == "commands" && candidate.role == domain::InterfaceRole::kReceiver)
      endpoint = &candidate;
  }
  return endpoint;
}

// `{commands endpoint}/{COMMAND}` of `endpoint`.
std::string CommandUrl(const domain::PeerEndpoint& endpoint, domain::CommandType type) {
  std::string url = endpoint.url;
  if (!url.empty() && url.back() != '/') url += '/';
  return url + std::string(domain::CommandTypeName(type));
}

Result<Prepared> Prepare(store::Repositories& db, ocpi::RandomSource& random, std::string_view version_url,
                         Instant now, const CommandTarget& target, const CommandRequest& request) {
  Result<domain::Peer> peer = db.peers().FindById(target.tenant_id, target.peer_id);
  if (!peer) {
    Error error = peer.error();
    if (error.code == ErrorCode::kNotFound) error.field = "peer_id";
    return error;
  }
  if (peer->status != domain::PeerStatus::kConnected) {
    return PeerRefused("the peer is " + std::string(domain::PeerStatusName(peer->status)) +
                       "; commands go to connected peers only");
  }
  const domain::PeerEndpoint* endpoint = CommandsEndpoint(*peer);
  if (endpoint == nullptr) return PeerRefused("the peer has no commands RECEIVER endpoint");
  OPENMSP_ASSIGN_OR_RETURN(PartyId cpo, CpoParty(*peer, target.cpo));
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, db.tenants().FindById(target.tenant_id));
  if (tenant.parties.empty()) return Error{ErrorCode::kInternal, "tenant_id", "the tenant has no party"};

  const domain::CommandType type = TypeOf(request);
  const std::string type_name(domain::CommandTypeName(type));
  const std::string uid = ocpi::NewUuid(random);
  const std::string response_url = std::string(version_url) + "/commands/" + type_name + "/" + uid;
  OPENMSP_ASSIGN_OR_RETURN(Body body, BuildBody(db, tenant, request, response_url, uid, now));
  OPENMSP_ASSIGN_OR_RETURN(domain::OutgoingCredentials credentials,
                           db.peers().FindOutgoingCredentials(target.tenant_id, target.peer_id));
  return Prepared{.command = {.peer_id = target.peer_id,
                              .type = type,
                              .uid = uid,
                              .cpo = cpo,
                              .request_body = boost::json::serialize(body.json),
                              .authorization_reference = body.authorization_reference,
                              .deadline = now + kUnansweredCommandDeadline},
                  .url = CommandUrl(*endpoint, type),
                  .credentials = std::move(credentials),
                  .routing = {.to = cpo, .from = body.from.value_or(tenant.parties.front())}};
}

std::string Texts(const std::vector<ocpi::DisplayText>& texts) {
  std::string joined;
  for (const ocpi::DisplayText& text : texts) {
    if (!joined.empty()) joined += "; ";
    joined += "[" + text.language + "] " + text.text;
  }
  return joined;
}

CommandState StateOf(ocpi::CommandResponseType result) {
  switch (result) {
    case ocpi::CommandResponseType::kAccepted:
      return CommandState::kAccepted;
    case ocpi::CommandResponseType::kRejected:
      return CommandState::kRejected;
    case ocpi::CommandResponseType::kNotSupported:
      return CommandState::kNotSupported;
    case ocpi::CommandResponseType::kUnknownSession:
      return CommandState::kUnknownSession;
  }
  return CommandState::kRejected;
}

domain::CommandResultType ResultOf(ocpi::CommandResultType result) {
  switch (result) {
    case ocpi::CommandResultType::kAccepted:
      return domain::CommandResultType::kAccepted;
    case ocpi::CommandResultType::kCanceledReservation:
      return domain::CommandResultType::kCanceledReservation;
    case ocpi::CommandResultType::kEvseOccupied:
      return domain::CommandResultType::kEvseOccupied;
    case ocpi::CommandResultType::kEvseInoperative:
      return domain::CommandResultType::kEvseInoperative;
    case ocpi::CommandResultType::kFailed:
      return domain::CommandResultType::kFailed;
    case ocpi::CommandResultType::kNotSupported:
      return domain::CommandResultType::kNotSupported;
    case ocpi::CommandResultType::kRejected:
      return domain::CommandResultType::kRejected;
    case ocpi::CommandResultType::kTimeout:
      return domain::CommandResultType::kTimeout;
    case ocpi::CommandResultType::kUnknownReservation:
      return domain::CommandResultType::kUnknownReservation;
  }
  return domain::CommandResultType::kFailed;
}

domain::CommandResponseRecord Unreachable(std::string reason) {
  return {.state = CommandState::kUnreachable,
          .timeout_seconds = std::nullopt,
          .message = std::move(reason),
          .deadline = {}};
}

// What the CPO's answer (or the failure to get one) means for the command, answered at `now`.
domain::CommandResponseRecord Interpret(const Result<http::HttpClientResponse>& response, Instant now) {
  if (!response) return Unreachable(response.error().ToString());
  const std::string http = "HTTP " + std::to_string(response->status);
  Result<ocpi::Envelope> envelope = ocpi::ParseEnvelope(response->body);
  if (!envelope) return Unreachable(http + ", not an OCPI answer: " + envelope.error().ToString());
  const int code = envelope->status_code;
  Result<ocpi::StatusClass> status_class = ocpi::ClassOf(code);
  if (status_class && *status_class == ocpi::StatusClass::kClientError) {
    // The CPO refused the request itself, e.g. 2003 for a location it does not know.
    Result<boost::json::value> refused = ocpi::SuccessData(*std::move(envelope));
    return {.state = CommandState::kRejected,
            .timeout_seconds = 0,
            .message = refused ? std::string() : refused.error().message,
            .deadline = {}};
  }
  if (response->status < 200 || response->status > 299) {
    return Unreachable(http + " with status_code " + std::to_string(code));
  }
  Result<boost::json::value> data = ocpi::SuccessData(*std::move(envelope));
  if (!data) return Unreachable(http + ": " + data.error().ToString());
  Result<ocpi::CommandResponse> answer = ocpi::ParseCommandResponse(*data);
  if (!answer) return Unreachable("the CommandResponse is not valid: " + answer.error().ToString());
  return {.state = StateOf(answer->result),
          .timeout_seconds = answer->timeout_seconds,
          .message = Texts(answer->message),
          .deadline = domain::ResultDeadline(now, answer->timeout_seconds)};
}

// POSTs a command's body once (never retried: a START_SESSION sent twice may start two sessions).
Result<http::HttpClientResponse> Post(http::HttpClient& client, ocpi::RandomSource& random,
                                      const std::string& url, const domain::OutgoingCredentials& credentials,
                                      const ocpi::Routing& routing, const std::string& body) {
  http::HttpClientRequest post{
      .method = "POST", .url = url, .headers = {}, .body = body, .retry_safe = false};
  post.headers.Set("Authorization", ocpi::AuthorizationHeaderValue(credentials));
  post.headers.Set("Content-Type", "application/json");
  ocpi::SetRequestIds(post.headers, ocpi::NewRequestIds(random));
  ocpi::SetRouting(post.headers, routing);
  return client.Send(post);
}

// An `ocpi.command` job's payload.
struct CommandJob {
  domain::CommandId command_id;
  PartyId from;
};

std::string CommandJobPayload(const CommandJob& job) {
  return SerializeJson(
      boost::json::object{{"command_id", job.command_id.value}, {"from", job.from.ToString()}});
}

Result<CommandJob> ParseCommandJobPayload(std::string_view payload) {
  Result<boost::json::value> parsed = ParseJson(payload);
  if (!parsed || !parsed->is_object()) return InvalidArgument("payload", "must be a JSON object");
  const boost::json::object& object = parsed->as_object();
  const boost::json::value* id = object.if_contains("command_id");
  if (id == nullptr || !id->is_int64() || id->as_int64() <= 0) {
    return InvalidArgument("command_id", "must be a positive integer");
  }
  const boost::json::value* from = object.if_contains("from");
  if (from == nullptr || !from->is_string()) return InvalidArgument("from", "must be a party");
  Result<PartyId> party = PartyId::Parse(from->as_string());
  if (!party) return party.error().Nested("from");
  return CommandJob{.command_id = domain::CommandId{id->as_int64()}, .from = *party};
}

}  // namespace

Result<CommandTarget> CommandTargetFor(store::Repositories& db, domain::TenantId tenant_id,
                                       const PartyId& cpo) {
  OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::Peer> peers, db.peers().List(tenant_id));
  std::optional<domain::PeerId> hub;
  for (const domain::Peer& peer : peers) {
    if (peer.status != domain::PeerStatus::kConnected || CommandsEndpoint(peer) == nullptr) continue;
    for (const domain::PeerRole& role : peer.roles) {
      if (role.role == domain::OcpiRole::kCpo && role.party == cpo) {
        return CommandTarget{.tenant_id = tenant_id, .peer_id = peer.id, .cpo = cpo};
      }
      if (role.role == domain::OcpiRole::kHub && !hub) {
        Result<domain::HubClient> client = db.hub_clients().Find(tenant_id, peer.id, cpo);
        if (client && client->status == domain::HubClientStatus::kConnected) {
          hub = peer.id;
        } else if (!client && client.error().code != ErrorCode::kNotFound) {
          return client.error();
        }
      }
    }
  }
  if (hub) return CommandTarget{.tenant_id = tenant_id, .peer_id = *hub, .cpo = cpo};
  return Error{ErrorCode::kFailedPrecondition, "cpo",
               "no connected peer takes commands for the CPO " + cpo.ToString() +
                   " (a CPO with that role, or a hub that reports it connected)"};
}

Result<domain::Command> QueueCommand(store::Repositories& db, ocpi::RandomSource& random,
                                     std::string_view version_url, Instant now, const CommandTarget& target,
                                     const CommandRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(Prepared prepared, Prepare(db, random, version_url, now, target, request));
  OPENMSP_ASSIGN_OR_RETURN(domain::Command command, db.commands().Create(target.tenant_id, prepared.command));
  const CommandJob job{.command_id = command.id,
                       .from = prepared.routing.from.value_or(prepared.command.cpo)};
  OPENMSP_RETURN_IF_ERROR(
      db.jobs().Enqueue(target.tenant_id,
                        domain::NewJob{.kind = std::string(kCommandJob),
                                       .payload = CommandJobPayload(job),
                                       .dedupe_key = "command:" + std::to_string(command.id.value),
                                       .max_attempts = 1,
                                       .run_at = std::nullopt},
                        now));
  return command;
}

Result<domain::Command> RunCommandJob(store::Repositories& db, http::HttpClient& client,
                                      ocpi::RandomSource& random, const Clock& clock,
                                      const domain::Job& job) {
  if (!job.tenant_id) return InvalidArgument("tenant_id", "a command is a tenant's");
  OPENMSP_ASSIGN_OR_RETURN(const CommandJob queued, ParseCommandJobPayload(job.payload));
  OPENMSP_ASSIGN_OR_RETURN(const domain::Command command,
                           db.commands().FindById(*job.tenant_id, queued.command_id));
  // Sent (or given up on) already: a command is never sent twice.
  if (command.state != CommandState::kRequested || command.answered_at) return command;
  Result<domain::Peer> peer = db.peers().FindById(*job.tenant_id, command.peer_id);
  if (!peer && peer.error().code != ErrorCode::kNotFound) return peer.error();
  const domain::PeerEndpoint* endpoint = peer ? CommandsEndpoint(*peer) : nullptr;
  if (!peer || peer->status != domain::PeerStatus::kConnected || endpoint == nullptr) {
    const std::string why = !peer ? "the peer is gone"
                            : peer->status != domain::PeerStatus::kConnected
                                ? "the peer is " + std::string(domain::PeerStatusName(peer->status))
                                : "the peer has no commands RECEIVER endpoint any more";
    return db.commands().RecordResponse(*job.tenant_id, command.id,
                                        Unreachable(why + "; the command was not sent"));
  }
  OPENMSP_ASSIGN_OR_RETURN(const domain::OutgoingCredentials credentials,
                           db.peers().FindOutgoingCredentials(*job.tenant_id, command.peer_id));
  const Result<http::HttpClientResponse> response =
      Post(client, random, CommandUrl(*endpoint, command.type), credentials,
           ocpi::Routing{.to = command.cpo, .from = queued.from}, command.request_body);
  return db.commands().RecordResponse(*job.tenant_id, command.id, Interpret(response, clock.Now()));
}

Result<domain::Command> SendCommand(OcpiContext& context, http::HttpClient& client,
                                    const CommandTarget& target, const CommandRequest& request) {
  std::optional<Prepared> prepared;
  std::optional<domain::Command> command;
  {
    OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context.pool.Borrow());
    OPENMSP_ASSIGN_OR_RETURN(
        prepared, Prepare(*db, context.random, context.VersionUrl(), context.clock.Now(), target, request));
    OPENMSP_ASSIGN_OR_RETURN(command, db->commands().Create(target.tenant_id, prepared->command));
  }  // no connection is held while the CPO is asked

  const Result<http::HttpClientResponse> response =
      Post(client, context.random, prepared->url, prepared->credentials, prepared->routing,
           prepared->command.request_body);
  const domain::CommandResponseRecord answer = Interpret(response, context.clock.Now());

  OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context.pool.Borrow());
  return db->commands().RecordResponse(target.tenant_id, command->id, answer);
}

void RegisterCommandsModule(OcpiEndpoints& endpoints) {
  OcpiContext& context = endpoints.context();
  endpoints.Add(
      "POST", "/ocpi/2.2.1/commands/{command}/{uid}", OcpiAccess::kConnected,
      [&context](const OcpiRequest& request) -> Result<OcpiReply> {
        const std::string uid(request.http.PathParameterValue("uid").value_or(""));
        Result<domain::CommandType> type =
            domain::ParseCommandType(request.http.PathParameterValue("command").value_or(""));
        if (!type) return Error{ErrorCode::kNotFound, "uid", "no such command"};
        Result<boost::json::value> body = ParseJson(request.http.body);
        if (!body) return body.error().Nested("body");
        OPENMSP_ASSIGN_OR_RETURN(ocpi::CommandResult result, ocpi::ParseCommandResult(*body));
        OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, context.pool.Borrow());
        Result<domain::RecordedResult> recorded = db->commands().RecordResult(
            request.caller.tenant_id, request.caller.peer_id, *type, uid,
            {.result = ResultOf(result.result), .message = Texts(result.message)});
        if (!recorded) {
          if (recorded.error().code == ErrorCode::kUnavailable) db.Discard();
          return recorded.error();
        }
        if (recorded->recording == domain::ResultRecording::kIgnored) {
          const domain::Command& kept = recorded->command;
          Log("openmsp: commands: a further CommandResult " +
              std::string(domain::CommandResultTypeName(ResultOf(result.result))) + " for command " +
              std::to_string(kept.id.value) + " (" + std::string(domain::CommandTypeName(kept.type)) + " " +
              uid + ") of tenant " + std::to_string(kept.tenant_id.value) + ", peer " +
              std::to_string(kept.peer_id.value) + " ignored; the first one, " +
              std::string(
                  domain::CommandResultTypeName(kept.result.value_or(domain::CommandResultType::kFailed))) +
              ", is kept");
        }
        return OcpiReply{};
      });
}

Result<std::size_t> TimeOutOverdueCommands(store::Repositories& db, Instant now) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::Tenant> tenants, db.tenants().List());
  std::size_t moved = 0;
  for (const domain::Tenant& tenant : tenants) {
    OPENMSP_ASSIGN_OR_RETURN(std::size_t count, db.commands().TimeOutOverdue(tenant.id, now));
    moved += count;
  }
  return moved;
}

CommandTimeoutSweep::CommandTimeoutSweep(store::RepositoryPool& pool, const Clock& clock,
                                         std::chrono::milliseconds interval)
    : task_(interval, [&pool, &clock] {
        Result<std::size_t> swept = [&]() -> Result<std::size_t> {
          OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, pool.Borrow());
          Result<std::size_t> moved = TimeOutOverdueCommands(*db, clock.Now());
          if (!moved && moved.error().code == ErrorCode::kUnavailable) db.Discard();
          return moved;
        }();
        if (!swept) Log("openmsp: command timeout sweep: " + swept.error().ToString());
      }) {}

}  // namespace openmsp::emsp
