#include <fmt/core.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "app/billing_jobs.h"
#include "app/command.h"
#include "app/command_jobs.h"
#include "app/job_runner.h"
#include "app/public_url.h"
#include "app/pull_jobs.h"
#include "app/rating_jobs.h"
#include "app/token_push_jobs.h"
#include "api/control_centre_api.h"
#include "app/version.h"
#include "app/web_assets.h"
#include "core/metrics.h"
#include "emsp/cdrs_module.h"
#include "emsp/credentials_module.h"
#include "emsp/commands_module.h"
#include "emsp/hub_client_info_module.h"
#include "emsp/locations_module.h"
#include "emsp/ocpi_endpoints.h"
#include "emsp/sessions_module.h"
#include "emsp/system_random.h"
#include "emsp/versions_module.h"
#include "http/client.h"
#include "emsp/tokens_module.h"
#include "emsp/tariffs_module.h"
#include "http/listen_address.h"
#include "http/server.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/postgres/postgres_database.h"
#include "store/repositories.h"
#include "store/repository_pool.h"
#include "store/sqlite/sqlite_database.h"

namespace openmsp::app {
namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  PublicUrlSetting public_url = PublicUrlSetting::FromEnvironment();
  std::string public_url_source;
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string database_source;
  unsigned threads = 0;
  WebRootSetting web_root = WebRootSetting::FromEnvironment();
  std::string web_root_source;
};

void Log(const std::string& line) { std::cerr << line + '\n'; }

CommandResult Refuse(Error error, std::string field) {
  error.field = std::move(field);
  Log("openmsp serve: " + error.ToString());
  return 2;
}

std::string HomePage() {
  return fmt::format(R"(<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>OpenMSP</title></head>
<body>
<h1>OpenMSP</h1>
<p>OpenMSP {} is running.</p>
<p>The Control Centre arrives in a later release.</p>
<ul>
<li><a href="/healthz">/healthz</a>: the process is alive</li>
<li><a href="/readyz">/readyz</a>: the database answers</li>
<li><a href="/api/v1/version">/api/v1/version</a>: name and version</li>
</ul>
</body>
</html>
)",
                     kVersion);
}

// Answers `/readyz`: whether the database answers now. It keeps one connection for the checks and opens a
// new one when a check fails, so readiness comes back by itself once a restarted database server is
// reachable again. HTTP threads share it one at a time.
class DatabaseReadiness {
 public:
  explicit DatabaseReadiness(store::DatabaseUrl url) : url_(std::move(url)) {}

  Result<void> Check() {
    std::lock_guard lock(mutex_);
    if (url_.backend == store::DatabaseUrl::Backend::kPostgresql) {
      return Recheck(postgres_, [this] { return store::PostgresDatabase::Open(url_.postgresql_url); });
    }
    return Recheck(sqlite_, [this] { return store::SqliteDatabase::Open(url_.sqlite_path); });
  }

 private:
  template <class Database, class Open>
  static Result<void> Recheck(std::optional<Database>& database, Open open) {
    if (database && database->CheckReady()) return Ok();
    database.reset();
    OPENMSP_ASSIGN_OR_RETURN(Database reopened, open());
    OPENMSP_RETURN_IF_ERROR(reopened.CheckReady());
    database.emplace(std::move(reopened));
    return Ok();
  }

  const store::DatabaseUrl url_;
  std::mutex mutex_;
  std::optional<store::SqliteDatabase> sqlite_;
  std::optional<store::PostgresDatabase> postgres_;
};

void AddOperationalRoutes(http::Router& router, DatabaseReadiness& readiness, const MetricsRegistry& metrics,
                          bool web_portal) {
  router.Add("GET", "/metrics", [&metrics](const http::HttpRequest&) {
    return http::HttpResponse::WithBody(200, "text/plain; version=0.0.4; charset=utf-8", metrics.Render());
  });
  router.Add("GET", "/healthz",
             [](const http::HttpRequest&) { return http::HttpResponse::Json(200, R"({"status":"ok"})"); });
  router.Add("GET", "/readyz", [&readiness](const http::HttpRequest&) {
    Result<void> ready = readiness.Check();
    if (ready) return http::HttpResponse::Json(200, R"({"status":"ok"})");
    Log("openmsp: not ready: " + ready.error().ToString());
    return http::HttpResponse::Json(503, R"({"status":"unavailable"})");
  });
  if (!web_portal) {  // else the web portal answers `/` (app/web_assets.h)
    router.Add("GET", "/", [page = HomePage()](const http::HttpRequest&) {
      return http::HttpResponse::WithBody(200, "text/html; charset=utf-8", page);
    });
  }
}

// Counts every HTTP exchange by method, route pattern and status, and times it by route, at `/metrics`.
// The registry's series are looked up once per (method, route, status) and kept.
class HttpMetrics {
 public:
  explicit HttpMetrics(MetricsRegistry& registry) : registry_(registry) {}

