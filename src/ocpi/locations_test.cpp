#include "ocpi/locations.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/json.h"
#include "ocpi/ocpi_test_support.h"
#include "support/json_schema.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;
using test::ErrorOf;
using test::Json;

const std::string kExamples = std::string(OPENMSP_SHARED_DIR) + "/ocpi/examples/locations/";
const std::string kSchemas = std::string(OPENMSP_SHARED_DIR) + "/ocpi/schemas/2.2.1/";

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string Example(const std::string& name) {
  std::string text = ReadFile(kExamples + name);
  EXPECT_FALSE(text.empty()) << name;
  return text;
}

Result<domain::Location> ParseText(const std::string& text) { return ParseLocation(Json(text), text); }

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

// A small valid location to break one member of at a time.
json::object Minimal() {
  return Json(R"({"country_code": "NL", "party_id": "CPO", "id": "LOC1", "publish": true,
    "address": "Dam 1", "city": "Amsterdam", "country": "NLD",
    "coordinates": {"latitude": "52.373000", "longitude": "4.893000"},
    "time_zone": "Europe/Amsterdam", "last_updated": "2026-01-01T10:00:00Z",
    "evses": [{"uid": "E1", "evse_id": "NL*CPO*E1", "status": "AVAILABLE", "last_updated": "2026-01-01T10:00:00Z",
      "connectors": [
        {"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE",
         "max_voltage": 230, "max_amperage": 16, "last_updated": "2026-01-01T10:00:00Z"},
        {"id": "2", "standard": "IEC_62196_T2_COMBO", "format": "CABLE", "power_type": "DC",
         "max_voltage": 400, "max_amperage": 125, "last_updated": "2026-01-01T10:00:00Z"}]}]})")
      .as_object();
}

Error ErrorWith(const json::object& location) {
  return ErrorOf(ParseLocation(location, SerializeJson(location)));
}

json::object& FirstEvse(json::object& location) { return location["evses"].as_array()[0].as_object(); }
json::object& Connector(json::object& location, std::size_t i) {
  return FirstEvse(location)["connectors"].as_array()[i].as_object();
}

TEST(ParseLocationTest, ReadsTheOfficialExample) {
  const std::string text = Example("location_example.json");
  const domain::Location location = ParseText(text).value();
  EXPECT_EQ(location.key.party, PartyId::Parse("BE-BEC").value());
  EXPECT_EQ(location.key.location_id, "LOC1");
  EXPECT_TRUE(location.publish);
  EXPECT_EQ(location.name, "Gent Zuid");
  EXPECT_EQ(location.address, "F.Rooseveltlaan 3A");
  EXPECT_EQ(location.postal_code, "9000");
  EXPECT_EQ(location.country.alpha2, "BE");
  EXPECT_EQ(location.coordinates.latitude, "51.047599");
  EXPECT_EQ(location.time_zone, "Europe/Brussels");
  EXPECT_EQ(location.parking_type, domain::ParkingType::kOnStreet);
  EXPECT_EQ(location.last_updated, At("2015-06-29T20:39:09Z"));
  EXPECT_EQ(location.raw_json, text);
  ASSERT_EQ(location.evses.size(), 2u);
  const domain::Evse& first = location.evses[0];
  EXPECT_EQ(first.uid, "3256");
  EXPECT_EQ(first.evse_id, "BE*BEC*E041503001");
  EXPECT_EQ(first.status, domain::EvseStatus::kAvailable);
  EXPECT_EQ(first.last_updated, At("2015-06-28T08:12:01Z"));
  ASSERT_EQ(first.connectors.size(), 2u);
  EXPECT_EQ(first.connectors[0].format, domain::ConnectorFormat::kCable);
  EXPECT_EQ(first.connectors[1].format, domain::ConnectorFormat::kSocket);
  EXPECT_EQ(first.connectors[1].power_type, domain::PowerType::kAc3Phase);
  EXPECT_EQ(first.connectors[1].max_voltage, 220);
  EXPECT_EQ(first.connectors[1].max_amperage, 16);
  EXPECT_EQ(first.connectors[1].tariff_ids, std::vector<std::string>{"13"});
  EXPECT_EQ(first.connectors[1].last_updated, At("2015-03-18T08:12:01Z"));
  EXPECT_EQ(location.evses[1].status, domain::EvseStatus::kReserved);
  // A nested object's raw JSON is its part of the body, written compactly.
  EXPECT_EQ(Json(first.connectors[0].raw_json), Json(text).at("evses").at(0).at("connectors").at(0));
  EXPECT_EQ(first.connectors[0].raw_json.find(' '), std::string::npos);
  EXPECT_EQ(Json(location.evses[1].raw_json), Json(text).at("evses").at(1));
}

