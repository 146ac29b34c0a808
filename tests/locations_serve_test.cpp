// The locations and tariffs receivers of `openmsp serve` over loopback HTTP: a tenant made with `openmsp
// tenant create`, a CPO invited with `openmsp peer invite` and registered through the repositories (what
// its credentials POST would store), then a Location and a Tariff PUT with its token C and read back.
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

class LocationsServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const test::ProcessResult tenant = test::RunProcess(
        {OPENMSP_BINARY, "tenant", "create", "--slug", "demo", "--name", "Demo MSP", "--country", "NL", "--party",
         "DEM", "--admin-email", "admin@demo.example", "--admin-password", "correct horse battery", "--database",
         database_url_});
    ASSERT_EQ(tenant.exit_code, 0) << tenant.err;
    const test::ProcessResult invited = test::RunProcess(
        {OPENMSP_BINARY, "peer", "invite", "--tenant", "demo", "--name", "CPO", "--database", database_url_});
    ASSERT_EQ(invited.exit_code, 0) << invited.err;
    const std::string token_a(ParseJson(invited.out)->at("token_a").as_string());

    const store::DatabaseUrl url = store::ParseDatabaseUrl(database_url_).value();
    store::Repositories repositories = store::Repositories::Open(url, clock_).value();
    const domain::PeerAuthentication peer =
        repositories.peers().FindByIncomingToken(domain::TokenDigest::Of(token_a)).value();
    const domain::PeerRegistration registration{
        .token = "token-b",
        .token_base64 = true,
        .versions_url = "https://cpo.example/ocpi/versions",
        .version = "2.2.1",
        .endpoints = {{.module = "locations",
                       .role = domain::InterfaceRole::kSender,
                       .url = "https://cpo.example/ocpi/2.2.1/locations"}},
        .roles = {{.role = domain::OcpiRole::kCpo,
                   .party = PartyId::Parse("NL-CPO").value(),
                   .business_name = "CPO"}}};
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

  // `method target` with `body`, authorised with token C as OCPI 2.2.1 wants it (Base64).
  Response Exchange(const std::string& method, const std::string& target, const std::string& body = "") {
    asio::io_context io_context;
    asio::ip::tcp::socket socket(io_context);
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " +
                          EncodeBase64(token_c_) + "\r\nX-Request-ID: req-1\r\nX-Correlation-ID: corr-1\r\n";
    if (!body.empty()) request += "Content-Type: application/json\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    asio::write(socket, asio::buffer(request));
    boost::beast::flat_buffer buffer;
    Response response;
    bhttp::read(socket, buffer, response);
    return response;
  }

  static json::object Envelope(const Response& response) { return ParseJson(response.body())->as_object(); }

  test::TempDirectory directory_{"openmsp_locations_serve_test"};
  std::string database_url_ = "sqlite:" + directory_.File("openmsp.db");
  std::string log_ = directory_.File("openmsp.log");
  ManualClock clock_{ParseOcpiDateTime("2026-03-01T12:00:00Z").value()};
  std::string token_c_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

TEST_F(LocationsServeTest, APutLocationIsAnsweredBackByGet) {
  std::string location = ReadFile(std::string(OPENMSP_SHARED_DIR) + "/ocpi/examples/locations/location_example.json");
  ASSERT_FALSE(location.empty());
  // The official example, of BE-BEC, as our peer NL-CPO sends it.
  location = std::regex_replace(location, std::regex("\"country_code\": \"BE\""), "\"country_code\": \"NL\"");
  location = std::regex_replace(location, std::regex("\"party_id\": \"BEC\""), "\"party_id\": \"CPO\"");

  const Response put = Exchange("PUT", "/ocpi/2.2.1/locations/NL/CPO/LOC1", location);
  ASSERT_EQ(put.result_int(), 200u) << put.body();
  EXPECT_EQ(Envelope(put).at("status_code"), 1000);
  EXPECT_EQ(put["X-Request-ID"], "req-1");
  EXPECT_EQ(put["X-Correlation-ID"], "corr-1");

  const Response got = Exchange("GET", "/ocpi/2.2.1/locations/NL/CPO/LOC1");
  ASSERT_EQ(got.result_int(), 200u) << got.body();
  const json::object data = Envelope(got).at("data").as_object();
  EXPECT_EQ(data.at("id"), "LOC1");
  EXPECT_EQ(data.at("name"), "Gent Zuid");
  EXPECT_EQ(data.at("country_code"), "NL");
  EXPECT_EQ(data.at("evses").as_array().size(), 2u);
  EXPECT_EQ(data.at("evses").at(0).at("connectors").at(1).at("tariff_ids").at(0), "13");
  EXPECT_EQ(data.at("last_updated"), "2015-06-29T20:39:09Z");

  const Response patched = Exchange("PATCH", "/ocpi/2.2.1/locations/NL/CPO/LOC1/3257",
                                    R"({"status": "CHARGING", "last_updated": "2019-06-24T12:39:09Z"})");
  ASSERT_EQ(patched.result_int(), 200u) << patched.body();
  const json::object evse =
      Envelope(Exchange("GET", "/ocpi/2.2.1/locations/NL/CPO/LOC1/3257")).at("data").as_object();
  EXPECT_EQ(evse.at("status"), "CHARGING");
  EXPECT_EQ(Envelope(Exchange("GET", "/ocpi/2.2.1/locations/NL/CPO/LOC1")).at("data").at("last_updated"),
            "2019-06-24T12:39:09Z");

  const Response foreign = Exchange("GET", "/ocpi/2.2.1/locations/BE/BEC/LOC1");
  EXPECT_EQ(foreign.result_int(), 404u);
}

TEST_F(LocationsServeTest, APutTariffIsAnsweredBackByGetAndGoneAfterDelete) {
  const std::string tariff = R"({"country_code": "NL", "party_id": "CPO", "id": "T1", "currency": "EUR",
    "elements": [{"price_components": [{"type": "ENERGY", "price": 0.25, "vat": 21.0, "step_size": 1}]}],
    "last_updated": "2026-02-01T00:00:00Z"})";
  const Response put = Exchange("PUT", "/ocpi/2.2.1/tariffs/NL/CPO/T1", tariff);
  ASSERT_EQ(put.result_int(), 200u) << put.body();
  const json::object data = Envelope(Exchange("GET", "/ocpi/2.2.1/tariffs/NL/CPO/T1")).at("data").as_object();
  EXPECT_EQ(data.at("id"), "T1");
  EXPECT_EQ(SerializeJson(data.at("elements").at(0).at("price_components").at(0).at("price")), "0.25");
  EXPECT_EQ(Exchange("DELETE", "/ocpi/2.2.1/tariffs/NL/CPO/T1").result_int(), 200u);
  EXPECT_EQ(Exchange("GET", "/ocpi/2.2.1/tariffs/NL/CPO/T1").result_int(), 404u);
}

}  // namespace
}  // namespace openmsp
