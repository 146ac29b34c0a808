// The commands module against a CPO played by an HttpServer on loopback, and the CommandResult through
// the endpoint frame (OcpiTestWorld).
#include "emsp/commands_module.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/base64.h"
#include "emsp/ocpi_test_world.h"
#include "http/router.h"
#include "http/test_server.h"
#include "store/sqlite/sqlite_database.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;
using domain::Command;
using domain::CommandState;
using domain::PeerId;

const std::string kSchemas = std::string(OPENMSP_SHARED_DIR) + "/ocpi/schemas/2.2.1/";

// What the CPO answers, per test.
enum class CpoAnswer { kAccepted, kRejected, kUnknownLocation, kServerError, kSlow };

// One request as the CPO's commands receiver saw it.
struct Received {
  std::string path;
  http::HttpHeaders headers;
  std::string body;
};

// A CPO's commands RECEIVER endpoint at http://127.0.0.1:{port}/cpo/commands/{command}.
class FakeCpo {
 public:
  FakeCpo() : server_(Routes(), Options()) {}

  std::string CommandsUrl() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/cpo/commands"; }

  void SetAnswer(CpoAnswer answer) {
    std::lock_guard lock(mutex_);
    answer_ = answer;
  }
  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  static http::HttpServerOptions Options() {
    http::HttpServerOptions options;
    options.threads = 2;
    options.shutdown_timeout = std::chrono::milliseconds(100);
    return options;
  }

  static std::string Envelope(const std::string& data, int status_code, const std::string& message = "") {
    return "{" + (data.empty() ? std::string() : "\"data\":" + data + ",") +
           "\"status_code\":" + std::to_string(status_code) +
           (message.empty() ? std::string() : ",\"status_message\":\"" + message + "\"") +
           ",\"timestamp\":\"2026-03-01T12:00:00Z\"}";
  }

  http::Router Routes() {
    http::Router router;
    router.Add("POST", "/cpo/commands/{command}", [this](const http::HttpRequest& request) {
      CpoAnswer answer;
      {
        std::lock_guard lock(mutex_);
        received_.push_back({.path = request.path, .headers = request.headers, .body = request.body});
        answer = answer_;
      }
      switch (answer) {
        case CpoAnswer::kAccepted:
          return http::HttpResponse::Json(200, Envelope(R"({"result":"ACCEPTED","timeout":30})", 1000));
        case CpoAnswer::kRejected:
          return http::HttpResponse::Json(
              200, Envelope(R"({"result":"REJECTED","timeout":0,"message":[{"language":"en","text":"Charger offline"}]})",
                            1000));
        case CpoAnswer::kUnknownLocation:
          return http::HttpResponse::Json(404, Envelope("", 2003, "Unknown location"));
        case CpoAnswer::kServerError:
          return http::HttpResponse::WithBody(500, "text/html", "<html><body>Internal error</body></html>");
        case CpoAnswer::kSlow:
          std::this_thread::sleep_for(std::chrono::milliseconds(1500));
          return http::HttpResponse::Json(200, Envelope(R"({"result":"ACCEPTED","timeout":30})", 1000));
      }
      return http::HttpResponse::Json(500, "{}");
    });
    return router;
  }

  std::mutex mutex_;
  CpoAnswer answer_ = CpoAnswer::kAccepted;
  std::vector<Received> received_;
  http::test::RunningServer server_;
};

class CommandsModuleTest : public ::testing::Test {
 protected:
  CommandsModuleTest() {
    RegisterCommandsModule(world_.endpoints());
    world_.Reregister(Registration(cpo_.CommandsUrl()));
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    const domain::TenantId tenant = world_.tenant();
    const domain::OrganisationUnitId root =
        db->organisation_units().Create(tenant, {.parent_id = std::nullopt, .name = "Root", .billing = {}}).value().id;
    const domain::ProfileId profile = db->profiles()
                                          .Create(tenant, {.organisation_unit_id = root,
                                                           .name = "Driver",
                                                           .kind = domain::ProfileKind::kDriver,
                                                           .email = "",
                                                           .prices_hidden = false})
                                          .value()
                                          .id;
    token_ = db->tokens()
                 .Create(tenant, domain::NewToken{.profile_id = profile,
                                                  .uid = "04A2B3C4D5E680",
                                                  .type = domain::TokenType::kRfid,
                                                  .contract_id = EmaId::Parse("NL-DEM-C00122045").value(),
                                                  .visual_number = "",
                                                  .issuer = "Demo MSP",
                                                  .group_id = "",
                                                  .whitelist = domain::TokenWhitelist::kAllowed,
                                                  .language = "",
                                                  .valid_from = std::nullopt,
                                                  .valid_until = std::nullopt,
                                                  .cost_centre = ""})
                 .value()
                 .id;
    (void)db->tokens().SetStatus(tenant, token_, domain::TokenStatus::kActive).value();
  }

