// End to end: the real `openmsp serve` answers a CPO's tokens pull and real-time authorization over
// loopback HTTP, and pushes a changed token to the CPO's tokens receiver from its job runner.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/base64.h"
#include "core/clock.h"
#include "emsp/token_push.h"
#include "http/client.h"
#include "http/test_server.h"
#include "ocpi/envelope.h"
#include "run_process.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

using test::ReadFile;

class TokensOcpiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::Router router;
    router.Add("PUT", "/cpo/tokens/{country_code}/{party_id}/{uid}",
               [this](const http::HttpRequest& request) {
                 std::lock_guard lock(mutex_);
                 puts_.push_back(request);
                 return ocpi::SuccessResponse(nullptr, ParseOcpiDateTime("2026-03-01T12:00:00Z").value());
               });
    http::HttpServerOptions options;
    options.threads = 1;
    cpo_.emplace(std::move(router), options);

    // What `openmsp tenant create`, `peer invite` and the credentials handshake leave behind, and a card.
    (void)store::OpenAndMigrate(url_).value();
    store::Repositories db = store::Repositories::Open(url_, clock_).value();
    tenant_ = db.tenants()
                  .Create(domain::NewTenant{.slug = "demo",
                                            .name = "Demo",
                                            .default_currency = Currency::Find("EUR").value(),
                                            .parties = {PartyId::Parse("NL-DEM").value()}})
                  .value()
                  .id;
    const domain::PeerWithToken invited = db.peers().Create(tenant_, {.name = "CPO"}).value();
    token_c_ =
        db.peers()
            .Register(tenant_, invited.peer.id, domain::TokenDigest::Of(invited.token),
                      domain::PeerRegistration{
                          .token = "token-b",
                          .token_base64 = true,
                          .versions_url = "http://127.0.0.1:1/versions",
                          .version = "2.2.1",
                          .endpoints = {domain::PeerEndpoint{
                              .module = "tokens",
                              .role = domain::InterfaceRole::kReceiver,
                              .url = "http://127.0.0.1:" + std::to_string(cpo_->port()) + "/cpo/tokens"}},
                          .roles = {domain::PeerRole{.role = domain::OcpiRole::kCpo,
                                                     .party = PartyId::Parse("NL-CPO").value(),
                                                     .business_name = "CPO"}}})
            .value()
            .token;
    const domain::OrganisationUnit root =
        db.organisation_units()
            .Create(tenant_, {.parent_id = std::nullopt, .name = "Demo", .billing = {}})
            .value();
    const domain::Profile driver = db.profiles()
                                       .Create(tenant_, {.organisation_unit_id = root.id,
                                                         .name = "Ada",
                                                         .kind = domain::ProfileKind::kDriver,
                                                         .email = "",
                                                         .prices_hidden = false})
                                       .value();
    card_ = db.tokens()
                .Create(tenant_, domain::NewToken{.profile_id = driver.id,
                                                  .uid = "04A2B3C4D5E601",
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
    (void)db.tokens().SetStatus(tenant_, card_, domain::TokenStatus::kActive).value();
  }

  void TearDown() override {
    if (pid_ > 0) test::StopProcess(pid_, SIGKILL);
  }

  std::uint16_t Start() {
    const std::string database = "sqlite:" + directory_.File("openmsp.db");
    pid_ = test::StartProcess({OPENMSP_BINARY, "serve", "--listen", "127.0.0.1:0", "--database", database,
                               "--threads", "2", "--public-url", "http://msp.example"},
                              log_);
    return test::PortFromLog(log_);
  }

  http::HttpClientResponse Call(std::uint16_t port, std::string method, const std::string& target,
                                std::string body = "") {
    http::HttpClientRequest request{.method = std::move(method),
                                    .url = "http://127.0.0.1:" + std::to_string(port) + target,
                                    .headers = {},
                                    .body = std::move(body),
                                    .retry_safe = false};
    request.headers.Set("Authorization", "Token " + EncodeBase64(token_c_));
    request.headers.Set("X-Request-ID", "req-1");
    if (!request.body.empty()) request.headers.Set("Content-Type", "application/json");
    return client_.Send(request).value();
  }

  test::TempDirectory directory_{"openmsp_tokens_e2e"};
  const std::string log_ = directory_.File("openmsp.log");
  const store::DatabaseUrl url_ = store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  const ManualClock clock_{ParseOcpiDateTime("2026-03-01T12:00:00Z").value()};
  http::HttpClient client_ = http::HttpClient::Create(http::HttpClientOptions{}).value();
  std::mutex mutex_;
  std::vector<http::HttpRequest> puts_;
  std::optional<http::test::RunningServer> cpo_;
  domain::TenantId tenant_;
  domain::TokenId card_;
  std::string token_c_;
  pid_t pid_ = -1;
};

TEST_F(TokensOcpiTest, ServesThePullAndTheAuthorizationAndPushesAChange) {
  const std::uint16_t port = Start();

  const http::HttpClientResponse list = Call(port, "GET", "/ocpi/2.2.1/tokens?limit=10");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.headers.Get("X-Request-ID"), "req-1");
  EXPECT_EQ(list.headers.Get("X-Total-Count"), "1");
  EXPECT_EQ(list.headers.Get("X-Limit"), "1000");
  const json::value listed = json::parse(list.body);
  ASSERT_EQ(listed.at("data").as_array().size(), 1u);
  EXPECT_EQ(listed.at("data").at(0).at("uid").as_string(), "04A2B3C4D5E601");
  EXPECT_EQ(listed.at("data").at(0).at("last_updated").as_string(), "2026-03-01T12:00:00Z");

  const http::HttpClientResponse allowed = Call(
      port, "POST", "/ocpi/2.2.1/tokens/04A2B3C4D5E601/authorize?type=RFID", R"({"location_id":"LOC1"})");
  ASSERT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_EQ(json::parse(allowed.body).at("data").at("allowed").as_string(), "ALLOWED");
  EXPECT_EQ(json::parse(allowed.body).at("data").at("authorization_reference").as_string().size(), 36u);

  const http::HttpClientResponse unknown = Call(port, "POST", "/ocpi/2.2.1/tokens/04A2B3C4D5E6FF/authorize");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(json::parse(unknown.body).at("status_code").as_int64(), 2004);

  // The card is blocked (as the Control Centre would) and its pushes queued: the server's job runner
  // sends the blocked state to the CPO's receiver.
  {
    store::Repositories db = store::Repositories::Open(url_, clock_).value();
    (void)db.tokens().SetStatus(tenant_, card_, domain::TokenStatus::kBlocked).value();
    ASSERT_EQ(emsp::QueueTokenPushes(db.peers(), db.jobs(), tenant_, card_, clock_.Now()).value(), 1);
  }
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  std::vector<http::HttpRequest> received;
  while (received.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
    std::lock_guard lock(mutex_);
    received = puts_;
  }
  ASSERT_EQ(received.size(), 1u) << ReadFile(log_);
  EXPECT_EQ(received[0].path, "/cpo/tokens/NL/DEM/04A2B3C4D5E601");
  EXPECT_EQ(received[0].query, "type=RFID");
  EXPECT_EQ(received[0].headers.Get("Authorization"), "Token " + EncodeBase64("token-b"));
  EXPECT_EQ(json::parse(received[0].body).at("valid").as_bool(), false);

  const http::HttpClientResponse blocked = Call(port, "POST", "/ocpi/2.2.1/tokens/04A2B3C4D5E601/authorize");
  EXPECT_EQ(json::parse(blocked.body).at("data").at("allowed").as_string(), "BLOCKED");
}

}  // namespace
}  // namespace openmsp
