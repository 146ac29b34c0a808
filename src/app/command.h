#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace openmsp::app {

/// What every subcommand hands back to `main`: the process exit code. 0: success. 1: the command ran and
/// the answer is no — the data it was given or names is refused (an invalid EMA-ID or CDR to check, an
/// unknown tenant or peer, a slug already taken, a status that does not allow the change, a peer that
/// refused). 2: it could not run as asked — usage (an unknown or missing option, an option value that is
/// malformed) or environment (a database or peer that cannot be reached, an internal error).
/// `ExitCodeOf` (operator_support.h) maps an `Error` to it.
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
void RegisterBillingCommand(CLI::App& app, CommandResult& exit_code);

}  // namespace openmsp::app