  // The world's CPO peer (NL-CPO, token B `token-b`) with a commands RECEIVER endpoint at `commands_url`.
  static domain::PeerRegistration Registration(const std::string& commands_url) {
    domain::PeerRegistration registration = testing::OcpiTestWorld::Registration();
    registration.endpoints.push_back(domain::PeerEndpoint{
        .module = "commands", .role = domain::InterfaceRole::kReceiver, .url = commands_url});
    return registration;
  }

  CommandTarget Target() const { return {.tenant_id = world_.tenant(), .peer_id = world_.peer(), .cpo = std::nullopt}; }

  StartSessionRequest Start() const {
    return {.token_id = token_, .location_id = "LOC1", .evse_uid = "EVSE-1", .connector_id = ""};
  }

  Result<Command> Send(const CommandRequest& request) { return SendCommand(world_.context(), client_, Target(), request); }

  Command Sent(const CommandRequest& request) {
    Result<Command> command = Send(request);
    EXPECT_TRUE(command.ok()) << command.error().ToString();
    return command.value();
  }

  Command Stored(domain::CommandId id) {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    return db->commands().FindById(world_.tenant(), id).value();
  }

  std::string StoredCount() {
    return store::SqliteDatabase::Open(world_.url().sqlite_path)
        ->QueryText("SELECT count(*) FROM ocpi_commands")
        .value()
        .value_or("");
  }

  // The path of the command's response_url on our server.
  static std::string ResultPath(const Command& command) {
    return "/ocpi/2.2.1/commands/" + std::string(domain::CommandTypeName(command.type)) + "/" + command.uid;
  }

  static void ExpectValid(const json::value& body, const std::string& schema) {
    std::vector<std::string> violations = test::JsonSchema::Load(kSchemas + schema).value().Validate(body);
    EXPECT_TRUE(violations.empty()) << schema << ": " << violations.front();
  }

  FakeCpo cpo_;
  testing::OcpiTestWorld world_;
  http::HttpClient client_ = http::HttpClient::Create([] {
                                 http::HttpClientOptions options;
                                 options.connect_timeout = std::chrono::milliseconds(500);
                                 options.request_timeout = std::chrono::milliseconds(500);
                                 options.initial_backoff = std::chrono::milliseconds(10);
                                 options.jitter = false;
                                 return options;
                               }())
                                 .value();
  domain::TokenId token_;
};

