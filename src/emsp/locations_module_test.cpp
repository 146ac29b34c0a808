#include "emsp/locations_module.h"

#include <gtest/gtest.h>

#include <string>

#include "core/json.h"
#include "emsp/ocpi_test_world.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

const std::string kUrl = "/ocpi/2.2.1/locations/NL/CPO/";
const std::string kSchemas = std::string(OPENMSP_SHARED_DIR) + "/ocpi/schemas/2.2.1/";

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

json::object Parse(std::string_view text) { return ParseJson(text).value().as_object(); }

// A location of the peer's party NL-CPO: EVSE `E1` with an AC connector `1` and a DC connector `2`.
json::object Location(const char* last_updated = "2026-01-01T10:00:00Z") {
  json::object location = Parse(R"({"country_code": "NL", "party_id": "CPO", "id": "LOC1", "publish": true,
    "name": "Dam", "address": "Dam 1", "city": "Amsterdam", "postal_code": "1012 JS", "country": "NLD",
    "coordinates": {"latitude": "52.373000", "longitude": "4.893000"}, "parking_type": "ON_STREET",
    "time_zone": "Europe/Amsterdam", "x_vendor_extension": {"kept": true},
    "evses": [{"uid": "E1", "evse_id": "NL*CPO*E1", "status": "AVAILABLE", "last_updated": "2026-01-01T10:00:00Z",
      "capabilities": ["RFID_READER"], "connectors": [
        {"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE",
         "max_voltage": 230, "max_amperage": 16, "tariff_ids": ["AC"], "last_updated": "2026-01-01T10:00:00Z"},
        {"id": "2", "standard": "IEC_62196_T2_COMBO", "format": "CABLE", "power_type": "DC",
         "max_voltage": 400, "max_amperage": 125, "last_updated": "2026-01-01T10:00:00Z"}]}]})");
  location["last_updated"] = last_updated;
  return location;
}

json::object Evse(const char* uid, const char* last_updated) {
  json::object evse = Parse(R"({"evse_id": "NL*CPO*E2", "status": "AVAILABLE", "connectors": [
        {"id": "1", "standard": "CHADEMO", "format": "CABLE", "power_type": "DC",
         "max_voltage": 500, "max_amperage": 100, "last_updated": "2026-01-01T10:00:00Z"}]})");
  evse["uid"] = uid;
  evse["last_updated"] = last_updated;
  return evse;
}

json::object Connector(const char* id, const char* last_updated) {
  json::object connector = Parse(R"({"standard": "IEC_62196_T2", "format": "SOCKET",
      "power_type": "AC_1_PHASE", "max_voltage": 230, "max_amperage": 32})");
  connector["id"] = id;
  connector["last_updated"] = last_updated;
  return connector;
}

class LocationsModuleTest : public ::testing::Test {
 protected:
  LocationsModuleTest() { RegisterLocationsModule(world_.endpoints()); }

  http::HttpResponse Send(const std::string& method, const std::string& path, const json::object& body = {}) {
    return world_.Send(method, kUrl + path, body.empty() ? "" : SerializeJson(body));
  }

  // The envelope's status_code, expecting `http_status`.
  std::int64_t Status(const http::HttpResponse& response, int http_status = 200) {
    EXPECT_EQ(response.status, http_status) << response.body;
    return testing::OcpiTestWorld::Envelope(response).at("status_code").as_int64();
  }

  std::string Message(const http::HttpResponse& response) {
    return std::string(testing::OcpiTestWorld::Envelope(response).at("status_message").as_string());
  }

  json::object Data(const std::string& path) {
    const http::HttpResponse response = Send("GET", path);
    EXPECT_EQ(response.status, 200) << response.body;
    return testing::OcpiTestWorld::Envelope(response).at("data").as_object();
  }

  domain::StoredLocation Stored() {
    return world_.pool().Borrow().value()->locations().Find(world_.tenant(), Key()).value();
  }

