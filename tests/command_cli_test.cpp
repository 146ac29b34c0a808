// `openmsp command start-session` sends START_SESSION to a CPO (a loopback server in this test), and the
// CPO's CommandResult reaches the real `openmsp serve` over HTTP; `openmsp command show` reads what became
// of it. The tenant, its token and the peer's registration are set up through the repositories.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/base64.h"
#include "core/clock.h"
#include "core/json.h"
#include "domain/peer.h"
#include "domain/secret.h"
#include "run_process.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using namespace std::chrono_literals;

using test::ReadFile;

// A CPO's commands receiver that takes one request and answers ACCEPTED with a 30 s timeout.
class OneShotCpo {
 public:
  OneShotCpo() : acceptor_(io_context_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] {
      boost::system::error_code error;
      asio::ip::tcp::socket socket(io_context_);
      acceptor_.accept(socket, error);
      if (error) return;
      boost::beast::flat_buffer buffer;
      bhttp::read(socket, buffer, request_, error);
      if (error) return;
      bhttp::response<bhttp::string_body> response(bhttp::status::ok, 11);
      response.set(bhttp::field::content_type, "application/json");
      response.body() =
          R"({"data":{"result":"ACCEPTED","timeout":30},"status_code":1000,"timestamp":"2026-03-01T12:00:00Z"})";
      response.prepare_payload();
      bhttp::write(socket, response, error);
    });
  }
  // When no request came, a connection that closes at once ends the wait.
  ~OneShotCpo() {
    if (!thread_.joinable()) return;
    boost::system::error_code ignored;
    asio::io_context io_context;
    asio::ip::tcp::socket socket(io_context);
    socket.connect({asio::ip::make_address("127.0.0.1"), port()}, ignored);
    socket.close(ignored);
    thread_.join();
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  // Read after the command was sent (the thread has finished with it).
  const bhttp::request<bhttp::string_body>& request() {
    if (thread_.joinable()) thread_.join();
    return request_;
  }

 private:
  asio::io_context io_context_;
  asio::ip::tcp::acceptor acceptor_;
  bhttp::request<bhttp::string_body> request_;
  std::thread thread_;
};

class CommandCliTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pid_ > 0) test::StopProcess(pid_, SIGKILL);
  }

  std::uint16_t StartServe() {
    const std::filesystem::path log = directory_.path() / "openmsp.log";
    pid_ = test::StartProcess(
        {OPENMSP_BINARY, "serve", "--listen", "127.0.0.1:0", "--database", url_.ToString(), "--threads", "2"},
        log.string());
    return test::PortFromLog(log);
  }

  test::TempDirectory directory_{"openmsp_command_cli_test"};
  store::DatabaseUrl url_ = store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  ManualClock clock_{ParseOcpiDateTime("2026-03-01T12:00:00Z").value()};
  store::Repositories repositories_ = [this] {
    store::OpenAndMigrate(url_).value();
    return store::Repositories::Open(url_, clock_).value();
  }();
  pid_t pid_ = -1;
};

