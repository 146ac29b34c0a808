#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/peer.h"

namespace openmsp::domain {

// The OCPI commands an eMSP sends to a CPO (ocpi-2.2.1-emsp.md §11, pitfall 10 of §18) and what became of
// each. A command learns its outcome twice: the CPO's synchronous CommandResponse (did the CPO accept the
// request and pass it to the charger?) and, later, the CommandResult the CPO POSTs to the `response_url`
// we gave, which carries our `uid` (did the charger do it?).
//
//     requested ─┬─ accepted ─┬─ succeeded ── canceled (RESERVE_NOW only: the CPO cancelled it later, M3)
//                │            ├─ failed
//                │            └─ timed_out (the CPO's `timeout` passed without a result, or result TIMEOUT)
//                ├─ rejected / not_supported / unknown_session (the CPO's answer)
//                └─ unreachable (no usable answer: refused connection, timeout, HTTP 500, nonsense)
//
// Commands are never sent twice by OpenMSP: a START_SESSION sent again starts a second session. And a
// result is the charger's word, so it is recorded whenever it comes first: also after our own timeout or
// an `unreachable` (a request whose answer we lost may well have reached the charger), and it then
// decides the state. A result that came before the CPO's synchronous answer was recorded keeps the
// state it gave; the answer is stored beside it.

/// A stored command's id: the 64-bit integer its database row was given, unique across tenants. Not the
/// `uid` of its `response_url`.
struct CommandId {
  std::int64_t value = 0;

