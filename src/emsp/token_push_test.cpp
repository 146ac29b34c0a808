// Token pushes on a real SQLite job queue, sent with the real HttpClient to an HttpServer on loopback that
// plays a CPO's tokens receiver: what is queued for whom, the PUT's URL, headers and body, retries after
// a 503 through the queue's backoff, and a change that happens while a push is on its way.

#include "emsp/token_push.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/base64.h"
#include "emsp/tokens_test_support.h"
#include "http/test_server.h"
#include "ocpi/envelope.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;
using testing::AddDriver;
using testing::AddToken;
using testing::DemoCard;

// What the CPO's receiver saw of one request.
struct Received {
  std::string method;
  std::string path;
  std::string query;
  http::HttpHeaders headers;
  std::string body;
};

// A CPO's tokens receiver on loopback: records every request and answers with the status `answer` gives
// (200 with a success envelope, or an error status with an empty body); `during` runs inside the handler.
class CpoTokensReceiver {
 public:
  CpoTokensReceiver() : server_(MakeRouter(), http::HttpServerOptions{}) {}

  std::string TokensUrl() const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + "/ocpi/cpo/2.2.1/tokens/";
  }

  void AnswerWith(std::vector<int> statuses) {
    std::lock_guard lock(mutex_);
    statuses_ = std::move(statuses);
  }
  void During(std::function<void()> action) {
    std::lock_guard lock(mutex_);
    during_ = std::move(action);
  }
  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  http::Router MakeRouter() {
    http::Router router;
    router.Add("PUT", "/ocpi/cpo/2.2.1/tokens/{country_code}/{party_id}/{uid}",
               [this](const http::HttpRequest& request) {
                 std::function<void()> during;
                 int status = 200;
                 {
                   std::lock_guard lock(mutex_);
                   received_.push_back(
                       Received{request.method, request.path, request.query, request.headers, request.body});
                   if (!statuses_.empty()) {
                     status = statuses_.front();
                     statuses_.erase(statuses_.begin());
                   }
                   during = std::exchange(during_, nullptr);
                 }
                 if (during) during();
                 if (status != 200) return http::HttpResponse::Json(status, "");
                 return ocpi::SuccessResponse(nullptr, ParseOcpiDateTime("2026-03-01T12:00:00Z").value());
               });
    return router;
  }

  std::mutex mutex_;
  std::vector<int> statuses_;
  std::function<void()> during_;
  std::vector<Received> received_;
  http::test::RunningServer server_;
};

class TokenPushTest : public ::testing::Test {
 protected:
  void SetUp() override {
    driver_ = AddDriver(world_);
    // A second CPO whose tokens receiver is the loopback server; the world's own peer points at
    // https://cpo.example, which a test must never reach, so it is suspended.
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    (void)db->peers().SetStatus(world_.tenant(), world_.peer(), domain::PeerStatus::kSuspended).value();
    const domain::PeerWithToken invited =
        db->peers().Create(world_.tenant(), {.name = "Loopback CPO"}).value();
    peer_ = invited.peer.id;
    (void)db->peers()
        .Register(
            world_.tenant(), peer_, domain::TokenDigest::Of(invited.token),
            domain::PeerRegistration{
                .token = "loopback-token-b",
                .token_base64 = true,
                .versions_url = "http://127.0.0.1:1/ocpi/versions",
                .version = "2.2.1",
                .endpoints = {domain::PeerEndpoint{
                    .module = "tokens", .role = domain::InterfaceRole::kReceiver, .url = cpo_.TokensUrl()}},
                .roles = {domain::PeerRole{.role = domain::OcpiRole::kCpo,
                                           .party = PartyId::Parse("DE-LCP").value(),
                                           .business_name = "Loopback"}}})
        .value();
  }

  // Queues the pushes of `token`, as the Control Centre does after a change.
  int Queue(domain::TokenId token) {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    return QueueTokenPushes(db->peers(), db->jobs(), world_.tenant(), token, world_.clock().Now()).value();
  }

  std::vector<domain::Job> Claim() {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    const std::string kinds[] = {std::string(kTokenPushJob)};
    return db->jobs().Claim("test/0", kinds, world_.clock().Now(), std::chrono::seconds(60), 10).value();
  }

  Result<TokenPushResult> Run(const domain::Job& job) {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    return RunTokenPush(*db, client_, random_, world_.clock(), job);
  }

  static http::HttpClientOptions ClientOptions() {
    http::HttpClientOptions options;
    options.connect_timeout = std::chrono::seconds(2);
    options.request_timeout = std::chrono::seconds(5);
    options.max_attempts = 1;
    return options;
  }

