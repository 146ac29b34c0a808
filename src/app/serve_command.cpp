#include <CLI/CLI.hpp>

#include "app/command.h"

namespace openmsp::app {

void RegisterServeCommand(CLI::App& app, CommandResult& exit_code) {
  (void)app;
  (void)exit_code;
}

}  // namespace openmsp::app
