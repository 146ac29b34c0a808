// The CDR routes (cdr_routes.cpp) over the real store: MSP CDRs listed in scope with their filters and
// pages, one with its lines, explanation and CPO CDR, the CPO CDRs as received, and re-rating those that
// need attention with the real rater. Expectations are the hand-worked samples of cdr_test_support.h.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/api_test_world.h"
#include "api/cdr_test_support.h"
#include "rating/tenant_rater.h"

namespace openmsp::api::test {
namespace {

using domain::AttentionReason;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
std::string Id(std::int64_t id) { return std::to_string(id); }

class CdrRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a1_profile_ = world_.db()
                      .profiles()
                      .Create(world_.acme, domain::NewProfile{.organisation_unit_id = world_.a1,
                                                              .name = "A1 van",
                                                              .kind = domain::ProfileKind::kVehicle,
                                                              .email = "",
                                                              .prices_hidden = false})
                      .value()
                      .id;
    b_profile_ = world_.db()
                     .profiles()
                     .Create(world_.acme, domain::NewProfile{.organisation_unit_id = world_.b,
                                                             .name = "B driver",
                                                             .kind = domain::ProfileKind::kDriver,
                                                             .email = "",
                                                             .prices_hidden = false})
                     .value()
                     .id;
    // Oldest to newest: no customer (unknown token), the driver's three, A1's van, B's driver.
    unknown_ = Store("C-UNKNOWN", "2025-10-31T08:00:00Z", std::nullopt, std::nullopt,
                     AttentionReason::kUnknownToken, "no token RFID 0999 of the tenant");
    own_[0] = Store("C-OWN-1", "2025-11-01T08:00:00Z", world_.a, world_.driver_profile);
    own_[1] = Store("C-OWN-2", "2025-11-02T08:00:00Z", world_.a, world_.driver_profile);
    own_[2] = Store("C-OWN-3", "2025-11-03T08:00:00Z", world_.a, world_.driver_profile,
                    AttentionReason::kNoVatRate, "no VAT rate of BE on 2025-11-03");
    a1_ = Store("C-A1", "2025-11-04T08:00:00Z", world_.a1, a1_profile_);
    b_ = Store("C-B", "2025-11-05T08:00:00Z", world_.b, b_profile_);
  }

  StoredCdr Store(const char* cdr_id, const char* start, std::optional<domain::OrganisationUnitId> unit,
                  std::optional<domain::ProfileId> profile,
                  std::optional<AttentionReason> attention = std::nullopt, const std::string& detail = "") {
    return StoreRatedCdr(world_, world_.acme, world_.root, cdr_id, At(start), unit, profile, attention,
                         detail);
  }

  boost::json::value Get(const std::string& path, const Caller& caller, int status = 200) {
    const http::HttpResponse response = world_.Call("GET", path, "", &caller);
    EXPECT_EQ(response.status, status) << path << ": " << response.body;
    return BodyOf(response);
  }

  // The MSP CDR ids of every page of `path` (which has a query), following `next`.
  std::vector<std::int64_t> AllIds(const std::string& path, const Caller& caller) {
    std::vector<std::int64_t> ids;
    std::string next_path = path;
    for (int pages = 0; pages < 20; ++pages) {
      const boost::json::value page = Get(next_path, caller);
      if (!page.is_object()) break;
      for (const boost::json::value& item : page.at("items").as_array())
        ids.push_back(item.at("id").as_int64());
      if (page.at("next").is_null()) break;
      next_path = path + "&after=" + std::string(page.at("next").as_string());
    }
    return ids;
  }

  // The field the problem of `path` names.
  std::string ProblemField(const std::string& path, const Caller& caller, int status = 400) {
    const boost::json::value problem = Get(path, caller, status);
    if (!problem.is_object() || problem.at("errors").as_array().empty()) return "";
    return std::string(problem.at("errors").as_array().at(0).at("field").as_string());
  }

  ApiWorld world_;
  domain::ProfileId a1_profile_, b_profile_;
  StoredCdr unknown_, own_[3], a1_, b_;
};

