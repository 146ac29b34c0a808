#include "emsp/tariffs_module.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/json.h"
#include "emsp/ocpi_test_world.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

const std::string kUrl = "/ocpi/2.2.1/tariffs/NL/CPO/";
const std::string kShared = OPENMSP_SHARED_DIR;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// An official example (all of party DE-ALL) moved to the peer's party NL-CPO.
json::object Example(const std::string& name) {
  json::object tariff = ParseJson(ReadFile(kShared + "/ocpi/examples/tariffs/" + name)).value().as_object();
  tariff["country_code"] = "NL";
  tariff["party_id"] = "CPO";
  return tariff;
}

class TariffsModuleTest : public ::testing::Test {
 protected:
  TariffsModuleTest() { RegisterTariffsModule(world_.endpoints()); }

  http::HttpResponse Send(const std::string& method, const std::string& path, const std::string& body = "") {
    return world_.Send(method, kUrl + path, body);
  }

  std::int64_t Status(const http::HttpResponse& response, int http_status = 200) {
    EXPECT_EQ(response.status, http_status) << response.body;
    return testing::OcpiTestWorld::Envelope(response).at("status_code").as_int64();
  }

  std::string Message(const http::HttpResponse& response) {
    return std::string(testing::OcpiTestWorld::Envelope(response).at("status_message").as_string());
  }

  domain::CpoTariffKey Key(const char* id) {
    return domain::CpoTariffKey{.party = PartyId::Parse("NL-CPO").value(), .tariff_id = id};
  }

  Result<domain::CpoTariff> Stored(const char* id) {
    return world_.pool().Borrow().value()->cpo_tariffs().Find(world_.tenant(), Key(id));
  }

  testing::OcpiTestWorld world_;
};

class OfficialTariffTest : public TariffsModuleTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(OfficialTariffTest, IsStoredAsReceivedAndAnsweredAsTheSchemaWants) {
  const json::object tariff = Example(GetParam());
  const std::string id(tariff.at("id").as_string());
  const std::string body = SerializeJson(tariff);
  ASSERT_EQ(Status(Send("PUT", id, body)), 1000);
  EXPECT_EQ(Stored(id.c_str())->raw_json, body);

  const http::HttpResponse response = Send("GET", id);
  ASSERT_EQ(Status(response), 1000);
  const json::value envelope = ParseJson(response.body).value();
  const test::JsonSchema schema =
      test::JsonSchema::Load(kShared + "/ocpi/schemas/2.2.1/ocpi.2_2_1.tariff.response.json").value();
  EXPECT_TRUE(schema.Validate(envelope).empty()) << ::testing::PrintToString(schema.Validate(envelope));
  // The same numbers (compared as text, after the trip through text the body made).
  EXPECT_EQ(SerializeJson(envelope.at("data").at("elements")),
            SerializeJson(ParseJson(SerializeJson(tariff.at("elements"))).value()));
  EXPECT_EQ(envelope.at("data").at("last_updated"), tariff.at("last_updated"));
}

INSTANTIATE_TEST_SUITE_P(
    Examples, OfficialTariffTest,
    ::testing::Values("tariff_1_simple_2hour.json", "tariff_2_alt_text.json", "tariff_3_alt_url.json",
                      "tariff_4_complex.json", "tariff_5_free_of_charge.json",
                      "tariff_6_025kwh_start_max_price.json", "tariff_8_simple_025kwh.json",
                      "tariff_9_025kwh_start.json", "tariff_10_025kwh_parking_start.json",
                      "tariff_11_not_possible_alt_text.json", "tariff_12_025kwh_min_price.json",
                      "tariff_13_simple_3hour_5parking.json", "tariff_14_step_size.json",
                      "tariff_15_reservation_5_euro_per_hour.json",
                      "tariff_16_reservation_2_euro_fee_5_euro_per_hour.json",
                      "tariff_17_reservation_with_expire_fee.json", "tariff_18_reservation_with_expire_time.json"),
    [](const auto& param_info) { return param_info.param.substr(7, param_info.param.size() - 12); });

