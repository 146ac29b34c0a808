// The sessions module through the endpoint frame on a real SQLite database: PUT, PATCH (appending
// charging periods) and GET, the URL checks of §2.6, the party check and last_updated ordering, with the
// official examples.

#include "emsp/sessions_module.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "core/json.h"
#include "emsp/ocpi_test_world.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;
using testing::OcpiTestWorld;

Decimal Number(const json::value& value) { return DecimalFromJson(value).value(); }
Decimal Dec(std::string_view text) { return Decimal::Parse(text).value(); }

// `object` as it reads back from the text we send (numbers spelled as SerializeJson spells them).
json::value AsSent(const json::object& object) { return json::parse(SerializeJson(object)); }

std::string Example(const std::string& name) {
  std::ifstream in(std::string(OPENMSP_SHARED_DIR) + "/ocpi/examples/sessions/" + name);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class SessionsModuleTest : public ::testing::Test {
 protected:
  void SetUp() override { RegisterSessionsModule(world_.endpoints()); }

  // The first official example as a session of the world's peer (NL-CPO) with id `id`, last updated at
  // `last_updated`, with one charging period of 1.5 kWh: what the PATCH examples then apply to.
  static json::object OurSession(const std::string& id = "S-1",
                                 const std::string& last_updated = "2019-06-23T08:00:00Z") {
    json::object session = ParseJson(Example("session_example_1_simple_start.json")).value().as_object();
    session["party_id"] = "CPO";
    session["id"] = id;
    session["start_date_time"] = "2019-06-23T08:00:00Z";
    session["status"] = "ACTIVE";
    session["last_updated"] = last_updated;
    session["charging_periods"] = ParseJson(
        R"([{"start_date_time": "2019-06-23T08:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 1.5}]}])")
                                      .value();
    return session;
  }

  http::HttpResponse Put(const std::string& path, const json::object& body,
                         std::optional<std::string> token = std::nullopt) {
    return world_.Send("PUT", "/ocpi/2.2.1/sessions/" + path, SerializeJson(body), std::move(token));
  }
  http::HttpResponse Patch(const std::string& path, const std::string& body) {
    return world_.Send("PATCH", "/ocpi/2.2.1/sessions/" + path, body);
  }
  // The stored session as GET answers it (null when the answer is not 200).
  json::value Get(const std::string& path, std::optional<std::string> token = std::nullopt) {
    const http::HttpResponse response = world_.Send("GET", "/ocpi/2.2.1/sessions/" + path, "", std::move(token));
    if (response.status != 200) return nullptr;
    return OcpiTestWorld::Envelope(response).at("data");
  }

  static std::string FaultOf(const http::HttpResponse& response) {
    const json::object envelope = OcpiTestWorld::Envelope(response);
    EXPECT_EQ(envelope.at("status_code").as_int64(), 2001) << response.body;
    const std::string message(envelope.at("status_message").as_string());
    return message.substr(0, message.find(':'));
  }

  OcpiTestWorld world_;
};

TEST_F(SessionsModuleTest, TheOfficialExamplesArePutAndServedFromTheirParties) {
  const std::string stk = world_.ConnectPeer("STK", {"NL-STK"});
  const std::string bec = world_.ConnectPeer("BEC", {"BE-BEC"});
  const json::object first = ParseJson(Example("session_example_1_simple_start.json")).value().as_object();
  const json::object second = ParseJson(Example("session_example_2_short_finished.json")).value().as_object();

  EXPECT_EQ(Put("NL/STK/101", first, stk).status, 201);
  EXPECT_EQ(Put("BE/BEC/101", second, bec).status, 201);
  EXPECT_EQ(Get("NL/STK/101", stk), AsSent(first));
  EXPECT_EQ(Get("BE/BEC/101", bec), AsSent(second));
  EXPECT_EQ(Get("nl/stk/101", stk), AsSent(first));  // CiStrings, in the URL too
  const test::JsonSchema schema = test::JsonSchema::Load(std::string(OPENMSP_SHARED_DIR) +
                                                         "/ocpi/schemas/2.2.1/ocpi.2_2_1.session.response.json")
                                      .value();
  EXPECT_EQ(schema.Validate(json::parse(world_.Send("GET", "/ocpi/2.2.1/sessions/BE/BEC/101", "", bec).body)),
            std::vector<std::string>());
  // The same session again replaces it: 200.
  const http::HttpResponse again = Put("NL/STK/101", first, stk);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(OcpiTestWorld::Envelope(again).at("status_code").as_int64(), 1000);
}

TEST_F(SessionsModuleTest, ThePatchExamplesReplaceMembersAndAppendChargingPeriods) {
  ASSERT_EQ(Put("NL/CPO/S-1", OurSession()).status, 201);

  const http::HttpResponse cost = Patch("NL/CPO/S-1", Example("session_patch_example_total_cost.json"));
  EXPECT_EQ(cost.status, 200) << cost.body;
  json::value stored = Get("NL/CPO/S-1");
  EXPECT_EQ(Number(stored.at("total_cost").at("excl_vat")), Dec("0.60"));
  EXPECT_EQ(Number(stored.at("total_cost").at("incl_vat")), Dec("0.66"));
  EXPECT_EQ(Number(stored.at("kwh")), Dec("0"));  // not in the patch: kept
  EXPECT_EQ(stored.at("charging_periods").as_array().size(), 1u);

  const http::HttpResponse period = Patch("NL/CPO/S-1", Example("session_patch_example_charging_period.json"));
  EXPECT_EQ(period.status, 200) << period.body;
  stored = Get("NL/CPO/S-1");
  EXPECT_EQ(Number(stored.at("kwh")), Dec("15"));
  EXPECT_EQ(Number(stored.at("total_cost").at("excl_vat")), Dec("0.80"));
  const json::array& periods = stored.at("charging_periods").as_array();
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[0].at("start_date_time"), "2019-06-23T08:00:00Z");  // the stored one first
  EXPECT_EQ(periods[1].at("start_date_time"), "2019-06-23T08:16:02Z");  // then the appended one
  EXPECT_EQ(stored.at("last_updated"), "2019-06-23T08:16:02Z");
  EXPECT_EQ(stored.at("status"), "ACTIVE");
}

