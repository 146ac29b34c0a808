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
  const boost::json::value cdr = Get("/msp-cdrs/" + Id(M(own_[0])), world_.tenant_admin);
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

TEST_F(CdrRoutesTest, WhatTheMspPaysIsForItsStaffAndHiddenPricesAreHiddenFromTheDriver) {
  const std::string path = "/msp-cdrs/" + Id(M(own_[0]));
  // Its customer's side sees the price (11.45 excl. VAT, see above), never what the MSP pays the CPO.
  for (const Caller* customer_side : {&world_.driver, &world_.fleet_manager, &world_.viewer}) {
    const boost::json::value cdr = Get(path, *customer_side);
    EXPECT_EQ(cdr.at("total_excl_vat"), "11.45");
    EXPECT_EQ(cdr.at("lines").as_array().at(0).at("amount"), "8.09");
    for (const char* purchase : {"cpo_cost_excl_vat", "cpo_cost", "margin", "exchange_rate", "cost_audit"}) {
      EXPECT_TRUE(cdr.at(purchase).is_null()) << purchase;
    }
    EXPECT_TRUE(cdr.at("cpo_cdr").at("total_cost").is_null());
    const boost::json::value cpo = Get("/cpo-cdrs/" + Id(C(own_[0])), *customer_side);
    EXPECT_TRUE(cpo.at("total_cost").is_null());
    EXPECT_TRUE(cpo.at("body").is_null());  // the CPO's prices and tariffs are in it
    EXPECT_EQ(cpo.at("total_energy"), "20.75");
  }
  EXPECT_TRUE(Get("/cpo-cdrs?limit=100", world_.fleet_manager).at("items").at(0).at("total_cost").is_null());
  EXPECT_EQ(Get(path, world_.tenant_admin).at("margin"), "1.57");

  // The fleet hides prices from its driver: the driver still sees its sessions' energy and times.
  ASSERT_TRUE(world_.db().profiles().Update(
      world_.acme, world_.driver_profile,
      domain::ProfileChanges{
          .name = std::nullopt, .kind = std::nullopt, .email = std::nullopt, .prices_hidden = true}));
  const boost::json::value hidden = Get(path, world_.driver);
  for (const char* price : {"total_excl_vat", "vat_amount", "total_incl_vat", "explanation"}) {
    EXPECT_TRUE(hidden.at(price).is_null()) << price;
  }
  EXPECT_EQ(hidden.at("vat_percent"), "21");
  const boost::json::value& line = hidden.at("lines").as_array().at(0);
  EXPECT_TRUE(line.at("unit_price").is_null());
  EXPECT_TRUE(line.at("amount").is_null());
  EXPECT_EQ(line.at("quantity"), "20.750");
  const boost::json::value listed = Get("/msp-cdrs?limit=100", world_.driver);
  for (const boost::json::value& item : listed.at("items").as_array()) {
    EXPECT_TRUE(item.at("total_incl_vat").is_null());
  }
  // Its fleet manager sees them.
  EXPECT_EQ(Get(path, world_.fleet_manager).at("total_excl_vat"), "11.45");
  EXPECT_EQ(Get("/msp-cdrs?profile_id=" + Id(world_.driver_profile.value), world_.fleet_manager)
                .at("items")
                .at(0)
                .at("total_excl_vat"),
            Get("/msp-cdrs/" + Id(M(own_[2])), world_.tenant_admin).at("total_excl_vat"));
}

