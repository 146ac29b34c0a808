// The hubclientinfo receiver through the endpoint frame on a real SQLite database: PUT and GET of a
// ClientInfo by a hub, the last_updated rule, the URL checks, and who may call it.

#include "emsp/hub_client_info_module.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/json.h"
#include "emsp/ocpi_test_world.h"
#include "emsp/versions_module.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;
using testing::OcpiTestWorld;

const std::string kUrl = "/ocpi/2.2.1/hubclientinfo/";

json::object Info(const char* status, const char* last_updated = "2026-02-01T10:00:00Z",
                  const char* country_code = "DE", const char* party_id = "ABC") {
  return json::object{{"country_code", country_code}, {"party_id", party_id}, {"role", "CPO"},
                      {"status", status}, {"last_updated", last_updated}};
}

class HubClientInfoModuleTest : public ::testing::Test {
 protected:
  HubClientInfoModuleTest() {
    RegisterHubClientInfoModule(world_.endpoints());
    hub_ = ConnectHub("Hub", "NL-HUB");
  }

  // A peer of the tenant registered with the single role HUB of `party`; its token C.
  std::string ConnectHub(const std::string& name, const char* party) {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    const domain::PeerWithToken invited = db->peers().Create(world_.tenant(), {.name = name}).value();
    domain::PeerRegistration registration = OcpiTestWorld::Registration();
    registration.token = "token-b-of-" + name;
    registration.roles = {domain::PeerRole{
        .role = domain::OcpiRole::kHub, .party = PartyId::Parse(party).value(), .business_name = name}};
    return db->peers()
        .Register(world_.tenant(), invited.peer.id, domain::TokenDigest::Of(invited.token), registration)
        .value()
        .token;
  }

  http::HttpResponse Put(const std::string& path, const json::object& body, const std::string& token) {
    return world_.Send("PUT", kUrl + path, SerializeJson(body), token);
  }

  // The stored ClientInfo as GET answers it; null when the answer is not 200.
  json::value Get(const std::string& path, const std::string& token) {
    const http::HttpResponse response = world_.Send("GET", kUrl + path, "", token);
    if (response.status != 200) return nullptr;
    return OcpiTestWorld::Envelope(response).at("data");
  }

  static std::string Message(const http::HttpResponse& response) {
    return std::string(OcpiTestWorld::Envelope(response).at("status_message").as_string());
  }

  OcpiTestWorld world_;
  std::string hub_;
};

TEST_F(HubClientInfoModuleTest, AHubReportsAPartyAndReadsItBack) {
  const http::HttpResponse created = Put("DE/ABC", Info("PLANNED"), hub_);
  EXPECT_EQ(created.status, 201) << created.body;
  const json::object envelope = OcpiTestWorld::Envelope(created);
  EXPECT_EQ(envelope.at("status_code").as_int64(), 1000);
  EXPECT_FALSE(envelope.contains("data"));
  EXPECT_EQ(Get("DE/ABC", hub_), json::value(Info("PLANNED")));

  const http::HttpResponse replaced = Put("de/abc", Info("CONNECTED", "2026-02-01T11:00:00.250Z"), hub_);
  EXPECT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(Get("DE/ABC", hub_), json::value(Info("CONNECTED", "2026-02-01T11:00:00.250Z")));

  const http::HttpResponse response = world_.Send("GET", kUrl + "DE/ABC", "", hub_);
  const test::JsonSchema schema =
      test::JsonSchema::Load(std::string(OPENMSP_SHARED_DIR) +
                             "/ocpi/schemas/2.2.1/ocpi.2_2_1.hubclientinfo.response.json")
          .value();
  EXPECT_EQ(schema.Validate(json::parse(response.body)), std::vector<std::string>());
}

TEST_F(HubClientInfoModuleTest, AnOlderReportIsAnsweredButNotApplied) {
  ASSERT_EQ(Put("DE/ABC", Info("CONNECTED", "2026-02-01T10:00:00Z"), hub_).status, 201);
  const http::HttpResponse stale = Put("DE/ABC", Info("SUSPENDED", "2026-02-01T09:59:59.999Z"), hub_);
  EXPECT_EQ(stale.status, 200) << stale.body;
  EXPECT_EQ(OcpiTestWorld::Envelope(stale).at("status_code").as_int64(), 1000);
  EXPECT_EQ(Get("DE/ABC", hub_).at("status"), "CONNECTED");
  // The same instant again is a repeated push: applied.
  ASSERT_EQ(Put("DE/ABC", Info("OFFLINE", "2026-02-01T10:00:00Z"), hub_).status, 200);
  EXPECT_EQ(Get("DE/ABC", hub_).at("status"), "OFFLINE");
}