std::int64_t M(const StoredCdr& cdr) { return cdr.msp_cdr_id.value; }
std::int64_t C(const StoredCdr& cdr) { return cdr.cpo_cdr_id.value; }

TEST_F(CdrRoutesTest, ListsMspCdrsInScopeNewestFirstPageByPage) {
  using V = std::vector<std::int64_t>;
  // The tenant admin sees all of them, the unattributed one too, two per page.
  EXPECT_EQ(AllIds("/msp-cdrs?limit=2", world_.tenant_admin),
            (V{M(b_), M(a1_), M(own_[2]), M(own_[1]), M(own_[0]), M(unknown_)}));
  EXPECT_EQ(AllIds("/msp-cdrs?order=oldest&limit=4", world_.tenant_admin),
            (V{M(unknown_), M(own_[0]), M(own_[1]), M(own_[2]), M(a1_), M(b_)}));
  // Scoped in A: A and A1, never B nor the CDR of no customer.
  const V in_a = {M(a1_), M(own_[2]), M(own_[1]), M(own_[0])};
  EXPECT_EQ(AllIds("/msp-cdrs?limit=3", world_.ou_admin), in_a);
  EXPECT_EQ(AllIds("/msp-cdrs?limit=100", world_.finance), in_a);
  EXPECT_EQ(AllIds("/msp-cdrs?limit=100", world_.viewer), in_a);
  // A driver: its own profile's only.
  EXPECT_EQ(AllIds("/msp-cdrs?limit=1", world_.driver), (V{M(own_[2]), M(own_[1]), M(own_[0])}));
  // Narrowed to a unit or a profile of the scope.
  EXPECT_EQ(AllIds("/msp-cdrs?organisation_unit_id=" + Id(world_.a1.value), world_.viewer), (V{M(a1_)}));
  EXPECT_EQ(AllIds("/msp-cdrs?profile_id=" + Id(b_profile_.value), world_.tenant_admin), (V{M(b_)}));
  // Outside it: refused, not an empty list (403 below the root, 404 at it for another tenant's).
  EXPECT_EQ(ProblemField("/msp-cdrs?organisation_unit_id=" + Id(world_.b.value), world_.viewer, 403),
            "organisation_unit_id");
  EXPECT_EQ(ProblemField("/msp-cdrs?profile_id=" + Id(b_profile_.value), world_.driver, 403), "profile_id");
  EXPECT_EQ(ProblemField("/msp-cdrs?profile_id=" + Id(b_profile_.value), world_.other_admin, 404),
            "profile_id");
  EXPECT_TRUE(AllIds("/msp-cdrs?limit=100", world_.other_admin).empty());
}

