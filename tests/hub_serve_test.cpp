// A hub in front of CPOs, against `openmsp serve` over loopback HTTP: a tenant made with `openmsp tenant
// create`, a hub invited with `openmsp peer invite` and registered through the repositories with the
// single role HUB (what its credentials POST would store); it reports a party through hubclientinfo and
// forwards that party's tariff with OCPI-from-* headers, and the owner rule refuses what it may not send.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>
#include <chrono>
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
namespace json = boost::json;
using namespace std::chrono_literals;
using Response = bhttp::response<bhttp::string_body>;

using test::ReadFile;

class HubServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const test::ProcessResult tenant = test::RunProcess(
        {OPENMSP_BINARY, "tenant", "create", "--slug", "demo", "--name", "Demo MSP", "--country", "NL", "--party",
         "DEM", "--admin-email", "admin@demo.example", "--admin-password", "correct horse battery", "--database",
         database_url_});
    ASSERT_EQ(tenant.exit_code, 0) << tenant.err;
    const test::ProcessResult invited = test::RunProcess(
        {OPENMSP_BINARY, "peer", "invite", "--tenant", "demo", "--name", "Hub", "--database", database_url_});
    ASSERT_EQ(invited.exit_code, 0) << invited.err;
    const std::string token_a(ParseJson(invited.out)->at("token_a").as_string());

    const store::DatabaseUrl url = store::ParseDatabaseUrl(database_url_).value();
    store::Repositories repositories = store::Repositories::Open(url, clock_).value();
    const domain::PeerAuthentication peer =
        repositories.peers().FindByIncomingToken(domain::TokenDigest::Of(token_a)).value();
    const domain::PeerRegistration registration{
        .token = "token-b",
        .token_base64 = true,
        .versions_url = "https://hub.example/ocpi/versions",
        .version = "2.2.1",
        .endpoints = {{.module = "hubclientinfo",
                       .role = domain::InterfaceRole::kSender,
                       .url = "https://hub.example/ocpi/2.2.1/hubclientinfo"}},
        .roles = {{.role = domain::OcpiRole::kHub,
                   .party = PartyId::Parse("NL-HUB").value(),
                   .business_name = "Hub"}}};
    token_c_ = repositories.peers()
                   .Register(peer.tenant_id, peer.peer_id, domain::TokenDigest::Of(token_a), registration)
                   .value()
                   .token;
    Start();
  }

  void TearDown() override {
    if (pid_ > 0) test::StopProcess(pid_, SIGKILL);
  }

  void Start() {
    pid_ = test::StartProcess({OPENMSP_BINARY, "serve", "--listen", "127.0.0.1:0", "--database", database_url_,
                               "--threads", "2", "--public-url", "http://127.0.0.1:8080"},
                              log_);
    port_ = test::PortFromLog(log_);
  }

  // `method target` with `body` and the hub's token C (Base64), plus `headers` (`Name: value\r\n` each).
  Response Exchange(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& headers = "") {
    asio::io_context io_context;
    asio::ip::tcp::socket socket(io_context);
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " +
                          EncodeBase64(token_c_) + "\r\nX-Request-ID: req-1\r\nX-Correlation-ID: corr-1\r\n" +
                          headers;
    if (!body.empty()) request += "Content-Type: application/json\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    asio::write(socket, asio::buffer(request));
    boost::beast::flat_buffer buffer;
    Response response;
    bhttp::read(socket, buffer, response);
    return response;
  }

  static std::string From(const char* country_code, const char* party_id) {
    return std::string("OCPI-from-country-code: ") + country_code + "\r\nOCPI-from-party-id: " + party_id +
           "\r\nOCPI-to-country-code: NL\r\nOCPI-to-party-id: DEM\r\n";
  }

  static std::string Tariff(const char* country_code, const char* party_id) {
    return std::string(R"({"country_code": ")") + country_code + R"(", "party_id": ")" + party_id +
           R"(", "id": "T1", "currency": "EUR", "elements": [{"price_components": [{"type": "ENERGY",
           "price": 0.25, "step_size": 1}]}], "last_updated": "2026-02-01T00:00:00Z"})";
  }

  static json::object Envelope(const Response& response) { return ParseJson(response.body())->as_object(); }

  test::TempDirectory directory_{"openmsp_hub_serve_test"};
  std::string database_url_ = "sqlite:" + directory_.File("openmsp.db");
  std::string log_ = directory_.File("openmsp.log");
  ManualClock clock_{ParseOcpiDateTime("2026-03-01T12:00:00Z").value()};
  std::string token_c_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

TEST_F(HubServeTest, AHubReportsAPartyAndSendsOnlyForTheOnesItReported) {
  const Response reported = Exchange(
      "PUT", "/ocpi/2.2.1/hubclientinfo/DE/ABC",
      R"({"country_code": "DE", "party_id": "ABC", "role": "CPO", "status": "CONNECTED",
          "last_updated": "2026-02-01T10:00:00Z"})");
  ASSERT_EQ(reported.result_int(), 201u) << reported.body();
  EXPECT_EQ(Envelope(reported).at("status_code"), 1000);
  EXPECT_EQ(reported["X-Request-ID"], "req-1");
  const Response info = Exchange("GET", "/ocpi/2.2.1/hubclientinfo/DE/ABC");
  ASSERT_EQ(info.result_int(), 200u) << info.body();
  EXPECT_EQ(Envelope(info).at("data").at("status"), "CONNECTED");

  const Response forwarded = Exchange("PUT", "/ocpi/2.2.1/tariffs/DE/ABC/T1", Tariff("DE", "ABC"), From("DE", "ABC"));
  EXPECT_EQ(forwarded.result_int(), 200u) << forwarded.body();
  EXPECT_EQ(Exchange("GET", "/ocpi/2.2.1/tariffs/DE/ABC/T1", "", From("DE", "ABC")).result_int(), 200u);

  // Without the from headers, or for a party the hub did not report: refused as not its own.
  EXPECT_EQ(Exchange("PUT", "/ocpi/2.2.1/tariffs/DE/ABC/T1", Tariff("DE", "ABC")).result_int(), 404u);
  const Response unreported =
      Exchange("PUT", "/ocpi/2.2.1/tariffs/DE/XYZ/T1", Tariff("DE", "XYZ"), From("DE", "XYZ"));
  EXPECT_EQ(unreported.result_int(), 404u) << unreported.body();
}

}  // namespace
}  // namespace openmsp
