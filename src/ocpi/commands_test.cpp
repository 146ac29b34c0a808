#include "ocpi/commands.h"

#include <gtest/gtest.h>

#include "ocpi/ocpi_test_support.h"

namespace openmsp::ocpi {
namespace {

using test::ErrorOf;
using test::Json;

constexpr std::string_view kResponseUrl = "https://msp.example/ocpi/2.2.1/commands/START_SESSION/8f1d";

boost::json::object Token() {
  return Json(R"({"country_code": "NL", "party_id": "TNM", "uid": "APP-1", "type": "APP_USER",
    "contract_id": "NL-TNM-C00122045-Z", "issuer": "TNM", "valid": true, "whitelist": "NEVER",
    "last_updated": "2026-02-01T09:00:00Z"})")
      .as_object();
}

StartSession Start(std::string_view connector_id = "") {
  StartSession command;
  command.response_url = std::string(kResponseUrl);
  command.token = Token();
  command.location_id = "LOC1";
  command.connector_id = std::string(connector_id);
  return command;
}

TEST(CommandJsonTest, StartSessionWithEverything) {
  StartSession command = Start("1");
  command.evse_uid = "3256";
  command.authorization_reference = "AUTH-1";
  Result<boost::json::value> json = CommandJson(command);
  ASSERT_TRUE(json.ok()) << json.error().ToString();
  boost::json::object expected{{"response_url", kResponseUrl}, {"token", Token()},
                               {"location_id", "LOC1"},        {"evse_uid", "3256"},
                               {"connector_id", "1"},          {"authorization_reference", "AUTH-1"}};
  EXPECT_EQ(*json, boost::json::value(expected));
}

TEST(CommandJsonTest, StartSessionLeavesEmptyOptionsOutAndNeedsTheEvseForAConnector) {
  Result<boost::json::value> json = CommandJson(Start());
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->as_object().size(), 3U);
  EXPECT_EQ(ErrorOf(CommandJson(Start("1"))).field, "evse_uid");
}

