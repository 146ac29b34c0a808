// The OCPI handshake in both directions between two tenants of ONE running `openmsp serve`, over loopback
// HTTP: tenant alpha invites (`peer invite`), tenant beta connects (`peer connect` with alpha's versions
// URL and token A) — beta initiates, alpha receives and calls beta back on the same server. Afterwards both
// list the peer as connected, each side's token opens the other's versions, token A is dead, and a
// DELETE on the credentials unregisters.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "core/base64.h"
#include "core/clock.h"
#include "core/json.h"
#include "domain/peer.h"
#include "run_process.h"
#include "store/database_url.h"
#include "store/repositories.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
using namespace std::chrono_literals;

// A port that was free a moment ago: serve must know its public URL, port included, before it starts.
std::uint16_t FreePort() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// `method target` with `Authorization: Token base64(token)` to the server on `port`: the status and body.
std::pair<int, std::string> Ocpi(std::uint16_t port, const std::string& method, const std::string& target,
                                 const std::string& token) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  const std::string request = method + " " + target +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + EncodeBase64(token) +
                              "\r\nX-Request-ID: e2e\r\nX-Correlation-ID: e2e\r\n\r\n";
  asio::write(socket, asio::buffer(request));
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  bhttp::read(socket, buffer, response);
  return {response.result_int(), response.body()};
}

using test::ReadFile;

class HandshakeEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CreateTenant("alpha", "ALP");
    CreateTenant("beta", "BET");
    port_ = FreePort();
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    pid_ = test::StartProcess({OPENMSP_BINARY, "serve", "--listen", listen, "--public-url", PublicUrl(),
                               "--database", database_, "--threads", "2"},
                              log_.string());
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (ReadFile(log_).find("listening on http://" + listen) == std::string::npos) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << ReadFile(log_);
      std::this_thread::sleep_for(20ms);
    }
  }

  void TearDown() override {
    if (pid_ > 0) {
      EXPECT_EQ(test::StopProcess(pid_, SIGTERM, 10s), 0) << ReadFile(log_);
    }
  }

  std::string PublicUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void CreateTenant(const std::string& slug, const std::string& party) {
    const test::ProcessResult created =
        test::RunProcess({OPENMSP_BINARY, "tenant", "create", "--database", database_, "--slug", slug,
                          "--name", slug + " MSP", "--country", "NL", "--party", party, "--admin-email",
                          "admin@" + slug + ".example", "--admin-password", "correct horse battery staple"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }

  test::ProcessResult Peer(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {OPENMSP_BINARY, "peer"});
    arguments.insert(arguments.end(), {"--database", database_});
    return test::RunProcess(arguments, 60s);
  }

  json::array List(const std::string& tenant) {
    const test::ProcessResult listed = Peer({"list", "--tenant", tenant, "--json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    return ParseJson(listed.out)->as_array();
  }

  // The token tenant `slug` calls its only peer with (what the peer issued), read from the database.
  std::string OutgoingToken(const std::string& slug) {
    const SystemClock clock;
    store::Repositories repositories =
        store::Repositories::Open(store::ParseDatabaseUrl(database_).value(), clock).value();
    const domain::TenantId tenant = repositories.tenants().FindBySlug(slug)->id;
    const domain::PeerId peer = repositories.peers().List(tenant)->front().id;
    return repositories.peers().FindOutgoingCredentials(tenant, peer)->token;
  }

  test::TempDirectory directory_{"openmsp_handshake_e2e"};
  std::string database_ = "sqlite:" + directory_.File("openmsp.db");
  std::filesystem::path log_ = directory_.path() / "serve.log";
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

TEST_F(HandshakeEndToEndTest, BetaConnectsToAlphaOnOneServerAndBothSidesWork) {
  const test::ProcessResult invited =
      Peer({"invite", "--tenant", "alpha", "--name", "Beta", "--public-url", PublicUrl()});
  ASSERT_EQ(invited.exit_code, 0) << invited.err;
  const std::string versions_url(ParseJson(invited.out)->at("versions_url").as_string());
  const std::string token_a(ParseJson(invited.out)->at("token_a").as_string());
  EXPECT_EQ(versions_url, PublicUrl() + "/ocpi/versions");

  const test::ProcessResult connected = Peer({"connect", "--tenant", "beta", "--versions-url", versions_url,
                                              "--token-a", token_a, "--public-url", PublicUrl()});
  ASSERT_EQ(connected.exit_code, 0) << connected.err << ReadFile(log_);
  const json::object beta_view = ParseJson(connected.out)->as_object();
  EXPECT_EQ(beta_view.at("status"), "connected");
  EXPECT_EQ(beta_view.at("name").as_string(), "127.0.0.1:" + std::to_string(port_));
  EXPECT_EQ(beta_view.at("versions_url").as_string(), versions_url);
  EXPECT_EQ(beta_view.at("version"), "2.2.1");
  EXPECT_EQ(beta_view.at("roles"),
            json::parse(R"([{"role":"EMSP","party":"NL-ALP","business_name":"alpha MSP"}])"));

  const json::array alpha_peers = List("alpha");
  ASSERT_EQ(alpha_peers.size(), 1u);
  EXPECT_EQ(alpha_peers[0].at("status"), "connected");
  EXPECT_EQ(alpha_peers[0].at("roles"),
            json::parse(R"([{"role":"EMSP","party":"NL-BET","business_name":"beta MSP"}])"));
  EXPECT_EQ(alpha_peers[0].at("versions_url").as_string(), PublicUrl() + "/ocpi/versions");
  const json::array beta_peers = List("beta");
  ASSERT_EQ(beta_peers.size(), 1u);
  EXPECT_EQ(beta_peers[0].at("status"), "connected");

  // Beta calls alpha with alpha's token C; alpha calls beta with beta's token B. Token A is dead.
  const std::string beta_to_alpha = OutgoingToken("beta");
  const std::string alpha_to_beta = OutgoingToken("alpha");
  EXPECT_NE(beta_to_alpha, alpha_to_beta);
  EXPECT_EQ(Ocpi(port_, "GET", "/ocpi/versions", beta_to_alpha).first, 200);
  EXPECT_EQ(Ocpi(port_, "GET", "/ocpi/versions", alpha_to_beta).first, 200);
  EXPECT_EQ(Ocpi(port_, "GET", "/ocpi/versions", token_a).first, 401);
  const auto [status, body] = Ocpi(port_, "GET", "/ocpi/2.2.1/credentials", beta_to_alpha);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(ParseJson(body)->at("data").at("roles").at(0).at("party_id"), "ALP");

  // Beta unregisters at alpha: alpha forgets the peer's tokens.
  const auto deleted = Ocpi(port_, "DELETE", "/ocpi/2.2.1/credentials", beta_to_alpha);
  EXPECT_EQ(deleted.first, 200) << deleted.second;
  EXPECT_EQ(List("alpha")[0].at("status"), "unregistered");
  EXPECT_EQ(Ocpi(port_, "GET", "/ocpi/versions", beta_to_alpha).first, 401);
}

TEST_F(HandshakeEndToEndTest, ConnectRefusesBadOptionsAndAWrongTokenNamingThem) {
  const test::ProcessResult invited =
      Peer({"invite", "--tenant", "alpha", "--name", "Beta", "--public-url", PublicUrl()});
  ASSERT_EQ(invited.exit_code, 0) << invited.err;
  const std::string versions_url(ParseJson(invited.out)->at("versions_url").as_string());

  const test::ProcessResult wrong = Peer({"connect", "--tenant", "beta", "--versions-url", versions_url,
                                          "--token-a", "not-the-token", "--public-url", PublicUrl()});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_TRUE(wrong.err.starts_with("openmsp peer connect: --versions-url: the peer refused the token"))
      << wrong.err;
  EXPECT_EQ(wrong.out, "");

  const test::ProcessResult blank = Peer({"connect", "--tenant", "beta", "--versions-url", versions_url,
                                          "--token-a", "a b", "--public-url", PublicUrl()});
  EXPECT_EQ(blank.exit_code, 2);
  EXPECT_EQ(blank.err, "openmsp peer connect: --token-a: must be printable ASCII without blanks\n");

  const test::ProcessResult unknown = Peer({"connect", "--tenant", "gamma", "--versions-url", versions_url,
                                            "--token-a", "x", "--public-url", PublicUrl()});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(List("beta").empty());
  EXPECT_EQ(List("alpha")[0].at("status"), "pending");
}

}  // namespace
}  // namespace openmsp
