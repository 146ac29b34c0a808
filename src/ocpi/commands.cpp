#include "ocpi/commands.h"

#include <array>

#include "pricing/ocpi_field_json.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;
namespace ocpi_json = pricing::ocpi_json;

constexpr std::size_t kMaxIdLength = 36;

constexpr std::array<std::pair<CommandType, std::string_view>, 5> kCommandNames = {{
    {CommandType::kCancelReservation, "CANCEL_RESERVATION"},
    {CommandType::kReserveNow, "RESERVE_NOW"},
    {CommandType::kStartSession, "START_SESSION"},
    {CommandType::kStopSession, "STOP_SESSION"},
    {CommandType::kUnlockConnector, "UNLOCK_CONNECTOR"},
}};

constexpr std::array<ocpi_json::EnumName<CommandResponseType>, 4> kResponseNames = {{
    {"NOT_SUPPORTED", CommandResponseType::kNotSupported},
    {"REJECTED", CommandResponseType::kRejected},
    {"ACCEPTED", CommandResponseType::kAccepted},
    {"UNKNOWN_SESSION", CommandResponseType::kUnknownSession},
}};

constexpr std::array<ocpi_json::EnumName<CommandResultType>, 9> kResultNames = {{
    {"ACCEPTED", CommandResultType::kAccepted},
    {"CANCELED_RESERVATION", CommandResultType::kCanceledReservation},
    {"EVSE_OCCUPIED", CommandResultType::kEvseOccupied},
    {"EVSE_INOPERATIVE", CommandResultType::kEvseInoperative},
    {"FAILED", CommandResultType::kFailed},
    {"NOT_SUPPORTED", CommandResultType::kNotSupported},
    {"REJECTED", CommandResultType::kRejected},
    {"TIMEOUT", CommandResultType::kTimeout},
    {"UNKNOWN_RESERVATION", CommandResultType::kUnknownReservation},
}};

// Builds a command body member by member, keeping the first error.
class CommandBuilder {
 public:
  explicit CommandBuilder(std::string_view response_url) {
    if (Result<void> url = ValidateUrl(response_url); !url) {
      error_ = url.error().Nested("response_url");
    } else {
      object_["response_url"] = response_url;
    }
  }

  CommandBuilder& Token(const json::object& token) {
    if (token.empty()) Fail(InvalidArgument("token", "is required"));
    object_["token"] = token;
    return *this;
  }

  CommandBuilder& Id(std::string_view key, std::string_view id) {
    if (Result<void> valid = ValidateId(id, kMaxIdLength, key); !valid) Fail(valid.error());
    object_[key] = id;
    return *this;
  }

  CommandBuilder& OptionalId(std::string_view key, std::string_view id) {
    return id.empty() ? *this : Id(key, id);
  }

  CommandBuilder& DateTime(std::string_view key, Instant instant) {
    object_[key] = FormatOcpiDateTime(instant);
    return *this;
  }

  Result<json::value> Build() && {
    if (error_) return *std::move(error_);
    return json::value(std::move(object_));
  }

 private:
  void Fail(Error error) {
    if (!error_) error_ = std::move(error);
  }

  json::object object_;
  std::optional<Error> error_;
};

}  // namespace

std::string_view CommandTypeName(CommandType type) {
  for (const auto& [value, name] : kCommandNames) {
    if (value == type) return name;
  }
  return "";
}

Result<json::value> CommandJson(const StartSession& command) {
  if (!command.connector_id.empty() && command.evse_uid.empty()) {
    return InvalidArgument("evse_uid", "is required when connector_id is given");
  }
  return std::move(CommandBuilder(command.response_url)
                       .Token(command.token)
                       .Id("location_id", command.location_id)
                       .OptionalId("evse_uid", command.evse_uid)
                       .OptionalId("connector_id", command.connector_id)
                       .OptionalId("authorization_reference", command.authorization_reference))
      .Build();
}

Result<json::value> CommandJson(const StopSession& command) {
  return std::move(CommandBuilder(command.response_url).Id("session_id", command.session_id)).Build();
}

Result<json::value> CommandJson(const ReserveNow& command) {
  return std::move(CommandBuilder(command.response_url)
                       .Token(command.token)
                       .DateTime("expiry_date", command.expiry_date)
                       .Id("reservation_id", command.reservation_id)
                       .Id("location_id", command.location_id)
                       .OptionalId("evse_uid", command.evse_uid)
                       .OptionalId("authorization_reference", command.authorization_reference))
      .Build();
}

Result<json::value> CommandJson(const CancelReservation& command) {
  return std::move(CommandBuilder(command.response_url).Id("reservation_id", command.reservation_id)).Build();
}

Result<json::value> CommandJson(const UnlockConnector& command) {
  return std::move(CommandBuilder(command.response_url)
                       .Id("location_id", command.location_id)
                       .Id("evse_uid", command.evse_uid)
                       .Id("connector_id", command.connector_id))
      .Build();
}

Result<CommandResponse> ParseCommandResponse(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto members, ocpi_json::RequiredMembers<2>(*object, {"result", "timeout"}));
  CommandResponse response;
  OPENMSP_ASSIGN_OR_RETURN(response.result,
                           ocpi_json::ReadMember(*members[0], "result", [](const json::value& v) {
                             return ocpi_json::ReadEnum(v, kResponseNames);
                           }));
  OPENMSP_ASSIGN_OR_RETURN(response.timeout_seconds,
                           ocpi_json::ReadMember(*members[1], "timeout", ocpi_json::ReadInteger));
  if (response.timeout_seconds < 0) return InvalidArgument("timeout", "must not be negative");
  Result<std::vector<DisplayText>> message = ReadDisplayTexts(object->if_contains("message"));
  if (!message) return message.error().Nested("message");
  response.message = *std::move(message);
  return response;
}

Result<CommandResult> ParseCommandResult(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto members, ocpi_json::RequiredMembers<1>(*object, {"result"}));
  CommandResult result;
  OPENMSP_ASSIGN_OR_RETURN(result.result,
                           ocpi_json::ReadMember(*members[0], "result", [](const json::value& v) {
                             return ocpi_json::ReadEnum(v, kResultNames);
                           }));
  Result<std::vector<DisplayText>> message = ReadDisplayTexts(object->if_contains("message"));
  if (!message) return message.error().Nested("message");
  result.message = *std::move(message);
  return result;
}

}  // namespace openmsp::ocpi