TEST_F(CommandsModuleTest, StartSessionIsPostedToTheCpoAndItsResultRecordedOnce) {
  Command command = Sent(Start());
  EXPECT_EQ(command.state, CommandState::kAccepted);
  EXPECT_EQ(command.type, domain::CommandType::kStartSession);
  EXPECT_EQ(command.timeout_seconds, 30);
  EXPECT_EQ(command.answered_at, ParseOcpiDateTime("2026-03-01T12:00:00Z").value());
  EXPECT_EQ(command.deadline, ParseOcpiDateTime("2026-03-01T12:00:30Z").value());
  EXPECT_EQ(command.cpo, PartyId::Parse("NL-CPO").value());
  EXPECT_EQ(command.uid.size(), 36u);  // a UUID
  EXPECT_EQ(command.authorization_reference, command.uid);

  // What the CPO received: once, at its endpoint, with token B in Base64, ids and routing headers.
  std::vector<Received> received = cpo_.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].path, "/cpo/commands/START_SESSION");
  EXPECT_EQ(received[0].headers.Get("Authorization"), "Token " + EncodeBase64("token-b"));
  EXPECT_EQ(received[0].headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(received[0].headers.Get("X-Request-ID").value_or("").size(), 36u);
  EXPECT_EQ(received[0].headers.Get("X-Correlation-ID").value_or("").size(), 36u);
  EXPECT_EQ(received[0].headers.Get("OCPI-to-country-code"), "NL");
  EXPECT_EQ(received[0].headers.Get("OCPI-to-party-id"), "CPO");
  EXPECT_EQ(received[0].headers.Get("OCPI-from-country-code"), "NL");
  EXPECT_EQ(received[0].headers.Get("OCPI-from-party-id"), "DEM");
  const json::value body = json::parse(received[0].body);
  ExpectValid(body, "ocpi.2_2_1.commands.start_session.request.json");
  EXPECT_EQ(received[0].body, command.request_body);  // stored as sent
  EXPECT_EQ(body.at("response_url").as_string(), "http://127.0.0.1:8080" + ResultPath(command));
  EXPECT_EQ(body.at("authorization_reference").as_string(), command.uid);
  EXPECT_EQ(body.at("location_id").as_string(), "LOC1");
  EXPECT_EQ(body.at("evse_uid").as_string(), "EVSE-1");
  EXPECT_FALSE(body.as_object().contains("connector_id"));
  EXPECT_EQ(body.at("token").at("uid").as_string(), "04A2B3C4D5E680");
  EXPECT_EQ(body.at("token").at("party_id").as_string(), "DEM");

  // The charger started: the CPO POSTs the result to the response_url.
  world_.clock().Advance(std::chrono::seconds(5));
  http::HttpResponse result = world_.Send(
      "POST", ResultPath(command), R"({"result":"ACCEPTED","message":[{"language":"en","text":"Started"}]})");
  EXPECT_EQ(result.status, 200) << result.body;
  json::object envelope = testing::OcpiTestWorld::Envelope(result);
  EXPECT_EQ(envelope.at("status_code").as_int64(), 1000);
  EXPECT_FALSE(envelope.contains("data"));  // §2.3: no data for a CommandResult POST
  Command succeeded = Stored(command.id);
  EXPECT_EQ(succeeded.state, CommandState::kSucceeded);
  EXPECT_EQ(succeeded.result, domain::CommandResultType::kAccepted);
  EXPECT_EQ(succeeded.result_message, "[en] Started");
  EXPECT_EQ(succeeded.result_at, ParseOcpiDateTime("2026-03-01T12:00:05Z").value());

  // A second result is answered 200 and changes nothing.
  http::HttpResponse again = world_.Send("POST", ResultPath(command), R"({"result":"FAILED"})");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Stored(command.id), succeeded);

  // Past its deadline, nothing times out: it has its outcome.
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    EXPECT_EQ(TimeOutOverdueCommands(*db, ParseOcpiDateTime("2026-03-02T00:00:00Z").value()).value(), 0u);
  }
  EXPECT_EQ(Stored(command.id).state, CommandState::kSucceeded);
}

