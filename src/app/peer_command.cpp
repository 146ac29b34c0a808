#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/command.h"
#include "app/operator_support.h"
#include "app/public_url.h"
#include "core/clock.h"
#include "core/json.h"
#include "domain/audit.h"
#include "domain/peer.h"
#include "emsp/peer_connect.h"
#include "emsp/system_random.h"
#include "http/client.h"
#include "store/database_url.h"
#include "store/repositories.h"

namespace openmsp::app {
namespace {

constexpr std::string_view kVersionsPath = "/ocpi/versions";  // emsp::OcpiContext::VersionsUrl

struct PeerOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant;
};

struct InviteOptions : PeerOptions {
  std::string name;
  PublicUrlSetting public_url = PublicUrlSetting::FromEnvironment();
  std::string public_url_source;
};

struct ListOptions : PeerOptions {
  bool json = false;
};

struct StatusOptions : PeerOptions {
  std::int64_t peer = 0;
};

struct ConnectOptions : PeerOptions {
  std::string versions_url;
  std::string token_a;
  std::string name;
  PublicUrlSetting public_url = PublicUrlSetting::FromEnvironment();
  std::string public_url_source;
};

// The versions URL peers register with: the public URL, then `kVersionsPath`.
Result<std::string> VersionsUrl(std::string public_url, const std::string& source) {
  OPENMSP_ASSIGN_OR_RETURN(std::string base, NormalisePublicUrl(std::move(public_url), source));
  return base + std::string(kVersionsPath);
}

boost::json::object PeerObject(const domain::Peer& peer) {
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
  boost::json::object object{{"id", peer.id.value},
                             {"name", peer.name},
                             {"status", domain::PeerStatusName(peer.status)},
                             {"versions_url", peer.versions_url},
                             {"version", peer.version},
                             {"roles", std::move(roles)},
                             {"endpoints", std::move(endpoints)},
                             {"created_at", FormatOcpiDateTime(peer.created_at)}};
  object["registered_at"] =
      peer.registered_at ? boost::json::value(FormatOcpiDateTime(*peer.registered_at)) : boost::json::value();
  return object;
}

// Runs `change` on the tenant `options.tenant` names, on the database `options.database` names.
template <class Change>
Result<std::string> OnTenant(const PeerOptions& options, Change change) {
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories,
                           OpenDatabase(options.database.url, clock, /*migrate=*/false));
  OPENMSP_ASSIGN_OR_RETURN(const domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  return change(repositories, tenant);
}

domain::NewAuditEntry PeerEntry(std::string action, const domain::Peer& peer, std::string before) {
  return domain::NewAuditEntry{.actor = domain::AuditActor::System("cli"),
                               .action = std::move(action),
                               .object_type = "peer",
                               .object_id = std::to_string(peer.id.value),
                               .before = std::move(before),
                               .after = SerializeJson(PeerObject(peer)),
                               .request_id = ""};
}

Result<std::string> Invite(const InviteOptions& options) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string versions_url,
                           VersionsUrl(options.public_url.url, options.public_url_source));
  if (Result<void> valid = domain::ValidateNewPeer({.name = options.name}); !valid) {
    return Error{valid.error().code, "--name", valid.error().message};
  }
  return OnTenant(
      options, [&](store::Repositories& repositories, const domain::Tenant& tenant) -> Result<std::string> {
        std::string token;
        OPENMSP_RETURN_IF_ERROR(repositories.ChangeWithAudit(
            tenant.id, [&](store::Repositories& in_transaction) -> Result<domain::NewAuditEntry> {
              OPENMSP_ASSIGN_OR_RETURN(domain::PeerWithToken invited,
                                       in_transaction.peers().Create(tenant.id, {.name = options.name}));
              token = std::move(invited.token);
              return PeerEntry("peer.invite", invited.peer, "");
            }));
        return SerializeJson(boost::json::object{{"versions_url", versions_url}, {"token_a", token}}) + "\n";
      });
}

