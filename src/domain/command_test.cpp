#include "domain/command.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace openmsp::domain {
namespace {

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

NewCommand Start() {
  return NewCommand{.peer_id = PeerId{7},
                    .type = CommandType::kStartSession,
                    .uid = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
                    .cpo = PartyId::Parse("NL-CPO").value(),
                    .request_body = R"({"location_id":"LOC1"})",
                    .authorization_reference = "ref-1",
                    .deadline = At("2026-03-01T12:05:00Z")};
}

TEST(CommandNamesTest, RoundTripEveryValue) {
  for (CommandType type : {CommandType::kCancelReservation, CommandType::kReserveNow, CommandType::kStartSession,
                           CommandType::kStopSession, CommandType::kUnlockConnector}) {
    EXPECT_EQ(ParseCommandType(CommandTypeName(type)).value(), type);
  }
  EXPECT_EQ(CommandTypeName(CommandType::kStartSession), "START_SESSION");
  EXPECT_EQ(CommandResultTypeName(CommandResultType::kCanceledReservation), "CANCELED_RESERVATION");
  EXPECT_EQ(CommandStateName(CommandState::kUnknownSession), "unknown_session");
  EXPECT_EQ(ParseCommandState("timed_out").value(), CommandState::kTimedOut);
  // OCPI enums are case-sensitive.
  EXPECT_FALSE(ParseCommandType("start_session"));
  EXPECT_FALSE(ParseCommandResultType("Accepted"));
  EXPECT_FALSE(ParseCommandState("TIMED_OUT"));
}

TEST(CommandStateTest, ResultsDecideTheState) {
  EXPECT_EQ(StateOfResult(CommandResultType::kAccepted), CommandState::kSucceeded);
  EXPECT_EQ(StateOfResult(CommandResultType::kTimeout), CommandState::kTimedOut);
  for (CommandResultType failed :
       {CommandResultType::kCanceledReservation, CommandResultType::kEvseOccupied, CommandResultType::kEvseInoperative,
        CommandResultType::kFailed, CommandResultType::kNotSupported, CommandResultType::kRejected,
        CommandResultType::kUnknownReservation}) {
    EXPECT_EQ(StateOfResult(failed), CommandState::kFailed) << CommandResultTypeName(failed);
  }
  EXPECT_TRUE(AwaitsOutcome(CommandState::kRequested));
  EXPECT_TRUE(AwaitsOutcome(CommandState::kAccepted));
  EXPECT_FALSE(AwaitsOutcome(CommandState::kUnreachable));
  EXPECT_FALSE(AwaitsOutcome(CommandState::kSucceeded));
}

TEST(CommandStateTest, DeadlineFollowsTheTimeoutWithinOneDay) {
  const Instant answered = At("2026-03-01T12:00:00Z");
  EXPECT_EQ(ResultDeadline(answered, 30), At("2026-03-01T12:00:30Z"));
  EXPECT_EQ(ResultDeadline(answered, 0), answered);
  EXPECT_EQ(ResultDeadline(answered, -5), answered);
  EXPECT_EQ(ResultDeadline(answered, 86400), At("2026-03-02T12:00:00Z"));
  // A peer's absurd timeout waits one day, without overflowing.
  EXPECT_EQ(ResultDeadline(answered, INT64_MAX), At("2026-03-02T12:00:00Z"));
}

TEST(NewCommandTest, AcceptsAWellFormedCommand) { EXPECT_TRUE(ValidateNewCommand(Start())); }

TEST(NewCommandTest, RefusesNamingTheField) {
  NewCommand command = Start();
  command.uid = "";
  EXPECT_EQ(ValidateNewCommand(command).error().field, "uid");
  command.uid = std::string(37, 'a');
  EXPECT_EQ(ValidateNewCommand(command).error().field, "uid");
  command.uid = "a/b";  // it is a path segment of the response_url
  EXPECT_EQ(ValidateNewCommand(command).error().field, "uid");

  command = Start();
  command.request_body = "";
  EXPECT_EQ(ValidateNewCommand(command).error().field, "request_body");
  command.request_body = std::string(kMaxCommandRequestBytes + 1, ' ');
  EXPECT_EQ(ValidateNewCommand(command).error().field, "request_body");

  command = Start();
  command.authorization_reference = std::string(37, 'r');
  EXPECT_EQ(ValidateNewCommand(command).error().field, "authorization_reference");
  command.authorization_reference = "caf\xC3\xA9";
  EXPECT_EQ(ValidateNewCommand(command).error().field, "authorization_reference");
}

TEST(CommandResponseTest, ChecksAnswersAndFailures) {
  EXPECT_TRUE(ValidateCommandResponse({.state = CommandState::kAccepted, .timeout_seconds = 30, .message = "",
                                       .deadline = {}}));
  EXPECT_TRUE(ValidateCommandResponse({.state = CommandState::kUnreachable,
                                       .timeout_seconds = std::nullopt,
                                       .message = "url: connection refused",
                                       .deadline = {}}));

  const auto field = [](CommandResponseRecord record) { return ValidateCommandResponse(record).error().field; };
  EXPECT_EQ(field({.state = CommandState::kSucceeded, .timeout_seconds = 30, .message = "", .deadline = {}}),
            "state");
  EXPECT_EQ(field({.state = CommandState::kRejected, .timeout_seconds = std::nullopt, .message = "", .deadline = {}}),
            "timeout_seconds");
  EXPECT_EQ(field({.state = CommandState::kRejected, .timeout_seconds = -1, .message = "", .deadline = {}}),
            "timeout_seconds");
  EXPECT_EQ(field({.state = CommandState::kUnreachable, .timeout_seconds = 0, .message = "x", .deadline = {}}),
            "timeout_seconds");
  EXPECT_EQ(field({.state = CommandState::kUnreachable, .timeout_seconds = std::nullopt, .message = "",
                   .deadline = {}}),
            "message");
}

TEST(CommandResponseTest, CutsLongMessagesAtACharacterBoundary) {
  // 1999 ASCII bytes, then a two-byte character across the limit: it goes entirely.
  std::string message(kMaxCommandMessageLength - 1, 'x');
  message += "\xC3\xA9 and more";
  CommandResponseRecord cut = ValidateCommandResponse({.state = CommandState::kUnreachable,
                                                       .timeout_seconds = std::nullopt,
                                                       .message = message,
                                                       .deadline = {}})
                                  .value();
  EXPECT_EQ(cut.message, std::string(kMaxCommandMessageLength - 1, 'x'));
  EXPECT_EQ(NormaliseCommandResult({.result = CommandResultType::kFailed, .message = message}).message,
            std::string(kMaxCommandMessageLength - 1, 'x'));
  EXPECT_EQ(NormaliseCommandResult({.result = CommandResultType::kFailed, .message = "short"}).message, "short");
}

}  // namespace
}  // namespace openmsp::domain