  static domain::LocationKey Key() {
    return domain::LocationKey{.party = PartyId::Parse("NL-CPO").value(), .location_id = "LOC1"};
  }

  testing::OcpiTestWorld world_;
};

TEST_F(LocationsModuleTest, PutsALocationAndAnswersItBack) {
  EXPECT_EQ(Status(Send("PUT", "LOC1", Location())), 1000);
  const json::object data = Data("LOC1");
  EXPECT_EQ(data.at("id"), "LOC1");
  EXPECT_EQ(data.at("name"), "Dam");
  EXPECT_EQ(data.at("evses").at(0).at("connectors").at(1).at("power_type"), "DC");
  EXPECT_EQ(data.at("last_updated"), "2026-01-01T10:00:00Z");
  EXPECT_FALSE(data.contains("x_vendor_extension"));  // stored as received, but not ours to answer

  const test::JsonSchema schema = test::JsonSchema::Load(kSchemas + "ocpi.2_2_1.location.response.json").value();
  const http::HttpResponse response = Send("GET", "LOC1");
  const json::value envelope = ParseJson(response.body).value();
  EXPECT_TRUE(schema.Validate(envelope).empty()) << ::testing::PrintToString(schema.Validate(envelope));

  // Ids are CiStrings: any case finds the location.
  EXPECT_EQ(Data("loc1").at("id"), "LOC1");
  EXPECT_EQ(Data("LOC1/e1").at("uid"), "E1");
  EXPECT_EQ(Data("LOC1/E1/2").at("max_voltage"), 400);
  EXPECT_TRUE(test::JsonSchema::Load(kSchemas + "ocpi.2_2_1.evse.json").value().Validate(Data("LOC1/E1")).empty());
  EXPECT_TRUE(
      test::JsonSchema::Load(kSchemas + "ocpi.2_2_1.connector.json").value().Validate(Data("LOC1/E1/1")).empty());
}

TEST_F(LocationsModuleTest, GetOfWhatIsNotStoredIs404) {
  EXPECT_EQ(Status(Send("GET", "LOC1"), 404), 2000);
  ASSERT_EQ(Status(Send("PUT", "LOC1", Location())), 1000);
  const http::HttpResponse evse = Send("GET", "LOC1/E9");
  EXPECT_EQ(Status(evse, 404), 2000);
  EXPECT_EQ(Message(evse), "evse_uid: no such EVSE at this location");
  EXPECT_EQ(Message(Send("GET", "LOC1/E1/9")), "connector_id: no such connector at this EVSE");
}

TEST_F(LocationsModuleTest, AnOlderPutIsAnsweredButNotApplied) {
  ASSERT_EQ(Status(Send("PUT", "LOC1", Location("2026-01-02T10:00:00Z"))), 1000);
  json::object older = Location("2026-01-01T12:00:00Z");
  older["name"] = "Older";
  EXPECT_EQ(Status(Send("PUT", "LOC1", older)), 1000);
  EXPECT_EQ(Stored().location.name, "Dam");
  json::object newer = Location("2026-01-03T10:00:00Z");
  newer["name"] = "Newer";
  EXPECT_EQ(Status(Send("PUT", "LOC1", newer)), 1000);
  EXPECT_EQ(Stored().location.name, "Newer");
}

TEST_F(LocationsModuleTest, PutOfAnEvseAddsItAndRaisesTheLocationsLastUpdated) {
  ASSERT_EQ(Status(Send("PUT", "LOC1", Location())), 1000);
  EXPECT_EQ(Status(Send("PUT", "LOC1/E2", Evse("E2", "2026-01-05T08:00:00Z"))), 1000);
  const domain::StoredLocation stored = Stored();
  ASSERT_EQ(stored.location.evses.size(), 2u);
  EXPECT_EQ(stored.location.evses[1].uid, "E2");
  EXPECT_EQ(stored.location.last_updated, At("2026-01-05T08:00:00Z"));
  EXPECT_EQ(Data("LOC1").at("last_updated"), "2026-01-05T08:00:00Z");
  EXPECT_EQ(Data("LOC1").at("evses").as_array().size(), 2u);

  // An EVSE of a location we do not have.
  const http::HttpResponse orphan = Send("PUT", "LOC2/E2", Evse("E2", "2026-01-05T08:00:00Z"));
  EXPECT_EQ(Status(orphan, 404), 2000);
  EXPECT_EQ(Message(orphan), "location_id: no such location");
}

