#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "ocpi/fields.h"

/// The OCPI commands module as the eMSP speaks it (ocpi-2.2.1-emsp.md §11, pitfall 10 of §18): the five
/// requests we POST to a CPO's `{commands}/{command}`, the CommandResponse it answers synchronously, and
/// the CommandResult it POSTs later to the `response_url` we chose.
///
/// Every id below is an OCPI CiString(36); every `response_url` an OCPI `URL` (`ValidateUrl`). The
/// builders check them and fail with kInvalidArgument naming the field; a field documented "empty: left
/// out" is optional.
namespace openmsp::ocpi {

/// OCPI `CommandType`, the last segment of the command's URL.
enum class CommandType { kCancelReservation, kReserveNow, kStartSession, kStopSession, kUnlockConnector };

/// The OCPI spelling, e.g. `START_SESSION`: `POST {cpo_commands}/START_SESSION`.
std::string_view CommandTypeName(CommandType type);

/// Ask the CPO to start a session for a token the eMSP has already authorized (the CPO does not check it).
struct StartSession {
  /// Where the CPO POSTs the CommandResult: put a unique id in it to match the result to this command.
  std::string response_url;
  /// The full token (`TokenJson`); only our own tokens.
  boost::json::object token;
  std::string location_id;
  /// Empty: left out (the CPO picks). Required when `connector_id` is given.
  std::string evse_uid;
  /// Empty: left out. Required by EVSEs with the capability `START_SESSION_CONNECTOR_REQUIRED`.
  std::string connector_id;
  /// Empty: left out. Echoed in the resulting Session and CDR: what binds them to this command.
  std::string authorization_reference;
};

/// Ask the CPO to stop a session.
struct StopSession {
  std::string response_url;
  std::string session_id;
};

/// Ask the CPO to reserve an EVSE (or any EVSE of a location) until `expiry_date`. The same
/// `reservation_id` at the same location replaces an earlier reservation.
struct ReserveNow {
  std::string response_url;
  boost::json::object token;
  Instant expiry_date;
  std::string reservation_id;
  std::string location_id;
  /// Empty: left out (any EVSE of the location).
  std::string evse_uid;
  /// Empty: left out.
  std::string authorization_reference;
};

/// Ask the CPO to cancel a reservation.
struct CancelReservation {
  std::string response_url;
  std::string reservation_id;
};

/// Ask the CPO to unlock a connector: for help desks only, never for drivers.
struct UnlockConnector {
  std::string response_url;
  std::string location_id;
  std::string evse_uid;
  std::string connector_id;
};

/// The JSON bodies of the five commands.
Result<boost::json::value> CommandJson(const StartSession& command);
Result<boost::json::value> CommandJson(const StopSession& command);
Result<boost::json::value> CommandJson(const ReserveNow& command);
Result<boost::json::value> CommandJson(const CancelReservation& command);
Result<boost::json::value> CommandJson(const UnlockConnector& command);

/// OCPI `CommandResponseType`: whether the CPO accepted the command (not whether the charger did).
enum class CommandResponseType { kNotSupported, kRejected, kAccepted, kUnknownSession };

/// The CPO's synchronous answer to a command.
struct CommandResponse {
  CommandResponseType result = CommandResponseType::kRejected;
  /// How long, in seconds, to wait for the CommandResult before giving up (≥ 0).
  std::int64_t timeout_seconds = 0;
  std::vector<DisplayText> message;

  friend bool operator==(const CommandResponse&, const CommandResponse&) = default;
};

/// Reads the `data` of the CPO's answer to a command: `result` and `timeout` required, `message` a
/// DisplayText list (absent, `null` or `[]`). kInvalidArgument naming the field.
Result<CommandResponse> ParseCommandResponse(const boost::json::value& value);

/// OCPI `CommandResultType`: what the charger did. For START_SESSION, ACCEPTED only means the charger
/// accepted the remote start; the session itself arrives through the sessions module (and can even
/// follow a TIMEOUT).
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

/// The outcome the CPO POSTs to a command's `response_url`.
struct CommandResult {
  CommandResultType result = CommandResultType::kFailed;
  std::vector<DisplayText> message;

  friend bool operator==(const CommandResult&, const CommandResult&) = default;
};

/// Reads the body of a CommandResult POST: `result` required, `message` a DisplayText list.
/// kInvalidArgument (2001) naming the field.
Result<CommandResult> ParseCommandResult(const boost::json::value& value);

}  // namespace openmsp::ocpi
