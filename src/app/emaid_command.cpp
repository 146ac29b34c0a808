#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "app/command.h"
#include "core/ids/ascii.h"
#include "core/ids/emaid.h"

namespace openmsp::app {

namespace {

// One line, canonical id first so that scripts can `cut -d' ' -f1`: `NL-TNM-C00122045-K (EMI3)`.
CommandResult Report(const Result<EmaId>& id, const std::string& input) {
  if (!id) {
    fmt::print(stderr, "openmsp emaid: {} is not a valid EMA-ID: {}\n", ascii::Quote(input),
               id.error().message);
    return 1;
  }
  fmt::print("{} ({})\n", id->ToString(), EmaIdStandardName(id->standard()));
  return 0;
}

}  // namespace

void RegisterEmaidCommand(CLI::App& app, CommandResult& exit_code) {
  CLI::App* emaid = app.add_subcommand(
      "emaid", "Check or complete an EMA-ID (contract id: ISO 15118, eMI3 or DIN SPEC 91286)");
  emaid->require_subcommand(1);
  emaid->footer(
      "Prints the canonical id and its standard, e.g. `NL-TNM-C00122045-K (EMI3)`, and exits 0;\n"
      "prints why the id is invalid on stderr and exits 1.\n");

  auto check_input = std::make_shared<std::string>();
  CLI::App* check =
      emaid->add_subcommand("check", "Verify an EMA-ID (check digit optional) and print it canonically");
  check->add_option("id", *check_input, "the EMA-ID, with or without '-' separators")->required();
  check->callback(
      [&exit_code, check_input] { exit_code = Report(EmaId::Parse(*check_input), *check_input); });

  auto complete_input = std::make_shared<std::string>();
  CLI::App* complete = emaid->add_subcommand(
      "complete",
      "Compute the missing check digit and print the full id (refuses an id that already has one)");
  complete->add_option("id", *complete_input, "the EMA-ID without its check digit")->required();
  complete->callback([&exit_code, complete_input] {
    exit_code = Report(EmaId::Complete(*complete_input), *complete_input);
  });
}

}  // namespace openmsp::app
