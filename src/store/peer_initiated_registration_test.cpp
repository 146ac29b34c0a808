// `PeerRepository::RegisterInitiated`, the handshake the tenant starts (`openmsp peer connect`), on SQLite
// and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::Peer;
using domain::PeerRegistration;
using domain::PeerStatus;
using domain::PeerWithToken;
using domain::TenantId;
using domain::TokenDigest;

domain::PeerRole Emsp(const char* party, const char* name = "Other MSP") {
  return domain::PeerRole{
      .role = domain::OcpiRole::kEmsp, .party = PartyId::Parse(party).value(), .business_name = name};
}

// What a peer answered our credentials POST with: its token C for us, its versions and endpoints.
PeerRegistration Answer(const char* token, std::vector<domain::PeerRole> roles) {
  return PeerRegistration{
      .token = token,
      .token_base64 = true,
      .versions_url = "https://peer.example/ocpi/versions",
      .version = "2.2.1",
      .endpoints = {domain::PeerEndpoint{.module = "credentials",
                                         .role = domain::InterfaceRole::kSender,
                                         .url = "https://peer.example/ocpi/2.2.1/credentials"},
                    domain::PeerEndpoint{.module = "tokens",
                                         .role = domain::InterfaceRole::kReceiver,
                                         .url = "https://peer.example/ocpi/2.2.1/tokens"}},
      .roles = std::move(roles)};
}

template <class Backend>
class PeerInitiatedRegistrationTest : public ::testing::Test {
 protected:
  domain::PeerRepository& peers() { return repositories_.peers(); }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {PartyId::Parse(party).value()}})
        .value()
        .id;
  }

  ManualClock clock_{ParseOcpiDateTime("2026-03-01T12:00:00.125Z").value()};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(PeerInitiatedRegistrationTest, Backends, BackendNames);

TYPED_TEST(PeerInitiatedRegistrationTest, StoresTheAnswerAndKeepsTheTokenWeSentAsOurs) {
  const TenantId alpha = this->NewTenant("alpha", "DE-ALP");
  const PeerWithToken pending = this->peers().Create(alpha, {.name = "peer.example"}).value();
  this->clock_.Advance(std::chrono::seconds(3));

  Result<Peer> connected =
      this->peers().RegisterInitiated(alpha, pending.peer.id, Answer("their-token-c", {Emsp("NL-OTH")}));
  ASSERT_TRUE(connected.ok()) << connected.error().ToString();
  EXPECT_EQ(connected->status, PeerStatus::kConnected);
  EXPECT_EQ(connected->versions_url, "https://peer.example/ocpi/versions");
  EXPECT_EQ(connected->version, "2.2.1");
  EXPECT_EQ(connected->roles, (std::vector{Emsp("NL-OTH")}));
  EXPECT_EQ(connected->endpoints, Answer("x", {}).endpoints);
  EXPECT_EQ(connected->registered_at, this->clock_.Now());
  EXPECT_EQ(this->peers().FindById(alpha, pending.peer.id).value(), *connected);

  // The peer goes on calling us with the token we sent it (Create's), now as a connected peer…
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(pending.token)).value(),
            (domain::PeerAuthentication{alpha, pending.peer.id, PeerStatus::kConnected}));
  // …and we call it with the token it answered with.
  const domain::OutgoingCredentials outgoing =
      this->peers().FindOutgoingCredentials(alpha, pending.peer.id).value();
  EXPECT_EQ(outgoing.token, "their-token-c");
  EXPECT_TRUE(outgoing.token_base64);
}

TYPED_TEST(PeerInitiatedRegistrationTest, OnlyAPendingPeerOfTheTenantCompletesOne) {
  const TenantId alpha = this->NewTenant("alpha", "DE-ALP");
  const TenantId beta = this->NewTenant("beta", "DE-BET");
  const PeerWithToken pending = this->peers().Create(alpha, {.name = "peer.example"}).value();
  (void)this->peers().RegisterInitiated(alpha, pending.peer.id, Answer("c1", {Emsp("NL-OTH")})).value();

  Result<Peer> twice =
      this->peers().RegisterInitiated(alpha, pending.peer.id, Answer("c2", {Emsp("NL-OTH")}));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(twice.error().field, "status");
  EXPECT_EQ(this->peers().FindOutgoingCredentials(alpha, pending.peer.id)->token, "c1");

  const PeerWithToken gone = this->peers().Create(alpha, {.name = "gone"}).value();
  (void)this->peers().SetStatus(alpha, gone.peer.id, PeerStatus::kUnregistered).value();
  EXPECT_EQ(this->peers().RegisterInitiated(alpha, gone.peer.id, Answer("c", {Emsp("BE-GON")})).error().field,
            "status");

  // Another tenant's peer is not found, exactly like a missing one, and stays pending.
  const PeerWithToken theirs = this->peers().Create(beta, {.name = "theirs"}).value();
  Result<Peer> foreign =
      this->peers().RegisterInitiated(alpha, theirs.peer.id, Answer("c", {Emsp("FR-THE")}));
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(foreign.error().field, "id");
  EXPECT_EQ(this->peers().FindById(beta, theirs.peer.id)->status, PeerStatus::kPending);
}

TYPED_TEST(PeerInitiatedRegistrationTest, ARefusedAnswerChangesNothing) {
  const TenantId alpha = this->NewTenant("alpha", "DE-ALP");
  const PeerWithToken first = this->peers().Create(alpha, {.name = "first"}).value();
  (void)this->peers().RegisterInitiated(alpha, first.peer.id, Answer("c1", {Emsp("NL-OTH")})).value();
  const PeerWithToken second = this->peers().Create(alpha, {.name = "second"}).value();
  const Peer before = this->peers().FindById(alpha, second.peer.id).value();

  // The second role is the first peer's already.
  Result<Peer> claimed =
      this->peers().RegisterInitiated(alpha, second.peer.id, Answer("c2", {Emsp("BE-OTH"), Emsp("NL-OTH")}));
  ASSERT_FALSE(claimed.ok());
  EXPECT_EQ(claimed.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(claimed.error().field, "roles[1]");

  PeerRegistration bad = Answer("c2", {Emsp("BE-OTH")});
  bad.endpoints[1].url = "ftp://peer.example/tokens";
  Result<Peer> malformed = this->peers().RegisterInitiated(alpha, second.peer.id, bad);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(malformed.error().field, "endpoints[1].url");

  EXPECT_EQ(this->peers().FindById(alpha, second.peer.id).value(), before);
  EXPECT_EQ(this->peers().FindByIncomingToken(TokenDigest::Of(second.token))->status, PeerStatus::kPending);
  EXPECT_EQ(this->peers().FindOutgoingCredentials(alpha, second.peer.id).error().field, "status");
}

}  // namespace
}  // namespace openmsp::store