TEST_F(LocationsModuleTest, PutOfAConnectorRaisesTheEvsesAndTheLocationsLastUpdated) {
  ASSERT_EQ(Status(Send("PUT", "LOC1", Location())), 1000);
  EXPECT_EQ(Status(Send("PUT", "LOC1/E1/3", Connector("3", "2026-01-06T09:30:00Z"))), 1000);
  const domain::StoredLocation stored = Stored();
  ASSERT_EQ(stored.location.evses[0].connectors.size(), 3u);
  EXPECT_EQ(stored.location.evses[0].connectors[2].power_type, domain::PowerType::kAc1Phase);
  EXPECT_EQ(stored.location.evses[0].last_updated, At("2026-01-06T09:30:00Z"));
  EXPECT_EQ(stored.location.last_updated, At("2026-01-06T09:30:00Z"));
  EXPECT_EQ(Data("LOC1/E1").at("last_updated"), "2026-01-06T09:30:00Z");
  EXPECT_EQ(Status(Send("PUT", "LOC1/E9/3", Connector("3", "2026-01-06T09:30:00Z")), 404), 2000);
}

TEST_F(LocationsModuleTest, PatchOfALocationReplacesTheNamedMembersOnly) {
  ASSERT_EQ(Status(Send("PUT", "LOC1", Location())), 1000);
  EXPECT_EQ(Status(Send("PATCH", "LOC1", Parse(R"({"name": "Dam Square", "last_updated": "2026-01-04T00:00:00Z"})"))),
            1000);
  const json::object data = Data("LOC1");
  EXPECT_EQ(data.at("name"), "Dam Square");
  EXPECT_EQ(data.at("address"), "Dam 1");
  EXPECT_EQ(data.at("evses").at(0).at("connectors").as_array().size(), 2u);
  EXPECT_EQ(data.at("last_updated"), "2026-01-04T00:00:00Z");
  // The unknown member survives the merge in what is stored.
  EXPECT_NE(Stored().location.raw_json.find("x_vendor_extension"), std::string::npos);

  // Without last_updated: refused (§2.6).
  const http::HttpResponse bare = Send("PATCH", "LOC1", Parse(R"({"name": "X"})"));
  EXPECT_EQ(Status(bare, 400), 2001);
  EXPECT_EQ(Message(bare), "last_updated: is required in a PATCH (§2.6)");
  // Older than the stored location: answered, not applied.
  EXPECT_EQ(Status(Send("PATCH", "LOC1", Parse(R"({"name": "Old", "last_updated": "2026-01-03T00:00:00Z"})"))),
            1000);
  EXPECT_EQ(Stored().location.name, "Dam Square");
  // A patch that breaks the object is refused naming the member; nothing changes.
  const http::HttpResponse broken =
      Send("PATCH", "LOC1", Parse(R"({"city": 7, "last_updated": "2026-01-05T00:00:00Z"})"));
  EXPECT_EQ(Status(broken, 400), 2001);
  EXPECT_EQ(Message(broken), "city: must be a string");
  EXPECT_EQ(Stored().location.city, "Amsterdam");
  // A patch may not move the location to another id.
  const http::HttpResponse moved =
      Send("PATCH", "LOC1", Parse(R"({"id": "LOC2", "last_updated": "2026-01-05T00:00:00Z"})"));
  EXPECT_EQ(Status(moved, 400), 2001);
  EXPECT_EQ(Message(moved), "id: 'LOC2' is not the location_id 'LOC1' of the URL");
  // Of a location we do not have: 404, so that the CPO PUTs it.
  EXPECT_EQ(Status(Send("PATCH", "LOC9", Parse(R"({"last_updated": "2026-01-05T00:00:00Z"})")), 404), 2000);
}