TEST(CommandJsonTest, TheOtherFourCommands) {
  EXPECT_EQ(CommandJson(StopSession{"https://m.example/r/1", "SESSION-1"}).value(),
            Json(R"({"response_url": "https://m.example/r/1", "session_id": "SESSION-1"})"));
  EXPECT_EQ(CommandJson(CancelReservation{"https://m.example/r/2", "RES-1"}).value(),
            Json(R"({"response_url": "https://m.example/r/2", "reservation_id": "RES-1"})"));
  EXPECT_EQ(CommandJson(UnlockConnector{"https://m.example/r/3", "LOC1", "3256", "1"}).value(),
            Json(R"({"response_url": "https://m.example/r/3", "location_id": "LOC1", "evse_uid": "3256",
                     "connector_id": "1"})"));
  ReserveNow reserve_now;
  reserve_now.response_url = "https://m.example/r/4";
  reserve_now.token = Token();
  reserve_now.expiry_date = ParseOcpiDateTime("2026-03-01T11:00:00Z").value();
  reserve_now.reservation_id = "RES-2";
  reserve_now.location_id = "LOC1";
  Result<boost::json::value> reserve = CommandJson(reserve_now);
  ASSERT_TRUE(reserve.ok()) << reserve.error().ToString();
  EXPECT_EQ(reserve->at("expiry_date"), "2026-03-01T11:00:00Z");
  EXPECT_EQ(reserve->at("reservation_id"), "RES-2");
  EXPECT_FALSE(reserve->as_object().contains("evse_uid"));
}

TEST(CommandJsonTest, RefusesBadFieldsNamingThem) {
  EXPECT_EQ(ErrorOf(CommandJson(StopSession{"msp.example/r", "S"})).field, "response_url");
  EXPECT_EQ(ErrorOf(CommandJson(StopSession{"https://m.example/r", ""})).field, "session_id");
  EXPECT_EQ(ErrorOf(CommandJson(CancelReservation{"https://m.example/r", std::string(37, 'r')})).field,
            "reservation_id");
  EXPECT_EQ(ErrorOf(CommandJson(UnlockConnector{"https://m.example/r", "LOC1", "", "1"})).field, "evse_uid");
  StartSession without_token = Start();
  without_token.token = {};
  EXPECT_EQ(ErrorOf(CommandJson(without_token)).field, "token");
  EXPECT_EQ(CommandTypeName(CommandType::kStartSession), "START_SESSION");
  EXPECT_EQ(CommandTypeName(CommandType::kCancelReservation), "CANCEL_RESERVATION");
}

TEST(ParseCommandResponseTest, ReadsResultTimeoutAndMessages) {
  Result<CommandResponse> response = ParseCommandResponse(
      Json(R"({"result": "ACCEPTED", "timeout": 30, "message": [{"language": "en", "text": "Sent"}]})"));
  ASSERT_TRUE(response.ok()) << response.error().ToString();
  EXPECT_EQ(*response, (CommandResponse{CommandResponseType::kAccepted, 30, {{"en", "Sent"}}}));
  EXPECT_TRUE(ParseCommandResponse(Json(R"({"result": "REJECTED", "timeout": 0, "message": null})"))
                  ->message.empty());
}

TEST(ParseCommandResponseTest, RefusesNamingTheField) {
  const struct {
    std::string_view json;
    std::string_view field;
  } cases[] = {
      {R"({"timeout": 30})", "result"},
      {R"({"result": "accepted", "timeout": 30})", "result"},
      {R"({"result": "ACCEPTED"})", "timeout"},
      {R"({"result": "ACCEPTED", "timeout": -1})", "timeout"},
      {R"({"result": "ACCEPTED", "timeout": 30.5})", "timeout"},
      {R"({"result": "ACCEPTED", "timeout": 30, "message": {"language": "en", "text": "x"}})", "message"},
      {R"({"result": "ACCEPTED", "timeout": 30, "message": [{"language": "eng", "text": "x"}]})",
       "message[0].language"},
  };
  for (const auto& c : cases) {
    const Error error = ErrorOf(ParseCommandResponse(Json(c.json)));
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << c.json;
    EXPECT_EQ(error.field, c.field) << c.json << " -> " << error.ToString();
  }
}

TEST(ParseCommandResultTest, ReadsEveryResult) {
  const std::pair<std::string_view, CommandResultType> results[] = {
      {"ACCEPTED", CommandResultType::kAccepted},
      {"CANCELED_RESERVATION", CommandResultType::kCanceledReservation},
      {"EVSE_OCCUPIED", CommandResultType::kEvseOccupied},
      {"EVSE_INOPERATIVE", CommandResultType::kEvseInoperative},
      {"FAILED", CommandResultType::kFailed},
      {"NOT_SUPPORTED", CommandResultType::kNotSupported},
      {"REJECTED", CommandResultType::kRejected},
      {"TIMEOUT", CommandResultType::kTimeout},
      {"UNKNOWN_RESERVATION", CommandResultType::kUnknownReservation},
  };
  for (const auto& [name, value] : results) {
    Result<CommandResult> result =
        ParseCommandResult(Json(R"({"result": ")" + std::string(name) + R"(", "unknown": [1]})"));
    ASSERT_TRUE(result.ok()) << name << ": " << result.error().ToString();
    EXPECT_EQ(result->result, value);
  }
  EXPECT_EQ(ErrorOf(ParseCommandResult(Json(R"({"result": "RESERVED"})"))).field, "result");
  EXPECT_EQ(ErrorOf(ParseCommandResult(Json(R"({})"))).field, "result");
  EXPECT_EQ(ErrorOf(ParseCommandResult(Json(R"({"result": "FAILED", "message": [{"text": "x"}]})"))).field,
            "message[0].language");
}

}  // namespace
}  // namespace openmsp::ocpi
