// The location and pricing routes (pricing_routes.cpp) on a real SQLite database through the real router:
// location search and its query parameters, one location with EVSEs and connectors, location groups with
// their membership preview, business partner groups and tariff codes, each change audited.

#include <gtest/gtest.h>

#include <string>

#include "api/api_test_world.h"
#include "api/pricing_test_support.h"

namespace openmsp::api::test {
namespace {

std::string Id(std::int64_t id) { return std::to_string(id); }

// The exact number of a JSON value, compared by value with a decimal text.
class PricingRoutesTest : public ::testing::Test {
 protected:
  // Three locations of acme and one of the other tenant:
  //   amsterdam  NL-CPO, NLD, 52.3700000 4.8900000, AC 3 phase 230 V 16 A  → 11.04 kW
  //   utrecht    NL-CPO, NLD, 52.0900000 5.1200000, DC 50,000 W            → 50 kW   (≈ 41 km from amsterdam)
  //   berlin     DE-ION, DEU, 52.5200000 13.4000000, DC 350,000 W          → 350 kW
  //   other      NL-CPO, NLD, in the other tenant, named like amsterdam
  void SetUp() override {
    amsterdam = StoreLocation(world.db(), world.acme, {.id = "AMS1", .name = "Amsterdam Centraal"}).value;
    utrecht = StoreLocation(world.db(), world.acme,
                            {.id = "UTR1",
                             .name = "Utrecht Jaarbeurs",
                             .city = "Utrecht",
                             .latitude = "52.0900000",
                             .longitude = "5.1200000",
                             .evse_id = "NL*CPO*E2",
                             .power_type = domain::PowerType::kDc,
                             .volts = 400,
                             .amperes = 125,
                             .watts = 50000})
                  .value;
    berlin = StoreLocation(world.db(), world.acme,
                           {.cpo = "DE-ION",
                            .id = "BER1",
                            .name = "Berlin Mitte",
                            .city = "Berlin",
                            .country = "DEU",
                            .latitude = "52.5200000",
                            .longitude = "13.4000000",
                            .evse_id = "DE*ION*E1",
                            .power_type = domain::PowerType::kDc,
                            .volts = 920,
                            .amperes = 500,
                            .watts = 350000})
                 .value;
    other = StoreLocation(world.db(), world.other, {.id = "AMS1", .name = "Amsterdam Other"}).value;
  }

  boost::json::value Get(const std::string& path, const Caller& caller, int status = 200) {
    const http::HttpResponse response = world.Call("GET", path, "", &caller);
    EXPECT_EQ(response.status, status) << path << ": " << response.body;
    return BodyOf(response);
  }

  boost::json::value Send(const std::string& method, const std::string& path, const std::string& body,
                          int status) {
    const http::HttpResponse response = world.Call(method, path, body, &world.tenant_admin);
    EXPECT_EQ(response.status, status) << method << " " << path << ": " << response.body;
    return BodyOf(response);
  }

  // The ids of a page's items.
  static std::vector<std::int64_t> Ids(const boost::json::value& page) {
    std::vector<std::int64_t> ids;
    for (const boost::json::value& item : page.at("items").as_array())
      ids.push_back(item.at("id").as_int64());
    return ids;
  }

  // The field an error answer names.
  static std::string FieldOf(const boost::json::value& problem) {
    return std::string(problem.at("errors").as_array().at(0).at("field").as_string());
  }

  // The latest audit entry of acme.
  domain::AuditEntry LastAudit() {
    return world.db().audit_log().List(world.acme, {}, 1, std::nullopt).value().entries.at(0);
  }