TEST_F(LocationsModuleTest, PatchOfAnEvseRemovesItAndRaisesTheLocation) {
  ASSERT_EQ(Status(Send("PUT", "LOC1", Location())), 1000);
  EXPECT_EQ(Status(Send("PATCH", "LOC1/E1", Parse(R"({"status": "REMOVED", "last_updated": "2026-01-07T00:00:00Z"})"))),
            1000);
  const domain::StoredLocation stored = Stored();
  EXPECT_EQ(stored.location.evses[0].status, domain::EvseStatus::kRemoved);
  EXPECT_EQ(stored.location.evses[0].connectors.size(), 2u);
  EXPECT_EQ(stored.location.last_updated, At("2026-01-07T00:00:00Z"));
  const json::object evse = Data("LOC1/E1");
  EXPECT_EQ(evse.at("status"), "REMOVED");
  EXPECT_EQ(evse.at("capabilities").at(0), "RFID_READER");
  EXPECT_EQ(Status(Send("PATCH", "LOC1/E9", Parse(R"({"status": "REMOVED", "last_updated": "2026-01-07T00:00:00Z"})")),
                   404),
            2000);
}

TEST_F(LocationsModuleTest, PatchOfAConnectorRaisesTheEvseAndTheLocation) {
  ASSERT_EQ(Status(Send("PUT", "LOC1", Location())), 1000);
  EXPECT_EQ(Status(Send("PATCH", "LOC1/E1/1", Parse(R"({"tariff_ids": ["AC-2"], "last_updated": "2026-01-08T00:00:00Z"})"))),
            1000);
  const domain::StoredLocation stored = Stored();
  EXPECT_EQ(stored.location.evses[0].connectors[0].tariff_ids, std::vector<std::string>{"AC-2"});
  EXPECT_EQ(stored.location.evses[0].connectors[0].max_amperage, 16);
  EXPECT_EQ(stored.location.evses[0].last_updated, At("2026-01-08T00:00:00Z"));
  EXPECT_EQ(stored.location.last_updated, At("2026-01-08T00:00:00Z"));
  // Older than the connector: not applied.
  EXPECT_EQ(Status(Send("PATCH", "LOC1/E1/1", Parse(R"({"tariff_ids": ["OLD"], "last_updated": "2026-01-07T00:00:00Z"})"))),
            1000);
  EXPECT_EQ(Stored().location.evses[0].connectors[0].tariff_ids, std::vector<std::string>{"AC-2"});
}

TEST_F(LocationsModuleTest, UrlIdsMustBeTheBodys) {
  json::object location = Location();
  http::HttpResponse response = Send("PUT", "LOC2", location);
  EXPECT_EQ(Status(response, 400), 2001);
  EXPECT_EQ(Message(response), "id: 'LOC1' is not the location_id 'LOC2' of the URL");

  location["party_id"] = "XYZ";
  response = Send("PUT", "LOC1", location);
  EXPECT_EQ(Status(response, 400), 2001);
  EXPECT_EQ(Message(response), "party_id: 'XYZ' is not the party_id of the URL");

  ASSERT_EQ(Status(Send("PUT", "LOC1", Location())), 1000);
  response = Send("PUT", "LOC1/E3", Evse("E2", "2026-01-05T08:00:00Z"));
  EXPECT_EQ(Status(response, 400), 2001);
  EXPECT_EQ(Message(response), "uid: 'E2' is not the evse_uid 'E3' of the URL");
  response = Send("PUT", "LOC1/E1/4", Connector("3", "2026-01-05T08:00:00Z"));
  EXPECT_EQ(Status(response, 400), 2001);
  EXPECT_EQ(Message(response), "id: '3' is not the connector_id '4' of the URL");
  EXPECT_EQ(Stored().location.evses.size(), 1u);
}

