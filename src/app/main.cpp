#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "app/command.h"
#include "app/version.h"

int main(int argc, char** argv) {
  using namespace openmsp::app;
  CLI::App app{"OpenMSP: the open platform for EV-charging Mobility Service Providers", "openmsp"};
  app.set_version_flag("--version", std::string("openmsp ") + kVersion);
  app.require_subcommand(0, 1);

  CommandResult exit_code = 0;
  for (RegisterCommand command :
       {RegisterEmaidCommand, RegisterMigrateCommand, RegisterPriceCommand, RegisterRateCommand,
        RegisterRerateCommand, RegisterServeCommand, RegisterTenantCommand, RegisterPeerCommand,
        RegisterCommandCommand, RegisterDemoCommand, RegisterCpoSimCommand, RegisterBillingCommand}) {
    command(app, exit_code);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (app.get_subcommands().empty()) {
    std::cout << app.help();
    return 0;
  }
  return exit_code;
}