  friend auto operator<=>(const CommandId&, const CommandId&) = default;
};

/// OCPI `CommandType`.
enum class CommandType { kCancelReservation, kReserveNow, kStartSession, kStopSession, kUnlockConnector };

/// Where a command is (the diagram above).
enum class CommandState {
  kRequested,       ///< stored, being sent; no answer recorded yet
  kAccepted,        ///< the CPO accepted it (CommandResponse ACCEPTED); waiting for the result
  kRejected,        ///< the CPO refused it (CommandResponse REJECTED, or an OCPI 2xxx error)
  kNotSupported,    ///< CommandResponse NOT_SUPPORTED
  kUnknownSession,  ///< CommandResponse UNKNOWN_SESSION (STOP_SESSION of a session the CPO does not know)
  kUnreachable,     ///< no usable answer came; `response_message` says why
  kSucceeded,       ///< the result was ACCEPTED: the charger did it
  kFailed,          ///< the result was anything but ACCEPTED or TIMEOUT
  kTimedOut,        ///< the deadline passed without a result, or the result was TIMEOUT
  kCanceled,        ///< a RESERVE_NOW that succeeded and that the CPO cancelled later (CANCELED_RESERVATION)
};

/// OCPI `CommandResultType`: what the charger did.
enum class CommandResultType {
  kAccepted,
  kCanceledReservation,
  kEvseOccupied,
  kEvseInoperative,
  kFailed,
  kNotSupported,
  kRejected,
  kTimeout,
  kUnknownReservation,
};

/// The OCPI spellings: `START_SESSION`, …; `EVSE_OCCUPIED`, ….
std::string_view CommandTypeName(CommandType type);
std::string_view CommandResultTypeName(CommandResultType result);
/// The stored spelling of `state`: `requested`, `accepted`, `rejected`, `not_supported`, `unknown_session`,
/// `unreachable`, `succeeded`, `failed`, `timed_out`, `canceled`.
std::string_view CommandStateName(CommandState state);
/// The value spelled exactly `name` as the functions above spell it; kInvalidArgument with an empty field
/// (for the caller to `Nested`) otherwise.
Result<CommandType> ParseCommandType(std::string_view name);
Result<CommandResultType> ParseCommandResultType(std::string_view name);
Result<CommandState> ParseCommandState(std::string_view name);

/// Whether a command in `state` still waits for its outcome (`requested` or `accepted`): what the timeout
/// sweep looks at.
bool AwaitsOutcome(CommandState state);

/// The state a result gives a command that had none: ACCEPTED → `succeeded`, TIMEOUT → `timed_out`,
/// anything else (CANCELED_RESERVATION as a first result included) → `failed`.
CommandState StateOfResult(CommandResultType result);

/// The longest `uid` (it goes into a URL path segment).
inline constexpr std::size_t kMaxCommandUidLength = 36;
/// The longest request body kept, in bytes (a START_SESSION with its token is well under 2 KB).
inline constexpr std::size_t kMaxCommandRequestBytes = 64 * 1024;
/// The longest message kept (the CPO's texts, or why it could not be reached), in bytes; longer ones are
/// cut there, at a UTF-8 character boundary.
inline constexpr std::size_t kMaxCommandMessageLength = 2000;
/// The longest wait for a result (one day): a CommandResponse's longer `timeout` is kept as the CPO said
/// it, but the deadline is one day, so a peer's absurd number cannot push it past what an `Instant` holds.
inline constexpr std::int64_t kMaxCommandTimeoutSeconds = 24 * 60 * 60;

/// When to stop waiting for the result of a command the CPO accepted at `answered_at` with `timeout`
/// seconds (negative counts as 0, more than `kMaxCommandTimeoutSeconds` as that).
Instant ResultDeadline(Instant answered_at, std::int64_t timeout_seconds);

/// A command about to be sent, as it is stored before it leaves.
struct NewCommand {
  /// The peer it is sent to (a CPO, or a hub fronting `cpo`).
  PeerId peer_id;
  CommandType type = CommandType::kStartSession;
  /// Our id in the `response_url`: 1 to 36 of `A-Za-z0-9-` (a random UUID), unique in the tenant.
  std::string uid;
  /// The CPO party the command is for: the `OCPI-to-*` routing headers.
  PartyId cpo;
  /// The JSON body exactly as sent: non-empty, at most `kMaxCommandRequestBytes`.
  std::string request_body;
  /// CiString(36) given in a START_SESSION or RESERVE_NOW; the Session and CDR that follow carry it.
  /// Empty when none.
  std::string authorization_reference;
  /// When the command gives up if no answer is ever recorded (the process stopped while sending).
  Instant deadline;
};

/// What the CPO answered synchronously, or that it could not be asked.
struct CommandResponseRecord {
  /// `accepted`, `rejected`, `not_supported`, `unknown_session` or `unreachable`.
  CommandState state = CommandState::kUnreachable;
  /// The CPO's `timeout` in seconds; absent for `unreachable`.
  std::optional<std::int64_t> timeout_seconds;
  /// The CPO's message texts, or (unreachable) why it could not be asked; cut at
  /// `kMaxCommandMessageLength`. Required for `unreachable`.
  std::string message;
  /// For `accepted`: when to give up waiting for the result (`ResultDeadline`). Otherwise unused.
  Instant deadline;
};

/// What the CPO POSTed to the `response_url`.
struct CommandResultRecord {
  CommandResultType result = CommandResultType::kFailed;
  /// The CPO's message texts; cut at `kMaxCommandMessageLength`.
  std::string message;
};

/// A stored command.
struct Command {
  CommandId id;
  TenantId tenant_id;
  PeerId peer_id;
  CommandType type = CommandType::kStartSession;
  std::string uid;
  PartyId cpo;
  std::string request_body;
  std::string authorization_reference;
  CommandState state = CommandState::kRequested;
  /// When it was stored, by the repository's clock.
  Instant requested_at;
  /// While it awaits its outcome: when the timeout sweep gives up on it.
  Instant deadline;
  /// When the synchronous answer (or the failure to get one) was recorded.
  std::optional<Instant> answered_at;
  std::optional<std::int64_t> timeout_seconds;
  std::string response_message;
  /// The first result the CPO POSTed, and when.
  std::optional<CommandResultType> result;
  std::optional<Instant> result_at;
  std::string result_message;
  /// When a reservation was cancelled by the CPO after it succeeded (state `canceled`).
  std::optional<Instant> canceled_at;

  friend bool operator==(const Command&, const Command&) = default;
};

/// What became of a CommandResult POST.
enum class ResultRecording {
  kRecorded,  ///< the command's first result: stored, the state follows it
  kCanceled,  ///< CANCELED_RESERVATION after a RESERVE_NOW succeeded: the reservation is over
  kIgnored,   ///< the command had its result already: the first one is kept (the caller logs it)
};

/// A result as recorded, with the command as stored afterwards.
struct RecordedResult {
  ResultRecording recording = ResultRecording::kRecorded;
  Command command;
};

/// Checks `NewCommand` (the peer id aside, which the store checks): the error names `uid`,
/// `request_body` or `authorization_reference`.
Result<void> ValidateNewCommand(const NewCommand& command);

/// Checks a `CommandResponseRecord` and returns it with its message cut to `kMaxCommandMessageLength`.
/// The error names `state` (not an answer's
/// state), `timeout_seconds` (negative, absent for an answer, present for `unreachable`) or `message`
/// (empty for `unreachable`).
Result<CommandResponseRecord> ValidateCommandResponse(const CommandResponseRecord& response);

/// `result` with its message cut to `kMaxCommandMessageLength`.
CommandResultRecord NormaliseCommandResult(const CommandResultRecord& result);

}  // namespace openmsp::domain
