#include "domain/command.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "core/enum_names.h"
#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr EnumNames<CommandType, 5> kTypeNames = {{{CommandType::kCancelReservation, "CANCEL_RESERVATION"},
                                                   {CommandType::kReserveNow, "RESERVE_NOW"},
                                                   {CommandType::kStartSession, "START_SESSION"},
                                                   {CommandType::kStopSession, "STOP_SESSION"},
                                                   {CommandType::kUnlockConnector, "UNLOCK_CONNECTOR"}}};
constexpr EnumNames<CommandResultType, 9> kResultNames = {
    {{CommandResultType::kAccepted, "ACCEPTED"},
     {CommandResultType::kCanceledReservation, "CANCELED_RESERVATION"},
     {CommandResultType::kEvseOccupied, "EVSE_OCCUPIED"},
     {CommandResultType::kEvseInoperative, "EVSE_INOPERATIVE"},
     {CommandResultType::kFailed, "FAILED"},
     {CommandResultType::kNotSupported, "NOT_SUPPORTED"},
     {CommandResultType::kRejected, "REJECTED"},
     {CommandResultType::kTimeout, "TIMEOUT"},
     {CommandResultType::kUnknownReservation, "UNKNOWN_RESERVATION"}}};
constexpr EnumNames<CommandState, 10> kStateNames = {{{CommandState::kRequested, "requested"},
                                                      {CommandState::kAccepted, "accepted"},
                                                      {CommandState::kRejected, "rejected"},
                                                      {CommandState::kNotSupported, "not_supported"},
                                                      {CommandState::kUnknownSession, "unknown_session"},
                                                      {CommandState::kUnreachable, "unreachable"},
                                                      {CommandState::kSucceeded, "succeeded"},
                                                      {CommandState::kFailed, "failed"},
                                                      {CommandState::kTimedOut, "timed_out"},
                                                      {CommandState::kCanceled, "canceled"}}};

std::string CutMessage(std::string message) {
  if (message.size() > kMaxCommandMessageLength) {
    std::size_t cut = kMaxCommandMessageLength;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0U) == 0x80U) --cut;
    message.resize(cut);
  }
  return message;
}

bool IsUidCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

std::string_view CommandTypeName(CommandType type) { return NameOf(kTypeNames, type); }
std::string_view CommandResultTypeName(CommandResultType result) { return NameOf(kResultNames, result); }
std::string_view CommandStateName(CommandState state) { return NameOf(kStateNames, state); }
Result<CommandType> ParseCommandType(std::string_view name) { return ValueOf(kTypeNames, name); }
Result<CommandResultType> ParseCommandResultType(std::string_view name) { return ValueOf(kResultNames, name); }
Result<CommandState> ParseCommandState(std::string_view name) { return ValueOf(kStateNames, name); }

bool AwaitsOutcome(CommandState state) {
  return state == CommandState::kRequested || state == CommandState::kAccepted;
}

CommandState StateOfResult(CommandResultType result) {
  switch (result) {
    case CommandResultType::kAccepted:
      return CommandState::kSucceeded;
    case CommandResultType::kTimeout:
      return CommandState::kTimedOut;
    default:
      return CommandState::kFailed;
  }
}

Instant ResultDeadline(Instant answered_at, std::int64_t timeout_seconds) {
  const std::int64_t seconds = std::clamp<std::int64_t>(timeout_seconds, 0, kMaxCommandTimeoutSeconds);
  return answered_at + std::chrono::seconds(seconds);
}

Result<void> ValidateNewCommand(const NewCommand& command) {
  if (command.uid.empty() || command.uid.size() > kMaxCommandUidLength) {
    return InvalidArgument("uid", "must be 1 to 36 characters");
  }
  for (char c : command.uid) {
    if (!IsUidCharacter(c)) return InvalidArgument("uid", "may hold only letters, digits and '-'");
  }
  if (command.request_body.empty()) return InvalidArgument("request_body", "must not be empty");
  if (command.request_body.size() > kMaxCommandRequestBytes) {
    return InvalidArgument("request_body", "is longer than 65536 bytes");
  }
  if (Result<void> reference = ValidateCiString(command.authorization_reference, 36); !reference) {
    return reference.error().Nested("authorization_reference");
  }
  return Ok();
}

Result<CommandResponseRecord> ValidateCommandResponse(const CommandResponseRecord& response) {
  switch (response.state) {
    case CommandState::kAccepted:
    case CommandState::kRejected:
    case CommandState::kNotSupported:
    case CommandState::kUnknownSession:
      if (!response.timeout_seconds) return InvalidArgument("timeout_seconds", "is required for an answer");
      if (*response.timeout_seconds < 0) return InvalidArgument("timeout_seconds", "must not be negative");
      break;
    case CommandState::kUnreachable:
      if (response.timeout_seconds) {
        return InvalidArgument("timeout_seconds", "must be absent when the CPO could not be asked");
      }
      if (response.message.empty()) {
        return InvalidArgument("message", "must say why the CPO could not be asked");
      }
      break;
    default:
      return InvalidArgument("state", std::string(CommandStateName(response.state)) +
                                          " is not the state of an answer to a command");
  }
  CommandResponseRecord valid = response;
  valid.message = CutMessage(std::move(valid.message));
  return valid;
}

CommandResultRecord NormaliseCommandResult(const CommandResultRecord& result) {
  return CommandResultRecord{.result = result.result, .message = CutMessage(result.message)};
}

}  // namespace openmsp::domain
