#include <fmt/core.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/command.h"
#include "core/clock.h"
#include "core/json.h"
#include "cposim/simulator.h"

namespace openmsp::app {
namespace {

// Set by SIGINT/SIGTERM: the simulator finishes what it is doing, prints its report and exits 0.
std::atomic<bool> stop_requested{false};

extern "C" void RequestStop(int /*signal*/) { stop_requested.store(true); }

struct CpoSimOptions {
  std::string versions_url;
  std::string token_a;
  std::string listen = "127.0.0.1:0";
  std::string public_url;
  std::string party;
  bool hub = false;
  std::string parties;
  std::string name = "Simulated CPO";
  std::uint64_t seed = 1;
  int locations = 5;
  int sessions = 3;
  int round_interval_ms = 5000;
  int cdrs_per_second = 0;
  int max_in_flight = 32;
  double duration_seconds = 0;
  bool once = false;
  int command_result_delay_ms = 200;
  int slow_ms = 0;
  double slow_rate = 1.0;
  double http_500_rate = 0;
  double malformed_rate = 0;
  double duplicate_rate = 0;
  double credit_rate = 0;
};

CommandResult Refuse(const Error& error, int exit_code = 2) {
  fmt::print(stderr, "openmsp cpo-sim: {}\n", error.ToString());
  return exit_code;
}

Result<std::vector<PartyId>> ParseParties(const std::string& text) {
  std::vector<PartyId> parties;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (item.empty()) continue;
    Result<PartyId> party = PartyId::Parse(item);
    if (!party) return InvalidArgument("--parties", item + ": " + party.error().message);
    parties.push_back(*party);
  }
  return parties;
}

void PrintReport(const cposim::Simulator& simulator) {
  fmt::print("{}\n", SerializeJson(simulator.report().ToJson()));
  std::fflush(stdout);
}

CommandResult RunCpoSim(const CpoSimOptions& options) {
  Result<PartyId> party = PartyId::Parse(options.party);
  if (!party) return Refuse(party.error().Nested("--party"));
  Result<std::vector<PartyId>> parties = ParseParties(options.parties);
  if (!parties) return Refuse(parties.error());
  Result<http::ListenAddress> listen = http::ParseListenAddress(options.listen);
  if (!listen) return Refuse(listen.error().Nested("--listen"));

  const SystemClock clock;
  Result<std::unique_ptr<cposim::Simulator>> created = cposim::Simulator::Create(
      cposim::SimulatorOptions{
          .versions_url = options.versions_url,
          .token_a = options.token_a,
          .listen = *listen,
          .public_url = options.public_url,
          .party = *party,
          .hub = options.hub,
          .parties = *parties,
          .business_name = options.name,
          .seed = options.seed,
          .locations = options.locations,
          .sessions_per_round = options.sessions,
          .round_interval = std::chrono::milliseconds(options.round_interval_ms),
          .cdrs_per_second = options.cdrs_per_second,
          .max_in_flight = options.max_in_flight,
          .duration = std::chrono::milliseconds(static_cast<std::int64_t>(options.duration_seconds * 1000)),
          .once = options.once,
          .command_result_delay = std::chrono::milliseconds(options.command_result_delay_ms),
          .faults = {.slow = std::chrono::milliseconds(options.slow_ms),
                     .slow_rate = options.slow_rate,
                     .http_500_rate = options.http_500_rate,
                     .malformed_rate = options.malformed_rate,
                     .duplicate_rate = options.duplicate_rate,
                     .credit_rate = options.credit_rate}},
      clock);
  if (!created) return Refuse(created.error());
  cposim::Simulator& simulator = **created;

  struct sigaction action {};
  action.sa_handler = RequestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  if (Result<std::string> started = simulator.Start(); !started)
    return Refuse(started.error().Nested("--listen"));
  if (Result<void> registered = simulator.Register(); !registered) {
    fmt::print(stderr, "openmsp cpo-sim: registration with {} failed: {}\n", options.versions_url,
               registered.error().ToString());
    simulator.Stop();
    return 1;
  }
  if (Result<void> pushed = simulator.PushWorld(); !pushed) {
    simulator.Stop();
    return Refuse(pushed.error(), 1);
  }

  const auto start = std::chrono::steady_clock::now();
  const auto deadline =
      start + std::chrono::milliseconds(static_cast<std::int64_t>(options.duration_seconds * 1000));
  const auto over = [&] {
    return stop_requested.load() ||
           (options.duration_seconds > 0 && std::chrono::steady_clock::now() >= deadline);
  };
  CommandResult exit_code = 0;
  if (options.once) {
    if (Result<void> round = simulator.RunRound(); !round) exit_code = Refuse(round.error(), 1);
  } else if (options.cdrs_per_second > 0) {
    if (Result<void> load = simulator.RunLoad(stop_requested); !load) exit_code = Refuse(load.error(), 1);
  } else {
    while (!over()) {
      if (Result<void> round = simulator.RunRound(); !round) {
        fmt::print(stderr, "openmsp cpo-sim: round failed: {}\n", round.error().ToString());
      }
      const auto next =
          std::chrono::steady_clock::now() + std::chrono::milliseconds(options.round_interval_ms);
      while (!over() && std::chrono::steady_clock::now() < next) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }
  simulator.Stop();
  PrintReport(simulator);
  return exit_code;
}

}  // namespace

void RegisterCpoSimCommand(CLI::App& app, CommandResult& exit_code) {
  auto options = std::make_shared<CpoSimOptions>();
  CLI::App* sim = app.add_subcommand(
      "cpo-sim",
      "Simulate a CPO (or a hub) against a running `openmsp serve`: register with a token A, push locations, "
      "tariffs, sessions and CDRs, answer commands, produce load and faults; prints a JSON report at the "
      "end");
  sim->add_option("--versions-url", options->versions_url,
                  "The eMSP's OCPI versions URL (`openmsp peer invite`)")
      ->required();
  sim->add_option("--token-a", options->token_a, "The token A the eMSP issued (`openmsp peer invite`)")
      ->required();
  sim->add_option("--listen", options->listen,
                  "HOST:PORT of the simulator's own OCPI server; port 0 picks one")
      ->capture_default_str();
  sim->add_option("--public-url", options->public_url,
                  "The URL the eMSP reaches the simulator by (default: the "
                  "bound address)");
  sim->add_option("--party", options->party, "Our party, e.g. NL-CPO (a hub's own party with --hub)")
      ->required();
  sim->add_flag("--hub", options->hub,
                "Act as a hub (role HUB) fronting --parties, with OCPI-from/to headers");
  sim->add_option("--parties", options->parties, "With --hub: the CPO parties fronted, e.g. NL-CPA,NL-CPB");
  sim->add_option("--name", options->name, "The business name in our credentials")->capture_default_str();
  sim->add_option("--seed", options->seed, "Seed of the generated world and traffic")->capture_default_str();
  sim->add_option("--locations", options->locations, "Locations per party")->capture_default_str();
  sim->add_option("--sessions", options->sessions, "Sessions (authorize, PUT, PATCH, CDR) per round")
      ->capture_default_str();
  sim->add_option("--round-interval-ms", options->round_interval_ms, "Pause between rounds")
      ->capture_default_str();
  sim->add_option("--cdrs-per-second", options->cdrs_per_second, "Load mode: CDRs per second (0: off)")
      ->capture_default_str();
  sim->add_option("--max-in-flight", options->max_in_flight, "Load mode: CDR POSTs in flight at most")
      ->capture_default_str();
  sim->add_option("--duration", options->duration_seconds, "Seconds to run (0: until SIGINT/SIGTERM)")
      ->capture_default_str();
  sim->add_flag("--once", options->once, "Register, push the world, run one round, exit");
  sim->add_option("--command-result-delay-ms", options->command_result_delay_ms,
                  "Delay before a CommandResult is POSTed")
      ->capture_default_str();
  sim->add_option("--slow-ms", options->slow_ms, "Fault: delay our server's answers by this much")
      ->capture_default_str();
  sim->add_option("--slow-rate", options->slow_rate, "Fault: the share of answers --slow-ms delays")
      ->capture_default_str();
  sim->add_option("--http-500-rate", options->http_500_rate,
                  "Fault: the share of our answers that are HTTP 500")
      ->capture_default_str();
  sim->add_option(
         "--malformed-rate", options->malformed_rate,
         "Fault: the share of CDRs followed by a malformed one, and of our answers that are not JSON")
      ->capture_default_str();
  sim->add_option("--duplicate-rate", options->duplicate_rate, "Fault: the share of CDRs sent twice")
      ->capture_default_str();
  sim->add_option("--credit-rate", options->credit_rate,
                  "Fault: the share of CDRs followed by their credit CDR")
      ->capture_default_str();
  sim->callback([options, &exit_code] { exit_code = RunCpoSim(*options); });
}

}  // namespace openmsp::app
