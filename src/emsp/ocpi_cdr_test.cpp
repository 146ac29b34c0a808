// OCPI CDR JSON to the NewCpoCdr the ingestor stores: the official example and our realistic sample read
// into the fields worked out by hand; every fault named by its OCPI path.

#include "emsp/ocpi_cdr.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "core/json.h"
#include "support/cpo_cdr_samples.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

const domain::TenantId kTenant{7};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string OfficialExample() { return ReadFile(std::string(OPENMSP_SHARED_DIR) + "/ocpi/examples/cdrs/cdr_example.json"); }

// The official example changed by `change`, as compact text.
std::string Changed(const std::function<void(json::object&)>& change) {
  json::value cdr = ParseJson(OfficialExample()).value();
  change(cdr.as_object());
  return SerializeJson(cdr);
}

Error FaultOf(const std::string& text) {
  Result<domain::NewCpoCdr> cdr = CpoCdrFromOcpiJson(text, kTenant);
  EXPECT_FALSE(cdr.ok());
  if (cdr.ok()) return Error{};
  EXPECT_EQ(cdr.error().code, ErrorCode::kInvalidArgument) << cdr.error().ToString();
  return cdr.error();
}

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }

TEST(CpoCdrFromOcpiJson, ReadsTheOfficialExample) {
  const std::string text = OfficialExample();
  const domain::NewCpoCdr cdr = CpoCdrFromOcpiJson(text, kTenant).value();
  EXPECT_EQ(cdr.tenant_id, kTenant);
  EXPECT_EQ(cdr.cpo, PartyId::Parse("BE-BEC").value());
  EXPECT_EQ(cdr.cdr_id, "12345");
  EXPECT_EQ(cdr.body, text);  // byte for byte, blanks and `2.00` included
  EXPECT_EQ(cdr.start_date_time, ParseOcpiDateTime("2015-06-29T21:39:09Z").value());
  EXPECT_EQ(cdr.end_date_time, ParseOcpiDateTime("2015-06-29T23:37:32Z").value());
  EXPECT_EQ(cdr.currency.code(), "EUR");
  EXPECT_EQ(cdr.total_cost_excl_vat, D("4.00"));
  EXPECT_EQ(cdr.total_cost_incl_vat, D("4.40"));
  EXPECT_EQ(cdr.total_energy, D("15.342"));
  EXPECT_EQ(cdr.total_time, D("1.973"));
  EXPECT_EQ(cdr.token_uid, "012345678");
  EXPECT_EQ(cdr.token_type, domain::TokenType::kRfid);
  EXPECT_EQ(cdr.contract_id, "DE8ACC12E46L89");
  EXPECT_EQ(cdr.location_id, "LOC1");
  EXPECT_EQ(cdr.evse_uid, "3256");
  EXPECT_EQ(cdr.last_updated, ParseOcpiDateTime("2015-06-29T22:01:13Z").value());
  EXPECT_FALSE(cdr.organisation_unit_id.has_value());
}

TEST(CpoCdrFromOcpiJson, ReadsTheSampleIntoTheFieldsItWasMadeFrom) {
  const domain::NewCpoCdr sample = test::SampleCpoCdr(
      {.tenant_id = kTenant, .cpo = PartyId::Parse("NL-CPO").value(), .cdr_id = "CDR-0001"});
  const domain::NewCpoCdr cdr = CpoCdrFromOcpiJson(sample.body, kTenant).value();
  EXPECT_EQ(cdr.cpo, sample.cpo);
  EXPECT_EQ(cdr.cdr_id, sample.cdr_id);
  EXPECT_EQ(cdr.body, sample.body);
  EXPECT_EQ(cdr.start_date_time, sample.start_date_time);
  EXPECT_EQ(cdr.end_date_time, sample.end_date_time);
  EXPECT_EQ(cdr.currency, sample.currency);
  EXPECT_EQ(cdr.total_cost_excl_vat, sample.total_cost_excl_vat);
  EXPECT_EQ(cdr.total_cost_incl_vat, sample.total_cost_incl_vat);
  EXPECT_EQ(cdr.total_energy, sample.total_energy);
  EXPECT_EQ(cdr.total_time, sample.total_time);
  EXPECT_EQ(cdr.token_uid, sample.token_uid);
  EXPECT_EQ(cdr.token_type, sample.token_type);
  EXPECT_EQ(cdr.contract_id, sample.contract_id);
  EXPECT_EQ(cdr.location_id, sample.location_id);
  EXPECT_EQ(cdr.evse_uid, sample.evse_uid);
  EXPECT_EQ(cdr.last_updated, sample.last_updated);
}

