// The versions module through the endpoint frame on a real SQLite database: what a peer reads first, with
// which tokens, and that it validates against the OCPI 2.2.1 schemas.

#include "emsp/versions_module.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "emsp/ocpi_test_world.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

std::vector<std::string> SchemaViolations(const std::string& schema, const std::string& body) {
  const test::JsonSchema validator =
      test::JsonSchema::Load(std::string(OPENMSP_SHARED_DIR) + "/ocpi/schemas/2.2.1/" + schema).value();
  return validator.Validate(json::parse(body));
}

class VersionsModuleTest : public ::testing::Test {
 protected:
  void SetUp() override { RegisterVersionsModule(world_.endpoints()); }

  testing::OcpiTestWorld world_;
};

TEST_F(VersionsModuleTest, VersionsListOnly221AtOurVersionUrl) {
  const http::HttpResponse response = world_.Send("GET", "/ocpi/versions");
  ASSERT_EQ(response.status, 200) << response.body;
  const json::object envelope = testing::OcpiTestWorld::Envelope(response);
  EXPECT_EQ(envelope.at("status_code").as_int64(), 1000);
  EXPECT_EQ(envelope.at("data"),
            json::parse(R"([{"version":"2.2.1","url":"http://127.0.0.1:8080/ocpi/2.2.1"}])"));
  EXPECT_EQ(SchemaViolations("ocpi.2_2_1.versions.response.json", response.body), std::vector<std::string>{});
}

TEST_F(VersionsModuleTest, VersionDetailsListOurEndpointsWithTheRolesOfAnEmsp) {
  const http::HttpResponse response = world_.Send("GET", "/ocpi/2.2.1");
  ASSERT_EQ(response.status, 200) << response.body;
  const json::value data = testing::OcpiTestWorld::Envelope(response).at("data");
  EXPECT_EQ(data.at("version").as_string(), "2.2.1");
  const std::string base = "http://127.0.0.1:8080/ocpi/2.2.1/";
  // §1: RECEIVER of what the CPO owns, SENDER of tokens and of the commands callback.
  const json::array expected = {
      json::object{{"identifier", "credentials"}, {"role", "SENDER"}, {"url", base + "credentials"}},
      json::object{{"identifier", "locations"}, {"role", "RECEIVER"}, {"url", base + "locations"}},
      json::object{{"identifier", "sessions"}, {"role", "RECEIVER"}, {"url", base + "sessions"}},
      json::object{{"identifier", "cdrs"}, {"role", "RECEIVER"}, {"url", base + "cdrs"}},
      json::object{{"identifier", "tariffs"}, {"role", "RECEIVER"}, {"url", base + "tariffs"}},
      json::object{{"identifier", "tokens"}, {"role", "SENDER"}, {"url", base + "tokens"}},
      json::object{{"identifier", "commands"}, {"role", "SENDER"}, {"url", base + "commands"}},
      json::object{{"identifier", "hubclientinfo"}, {"role", "RECEIVER"}, {"url", base + "hubclientinfo"}}};
  EXPECT_EQ(data.at("endpoints"), json::value(expected));
  EXPECT_EQ(SchemaViolations("ocpi.2_2_1.version_details.response.json", response.body),
            std::vector<std::string>{});
}

TEST_F(VersionsModuleTest, TokenAOfAPeerThatIsRegisteringGetsIn) {
  store::RepositoryPool::Lease db = world_.pool().Borrow().value();
  const std::string token_a = db->peers().Create(world_.tenant(), {.name = "Hub"}).value().token;
  EXPECT_EQ(world_.Send("GET", "/ocpi/versions", "", token_a).status, 200);
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1", "", token_a).status, 200);
}

TEST_F(VersionsModuleTest, AnUnknownASuspendedOrAReplacedTokenIs401) {
  EXPECT_EQ(world_.Send("GET", "/ocpi/versions", "", "no-such-token").status, 401);
  // The world's peer registered: its token A was replaced by C.
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1", "", world_.token_a()).status, 401);
  world_.SetPeerStatus(domain::PeerStatus::kSuspended);
  const http::HttpResponse suspended = world_.Send("GET", "/ocpi/versions");
  EXPECT_EQ(suspended.status, 401);
  EXPECT_EQ(testing::OcpiTestWorld::Envelope(suspended).at("status_code").as_int64(), 2000);
}

}  // namespace
}  // namespace openmsp::emsp
