// The OCPI endpoint frame on a real SQLite database: who gets in with which token, the envelope, the
// echoed request ids and routing headers, errors naming their field.

#include "emsp/ocpi_endpoints.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/base64.h"
#include "store/migrations.h"
#include "support/temp_directory.h"

namespace openmsp::emsp {
namespace {

class CountingRandom final : public ocpi::RandomSource {
 public:
  void Fill(std::span<std::uint8_t> bytes) override {
    for (std::uint8_t& byte : bytes) byte = next_++;
  }

 private:
  std::uint8_t next_ = 0;
};

class OcpiEndpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    (void)store::OpenAndMigrate(url_).value();
    store::RepositoryPool::Lease db = pool_.Borrow().value();
    tenant_ = db->tenants()
                  .Create(domain::NewTenant{.slug = "demo",
                                            .name = "Demo",
                                            .default_currency = Currency::Find("EUR").value(),
                                            .parties = {PartyId::Parse("NL-DEM").value()}})
                  .value()
                  .id;
    domain::PeerWithToken invited = db->peers().Create(tenant_, domain::NewPeer{.name = "CPO"}).value();
    peer_ = invited.peer.id;
    token_a_ = invited.token;

    endpoints_.Add(
        "GET", "/ocpi/2.2.1/things/{id}", OcpiAccess::kConnected, [this](const OcpiRequest& request) {
          last_ = request.caller;
          const std::string id(request.http.PathParameterValue("id").value_or(""));
          if (id == "bad")
            return Result<OcpiReply>(Error{ErrorCode::kInvalidArgument, "id", "must not be bad"});
          return Result<OcpiReply>(
              OcpiReply{.data = boost::json::value{{"id", id}}, .http_status = 200, .headers = {}});
        });
    endpoints_.Add("GET", "/ocpi/versions", OcpiAccess::kRegistration, [this](const OcpiRequest& request) {
      last_ = request.caller;
      return Result<OcpiReply>(OcpiReply{});
    });
  }

  http::HttpResponse Get(const std::string& path, std::optional<std::string> authorization,
                         std::vector<http::HttpHeaderField> extra = {}) {
    http::HttpRequest request{
        .method = "GET", .path = path, .query = "", .headers = {}, .body = "", .path_parameters = {}};
    if (authorization) request.headers.Set("Authorization", *authorization);
    for (http::HttpHeaderField& field : extra) request.headers.Set(field.name, field.value);
    return router_.Dispatch(std::move(request));
  }

  static std::string TokenHeader(const std::string& token) { return "Token " + EncodeBase64(token); }

  static boost::json::object Body(const http::HttpResponse& response) {
    return boost::json::parse(response.body).as_object();
  }

  ManualClock clock_{ParseOcpiDateTime("2026-03-01T12:00:00Z").value()};
  test::TempDirectory directory_{"openmsp_ocpi_endpoints"};
  store::DatabaseUrl url_ = store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  store::RepositoryPool pool_{url_, clock_, 2};
  CountingRandom random_;
  OcpiContext context_{
      .pool = pool_, .clock = clock_, .random = random_, .public_url = "http://127.0.0.1:8080"};
  http::Router router_;
  OcpiEndpoints endpoints_{router_, context_};
  domain::TenantId tenant_;
  domain::PeerId peer_;
  std::string token_a_;
  std::optional<OcpiCaller> last_;
};

TEST_F(OcpiEndpointsTest, TokenAOpensOnlyTheRegistrationModules) {
  const http::HttpResponse versions = Get("/ocpi/versions", TokenHeader(token_a_));
  EXPECT_EQ(versions.status, 200);
  EXPECT_EQ(Body(versions).at("status_code").as_int64(), 1000);
  EXPECT_EQ(Body(versions).at("timestamp").as_string(), "2026-03-01T12:00:00Z");
  ASSERT_TRUE(last_);
  EXPECT_EQ(last_->tenant_id, tenant_);
  EXPECT_EQ(last_->peer_id, peer_);
  EXPECT_EQ(last_->status, domain::PeerStatus::kPending);
  EXPECT_EQ(last_->token_digest, domain::TokenDigest::Of(token_a_));

  const http::HttpResponse things = Get("/ocpi/2.2.1/things/1", TokenHeader(token_a_));
  EXPECT_EQ(things.status, 401);
  EXPECT_EQ(Body(things).at("status_code").as_int64(), 2000);
}

TEST_F(OcpiEndpointsTest, TheRawTokenOfOlderPeersIsAcceptedToo) {
  EXPECT_EQ(Get("/ocpi/versions", "Token " + token_a_).status, 200);
}

TEST_F(OcpiEndpointsTest, AMissingMalformedOrUnknownTokenIs401) {
  for (const std::optional<std::string>& header :
       {std::optional<std::string>(), std::optional<std::string>("Bearer x"),
        std::optional<std::string>(TokenHeader("not-a-token-we-issued"))}) {
    const http::HttpResponse response = Get("/ocpi/versions", header);
    EXPECT_EQ(response.status, 401) << header.value_or("(none)");
    EXPECT_NE(Body(response).at("status_message").as_string().find("Authorization"), std::string::npos);
  }
}

TEST_F(OcpiEndpointsTest, AConnectedPeerGetsItsModulesAndErrorsNameTheirField) {
  store::RepositoryPool::Lease db = pool_.Borrow().value();
  const domain::PeerRegistration registration{
      .token = "token-b",
      .token_base64 = true,
      .versions_url = "https://cpo.example/ocpi/versions",
      .version = "2.2.1",
      .endpoints = {domain::PeerEndpoint{.module = "locations",
                                         .role = domain::InterfaceRole::kSender,
                                         .url = "https://cpo.example/ocpi/2.2.1/locations"}},
      .roles = {domain::PeerRole{.role = domain::OcpiRole::kCpo,
                                 .party = PartyId::Parse("NL-CPO").value(),
                                 .business_name = "CPO"}}};
  const std::string token_c =
      db->peers().Register(tenant_, peer_, domain::TokenDigest::Of(token_a_), registration).value().token;

  EXPECT_EQ(Get("/ocpi/versions", TokenHeader(token_a_)).status, 401);  // A is gone once C is issued
  const http::HttpResponse ok = Get("/ocpi/2.2.1/things/42", TokenHeader(token_c),
                                    {{"X-Request-ID", "req-1"}, {"X-Correlation-ID", "corr-1"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(Body(ok).at("data").at("id").as_string(), "42");
  EXPECT_EQ(ok.headers.Get("X-Request-ID"), "req-1");
  EXPECT_EQ(ok.headers.Get("X-Correlation-ID"), "corr-1");

  const http::HttpResponse bad = Get("/ocpi/2.2.1/things/bad", TokenHeader(token_c));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Body(bad).at("status_code").as_int64(), 2001);
  EXPECT_EQ(Body(bad).at("status_message").as_string(), "id: must not be bad");
  EXPECT_TRUE(bad.headers.Get("X-Request-ID"));  // generated when the request had none

  const http::HttpResponse routed =
      Get("/ocpi/2.2.1/things/1", TokenHeader(token_c), {{"OCPI-to-country-code", "NL"}});
  EXPECT_EQ(routed.status, 400);
  EXPECT_NE(Body(routed).at("status_message").as_string().find("OCPI-to-party-id"), std::string::npos);

  db->peers().SetStatus(tenant_, peer_, domain::PeerStatus::kSuspended).value();
  EXPECT_EQ(Get("/ocpi/2.2.1/things/1", TokenHeader(token_c)).status, 401);
}

}  // namespace
}  // namespace openmsp::emsp