// Each rated CDR of the fixture is the sample: 11.45 excl. VAT, 13.85 incl., CPO cost 9.88, margin 1.57,
// 20.75 kWh.
TEST_F(CdrRoutesTest, MonthlyStatisticsSumTheCdrsOfTheScopeAndShowOnlyWhatTheCallerMaySee) {
  const boost::json::value tenant = Get("/statistics/monthly?from=2025-10&to=2025-12", world_.tenant_admin);
  EXPECT_EQ(tenant.at("from"), "2025-10");
  EXPECT_EQ(tenant.at("to"), "2025-12");
  const boost::json::array& months = tenant.at("items").as_array();
  ASSERT_EQ(months.size(), 2u);  // December has none
  // October: only the CDR of an unknown token, held.
  EXPECT_EQ(months[0].at("month"), "2025-10");
  EXPECT_EQ(months[0].at("sessions"), 0);
  EXPECT_EQ(months[0].at("needs_attention"), 1);
  EXPECT_EQ(months[0].at("revenue_excl_vat"), "0");
  // November: the driver's two rated and one held, A1's and B's: 4 × 11.45 = 45.80, 4 × 1.57 = 6.28.
  const boost::json::value& november = months[1];
  EXPECT_EQ(november.at("month"), "2025-11");
  EXPECT_EQ(november.at("currency"), "EUR");
  EXPECT_EQ(november.at("sessions"), 4);
  EXPECT_EQ(november.at("credits"), 0);
  EXPECT_EQ(november.at("needs_attention"), 1);
  EXPECT_EQ(november.at("energy_kwh"), "83.00");
  EXPECT_EQ(november.at("revenue_excl_vat"), "45.80");
  EXPECT_EQ(november.at("revenue_incl_vat"), "55.40");
  EXPECT_EQ(november.at("cpo_cost"), "39.52");
  EXPECT_EQ(november.at("margin"), "6.28");

  // A's fleet manager: A and A1 (the driver's and the van's), without CPO cost or margin.
  const boost::json::value fleet =
      Get("/statistics/monthly?from=2025-11&to=2025-11", world_.fleet_manager).at("items").at(0);
  EXPECT_EQ(fleet.at("sessions"), 3);
  EXPECT_EQ(fleet.at("revenue_excl_vat"), "34.35");
  EXPECT_TRUE(fleet.at("cpo_cost").is_null());
  EXPECT_TRUE(fleet.at("margin").is_null());
  // The driver: its own two, and no prices once its fleet hides them.
  EXPECT_EQ(
      Get("/statistics/monthly?from=2025-11&to=2025-11", world_.driver).at("items").at(0).at("sessions"), 2);
  ASSERT_TRUE(world_.db().profiles().Update(
      world_.acme, world_.driver_profile,
      domain::ProfileChanges{
          .name = std::nullopt, .kind = std::nullopt, .email = std::nullopt, .prices_hidden = true}));
  const boost::json::value hidden =
      Get("/statistics/monthly?from=2025-11&to=2025-11", world_.driver).at("items").at(0);
  EXPECT_TRUE(hidden.at("revenue_excl_vat").is_null());
  EXPECT_EQ(hidden.at("energy_kwh"), "41.50");
  // Another tenant's admin sees its own (none); a unit out of scope is refused.
  EXPECT_TRUE(
      Get("/statistics/monthly?from=2025-11&to=2025-11", world_.other_admin).at("items").as_array().empty());
  EXPECT_EQ(ProblemField("/statistics/monthly?organisation_unit_id=" + Id(world_.b.value),
                         world_.fleet_manager, 403),
            "organisation_unit_id");
  // Without bounds: the twelve months up to this one (the world's clock is in January 2026).
  const boost::json::value year = Get("/statistics/monthly", world_.tenant_admin);
  EXPECT_EQ(year.at("from"), "2025-02");
  EXPECT_EQ(year.at("to"), "2026-01");
  EXPECT_EQ(ProblemField("/statistics/monthly?from=2025-13", world_.tenant_admin), "from");
  EXPECT_EQ(ProblemField("/statistics/monthly?from=2025-11&to=2025-10", world_.tenant_admin), "to");
  EXPECT_EQ(ProblemField("/statistics/monthly?from=2020-01&to=2025-10", world_.tenant_admin), "to");
  EXPECT_EQ(ProblemField("/statistics/monthly?month=2025-10", world_.tenant_admin), "month");
}