TEST_F(CommandsModuleTest, AnAcceptedCommandWithoutResultTimesOutAtItsDeadline) {
  Command command = Sent(StopSessionRequest{.session_id = "SES-1"});
  ASSERT_EQ(command.state, CommandState::kAccepted);
  ExpectValid(json::parse(cpo_.received().at(0).body), "ocpi.2_2_1.commands.stop_session.request.json");
  EXPECT_EQ(cpo_.received().at(0).path, "/cpo/commands/STOP_SESSION");
  // No token: sent from the tenant's party.
  EXPECT_EQ(cpo_.received().at(0).headers.Get("OCPI-from-party-id"), "DEM");
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    world_.clock().Advance(std::chrono::milliseconds(29'999));
    EXPECT_EQ(TimeOutOverdueCommands(*db, world_.clock().Now()).value(), 0u);
    EXPECT_EQ(Stored(command.id).state, CommandState::kAccepted);
    world_.clock().Advance(std::chrono::milliseconds(1));
    EXPECT_EQ(TimeOutOverdueCommands(*db, world_.clock().Now()).value(), 1u);
  }
  EXPECT_EQ(Stored(command.id).state, CommandState::kTimedOut);

  // The charger answered late after all (ocpi/ocpi#475): the result still counts.
  EXPECT_EQ(world_.Send("POST", ResultPath(command), R"({"result":"ACCEPTED"})").status, 200);
  EXPECT_EQ(Stored(command.id).state, CommandState::kSucceeded);
}

TEST_F(CommandsModuleTest, TheTimeoutSweepRunsOnItsOwn) {
  Command command = Sent(Start());
  world_.clock().Advance(std::chrono::minutes(1));
  {
    CommandTimeoutSweep sweep(world_.pool(), world_.clock(), std::chrono::milliseconds(10));
    for (int i = 0; i < 200 && Stored(command.id).state != CommandState::kTimedOut; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  EXPECT_EQ(Stored(command.id).state, CommandState::kTimedOut);
}

TEST_F(CommandsModuleTest, RefusalsAndFailuresAreRecordedAndNeverRetried) {
  cpo_.SetAnswer(CpoAnswer::kRejected);
  Command rejected = Sent(Start());
  EXPECT_EQ(rejected.state, CommandState::kRejected);
  EXPECT_EQ(rejected.timeout_seconds, 0);
  EXPECT_EQ(rejected.response_message, "[en] Charger offline");

  cpo_.SetAnswer(CpoAnswer::kUnknownLocation);
  Command unknown = Sent(Start());
  EXPECT_EQ(unknown.state, CommandState::kRejected);
  EXPECT_NE(unknown.response_message.find("2003"), std::string::npos) << unknown.response_message;
  EXPECT_NE(unknown.response_message.find("Unknown location"), std::string::npos) << unknown.response_message;

  cpo_.SetAnswer(CpoAnswer::kServerError);
  Command failed = Sent(Start());
  EXPECT_EQ(failed.state, CommandState::kUnreachable);
  EXPECT_EQ(failed.timeout_seconds, std::nullopt);
  EXPECT_NE(failed.response_message.find("HTTP 500"), std::string::npos) << failed.response_message;

  cpo_.SetAnswer(CpoAnswer::kSlow);
  Command slow = Sent(Start());
  EXPECT_EQ(slow.state, CommandState::kUnreachable);
  EXPECT_NE(slow.response_message.find("timeout"), std::string::npos) << slow.response_message;

  // Each command reached the CPO exactly once: a POST is not retried, not even after a 500 or a timeout.
  EXPECT_EQ(cpo_.received().size(), 4u);
  EXPECT_EQ(StoredCount(), "4");

  // A command whose answer was lost may have reached the charger: its result is recorded.
  EXPECT_EQ(world_.Send("POST", ResultPath(slow), R"({"result":"ACCEPTED"})").status, 200);
  EXPECT_EQ(Stored(slow.id).state, CommandState::kSucceeded);
}

TEST_F(CommandsModuleTest, NothingIsStoredOrSentWhenTheCommandIsRefusedBeforehand) {
  const auto refused = [&](const CommandRequest& request, CommandTarget target) {
    Result<Command> command = SendCommand(world_.context(), client_, target, request);
    EXPECT_FALSE(command.ok());
    return command.ok() ? Error{} : command.error();
  };
  StartSessionRequest long_location = Start();
  long_location.location_id = std::string(37, 'L');
  EXPECT_EQ(refused(long_location, Target()).field, "location_id");
  StartSessionRequest connector_without_evse = Start();
  connector_without_evse.evse_uid = "";
  connector_without_evse.connector_id = "1";
  EXPECT_EQ(refused(connector_without_evse, Target()).field, "evse_uid");
  StartSessionRequest unknown_token = Start();
  unknown_token.token_id.value += 100;
  Error error = refused(unknown_token, Target());
  EXPECT_EQ(error.code, ErrorCode::kNotFound);
  EXPECT_EQ(error.field, "token_id");
  CommandTarget other_cpo = Target();
  other_cpo.cpo = PartyId::Parse("DE-ABC").value();
  EXPECT_EQ(refused(Start(), other_cpo).field, "cpo");
  CommandTarget unknown_peer = Target();
  unknown_peer.peer_id.value += 100;
  EXPECT_EQ(refused(Start(), unknown_peer).field, "peer_id");

  // A blocked token: the CPO would not check it, so the eMSP does not send it.
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    (void)db->tokens().SetStatus(world_.tenant(), token_, domain::TokenStatus::kBlocked).value();
  }
  error = refused(Start(), Target());
  EXPECT_EQ(error.code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.field, "token_id");

  // A suspended peer, and a peer without a commands RECEIVER endpoint.
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    (void)db->peers().SetStatus(world_.tenant(), world_.peer(), domain::PeerStatus::kSuspended).value();
  }
  error = refused(StopSessionRequest{.session_id = "SES-1"}, Target());
  EXPECT_EQ(error.code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.field, "peer_id");
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    (void)db->peers().SetStatus(world_.tenant(), world_.peer(), domain::PeerStatus::kConnected).value();
  }
  world_.Reregister(testing::OcpiTestWorld::Registration());
  EXPECT_EQ(refused(StopSessionRequest{.session_id = "SES-1"}, Target()).field, "peer_id");

  EXPECT_TRUE(cpo_.received().empty());
  EXPECT_EQ(StoredCount(), "0");
}

