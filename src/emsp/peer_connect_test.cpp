// The handshake in both directions between two OpenMSP worlds, each on its own SQLite database and
// served over loopback: one initiates (`ConnectPeer`), the other receives (its versions and credentials
// modules), and afterwards each calls the other with the token the other issued.

#include "emsp/peer_connect.h"

#include <gtest/gtest.h>

#include "emsp/credentials_module.h"
#include "emsp/ocpi_test_world.h"
#include "emsp/versions_module.h"
#include "http/test_server.h"

namespace openmsp::emsp {
namespace {

http::HttpClient TestClient() {
  http::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  options.request_timeout = std::chrono::seconds(10);
  options.max_attempts = 1;
  return http::HttpClient::Create(options).value();
}

// An OcpiTestWorld served on 127.0.0.1 with its versions and credentials modules: a loopback server
// forwards the OCPI paths to the world's router, so the world's public URL can name the server's port.
class ServedWorld {
 public:
  ServedWorld() {
    world.context().public_url = "http://127.0.0.1:" + std::to_string(server_.port());
    RegisterVersionsModule(world.endpoints());
    RegisterCredentialsModule(world.endpoints(), module_);
  }

  domain::PeerRepository& peers() { return lease_->peers(); }
  domain::Tenant tenant() { return lease_->tenants().FindById(world.tenant()).value(); }

  testing::OcpiTestWorld world;

 private:
  http::Router Forwarder() {
    http::Router router;
    const auto forward = [this](const http::HttpRequest& request) {
      return world.router().Dispatch(request);
    };
    router.Add("GET", "/ocpi/versions", forward);
    router.Add("GET", "/ocpi/2.2.1", forward);
    for (const char* method : {"GET", "POST", "PUT", "DELETE"})
      router.Add(method, "/ocpi/2.2.1/credentials", forward);
    return router;
  }

  http::test::RunningServer server_{Forwarder(), http::HttpServerOptions{.threads = 2}};
  CredentialsModule module_{world.context(), TestClient()};
  store::RepositoryPool::Lease lease_ = world.pool().Borrow().value();
};

class PeerConnectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const domain::PeerWithToken invited =
        receiver_.peers().Create(receiver_.world.tenant(), {.name = "Initiator"}).value();
    invited_ = invited.peer.id;
    token_a_ = invited.token;
  }

  Result<domain::Peer> Connect(const std::string& versions_url, const std::string& token_a) {
    http::HttpClient client = TestClient();
    testing::CountingRandom random;
    store::RepositoryPool::Lease db = initiator_.world.pool().Borrow().value();
    return ConnectPeer(*db, client, random, initiator_.tenant(),
                       PeerConnectionRequest{.versions_url = versions_url,
                                             .token_a = token_a,
                                             .name = "Receiver",
                                             .our_versions_url = initiator_.world.context().VersionsUrl()});
  }

  ServedWorld receiver_;
  ServedWorld initiator_;
  domain::PeerId invited_;
  std::string token_a_;
};