class OfficialLocationTest : public ::testing::TestWithParam<std::string> {};

TEST_P(OfficialLocationTest, IsAcceptedAndAnsweredAsTheSchemaWants) {
  const domain::Location location = ParseText(Example(GetParam())).value();
  const openmsp::test::JsonSchema schema =
      openmsp::test::JsonSchema::Load(kSchemas + "ocpi.2_2_1.location.json").value();
  const json::value written = ParseJson(SerializeJson(LocationJson(location).value())).value();
  EXPECT_TRUE(schema.Validate(written).empty()) << ::testing::PrintToString(schema.Validate(written));
  // What is written reads back as the same location.
  const domain::Location again = ParseLocation(written, SerializeJson(written)).value();
  EXPECT_EQ(again.key, location.key);
  EXPECT_EQ(again.evses.size(), location.evses.size());
  EXPECT_EQ(again.facilities, location.facilities);
}

INSTANTIATE_TEST_SUITE_P(Examples, OfficialLocationTest,
                         ::testing::Values("location_example.json",
                                           "location_example_parking_garage_opening_hours.json",
                                           "location_example_uc2_destination_charger.json",
                                           "location_example_uc3_destination_charger_not_published.json",
                                           "location_example_uc4_limited_visibility.json",
                                           "location_example_uc5_home_charge_point.json"),
                         [](const auto& param_info) {
                           std::string name = param_info.param.substr(0, param_info.param.size() - 5);
                           for (char& c : name) c = c == '.' ? '_' : c;
                           return name;
                         });

TEST(ParseLocationTest, TheFragmentExamplesFitIntoALocation) {
  // The hours and energy mix examples are members of a Location: merged into one, they are accepted.
  for (const char* name :
       {"location_energymix_example_complete.json", "location_energymix_example_energy_provider.json",
        "location_energymix_example_simple.json", "location_regularhours_example.json"}) {
    const json::object merged = ApplyPatch(Minimal(), Json(Example(name)).as_object());
    EXPECT_TRUE(ParseLocation(merged, SerializeJson(merged)).ok()) << name;
  }
  for (const char* name : {"location_hours_247_open_exception_closing.json",
                           "location_hours_opening_hours_with_exceptional_closing.json",
                           "location_hours_opening_hours_with_exceptional_opening.json"}) {
    json::object location = Minimal();
    location["opening_times"] = Json(Example(name));
    EXPECT_TRUE(ParseLocation(location, SerializeJson(location)).ok()) << name;
  }
}

TEST(ParseEvseTest, TheDefectiveAddEvseExampleIsRefusedNamingTheFirstMissingMember) {
  // §15: its connector lacks power_type, max_voltage, max_amperage and last_updated.
  const std::string text = Example("location_put_example_add_evse.json");
  const Error error = ErrorOf(ParseEvse(Json(text), text));
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.field, "connectors[0].power_type");
  EXPECT_EQ(error.message, "is required (also missing: max_voltage max_amperage last_updated)");

  // Completed, it still has a numeric physical_reference; `floor` is not an OCPI member and is ignored.
  json::object evse = Json(text).as_object();
  json::object& connector = evse["connectors"].as_array()[0].as_object();
  connector["power_type"] = "AC_3_PHASE";
  connector["max_voltage"] = 230;
  connector["max_amperage"] = 32;
  connector["last_updated"] = "2019-06-24T12:39:09Z";
  EXPECT_EQ(ErrorOf(ParseEvse(evse, SerializeJson(evse))).field, "physical_reference");
  evse["physical_reference"] = "3";
  const domain::Evse parsed = ParseEvse(evse, SerializeJson(evse)).value();
  EXPECT_EQ(parsed.uid, "3256");
  EXPECT_EQ(parsed.evse_id, "BE*BEC*E041503003");
  EXPECT_EQ(parsed.connectors[0].tariff_ids, std::vector<std::string>{"14"});
  EXPECT_FALSE(EvseJson(parsed).value().contains("floor"));
}

