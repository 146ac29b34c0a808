#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
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
#include "app/pull_jobs.h"
#include "core/clock.h"
#include "core/json.h"
#include "domain/audit.h"
#include "domain/peer.h"
#include "emsp/peer_connect.h"
#include "emsp/peer_sync.h"
#include "emsp/system_random.h"
#include "http/client.h"
#include "store/cpo_cdr_ingestor.h"
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

struct SyncOptions : PeerOptions {
  std::int64_t peer = 0;
  std::string name;
  std::string module;
  bool full = false;
  bool json = false;
};

// The peer `--peer` or `--name` names (exactly one of them).
Result<domain::Peer> SyncedPeer(store::Repositories& repositories, const domain::Tenant& tenant,
                                const SyncOptions& options) {
  if ((options.peer != 0) == !options.name.empty()) {
    return InvalidArgument("--peer", "give the peer's id with --peer or its name with --name, not both");
  }
  if (options.peer != 0) {
    Result<domain::Peer> peer = repositories.peers().FindById(tenant.id, domain::PeerId{options.peer});
    if (!peer && peer.error().code == ErrorCode::kNotFound) {
      return Error{ErrorCode::kNotFound, "--peer",
                   "tenant " + tenant.slug + " has no peer " + std::to_string(options.peer)};
    }
    return peer;
  }
  OPENMSP_ASSIGN_OR_RETURN(const std::vector<domain::Peer> peers, repositories.peers().List(tenant.id));
  std::optional<domain::Peer> named;
  for (const domain::Peer& peer : peers) {
    if (peer.name != options.name || peer.status == domain::PeerStatus::kUnregistered) continue;
    if (named)
      return InvalidArgument("--name", "several peers are called '" + options.name + "': use --peer");
    named = peer;
  }
  if (!named)
    return Error{ErrorCode::kNotFound, "--name",
                 "tenant " + tenant.slug + " has no peer called '" + options.name + "'"};
  return *std::move(named);
}

std::string OptionalTime(const std::optional<Instant>& instant) {
  return instant ? FormatOcpiDateTime(*instant) : "-";
}

boost::json::value OptionalTimeJson(const std::optional<Instant>& instant) {
  return instant ? boost::json::value(FormatOcpiDateTime(*instant)) : boost::json::value();
}

boost::json::object SyncObject(const emsp::ModulePullResult& result) {
  const emsp::PullReport& report = result.report;
  boost::json::object object{{"module", result.module}, {"pulled", result.pulled}};
  if (!result.pulled) return object;
  object["date_from"] = OptionalTimeJson(result.date_from);
  object["date_to"] = FormatOcpiDateTime(result.date_to);
  object["pages"] = report.pages;
  object["received"] = report.received;
  object["applied"] = report.applied;
  object["skipped"] = report.skipped;
  object["failed"] = report.failed;
  object["total_count"] = report.total_count ? boost::json::value(*report.total_count) : boost::json::value();
  object["complete"] = report.complete;
  boost::json::array failures(report.failures.begin(), report.failures.end());
  boost::json::array warnings(report.warnings.begin(), report.warnings.end());
  object["failures"] = std::move(failures);
  object["warnings"] = std::move(warnings);
  object["error"] = report.error ? boost::json::value(report.error->ToString()) : boost::json::value();
  object["state"] = boost::json::object{{"last_attempt_at", OptionalTimeJson(result.state.last_attempt_at)},
                                        {"last_success_at", OptionalTimeJson(result.state.last_success_at)},
                                        {"last_error_at", OptionalTimeJson(result.state.last_error_at)},
                                        {"date_from", OptionalTimeJson(result.state.date_from)},
                                        {"last_error", result.state.last_error}};
  return object;
}

