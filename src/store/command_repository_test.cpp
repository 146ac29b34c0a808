// OCPI commands on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::Command;
using domain::CommandId;
using domain::CommandResponseRecord;
using domain::CommandResultType;
using domain::CommandState;
using domain::CommandType;
using domain::NewCommand;
using domain::PeerId;
using domain::RecordedResult;
using domain::ResultRecording;
using domain::TenantId;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

template <class Backend>
class CommandRepositoryTest : public ::testing::Test {
 protected:
  domain::CommandRepository& commands() { return repositories_.commands(); }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {PartyId::Parse(party).value()}})
        .value()
        .id;
  }

  PeerId NewPeer(TenantId tenant, const char* name) {
    return repositories_.peers().Create(tenant, domain::NewPeer{.name = name}).value().peer.id;
  }

  static NewCommand Start(PeerId peer, std::string uid) {
    return NewCommand{.peer_id = peer,
                      .type = CommandType::kStartSession,
                      .uid = std::move(uid),
                      .cpo = PartyId::Parse("NL-CPO").value(),
                      .request_body = R"({"response_url":"https://x.example/r","location_id":"LOC1"})",
                      .authorization_reference = "REF-1",
                      .deadline = At("2026-03-01T12:05:00.250Z")};
  }

  Command Created(TenantId tenant, const NewCommand& command) {
    Result<Command> created = commands().Create(tenant, command);
    EXPECT_TRUE(created.ok()) << created.error().ToString();
    return created.value();
  }

  static CommandResponseRecord Accepted(std::int64_t timeout, Instant deadline) {
    return {.state = CommandState::kAccepted, .timeout_seconds = timeout, .message = "", .deadline = deadline};
  }

  RecordedResult PostResult(TenantId tenant, const Command& command, CommandResultType result,
                        std::string message = "") {
    auto recorded = commands().RecordResult(tenant, command.peer_id, command.type, command.uid,
                                            {.result = result, .message = std::move(message)});
    EXPECT_TRUE(recorded.ok()) << recorded.error().ToString();
    return recorded.value();
  }

  ManualClock clock_{At("2026-03-01T12:00:00.123Z")};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(CommandRepositoryTest, Backends, BackendNames);

