#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "cposim/report.h"
#include "http/listen_address.h"

/// The CPO simulator (`openmsp cpo-sim`, docs/ocpi.md "## The CPO simulator"): the other side of OCPI
/// 2.2.1, a CPO or a hub fronting several CPO parties, talking to a running `openmsp serve` over real HTTP
/// only. It registers with a token A, serves its own versions, credentials, sender and receiver endpoints,
/// pushes a generated world, authorizes before each session, posts CDRs, answers commands, and produces
/// load and faults.
namespace openmsp::cposim {

/// Faults the simulator injects, each with a rate from 0 (never) to 1 (always).
struct Faults {
  /// Delay of a slowed answer of our own server (0: none), applied at `slow_rate`.
  std::chrono::milliseconds slow{0};
  double slow_rate = 1.0;
  /// Our own server answers 500 (OCPI 3000) at this rate: the eMSP's pullers and command sender must cope.
  double http_500_rate = 0;
  /// At this rate a CDR we send is followed by a malformed one (cut JSON; it must be refused with 2001),
  /// and our own server answers with a body that is not JSON.
  double malformed_rate = 0;
  /// At this rate an acknowledged CDR is sent again, byte for byte: it must be answered 200/1000 and not
  /// stored twice.
  double duplicate_rate = 0;
  /// At this rate an acknowledged CDR is followed by its credit CDR (`credit: true`, negated costs).
  double credit_rate = 0;
};

/// What `openmsp cpo-sim` is told.
struct SimulatorOptions {
  /// The eMSP's versions URL and the token A it issued (`openmsp peer invite`).
  std::string versions_url;
  std::string token_a;
  /// Where our own OCPI server listens, and the URL the eMSP reaches it by (empty: `http://` + the bound
  /// address).
  http::ListenAddress listen{.host = "127.0.0.1", .port = 0};
  std::string public_url;
  /// Our party: the CPO, or the hub's own party.
  PartyId party;
  /// A hub (role HUB in the credentials) sending for `parties` with `OCPI-from-*`/`OCPI-to-*` headers.
  bool hub = false;
  std::vector<PartyId> parties;
  std::string business_name = "Simulated CPO";
  std::uint64_t seed = 1;
  /// Locations per party, pushed once after registering.
  int locations = 5;
  /// Sessions (each authorized, PUT, PATCHed, closed by a CDR) per round.
  int sessions_per_round = 3;
  /// Time between rounds when not in load mode.
  std::chrono::milliseconds round_interval{5000};
  /// Load mode: this many CDRs per second (0: off), up to `max_in_flight` at once.
  int cdrs_per_second = 0;
  int max_in_flight = 32;
  /// How long to run (0: until a signal, or after one round with `once`).
  std::chrono::milliseconds duration{0};
  bool once = false;
  /// The delay before a CommandResult is POSTed.
  std::chrono::milliseconds command_result_delay{200};
  Faults faults;
};

/// One simulator. `Start` then `Register`, then any of the rest; `Stop` (or the destructor) ends its
/// server and waits for the CommandResults still due.
class Simulator {
 public:
  /// kInvalidArgument naming the option when one is unusable (`--versions-url`, `--token-a`, `--parties`
  /// for a hub without parties, a rate outside 0..1).
  static Result<std::unique_ptr<Simulator>> Create(SimulatorOptions options, const Clock& clock);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  /// Starts our OCPI server; answers our versions URL.
  Result<std::string> Start();

  /// The handshake as initiator (ocpi-2.2.1-emsp.md §4.1): GET the eMSP's versions and 2.2.1 details with
  /// token A, POST our credentials (a new token B, our versions URL, our roles), keep its token C.
  /// kPeerError / kUnavailable naming the step that failed.
  Result<void> Register();

  /// PUTs every tariff and location of the generated world (§8.1, §5.1).
  Result<void> PushWorld();

  /// One round: pulls the eMSP's tokens (GET with pagination, §10.1 K1), then `sessions_per_round`
  /// sessions each authorized in real time first (§10.1 K2), PUT, PATCHed period by period (§6.1),
  /// completed, and closed by its CDR (§7.1), with the duplicate, credit and malformed faults.
  Result<void> RunRound();

  /// Load: `cdrs_per_second` CDRs per second until `duration` passes or `stop` is set, at most
  /// `max_in_flight` in flight (later ones are skipped and counted, so the load stays bounded).
  Result<void> RunLoad(const std::atomic<bool>& stop);

  /// Stops the server after the CommandResults still due are posted.
  void Stop();

  const Report& report() const;

 private:
  class Impl;
  explicit Simulator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace openmsp::cposim
