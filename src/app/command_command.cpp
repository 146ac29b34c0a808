#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/command.h"
#include "app/operator_support.h"
#include "app/public_url.h"
#include "app/operator_support.h"
#include "core/clock.h"
#include "core/json.h"
#include "domain/command.h"
#include "domain/token.h"
#include "emsp/commands_module.h"
#include "emsp/system_random.h"
#include "http/client.h"
#include "store/database_url.h"
#include "store/repositories.h"
#include "store/repository_pool.h"

namespace openmsp::app {
namespace {

// `openmsp command …`: OCPI commands sent to a CPO by a person (the Control Centre will send them through
// the same `emsp::SendCommand`).

struct CommandOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant;
  std::int64_t peer = 0;
  std::string cpo;
  PublicUrlSetting public_url = PublicUrlSetting::FromEnvironment();
  std::string public_url_source;
  // The command's own fields; each subcommand uses some.
  std::string token;
  std::string token_type = "RFID";
  std::string location;
  std::string evse;
  std::string connector;
  std::string session;
  std::string reservation;
  std::string expiry;
  std::int64_t id = 0;
};

boost::json::value OptionalInstantJson(const std::optional<Instant>& instant) {
  return instant ? boost::json::value(FormatOcpiDateTime(*instant)) : boost::json::value();
}

boost::json::object CommandObject(const domain::Command& command) {
  boost::json::object object{{"id", command.id.value},
                             {"peer", command.peer_id.value},
                             {"type", domain::CommandTypeName(command.type)},
                             {"uid", command.uid},
                             {"cpo", command.cpo.ToString()},
                             {"state", domain::CommandStateName(command.state)},
                             {"requested_at", FormatOcpiDateTime(command.requested_at)},
                             {"deadline", FormatOcpiDateTime(command.deadline)}};
  object["authorization_reference"] = command.authorization_reference;
  object["answered_at"] = OptionalInstantJson(command.answered_at);
  object["timeout"] = command.timeout_seconds ? boost::json::value(*command.timeout_seconds) : boost::json::value();
  object["response_message"] = command.response_message;
  object["result"] = command.result ? boost::json::value(domain::CommandResultTypeName(*command.result))
                                    : boost::json::value();
  object["result_at"] = OptionalInstantJson(command.result_at);
  object["result_message"] = command.result_message;
  object["canceled_at"] = OptionalInstantJson(command.canceled_at);
  object["request"] = ParseJson(command.request_body).value_or(boost::json::value(command.request_body));
  return object;
}

// The id of the tenant's token `uid` of the type `--token-type` names.
Result<domain::TokenId> TokenIdOf(store::Repositories& db, domain::TenantId tenant, const CommandOptions& options) {
  Result<domain::TokenType> type = domain::ParseTokenType(options.token_type);
  if (!type) return Error{ErrorCode::kInvalidArgument, "--token-type", type.error().message};
  Result<domain::Token> token = db.tokens().FindByUid(tenant, options.token, *type);
  if (!token) return Error{token.error().code, "--token", token.error().message};
  return token->id;
}

using BuildRequest = Result<emsp::CommandRequest> (*)(store::Repositories&, domain::TenantId, const CommandOptions&);

Result<emsp::CommandRequest> StartSession(store::Repositories& db, domain::TenantId tenant,
                                          const CommandOptions& options) {
  OPENMSP_ASSIGN_OR_RETURN(domain::TokenId token, TokenIdOf(db, tenant, options));
  return emsp::CommandRequest(emsp::StartSessionRequest{
      .token_id = token, .location_id = options.location, .evse_uid = options.evse, .connector_id = options.connector});
}

Result<emsp::CommandRequest> StopSession(store::Repositories&, domain::TenantId, const CommandOptions& options) {
  return emsp::CommandRequest(emsp::StopSessionRequest{.session_id = options.session});
}

Result<emsp::CommandRequest> ReserveNow(store::Repositories& db, domain::TenantId tenant,
                                        const CommandOptions& options) {
  Result<Instant> expiry = ParseOcpiDateTime(options.expiry);
  if (!expiry) return Error{ErrorCode::kInvalidArgument, "--expiry", expiry.error().message};
  OPENMSP_ASSIGN_OR_RETURN(domain::TokenId token, TokenIdOf(db, tenant, options));
  return emsp::CommandRequest(emsp::ReserveNowRequest{.token_id = token,
                                                      .expiry_date = *expiry,
                                                      .reservation_id = options.reservation,
                                                      .location_id = options.location,
                                                      .evse_uid = options.evse});
}

Result<emsp::CommandRequest> CancelReservation(store::Repositories&, domain::TenantId,
                                               const CommandOptions& options) {
  return emsp::CommandRequest(emsp::CancelReservationRequest{.reservation_id = options.reservation});
}

Result<emsp::CommandRequest> UnlockConnector(store::Repositories&, domain::TenantId, const CommandOptions& options) {
  return emsp::CommandRequest(emsp::UnlockConnectorRequest{
      .location_id = options.location, .evse_uid = options.evse, .connector_id = options.connector});
}

// Sends the command `build` makes and prints it as stored afterwards.
Result<std::string> Send(const CommandOptions& options, BuildRequest build) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string public_url,
                           NormalisePublicUrl(options.public_url.url, options.public_url_source));
  OPENMSP_ASSIGN_OR_RETURN(const store::DatabaseUrl url, store::ParseDatabaseUrl(options.database.url));
  std::optional<PartyId> cpo;
  if (!options.cpo.empty()) {
    Result<PartyId> party = PartyId::Parse(options.cpo);
    if (!party) return Error{ErrorCode::kInvalidArgument, "--cpo", party.error().message};
    cpo = *party;
  }
  const SystemClock clock;
  store::RepositoryPool pool(url, clock, 1);
  domain::TenantId tenant_id;
  std::optional<emsp::CommandRequest> request;
  {
    OPENMSP_ASSIGN_OR_RETURN(store::RepositoryPool::Lease db, pool.Borrow());
    OPENMSP_ASSIGN_OR_RETURN(const domain::Tenant tenant, TenantBySlug(*db, options.tenant));
    tenant_id = tenant.id;
    OPENMSP_ASSIGN_OR_RETURN(request, build(*db, tenant_id, options));
  }
  emsp::SystemRandom random;
  emsp::OcpiContext context{.pool = pool, .clock = clock, .random = random, .public_url = public_url};
  OPENMSP_ASSIGN_OR_RETURN(http::HttpClient client, http::HttpClient::Create());
  Result<domain::Command> sent = emsp::SendCommand(
      context, client, {.tenant_id = tenant_id, .peer_id = domain::PeerId{options.peer}, .cpo = cpo}, *request);
  if (!sent) {
    Error error = std::move(sent).error();
    if (error.field == "peer_id") error.field = "--peer";
    if (error.field == "cpo") error.field = "--cpo";
    if (error.field == "token_id") error.field = "--token";
    return error;
  }
  return SerializeJson(CommandObject(*sent)) + "\n";
}