TEST_F(CommandsModuleTest, EveryCommandMatchesItsSchemaAndARawTokenPeerGetsItRaw) {
  domain::PeerRegistration raw = Registration(cpo_.CommandsUrl() + "/");  // a trailing slash is tolerated
  raw.token_base64 = false;
  world_.Reregister(raw);
  (void)Sent(ReserveNowRequest{.token_id = token_,
                               .expiry_date = ParseOcpiDateTime("2026-03-01T12:30:00Z").value(),
                               .reservation_id = "RES-1",
                               .location_id = "LOC1",
                               .evse_uid = ""});
  (void)Sent(CancelReservationRequest{.reservation_id = "RES-1"});
  (void)Sent(UnlockConnectorRequest{.location_id = "LOC1", .evse_uid = "EVSE-1", .connector_id = "1"});
  std::vector<Received> received = cpo_.received();
  ASSERT_EQ(received.size(), 3u);
  const char* const paths[] = {"/cpo/commands/RESERVE_NOW", "/cpo/commands/CANCEL_RESERVATION",
                               "/cpo/commands/UNLOCK_CONNECTOR"};
  const char* const schemas[] = {"ocpi.2_2_1.commands.reserve_now.request.json",
                                 "ocpi.2_2_1.commands.cancel_reservation.request.json",
                                 "ocpi.2_2_1.commands.unlock_connector.request.json"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(received[i].path, paths[i]);
    EXPECT_EQ(received[i].headers.Get("Authorization"), "Token token-b");
    ExpectValid(json::parse(received[i].body), schemas[i]);
  }
  EXPECT_EQ(json::parse(received[0].body).at("expiry_date").as_string(), "2026-03-01T12:30:00Z");
}

TEST_F(CommandsModuleTest, AHubIsToldWhichCpoTheCommandIsFor) {
  domain::PeerRegistration hub = Registration(cpo_.CommandsUrl());
  hub.roles = {domain::PeerRole{
      .role = domain::OcpiRole::kHub, .party = PartyId::Parse("NL-HUB").value(), .business_name = "Hub"}};
  world_.Reregister(hub);
  Result<Command> unaddressed = Send(Start());
  ASSERT_FALSE(unaddressed.ok());
  EXPECT_EQ(unaddressed.error().field, "cpo");

  CommandTarget target = Target();
  target.cpo = PartyId::Parse("DE-ABC").value();
  Result<Command> command = SendCommand(world_.context(), client_, target, Start());
  ASSERT_TRUE(command.ok()) << command.error().ToString();
  EXPECT_EQ(command->cpo, PartyId::Parse("DE-ABC").value());
  ASSERT_EQ(cpo_.received().size(), 1u);
  EXPECT_EQ(cpo_.received()[0].headers.Get("OCPI-to-country-code"), "DE");
  EXPECT_EQ(cpo_.received()[0].headers.Get("OCPI-to-party-id"), "ABC");
  EXPECT_EQ(cpo_.received()[0].headers.Get("OCPI-from-party-id"), "DEM");
}