TEST(ParseLocationTest, NamesTheFieldOfEachError) {
  json::object location = Minimal();
  ASSERT_TRUE(ParseLocation(location, SerializeJson(location)).ok());

  location = Minimal();
  Connector(location, 1)["max_voltage"] = 400.5;
  Error error = ErrorWith(location);
  EXPECT_EQ(error.field, "evses[0].connectors[1].max_voltage");
  EXPECT_EQ(error.message, "must be an integer");

  location = Minimal();
  Connector(location, 1)["max_voltage"] = "400";
  EXPECT_EQ(ErrorWith(location).field, "evses[0].connectors[1].max_voltage");

  location = Minimal();
  Connector(location, 0)["max_amperage"] = -16;
  EXPECT_EQ(ErrorWith(location).field, "evses[0].connectors[0].max_amperage");

  location = Minimal();
  location["last_updated"] = "2026-01-01T10:00:00+00:00";
  EXPECT_EQ(ErrorWith(location).field, "last_updated");

  location = Minimal();
  Connector(location, 0)["last_updated"] = "2026-01-01 10:00:00Z";
  EXPECT_EQ(ErrorWith(location).field, "evses[0].connectors[0].last_updated");

  location = Minimal();
  FirstEvse(location)["status"] = "available";
  error = ErrorWith(location);
  EXPECT_EQ(error.field, "evses[0].status");
  EXPECT_EQ(error.message, "'available' must be written in upper case: 'AVAILABLE'");

  location = Minimal();
  Connector(location, 1)["standard"] = "IEC_62196_T2_combo";
  EXPECT_EQ(ErrorWith(location).field, "evses[0].connectors[1].standard");

  location = Minimal();
  location["city"] = std::string(46, 'a');
  EXPECT_EQ(ErrorWith(location).field, "city");
  location["city"] = std::string(45, 'a');
  EXPECT_TRUE(ParseLocation(location, SerializeJson(location)).ok());

  location = Minimal();
  location["id"] = std::string(37, 'L');
  EXPECT_EQ(ErrorWith(location).field, "id");
  location["id"] = "";
  EXPECT_EQ(ErrorWith(location).field, "id");

  location = Minimal();
  location["country"] = "NL";
  EXPECT_EQ(ErrorWith(location).field, "country");
  location["country"] = "XXX";
  EXPECT_EQ(ErrorWith(location).field, "country");

  location = Minimal();
  location["country_code"] = "NLD";
  EXPECT_EQ(ErrorWith(location).field, "country_code");

  // `+` (a list of at least one) is required: an EVSE without connectors once crashed the reading of the
  // checked EVSE (found by the router fuzzer).
  location = Minimal();
  FirstEvse(location).erase("connectors");
  EXPECT_EQ(ErrorWith(location).field, "evses[0].connectors");
  FirstEvse(location)["connectors"] = nullptr;
  EXPECT_EQ(ErrorWith(location).field, "evses[0].connectors");

  location = Minimal();
  location["coordinates"].as_object()["latitude"] = 52.373;
  EXPECT_EQ(ErrorWith(location).field, "coordinates.latitude");
  location["coordinates"].as_object()["latitude"] = "91.00000";
  EXPECT_EQ(ErrorWith(location).field, "coordinates.latitude");

  location = Minimal();
  location["time_zone"] = "Europe/Atlantis";
  EXPECT_EQ(ErrorWith(location).field, "time_zone");

  location = Minimal();
  location.erase("address");
  location.erase("time_zone");
  error = ErrorWith(location);
  EXPECT_EQ(error.field, "address");
  EXPECT_EQ(error.message, "is required (also missing: time_zone)");

  location = Minimal();
  FirstEvse(location)["connectors"] = json::array();
  EXPECT_EQ(ErrorWith(location).field, "evses[0].connectors");

  location = Minimal();
  FirstEvse(location)["evse_id"] = "not an evse id";
  EXPECT_TRUE(ErrorWith(location).field.starts_with("evses[0].evse_id")) << ErrorWith(location).field;

  location = Minimal();
  Connector(location, 0)["tariff_ids"] = json::array{"T1", ""};
  EXPECT_EQ(ErrorWith(location).field, "evses[0].connectors[0].tariff_ids[1]");

  location = Minimal();
  location["facilities"] = json::array{"HOTEL", "SAUNA"};
  EXPECT_EQ(ErrorWith(location).field, "facilities[1]");

  location = Minimal();
  location["opening_times"] = Json(R"({"twentyfourseven": false,
      "regular_hours": [{"weekday": 1, "period_begin": "08:00", "period_end": "24:00"}]})");
  EXPECT_EQ(ErrorWith(location).field, "opening_times.regular_hours[0].period_end");
  location["opening_times"] = Json(R"({"twentyfourseven": false,
      "regular_hours": [{"weekday": 8, "period_begin": "08:00", "period_end": "18:00"}]})");
  EXPECT_EQ(ErrorWith(location).field, "opening_times.regular_hours[0].weekday");

  location = Minimal();
  location["publish_allowed_to"] = Json(R"([{"visual_number": "12345-67", "issuer": "X"}, {"uid": "0455"}])");
  EXPECT_EQ(ErrorWith(location).field, "publish_allowed_to[1].type");

  location = Minimal();
  location["operator"] = Json(R"({"name": "Op", "logo": {"url": "ftp://x/logo.png", "category": "OPERATOR",
      "type": "png"}})");
  EXPECT_EQ(ErrorWith(location).field, "operator.logo.url");

  location = Minimal();
  location["energy_mix"] = Json(R"({"is_green_energy": true, "energy_sources": [{"source": "SOLAR",
      "percentage": 100.5}]})");
  EXPECT_EQ(ErrorWith(location).field, "energy_mix.energy_sources[0].percentage");

  location = Minimal();
  FirstEvse(location)["status_schedule"] =
      Json(R"([{"period_begin": "2026-01-01T10:00:00.5", "status": "BLOCKED"}])");
  ASSERT_TRUE(ParseLocation(location, SerializeJson(location)).ok());
  FirstEvse(location)["status_schedule"] = Json(R"([{"period_begin": "tomorrow", "status": "BLOCKED"}])");
  EXPECT_EQ(ErrorWith(location).field, "evses[0].status_schedule[0].period_begin");

  EXPECT_EQ(ErrorOf(ParseLocation(Json("[]"), "[]")).message, "must be an object");
}