TEST_F(LocationsModuleTest, TheUrlsPartyMustBeTheCallers) {
  json::object location = Location();
  location["country_code"] = "BE";
  location["party_id"] = "BEC";
  const http::HttpResponse response = world_.Send("PUT", "/ocpi/2.2.1/locations/BE/BEC/LOC1", SerializeJson(location));
  EXPECT_EQ(Status(response, 404), 2000);
  EXPECT_EQ(Message(response), "party_id: BE-BEC is not a party of the caller's credentials");
  EXPECT_EQ(Status(world_.Send("GET", "/ocpi/2.2.1/locations/BE/BEC/LOC1"), 404), 2000);
  EXPECT_EQ(Status(world_.Send("GET", "/ocpi/2.2.1/locations/NLD/CPO/LOC1"), 400), 2001);
  EXPECT_FALSE(world_.pool().Borrow().value()->locations().Find(
      world_.tenant(), domain::LocationKey{.party = PartyId::Parse("BE-BEC").value(), .location_id = "LOC1"}));
}

TEST_F(LocationsModuleTest, InvalidBodiesAre2001NamingTheField) {
  json::object location = Location();
  location["evses"].as_array()[0].as_object()["connectors"].as_array()[1].as_object()["max_voltage"] = "400";
  http::HttpResponse response = Send("PUT", "LOC1", location);
  EXPECT_EQ(Status(response, 400), 2001);
  EXPECT_EQ(Message(response), "evses[0].connectors[1].max_voltage: must be an integer");

  response = world_.Send("PUT", kUrl + "LOC1", "{\"id\": ");
  EXPECT_EQ(Status(response, 400), 2001);
  EXPECT_TRUE(Message(response).starts_with("body: ")) << Message(response);
  EXPECT_EQ(Status(Send("GET", "LOC1"), 404), 2000);

  // Token A, or no token, never reaches the module (§18.1).
  EXPECT_EQ(world_.Send("GET", kUrl + "LOC1", "", world_.token_a()).status, 401);
}

TEST_F(LocationsModuleTest, ConnectorsLandInTheirLocationGroup) {
  domain::LocationGroupCriteria only_dc;
  only_dc.power_types = {domain::PowerType::kDc};
  const domain::LocationGroupId dc_group =
      world_.pool()
          .Borrow()
          .value()
          ->location_groups()
          .Create(world_.tenant(), domain::NewLocationGroup{.name = "Fast", .priority = 1, .criteria = only_dc})
          .value()
          .id;
  auto group_of = [&](const char* evse, const char* connector) {
    return world_.pool().Borrow().value()->location_groups().GroupOfConnector(world_.tenant(), Key(), evse,
                                                                               connector);
  };
  ASSERT_EQ(Status(Send("PUT", "LOC1", Location())), 1000);
  EXPECT_EQ(group_of("E1", "2").value(), dc_group);
  const domain::LocationGroupId default_group = group_of("E1", "1").value();
  EXPECT_NE(default_group, dc_group);

  // A DC EVSE put on its own, a DC connector turned AC by a PATCH, an AC connector put on its own.
  ASSERT_EQ(Status(Send("PUT", "LOC1/E2", Evse("E2", "2026-01-05T08:00:00Z"))), 1000);
  EXPECT_EQ(group_of("E2", "1").value(), dc_group);
  ASSERT_EQ(Status(Send("PATCH", "LOC1/E1/2",
                        Parse(R"({"power_type": "AC_3_PHASE", "max_amperage": 32, "last_updated": "2026-01-06T00:00:00Z"})"))),
            1000);
  EXPECT_EQ(group_of("E1", "2").value(), default_group);
  ASSERT_EQ(Status(Send("PUT", "LOC1/E2/2", Connector("2", "2026-01-06T00:00:00Z"))), 1000);
  EXPECT_EQ(group_of("E2", "2").value(), default_group);
}

}  // namespace
}  // namespace openmsp::emsp