Result<std::string> Show(const CommandOptions& options) {
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories db, OpenDatabase(options.database.url, clock, /*migrate=*/false));
  OPENMSP_ASSIGN_OR_RETURN(const domain::Tenant tenant, TenantBySlug(db, options.tenant));
  Result<domain::Command> command = db.commands().FindById(tenant.id, domain::CommandId{options.id});
  if (!command) return Error{command.error().code, "--id", command.error().message};
  return SerializeJson(CommandObject(*command)) + "\n";
}

}  // namespace

void RegisterCommandCommand(CLI::App& app, CommandResult& exit_code) {
  CLI::App* command = app.add_subcommand(
      "command", "Send an OCPI command (START_SESSION, STOP_SESSION, …) to a CPO peer, or show one sent");
  command->require_subcommand(1);

  const auto add = [&](const char* name, const char* help, BuildRequest build,
                       const std::function<void(CLI::App&, CommandOptions&)>& add_fields) {
    auto options = std::make_shared<CommandOptions>();
    CLI::App* sub = command->add_subcommand(name, help);
    CLI::Option* database = sub->add_option("--database", options->database.url, store::DatabaseSetting::Help());
    sub->add_option("--tenant", options->tenant, "The tenant's slug")->required();
    sub->add_option("--peer", options->peer, "The peer's id (`openmsp peer list`)")->required();
    sub->add_option("--cpo", options->cpo,
                    "The CPO party the command is for, e.g. NL-CPO (needed for a hub, or a peer with several)");
    CLI::Option* public_url = sub->add_option("--public-url", options->public_url.url, PublicUrlSetting::Help());
    add_fields(*sub, *options);
    sub->callback([options, database, public_url, build, name, &exit_code] {
      options->public_url_source = options->public_url.Source(public_url->count() > 0);
      RunAndReport(
          std::string("command ") + name, *options, database->count() > 0,
          [build](const CommandOptions& given) { return Send(given, build); }, exit_code);
    });
  };
  const auto token = [](CLI::App& sub, CommandOptions& options) {
    sub.add_option("--token", options.token, "The uid of the tenant's token (it must be valid)")->required();
    sub.add_option("--token-type", options.token_type, "RFID, APP_USER, AD_HOC_USER or OTHER")->capture_default_str();
  };
  add("start-session", "Ask the CPO to start a session for one of the tenant's tokens", StartSession,
      [&](CLI::App& sub, CommandOptions& options) {
        token(sub, options);
        sub.add_option("--location", options.location, "The CPO's location id")->required();
        sub.add_option("--evse", options.evse, "The EVSE uid (else the CPO picks)");
        sub.add_option("--connector", options.connector, "The connector id (needs --evse)");
      });
  add("stop-session", "Ask the CPO to stop one of its sessions", StopSession,
      [](CLI::App& sub, CommandOptions& options) {
        sub.add_option("--session", options.session, "The CPO's session id")->required();
      });
  add("reserve-now", "Ask the CPO to reserve an EVSE (or a location) for one of the tenant's tokens", ReserveNow,
      [&](CLI::App& sub, CommandOptions& options) {
        token(sub, options);
        sub.add_option("--expiry", options.expiry, "Until when, an OCPI DateTime (UTC)")->required();
        sub.add_option("--reservation", options.reservation, "The reservation id")->required();
        sub.add_option("--location", options.location, "The CPO's location id")->required();
        sub.add_option("--evse", options.evse, "The EVSE uid (else any EVSE of the location)");
      });
  add("cancel-reservation", "Ask the CPO to cancel a reservation", CancelReservation,
      [](CLI::App& sub, CommandOptions& options) {
        sub.add_option("--reservation", options.reservation, "The reservation id")->required();
      });
  add("unlock-connector", "Ask the CPO to unlock a connector (help desk only)", UnlockConnector,
      [](CLI::App& sub, CommandOptions& options) {
        sub.add_option("--location", options.location, "The CPO's location id")->required();
        sub.add_option("--evse", options.evse, "The EVSE uid")->required();
        sub.add_option("--connector", options.connector, "The connector id")->required();
      });

  auto show_options = std::make_shared<CommandOptions>();
  CLI::App* show = command->add_subcommand("show", "Print a command sent earlier, with its answer and result");
  CLI::Option* show_database = show->add_option("--database", show_options->database.url, store::DatabaseSetting::Help());
  show->add_option("--tenant", show_options->tenant, "The tenant's slug")->required();
  show->add_option("--id", show_options->id, "The command's id")->required();
  show->callback([show_options, show_database, &exit_code] {
    RunAndReport("command show", *show_options, show_database->count() > 0, Show, exit_code);
  });
}

}  // namespace openmsp::app