TEST(CpoCdrFromOcpiJson, IgnoresMembersOcpiDoesNotDefine) {
  const std::string text = Changed([](json::object& cdr) {
    cdr["x_vendor"] = json::object{{"anything", json::array{1, "two", nullptr}}};
    cdr["cdr_location"].as_object()["x_floor"] = 3;
  });
  EXPECT_TRUE(CpoCdrFromOcpiJson(text, kTenant).ok());
}

TEST(CpoCdrFromOcpiJson, AcceptsACreditCdrWithNegativeTotals) {
  const std::string text = Changed([](json::object& cdr) {
    cdr["id"] = "12345-C";
    cdr["credit"] = true;
    cdr["credit_reference_id"] = "12345";
    cdr["total_cost"] = ParseJson(R"({"excl_vat": -4.00, "incl_vat": -4.40})").value();
  });
  const domain::NewCpoCdr cdr = CpoCdrFromOcpiJson(text, kTenant).value();
  EXPECT_EQ(cdr.cdr_id, "12345-C");
  EXPECT_EQ(cdr.total_cost_excl_vat, D("-4"));
  EXPECT_EQ(cdr.total_cost_incl_vat, D("-4.4"));
}

TEST(CpoCdrFromOcpiJson, NamesTheFieldAtFault) {
  struct Case {
    const char* field;
    std::function<void(json::object&)> change;
  };
  const std::string long_text(256, 'x');
  const Case cases[] = {
      {"cdr_token.uid", [](json::object& c) { c["cdr_token"].as_object().erase("uid"); }},
      {"cdr_token.uid", [](json::object& c) { c["cdr_token"].as_object()["uid"] = std::string(37, 'A'); }},
      {"cdr_token.party_id", [](json::object& c) { c["cdr_token"].as_object().erase("party_id"); }},
      {"total_cost.excl_vat", [](json::object& c) { c["total_cost"].as_object()["excl_vat"] = "4.00"; }},
      {"total_cost", [](json::object& c) { c.erase("total_cost"); }},
      {"last_updated", [](json::object& c) { c.erase("last_updated"); }},
      {"last_updated", [](json::object& c) { c["last_updated"] = "2015-06-29T22:01:13+00:00"; }},
      {"auth_method", [](json::object& c) { c["auth_method"] = "whitelist"; }},
      {"id", [](json::object& c) { c["id"] = std::string(40, '1'); }},
      {"country_code", [](json::object& c) { c.erase("country_code"); }},
      {"session_id", [](json::object& c) { c["session_id"] = std::string(37, 's'); }},
      {"remark", [&long_text](json::object& c) { c["remark"] = long_text; }},
      {"remark", [](json::object& c) { c["remark"] = "two\nlines"; }},
      {"meter_id", [](json::object& c) { c["meter_id"] = 12; }},
      {"cdr_location.address", [](json::object& c) { c["cdr_location"].as_object()["address"] = std::string(46, 'a'); }},
      {"cdr_location.coordinates", [](json::object& c) { c["cdr_location"].as_object().erase("coordinates"); }},
      {"cdr_location.connector_format", [](json::object& c) { c["cdr_location"].as_object()["connector_format"] = "PLUG"; }},
      {"cdr_location.evse_id", [](json::object& c) { c["cdr_location"].as_object().erase("evse_id"); }},
      {"credit_reference_id", [](json::object& c) { c["credit"] = true; }},
      {"home_charging_compensation", [](json::object& c) { c["home_charging_compensation"] = "yes"; }},
      {"signed_data.signed_values", [](json::object& c) { c["signed_data"] = json::object{{"encoding_method", "OCMF"}}; }},
      {"charging_periods", [](json::object& c) { c["charging_periods"] = json::array{}; }},
  };
  for (const Case& test_case : cases) {
    EXPECT_EQ(FaultOf(Changed(test_case.change)).field, test_case.field) << test_case.field;
  }
}

TEST(CpoCdrFromOcpiJson, RefusesWhatIsNotACdrObject) {
  EXPECT_FALSE(CpoCdrFromOcpiJson("[1, 2]", kTenant).ok());
  EXPECT_FALSE(CpoCdrFromOcpiJson("{\"id\": ", kTenant).ok());
  EXPECT_FALSE(CpoCdrFromOcpiJson("", kTenant).ok());
}

TEST(CpoCdrFromOcpiJson, RefusesABodyOverTheLimit) {
  std::string text = OfficialExample();
  text.insert(text.size() - 2, ", \"remark_pad\": \"" + std::string(domain::kMaxCpoCdrBodyBytes, ' ') + "\"");
  EXPECT_EQ(FaultOf(text).field, "body");
}

}  // namespace
}  // namespace openmsp::emsp
