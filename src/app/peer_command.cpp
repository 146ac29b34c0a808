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
#include "rating/tenant_rater.h"
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

// Adds `--database` and `--tenant` to `command`; returns the `--database` option.
CLI::Option* AddCommonOptions(CLI::App& command, PeerOptions& options) {
  CLI::Option* database =
      command.add_option("--database", options.database.url, store::DatabaseSetting::Help());
  command.add_option("--tenant", options.tenant, "The tenant's slug")->required();
  return database;
}

}  // namespace

void RegisterPeerCommand(CLI::App& app, CommandResult& exit_code) {
  CLI::App* peer =
      app.add_subcommand("peer", "Invite, list, suspend and resume a tenant's OCPI peers (CPOs, hubs)");
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
}

}  // namespace openmsp::app
