#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "app/command.h"
#include "store/database_url.h"
#include "store/migrations.h"

namespace openmsp::app {
namespace {

CommandResult Migrate(const std::string& text, const std::string& source) {
  Result<store::MigrationReport> report = [&]() -> Result<store::MigrationReport> {
    OPENMSP_ASSIGN_OR_RETURN(store::DatabaseUrl url, store::ParseDatabaseUrl(text));
    return store::OpenAndMigrate(url);
  }();
  if (!report) {
    Error error = std::move(report).error();
    error.field = source;
    std::cerr << "openmsp migrate: " + error.ToString() + '\n';
    return 2;
  }
  if (report->applied == 0) {
    std::cout << fmt::format("database is up to date (version {})\n", report->version);
  } else {
    std::cout << fmt::format("applied {} migration{} (now at version {})\n", report->applied,
                             report->applied == 1 ? "" : "s", report->version);
  }
  return 0;
}

}  // namespace

void RegisterMigrateCommand(CLI::App& app, CommandResult& exit_code) {
  auto setting = std::make_shared<store::DatabaseSetting>(store::DatabaseSetting::FromEnvironment());
  CLI::App* migrate =
      app.add_subcommand("migrate", "Bring the database schema up to the version of this openmsp, then exit");
  CLI::Option* database = migrate->add_option("--database", setting->url, store::DatabaseSetting::Help());
  migrate->callback([setting, database, &exit_code] {
    exit_code = Migrate(setting->url, setting->Source(database->count() > 0));
  });
}

}  // namespace openmsp::app
