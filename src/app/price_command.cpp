#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/command.h"
#include "core/json.h"
#include "pricing/price_stream.h"
#include "pricing/tariff_json.h"

namespace openmsp::app {

namespace {

constexpr int kRefused = 1;
constexpr int kUsageError = 2;

struct PriceCommandOptions {
  std::string tariff_file;
  std::string cdr_file;
  std::string cdrs_file;
  std::string time_zone;
};

void Complain(const std::string& line) { fmt::print(stderr, "openmsp price: {}\n", line); }

CommandResult Refuse(const std::string& file, const Error& error) {
  Complain(file + ": " + error.ToString());
  return kRefused;
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad()) {
    Complain("cannot read " + path + ": " + std::strerror(errno));
    return std::nullopt;
  }
  return text;
}

CommandResult PriceOne(const std::string& path, const pricing::PriceOptions& options) {
  const std::optional<std::string> text = ReadWholeFile(path);
  if (!text) return kUsageError;
  std::string result;
  const Result<void> priced = pricing::PriceCdrJson(*text, options, result);
  if (!priced) return Refuse(path, priced.error());
  result += '\n';
  std::cout << result;
  return std::cout.flush() ? 0 : kUsageError;
}

CommandResult PriceLines(const std::string& path, const pricing::PriceOptions& options) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file.is_open()) {
      Complain("cannot read " + path + ": " + std::strerror(errno));
      return kUsageError;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  const pricing::StreamSummary summary = pricing::PriceStream(in, std::cout, options);
  std::cout.flush();
  if (summary.read_failed) {
    Complain("reading " + path + " failed after " + std::to_string(summary.priced + summary.failed) +
             " CDRs");
    return kUsageError;
  }
  if (summary.write_failed || !std::cout) {
    Complain("writing the results failed");
    return kUsageError;
  }
  if (summary.failed > 0) {
    Complain(fmt::format("{}: {} of {} CDRs refused (see their error lines)", path, summary.failed,
                         summary.priced + summary.failed));
    return kRefused;
  }
  return 0;
}

CommandResult Price(const PriceCommandOptions& command) {
  pricing::PriceOptions options;
  if (!command.time_zone.empty()) {
    Result<TimeZone> zone = TimeZone::Find(command.time_zone);
    if (!zone) {
      Complain("--time-zone: " + zone.error().message);
      return kUsageError;
    }
    options.time_zone = *zone;
  }
  std::vector<pricing::Tariff> tariffs;
  if (!command.tariff_file.empty()) {
    const std::optional<std::string> text = ReadWholeFile(command.tariff_file);
    if (!text) return kUsageError;
    const Result<boost::json::value> document = ParseJson(*text);
    if (!document) return Refuse(command.tariff_file, document.error());
    Result<std::vector<pricing::Tariff>> parsed = pricing::ParseTariffs(*document);
    if (!parsed) return Refuse(command.tariff_file, parsed.error());
    tariffs = std::move(parsed).value();
    options.tariffs = tariffs;
  }
  if (!command.cdr_file.empty()) return PriceOne(command.cdr_file, options);
  return PriceLines(command.cdrs_file, options);
}

}  // namespace

void RegisterPriceCommand(CLI::App& app, CommandResult& exit_code) {
  auto options = std::make_shared<PriceCommandOptions>();
  CLI::App* price = app.add_subcommand(
      "price", "Compute the CPO cost of CDRs from OCPI 2.2.1 tariffs, and compare it with the CPO's figures");
  price->add_option(
      "--tariff", options->tariff_file,
      "OCPI tariff file: one tariff or a JSON array of them (default: each CDR's own `tariffs`)");
  CLI::Option_group* input = price->add_option_group("input", "the CDRs to price (one of)");
  input->add_option("--cdr", options->cdr_file, "one OCPI CDR (JSON), with or without its cost fields");
  input->add_option("--cdrs", options->cdrs_file, "JSON Lines, one OCPI CDR per line ('-': standard input)");
  input->require_option(1);
  price->add_option("--time-zone", options->time_zone,
                    "IANA zone of the location, for time, date and weekday restrictions (default: the CDR's "
                    "cdr_location.time_zone when present, else UTC)");
  price->footer(
      "Prints the result as JSON on stdout: total_cost, total_fixed_cost, total_energy_cost, "
      "total_time_cost,\n"
      "total_parking_cost, total_reservation_cost ({excl_vat, incl_vat}), billed quantities, the breakdown "
      "per\n"
      "period and warnings; when the CDR states costs, also cpo_stated and difference (ours minus the "
      "CPO's).\n"
      "With --cdrs: one line per CDR line, starting with its line number; a bad line gives\n"
      "{\"line\": N, \"error\": {\"field\": ..., \"message\": ...}} and the others go on.\n"
      "Exit codes: 0 every CDR priced; 1 an input was refused (the reason on stderr, or error lines);\n"
      "2 usage errors (a file that cannot be read, an unknown --time-zone).\n"
      "See docs/pricing-cli.md.\n");
  price->callback([options, &exit_code] { exit_code = Price(*options); });
}

}  // namespace openmsp::app