TYPED_TEST(CommandRepositoryTest, StoresACommandRequestedAndFindsItById) {
  TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  PeerId peer = this->NewPeer(tenant, "CPO");
  NewCommand sent = this->Start(peer, "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
  Command created = this->Created(tenant, sent);

  EXPECT_GT(created.id.value, 0);
  EXPECT_EQ(created.tenant_id, tenant);
  EXPECT_EQ(created.peer_id, peer);
  EXPECT_EQ(created.type, CommandType::kStartSession);
  EXPECT_EQ(created.uid, sent.uid);
  EXPECT_EQ(created.cpo, sent.cpo);
  EXPECT_EQ(created.request_body, sent.request_body);
  EXPECT_EQ(created.authorization_reference, "REF-1");
  EXPECT_EQ(created.state, CommandState::kRequested);
  EXPECT_EQ(created.requested_at, At("2026-03-01T12:00:00.123Z"));  // the clock's, to the millisecond
  EXPECT_EQ(created.deadline, sent.deadline);
  EXPECT_EQ(created.answered_at, std::nullopt);
  EXPECT_EQ(created.timeout_seconds, std::nullopt);
  EXPECT_EQ(created.result, std::nullopt);
  EXPECT_EQ(created.result_at, std::nullopt);
  EXPECT_EQ(created.canceled_at, std::nullopt);
  EXPECT_EQ(this->commands().FindById(tenant, created.id).value(), created);

  // No authorization reference: stored as none, read back empty.
  NewCommand stop = this->Start(peer, "stop-1");
  stop.type = CommandType::kStopSession;
  stop.authorization_reference = "";
  EXPECT_EQ(this->Created(tenant, stop).authorization_reference, "");

  EXPECT_EQ(this->commands().FindById(tenant, CommandId{created.id.value + 100}).error().field, "id");
}

TYPED_TEST(CommandRepositoryTest, RefusesWhatIsNotValidAndAUidTwice) {
  TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  PeerId peer = this->NewPeer(tenant, "CPO");
  NewCommand bad = this->Start(peer, "has space");
  EXPECT_EQ(this->commands().Create(tenant, bad).error().field, "uid");

  this->Created(tenant, this->Start(peer, "uid-1"));
  Result<Command> again = this->commands().Create(tenant, this->Start(peer, "uid-1"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "uid");

  Result<Command> no_peer = this->commands().Create(tenant, this->Start(PeerId{peer.value + 50}, "uid-2"));
  ASSERT_FALSE(no_peer.ok());
  EXPECT_EQ(no_peer.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_peer.error().field, "peer_id");
}

TYPED_TEST(CommandRepositoryTest, AnAcceptedCommandSucceedsWithItsFirstResultOnly) {
  TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  Command command = this->Created(tenant, this->Start(this->NewPeer(tenant, "CPO"), "uid-1"));

  this->clock_.Advance(std::chrono::milliseconds(1500));
  Result<Command> answered =
      this->commands().RecordResponse(tenant, command.id, this->Accepted(30, At("2026-03-01T12:00:31.623Z")));
  ASSERT_TRUE(answered.ok()) << answered.error().ToString();
  EXPECT_EQ(answered->state, CommandState::kAccepted);
  EXPECT_EQ(answered->answered_at, At("2026-03-01T12:00:01.623Z"));
  EXPECT_EQ(answered->timeout_seconds, 30);
  EXPECT_EQ(answered->deadline, At("2026-03-01T12:00:31.623Z"));

  // The answer is recorded once.
  Result<Command> twice = this->commands().RecordResponse(tenant, command.id, this->Accepted(60, At("2026-03-02T00:00:00Z")));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(twice.error().field, "id");

  this->clock_.Advance(std::chrono::seconds(10));
  RecordedResult first = this->PostResult(tenant, command, CommandResultType::kAccepted, "[en] Charging started");
  EXPECT_EQ(first.recording, ResultRecording::kRecorded);
  EXPECT_EQ(first.command.state, CommandState::kSucceeded);
  EXPECT_EQ(first.command.result, CommandResultType::kAccepted);
  EXPECT_EQ(first.command.result_at, At("2026-03-01T12:00:11.623Z"));
  EXPECT_EQ(first.command.result_message, "[en] Charging started");

  // A second result changes nothing.
  this->clock_.Advance(std::chrono::seconds(1));
  RecordedResult second = this->PostResult(tenant, command, CommandResultType::kFailed, "later");
  EXPECT_EQ(second.recording, ResultRecording::kIgnored);
  EXPECT_EQ(second.command, first.command);
}

TYPED_TEST(CommandRepositoryTest, AResultBeforeTheAnswerKeepsItsState) {
  TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  Command command = this->Created(tenant, this->Start(this->NewPeer(tenant, "CPO"), "uid-1"));
  // A quick CPO POSTs the result before its synchronous answer was read.
  EXPECT_EQ(this->PostResult(tenant, command, CommandResultType::kEvseOccupied).command.state, CommandState::kFailed);
  Command answered =
      this->commands().RecordResponse(tenant, command.id, this->Accepted(30, At("2026-03-01T12:00:30Z"))).value();
  EXPECT_EQ(answered.state, CommandState::kFailed);
  EXPECT_EQ(answered.result, CommandResultType::kEvseOccupied);
  EXPECT_EQ(answered.timeout_seconds, 30);
  EXPECT_EQ(answered.deadline, command.deadline);  // not the answer's: nothing is awaited any more
}

TYPED_TEST(CommandRepositoryTest, AnswersWithoutAResultAndFailuresToAsk) {
  TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  PeerId peer = this->NewPeer(tenant, "CPO");
  Command rejected = this->Created(tenant, this->Start(peer, "uid-1"));
  Command answered = this->commands()
                         .RecordResponse(tenant, rejected.id,
                                         {.state = CommandState::kUnknownSession,
                                          .timeout_seconds = 0,
                                          .message = "[en] No such session",
                                          .deadline = At("2030-01-01T00:00:00Z")})
                         .value();
  EXPECT_EQ(answered.state, CommandState::kUnknownSession);
  EXPECT_EQ(answered.response_message, "[en] No such session");
  EXPECT_EQ(answered.deadline, rejected.deadline);  // only an acceptance sets it

  Command lost = this->Created(tenant, this->Start(peer, "uid-2"));
  Command unreachable = this->commands()
                            .RecordResponse(tenant, lost.id,
                                            {.state = CommandState::kUnreachable,
                                             .timeout_seconds = std::nullopt,
                                             .message = "url: timeout after 200 ms",
                                             .deadline = {}})
                            .value();
  EXPECT_EQ(unreachable.state, CommandState::kUnreachable);
  EXPECT_EQ(unreachable.timeout_seconds, std::nullopt);
  // The request reached the charger after all: the result is the truth.
  EXPECT_EQ(this->PostResult(tenant, unreachable, CommandResultType::kAccepted).command.state, CommandState::kSucceeded);
}

TYPED_TEST(CommandRepositoryTest, AReservationTheCpoCancelsLaterIsCanceled) {
  TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  PeerId peer = this->NewPeer(tenant, "CPO");
  NewCommand reserve = this->Start(peer, "uid-1");
  reserve.type = CommandType::kReserveNow;
  Command reservation = this->Created(tenant, reserve);
  (void)this->commands().RecordResponse(tenant, reservation.id, this->Accepted(30, At("2026-03-01T12:00:30Z")));
  EXPECT_EQ(this->PostResult(tenant, reservation, CommandResultType::kAccepted).command.state,
            CommandState::kSucceeded);
  this->clock_.Advance(std::chrono::minutes(20));
  RecordedResult canceled = this->PostResult(tenant, reservation, CommandResultType::kCanceledReservation);
  EXPECT_EQ(canceled.recording, ResultRecording::kCanceled);
  EXPECT_EQ(canceled.command.state, CommandState::kCanceled);
  EXPECT_EQ(canceled.command.canceled_at, At("2026-03-01T12:20:00.123Z"));
  EXPECT_EQ(canceled.command.result, CommandResultType::kAccepted);  // the first result stays
  EXPECT_EQ(this->PostResult(tenant, reservation, CommandResultType::kCanceledReservation).recording,
            ResultRecording::kIgnored);

  // Only a RESERVE_NOW that succeeded can be cancelled.
  Command start = this->Created(tenant, this->Start(peer, "uid-2"));
  (void)this->PostResult(tenant, start, CommandResultType::kAccepted);
  EXPECT_EQ(this->PostResult(tenant, start, CommandResultType::kCanceledReservation).recording,
            ResultRecording::kIgnored);
}

TYPED_TEST(CommandRepositoryTest, OverdueCommandsTimeOutAndALateResultStillCounts) {
  TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  TenantId other = this->NewTenant("beta", "NL-BET");
  PeerId peer = this->NewPeer(tenant, "CPO");
  Command accepted = this->Created(tenant, this->Start(peer, "accepted"));
  (void)this->commands().RecordResponse(tenant, accepted.id, this->Accepted(30, At("2026-03-01T12:00:30Z")));
  Command later = this->Created(tenant, this->Start(peer, "later"));
  (void)this->commands().RecordResponse(tenant, later.id, this->Accepted(90, At("2026-03-01T12:01:30Z")));
  // Never answered (the process stopped while sending): its own deadline, 12:05:00.250.
  Command requested = this->Created(tenant, this->Start(peer, "requested"));
  Command done = this->Created(tenant, this->Start(peer, "done"));
  (void)this->PostResult(tenant, done, CommandResultType::kAccepted);
  Command others = this->Created(other, this->Start(this->NewPeer(other, "CPO"), "others"));

  EXPECT_EQ(this->commands().TimeOutOverdue(tenant, At("2026-03-01T12:00:29.999Z")).value(), 0u);
  EXPECT_EQ(this->commands().TimeOutOverdue(tenant, At("2026-03-01T12:00:30Z")).value(), 1u);  // at the deadline
  EXPECT_EQ(this->commands().FindById(tenant, accepted.id)->state, CommandState::kTimedOut);
  EXPECT_EQ(this->commands().FindById(tenant, later.id)->state, CommandState::kAccepted);
  EXPECT_EQ(this->commands().TimeOutOverdue(tenant, At("2026-03-01T13:00:00Z")).value(), 2u);
  EXPECT_EQ(this->commands().FindById(tenant, requested.id)->state, CommandState::kTimedOut);
  EXPECT_EQ(this->commands().FindById(tenant, done.id)->state, CommandState::kSucceeded);
  EXPECT_EQ(this->commands().FindById(other, others.id)->state, CommandState::kRequested);
  EXPECT_EQ(this->commands().TimeOutOverdue(tenant, At("2026-03-01T14:00:00Z")).value(), 0u);

  // A session may start after a timeout (ocpi/ocpi#475): the late result is recorded.
  RecordedResult late = this->PostResult(tenant, accepted, CommandResultType::kAccepted);
  EXPECT_EQ(late.recording, ResultRecording::kRecorded);
  EXPECT_EQ(late.command.state, CommandState::kSucceeded);
}

TYPED_TEST(CommandRepositoryTest, AnotherTenantsCommandsAreNotFound) {
  TenantId a = this->NewTenant("alpha", "NL-ALP");
  TenantId b = this->NewTenant("beta", "NL-BET");
  PeerId peer_a = this->NewPeer(a, "CPO of A");
  PeerId peer_b = this->NewPeer(b, "CPO of B");
  Command command = this->Created(a, this->Start(peer_a, "uid-1"));

  EXPECT_EQ(this->commands().FindById(b, command.id).error().code, ErrorCode::kNotFound);
  Result<Command> answered = this->commands().RecordResponse(b, command.id, this->Accepted(30, At("2026-03-01T12:00:30Z")));
  ASSERT_FALSE(answered.ok());
  EXPECT_EQ(answered.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(answered.error().field, "id");
  // A's uid through B, with A's peer or B's; and through A with B's peer: the caller must be the peer.
  for (auto [tenant, peer] : {std::pair{b, peer_a}, std::pair{b, peer_b}, std::pair{a, peer_b}}) {
    auto result = this->commands().RecordResult(tenant, peer, CommandType::kStartSession, "uid-1",
                                                {.result = CommandResultType::kAccepted, .message = ""});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(result.error().field, "uid");
  }
  // The right peer, the wrong command type: not the URL we gave.
  EXPECT_EQ(this->commands()
                .RecordResult(a, peer_a, CommandType::kStopSession, "uid-1",
                              {.result = CommandResultType::kAccepted, .message = ""})
                .error()
                .field,
            "uid");
  EXPECT_EQ(this->commands().TimeOutOverdue(b, At("2030-01-01T00:00:00Z")).value(), 0u);
  // B cannot send through A's peer; the same uid in B is B's own business.
  EXPECT_EQ(this->commands().Create(b, this->Start(peer_a, "uid-2")).error().field, "peer_id");
  this->Created(b, this->Start(peer_b, "uid-1"));
  // Guessing ids through B finds only B's.
  for (std::int64_t id = 0; id <= command.id.value + 2; ++id) {
    Result<Command> found = this->commands().FindById(b, CommandId{id});
    if (found.ok()) {
      EXPECT_EQ(found->tenant_id, b);
    }
  }
  EXPECT_EQ(this->commands().FindById(a, command.id).value(), command);  // unchanged

  // The schema refuses a command naming another tenant's peer, written past the repository.
  Result<void> inserted = this->backend_.Execute(
      "INSERT INTO ocpi_commands (tenant_id, peer_id, type, uid, cpo_country_code, cpo_party_id, request_body, "
      "state, requested_at, deadline, response_message, result_message) VALUES (" +
      std::to_string(b.value) + ", " + std::to_string(peer_a.value) +
      ", 'START_SESSION', 'direct', 'NL', 'CPO', '{}', 'requested', '2026-03-01T12:00:00.000Z', "
      "'2026-03-01T12:00:00.000Z', '', '')");
  EXPECT_FALSE(inserted.ok());
  EXPECT_TRUE(this->backend_
                  .Execute("INSERT INTO ocpi_commands (tenant_id, peer_id, type, uid, cpo_country_code, cpo_party_id, "
                           "request_body, state, requested_at, deadline, response_message, result_message) VALUES (" +
                           std::to_string(b.value) + ", " + std::to_string(peer_b.value) +
                           ", 'START_SESSION', 'direct', 'NL', 'CPO', '{}', 'requested', "
                           "'2026-03-01T12:00:00.000Z', '2026-03-01T12:00:00.000Z', '', '')")
                  .ok());
}

}  // namespace
}  // namespace openmsp::store