TEST_F(CommandsModuleTest, ResultsOnlyForTheCallersOwnCommands) {
  Command command = Sent(Start());

  // Another connected peer of the same tenant cannot answer for it.
  std::string other_token;
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    domain::PeerWithToken other = db->peers().Create(world_.tenant(), domain::NewPeer{.name = "Other"}).value();
    domain::PeerRegistration registration = testing::OcpiTestWorld::Registration();
    registration.roles[0].party = PartyId::Parse("NL-OTH").value();
    other_token = db->peers()
                      .Register(world_.tenant(), other.peer.id, domain::TokenDigest::Of(other.token), registration)
                      .value()
                      .token;
  }
  http::HttpResponse foreign = world_.Send("POST", ResultPath(command), R"({"result":"ACCEPTED"})", other_token);
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(testing::OcpiTestWorld::Envelope(foreign).at("status_code").as_int64(), 2000);

  // Unknown uid, the wrong command type, an unknown command type.
  EXPECT_EQ(world_.Send("POST", "/ocpi/2.2.1/commands/START_SESSION/nope", R"({"result":"ACCEPTED"})").status, 404);
  EXPECT_EQ(world_.Send("POST", "/ocpi/2.2.1/commands/STOP_SESSION/" + command.uid, R"({"result":"ACCEPTED"})").status,
            404);
  EXPECT_EQ(world_.Send("POST", "/ocpi/2.2.1/commands/DANCE/" + command.uid, R"({"result":"ACCEPTED"})").status, 404);

  // Bodies that are not a CommandResult: 2001 naming the field.
  http::HttpResponse bad = world_.Send("POST", ResultPath(command), R"({"result":"MAYBE"})");
  EXPECT_EQ(bad.status, 400);
  json::object envelope = testing::OcpiTestWorld::Envelope(bad);
  EXPECT_EQ(envelope.at("status_code").as_int64(), 2001);
  EXPECT_EQ(std::string(envelope.at("status_message").as_string()).substr(0, 7), "result:");
  http::HttpResponse not_json = world_.Send("POST", ResultPath(command), R"({"result":)");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(testing::OcpiTestWorld::Envelope(not_json).at("status_code").as_int64(), 2001);
  // Token A of a pending peer, or no token: 401.
  EXPECT_EQ(world_.Send("POST", ResultPath(command), R"({"result":"ACCEPTED"})", "unknown-token").status, 401);

  EXPECT_EQ(Stored(command.id).state, CommandState::kAccepted);  // none of these changed it
  EXPECT_EQ(world_.Send("POST", ResultPath(command), R"({"result":"EVSE_OCCUPIED"})").status, 200);
  EXPECT_EQ(Stored(command.id).state, CommandState::kFailed);
}

// The Control Centre's way: stored and queued at once, sent by a job worker.
class QueuedCommandsTest : public CommandsModuleTest {
 protected:
  Command Queue(const CommandRequest& request) {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    Result<Command> command =
        QueueCommand(*db, world_.context().random, world_.context().VersionUrl(), world_.clock().Now(), Target(), request);
    EXPECT_TRUE(command.ok()) << command.error().ToString();
    return command.value();
  }
  std::vector<domain::Job> QueuedJobs() {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    return db->jobs().List(domain::JobScope::OfTenant(world_.tenant()), domain::JobState::kQueued, 100).value();
  }
  Result<Command> Run(const domain::Job& job) {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    return RunCommandJob(*db, client_, world_.context().random, world_.clock(), job);
  }
};

TEST_F(QueuedCommandsTest, AQueuedCommandIsSentByItsJobOnceAndOnlyOnce) {
  const Command queued = Queue(Start());
  EXPECT_EQ(queued.state, CommandState::kRequested);
  EXPECT_EQ(queued.authorization_reference, queued.uid);
  EXPECT_TRUE(cpo_.received().empty());  // nothing sent while queuing
  const std::vector<domain::Job> jobs = QueuedJobs();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].kind, "ocpi.command");
  EXPECT_EQ(jobs[0].max_attempts, 1);
  EXPECT_EQ(jobs[0].payload, R"({"command_id":)" + std::to_string(queued.id.value) + R"(,"from":"NL-DEM"})");

  world_.clock().Advance(std::chrono::seconds(2));
  const Command sent = Run(jobs[0]).value();
  EXPECT_EQ(sent.state, CommandState::kAccepted);
  EXPECT_EQ(sent.answered_at, ParseOcpiDateTime("2026-03-01T12:00:02Z").value());
  EXPECT_EQ(sent.deadline, ParseOcpiDateTime("2026-03-01T12:00:32Z").value());
  std::vector<Received> received = cpo_.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].path, "/cpo/commands/START_SESSION");
  EXPECT_EQ(received[0].body, queued.request_body);
  EXPECT_EQ(received[0].headers.Get("Authorization"), "Token " + EncodeBase64("token-b"));
  EXPECT_EQ(received[0].headers.Get("OCPI-to-party-id"), "CPO");
  EXPECT_EQ(received[0].headers.Get("OCPI-from-party-id"), "DEM");
  EXPECT_EQ(json::parse(received[0].body).at("response_url").as_string(),
            "http://127.0.0.1:8080" + ResultPath(queued));

  // The same job again (a worker that lost its lease and came back): nothing is sent twice.
  EXPECT_EQ(Run(jobs[0]).value(), sent);
  EXPECT_EQ(cpo_.received().size(), 1u);
}