  void Record(const http::HttpExchange& exchange) {
    const std::string route = exchange.route.empty() ? "(none)" : std::string(exchange.route);
    std::string key = std::string(exchange.method) + ' ' + route + ' ' + std::to_string(exchange.status);
    Series* series = nullptr;
    {
      std::lock_guard lock(mutex_);
      auto found = series_.find(key);
      if (found == series_.end()) {
        Series made{.requests = &registry_.GetCounter("openmsp_http_requests_total",
                                                      "HTTP requests answered, by method, route and status",
                                                      {{"method", std::string(exchange.method)},
                                                       {"route", route},
                                                       {"status", std::to_string(exchange.status)}}),
                    .duration = &registry_.GetHistogram("openmsp_http_request_duration_seconds",
                                                        "Time from a request read to its answer, by route",
                                                        {{"route", route}})};
        found = series_.emplace(std::move(key), made).first;
      }
      series = &found->second;
    }
    series->requests->Increment();
    series->duration->Observe(exchange.duration);
  }

 private:
  struct Series {
    Counter* requests;
    DurationHistogram* duration;
  };

  MetricsRegistry& registry_;
  std::mutex mutex_;
  std::unordered_map<std::string, Series> series_;
};

// The job runner's counts at `/metrics`.
void ExposeJobRunner(const JobRunner& jobs, MetricsRegistry& metrics) {
  const auto expose = [&](const char* name, const char* help, std::int64_t JobRunnerStats::*field) {
    metrics.SetCounterReader(name, help, {}, [&jobs, field] { return jobs.stats().*field; });
  };
  expose("openmsp_jobs_claimed_total", "Jobs this node's workers claimed", &JobRunnerStats::claimed);
  expose("openmsp_jobs_succeeded_total", "Jobs this node completed", &JobRunnerStats::succeeded);
  expose("openmsp_jobs_failed_total", "Job attempts that failed on this node", &JobRunnerStats::failed);
  expose("openmsp_job_queue_errors_total", "Calls to the job queue that failed",
         &JobRunnerStats::queue_errors);
}

// Names this process among the nodes sharing the job queue: host name and process id.
std::string NodeId() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "host");
  return fmt::format("{}-{}", host, getpid());
}

std::string SignalName(int signal) {
  if (signal == SIGTERM) return "SIGTERM";
  if (signal == SIGINT) return "SIGINT";
  return "signal " + std::to_string(signal);
}