// OCPI's pattern lets a CPO write "05.373000" (found by the router fuzzer, which this once crashed).
TEST(ParseLocationTest, TakesCoordinatesWithLeadingZerosAndStoresThemWithout) {
  json::object location = Minimal();
  location["coordinates"].as_object()["latitude"] = "05.373000";
  location["coordinates"].as_object()["longitude"] = "-004.893000";
  const domain::Location parsed = ParseLocation(location, SerializeJson(location)).value();
  EXPECT_EQ(parsed.coordinates.latitude, "5.373000");
  EXPECT_EQ(parsed.coordinates.longitude, "-4.893000");
}

TEST(ParseLocationTest, IgnoresUnknownMembersAndNullsAndLeavesThemOutOfWhatItWrites) {
  json::object location = Minimal();
  location["x_vendor"] = json::object{{"anything", 1}};
  location["name"] = nullptr;
  FirstEvse(location)["floor"] = -1;
  const domain::Location parsed = ParseLocation(location, SerializeJson(location)).value();
  EXPECT_EQ(parsed.name, "");
  EXPECT_NE(parsed.raw_json.find("x_vendor"), std::string::npos);  // kept as received
  const json::object written = LocationJson(parsed).value();
  EXPECT_FALSE(written.contains("x_vendor"));
  EXPECT_FALSE(written.contains("name"));
  EXPECT_FALSE(written.at("evses").at(0).as_object().contains("floor"));
}

TEST(LocationJsonTest, WritesTheStoredLastUpdatedAndChildren) {
  domain::Location location = ParseLocation(Minimal(), SerializeJson(Minimal())).value();
  location.last_updated = At("2026-02-01T00:00:00.5");
  location.evses[0].connectors.pop_back();
  const json::object written = LocationJson(location).value();
  EXPECT_EQ(written.at("last_updated"), "2026-02-01T00:00:00.500Z");
  EXPECT_EQ(written.at("evses").at(0).at("connectors").as_array().size(), 1u);
  EXPECT_EQ(ConnectorJson(location.evses[0].connectors[0]).value().at("max_voltage"), 230);

  location.raw_json = "{not json";
  EXPECT_EQ(ErrorOf(LocationJson(location)).code, ErrorCode::kInternal);
}

TEST(ApplyPatchTest, ReplacesTheNamedMembersAndKeepsTheOthers) {
  const domain::Location stored = ParseText(Example("location_example.json")).value();
  const json::object patch = Json(Example("location_patch_example_location.json")).as_object();
  const json::object merged = ApplyPatch(LocationDocument(stored).value(), patch);
  const domain::Location patched = ParseLocation(merged, SerializeJson(merged)).value();
  EXPECT_EQ(patched.name, "Interparking Gent Zuid");
  EXPECT_EQ(patched.last_updated, At("2019-06-24T12:39:09Z"));
  EXPECT_EQ(patched.address, stored.address);
  EXPECT_EQ(patched.evses.size(), 2u);

  const json::object status = Json(Example("location_patch_example_status.json")).as_object();
  const json::object evse = ApplyPatch(EvseDocument(stored.evses[1]).value(), status);
  EXPECT_EQ(ParseEvse(evse, SerializeJson(evse)).value().status, domain::EvseStatus::kCharging);

  const json::object tariff = Json(Example("location_patch_example_tariff.json")).as_object();
  const json::object connector = ApplyPatch(ConnectorDocument(stored.evses[0].connectors[0]).value(), tariff);
  EXPECT_EQ(ParseConnector(connector, SerializeJson(connector)).value().tariff_ids,
            std::vector<std::string>{"15"});

  // null changes nothing: a PATCH cannot delete.
  const json::object nulled =
      ApplyPatch(LocationDocument(stored).value(), Json(R"({"name": null})").as_object());
  EXPECT_EQ(nulled.at("name"), "Gent Zuid");
}

}  // namespace
}  // namespace openmsp::ocpi