TEST_F(CdrRoutesTest, FiltersMspCdrsByAttentionPeriodCpoAndCurrency) {
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(AllIds("/msp-cdrs?needs_attention=true", world_.tenant_admin), (V{M(own_[2]), M(unknown_)}));
  EXPECT_EQ(AllIds("/msp-cdrs?needs_attention=false", world_.tenant_admin),
            (V{M(b_), M(a1_), M(own_[1]), M(own_[0])}));
  EXPECT_EQ(AllIds("/msp-cdrs?reason=UNKNOWN_TOKEN", world_.tenant_admin), (V{M(unknown_)}));
  // Scoped in A, the one needing attention for want of a VAT rate is there, the unattributed one not.
  EXPECT_EQ(AllIds("/msp-cdrs?needs_attention=true", world_.ou_admin), (V{M(own_[2])}));
  const boost::json::value held = Get("/msp-cdrs?reason=NO_VAT_RATE", world_.fleet_manager);
  ASSERT_EQ(held.at("items").as_array().size(), 1u);
  const boost::json::value& item = held.at("items").as_array().at(0);
  EXPECT_EQ(item.at("needs_attention"), true);
  EXPECT_EQ(item.at("attention").at("reason"), "NO_VAT_RATE");
  EXPECT_EQ(item.at("attention").at("detail"), "no VAT rate of BE on 2025-11-03");
  EXPECT_EQ(item.at("total_excl_vat"), "0");

  // [2 November, 4 November): the 2nd and 3rd of the driver's.
  EXPECT_EQ(AllIds("/msp-cdrs?from=2025-11-02T00:00:00Z&to=2025-11-04T00:00:00Z", world_.tenant_admin),
            (V{M(own_[2]), M(own_[1])}));
  EXPECT_EQ(AllIds("/msp-cdrs?cpo=BE-BEC&currency=EUR", world_.tenant_admin).size(), 6u);
  EXPECT_TRUE(AllIds("/msp-cdrs?cpo=NL-XYZ", world_.tenant_admin).empty());
  EXPECT_TRUE(AllIds("/msp-cdrs?currency=CHF", world_.tenant_admin).empty());

  // Every parameter is checked and named.
  EXPECT_EQ(ProblemField("/msp-cdrs?needs_attention=yes", world_.tenant_admin), "needs_attention");
  EXPECT_EQ(ProblemField("/msp-cdrs?reason=LATE", world_.tenant_admin), "reason");
  EXPECT_EQ(ProblemField("/msp-cdrs?reason=NO_VAT_RATE&needs_attention=false", world_.tenant_admin),
            "reason");
  EXPECT_EQ(ProblemField("/msp-cdrs?order=sideways", world_.tenant_admin), "order");
  EXPECT_EQ(ProblemField("/msp-cdrs?currency=eur", world_.tenant_admin), "currency");
  EXPECT_EQ(ProblemField("/msp-cdrs?cpo=BEBECX", world_.tenant_admin), "cpo");
  EXPECT_EQ(ProblemField("/msp-cdrs?from=yesterday", world_.tenant_admin), "from");
  EXPECT_EQ(ProblemField("/msp-cdrs?from=2025-11-04T00:00:00Z&to=2025-11-02T00:00:00Z", world_.tenant_admin),
            "to");
  EXPECT_EQ(ProblemField("/msp-cdrs?after=12", world_.tenant_admin), "after");
  EXPECT_EQ(ProblemField("/msp-cdrs?limit=101", world_.tenant_admin), "limit");
  EXPECT_EQ(ProblemField("/msp-cdrs?sort=amount", world_.tenant_admin), "sort");
}