std::string SyncTable(const std::vector<emsp::ModulePullResult>& results) {
  std::string table = Column("MODULE", 11) + Column("PAGES", 7) + Column("APPLIED", 9) +
                      Column("SKIPPED", 9) + Column("FAILED", 8) + "STATE\n";
  std::string details;
  for (const emsp::ModulePullResult& result : results) {
    if (!result.pulled) {
      table += Column(result.module, 11) + Column("-", 7) + Column("-", 9) + Column("-", 9) + Column("-", 8) +
               "not pulled: the peer is not connected or has no Sender endpoint for it\n";
      continue;
    }
    const emsp::PullReport& report = result.report;
    std::string state = report.error ? "failed; " : "synced; ";
    state += "last success " + OptionalTime(result.state.last_success_at) + ", next date_from " +
             OptionalTime(result.state.date_from);
    table += Column(result.module, 11) + Column(std::to_string(report.pages), 7) +
             Column(std::to_string(report.applied), 9) + Column(std::to_string(report.skipped), 9) +
             Column(std::to_string(report.failed), 8) + state + "\n";
    if (report.error) details += result.module + ": error: " + report.error->ToString() + "\n";
    for (const std::string& failure : report.failures)
      details += result.module + ": failed " + failure + "\n";
    for (const std::string& warning : report.warnings)
      details += result.module + ": warning: " + warning + "\n";
  }
  return table + details;
}

// Pulls the peer's modules now, in this process (emsp::RunModulePull), and reports them; `failed` tells
// whether a pull failed.
Result<std::string> Sync(const SyncOptions& options, bool& failed) {
  if (!options.module.empty() && !emsp::IsPulledModule(options.module)) {
    return InvalidArgument("--module", "must be one of tariffs, locations, sessions, cdrs");
  }
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories,
                           OpenDatabase(options.database.url, clock, /*migrate=*/false));
  OPENMSP_ASSIGN_OR_RETURN(const domain::Tenant tenant, TenantBySlug(repositories, options.tenant));
  OPENMSP_ASSIGN_OR_RETURN(const domain::Peer peer, SyncedPeer(repositories, tenant, options));
  OPENMSP_ASSIGN_OR_RETURN(const store::DatabaseUrl url, store::ParseDatabaseUrl(options.database.url));
  OPENMSP_ASSIGN_OR_RETURN(std::unique_ptr<store::CpoCdrIngestor> cdrs,
                           store::CpoCdrIngestor::Open(url, clock));
  OPENMSP_ASSIGN_OR_RETURN(http::HttpClient client, http::HttpClient::Create(PullClientOptions()));
  emsp::SystemRandom random;
  emsp::PullTools tools{.client = client, .random = random, .clock = clock, .cdrs = *cdrs};
  std::vector<emsp::ModulePullResult> results;
  for (const std::string_view module : emsp::kPulledModules) {
    if (!options.module.empty() && module != options.module) continue;
    OPENMSP_ASSIGN_OR_RETURN(
        emsp::ModulePullResult result,
        emsp::RunModulePull(
            repositories, tools, tenant.id,
            emsp::PullJob{.peer_id = peer.id, .module = std::string(module), .full = options.full}));
    failed |= result.report.error.has_value();
    results.push_back(std::move(result));
  }
  if (!options.json) return SyncTable(results);
  boost::json::array list;
  for (const emsp::ModulePullResult& result : results) list.emplace_back(SyncObject(result));
  return SerializeJson(list) + "\n";
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
      "peer", "Invite, connect, list, sync, suspend and resume a tenant's OCPI peers (CPOs, hubs)");
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

  auto sync_options = std::make_shared<SyncOptions>();
  CLI::App* sync = peer->add_subcommand(
      "sync",
      "Pull the peer's tariffs, locations, sessions and CDRs now (OCPI GET with pagination, in this process) "
      "and print per module the pages, objects applied, skipped and failed, and the sync state");
  CLI::Option* sync_database = AddCommonOptions(*sync, *sync_options);
  sync->add_option("--peer", sync_options->peer, "The peer's id (`openmsp peer list`)");
  sync->add_option("--name", sync_options->name, "The peer's name, instead of --peer");
  sync->add_option("--module", sync_options->module,
                   "Only this module: tariffs, locations, sessions or cdrs");
  sync->add_flag("--full", sync_options->full, "A full pull (no date_from) instead of an incremental one");
  sync->add_flag("--json", sync_options->json, "Print a JSON array, one object per module");
  sync->callback([sync_options, sync_database, &exit_code] {
    bool failed = false;
    RunAndReport(
        "peer sync", *sync_options, sync_database->count() > 0,
        [&failed](const SyncOptions& given) { return Sync(given, failed); }, exit_code);
    if (exit_code == 0 && failed) {
      std::fputs("openmsp peer sync: a pull failed (see its error above); its sync state records it\n",
                 stderr);
      exit_code = 1;
    }
  });

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
