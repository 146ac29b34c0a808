#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "app/command.h"
#include "app/demo_seed.h"
#include "app/operator_support.h"
#include "core/clock.h"
#include "store/database_url.h"

namespace openmsp::app {
namespace {

struct SeedOptions {
  store::DatabaseSetting database = store::DatabaseSetting::FromEnvironment();
  std::string tenant = "demo";
};

// Brings the schema up to date, as `serve` does, and seeds the demo tenant (docs/demo.md).
Result<std::string> SeedDemo(const SeedOptions& options) {
  const SystemClock clock;
  OPENMSP_ASSIGN_OR_RETURN(store::Repositories repositories,
                           OpenDatabase(options.database.url, clock, /*migrate=*/true));
  OPENMSP_ASSIGN_OR_RETURN(const DemoSeedReport report,
                           SeedDemoTenant(repositories, clock, DemoSeedOptions{.slug = options.tenant}));
  return FormatDemoSeedReport(report, options.tenant);
}

}  // namespace

void RegisterDemoCommand(CLI::App& app, CommandResult& exit_code) {
  CLI::App* demo = app.add_subcommand("demo", "The demo tenant `make run` shows (docs/demo.md)");
  demo->require_subcommand(1);

  auto options = std::make_shared<SeedOptions>();
  CLI::App* seed = demo->add_subcommand(
      "seed",
      "Create the demo tenant (units, profiles, a user per role, tokens, a tariff plan) or whatever of it is "
      "missing; a second run changes nothing");
  CLI::Option* database =
      seed->add_option("--database", options->database.url, store::DatabaseSetting::Help());
  seed->add_option("--tenant", options->tenant, "The demo tenant's slug")->capture_default_str();
  seed->callback([options, database, &exit_code] {
    RunAndReport("demo seed", *options, database->count() > 0, SeedDemo, exit_code);
  });
}

}  // namespace openmsp::app