CommandResult Serve(const ServeOptions& options) {
  Result<http::ListenAddress> listen = http::ParseListenAddress(options.listen);
  if (!listen) return Refuse(listen.error(), "--listen");
  Result<store::DatabaseUrl> url = store::ParseDatabaseUrl(options.database.url);
  if (!url) return Refuse(url.error(), options.database_source);
  Result<store::MigrationReport> migrated = store::OpenAndMigrate(*url);
  if (!migrated) return Refuse(migrated.error(), options.database_source);
  DatabaseReadiness readiness(*url);
  const SystemClock clock;
  MetricsRegistry metrics;

  // Background work: the job runner's workers (and, once serving, the sweep that queues rating).
  JobRunner jobs(
      clock, [url = *url] { return store::OpenJobQueue(url); },
      JobRunnerOptions{.node_id = NodeId(), .workers = 2});
  if (Result<void> registered = RegisterRatingJobs(jobs, *url, clock); !registered) {
    return Refuse(registered.error(), "jobs");
  }
  if (Result<void> registered = RegisterPullJobs(jobs, *url, clock); !registered) {
    return Refuse(registered.error(), "jobs");
  }
  if (Result<void> registered = RegisterCommandJobs(jobs, *url, clock); !registered) {
    return Refuse(registered.error(), "jobs");
  }
  if (Result<void> registered = RegisterBillingJobs(jobs, *url, clock); !registered) {
    return Refuse(registered.error(), "jobs");
  }
  ExposeJobRunner(jobs, metrics);

  // The OCPI endpoints peers call, on a pool of connections shared by the HTTP threads.
  Result<std::string> public_url = NormalisePublicUrl(options.public_url.url, options.public_url_source);
  if (!public_url) return Refuse(public_url.error(), options.public_url_source);
  store::RepositoryPool pool(*url, clock, 8);
  emsp::SystemRandom random;
  emsp::OcpiContext ocpi{.pool = pool, .clock = clock, .random = random, .public_url = *public_url};
  http::Router router;
  // The Control Centre web portal at `/` when its files are built (app/web_assets.h, docs/web.md).
  Result<bool> web_portal = ServeWebPortal(router, options.web_root, options.web_root_source);
  if (!web_portal) return Refuse(web_portal.error(), options.web_root_source);
  AddOperationalRoutes(router, readiness, metrics, *web_portal);
  emsp::OcpiEndpoints endpoints(router, ocpi);
  // The Control Centre's JSON API under /api/v1 (docs/api.md), on the same pool.
  api::ApiContext api_context{.pool = pool, .clock = clock, .options = {}, .ocpi_versions_url = ocpi.VersionsUrl()};
  api_context.ocpi_version_url = ocpi.VersionUrl();
  api_context.options.secure_cookies = public_url->starts_with("https://");
  const api::ControlCentreApi control_centre_api(api_context);
  control_centre_api.Register(router);
  Result<std::unique_ptr<store::CpoCdrIngestor>> cdr_ingestor = store::CpoCdrIngestor::Open(*url, clock);
  if (!cdr_ingestor) return Refuse(cdr_ingestor.error(), options.database_source);
  // Each OCPI module adds its endpoints here (src/emsp/*_module.h).
  Result<http::HttpClient> handshake_client = http::HttpClient::Create(emsp::HandshakeClientOptions());
  if (!handshake_client) return Refuse(handshake_client.error(), "handshake client");
  emsp::CredentialsModule credentials_module(ocpi, *std::move(handshake_client));
  emsp::RegisterVersionsModule(endpoints);
  emsp::RegisterCredentialsModule(endpoints, credentials_module);
  const std::unique_ptr<emsp::CdrsModule> cdrs = emsp::RegisterCdrsModule(endpoints, **cdr_ingestor);
  emsp::RegisterSessionsModule(endpoints);
  emsp::CommandTimeoutSweep command_timeouts(pool, clock);
  emsp::RegisterCommandsModule(endpoints);
  const std::shared_ptr<emsp::RememberedTokens> remembered_tokens = emsp::RegisterTokensModule(endpoints);
  // A token the Control Centre changed is forgotten at once, not only when its push runs.
  api_context.tokens_changed = [remembered_tokens] { remembered_tokens->ForgetAll(); };
  // A token is pushed because it changed: what authorization remembered of it is forgotten first.
  if (Result<void> registered =
          RegisterTokenPushJobs(jobs, *url, clock, [remembered_tokens] { remembered_tokens->ForgetAll(); });
      !registered) {
    return Refuse(registered.error(), "jobs");
  }
  emsp::RegisterLocationsModule(endpoints);
  emsp::RegisterTariffsModule(endpoints);
  emsp::RegisterHubClientInfoModule(endpoints);

  HttpMetrics http_metrics(metrics);
  http::HttpServerOptions server_options;
  server_options.threads = options.threads;
  server_options.on_exchange = [&http_metrics](const http::HttpExchange& exchange) {
    http_metrics.Record(exchange);
  };
  http::HttpServer server(std::move(router), server_options);
  Result<std::uint16_t> port = server.Start(listen->host, listen->port);
  if (!port) return Refuse(port.error(), "--listen");
  server.StopOnSignals({SIGINT, SIGTERM}, [](int signal) {
    Log("openmsp: " + SignalName(signal) + " received, finishing requests in flight and stopping");
  });
  if (Result<void> started = jobs.Start(); !started) return Refuse(started.error(), options.database_source);

  Log(fmt::format("openmsp: database schema at version {} ({} migration{} applied now)", migrated->version,
                  migrated->applied, migrated->applied == 1 ? "" : "s"));

  std::optional<RatingSweep> sweep;
  sweep.emplace(*url, clock, RatingSweepIntervals{});
  std::optional<PullSweep> pull_sweep;
  pull_sweep.emplace(*url, clock);
  // On the 1st of each month (UTC), the run of the month that just ended for every tenant.
  std::optional<BillingSchedule> billing_schedule;
  billing_schedule.emplace(*url, clock);

  Log(std::string("openmsp ") + kVersion + " listening on http://" +
      http::ListenAddress{listen->host, *port}.ToString() + " (database " + url->ToString() + ")");
  server.Run();
  billing_schedule.reset();
  pull_sweep.reset();
  sweep.reset();
  jobs.Stop();
  Log("openmsp: stopped");
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, CommandResult& exit_code) {
  auto options = std::make_shared<ServeOptions>();

  CLI::App* serve = app.add_subcommand("serve", "Run the OpenMSP HTTP server until SIGTERM or SIGINT");
  serve->add_option("--listen", options->listen, "HOST:PORT to listen on; port 0 picks a free one")
      ->capture_default_str();
  CLI::Option* database =
      serve->add_option("--database", options->database.url, store::DatabaseSetting::Help());
  CLI::Option* public_url =
      serve->add_option("--public-url", options->public_url.url, PublicUrlSetting::Help());
  serve->add_option("--threads", options->threads, "HTTP threads; 0 means one per core")
      ->capture_default_str()
      ->check(CLI::Range(0u, 256u));
  CLI::Option* web_root =
      serve->add_option("--web-root", options->web_root.directory, WebRootSetting::Help());
  serve->callback([options, database, public_url, web_root, &exit_code] {
    options->database_source = options->database.Source(database->count() > 0);
    if (web_root->count() > 0) options->web_root.explicit_choice = true;
    options->web_root_source = options->web_root.Source(web_root->count() > 0);
    options->public_url_source = options->public_url.Source(public_url->count() > 0);
    exit_code = Serve(*options);
  });
}

}  // namespace openmsp::app
