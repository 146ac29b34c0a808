// The one owner rule (`CheckSendingParty`) at work in the four receivers of client-owned objects:
// locations, tariffs, sessions and CDRs, for a direct CPO and for a hub with and without `OCPI-from-*`
// headers, before and after it reported its parties through hubclientinfo.

#include "emsp/object_owner.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "emsp/cdrs_module.h"
#include "emsp/hub_client_info_module.h"
#include "emsp/locations_module.h"
#include "emsp/ocpi_test_world.h"
#include "emsp/sessions_module.h"
#include "emsp/tariffs_module.h"
#include "store/cpo_cdr_ingestor.h"
#include "support/cpo_cdr_samples.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;
using testing::OcpiTestWorld;

std::vector<http::HttpHeaderField> From(const char* country_code, const char* party_id) {
  return {{"OCPI-from-country-code", country_code}, {"OCPI-from-party-id", party_id},
          {"OCPI-to-country-code", "NL"}, {"OCPI-to-party-id", "DEM"}};
}

std::string Party(const std::string& text, const std::string& country_code, const std::string& party_id,
                  const std::string& id) {
  json::object object = ParseJson(text).value().as_object();
  object["country_code"] = country_code;
  object["party_id"] = party_id;
  object["id"] = id;
  return SerializeJson(object);
}

std::string SessionOf(const std::string& country_code, const std::string& party_id, const std::string& id) {
  std::ifstream in(std::string(OPENMSP_SHARED_DIR) + "/ocpi/examples/sessions/session_example_1_simple_start.json");
  return Party(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()), country_code,
               party_id, id);
}

std::string TariffOf(const std::string& country_code, const std::string& party_id, const std::string& id) {
  return Party(R"({"currency": "EUR", "last_updated": "2026-01-01T10:00:00Z",
    "elements": [{"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}]}]})",
               country_code, party_id, id);
}

std::string LocationOf(const std::string& country_code, const std::string& party_id, const std::string& id) {
  return Party(R"({"publish": true, "name": "Dam", "address": "Dam 1", "city": "Amsterdam",
    "postal_code": "1012 JS", "country": "NLD", "coordinates": {"latitude": "52.373000", "longitude": "4.893000"},
    "time_zone": "Europe/Amsterdam", "last_updated": "2026-01-01T10:00:00Z"})",
               country_code, party_id, id);
}

class OwnerRuleTest : public ::testing::Test {
 protected:
  OwnerRuleTest() {
    RegisterLocationsModule(world_.endpoints());
    RegisterTariffsModule(world_.endpoints());
    RegisterSessionsModule(world_.endpoints());
    RegisterHubClientInfoModule(world_.endpoints());
    cdrs_ = RegisterCdrsModule(world_.endpoints(), *ingestor_);
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    const domain::PeerWithToken invited = db->peers().Create(world_.tenant(), {.name = "Hub"}).value();
    domain::PeerRegistration registration = OcpiTestWorld::Registration();
    registration.token = "token-b-of-hub";
    registration.roles = {domain::PeerRole{
        .role = domain::OcpiRole::kHub, .party = PartyId::Parse("NL-HUB").value(), .business_name = "Hub"}};
    hub_ = db->peers()
               .Register(world_.tenant(), invited.peer.id, domain::TokenDigest::Of(invited.token), registration)
               .value()
               .token;
  }

  // The HTTP statuses of a PUT of a location, a tariff, a session and a POST of a CDR, all of `party`
  // (`cc`, `pid`), sent with `token` and `headers`.
  std::vector<int> SendAll(const std::string& cc, const std::string& pid, const std::string& token,
                           const std::vector<http::HttpHeaderField>& headers = {}) {
    const std::string id = "X" + std::to_string(++serial_);
    const std::string party = cc + "/" + pid + "/" + id;
    return {
        world_.Send("PUT", "/ocpi/2.2.1/locations/" + party, LocationOf(cc, pid, id), token, headers).status,
        world_.Send("PUT", "/ocpi/2.2.1/tariffs/" + party, TariffOf(cc, pid, id), token, headers).status,
        world_.Send("PUT", "/ocpi/2.2.1/sessions/" + party, SessionOf(cc, pid, id), token, headers).status,
        world_.Send("POST", "/ocpi/2.2.1/cdrs",
                    test::SampleCpoCdr({.tenant_id = world_.tenant(),
                                        .cpo = PartyId::FromFields(cc, pid).value(),
                                        .cdr_id = id})
                        .body,
                    token, headers)
            .status};
  }