TEST_F(CommandCliTest, StartSessionIsAcceptedAndItsResultReachesServe) {
  OneShotCpo cpo;
  const domain::TenantId tenant = repositories_.tenants()
                                      .Create({.slug = "demo",
                                               .name = "Demo",
                                               .default_currency = Currency::Find("EUR").value(),
                                               .parties = {PartyId::Parse("NL-DEM").value()}})
                                      .value()
                                      .id;
  const domain::OrganisationUnitId root =
      repositories_.organisation_units().Create(tenant, {.parent_id = std::nullopt, .name = "Root", .billing = {}})->id;
  const domain::ProfileId profile = repositories_.profiles()
                                        .Create(tenant, {.organisation_unit_id = root,
                                                         .name = "Driver",
                                                         .kind = domain::ProfileKind::kDriver,
                                                         .email = "",
                                                         .prices_hidden = false})
                                        ->id;
  const domain::TokenId token = repositories_.tokens()
                                    .Create(tenant, {.profile_id = profile,
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
                                    ->id;
  (void)repositories_.tokens().SetStatus(tenant, token, domain::TokenStatus::kActive).value();
  const domain::PeerWithToken invited = repositories_.peers().Create(tenant, {.name = "CPO"}).value();
  const std::string cpo_url = "http://127.0.0.1:" + std::to_string(cpo.port());
  const std::string token_c =
      repositories_.peers()
          .Register(tenant, invited.peer.id, domain::TokenDigest::Of(invited.token),
                    {.token = "token-b",
                     .token_base64 = true,
                     .versions_url = cpo_url + "/ocpi/versions",
                     .version = "2.2.1",
                     .endpoints = {{.module = "commands",
                                    .role = domain::InterfaceRole::kReceiver,
                                    .url = cpo_url + "/ocpi/2.2.1/commands"}},
                     .roles = {{.role = domain::OcpiRole::kCpo,
                                .party = PartyId::Parse("NL-CPO").value(),
                                .business_name = "CPO"}}})
          .value()
          .token;
  const std::uint16_t port = StartServe();

  const test::ProcessResult sent = test::RunProcess(
      {OPENMSP_BINARY, "command", "start-session", "--tenant", "demo", "--peer", std::to_string(invited.peer.id.value),
       "--token", "04a2b3c4d5e680", "--location", "LOC1", "--public-url", "http://127.0.0.1:" + std::to_string(port),
       "--database", url_.ToString()});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  const boost::json::object command = ParseJson(sent.out)->as_object();
  EXPECT_EQ(command.at("state"), "accepted");
  EXPECT_EQ(command.at("type"), "START_SESSION");
  EXPECT_EQ(command.at("timeout"), 30);
  const std::string uid(command.at("uid").as_string());
  const std::string result_path = "/ocpi/2.2.1/commands/START_SESSION/" + uid;

  const auto& request = cpo.request();
  EXPECT_EQ(request.target(), "/ocpi/2.2.1/commands/START_SESSION");
  EXPECT_EQ(request[bhttp::field::authorization], "Token " + EncodeBase64("token-b"));
  const boost::json::value body = ParseJson(request.body()).value();
  EXPECT_EQ(body.at("response_url").as_string(), "http://127.0.0.1:" + std::to_string(port) + result_path);
  EXPECT_EQ(body.at("token").at("uid"), "04A2B3C4D5E680");

  // The CPO POSTs the CommandResult to the response_url, with its token C.
  asio::io_context io_context;
  asio::ip::tcp::socket socket(io_context);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  bhttp::request<bhttp::string_body> post(bhttp::verb::post, result_path, 11);
  post.set(bhttp::field::host, "127.0.0.1");
  post.set(bhttp::field::authorization, "Token " + EncodeBase64(token_c));
  post.set(bhttp::field::content_type, "application/json");
  post.set("X-Request-ID", "result-1");
  post.body() = R"({"result":"ACCEPTED"})";
  post.prepare_payload();
  bhttp::write(socket, post);
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> answer;
  bhttp::read(socket, buffer, answer);
  EXPECT_EQ(answer.result_int(), 200u) << answer.body();
  EXPECT_EQ(answer["X-Request-ID"], "result-1");
  EXPECT_EQ(ParseJson(answer.body())->at("status_code"), 1000);

  const test::ProcessResult shown =
      test::RunProcess({OPENMSP_BINARY, "command", "show", "--tenant", "demo", "--id",
                        std::to_string(command.at("id").as_int64()), "--database", url_.ToString()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const boost::json::object stored = ParseJson(shown.out)->as_object();
  EXPECT_EQ(stored.at("state"), "succeeded");
  EXPECT_EQ(stored.at("result"), "ACCEPTED");

  // Another tenant's slug does not show it.
  const test::ProcessResult foreign = test::RunProcess({OPENMSP_BINARY, "command", "show", "--tenant", "nobody",
                                                        "--id", "1", "--database", url_.ToString()});
  EXPECT_EQ(foreign.exit_code, 1);
}

}  // namespace
}  // namespace openmsp