Result<std::string> List(const ListOptions& options) {
  return OnTenant(
      options, [&](store::Repositories& repositories, const domain::Tenant& tenant) -> Result<std::string> {
        OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::Peer> peers, repositories.peers().List(tenant.id));
        if (options.json) {
          boost::json::array list;
          for (const domain::Peer& peer : peers) list.emplace_back(PeerObject(peer));
          return SerializeJson(list) + "\n";
        }
        std::string table =
            Column("ID", 8) + Column("STATUS", 14) + Column("VERSION", 9) + Column("ROLES", 24) + "NAME\n";
        for (const domain::Peer& peer : peers) {
          std::string roles;
          for (const domain::PeerRole& role : peer.roles) {
            roles += (roles.empty() ? "" : ",") + std::string(domain::OcpiRoleName(role.role)) + " " +
                     role.party.ToString();
          }
          table += Column(std::to_string(peer.id.value), 8) +
                   Column(domain::PeerStatusName(peer.status), 14) +
                   Column(peer.version.empty() ? "-" : peer.version, 9) +
                   Column(roles.empty() ? "-" : roles, 24) + peer.name + "\n";
        }
        return table;
      });
}

// Moves the peer to `target` (suspend or resume) with an audit entry `action`, and prints it as JSON.
Result<std::string> ChangeStatus(const StatusOptions& options, domain::PeerStatus target,
                                 const char* action) {
  return OnTenant(
      options, [&](store::Repositories& repositories, const domain::Tenant& tenant) -> Result<std::string> {
        std::string printed;
        Result<domain::AuditEntry> changed = repositories.ChangeWithAudit(
            tenant.id, [&](store::Repositories& in_transaction) -> Result<domain::NewAuditEntry> {
              const domain::PeerId id{options.peer};
              OPENMSP_ASSIGN_OR_RETURN(const domain::Peer before,
                                       in_transaction.peers().FindById(tenant.id, id));
              OPENMSP_ASSIGN_OR_RETURN(const domain::Peer after,
                                       in_transaction.peers().SetStatus(tenant.id, id, target));
              printed = SerializeJson(PeerObject(after)) + "\n";
              return PeerEntry(action, after, SerializeJson(PeerObject(before)));
            });
        if (!changed && (changed.error().field == "id" || changed.error().field == "status")) {
          const std::string message =
              changed.error().code == ErrorCode::kNotFound
                  ? "tenant " + tenant.slug + " has no peer " + std::to_string(options.peer)
                  : changed.error().message;
          return Error{changed.error().code, "--peer", message};
        }
        if (!changed) return std::move(changed).error();
        return printed;
      });
}

// The handshake as initiator (emsp::ConnectPeer) with the peer at `--versions-url`, and the peer as JSON.
Result<std::string> Connect(const ConnectOptions& options) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string our_versions_url,
                           VersionsUrl(options.public_url.url, options.public_url_source));
  emsp::PeerConnectionRequest request{.versions_url = options.versions_url,
                                      .token_a = options.token_a,
                                      .name = options.name,
                                      .our_versions_url = our_versions_url};
  if (request.name.empty()) {
    // The host of the versions URL, until the staff name it otherwise.
    const std::size_t host = request.versions_url.find("://");
    request.name = host == std::string::npos ? request.versions_url : request.versions_url.substr(host + 3);
    request.name = request.name.substr(0, request.name.find('/'));
  }
  return OnTenant(
      options, [&](store::Repositories& repositories, const domain::Tenant& tenant) -> Result<std::string> {
        OPENMSP_ASSIGN_OR_RETURN(http::HttpClient client, http::HttpClient::Create());
        emsp::SystemRandom random;
        Result<domain::Peer> connected = emsp::ConnectPeer(repositories, client, random, tenant, request);
        if (!connected) {
          Error error = std::move(connected).error();
          if (error.field == "versions_url") error.field = "--versions-url";
          if (error.field == "token_a") error.field = "--token-a";
          if (error.field == "name") error.field = "--name";
          return error;
        }
        return SerializeJson(PeerObject(*connected)) + "\n";
      });
}