TEST_F(QueuedCommandsTest, APeerSuspendedMeanwhileIsNotAskedAndTheCommandIsUnreachable) {
  const Command queued = Queue(emsp::StopSessionRequest{.session_id = "SES-9"});
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    (void)db->peers().SetStatus(world_.tenant(), world_.peer(), domain::PeerStatus::kSuspended).value();
  }
  const Command answered = Run(QueuedJobs().at(0)).value();
  EXPECT_EQ(answered.id, queued.id);
  EXPECT_EQ(answered.state, CommandState::kUnreachable);
  EXPECT_EQ(answered.response_message, "the peer is suspended; the command was not sent");
  EXPECT_TRUE(cpo_.received().empty());
}

TEST_F(QueuedCommandsTest, ABadPayloadIsAnErrorNamingTheMember) {
  domain::Job job = QueuedJobs().empty() ? domain::Job{} : QueuedJobs()[0];
  job.tenant_id = world_.tenant();
  job.payload = R"({"command_id": 0, "from": "NL*DEM"})";
  EXPECT_EQ(Run(job).error().field, "command_id");
  job.payload = R"({"command_id": 5, "from": "Netherlands"})";
  EXPECT_EQ(Run(job).error().field, "from");
  job.payload = R"({"command_id": 987654, "from": "NL*DEM"})";
  EXPECT_EQ(Run(job).error().code, ErrorCode::kNotFound);
}

TEST_F(QueuedCommandsTest, TheCommandTargetOfACpoIsItsPeerOrAHubThatReportsIt) {
  store::RepositoryPool::Lease db = world_.pool().Borrow().value();
  const CommandTarget direct = CommandTargetFor(*db, world_.tenant(), PartyId::Parse("NL-CPO").value()).value();
  EXPECT_EQ(direct.peer_id, world_.peer());
  EXPECT_EQ(direct.cpo, PartyId::Parse("NL-CPO").value());
  Result<CommandTarget> nobody = CommandTargetFor(*db, world_.tenant(), PartyId::Parse("DE-ABC").value());
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(nobody.error().field, "cpo");

  // As a hub: only the parties its hubclientinfo reports CONNECTED.
  domain::PeerRegistration hub = Registration(cpo_.CommandsUrl());
  hub.roles = {domain::PeerRole{
      .role = domain::OcpiRole::kHub, .party = PartyId::Parse("NL-HUB").value(), .business_name = "Hub"}};
  world_.Reregister(hub);
  const Instant now = world_.clock().Now();
  (void)db->hub_clients()
      .Upsert(world_.tenant(), world_.peer(),
              {.party = PartyId::Parse("DE-ABC").value(), .role = domain::OcpiRole::kCpo,
               .status = domain::HubClientStatus::kConnected, .last_updated = now})
      .value();
  (void)db->hub_clients()
      .Upsert(world_.tenant(), world_.peer(),
              {.party = PartyId::Parse("DE-PLN").value(), .role = domain::OcpiRole::kCpo,
               .status = domain::HubClientStatus::kPlanned, .last_updated = now})
      .value();
  EXPECT_EQ(CommandTargetFor(*db, world_.tenant(), PartyId::Parse("DE-ABC").value()).value().peer_id, world_.peer());
  EXPECT_EQ(CommandTargetFor(*db, world_.tenant(), PartyId::Parse("DE-PLN").value()).error().field, "cpo");
  EXPECT_EQ(CommandTargetFor(*db, world_.tenant(), PartyId::Parse("NL-CPO").value()).error().field, "cpo");
}

}  // namespace
}  // namespace openmsp::emsp