  testing::OcpiTestWorld world_;
  CpoTokensReceiver cpo_;
  http::HttpClient client_ = http::HttpClient::Create(ClientOptions()).value();
  testing::CountingRandom random_;
  domain::ProfileId driver_;
  domain::PeerId peer_;
};

TEST(TokenPushPayloadTest, RoundTripsAndRefusesWhatIsNotOne) {
  const TokenPush push{.token_id = domain::TokenId{12}, .peer_id = domain::PeerId{7}};
  EXPECT_EQ(TokenPushPayload(push), R"({"token_id":12,"peer_id":7})");
  EXPECT_EQ(ParseTokenPushPayload(TokenPushPayload(push)).value(), push);
  EXPECT_EQ(TokenPushDedupeKey(push), "token:12/peer:7");
  EXPECT_EQ(ParseTokenPushPayload("[]").error().field, "payload");
  EXPECT_EQ(ParseTokenPushPayload(R"({"peer_id":7})").error().field, "token_id");
  EXPECT_EQ(ParseTokenPushPayload(R"({"token_id":1,"peer_id":"7"})").error().field, "peer_id");
  EXPECT_EQ(ParseTokenPushPayload(R"({"token_id":0,"peer_id":7})").error().field, "token_id");
}

TEST_F(TokenPushTest, QueuesOnePushPerConnectedTokensReceiverAndABurstOnce) {
  const domain::Token card = AddToken(world_, DemoCard(driver_, "04A2B3C4D5E601"));
  // A connected peer that receives no tokens (only a locations sender) gets nothing.
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    const domain::PeerWithToken hub = db->peers().Create(world_.tenant(), {.name = "Locations only"}).value();
    domain::PeerRegistration registration = testing::OcpiTestWorld::Registration();
    registration.endpoints.pop_back();  // the tokens receiver
    registration.roles.front().party = PartyId::Parse("BE-LOC").value();
    (void)db->peers()
        .Register(world_.tenant(), hub.peer.id, domain::TokenDigest::Of(hub.token), registration)
        .value();
  }
  EXPECT_EQ(Queue(card.id), 1);
  EXPECT_EQ(Queue(card.id), 1);  // already queued: the one job will send the latest state
  EXPECT_EQ(Queue(card.id), 1);
  const std::vector<domain::Job> jobs = Claim();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(ParseTokenPushPayload(jobs[0].payload).value(), (TokenPush{card.id, peer_}));
  EXPECT_EQ(jobs[0].tenant_id, world_.tenant());
  EXPECT_EQ(jobs[0].dedupe_key, TokenPushDedupeKey({card.id, peer_}));
}

TEST_F(TokenPushTest, PutsTheTokenUnderOurPartyWithThePeersCredentials) {
  domain::NewToken app = DemoCard(driver_, "app user/7", domain::TokenType::kAppUser);
  app.language = "nl";
  const domain::Token token = AddToken(world_, app);
  ASSERT_EQ(Queue(token.id), 1);
  const std::vector<domain::Job> jobs = Claim();
  ASSERT_EQ(jobs.size(), 1u);
  const Result<TokenPushResult> pushed = Run(jobs[0]);
  ASSERT_TRUE(pushed.ok()) << pushed.error().ToString();
  EXPECT_EQ(pushed->sent, 1);

  const std::vector<Received> received = cpo_.received();
  ASSERT_EQ(received.size(), 1u);
  const Received& put = received[0];
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.path, "/ocpi/cpo/2.2.1/tokens/NL/DEM/app%20user%2F7");
  EXPECT_EQ(put.query, "type=APP_USER");
  EXPECT_EQ(put.headers.Get("Authorization"), "Token " + EncodeBase64("loopback-token-b"));
  EXPECT_EQ(put.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(put.headers.Get("X-Request-ID").value_or("").size(), 36u);
  EXPECT_EQ(put.headers.Get("X-Correlation-ID").value_or("").size(), 36u);
  EXPECT_EQ(put.headers.Get("OCPI-from-country-code"), "NL");
  EXPECT_EQ(put.headers.Get("OCPI-from-party-id"), "DEM");
  EXPECT_EQ(put.headers.Get("OCPI-to-country-code"), "DE");
  EXPECT_EQ(put.headers.Get("OCPI-to-party-id"), "LCP");
  const json::value body = json::parse(put.body);
  const test::JsonSchema schema =
      test::JsonSchema::Load(std::string(OPENMSP_SHARED_DIR) + "/ocpi/schemas/2.2.1/ocpi.2_2_1.token.json")
          .value();
  EXPECT_EQ(schema.Validate(body), std::vector<std::string>{});
  EXPECT_EQ(body.at("uid").as_string(), "app user/7");
  EXPECT_EQ(body.at("type").as_string(), "APP_USER");
  EXPECT_EQ(body.at("contract_id").as_string(), "NL-DEM-C00122045-M");  // canonical, with its check digit
  EXPECT_EQ(body.at("valid").as_bool(), true);
  EXPECT_EQ(body.at("language").as_string(), "nl");
  EXPECT_EQ(body.at("last_updated").as_string(), "2026-03-01T12:00:00Z");
}

