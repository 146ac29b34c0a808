// What a page shows before login: the branding of the tenant its host name (or ?tenant=) names.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/api_test_world.h"
#include "domain/tenant.h"

namespace openmsp::api::test {
namespace {

class PublicRoutesTest : public ::testing::Test {
 protected:
  http::HttpResponse Branding(const std::string& query, const std::string& host = "") {
    http::HttpRequest request;
    request.method = "GET";
    request.path = std::string(kApiPrefix) + "/branding";
    request.query = query;
    if (!host.empty()) request.headers.Set("Host", host);
    return world_.router().Dispatch(std::move(request));
  }

  ApiWorld world_;
};

TEST_F(PublicRoutesTest, ANamelessPageGetsOpenMspsOwnLook) {
  const boost::json::value body = BodyOf(Branding("", "127.0.0.1:8080"));
  EXPECT_EQ(body, (boost::json::value{{"display_name", "OpenMSP"},
                                      {"primary_colour", "#0b6e4f"},
                                      {"accent_colour", "#f2a541"},
                                      {"support_email", nullptr},
                                      {"logo_url", nullptr}}));
  // An unknown slug is no different: nothing tells which tenants exist.
  EXPECT_EQ(BodyOf(Branding("tenant=nobody")), body);
}

TEST_F(PublicRoutesTest, TheHostNameOrTheSlugNamesTheTenantAndItsLogoComesAsADataUrl) {
  const std::vector<std::string> hosts = {"portal.acme.example"};
  ASSERT_TRUE(world_.db().tenant_settings().ReplaceHostNames(world_.acme, hosts).ok());
  ASSERT_TRUE(world_.db()
                  .tenant_settings()
                  .SetBranding(world_.acme, domain::Branding{.display_name = "Acme Charging",
                                                             .primary_colour = "#112233",
                                                             .accent_colour = "#445566",
                                                             .support_email = "help@acme.example",
                                                             .logo_media_type = "image/png",
                                                             .logo = "PNG!"})
                  .ok());
  const boost::json::value expected{{"display_name", "Acme Charging"},
                                    {"primary_colour", "#112233"},
                                    {"accent_colour", "#445566"},
                                    {"support_email", "help@acme.example"},
                                    {"logo_url", "data:image/png;base64,UE5HIQ=="}};
  EXPECT_EQ(BodyOf(Branding("", "Portal.Acme.Example:443")), expected);
  EXPECT_EQ(BodyOf(Branding("tenant=acme")), expected);
  // The other tenant chose none: its own name in OpenMSP's colours.
  const boost::json::value other = BodyOf(Branding("tenant=other"));
  EXPECT_EQ(std::string(other.at("display_name").as_string()),
            world_.db().tenants().FindById(world_.other).value().name);
  EXPECT_EQ(other.at("primary_colour"), "#0b6e4f");
}

TEST_F(PublicRoutesTest, RefusesUnknownParametersNamingThem) {
  const http::HttpResponse response = Branding("slug=acme");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find(R"("field":"slug")"), std::string::npos) << response.body;
}

}  // namespace
}  // namespace openmsp::api::test