TEST_F(HubClientInfoModuleTest, AFaultyClientInfoIs2001NamingTheField) {
  const auto fault = [&](const std::string& path, const json::object& body) {
    const http::HttpResponse response = Put(path, body, hub_);
    EXPECT_EQ(response.status, 400) << response.body;
    EXPECT_EQ(OcpiTestWorld::Envelope(response).at("status_code").as_int64(), 2001);
    const std::string message = Message(response);
    return message.substr(0, message.find(':'));
  };
  json::object missing = Info("CONNECTED");
  missing.erase("last_updated");  // the spec's own inline example lacks it (§15)
  EXPECT_EQ(fault("DE/ABC", missing), "last_updated");
  EXPECT_EQ(fault("DE/ABC", Info("GONE")), "status");
  EXPECT_EQ(fault("DE/ABC", Info("CONNECTED", "2026-02-01T10:00:00+00:00")), "last_updated");
  EXPECT_EQ(fault("DE/ABC", Info("CONNECTED", "2026-02-01T10:00:00Z", "BE")), "country_code");
  EXPECT_EQ(fault("DE/ABC", Info("CONNECTED", "2026-02-01T10:00:00Z", "DE", "XYZ")), "party_id");
  EXPECT_EQ(fault("DE/ABCD", Info("CONNECTED")), "party_id");
  const http::HttpResponse not_json = world_.Send("PUT", kUrl + "DE/ABC", "{\"party_id\": \"ABC\",}", hub_);
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(Get("DE/ABC", hub_), json::value(nullptr));  // nothing half-written
}

TEST_F(HubClientInfoModuleTest, OnlyAHubReportsAndEachHubSeesItsOwnReports) {
  // The world's peer is a CPO.
  const http::HttpResponse cpo = Put("DE/ABC", Info("CONNECTED"), world_.token_c());
  EXPECT_EQ(cpo.status, 403) << cpo.body;
  EXPECT_EQ(Message(cpo).substr(0, 6), "roles:");
  EXPECT_EQ(world_.Send("GET", kUrl + "DE/ABC", "", world_.token_c()).status, 403);
  EXPECT_EQ(world_.Send("PUT", kUrl + "DE/ABC", SerializeJson(Info("CONNECTED")), world_.token_a()).status, 401);

  ASSERT_EQ(Put("DE/ABC", Info("CONNECTED"), hub_).status, 201);
  const std::string other_hub = ConnectHub("Other", "BE-HUB");
  EXPECT_EQ(world_.Send("GET", kUrl + "DE/ABC", "", other_hub).status, 404);
  ASSERT_EQ(Put("DE/ABC", Info("SUSPENDED", "2026-01-01T00:00:00Z"), other_hub).status, 201);
  EXPECT_EQ(Get("DE/ABC", hub_).at("status"), "CONNECTED");
  EXPECT_EQ(Get("DE/ABC", other_hub).at("status"), "SUSPENDED");
  EXPECT_EQ(world_.Send("GET", kUrl + "DE/XYZ", "", hub_).status, 404);
}

TEST_F(HubClientInfoModuleTest, OurVersionDetailsListTheModuleAsReceiver) {
  RegisterVersionsModule(world_.endpoints());
  const json::array endpoints =
      OcpiTestWorld::Envelope(world_.Send("GET", "/ocpi/2.2.1", "", hub_)).at("data").at("endpoints").as_array();
  const json::object expected{{"identifier", "hubclientinfo"}, {"role", "RECEIVER"},
                              {"url", "http://127.0.0.1:8080/ocpi/2.2.1/hubclientinfo"}};
  EXPECT_NE(std::find(endpoints.begin(), endpoints.end(), json::value(expected)), endpoints.end());
}

}  // namespace
}  // namespace openmsp::emsp
