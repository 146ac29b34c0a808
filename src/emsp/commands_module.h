#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.h"
#include "core/ids/party_id.h"
#include "core/periodic_task.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/command.h"
#include "domain/ids.h"
#include "domain/job.h"
#include "domain/peer.h"
#include "emsp/ocpi_endpoints.h"
#include "http/client.h"
#include "ocpi/headers.h"
#include "store/repositories.h"

/// The eMSP's side of the OCPI commands module (ocpi-2.2.1-emsp.md §11, pitfall 10 of §18): sending
/// START_SESSION, STOP_SESSION, RESERVE_NOW, CANCEL_RESERVATION and UNLOCK_CONNECTOR to a CPO's commands
/// RECEIVER endpoint, receiving the CommandResult the CPO POSTs to the `response_url` we gave, and giving
/// up on commands whose result does not come in time. What became of each command is a
/// `domain::Command` (domain/command.h has the state machine).
namespace openmsp::emsp {

/// START_SESSION for one of the tenant's tokens. The token must be valid now (`domain::IsOcpiValid`): the
/// CPO does not check tokens in commands, the eMSP must (§11.2).
struct StartSessionRequest {
  domain::TokenId token_id;
  /// CiString(36), required.
  std::string location_id;
  /// Empty: the CPO picks. Required when `connector_id` is given.
  std::string evse_uid;
  /// Empty: left out. Required by EVSEs with `START_SESSION_CONNECTOR_REQUIRED`.
  std::string connector_id;
};

/// STOP_SESSION of the CPO's session `session_id` (CiString(36)).
struct StopSessionRequest {
  std::string session_id;
};

/// RESERVE_NOW for one of the tenant's tokens (valid now, as for START_SESSION) until `expiry_date`.
struct ReserveNowRequest {
  domain::TokenId token_id;
  Instant expiry_date;
  /// CiString(36): the same id at the same location replaces an earlier reservation.
  std::string reservation_id;
  std::string location_id;
  /// Empty: any EVSE of the location.
  std::string evse_uid;
};

/// CANCEL_RESERVATION of `reservation_id`.
struct CancelReservationRequest {
  std::string reservation_id;
};

/// UNLOCK_CONNECTOR: for the help desk only, never offered to drivers (§11.2).
struct UnlockConnectorRequest {
  std::string location_id;
  std::string evse_uid;
  std::string connector_id;
};

/// One command, as its caller (the Control Centre, `openmsp command`) states it: the `response_url` and
/// the `authorization_reference` are ours to make.
using CommandRequest = std::variant<StartSessionRequest, StopSessionRequest, ReserveNowRequest,
                                    CancelReservationRequest, UnlockConnectorRequest>;

/// Whom a command goes to.
struct CommandTarget {
  domain::TenantId tenant_id;
  /// The connected peer to POST it to: a CPO, or a hub.
  domain::PeerId peer_id;
  /// The CPO party it is for (the `OCPI-to-*` headers): one of the peer's CPO roles, or any party behind a
  /// hub peer. Absent: the peer's only CPO role (kInvalidArgument naming `cpo` when it has none or several,
  /// as for a hub).
  std::optional<PartyId> cpo;
};

/// How long a command stored but never answered (the process stopped while sending) waits before the
/// sweep times it out: well beyond any HTTP client's request timeout.
inline constexpr Duration kUnansweredCommandDeadline = std::chrono::minutes(5);

/// Sends one command and records what the CPO answered.
///
/// 1. Checks everything before anything is stored: the peer is a connected peer of the tenant with a
///    `commands` RECEIVER endpoint (kNotFound / kFailedPrecondition naming `peer_id`), the CPO party
///    (`cpo`), the token (kNotFound or kFailedPrecondition naming `token_id`), every field of the request
///    (kInvalidArgument naming it, as `ocpi::CommandJson` does).
/// 2. Stores the command `requested`, with a new random uid (a UUID) in its `response_url`
///    `{VersionUrl}/commands/{COMMAND}/{uid}`; for START_SESSION and RESERVE_NOW the uid is also the
///    `authorization_reference`, so the Session and CDR that follow name the command.
/// 3. POSTs it once to `{commands endpoint}/{COMMAND}` with the peer's token B (Base64 or raw, as the peer
///    registered), new `X-Request-ID`/`X-Correlation-ID`, and the routing headers from the tenant's party
///    to the CPO party. Never retried: a START_SESSION sent twice may start two sessions.
/// 4. Records the answer: the CommandResponse's `result` (`accepted`, with the deadline `timeout` seconds
///    on; `rejected`, `not_supported`, `unknown_session`), `rejected` for an OCPI 2xxx error (e.g. 2003,
///    an unknown location), and `unreachable` with the reason for anything else (connection refused,
///    timeout, HTTP 500, no OCPI envelope, a 3xxx code, an unreadable CommandResponse).
///
/// Answers the command as stored afterwards: an `unreachable` command is an outcome, not an error. An
/// error means nothing was sent, except when the answer could not be stored (the database failed
/// meanwhile): then the command times out at its first deadline.
Result<domain::Command> SendCommand(OcpiContext& context, http::HttpClient& client,
                                    const CommandTarget& target, const CommandRequest& request);

/// The connected peer of `tenant_id` that takes commands for the CPO party `cpo` (whose location or
/// session a command is about): a peer with that CPO role and a `commands` RECEIVER endpoint, else a hub
/// peer with one whose hubclientinfo reports `cpo` CONNECTED. kFailedPrecondition naming `cpo` when there
/// is none.
Result<CommandTarget> CommandTargetFor(store::Repositories& db, domain::TenantId tenant_id,
                                       const PartyId& cpo);

/// The job kind that sends a command `QueueCommand` stored, on serve's job workers. Payload
/// `{"command_id":N,"from":"NL-DEM"}` (the tenant's party it is sent from). One attempt only.
inline constexpr std::string_view kCommandJob = "ocpi.command";

/// `SendCommand` for a caller that must not wait on the CPO (the Control Centre answers 202 at once):
/// checks everything and stores the command `requested` as `SendCommand` does (steps 1 and 2; the
/// `response_url` under `version_url`, `OcpiContext::VersionUrl`), and queues an `ocpi.command` job that
/// sends it, both through `db` (a caller's transaction makes them one). The job has one attempt, so a
/// command is never sent twice: a worker that dies while sending leaves the command to time out at its
/// deadline. Answers the command as stored.
Result<domain::Command> QueueCommand(store::Repositories& db, ocpi::RandomSource& random,
                                     std::string_view version_url, Instant now, const CommandTarget& target,
                                     const CommandRequest& request);

/// Runs one `ocpi.command` job: POSTs the stored command once to the peer's commands endpoint as
/// `SendCommand` does (steps 3 and 4) and records the answer. A command that is no longer `requested` or
/// has an answer is left as it is (never sent twice); a peer no longer connected, gone, or without the
/// endpoint records `unreachable` without sending. Answers the command as stored afterwards; an error only
/// when the payload is not one of `QueueCommand`'s or the database failed.
Result<domain::Command> RunCommandJob(store::Repositories& db, http::HttpClient& client,
                                      ocpi::RandomSource& random, const Clock& clock, const domain::Job& job);

/// Adds `POST {VersionUrl}/commands/{command}/{uid}` (connected peers only): the CommandResult of one of
/// the calling peer's commands in the caller's tenant (another's, or an unknown uid or command type: 404
/// naming `uid`). A body that is not a CommandResult is 2001 naming the field. The first result decides
/// the command; a later one is answered 200 too but changes nothing and is logged (except a CPO's
/// CANCELED_RESERVATION of a reservation, OCPI M3). The answer has no `data` (§2.3).
void RegisterCommandsModule(OcpiEndpoints& endpoints);

/// Moves the commands of every tenant that awaited their outcome past their deadline to `timed_out`
/// (`CommandRepository::TimeOutOverdue`); answers how many moved.
Result<std::size_t> TimeOutOverdueCommands(store::Repositories& db, Instant now);

/// Runs `TimeOutOverdueCommands` every `interval` (a steady-clock wait; the instants come from `clock`) on a
/// thread of its own until destroyed. Failures are logged and tried again next round.
class CommandTimeoutSweep {
 public:
  /// `pool` and `clock` must outlive the sweep.
  CommandTimeoutSweep(store::RepositoryPool& pool, const Clock& clock,
                      std::chrono::milliseconds interval = std::chrono::seconds(10));

 private:
  PeriodicTask task_;
};

}  // namespace openmsp::emsp