TEST_F(CdrRoutesTest, OneMspCdrExplainsItsPriceBesideTheCpoCdr) {
  const boost::json::value cdr = Get("/msp-cdrs/" + Id(M(own_[0])), world_.driver);
  const openmsp::test::MspCdrSample book = BookOf(world_.db(), world_.acme, world_.root);
  EXPECT_EQ(cdr.at("id"), M(own_[0]));
  EXPECT_EQ(cdr.at("needs_attention"), false);
  EXPECT_TRUE(cdr.at("attention").is_null());
  EXPECT_EQ(cdr.at("cpo"), "BE-BEC");
  EXPECT_EQ(cdr.at("session_start"), "2025-11-01T08:00:00Z");
  EXPECT_EQ(cdr.at("session_end"), "2025-11-01T09:13:00Z");
  EXPECT_EQ(cdr.at("profile_id"), world_.driver_profile.value);
  EXPECT_EQ(cdr.at("organisation_unit_id"), world_.a.value);
  EXPECT_EQ(cdr.at("plan_version_id"), book.plan_version_id.value);
  // 8.09 + 3.00 + 0.36 = 11.45; VAT 21 % of it 2.4045 → 2.40; CPO cost 9.876 → 9.88; margin 1.57.
  EXPECT_EQ(cdr.at("currency"), "EUR");
  EXPECT_EQ(cdr.at("total_excl_vat"), "11.45");
  EXPECT_EQ(cdr.at("vat_percent"), "21");
  EXPECT_EQ(cdr.at("vat_country"), "NL");
  EXPECT_EQ(cdr.at("vat_amount"), "2.40");
  EXPECT_EQ(cdr.at("total_incl_vat"), "13.85");
  EXPECT_EQ(cdr.at("cpo_cost_excl_vat"), "9.876");
  EXPECT_EQ(cdr.at("cpo_cost"), "9.88");
  EXPECT_EQ(cdr.at("margin"), "1.57");
  EXPECT_TRUE(cdr.at("exchange_rate").is_null());
  EXPECT_EQ(cdr.at("cost_audit").at("difference"), "0.076");
  EXPECT_EQ(cdr.at("cost_audit").at("discrepancy"), true);
  const boost::json::array& lines = cdr.at("lines").as_array();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].at("kind"), "RULE");
  EXPECT_EQ(lines[0].at("tariff_code_id"), book.tariff_codes[0].value);
  EXPECT_EQ(lines[0].at("rule_id"), book.rules[0].value);
  EXPECT_EQ(lines[0].at("unit"), "KWH");
  EXPECT_EQ(lines[0].at("measured"), "20.750");
  EXPECT_EQ(lines[0].at("quantity"), "20.750");
  EXPECT_EQ(lines[0].at("unit_price"), "0.39");
  EXPECT_EQ(lines[0].at("amount"), "8.09");
  EXPECT_EQ(lines[1].at("quantity"), "1.25");
  EXPECT_EQ(lines[2].at("amount"), "0.36");
  EXPECT_EQ(lines[2].at("description"), "Session fee");
  EXPECT_TRUE(
      std::string(cdr.at("explanation").as_string()).starts_with("Energy: 20.750 kWh × 0.39 = 8.09\n"))
      << cdr.at("explanation");
  // The CPO CDR it was rated from, side by side: what the CPO stated.
  const boost::json::value& cpo = cdr.at("cpo_cdr");
  EXPECT_EQ(cpo.at("id"), C(own_[0]));
  EXPECT_EQ(cpo.at("cdr_id"), "C-OWN-1");
  EXPECT_EQ(cpo.at("total_cost").at("excl_vat"), "10.24");
  EXPECT_EQ(cpo.at("total_cost").at("incl_vat"), "12.39");
  EXPECT_EQ(cpo.at("total_energy"), "20.75");
  EXPECT_EQ(cpo.at("token").at("uid"), kBookCardUid);
  EXPECT_EQ(cpo.at("location_id"), "LOC1");

  // Out of scope, another tenant's, unattributed or guessed: 403 below the root, 404 at it.
  Get("/msp-cdrs/" + Id(M(b_)), world_.ou_admin, 403);
  Get("/msp-cdrs/" + Id(M(a1_)), world_.driver, 403);
  Get("/msp-cdrs/" + Id(M(unknown_)), world_.ou_admin, 403);
  Get("/msp-cdrs/" + Id(M(unknown_)), world_.tenant_admin, 200);
  Get("/msp-cdrs/" + Id(M(b_)), world_.other_admin, 404);
  Get("/msp-cdrs/987654", world_.tenant_admin, 404);
  Get("/msp-cdrs/not-an-id", world_.tenant_admin, 404);
}

