// The OCPI endpoint frame on a real SQLite database: who gets in with which token, the envelope, the
// echoed request ids and routing headers, errors naming their field.

#include "emsp/ocpi_endpoints.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/base64.h"
#include "emsp/ocpi_test_world.h"

namespace openmsp::emsp {
namespace {

// A peer invited but not registered yet (the world's own peer is connected).
class OcpiEndpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    domain::PeerWithToken invited =
        db->peers().Create(world_.tenant(), domain::NewPeer{.name = "Hub"}).value();
    peer_ = invited.peer.id;
    token_a_ = invited.token;

    world_.endpoints().Add(
        "GET", "/ocpi/2.2.1/things/{id}", OcpiAccess::kConnected, [this](const OcpiRequest& request) {
          last_ = request.caller;
          const std::string id(request.http.PathParameterValue("id").value_or(""));
          if (id == "bad")
            return Result<OcpiReply>(Error{ErrorCode::kInvalidArgument, "id", "must not be bad"});
          return Result<OcpiReply>(
              OcpiReply{.data = boost::json::value{{"id", id}}, .http_status = 200, .headers = {}});
        });
    world_.endpoints().Add("GET", "/ocpi/versions", OcpiAccess::kRegistration,
                           [this](const OcpiRequest& request) {
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
    return world_.router().Dispatch(std::move(request));
  }

  static std::string TokenHeader(const std::string& token) { return "Token " + EncodeBase64(token); }
  static boost::json::object Body(const http::HttpResponse& response) {
    return testing::OcpiTestWorld::Envelope(response);
  }

  testing::OcpiTestWorld world_;
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
  EXPECT_EQ(last_->tenant_id, world_.tenant());
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
  store::RepositoryPool::Lease db = world_.pool().Borrow().value();
  domain::PeerRegistration hub = testing::OcpiTestWorld::Registration();
  hub.roles = {domain::PeerRole{
      .role = domain::OcpiRole::kHub, .party = PartyId::Parse("DE-HUB").value(), .business_name = "Hub"}};
  const std::string token_c =
      db->peers().Register(world_.tenant(), peer_, domain::TokenDigest::Of(token_a_), hub).value().token;

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

  ASSERT_TRUE(last_);
  EXPECT_EQ(last_->roles, hub.roles);  // the receivers check parties against these, without a read

  db->peers().SetStatus(world_.tenant(), peer_, domain::PeerStatus::kSuspended).value();
  world_.endpoints().ForgetCallers();
  EXPECT_EQ(Get("/ocpi/2.2.1/things/1", TokenHeader(token_c)).status, 401);
}

// A connected caller is remembered by its Authorization value for five seconds: a change made by another
// process (`openmsp peer suspend`) applies once that has passed; a registration change made through the
// credentials endpoints, or `ForgetCallers`, at once.
TEST_F(OcpiEndpointsTest, AConnectedCallerIsRememberedForItsLifetime) {
  const std::string token_c = world_.token_c();
  EXPECT_EQ(Get("/ocpi/2.2.1/things/1", TokenHeader(token_c)).status, 200);
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    db->peers().SetStatus(world_.tenant(), world_.peer(), domain::PeerStatus::kSuspended).value();
  }
  world_.clock().Advance(std::chrono::milliseconds(4999));
  EXPECT_EQ(Get("/ocpi/2.2.1/things/1", TokenHeader(token_c)).status, 200);
  EXPECT_EQ(Get("/ocpi/2.2.1/things/1", "Token " + token_c).status, 401);  // another value: read afresh
  world_.clock().Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(Get("/ocpi/2.2.1/things/1", TokenHeader(token_c)).status, 401);

  // A pending peer's token A is never remembered: its registration applies to the next request.
  EXPECT_EQ(Get("/ocpi/versions", TokenHeader(token_a_)).status, 200);
  domain::PeerRegistration other = testing::OcpiTestWorld::Registration();
  other.roles.front().party = PartyId::Parse("NL-OTH").value();
  store::RepositoryPool::Lease db = world_.pool().Borrow().value();
  (void)db->peers().Register(world_.tenant(), peer_, domain::TokenDigest::Of(token_a_), other).value();
  EXPECT_EQ(Get("/ocpi/versions", TokenHeader(token_a_)).status, 401);
}

TEST_F(OcpiEndpointsTest, ARegistrationEndpointThatChangesAPeerForgetsEveryCaller) {
  world_.endpoints().Add("DELETE", "/ocpi/2.2.1/registration", OcpiAccess::kRegistration,
                         [this](const OcpiRequest& request) -> Result<OcpiReply> {
                           store::RepositoryPool::Lease db = world_.pool().Borrow().value();
                           OPENMSP_RETURN_IF_ERROR(db->peers().SetStatus(
                               request.caller.tenant_id, request.caller.peer_id, domain::PeerStatus::kUnregistered));
                           return OcpiReply{};
                         });
  const std::string token_c = world_.token_c();
  EXPECT_EQ(Get("/ocpi/2.2.1/things/1", TokenHeader(token_c)).status, 200);
  http::HttpRequest request{.method = "DELETE", .path = "/ocpi/2.2.1/registration", .query = "",
                            .headers = {}, .body = "", .path_parameters = {}};
  request.headers.Set("Authorization", TokenHeader(token_c));
  EXPECT_EQ(world_.router().Dispatch(std::move(request)).status, 200);
  EXPECT_EQ(Get("/ocpi/2.2.1/things/1", TokenHeader(token_c)).status, 401);
}

}  // namespace
}  // namespace openmsp::emsp
