#include "ocpi/credentials.h"

#include <gtest/gtest.h>

#include "ocpi/ocpi_test_support.h"

namespace openmsp::ocpi {
namespace {

using domain::OcpiRole;
using domain::PeerRole;
using test::ErrorOf;
using test::Json;

PartyId Party(std::string_view text) { return PartyId::Parse(text).value(); }

TEST(ParseCredentialsTest, ReadsTokenUrlAndRolesIgnoringUnusedDetails) {
  Result<Credentials> credentials = ParseCredentials(Json(R"({
    "token": "9e80ae10-28be-11e9-b210-d663bd873d93",
    "url": "https://example.com/ocpi/versions",
    "roles": [{
      "role": "CPO", "party_id": "exa", "country_code": "nl",
      "business_details": {"name": "Example Operator", "website": "http://example.com",
                           "logo": {"url": "https://example.com/img/logo.jpg", "category": "OPERATOR", "type": "jpeg"}}
    }, {
      "role": "EMSP", "party_id": "EXA", "country_code": "NL", "business_details": {"name": "Example Provider"}
    }],
    "hub_party_id": "NLEXA"})"));
  ASSERT_TRUE(credentials.ok()) << credentials.error().ToString();
  EXPECT_EQ(credentials->token, "9e80ae10-28be-11e9-b210-d663bd873d93");
  EXPECT_EQ(credentials->url, "https://example.com/ocpi/versions");
  EXPECT_EQ(credentials->roles,
            (std::vector<PeerRole>{{OcpiRole::kCpo, Party("NL-EXA"), "Example Operator"},
                                   {OcpiRole::kEmsp, Party("NL-EXA"), "Example Provider"}}));
}

TEST(ParseCredentialsTest, RefusesNamingTheFieldWithoutQuotingTheToken) {
  const std::string roles =
      R"("roles": [{"role": "CPO", "party_id": "EXA", "country_code": "NL", "business_details": {"name": "E"}}])";
  const struct {
    std::string json;
    std::string_view field;
  } cases[] = {
      {R"({"url": "https://a.example/versions", )" + roles + "}", "token"},
      {R"({"token": "secret with blank", "url": "https://a.example/versions", )" + roles + "}", "token"},
      {R"({"token": "", "url": "https://a.example/versions", )" + roles + "}", "token"},
      {R"({"token": ")" + std::string(65, 's') + R"(", "url": "https://a.example/versions", )" + roles + "}",
       "token"},
      {R"({"token": "t", "url": "mailto:a@example.com", )" + roles + "}", "url"},
      {R"({"token": "t", "url": "https://a.example/versions", "roles": []})", "roles"},
      {R"({"token": "t", "url": "https://a.example/versions", "roles": [{"role": "cpo", "party_id": "EXA",
           "country_code": "NL", "business_details": {"name": "E"}}]})",
       "roles[0].role"},
      {R"({"token": "t", "url": "https://a.example/versions", "roles": [{"role": "CPO", "party_id": "EXAM",
           "country_code": "NL", "business_details": {"name": "E"}}]})",
       "roles[0].party_id"},
      {R"({"token": "t", "url": "https://a.example/versions", "roles": [{"role": "CPO", "party_id": "EXA",
           "country_code": "NLD", "business_details": {"name": "E"}}]})",
       "roles[0].country_code"},
      {R"({"token": "t", "url": "https://a.example/versions", "roles": [{"role": "CPO", "party_id": "EXA",
           "country_code": "NL", "business_details": {}}]})",
       "roles[0].business_details.name"},
      {R"({"token": "t", "url": "https://a.example/versions", "roles": [{"role": "CPO", "party_id": "EXA",
           "country_code": "NL", "business_details": {"name": ")" +
           std::string(101, 'n') + R"("}}]})",
       "roles[0].business_details.name"},
      {R"({"token": "t", "url": "https://a.example/versions", "roles": [{"role": "CPO", "party_id": "EXA",
           "country_code": "NL"}]})",
       "roles[0].business_details"},
      {R"({"token": "t", "url": "https://a.example/versions", "roles": [
           {"role": "CPO", "party_id": "EXA", "country_code": "NL", "business_details": {"name": "E"}},
           {"role": "CPO", "party_id": "exa", "country_code": "nl", "business_details": {"name": "F"}}]})",
       "roles[1]"},
  };
  for (const auto& c : cases) {
    const Error error = ErrorOf(ParseCredentials(Json(c.json)));
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << c.json;
    EXPECT_EQ(error.field, c.field) << c.json << " -> " << error.ToString();
    EXPECT_EQ(error.message.find("secret"), std::string::npos) << error.message;
  }
}