// Adds `--database` and `--tenant` to `command`; returns the `--database` option.
CLI::Option* AddCommonOptions(CLI::App& command, PeerOptions& options) {
  CLI::Option* database =
      command.add_option("--database", options.database.url, store::DatabaseSetting::Help());
  command.add_option("--tenant", options.tenant, "The tenant's slug")->required();
  return database;
}

}  // namespace

void RegisterPeerCommand(CLI::App& app, CommandResult& exit_code) {
  CLI::App* peer = app.add_subcommand(
      "peer", "Invite, connect, list, suspend and resume a tenant's OCPI peers (CPOs, hubs)");
  peer->require_subcommand(1);

  auto invite_options = std::make_shared<InviteOptions>();
  CLI::App* invite = peer->add_subcommand(
      "invite",
      "Create a pending peer and print {\"versions_url\": …, \"token_a\": …} for it to register with");
  CLI::Option* invite_database = AddCommonOptions(*invite, *invite_options);
  invite->add_option("--name", invite_options->name, "What the tenant's staff call the peer")->required();
  CLI::Option* public_url =
      invite->add_option("--public-url", invite_options->public_url.url, PublicUrlSetting::Help());
  invite->callback([invite_options, invite_database, public_url, &exit_code] {
    invite_options->public_url_source = invite_options->public_url.Source(public_url->count() > 0);
    RunAndReport("peer invite", *invite_options, invite_database->count() > 0, Invite, exit_code);
  });

  auto list_options = std::make_shared<ListOptions>();
  CLI::App* list = peer->add_subcommand("list", "List the tenant's peers: a table, or JSON with --json");
  CLI::Option* list_database = AddCommonOptions(*list, *list_options);
  list->add_flag("--json", list_options->json, "Print a JSON array instead of a table");
  list->callback([list_options, list_database, &exit_code] {
    RunAndReport("peer list", *list_options, list_database->count() > 0, List, exit_code);
  });

  const auto add_status_command = [&](const char* name, const char* help, domain::PeerStatus target,
                                      const char* action) {
    auto options = std::make_shared<StatusOptions>();
    CLI::App* command = peer->add_subcommand(name, help);
    CLI::Option* database = AddCommonOptions(*command, *options);
    command->add_option("--peer", options->peer, "The peer's id (`openmsp peer list`)")->required();
    command->callback([options, database, name, target, action, &exit_code] {
      RunAndReport(
          std::string("peer ") + name, *options, database->count() > 0,
          [&](const StatusOptions& given) { return ChangeStatus(given, target, action); }, exit_code);
    });
  };
  add_status_command("suspend",
                     "Suspend a connected peer: no traffic either way, its token refused, until resumed",
                     domain::PeerStatus::kSuspended, "peer.suspend");
  add_status_command("resume", "Resume a suspended peer", domain::PeerStatus::kConnected, "peer.resume");

  auto connect_options = std::make_shared<ConnectOptions>();
  CLI::App* connect = peer->add_subcommand(
      "connect",
      "Connect to a peer that invited the tenant (its versions URL and token A): the OCPI handshake as "
      "initiator; prints the connected peer as JSON");
  CLI::Option* connect_database = AddCommonOptions(*connect, *connect_options);
  connect->add_option("--versions-url", connect_options->versions_url, "The peer's OCPI versions URL")
      ->required();
  connect->add_option("--token-a", connect_options->token_a, "The token A the peer issued for the tenant")
      ->required();
  connect->add_option("--name", connect_options->name,
                      "What the tenant's staff call the peer (default: the host of --versions-url)");
  CLI::Option* connect_public_url =
      connect->add_option("--public-url", connect_options->public_url.url, PublicUrlSetting::Help());
  connect->callback([connect_options, connect_database, connect_public_url, &exit_code] {
    connect_options->public_url_source = connect_options->public_url.Source(connect_public_url->count() > 0);
    RunAndReport("peer connect", *connect_options, connect_database->count() > 0, Connect, exit_code);
  });
}

}  // namespace openmsp::app
