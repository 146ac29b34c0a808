// The OCPI cdrs and sessions receivers end to end: a tenant and a peer made with the CLI, the peer's
// registration written through the repositories (as the credentials handshake would), then a CPO's
// requests over HTTP to the real `openmsp serve` on loopback — CDRs stored durably, answered with their
// Location, served back, and rated in the background into MSP CDRs.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/base64.h"
#include "core/clock.h"
#include "core/json.h"
#include "domain/peer.h"
#include "domain/secret.h"
#include "run_process.h"
#include "store/database_url.h"
#include "store/repositories.h"
#include "support/cpo_cdr_samples.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using namespace std::chrono_literals;
using Response = bhttp::response<bhttp::string_body>;

constexpr const char* kPublicUrl = "https://msp.example";

using test::ReadFile;

// A CPO's side: one HTTP/1.1 connection to the server, requests authorised with token C.
class CpoClient {
 public:
  CpoClient(std::uint16_t port, std::string token) : token_(std::move(token)) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
  }

  Response Send(const std::string& method, const std::string& target, const std::string& body = "") {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    request += "Authorization: Token " + EncodeBase64(token_) + "\r\n";
    request += "X-Request-ID: e2e-" + std::to_string(++requests_) + "\r\nX-Correlation-ID: e2e\r\n";
    if (!body.empty()) {
      request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    asio::write(socket_, asio::buffer(request));
    Response response;
    bhttp::read(socket_, buffer_, response);
    return response;
  }

 private:
  std::string token_;
  int requests_ = 0;
  asio::io_context io_context_;
  asio::ip::tcp::socket socket_{io_context_};
  boost::beast::flat_buffer buffer_;
};

boost::json::object EnvelopeOf(const Response& response) { return ParseJson(response.body()).value().as_object(); }

class OcpiCdrsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"migrate", "--database", database_url_}).exit_code, 0);
    repositories_.emplace(store::Repositories::Open(store::ParseDatabaseUrl(database_url_).value(), clock_).value());
    const test::ProcessResult tenant =
        Run({"tenant", "create", "--database", database_url_, "--slug", "demo", "--name", "Demo MSP",
             "--country", "NL", "--party", "DEM", "--admin-email", "admin@demo.example", "--admin-password",
             "correct horse battery staple"});
    ASSERT_EQ(tenant.exit_code, 0) << tenant.err;
    const test::ProcessResult invited = Run({"peer", "invite", "--database", database_url_, "--tenant", "demo",
                                             "--name", "Alfa Charging", "--public-url", kPublicUrl});
    ASSERT_EQ(invited.exit_code, 0) << invited.err;
    const std::string token_a(ParseJson(invited.out).value().at("token_a").as_string());

    // What the credentials POST of the CPO NL-ALF stores.
    const domain::PeerAuthentication peer =
        repositories_->peers().FindByIncomingToken(domain::TokenDigest::Of(token_a)).value();
    tenant_ = peer.tenant_id;
    token_c_ = repositories_->peers()
                   .Register(tenant_, peer.peer_id, domain::TokenDigest::Of(token_a),
                             domain::PeerRegistration{
                                 .token = "token-b-of-alfa",
                                 .token_base64 = true,
                                 .versions_url = "https://cpo.alfa.example/ocpi/versions",
                                 .version = "2.2.1",
                                 .endpoints = {{.module = "cdrs",
                                                .role = domain::InterfaceRole::kSender,
                                                .url = "https://cpo.alfa.example/ocpi/2.2.1/cdrs"}},
                                 .roles = {{.role = domain::OcpiRole::kCpo,
                                            .party = PartyId::Parse("NL-ALF").value(),
                                            .business_name = "Alfa Charging"}}})
                   .value()
                   .token;
  }

  void TearDown() override {
    if (pid_ > 0) test::StopProcess(pid_, SIGKILL);
  }

  test::ProcessResult Run(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), OPENMSP_BINARY);
    return test::RunProcess(arguments);
  }

  std::uint16_t Start() {
    pid_ = test::StartProcess({OPENMSP_BINARY, "serve", "--listen", "127.0.0.1:0", "--database", database_url_,
                               "--public-url", kPublicUrl, "--threads", "2"},
                              log_.string());
    return test::PortFromLog(log_);
  }

  // Waits until `done` holds, up to `timeout`.
  static bool Eventually(const std::function<bool()>& done, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(50ms);
    }
    return true;
  }

  std::string Cdr(const std::string& id, const std::string& remark = "thank you for charging") const {
    return test::SampleCpoCdr(
               {.tenant_id = tenant_, .cpo = PartyId::Parse("NL-ALF").value(), .cdr_id = id, .remark = remark})
        .body;
  }

  test::TempDirectory directory_{"openmsp_ocpi_cdrs_test"};
  std::string database_url_ = "sqlite:" + directory_.File("openmsp.db");
  std::filesystem::path log_ = directory_.path() / "openmsp.log";
  ManualClock clock_{ParseOcpiDateTime("2026-03-02T10:00:00Z").value()};
  std::optional<store::Repositories> repositories_;
  domain::TenantId tenant_;
  std::string token_c_;
  pid_t pid_ = -1;
};