TEST(EmspCredentialsTest, OneEmspRolePerPartyOfTheTenant) {
  const std::vector<PartyId> parties = {Party("NL-DEM"), Party("BE-DEM")};
  const Credentials ours =
      EmspCredentials("token-c", "https://msp.example/ocpi/versions", parties, "Demo MSP");
  Result<boost::json::value> json = CredentialsJson(ours);
  ASSERT_TRUE(json.ok()) << json.error().ToString();
  EXPECT_EQ(*json, Json(R"({"token": "token-c", "url": "https://msp.example/ocpi/versions", "roles": [
    {"role": "EMSP", "business_details": {"name": "Demo MSP"}, "party_id": "DEM", "country_code": "NL"},
    {"role": "EMSP", "business_details": {"name": "Demo MSP"}, "party_id": "DEM", "country_code": "BE"}]})"));
  EXPECT_EQ(ParseCredentials(*json).value(), ours);
}

TEST(EmspCredentialsTest, RefusesWhatWouldBreakOcpiInsteadOfCuttingIt) {
  const std::vector<PartyId> parties = {Party("NL-DEM")};
  EXPECT_EQ(
      ErrorOf(CredentialsJson(EmspCredentials("t", "https://m.example/v", parties, std::string(101, 'n'))))
          .field,
      "roles[0].business_details.name");
  EXPECT_EQ(ErrorOf(CredentialsJson(EmspCredentials("t", "https://m.example/v", {}, "Demo"))).field, "roles");
  EXPECT_EQ(ErrorOf(CredentialsJson(EmspCredentials("t t", "https://m.example/v", parties, "Demo"))).field,
            "token");
  EXPECT_EQ(ErrorOf(CredentialsJson(EmspCredentials("t", "m.example/v", parties, "Demo"))).field, "url");
}

TEST(ToPeerRegistrationTest, CombinesCredentialsAndVersionDetails) {
  const Credentials theirs{.token = "token-b",
                           .url = "https://cpo.example/ocpi/versions",
                           .roles = {{OcpiRole::kCpo, Party("NL-CPO"), "Charge Point Operator"}}};
  const VersionDetails details{.version = "2.2.1",
                               .endpoints = {{"credentials", domain::InterfaceRole::kReceiver,
                                              "https://cpo.example/ocpi/2.2.1/credentials"}}};
  Result<domain::PeerRegistration> registration = ToPeerRegistration(theirs, details, false);
  ASSERT_TRUE(registration.ok()) << registration.error().ToString();
  EXPECT_EQ(registration->token, "token-b");
  EXPECT_FALSE(registration->token_base64);
  EXPECT_EQ(registration->versions_url, theirs.url);
  EXPECT_EQ(registration->version, "2.2.1");
  EXPECT_EQ(registration->endpoints, details.endpoints);
  EXPECT_EQ(registration->roles, theirs.roles);
  EXPECT_EQ(ErrorOf(ToPeerRegistration(theirs, VersionDetails{.version = "2.2.1", .endpoints = {}})).field,
            "endpoints");
}

}  // namespace
}  // namespace openmsp::ocpi