TEST_F(CdrRoutesTest, CpoCdrsAsReceivedInScope) {
  using V = std::vector<std::int64_t>;
  // Oldest first, by the unit each had on arrival; the unattributed one only tenant-wide.
  EXPECT_EQ(AllIds("/cpo-cdrs?limit=4", world_.tenant_admin),
            (V{C(unknown_), C(own_[0]), C(own_[1]), C(own_[2]), C(a1_), C(b_)}));
  EXPECT_EQ(AllIds("/cpo-cdrs?limit=100", world_.ou_admin), (V{C(own_[0]), C(own_[1]), C(own_[2]), C(a1_)}));
  EXPECT_EQ(
      AllIds("/cpo-cdrs?organisation_unit_id=" + Id(world_.a1.value) + "&limit=5", world_.fleet_manager),
      (V{C(a1_)}));
  EXPECT_EQ(AllIds("/cpo-cdrs?from=2025-11-03T00:00:00Z&cpo=BE-BEC", world_.tenant_admin),
            (V{C(own_[2]), C(a1_), C(b_)}));
  EXPECT_TRUE(AllIds("/cpo-cdrs?cpo=NL-XYZ", world_.tenant_admin).empty());
  EXPECT_TRUE(AllIds("/cpo-cdrs?limit=100", world_.other_admin).empty());
  // A driver's CDRs are its MSP CDRs; each links the CPO CDR, which the driver may read.
  Get("/cpo-cdrs", world_.driver, 403);
  const boost::json::value cpo = Get("/cpo-cdrs/" + Id(C(own_[1])), world_.driver);
  EXPECT_EQ(cpo.at("cdr_id"), "C-OWN-2");
  EXPECT_EQ(cpo.at("msp_cdr_id"), M(own_[1]));
  EXPECT_EQ(cpo.at("start_date_time"), "2025-11-02T08:00:00Z");
  EXPECT_EQ(cpo.at("end_date_time"), "2025-11-02T09:30:00Z");
  EXPECT_EQ(cpo.at("organisation_unit_id"), world_.a.value);
  const domain::CpoCdr stored = world_.db().cpo_cdrs().FindById(world_.acme, own_[1].cpo_cdr_id).value();
  EXPECT_EQ(cpo.at("body").as_string(), stored.body);
  EXPECT_EQ(cpo.at("body_sha256").as_string(), stored.body_sha256);
  // The list leaves the body out.
  EXPECT_FALSE(Get("/cpo-cdrs?limit=1", world_.tenant_admin)
                   .at("items")
                   .as_array()
                   .at(0)
                   .as_object()
                   .contains("body"));

  Get("/cpo-cdrs/" + Id(C(a1_)), world_.driver, 403);
  Get("/cpo-cdrs/" + Id(C(unknown_)), world_.viewer, 403);
  EXPECT_EQ(Get("/cpo-cdrs/" + Id(C(unknown_)), world_.tenant_admin).at("msp_cdr_id"), M(unknown_));
  Get("/cpo-cdrs/" + Id(C(b_)), world_.other_admin, 404);
  Get("/cpo-cdrs/987654", world_.tenant_admin, 404);
  EXPECT_EQ(ProblemField("/cpo-cdrs?after=x.1", world_.tenant_admin), "after");
  EXPECT_EQ(ProblemField("/cpo-cdrs?profile_id=1", world_.tenant_admin), "profile_id");
}