TEST_F(PeerConnectTest, BothSidesEndConnectedAndCallEachOtherWithTheOthersToken) {
  Result<domain::Peer> connected = Connect(receiver_.world.context().VersionsUrl(), token_a_);
  ASSERT_TRUE(connected.ok()) << connected.error().ToString();
  EXPECT_EQ(connected->status, domain::PeerStatus::kConnected);
  EXPECT_EQ(connected->name, "Receiver");
  EXPECT_EQ(connected->versions_url, receiver_.world.context().VersionsUrl());
  EXPECT_EQ(connected->version, "2.2.1");
  ASSERT_EQ(connected->roles.size(), 1u);
  EXPECT_EQ(connected->roles[0].role, domain::OcpiRole::kEmsp);
  EXPECT_EQ(connected->roles[0].party.ToString(), "NL-DEM");
  EXPECT_EQ(connected->endpoints.size(), 8u);  // the receiver's EmspEndpoints

  const domain::Peer received = receiver_.peers().FindById(receiver_.world.tenant(), invited_).value();
  EXPECT_EQ(received.status, domain::PeerStatus::kConnected);
  EXPECT_EQ(received.versions_url, initiator_.world.context().VersionsUrl());

  // Each side calls the other with what the other gave it: the receiver's token C, the initiator's B.
  const std::string token_c =
      initiator_.peers().FindOutgoingCredentials(initiator_.world.tenant(), connected->id).value().token;
  const std::string token_b =
      receiver_.peers().FindOutgoingCredentials(receiver_.world.tenant(), invited_).value().token;
  EXPECT_EQ(receiver_.world.Send("GET", "/ocpi/versions", "", token_c).status, 200);
  EXPECT_EQ(initiator_.world.Send("GET", "/ocpi/versions", "", token_b).status, 200);
  EXPECT_EQ(receiver_.world.Send("GET", "/ocpi/versions", "", token_a_).status, 401);
  EXPECT_EQ(initiator_.peers().FindByIncomingToken(domain::TokenDigest::Of(token_b))->status,
            domain::PeerStatus::kConnected);

  // The receiver's DELETE with C unregisters it there; C is dead afterwards.
  EXPECT_EQ(receiver_.world.Send("DELETE", "/ocpi/2.2.1/credentials", "", token_c).status, 200);
  EXPECT_EQ(receiver_.world.Send("GET", "/ocpi/versions", "", token_c).status, 401);
}

TEST_F(PeerConnectTest, AWrongTokenAOrAnUnreachablePeerLeavesNothingBehind) {
  Result<domain::Peer> refused = Connect(receiver_.world.context().VersionsUrl(), "not-the-token-a");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPeerError);
  EXPECT_EQ(refused.error().field, "versions_url");
  EXPECT_TRUE(refused.error().message.starts_with("the peer refused the token")) << refused.error().message;

  Result<domain::Peer> unreachable = Connect("http://127.0.0.1:1/ocpi/versions", token_a_);
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.error().field, "versions_url");

  EXPECT_EQ(Connect("ftp://x/versions", token_a_).error().field, "versions_url");
  EXPECT_EQ(Connect(receiver_.world.context().VersionsUrl(), "has blank").error().field, "token_a");

  // Only the world's own CPO: no peer was created for the failed attempts.
  EXPECT_EQ(initiator_.peers().List(initiator_.world.tenant())->size(), 1u);
  EXPECT_EQ(receiver_.peers().FindById(receiver_.world.tenant(), invited_)->status,
            domain::PeerStatus::kPending);
}

TEST_F(PeerConnectTest, ARefusedRegistrationUnregistersThePeerWeCreated) {
  // The receiver already has a connected peer with the initiator's role (EMSP NL-DEM): it refuses the POST.
  const domain::PeerWithToken other =
      receiver_.peers().Create(receiver_.world.tenant(), {.name = "Twin"}).value();
  domain::PeerRegistration twin = testing::OcpiTestWorld::Registration();
  twin.roles = {domain::PeerRole{
      .role = domain::OcpiRole::kEmsp, .party = PartyId::Parse("NL-DEM").value(), .business_name = "Twin"}};
  (void)receiver_.peers()
      .Register(receiver_.world.tenant(), other.peer.id, domain::TokenDigest::Of(other.token), twin)
      .value();

  Result<domain::Peer> refused = Connect(receiver_.world.context().VersionsUrl(), token_a_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPeerError);
  EXPECT_EQ(refused.error().field, "credentials");
  EXPECT_NE(refused.error().message.find("roles[0]"), std::string::npos) << refused.error().message;

  const std::vector<domain::Peer> peers = initiator_.peers().List(initiator_.world.tenant()).value();
  ASSERT_EQ(peers.size(), 2u);
  EXPECT_EQ(peers[1].status, domain::PeerStatus::kUnregistered);
  EXPECT_EQ(receiver_.peers().FindById(receiver_.world.tenant(), invited_)->status,
            domain::PeerStatus::kPending);
}

}  // namespace
}  // namespace openmsp::emsp
