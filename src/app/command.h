#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace openmsp::app {

/// What every subcommand hands back to `main`: the process exit code (0 success, 1 the input was
/// refused, 2 usage or environment problems).
using CommandResult = int;

/// Registers a subcommand on `app`. The subcommand stores its exit code in `exit_code` when it runs.
/// Each `*_command.cpp` file defines one of these; `main.cpp` lists them.
using RegisterCommand = void (*)(CLI::App& app, CommandResult& exit_code);

void RegisterEmaidCommand(CLI::App& app, CommandResult& exit_code);
void RegisterMigrateCommand(CLI::App& app, CommandResult& exit_code);
void RegisterPriceCommand(CLI::App& app, CommandResult& exit_code);
void RegisterRateCommand(CLI::App& app, CommandResult& exit_code);
void RegisterRerateCommand(CLI::App& app, CommandResult& exit_code);
void RegisterServeCommand(CLI::App& app, CommandResult& exit_code);
void RegisterTenantCommand(CLI::App& app, CommandResult& exit_code);
void RegisterPeerCommand(CLI::App& app, CommandResult& exit_code);
void RegisterCommandCommand(CLI::App& app, CommandResult& exit_code);
void RegisterDemoCommand(CLI::App& app, CommandResult& exit_code);
void RegisterCpoSimCommand(CLI::App& app, CommandResult& exit_code);

}  // namespace openmsp::app