  ApiWorld world;
  std::int64_t amsterdam = 0, utrecht = 0, berlin = 0, other = 0;
};

using Ids_ = std::vector<std::int64_t>;

TEST_F(PricingRoutesTest, SearchFiltersByEveryCriterionAndPagesById) {
  // Every role sees the tenant's locations, never the other tenant's.
  EXPECT_EQ(Ids(Get("/locations", world.driver)), (Ids_{amsterdam, utrecht, berlin}));
  EXPECT_EQ(Ids(Get("/locations", world.other_admin)), (Ids_{other}));
  EXPECT_EQ(Ids(Get("/locations?text=jaarbeurs", world.viewer)), (Ids_{utrecht}));
  EXPECT_EQ(Ids(Get("/locations?text=DE*ION", world.viewer)), (Ids_{berlin}));  // an EVSE id
  EXPECT_EQ(Ids(Get("/locations?country=DEU", world.viewer)), (Ids_{berlin}));
  EXPECT_EQ(Ids(Get("/locations?cpo=NL-CPO", world.viewer)), (Ids_{amsterdam, utrecht}));
  // 11.04 kW < 11.05 ≤ 50 kW.
  EXPECT_EQ(Ids(Get("/locations?min_power_kw=11.05", world.viewer)), (Ids_{utrecht, berlin}));
  EXPECT_EQ(Ids(Get("/locations?min_power_kw=11.04", world.viewer)), (Ids_{amsterdam, utrecht, berlin}));
  // Amsterdam to Utrecht is about 41 km; Berlin is about 575 km away.
  EXPECT_EQ(Ids(Get("/locations?latitude=52.37&longitude=4.89&radius_m=45000", world.viewer)),
            (Ids_{amsterdam, utrecht}));
  EXPECT_EQ(Ids(Get("/locations?latitude=52.37&longitude=4.89&radius_m=30000", world.viewer)),
            (Ids_{amsterdam}));

  const boost::json::value first = Get("/locations?limit=2", world.viewer);
  EXPECT_EQ(Ids(first), (Ids_{amsterdam, utrecht}));
  ASSERT_TRUE(first.at("next").is_string());
  const boost::json::value last =
      Get("/locations?limit=2&after=" + std::string(first.at("next").as_string()), world.viewer);
  EXPECT_EQ(Ids(last), (Ids_{berlin}));
  EXPECT_TRUE(last.at("next").is_null());
}

TEST_F(PricingRoutesTest, SearchRefusesBadParametersNamingThem) {
  EXPECT_EQ(FieldOf(Get("/locations?country=Netherlands", world.viewer, 400)), "country");
  EXPECT_EQ(FieldOf(Get("/locations?cpo=NL", world.viewer, 400)), "cpo");
  EXPECT_EQ(FieldOf(Get("/locations?min_power_kw=fast", world.viewer, 400)), "min_power_kw");
  EXPECT_EQ(FieldOf(Get("/locations?min_power_kw=-1", world.viewer, 400)), "min_power_kw");
  EXPECT_EQ(FieldOf(Get("/locations?latitude=52.37&longitude=4.89", world.viewer, 400)), "radius_m");
  EXPECT_EQ(FieldOf(Get("/locations?latitude=91&longitude=4.89&radius_m=10", world.viewer, 400)), "latitude");
  EXPECT_EQ(FieldOf(Get("/locations?latitude=52&longitude=4.89&radius_m=1.5", world.viewer, 400)),
            "radius_m");
  EXPECT_EQ(FieldOf(Get("/locations?limit=101", world.viewer, 400)), "limit");
  EXPECT_EQ(FieldOf(Get("/locations?limit=0", world.viewer, 400)), "limit");
  EXPECT_EQ(FieldOf(Get("/locations?after=-3", world.viewer, 400)), "after");
  EXPECT_EQ(FieldOf(Get("/locations?town=Utrecht", world.viewer, 400)), "town");
}

TEST_F(PricingRoutesTest, OneLocationWithItsEvsesAndConnectors) {
  const boost::json::value location = Get("/locations/" + Id(utrecht), world.driver);
  EXPECT_EQ(location.at("cpo"), "NL-CPO");
  EXPECT_EQ(location.at("location_id"), "UTR1");
  EXPECT_EQ(location.at("name"), "Utrecht Jaarbeurs");
  EXPECT_EQ(location.at("country"), "NLD");
  EXPECT_EQ(location.at("coordinates").at("latitude"), "52.0900000");
  EXPECT_EQ(location.at("accessibility"), "PUBLIC");
  const boost::json::value& evse = location.at("evses").at(0);
  EXPECT_EQ(evse.at("evse_id"), "NL*CPO*E2");
  EXPECT_EQ(evse.at("status"), "AVAILABLE");
  const boost::json::value& connector = evse.at("connectors").at(0);
  EXPECT_EQ(connector.at("power_type"), "DC");
  EXPECT_EQ(connector.at("max_electric_power"), 50000);
  EXPECT_EQ(connector.at("max_power_kw"), "50.000");
  // 230 V × 16 A × 3 phases = 11,040 W.
  EXPECT_EQ(Get("/locations/" + Id(amsterdam), world.viewer)
                .at("evses")
                .at(0)
                .at("connectors")
                .at(0)
                .at("max_power_kw"),
            "11.040");
  // Another tenant's location is the same 404 as a missing one.
  EXPECT_EQ(Get("/locations/" + Id(other), world.viewer, 404).at("status"), 404);
  EXPECT_EQ(Get("/locations/987654", world.viewer, 404).at("status"), 404);
}

TEST_F(PricingRoutesTest, LocationGroupsPreviewCreateUpdateDeleteAudited) {
  // The default group holds every connector; a group of DEU would take Berlin's one connector from it.
  const boost::json::value groups = Get("/location-groups", world.tenant_admin);
  ASSERT_EQ(groups.at("items").as_array().size(), 1u);
  const std::int64_t default_id = groups.at("items").at(0).at("id").as_int64();
  EXPECT_EQ(groups.at("items").at(0).at("is_default"), true);

  const std::string germany = R"({"name": "Germany", "priority": 10, "criteria": {"countries": ["DEU"]}})";
  const boost::json::value preview = Send("POST", "/location-groups/preview", germany, 200);
  EXPECT_EQ(preview.at("joining_count"), 1);
  EXPECT_EQ(preview.at("leaving_count"), 0);
  EXPECT_EQ(preview.at("joining").at(0).at("location"), berlin);
  EXPECT_EQ(preview.at("joining").at(0).at("from"), default_id);
  EXPECT_TRUE(preview.at("joining").at(0).at("to").is_null());  // a group not created yet
  EXPECT_EQ(Get("/location-groups", world.tenant_admin).at("items").as_array().size(), 1u);  // nothing stored

  const boost::json::value created = Send("POST", "/location-groups", germany, 201);
  const std::int64_t id = created.at("id").as_int64();
  EXPECT_EQ(created.at("criteria").at("countries").at(0), "DEU");
  EXPECT_EQ(LastAudit().action, "location_group.create");
  EXPECT_EQ(LastAudit().object_id, Id(id));
  EXPECT_EQ(world.db()
                .location_groups()
                .GroupOfConnector(world.acme, {PartyId::Parse("DE-ION").value(), "BER1"}, "EVSE-BER1", "1")
                .value(),
            domain::LocationGroupId{id});

  // Widening it to DC would take Utrecht too, and Berlin stays.
  const std::string dc = R"({"name": "Fast", "priority": 10, "criteria": {"power_types": ["DC"]}})";
  const boost::json::value change = Send("POST", "/location-groups/" + Id(id) + "/preview", dc, 200);
  EXPECT_EQ(change.at("joining_count"), 1);
  EXPECT_EQ(change.at("joining").at(0).at("location"), utrecht);
  EXPECT_EQ(change.at("leaving_count"), 0);

  const boost::json::value updated = Send("PUT", "/location-groups/" + Id(id), dc, 200);
  EXPECT_EQ(updated.at("name"), "Fast");
  EXPECT_EQ(LastAudit().action, "location_group.update");
  EXPECT_NE(LastAudit().before.find("Germany"), std::string::npos);
  EXPECT_NE(LastAudit().after.find("Fast"), std::string::npos);

  // The default group cannot be changed or deleted; bad criteria are named.
  EXPECT_EQ(FieldOf(Send("PUT", "/location-groups/" + Id(default_id), dc, 422)), "location_group_id");
  EXPECT_EQ(FieldOf(Send("DELETE", "/location-groups/" + Id(default_id), "", 422)), "location_group_id");
  EXPECT_EQ(
      FieldOf(Send("POST", "/location-groups",
                   R"({"name": "X", "priority": 3, "criteria": {"countries": ["NLD", "Holland"]}})", 400)),
      "criteria.countries[1]");
  EXPECT_EQ(FieldOf(Send("POST", "/location-groups",
                         R"({"name": "X", "priority": 3, "criteria": {"cities": []}})", 400)),
            "criteria.cities");
  EXPECT_EQ(FieldOf(Send("POST", "/location-groups", R"({"name": "X", "priority": 2147483648})", 400)),
            "priority");
  EXPECT_EQ(FieldOf(Send("POST", "/location-groups", R"({"name": "Other", "priority": 10})", 409)),
            "priority");
  EXPECT_EQ(
      FieldOf(Send("POST", "/location-groups",
                   R"({"name": "X", "priority": 3, "criteria": {"locations": [)" + Id(other) + "]}}", 404)),
      "criteria.locations[0]");

  // A preview refuses what the change would refuse.
  EXPECT_EQ(FieldOf(Send("POST", "/location-groups/preview",
                         R"({"name": "X", "priority": 3, "criteria": {"locations": [)" + Id(amsterdam) +
                             ", " + Id(other) + "]}}",
                         404)),
            "criteria.locations[1]");

  Send("DELETE", "/location-groups/" + Id(id), "", 204);
  EXPECT_EQ(LastAudit().action, "location_group.delete");
  EXPECT_EQ(Get("/location-groups/" + Id(id), world.tenant_admin, 404).at("status"), 404);
}

TEST_F(PricingRoutesTest, BusinessPartnerGroupsOfUnitsAudited) {
  const boost::json::value created = Send("POST", "/business-partner-groups",
                                          R"({"name": "Lease", "units": [)" + Id(world.a.value) + "]}", 201);
  const std::int64_t id = created.at("id").as_int64();
  EXPECT_EQ(created.at("units").at(0), world.a.value);
  EXPECT_EQ(LastAudit().action, "business_partner_group.create");
  EXPECT_EQ(Ids(Get("/business-partner-groups", world.tenant_admin)), (Ids_{id}));
  EXPECT_TRUE(Get("/business-partner-groups", world.other_admin).at("items").as_array().empty());

  const boost::json::value updated =
      Send("PUT", "/business-partner-groups/" + Id(id),
           R"({"name": "Leasing", "units": [)" + Id(world.a1.value) + ", " + Id(world.b.value) + "]}", 200);
  EXPECT_EQ(updated.at("units").as_array().size(), 2u);
  EXPECT_EQ(Get("/business-partner-groups/" + Id(id), world.tenant_admin).at("name"), "Leasing");
  EXPECT_EQ(LastAudit().action, "business_partner_group.update");

  // A unit of another tenant is not one of acme's; a repeated unit and a missing list are named.
  EXPECT_EQ(FieldOf(Send("POST", "/business-partner-groups",
                         R"({"name": "X", "units": [)" + Id(world.other_root.value) + "]}", 404)),
            "units[0]");
  EXPECT_EQ(
      FieldOf(Send("POST", "/business-partner-groups",
                   R"({"name": "X", "units": [)" + Id(world.a.value) + ", " + Id(world.a.value) + "]}", 400)),
      "units[1]");
  EXPECT_EQ(FieldOf(Send("POST", "/business-partner-groups", R"({"name": "X"})", 400)), "units");
  EXPECT_EQ(FieldOf(Send("POST", "/business-partner-groups", R"({"name": "leasing", "units": []})", 409)),
            "name");

  Send("DELETE", "/business-partner-groups/" + Id(id), "", 204);
  EXPECT_EQ(LastAudit().action, "business_partner_group.delete");
  EXPECT_TRUE(Get("/business-partner-groups", world.tenant_admin).at("items").as_array().empty());
}

TEST_F(PricingRoutesTest, TariffCodesAreCreatedCheckedAndAudited) {
  const boost::json::value created = Send("POST", "/tariff-codes",
                                          R"({"code": "PARKING", "kind": "PARKING_TIME", "unit": "MINUTE",
                                              "step_size": 1, "free_units": 5, "grace_period_minutes": 60,
                                              "description": "Idle fee after 60 min"})",
                                          201);
  const std::int64_t id = created.at("id").as_int64();
  EXPECT_EQ(created.at("kind"), "PARKING_TIME");
  EXPECT_EQ(created.at("free_units"), "5");
  EXPECT_EQ(created.at("grace_period_minutes"), 60);
  EXPECT_EQ(created.at("created_at"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(LastAudit().action, "tariff_code.create");
  EXPECT_EQ(Get("/tariff-codes/" + Id(id), world.tenant_admin).at("code"), "PARKING");
  EXPECT_EQ(Ids(Get("/tariff-codes", world.tenant_admin)), (Ids_{id}));
  EXPECT_EQ(Get("/tariff-codes/" + Id(id), world.other_admin, 404).at("status"), 404);

  const auto refused = [&](const std::string& body, int status) {
    return FieldOf(Send("POST", "/tariff-codes", body, status));
  };
  EXPECT_EQ(
      refused(R"({"code": "E", "kind": "ENERGY", "unit": "MINUTE", "step_size": 1, "description": "E"})",
              400),
      "unit");
  EXPECT_EQ(
      refused(R"({"code": "E", "kind": "WATTS", "unit": "KWH", "step_size": 1, "description": "E"})", 400),
      "kind");
  EXPECT_EQ(
      refused(R"({"code": "E", "kind": "ENERGY", "unit": "KWH", "step_size": 0, "description": "E"})", 400),
      "step_size");
  EXPECT_EQ(refused(R"({"code": "E", "kind": "ENERGY", "unit": "KWH", "description": "E"})", 400),
            "step_size");
  EXPECT_EQ(
      refused(R"({"code": "E", "kind": "ENERGY", "unit": "KWH", "step_size": 1, "grace_period_minutes": 5,
                        "description": "E"})",
              400),
      "grace_period_minutes");
  EXPECT_EQ(
      refused(R"({"code": "parking", "kind": "ENERGY", "unit": "KWH", "step_size": 1, "description": "E"})",
              409),
      "code");
  // Finance reads pricing only at the root; scoped in A it holds it nowhere.
  EXPECT_EQ(Get("/tariff-codes", world.finance, 403).at("status"), 403);
}

}  // namespace
}  // namespace openmsp::api::test