TEST_F(SessionsModuleTest, APutReplacesTheChargingPeriods) {
  ASSERT_EQ(Put("NL/CPO/S-1", OurSession()).status, 201);
  json::object without = OurSession("S-1", "2019-06-23T09:00:00Z");
  without.erase("charging_periods");
  EXPECT_EQ(Put("NL/CPO/S-1", without).status, 200);
  EXPECT_FALSE(Get("NL/CPO/S-1").as_object().contains("charging_periods"));
}

TEST_F(SessionsModuleTest, APatchWithoutLastUpdatedIsRefusedNamingIt) {
  ASSERT_EQ(Put("NL/CPO/S-1", OurSession()).status, 201);
  const http::HttpResponse response = Patch("NL/CPO/S-1", R"({"kwh": 3.5})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(FaultOf(response), "last_updated");
  EXPECT_EQ(Number(Get("NL/CPO/S-1").at("kwh")), Dec("0"));
}

TEST_F(SessionsModuleTest, APatchOfAnUnknownSessionIsNotFound) {
  const http::HttpResponse response =
      Patch("NL/CPO/NOPE", R"({"kwh": 3.5, "last_updated": "2019-06-23T09:00:00Z"})");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(OcpiTestWorld::Envelope(response).at("status_code").as_int64(), 2000);
}

TEST_F(SessionsModuleTest, APatchCannotChangeTheId) {
  ASSERT_EQ(Put("NL/CPO/S-1", OurSession()).status, 201);
  const http::HttpResponse response =
      Patch("NL/CPO/S-1", R"({"id": "S-2", "kwh": 3.5, "last_updated": "2019-06-23T09:00:00Z"})");
  EXPECT_EQ(FaultOf(response), "id");
}

TEST_F(SessionsModuleTest, TheUrlMustNameTheBodysSession) {
  EXPECT_EQ(FaultOf(Put("NL/CPO/S-2", OurSession("S-1"))), "id");
  const std::string both = world_.ConnectPeer("Both", {"DE-CPO"});
  EXPECT_EQ(FaultOf(Put("DE/CPO/S-1", OurSession("S-1"), both)), "country_code");
  const std::string two = world_.ConnectPeer("Two", {"NL-ABC"});
  json::object other = OurSession("S-1");
  other["party_id"] = "CPO";
  EXPECT_EQ(FaultOf(Put("NL/ABC/S-1", other, two)), "party_id");
  EXPECT_EQ(Put("NL/CPO/s-1", OurSession("S-1")).status, 201);  // ids compare ignoring case
}

TEST_F(SessionsModuleTest, AnotherPartysSessionIsRefusedAndNotServed) {
  const std::string stk = world_.ConnectPeer("STK", {"NL-STK"});
  const json::object first = ParseJson(Example("session_example_1_simple_start.json")).value().as_object();
  const http::HttpResponse refused = Put("NL/STK/101", first);  // the world's peer is NL-CPO
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(FaultOf(refused), "party_id");
  ASSERT_EQ(Put("NL/STK/101", first, stk).status, 201);
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/sessions/NL/STK/101").status, 404);
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/sessions/NL/CPO/101").status, 404);
}

TEST_F(SessionsModuleTest, AnOlderVersionChangesNothing) {
  ASSERT_EQ(Put("NL/CPO/S-1", OurSession("S-1", "2019-06-23T09:00:00Z")).status, 201);
  json::object older = OurSession("S-1", "2019-06-23T08:30:00Z");
  older["kwh"] = 1;
  EXPECT_EQ(Put("NL/CPO/S-1", older).status, 200);
  EXPECT_EQ(Get("NL/CPO/S-1").at("last_updated"), "2019-06-23T09:00:00Z");
  EXPECT_EQ(Patch("NL/CPO/S-1", R"({"kwh": 2, "last_updated": "2019-06-23T08:45:00Z"})").status, 200);
  EXPECT_EQ(Number(Get("NL/CPO/S-1").at("kwh")), Dec("0"));
  EXPECT_EQ(Patch("NL/CPO/S-1", R"({"kwh": 3, "last_updated": "2019-06-23T09:10:00Z"})").status, 200);
  EXPECT_EQ(Number(Get("NL/CPO/S-1").at("kwh")), Dec("3"));
}

TEST_F(SessionsModuleTest, AFaultySessionIs2001NamingTheMember) {
  json::object session = OurSession();
  session["status"] = "RESERVED";  // the prose's spelling, not the enum's (ocpi/ocpi#533)
  EXPECT_EQ(FaultOf(Put("NL/CPO/S-1", session)), "status");
  session = OurSession();
  session["cdr_token"].as_object()["uid"] = std::string(37, 'A');
  EXPECT_EQ(FaultOf(Put("NL/CPO/S-1", session)), "cdr_token.uid");
  EXPECT_EQ(FaultOf(Put("NL/CPO/" + std::string(37, 'x'), OurSession())), "session_id");
}

}  // namespace
}  // namespace openmsp::emsp