TEST_F(TokenPushTest, A503FailsTheAttemptAndTheQueueTriesAgainAfterItsBackoff) {
  const domain::Token card = AddToken(world_, DemoCard(driver_, "04A2B3C4D5E601"));
  cpo_.AnswerWith({503});
  ASSERT_EQ(Queue(card.id), 1);
  const domain::Job job = Claim().at(0);
  const Result<TokenPushResult> refused = Run(job);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPeerError);
  EXPECT_NE(refused.error().message.find("HTTP 503"), std::string::npos) << refused.error().ToString();
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    const domain::Job failed =
        db->jobs().Fail(job.id, "test/0", refused.error().ToString(), world_.clock().Now()).value();
    EXPECT_EQ(failed.state, domain::JobState::kQueued);
    EXPECT_EQ(failed.run_at, world_.clock().Now() + domain::JobRetryDelay(job.id, 1));
  }
  EXPECT_TRUE(Claim().empty());  // not before its backoff
  // The token is blocked meanwhile: the retry sends the state of now, not that of the first attempt.
  world_.clock().Advance(std::chrono::seconds(5));
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    (void)db->tokens().SetStatus(world_.tenant(), card.id, domain::TokenStatus::kBlocked).value();
  }
  EXPECT_EQ(Queue(card.id), 1);  // the queued retry covers this change too
  world_.clock().Advance(domain::JobRetryDelay(job.id, 1));
  const std::vector<domain::Job> again = Claim();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, job.id);
  EXPECT_EQ(again[0].attempts, 2);
  const Result<TokenPushResult> pushed = Run(again[0]);
  ASSERT_TRUE(pushed.ok()) << pushed.error().ToString();
  EXPECT_EQ(pushed->sent, 1);
  const std::vector<Received> received = cpo_.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(json::parse(received[1].body).at("valid").as_bool(), false);
  EXPECT_EQ(json::parse(received[1].body).at("last_updated").as_string(), "2026-03-01T12:00:05Z");
}

TEST_F(TokenPushTest, AChangeWhileThePutIsOnItsWayIsSentToo) {
  const domain::Token card = AddToken(world_, DemoCard(driver_, "04A2B3C4D5E601"));
  cpo_.During([this, &card] {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    (void)db->tokens().SetStatus(world_.tenant(), card.id, domain::TokenStatus::kBlocked).value();
  });
  ASSERT_EQ(Queue(card.id), 1);
  const Result<TokenPushResult> pushed = Run(Claim().at(0));
  ASSERT_TRUE(pushed.ok()) << pushed.error().ToString();
  EXPECT_EQ(pushed->sent, 2);
  const std::vector<Received> received = cpo_.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(json::parse(received[0].body).at("valid").as_bool(), true);
  EXPECT_EQ(json::parse(received[1].body).at("valid").as_bool(), false);
}

TEST_F(TokenPushTest, SendsNothingToAPeerThatIsNoLongerConnected) {
  const domain::Token card = AddToken(world_, DemoCard(driver_, "04A2B3C4D5E601"));
  ASSERT_EQ(Queue(card.id), 1);
  const domain::Job job = Claim().at(0);
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    (void)db->peers().SetStatus(world_.tenant(), peer_, domain::PeerStatus::kSuspended).value();
  }
  EXPECT_EQ(Run(job).value().sent, 0);
  EXPECT_TRUE(cpo_.received().empty());
  EXPECT_EQ(Queue(card.id), 0);  // and a suspended peer gets no new pushes queued
}

TEST_F(TokenPushTest, AnErrorStatusFailsTheAttemptAndABrokenPayloadIsRefused) {
  const domain::Token card = AddToken(world_, DemoCard(driver_, "04A2B3C4D5E601"));
  cpo_.AnswerWith({404});
  ASSERT_EQ(Queue(card.id), 1);
  const Result<TokenPushResult> refused = Run(Claim().at(0));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPeerError);
  EXPECT_NE(refused.error().message.find("HTTP 404"), std::string::npos);

  domain::Job broken;
  broken.tenant_id = world_.tenant();
  broken.payload = "{}";
  EXPECT_EQ(Run(broken).error().field, "token_id");
}

}  // namespace
}  // namespace openmsp::emsp