  void Report(const char* country_code, const char* party_id, const char* status,
              const char* last_updated = "2026-02-01T00:00:00Z") {
    const json::object info{{"country_code", country_code}, {"party_id", party_id}, {"role", "CPO"},
                            {"status", status}, {"last_updated", last_updated}};
    const http::HttpResponse response =
        world_.Send("PUT", std::string("/ocpi/2.2.1/hubclientinfo/") + country_code + "/" + party_id,
                    SerializeJson(info), hub_);
    ASSERT_LT(response.status, 300) << response.body;
  }

  // What the receivers answer a refused party: 404 for the client-owned URLs (§2.6), 2001 for sessions
  // and CDRs, as before the rule was shared.
  const std::vector<int> refused_ = {404, 404, 400, 400};
  const std::vector<int> accepted_ = {200, 200, 201, 201};

  OcpiTestWorld world_;
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ =
      store::CpoCdrIngestor::Open(world_.url(), world_.clock()).value();
  std::unique_ptr<CdrsModule> cdrs_;
  std::string hub_;
  int serial_ = 0;
};

TEST_F(OwnerRuleTest, ADirectCpoSendsOnlyItsOwnParty) {
  EXPECT_EQ(SendAll("NL", "CPO", world_.token_c()), accepted_);
  EXPECT_EQ(SendAll("nl", "cpo", world_.token_c()), accepted_);  // CiString
  EXPECT_EQ(SendAll("DE", "ABC", world_.token_c()), refused_);
  // Routing headers do not make a CPO a hub.
  EXPECT_EQ(SendAll("DE", "ABC", world_.token_c(), From("DE", "ABC")), refused_);
}

TEST_F(OwnerRuleTest, AHubSendsForThePartyItsFromHeadersName) {
  EXPECT_EQ(SendAll("DE", "ABC", hub_, From("DE", "ABC")), accepted_);
  // Without the headers (§2.2: mandatory on functional modules), or naming another party: refused.
  EXPECT_EQ(SendAll("DE", "ABC", hub_), refused_);
  EXPECT_EQ(SendAll("DE", "ABC", hub_, From("DE", "XYZ")), refused_);
  // A broadcast push (§2.8) comes from the hub itself and keeps the owner's party in the URL.
  EXPECT_EQ(SendAll("DE", "ABC", hub_, From("NL", "HUB")), accepted_);
}

TEST_F(OwnerRuleTest, OnceAHubReportsItsPartiesOnlyTheLiveOnesMaySend) {
  Report("DE", "ABC", "CONNECTED");
  EXPECT_EQ(SendAll("DE", "ABC", hub_, From("DE", "ABC")), accepted_);
  // A party the hub did not report is refused now, even when the headers name it.
  EXPECT_EQ(SendAll("DE", "XYZ", hub_, From("DE", "XYZ")), refused_);

  Report("DE", "XYZ", "PLANNED");
  EXPECT_EQ(SendAll("DE", "XYZ", hub_, From("DE", "XYZ")), refused_);
  Report("DE", "XYZ", "OFFLINE", "2026-02-02T00:00:00Z");
  EXPECT_EQ(SendAll("DE", "XYZ", hub_, From("DE", "XYZ")), accepted_);

  Report("DE", "ABC", "SUSPENDED", "2026-02-02T00:00:00Z");
  EXPECT_EQ(SendAll("DE", "ABC", hub_, From("DE", "ABC")), refused_);
  EXPECT_EQ(SendAll("DE", "ABC", hub_, From("NL", "HUB")), refused_);
  // What it sent before stays, but is not served to it any more.
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/sessions/DE/ABC/X1", "", hub_, From("DE", "ABC")).status, 404);
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/tariffs/DE/ABC/X1", "", hub_, From("DE", "ABC")).status, 404);
}

TEST_F(OwnerRuleTest, TheRefusalSaysWhy) {
  const http::HttpResponse response =
      world_.Send("PUT", "/ocpi/2.2.1/tariffs/DE/ABC/T1", TariffOf("DE", "ABC", "T1"), hub_);
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(OcpiTestWorld::Envelope(response).at("status_message").as_string().find("OCPI-from-country-code"),
            json::string::npos)
      << response.body;
  const http::HttpResponse session =
      world_.Send("PUT", "/ocpi/2.2.1/sessions/DE/ABC/S1", SessionOf("DE", "ABC", "S1"), hub_, From("DE", "XYZ"));
  EXPECT_EQ(session.status, 400);
  EXPECT_EQ(OcpiTestWorld::Envelope(session).at("status_message").as_string(),
            "party_id: DE-ABC is not the party DE-XYZ the OCPI-from-* headers name; a CPO sends only its own "
            "sessions");
}

}  // namespace
}  // namespace openmsp::emsp