TEST_F(CdrRoutesTest, AWhatIfRatesThePeriodsCdrsWithADraftAndStoresNothing) {
  const openmsp::test::MspCdrSample book = BookOf(world_.db(), world_.acme, world_.root);
  const boost::json::value version =
      Get("/tariff-plan/versions/" + Id(book.plan_version_id.value), world_.tenant_admin);
  boost::json::array rules = version.at("rules").as_array();
  for (boost::json::value& rule : rules) rule.as_object().erase("id");
  const auto draft_of = [&](const boost::json::array& draft_rules) {
    const boost::json::object body{
        {"name", "What if"}, {"currency", version.at("currency")}, {"rules", draft_rules}};
    const http::HttpResponse created =
        world_.Call("POST", "/tariff-plan/drafts", SerializeJson(body), &world_.tenant_admin);
    EXPECT_EQ(created.status, 201) << created.body;
    return BodyOf(created).at("id").as_int64();
  };
  const auto what_if = [&](const std::string& body, int status, const Caller& caller) {
    const http::HttpResponse response = world_.Call("POST", "/tariff-plan/what-if", body, &caller);
    EXPECT_EQ(response.status, status) << body << ": " << response.body;
    return BodyOf(response);
  };
  const std::string november = R"("from": "2025-11-01T00:00:00Z", "to": "2025-12-01T00:00:00Z")";
  const std::size_t stored_before = AllIds("/msp-cdrs?limit=100", world_.tenant_admin).size();

  // A draft that copies the book's version rates as that version does; the plan as it is may differ (other
  // cases of the fixture add versions), so the report says both, and the difference is draft − now.
  const std::int64_t same = draft_of(rules);
  const boost::json::value report =
      what_if("{" + november + R"(, "draft_id": )" + Id(same) + "}", 200, world_.tenant_admin);
  EXPECT_EQ(report.at("priced_with").at("kind"), "draft");
  EXPECT_EQ(report.at("priced_with").at("id"), same);
  const boost::json::value& total = report.at("total");
  EXPECT_EQ(total.at("cdrs"), 5);  // the driver's three, A1's and B's; the October one is outside
  const auto amount = [](const boost::json::value& value) {
    return Decimal::Parse(value.as_string()).value();
  };
  EXPECT_EQ(amount(total.at("revenue_difference")),
            amount(total.at("revenue_draft")) - amount(total.at("revenue_now")));
  EXPECT_EQ(amount(total.at("margin_difference")),
            amount(total.at("margin_draft")) - amount(total.at("margin_now")));
  EXPECT_FALSE(report.at("by_location_group").as_array().empty());
  const boost::json::value as_version =
      what_if("{" + november + R"(, "version_id": )" + Id(book.plan_version_id.value) + "}", 200,
              world_.tenant_admin)
          .at("total");
  EXPECT_EQ(as_version.at("revenue_draft"), total.at("revenue_draft"));
  EXPECT_EQ(as_version.at("held_draft"), total.at("held_draft"));
  EXPECT_EQ(as_version.at("revenue_now"), total.at("revenue_now"));

  // Every unit price doubled: more revenue than the copy.
  for (boost::json::value& rule : rules) {
    rule.as_object()["unit_price"] = (amount(rule.at("unit_price")) * Decimal(2)).ToString();
  }
  const boost::json::value dearer =
      what_if("{" + november + R"(, "draft_id": )" + Id(draft_of(rules)) + "}", 200, world_.tenant_admin)
          .at("total");
  EXPECT_GT(amount(dearer.at("revenue_draft")), amount(total.at("revenue_draft")));
  EXPECT_EQ(dearer.at("revenue_now"), total.at("revenue_now"));
  EXPECT_EQ(AllIds("/msp-cdrs?limit=100", world_.tenant_admin).size(), stored_before);

  const auto field_of = [&](const std::string& body, int status) {
    const boost::json::value problem = what_if(body, status, world_.tenant_admin);
    return std::string(problem.at("errors").as_array().at(0).at("field").as_string());
  };
  EXPECT_EQ(field_of("{" + november + "}", 400), "draft_id");
  EXPECT_EQ(field_of(R"({"to": "2025-12-01T00:00:00Z", "draft_id": )" + Id(same) + "}", 400), "from");
  EXPECT_EQ(field_of(R"({"from": "2025-08-01T00:00:00Z", "to": "2025-12-01T00:00:00Z", "draft_id": )" +
                         Id(same) + "}",
                     400),
            "to");
  EXPECT_EQ(field_of("{" + november + R"(, "draft_id": 987654})", 404), "draft_id");
  (void)what_if("{" + november + R"(, "draft_id": )" + Id(same) + "}", 403, world_.fleet_manager);
  // The other tenant's admin cannot use acme's draft.
  (void)what_if("{" + november + R"(, "draft_id": )" + Id(same) + "}", 404, world_.other_admin);
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
  EXPECT_EQ(Get("/cpo-cdrs/" + Id(C(own_[1])), world_.tenant_admin).at("body").as_string(), stored.body);
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
  const boost::json::value cdr = Get("/msp-cdrs/" + Id(id), world_.tenant_admin);
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
  const domain::AuditPage log = world_.db().audit_log().List(world_.acme, {}, 10, std::nullopt).value();
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