TEST_F(TariffsModuleTest, ThePutExampleWithoutLastUpdatedIsRefused) {
  // §15: tariff_put_example.json has no last_updated, which OCPI requires.
  const http::HttpResponse response = Send("PUT", "12", SerializeJson(Example("tariff_put_example.json")));
  EXPECT_EQ(Status(response, 400), 2001);
  EXPECT_EQ(Message(response), "last_updated: is required");
  EXPECT_FALSE(Stored("12"));
  // As it is, of party DE-ALL, it is not even the caller's.
  const std::string as_published = ReadFile(kShared + "/ocpi/examples/tariffs/tariff_put_example.json");
  EXPECT_EQ(Status(world_.Send("PUT", "/ocpi/2.2.1/tariffs/DE/ALL/12", as_published), 404), 2000);
}

TEST_F(TariffsModuleTest, InvalidTariffsAre2001NamingTheField) {
  json::object tariff = Example("tariff_1_simple_2hour.json");
  tariff["elements"].as_array()[0].as_object()["price_components"].as_array()[0].as_object()["step_size"] = -300;
  http::HttpResponse response = Send("PUT", "12", SerializeJson(tariff));
  EXPECT_EQ(Status(response, 400), 2001);
  EXPECT_TRUE(Message(response).starts_with("elements[0].price_components[0].step_size: ")) << Message(response);

  tariff = Example("tariff_1_simple_2hour.json");
  tariff["last_updated"] = "2015-06-29T20:39:09+00:00";
  EXPECT_TRUE(Message(Send("PUT", "12", SerializeJson(tariff))).starts_with("last_updated: "));

  tariff = Example("tariff_1_simple_2hour.json");
  tariff.erase("party_id");
  EXPECT_EQ(Message(Send("PUT", "12", SerializeJson(tariff))), "party_id: is required");

  tariff = Example("tariff_1_simple_2hour.json");
  response = Send("PUT", "13", SerializeJson(tariff));
  EXPECT_EQ(Status(response, 400), 2001);
  EXPECT_EQ(Message(response), "id: '12' is not the tariff_id '13' of the URL");

  tariff["country_code"] = "BE";
  EXPECT_EQ(Message(Send("PUT", "12", SerializeJson(tariff))), "country_code: 'BE' is not the country_code of the URL");
  EXPECT_FALSE(Stored("12"));
  EXPECT_FALSE(Stored("13"));
}

TEST_F(TariffsModuleTest, AnOlderPutIsAnsweredButNotApplied) {
  json::object tariff = Example("tariff_1_simple_2hour.json");
  ASSERT_EQ(Status(Send("PUT", "12", SerializeJson(tariff))), 1000);
  json::object older = tariff;
  older["currency"] = "SEK";
  older["last_updated"] = "2015-06-29T20:39:08Z";
  EXPECT_EQ(Status(Send("PUT", "12", SerializeJson(older))), 1000);
  EXPECT_EQ(Stored("12")->raw_json, SerializeJson(tariff));
  json::object newer = tariff;
  newer["currency"] = "SEK";
  newer["last_updated"] = "2015-06-30T00:00:00Z";
  EXPECT_EQ(Status(Send("PUT", "12", SerializeJson(newer))), 1000);
  EXPECT_EQ(ParseJson(Stored("12")->raw_json)->at("currency"), "SEK");
}

TEST_F(TariffsModuleTest, DeleteRemovesTheTariff) {
  ASSERT_EQ(Status(Send("PUT", "12", SerializeJson(Example("tariff_1_simple_2hour.json")))), 1000);
  EXPECT_EQ(Status(Send("DELETE", "12")), 1000);
  EXPECT_FALSE(Stored("12"));
  EXPECT_EQ(Status(Send("GET", "12"), 404), 2000);
  const http::HttpResponse again = Send("DELETE", "12");
  EXPECT_EQ(Status(again, 404), 2000);
  EXPECT_EQ(Message(again), "tariff_id: no such tariff");
  EXPECT_EQ(Status(world_.Send("DELETE", "/ocpi/2.2.1/tariffs/BE/BEC/12"), 404), 2000);
}

TEST_F(TariffsModuleTest, GetLeavesOutWhatATariffDoesNotDefine) {
  json::object tariff = Example("tariff_1_simple_2hour.json");
  tariff["x_vendor"] = "kept in storage only";
  ASSERT_EQ(Status(Send("PUT", "12", SerializeJson(tariff))), 1000);
  const json::value data = testing::OcpiTestWorld::Envelope(Send("GET", "12")).at("data");
  EXPECT_FALSE(data.as_object().contains("x_vendor"));
  EXPECT_EQ(data.at("currency"), "EUR");
  EXPECT_NE(Stored("12")->raw_json.find("x_vendor"), std::string::npos);
}

}  // namespace
}  // namespace openmsp::emsp
