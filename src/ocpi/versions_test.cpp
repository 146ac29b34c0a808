#include "ocpi/versions.h"

#include <gtest/gtest.h>

#include "ocpi/ocpi_test_support.h"

namespace openmsp::ocpi {
namespace {

using domain::InterfaceRole;
using domain::PeerEndpoint;
using test::ErrorOf;
using test::Json;

TEST(ParseVersionsTest, ReadsTheListAndFindsOurVersion) {
  Result<std::vector<Version>> versions = ParseVersions(Json(R"([
    {"version": "2.1.1", "url": "https://www.server.com/ocpi/2.1.1"},
    {"version": "2.2.1", "url": "https://www.server.com/ocpi/2.2.1", "extra": 1}])"));
  ASSERT_TRUE(versions.ok()) << versions.error().ToString();
  EXPECT_EQ(*versions, (std::vector<Version>{{"2.1.1", "https://www.server.com/ocpi/2.1.1"},
                                             {"2.2.1", "https://www.server.com/ocpi/2.2.1"}}));
  EXPECT_EQ(FindVersion(*versions)->url, "https://www.server.com/ocpi/2.2.1");
  Result<Version> missing = FindVersion(*versions, "2.3.0");
  EXPECT_EQ(ErrorOf(missing).code, ErrorCode::kPeerError);
  EXPECT_EQ(ErrorOf(missing).field, "versions");
}

TEST(ParseVersionsTest, RefusesNamingTheField) {
  const struct {
    std::string_view json;
    std::string_view field;
  } cases[] = {
      {R"({"version": "2.2.1"})", ""},
      {R"([])", ""},
      {R"([{"url": "https://a.example/2.2.1"}])", "[0].version"},
      {R"([{"version": 2.2, "url": "https://a.example/2.2"}])", "[0].version"},
      {R"([{"version": "v2.2.1", "url": "https://a.example/2.2.1"}])", "[0].version"},
      {R"([{"version": "2.2.", "url": "https://a.example/2.2.1"}])", "[0].version"},
      {R"([{"version": "2.2.1", "url": "/ocpi/2.2.1"}])", "[0].url"},
      {R"([{"version": "2.2.1", "url": "https://a.example/2.2.1"}, {"version": "2.1.1"}])", "[1].url"},
  };
  for (const auto& c : cases) {
    const Error error = ErrorOf(ParseVersions(Json(c.json)));
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << c.json;
    EXPECT_EQ(error.field, c.field) << c.json << " -> " << error.ToString();
  }
}

TEST(ParseVersionDetailsTest, ReadsEndpointsIncludingOneModuleInBothRoles) {
  Result<VersionDetails> details = ParseVersionDetails(Json(R"({
    "version": "2.2.1",
    "endpoints": [
      {"identifier": "credentials", "role": "RECEIVER", "url": "https://cpo.example/ocpi/2.2.1/credentials"},
      {"identifier": "tokens", "role": "RECEIVER", "url": "https://cpo.example/ocpi/cpo/2.2.1/tokens"},
      {"identifier": "tokens", "role": "SENDER", "url": "https://cpo.example/ocpi/emsp/2.2.1/tokens"},
      {"identifier": "nltnm-tokens", "role": "SENDER", "url": "https://cpo.example/ocpi/custom"}]})"));
  ASSERT_TRUE(details.ok()) << details.error().ToString();
  EXPECT_EQ(details->version, "2.2.1");
  ASSERT_EQ(details->endpoints.size(), 4U);
  EXPECT_EQ(details->endpoints[2],
            (PeerEndpoint{"tokens", InterfaceRole::kSender, "https://cpo.example/ocpi/emsp/2.2.1/tokens"}));
  EXPECT_EQ(details->endpoints[3].module, "nltnm-tokens");
}

TEST(ParseVersionDetailsTest, RefusesNamingTheField) {
  const struct {
    std::string_view json;
    std::string_view field;
  } cases[] = {
      {R"({"version": "2.2.1"})", "endpoints"},
      {R"({"version": "2.2.1", "endpoints": []})", "endpoints"},
      {R"({"version": "2.2.1", "endpoints": [{"identifier": "Locations", "role": "SENDER", "url": "https://a.example/l"}]})",
       "endpoints[0].identifier"},
      {R"({"version": "2.2.1", "endpoints": [{"identifier": "locations", "role": "sender", "url": "https://a.example/l"}]})",
       "endpoints[0].role"},
      {R"({"version": "2.2.1", "endpoints": [{"identifier": "locations", "role": "SENDER", "url": "https://a.example/l x"}]})",
       "endpoints[0].url"},
      {R"({"version": "2.2.1", "endpoints": [{"identifier": "locations", "role": "SENDER", "url": "https://a.example/l"},
                                            {"identifier": "locations", "role": "SENDER", "url": "https://a.example/m"}]})",
       "endpoints[1]"},
  };
  for (const auto& c : cases) {
    const Error error = ErrorOf(ParseVersionDetails(Json(c.json)));
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << c.json;
    EXPECT_EQ(error.field, c.field) << c.json << " -> " << error.ToString();
  }
}

TEST(EmspEndpointsTest, FollowTheEmspRolesOfEachModule) {
  const std::vector<PeerEndpoint> endpoints = EmspEndpoints("https://msp.example/ocpi/2.2.1/");
  const std::vector<PeerEndpoint> expected = {
      {"credentials", InterfaceRole::kSender, "https://msp.example/ocpi/2.2.1/credentials"},
      {"locations", InterfaceRole::kReceiver, "https://msp.example/ocpi/2.2.1/locations"},
      {"sessions", InterfaceRole::kReceiver, "https://msp.example/ocpi/2.2.1/sessions"},
      {"cdrs", InterfaceRole::kReceiver, "https://msp.example/ocpi/2.2.1/cdrs"},
      {"tariffs", InterfaceRole::kReceiver, "https://msp.example/ocpi/2.2.1/tariffs"},
      {"tokens", InterfaceRole::kSender, "https://msp.example/ocpi/2.2.1/tokens"},
      {"commands", InterfaceRole::kSender, "https://msp.example/ocpi/2.2.1/commands"},
      {"hubclientinfo", InterfaceRole::kReceiver, "https://msp.example/ocpi/2.2.1/hubclientinfo"},
  };
  EXPECT_EQ(endpoints, expected);
}

TEST(VersionDetailsJsonTest, ReadsBackAsWritten) {
  const VersionDetails ours{.version = "2.2.1", .endpoints = EmspEndpoints("https://msp.example/ocpi/2.2.1")};
  EXPECT_EQ(ParseVersionDetails(VersionDetailsJson(ours)).value(), ours);
  const std::vector<Version> versions = {{"2.2.1", "https://msp.example/ocpi/2.2.1"}};
  EXPECT_EQ(ParseVersions(VersionsJson(versions)).value(), versions);
}

}  // namespace
}  // namespace openmsp::ocpi
