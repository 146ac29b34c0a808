#include "support/cpo_cdr_samples.h"

#include <chrono>
#include <string_view>
#include <utility>

#include "core/currency.h"
#include "core/decimal.h"

namespace openmsp::test {
namespace {

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

domain::NewCpoCdr SampleCpoCdr(const CpoCdrSample& sample) {
  PartyId cpo = sample.cpo.value_or(PartyId::Parse("BE-BEC").value());
  Instant start = sample.start_date_time;
  Instant second_period = start + std::chrono::minutes(25);
  Instant third_period = start + std::chrono::minutes(75);
  Instant end = start + std::chrono::minutes(90);
  Instant last_updated = end + std::chrono::minutes(3);
  std::string cc = Quoted(cpo.country_code());
  std::string pid = Quoted(cpo.party_id());

  std::string body;
  body.reserve(2200);
  body += "{\n  \"country_code\": " + cc + ",\n  \"party_id\": " + pid +
          ",\n  \"id\": " + Quoted(sample.cdr_id) + ",\n";
  body += "  \"start_date_time\": " + Quoted(FormatOcpiDateTime(start)) + ",\n";
  body += "  \"end_date_time\": " + Quoted(FormatOcpiDateTime(end)) + ",\n";
  body += "  \"session_id\": \"SES-" + sample.cdr_id + "\",\n";
  body += R"(  "cdr_token": {
    "country_code": "DE",
    "party_id": "TNM",
    "uid": )" +
          Quoted(sample.token_uid) + R"(,
    "type": "RFID",
    "contract_id": "DE8ACC12E46L89"
  },
  "auth_method": "WHITELIST",
  "authorization_reference": "AUTH-7734-XK",
  "cdr_location": {
    "id": )" +
          Quoted(sample.location_id) + R"(,
    "name": "Gent Zuid",
    "address": "F.Rooseveltlaan 3A",
    "city": "Gent",
    "postal_code": "9000",
    "country": "BEL",
    "coordinates": {
      "latitude": "51.047599",
      "longitude": "3.729944"
    },
    "evse_uid": "3256",
    "evse_id": "BE*BEC*E041503003",
    "connector_id": "1",
    "connector_standard": "IEC_62196_T2",
    "connector_format": "SOCKET",
    "connector_power_type": "AC_3_PHASE"
  },
  "meter_id": "METER-0012-3341",
  "currency": "EUR",
  "tariffs": [{
    "country_code": )" +
          cc + R"(,
    "party_id": )" +
          pid + R"(,
    "id": "12",
    "currency": "EUR",
    "elements": [{
      "price_components": [{
        "type": "ENERGY",
        "price": 0.35,
        "vat": 21.0,
        "step_size": 1
      }, {
        "type": "TIME",
        "price": 2.00,
        "vat": 21.0,
        "step_size": 300
      }]
    }],
    "last_updated": "2025-12-01T08:00:00Z"
  }],
  "charging_periods": [{
    "start_date_time": )" +
          Quoted(FormatOcpiDateTime(start)) + R"(,
    "dimensions": [{"type": "ENERGY", "volume": 7.250}, {"type": "TIME", "volume": 0.417}],
    "tariff_id": "12"
  }, {
    "start_date_time": )" +
          Quoted(FormatOcpiDateTime(second_period)) + R"(,
    "dimensions": [{"type": "ENERGY", "volume": 13.5}, {"type": "TIME", "volume": 0.833}],
    "tariff_id": "12"
  }, {
    "start_date_time": )" +
          Quoted(FormatOcpiDateTime(third_period)) + R"(,
    "dimensions": [{"type": "PARKING_TIME", "volume": 0.25}],
    "tariff_id": "12"
  }],
  "signed_data": {
    "encoding_method": "OCMF",
    "encoding_method_version": 1,
    "signed_values": [{
      "nature": "End",
      "plain_data": "OCMF|{\"FV\":\"1.0\",\"GI\":\"ABL SBC-301\",\"RD\":[{\"TM\":\"end\",\"RV\":20.75}]}",
      "signed_data": "MEUCIQDc3h2cZPnl7m1WvlA0bH3wW1Y3Hn1x2q9YpKc0q3QeBAIgYb1Yk4x9n3dK0kV2jN6v"
    }]
  },
  "total_cost": {
    "excl_vat": 10.24,
    "incl_vat": 12.39
  },
  "total_fixed_cost": {"excl_vat": 0.00, "incl_vat": 0.00},
  "total_energy": 20.75,
  "total_energy_cost": {"excl_vat": 7.26, "incl_vat": 8.78},
  "total_time": 1.5,
  "total_time_cost": {"excl_vat": 2.98, "incl_vat": 3.61},
  "total_parking_time": 0.25,
)";
  body += "  \"remark\": " + Quoted(sample.remark) + ",\n";
  body += "  \"last_updated\": " + Quoted(FormatOcpiDateTime(last_updated)) + "\n}\n";

  return domain::NewCpoCdr{.tenant_id = sample.tenant_id,
                           .cpo = cpo,
                           .cdr_id = sample.cdr_id,
                           .body = std::move(body),
                           .start_date_time = start,
                           .end_date_time = end,
                           .currency = Currency::Find("EUR").value(),
                           .total_cost_excl_vat = Decimal::Parse("10.24").value(),
                           .total_cost_incl_vat = Decimal::Parse("12.39").value(),
                           .total_energy = Decimal::Parse("20.75").value(),
                           .total_time = Decimal::Parse("1.5").value(),
                           .token_uid = sample.token_uid,
                           .token_type = domain::TokenType::kRfid,
                           .contract_id = "DE8ACC12E46L89",
                           .location_id = sample.location_id,
                           .evse_uid = "3256",
                           .last_updated = last_updated,
                           .organisation_unit_id = sample.organisation_unit_id};
}

}  // namespace openmsp::test
