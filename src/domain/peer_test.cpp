#include "domain/peer.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace openmsp::domain {
namespace {

PeerRegistration Registration() {
  return PeerRegistration{
      .token = "token-b-from-the-cpo",
      .token_base64 = true,
      .versions_url = "https://cpo.example/ocpi/versions",
      .version = "2.2.1",
      .endpoints = {{.module = "credentials",
                     .role = InterfaceRole::kReceiver,
                     .url = "https://cpo.example/ocpi/2.2.1/credentials"},
                    {.module = "locations",
                     .role = InterfaceRole::kSender,
                     .url = "https://cpo.example/ocpi/2.2.1/locations"},
                    {.module = "tokens",
                     .role = InterfaceRole::kReceiver,
                     .url = "https://cpo.example/ocpi/2.2.1/tokens"}},
      .roles = {
          {.role = OcpiRole::kCpo, .party = PartyId::Parse("NL-CPO").value(), .business_name = "CPO One"}}};
}

TEST(CredentialsTokenTest, IsRandomPrintableAndFitsOcpi) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string token = GenerateCredentialsToken();
    EXPECT_EQ(token.size(), 43u);
    for (char c : token) {
      EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_')
          << token;
    }
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(TokenDigestTest, IsTheSha256OfTheTokenInHex) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(TokenDigest::Of("abc").hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(TokenDigest::Of("abc"), TokenDigest::Of("abc"));
  EXPECT_FALSE(TokenDigest::Of("abc") == TokenDigest::Of("abd"));
  EXPECT_EQ(TokenDigest::FromHex(TokenDigest::Of("abc").hex()).value(), TokenDigest::Of("abc"));
  EXPECT_FALSE(TokenDigest::FromHex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD").ok());
  EXPECT_FALSE(TokenDigest::FromHex("ba7816bf").ok());
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secrets"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(ValidatePeerRegistrationTest, AcceptsAWellFormedHandshake) {
  EXPECT_TRUE(ValidatePeerRegistration(Registration()).ok());
  EXPECT_TRUE(ValidateNewPeer({.name = "CPO One"}).ok());
  EXPECT_EQ(ValidateNewPeer({.name = ""}).error().field, "name");
}

TEST(ValidatePeerRegistrationTest, NamesTheFieldAtFaultAndNeverQuotesTheToken) {
  auto field_of = [](auto change) {
    PeerRegistration registration = Registration();
    change(registration);
    Result<void> checked = ValidatePeerRegistration(registration);
    EXPECT_EQ(checked.error().message.find(registration.token.empty() ? "\x01" : registration.token),
              std::string::npos);
    return checked.ok() ? std::string("(accepted)") : checked.error().field;
  };
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.token = ""; }), "token");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.token = std::string(65, 'x'); }), "token");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.token = "has space"; }), "token");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.versions_url = "ftp://cpo.example/versions"; }),
            "versions_url");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.versions_url = "https://" + std::string(250, 'a'); }),
            "versions_url");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.version = "2.2."; }), "version");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.version = "v2"; }), "version");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.endpoints.clear(); }), "endpoints");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.endpoints[1].module = "Locations"; }),
            "endpoints[1].module");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.endpoints[2].url = "https://cpo.example/a b"; }),
            "endpoints[2].url");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.endpoints[2].module = "credentials"; }), "endpoints[2]");
  // The same module in both roles is two endpoints.
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.endpoints[2].module = "locations"; }), "(accepted)");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.roles.clear(); }), "roles");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.roles[0].business_name = ""; }), "roles[0].business_name");
  EXPECT_EQ(field_of([](PeerRegistration& r) { r.roles.push_back(r.roles[0]); }), "roles[1]");
  EXPECT_EQ(field_of([](PeerRegistration& r) {
              r.roles.push_back(r.roles[0]);
              r.roles[1].role = OcpiRole::kHub;
            }),
            "(accepted)");
}

TEST(ValidateSyncOutcomeTest, RequiresAnErrorOnFailureAndCutsLongOnes) {
  EXPECT_EQ(ValidateSyncOutcome({.module = "cdrs", .succeeded = false, .next_date_from = {}, .error = ""})
                .error()
                .field,
            "error");
  EXPECT_EQ(
      ValidateSyncOutcome({.module = "", .succeeded = true, .next_date_from = {}, .error = ""}).error().field,
      "module");
  // 1999 bytes of 'x', then 'é' (2 bytes) straddling the limit: the cut keeps whole characters.
  std::string long_error = std::string(1999, 'x') + "é" + std::string(100, 'y');
  SyncOutcome cut =
      ValidateSyncOutcome({.module = "cdrs", .succeeded = false, .next_date_from = {}, .error = long_error})
          .value();
  EXPECT_EQ(cut.error, std::string(1999, 'x'));
  SyncOutcome ok =
      ValidateSyncOutcome({.module = "cdrs", .succeeded = true, .next_date_from = {}, .error = "stale"})
          .value();
  EXPECT_EQ(ok.error, "");
}

TEST(PeerLifecycleTest, AllowsOnlyTheDocumentedMoves) {
  using enum PeerStatus;
  EXPECT_TRUE(CheckRegistrationAllowed(kPending).ok());
  EXPECT_TRUE(CheckRegistrationAllowed(kConnected).ok());
  EXPECT_EQ(CheckRegistrationAllowed(kSuspended).error().field, "status");
  EXPECT_EQ(CheckRegistrationAllowed(kUnregistered).error().code, ErrorCode::kFailedPrecondition);

  EXPECT_EQ(TransitionPeer(kConnected, kSuspended).value(), kSuspended);
  EXPECT_EQ(TransitionPeer(kSuspended, kConnected).value(), kConnected);
  for (PeerStatus from : {kPending, kConnected, kSuspended}) {
    EXPECT_EQ(TransitionPeer(from, kUnregistered).value(), kUnregistered);
  }
  for (auto [from, to] : {std::pair{kPending, kConnected}, std::pair{kPending, kSuspended},
                          std::pair{kConnected, kPending}, std::pair{kConnected, kConnected},
                          std::pair{kUnregistered, kConnected}, std::pair{kUnregistered, kUnregistered}}) {
    Result<PeerStatus> moved = TransitionPeer(from, to);
    ASSERT_FALSE(moved.ok()) << PeerStatusName(from) << " → " << PeerStatusName(to);
    EXPECT_EQ(moved.error().field, "status");
  }
}

TEST(PeerNamesTest, RoundTrip) {
  for (OcpiRole role : {OcpiRole::kCpo, OcpiRole::kEmsp, OcpiRole::kHub, OcpiRole::kNap, OcpiRole::kNsp,
                        OcpiRole::kOther, OcpiRole::kScsp}) {
    EXPECT_EQ(ParseOcpiRole(OcpiRoleName(role)).value(), role);
  }
  EXPECT_FALSE(ParseOcpiRole("cpo").ok());
  EXPECT_EQ(ParseInterfaceRole("RECEIVER").value(), InterfaceRole::kReceiver);
  EXPECT_EQ(ParsePeerStatus("suspended").value(), PeerStatus::kSuspended);
}

}  // namespace
}  // namespace openmsp::domain