TEST_F(OcpiCdrsTest, PostedCdrsAreStoredAnsweredWithTheirLocationServedAndRated) {
  const std::uint16_t port = Start();
  // The sweep queues every tenant's rating once at start; let that round finish, so that what rates the
  // CDRs below is the queueing of the cdrs module (the sweep's next round is a minute away).
  ASSERT_TRUE(Eventually(
      [&] {
        return !repositories_->jobs()
                    .List(domain::JobScope::OfTenant(tenant_), domain::JobState::kSucceeded, 10)
                    .value()
                    .empty();
      },
      30s))
      << ReadFile(log_);

  CpoClient cpo(port, token_c_);
  std::vector<std::string> locations;
  for (const char* id : {"CDR-1", "CDR-2", "CDR-3"}) {
    const Response created = cpo.Send("POST", "/ocpi/2.2.1/cdrs", Cdr(id));
    ASSERT_EQ(created.result_int(), 201u) << created.body();
    EXPECT_EQ(EnvelopeOf(created).at("status_code").as_int64(), 1000);
    EXPECT_EQ(created["X-Request-ID"], "e2e-" + std::to_string(locations.size() + 1));
    locations.emplace_back(created["Location"]);
    EXPECT_EQ(locations.back().rfind(std::string(kPublicUrl) + "/ocpi/2.2.1/cdrs/", 0), 0u) << locations.back();
  }

  // Acknowledged means committed: the CDRs are in the database, byte for byte.
  const PartyId alfa = PartyId::Parse("NL-ALF").value();
  EXPECT_EQ(repositories_->cpo_cdrs().FindByKey(tenant_, alfa, "CDR-2").value().body, Cdr("CDR-2"));

  const Response again = cpo.Send("POST", "/ocpi/2.2.1/cdrs", Cdr("CDR-1"));
  EXPECT_EQ(again.result_int(), 200u);
  EXPECT_EQ(std::string(again["Location"]), locations[0]);
  const Response conflict = cpo.Send("POST", "/ocpi/2.2.1/cdrs", Cdr("CDR-1", "another body"));
  EXPECT_EQ(conflict.result_int(), 409u);
  const Response foreign = cpo.Send("POST", "/ocpi/2.2.1/cdrs",
                                    test::SampleCpoCdr({.tenant_id = tenant_, .cdr_id = "CDR-9"}).body);  // BE-BEC
  EXPECT_EQ(foreign.result_int(), 400u);
  EXPECT_EQ(EnvelopeOf(foreign).at("status_code").as_int64(), 2001);

  const Response served = cpo.Send("GET", locations[1].substr(std::string(kPublicUrl).size()));
  ASSERT_EQ(served.result_int(), 200u) << served.body();
  EXPECT_EQ(EnvelopeOf(served).at("data").at("id"), "CDR-2");

  // The module queued the tenant's rating: the three CDRs become MSP CDRs (held: the tenant knows no token).
  std::vector<domain::MspCdr> rated;
  ASSERT_TRUE(Eventually(
      [&] {
        rated = repositories_->msp_cdrs().List(tenant_, domain::MspCdrQuery{}).value();
        return rated.size() == 3;
      },
      20s))
      << rated.size() << " MSP CDRs; log: " << ReadFile(log_);
  EXPECT_EQ(rated[0].rating.attention, domain::AttentionReason::kUnknownToken);
}

TEST_F(OcpiCdrsTest, SessionsArePutPatchedAndServed) {
  const std::uint16_t port = Start();
  CpoClient cpo(port, token_c_);
  boost::json::object session =
      ParseJson(ReadFile(std::string(OPENMSP_SHARED_DIR) + "/ocpi/examples/sessions/session_example_1_simple_start.json"))
          .value()
          .as_object();
  session["party_id"] = "ALF";
  session["last_updated"] = "2019-06-23T08:00:00Z";
  const Response put = cpo.Send("PUT", "/ocpi/2.2.1/sessions/NL/ALF/101", SerializeJson(session));
  ASSERT_EQ(put.result_int(), 201u) << put.body();
  const Response patched =
      cpo.Send("PATCH", "/ocpi/2.2.1/sessions/NL/ALF/101",
               ReadFile(std::string(OPENMSP_SHARED_DIR) +
                        "/ocpi/examples/sessions/session_patch_example_charging_period.json"));
  ASSERT_EQ(patched.result_int(), 200u) << patched.body();
  const Response served = cpo.Send("GET", "/ocpi/2.2.1/sessions/NL/ALF/101");
  ASSERT_EQ(served.result_int(), 200u) << served.body();
  const boost::json::value data = EnvelopeOf(served).at("data");
  EXPECT_EQ(data.at("charging_periods").as_array().size(), 1u);
  EXPECT_EQ(DecimalFromJson(data.at("kwh")).value(), Decimal::Parse("15").value());
  EXPECT_EQ(repositories_->sessions().Find(tenant_, {.party = PartyId::Parse("NL-ALF").value(), .session_id = "101"})
                .value()
                .session.status,
            domain::SessionStatus::kPending);
}

}  // namespace
}  // namespace openmsp