TEST_F(CdrRoutesTest, ReratesThoseNeedingAttentionOnceTheCauseIsFixed) {
  // A CDR of a card the tenant does not know yet, rated by the real rater: held as UNKNOWN_TOKEN.
  (void)StoreCpoCdr(world_, world_.acme, "LATE-1", At("2025-12-01T10:00:00Z"), std::nullopt, "04CAFE02");
  {
    store::Repositories writing = store::Repositories::Open(world_.url(), world_.clock()).value();
    ASSERT_EQ(
        rating::RateBacklog(rating::RatingStoresOf(world_.db()), writing.msp_cdrs(), world_.acme).value(),
        1u);
  }
  const boost::json::value held = Get("/msp-cdrs?reason=UNKNOWN_TOKEN", world_.tenant_admin);
  ASSERT_EQ(held.at("items").as_array().size(), 2u);
  const boost::json::value& late = held.at("items").as_array().at(0);
  const std::int64_t id = late.at("id").as_int64();
  EXPECT_EQ(late.at("session_start"), "2025-12-01T10:00:00Z");
  EXPECT_NE(std::string(late.at("attention").at("detail").as_string()).find("04CAFE02"), std::string::npos)
      << late;

  // Only a caller holding pricing.manage tenant-wide re-rates; before the fix nothing changes.
  EXPECT_EQ(world_.Call("POST", "/msp-cdrs/" + Id(id) + "/rerate", "", &world_.finance).status, 403);
  EXPECT_EQ(world_.Call("POST", "/msp-cdrs/rerate", "", &world_.ou_admin).status, 403);
  http::HttpResponse again = world_.Call("POST", "/msp-cdrs/" + Id(id) + "/rerate", "", &world_.tenant_admin);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(BodyOf(again).at("attention").at("reason"), "UNKNOWN_TOKEN");
  EXPECT_EQ(BodyOf(again).at("cpo_cdr").at("cdr_id"), "LATE-1");

  // The card is issued to the driver: re-rating those held for an unknown token rates it.
  (void)world_.db()
      .tokens()
      .Issue(world_.acme, PartyId::Parse("NLACM").value(),
             domain::TokenToIssue{.profile_id = world_.driver_profile,
                                  .uid = "04CAFE02",
                                  .type = domain::TokenType::kRfid,
                                  .visual_number = "",
                                  .issuer = "Acme",
                                  .group_id = "",
                                  .whitelist = domain::TokenWhitelist::kAllowed,
                                  .language = "",
                                  .valid_from = std::nullopt,
                                  .valid_until = std::nullopt,
                                  .cost_centre = ""})
      .value();
  EXPECT_EQ(world_.Call("POST", "/msp-cdrs/rerate", R"({"reason": "LATE"})", &world_.tenant_admin).status,
            400);
  const http::HttpResponse rerated =
      world_.Call("POST", "/msp-cdrs/rerate", R"({"reason": "UNKNOWN_TOKEN"})", &world_.tenant_admin);
  ASSERT_EQ(rerated.status, 200) << rerated.body;
  EXPECT_EQ(BodyOf(rerated).at("rated"), 1);
  EXPECT_EQ(BodyOf(rerated).at("reason"), "UNKNOWN_TOKEN");

  // Rated with the first version: 20.750 kWh × 0.55 = 11.4125 → 11.41; BE VAT 21 % 2.3961 → 2.40;
  // 13.81 incl. VAT; the CPO's 10.24 leaves a margin of 1.17. Now the driver's.
  const boost::json::value cdr = Get("/msp-cdrs/" + Id(id), world_.driver);
  EXPECT_EQ(cdr.at("needs_attention"), false);
  EXPECT_EQ(cdr.at("profile_id"), world_.driver_profile.value);
  EXPECT_EQ(cdr.at("vat_country"), "BE");
  EXPECT_EQ(cdr.at("total_excl_vat"), "11.41");
  EXPECT_EQ(cdr.at("vat_amount"), "2.40");
  EXPECT_EQ(cdr.at("total_incl_vat"), "13.81");
  EXPECT_EQ(cdr.at("cpo_cost"), "10.24");
  EXPECT_EQ(cdr.at("margin"), "1.17");
  ASSERT_EQ(cdr.at("lines").as_array().size(), 1u);
  EXPECT_EQ(cdr.at("lines").as_array().at(0).at("unit_price"), "0.55");
  EXPECT_EQ(cdr.at("lines").as_array().at(0).at("amount"), "11.41");
  EXPECT_FALSE(cdr.at("explanation").as_string().empty());
  // The other one held for an unknown token still is; a rated one is never re-rated.
  EXPECT_EQ(AllIds("/msp-cdrs?reason=UNKNOWN_TOKEN", world_.tenant_admin),
            (std::vector<std::int64_t>{M(unknown_)}));
  const http::HttpResponse final_one =
      world_.Call("POST", "/msp-cdrs/" + Id(id) + "/rerate", "", &world_.tenant_admin);
  EXPECT_EQ(final_one.status, 422) << final_one.body;
  EXPECT_NE(final_one.body.find("msp_cdr_id"), std::string::npos);
  EXPECT_EQ(world_.Call("POST", "/msp-cdrs/987654/rerate", "", &world_.tenant_admin).status, 404);

  // Each re-rate request is in the audit log: the one CDR's before and after, and the tenant's run.
  const domain::AuditPage log = world_.db().audit_log().List(world_.acme, 10, std::nullopt).value();
  ASSERT_GE(log.entries.size(), 2u);
  EXPECT_EQ(log.entries[0].action, "msp_cdr.rerate");
  EXPECT_EQ(log.entries[0].object_type, "tenant");
  EXPECT_EQ(log.entries[0].after, R"({"reason":"UNKNOWN_TOKEN","rated":1})");
  EXPECT_EQ(log.entries[1].action, "msp_cdr.rerate");
  EXPECT_EQ(log.entries[1].object_type, "msp_cdr");
  EXPECT_EQ(log.entries[1].object_id, Id(id));
  EXPECT_NE(log.entries[1].before.find("UNKNOWN_TOKEN"), std::string::npos);
}

}  // namespace
}  // namespace openmsp::api::test
