#include <CLI/CLI.hpp>

#include "app/command.h"

namespace openmsp::app {

void RegisterEmaidCommand(CLI::App& app, CommandResult& exit_code) {
  (void)app;
  (void)exit_code;
}

}  // namespace openmsp::app
