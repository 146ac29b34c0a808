// The tariff plan routes (plan_routes.cpp) on a real SQLite database through the real router: the plan
// with its versions, drafts from creation to publication, withdrawing a scheduled version, the errors that
// name the field, the audit entries, and price previews with hand-computed prices.

#include <gtest/gtest.h>

#include <string>

#include "api/api_test_world.h"
#include "api/pricing_test_support.h"

namespace openmsp::api::test {
namespace {

std::string Id(std::int64_t id) { return std::to_string(id); }

class PlanRoutesTest : public ::testing::Test {
 protected:
  // The world's clock is 2026-01-01T00:00:00Z. Acme sells in the Netherlands at 21 % VAT, bills energy
  // per Wh (step 0.001 kWh) and a session fee; Amsterdam is an 11.04 kW AC connector (EVSE-AMS1, "1").
  void SetUp() override {
    const domain::VatRate vat{.country = CountryFromAlpha3("NLD").value(),
                              .valid_from = ParseIsoDate("2020-01-01").value(),
                              .percent = Decimal(21)};
    ASSERT_TRUE(world.db().tenant_settings().ReplaceVatRates(world.acme, std::span(&vat, 1)).ok());
    energy = Code("ENERGY", domain::TariffCodeKind::kEnergy, domain::TariffUnit::kKwh, "0.001");
    fee = Code("FEE", domain::TariffCodeKind::kSessionFee, domain::TariffUnit::kSession, "1");
    amsterdam = StoreLocation(world.db(), world.acme, {.id = "AMS1", .name = "Amsterdam Centraal"}).value;
  }

  std::int64_t Code(const std::string& code, domain::TariffCodeKind kind, domain::TariffUnit unit,
                    const char* step) {
    return world.db()
        .tariff_codes()
        .Create(world.acme, domain::NewTariffCode{.code = code,
                                                  .kind = kind,
                                                  .unit = unit,
                                                  .step_size = Decimal::Parse(step).value(),
                                                  .free_units = Decimal(0),
                                                  .grace_period = std::chrono::minutes(0),
                                                  .description = code + " description"})
        .value()
        .id.value;
  }

  // A draft body: energy at `energy_price` per kWh (for business partner group `partners` when given) and a
  // session fee of 0.50.
  std::string DraftBody(const std::string& name, const std::string& energy_price,
                        std::optional<std::int64_t> partners = std::nullopt) {
    std::string rules = R"({"tariff_code_id": )" + Id(energy) + R"(, "unit_price": )" + energy_price + "}";
    if (partners) {
      rules += R"(, {"tariff_code_id": )" + Id(energy) + R"(, "business_partner_group_id": )" +
               Id(*partners) + R"(, "unit_price": 0.30})";
    }
    rules += R"(, {"tariff_code_id": )" + Id(fee) + R"(, "unit_price": 0.50})";
    return R"({"name": ")" + name + R"(", "currency": "EUR", "rules": [)" + rules + "]}";
  }

  boost::json::value Send(const std::string& method, const std::string& path, const std::string& body,
                          int status, const Caller* caller = nullptr) {
    const http::HttpResponse response =
        world.Call(method, path, body, caller != nullptr ? caller : &world.tenant_admin);
    EXPECT_EQ(response.status, status) << method << " " << path << ": " << response.body;
    return BodyOf(response);
  }

  std::int64_t CreateDraft(const std::string& body) {
    return Send("POST", "/tariff-plan/drafts", body, 201).at("id").as_int64();
  }

  std::int64_t Publish(std::int64_t draft, const std::string& body = "{}") {
    return Send("POST", "/tariff-plan/drafts/" + Id(draft) + "/publish", body, 201).at("id").as_int64();
  }

  // Expects a problem naming `field`.
  void ExpectProblem(const boost::json::value& problem, int status, const std::string& field) {
    ASSERT_TRUE(problem.is_object()) << SerializeJson(problem);
    EXPECT_EQ(problem.at("status").as_int64(), status) << SerializeJson(problem);
    ASSERT_FALSE(problem.at("errors").as_array().empty()) << SerializeJson(problem);
    EXPECT_EQ(problem.at("errors").as_array()[0].at("field").as_string(), field) << SerializeJson(problem);
  }

  std::string PreviewBody(const std::string& customer, const std::string& extra = "") {
    return "{" + customer + R"(, "location_id": )" + Id(amsterdam) +
           R"(, "evse_uid": "EVSE-AMS1", "connector_id": "1", "energy_kwh": 20, "charging_minutes": 60,
              "start": "2026-01-15T10:00:00Z")" +
           extra + "}";
  }

  ApiWorld world;
  std::int64_t energy = 0;
  std::int64_t fee = 0;
  std::int64_t amsterdam = 0;
};

TEST_F(PlanRoutesTest, ADraftIsPublishedAndTheVersionsShowWhereTheyStand) {
  Send("GET", "/tariff-plan", "", 404);  // no plan yet

  const std::int64_t first = CreateDraft(DraftBody("Launch prices", "0.35"));
  const boost::json::value draft = Send("GET", "/tariff-plan/drafts/" + Id(first), "", 200);
  EXPECT_EQ(draft.at("name").as_string(), "Launch prices");
  ASSERT_EQ(draft.at("rules").as_array().size(), 2u);
  EXPECT_EQ(draft.at("rules").as_array()[0].at("unit_price"), "0.35");

  // Published from now (no valid_from): the plan is created with it, the draft is gone.
  const std::int64_t in_force = Publish(first);
  Send("GET", "/tariff-plan/drafts/" + Id(first), "", 404);
  // A second version from 1 February: scheduled.
  const std::int64_t scheduled =
      Publish(CreateDraft(DraftBody("February", "0.39")), R"({"valid_from": "2026-02-01T00:00:00Z"})");

  const boost::json::value plan = Send("GET", "/tariff-plan", "", 200);
  const boost::json::array& versions = plan.at("versions").as_array();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].at("id").as_int64(), scheduled);
  EXPECT_EQ(versions[0].at("status").as_string(), "scheduled");
  EXPECT_EQ(versions[0].at("valid_from").as_string(), "2026-02-01T00:00:00Z");
  EXPECT_EQ(versions[1].at("id").as_int64(), in_force);
  EXPECT_EQ(versions[1].at("status").as_string(), "in_force");
  EXPECT_EQ(versions[1].at("valid_from").as_string(), "2026-01-01T00:00:00Z");
  EXPECT_EQ(versions[1].at("valid_until").as_string(), "2026-02-01T00:00:00Z");
  EXPECT_EQ(versions[1].at("rule_count").as_int64(), 2);

  const boost::json::value version = Send("GET", "/tariff-plan/versions/" + Id(scheduled), "", 200);
  EXPECT_EQ(version.at("rules").as_array().size(), 2u);
  EXPECT_EQ(version.at("rules").as_array()[0].at("unit_price"), "0.39");

  // Once February comes, the first version is past.
  world.clock().Set(ParseOcpiDateTime("2026-02-01T00:00:00Z").value());
  const Caller admin = world.Fresh(world.tenant_admin);  // the old session has expired
  const boost::json::array later = Send("GET", "/tariff-plan", "", 200, &admin).at("versions").as_array();
  EXPECT_EQ(later[0].at("status").as_string(), "in_force");
  EXPECT_EQ(later[1].at("status").as_string(), "past");
}

TEST_F(PlanRoutesTest, AScheduledVersionMayBeWithdrawnAVersionInForceNever) {
  const std::int64_t in_force = Publish(CreateDraft(DraftBody("Now", "0.35")));
  const std::int64_t scheduled =
      Publish(CreateDraft(DraftBody("Later", "0.39")), R"({"valid_from": "2026-03-01T00:00:00Z"})");
  ExpectProblem(Send("DELETE", "/tariff-plan/versions/" + Id(in_force), "", 422), 422, "valid_from");
  Send("DELETE", "/tariff-plan/versions/" + Id(scheduled), "", 204);
  Send("GET", "/tariff-plan/versions/" + Id(scheduled), "", 404);
  EXPECT_EQ(Send("GET", "/tariff-plan", "", 200).at("versions").as_array().size(), 1u);

  // A new version may not start before now, nor before the latest.
  const std::int64_t draft = CreateDraft(DraftBody("Backdated", "0.20"));
  ExpectProblem(Send("POST", "/tariff-plan/drafts/" + Id(draft) + "/publish",
                     R"({"valid_from": "2025-12-31T00:00:00Z"})", 422),
                422, "valid_from");
  ExpectProblem(
      Send("POST", "/tariff-plan/drafts/" + Id(draft) + "/publish", R"({"valid_from": "soon"})", 400), 400,
      "valid_from");
  // The draft that could not be published is still there.
  Send("GET", "/tariff-plan/drafts/" + Id(draft), "", 200);

  // Every change is in the audit log, newest first.
  const boost::json::array entries = Send("GET", "/audit-log", "", 200).at("items").as_array();
  std::vector<std::string> actions;
  for (const boost::json::value& entry : entries) actions.emplace_back(entry.at("action").as_string());
  EXPECT_EQ(actions, (std::vector<std::string>{"tariff_plan_draft.create", "tariff_plan_version.withdraw",
                                               "tariff_plan_version.publish", "tariff_plan_draft.create",
                                               "tariff_plan_version.publish", "tariff_plan_draft.create"}));
  EXPECT_EQ(entries[1].at("object_id").as_string(), Id(scheduled));
  EXPECT_TRUE(entries[1].at("after").is_null());
}

TEST_F(PlanRoutesTest, EveryErrorOfADraftNamesItsField) {
  const std::string code = Id(energy);
  const auto refused = [&](const std::string& rules, int status, const std::string& field) {
    ExpectProblem(Send("POST", "/tariff-plan/drafts",
                       R"({"name": "X", "currency": "EUR", "rules": [)" + rules + "]}", status),
                  status, field);
  };
  refused(R"({"tariff_code_id": )" + code + R"(, "unit_price": 0.3}, {"tariff_code_id": )" + code +
              R"(, "unit_price": -0.1, "priority": 1})",
          400, "rules[1].unit_price");
  refused(R"({"tariff_code_id": )" + code + R"(, "price_per_kwh": 0.3})", 400, "rules[0].price_per_kwh");
  refused(R"({"unit_price": 0.3})", 400, "rules[0].tariff_code_id");
  refused(R"({"tariff_code_id": 987654, "unit_price": 0.3})", 404, "rules[0].tariff_code_id");
  refused(R"({"tariff_code_id": )" + code + R"(, "location_group_id": 987654, "unit_price": 0.3})", 404,
          "rules[0].location_group_id");
  refused(R"({"tariff_code_id": )" + code +
              R"(, "unit_price": 0.3, "restrictions": {"time_of_day": {"start": "25:00", "end": "06:00"}}})",
          400, "rules[0].restrictions.time_of_day.start");
  refused(R"({"tariff_code_id": )" + code +
              R"(, "unit_price": 0.3, "restrictions": {"weekdays": ["MONDAY", "FUNDAY"]}})",
          400, "rules[0].restrictions.weekdays[1]");
  refused(R"({"tariff_code_id": )" + code + R"(, "unit_price": 0.3}, {"tariff_code_id": )" + code +
              R"(, "unit_price": 0.4})",
          400, "rules[1]");  // the same rule twice but for its price
  refused("", 400, "rules");
  ExpectProblem(Send("POST", "/tariff-plan/drafts", R"({"name": "X", "currency": "EURO", "rules": []})", 400),
                400, "currency");
  ExpectProblem(
      Send(
          "POST", "/tariff-plan/drafts",
          R"({"name": "X", "currency": "EUR", "min_session_price": 5, "max_session_price": 1, "rules": [{"tariff_code_id": )" +
              code + R"(, "unit_price": 0.3}]})",
          400),
      400, "max_session_price");
  EXPECT_TRUE(Send("GET", "/tariff-plan/drafts", "", 200).at("items").as_array().empty());

  // A replacement is checked the same way and leaves the draft as it was when refused.
  const std::int64_t draft = CreateDraft(DraftBody("Kept", "0.35"));
  ExpectProblem(Send("PUT", "/tariff-plan/drafts/" + Id(draft),
                     R"({"name": "Y", "currency": "EUR", "rules": [{"tariff_code_id": )" + code +
                         R"(, "unit_price": 0.1234567}]})",
                     400),
                400, "rules[0].unit_price");
  EXPECT_EQ(Send("GET", "/tariff-plan/drafts/" + Id(draft), "", 200).at("name").as_string(), "Kept");
  const boost::json::value replaced =
      Send("PUT", "/tariff-plan/drafts/" + Id(draft),
           R"({"name": "Y", "currency": "EUR", "rules": [{"tariff_code_id": )" + code +
               R"(, "unit_price": 0.31, "restrictions": {"weekdays": ["SUNDAY", "SATURDAY"],
                                                   "time_of_day": {"start": "22:00", "end": "06:00"}}}]})",
           200);
  const boost::json::object& restrictions = replaced.at("rules").as_array()[0].at("restrictions").as_object();
  EXPECT_EQ(SerializeJson(restrictions.at("weekdays")), R"(["SATURDAY","SUNDAY"])");
  EXPECT_EQ(restrictions.at("time_of_day").at("start").as_string(), "22:00");
  Send("DELETE", "/tariff-plan/drafts/" + Id(draft), "", 204);
  Send("DELETE", "/tariff-plan/drafts/" + Id(draft), "", 404);
}

TEST_F(PlanRoutesTest, APreviewIsPricedByTheRatingEngineWithTheVersionInForceADraftOrAVersion) {
  Publish(CreateDraft(DraftBody("Now", "0.35")));
  const std::string profile = R"("profile_id": )" + Id(world.driver_profile.value);

  // 20 kWh × 0.35 = 7.00, + 0.50 session fee = 7.50 excl. VAT; 21 % of 7.50 = 1.575 → 1.58; 9.08 incl.
  const boost::json::value now = Send("POST", "/price-preview", PreviewBody(profile), 200);
  EXPECT_TRUE(now.at("priced").as_bool()) << SerializeJson(now);
  EXPECT_TRUE(now.at("complete").as_bool());
  EXPECT_EQ(now.at("priced_with").at("kind").as_string(), "in_force");
  ASSERT_EQ(now.at("lines").as_array().size(), 2u);
  EXPECT_EQ(now.at("lines").as_array()[0].at("quantity"), "20.000");  // kWh to the Wh step
  EXPECT_EQ(now.at("lines").as_array()[0].at("amount"), "7.00");
  EXPECT_EQ(now.at("lines").as_array()[1].at("amount"), "0.50");
  EXPECT_EQ(now.at("total_excl_vat"), "7.50");
  EXPECT_EQ(now.at("vat_amount"), "1.58");
  EXPECT_EQ(now.at("total_incl_vat"), "9.08");
  EXPECT_EQ(now.at("session_end").as_string(), "2026-01-15T11:00:00Z");
  EXPECT_NE(now.at("explanation").as_string().find("20.000 kWh × 0.35 = 7.00"), std::string::npos)
      << now.at("explanation").as_string();

  // A draft at 0.40, with 0.30 for a business partner group the driver's unit A is in: 20 × 0.30 = 6.00
  // + 0.50 = 6.50; VAT 1.365 → 1.37; 7.87 incl. Priced before it is published.
  const std::int64_t partners =
      StoreBusinessPartnerGroup(world.db(), world.acme, "Employees", world.a).id.value;
  const std::int64_t draft = CreateDraft(DraftBody("Next", "0.40", partners));
  const boost::json::value drafted =
      Send("POST", "/price-preview", PreviewBody(profile, R"(, "draft_id": )" + Id(draft)), 200);
  EXPECT_EQ(drafted.at("priced_with").at("kind").as_string(), "draft");
  EXPECT_EQ(drafted.at("total_excl_vat"), "6.50") << SerializeJson(drafted);
  EXPECT_EQ(drafted.at("vat_amount"), "1.37");
  EXPECT_EQ(drafted.at("total_incl_vat"), "7.87");
  EXPECT_EQ(SerializeJson(drafted.at("business_partner_group_ids")), "[" + Id(partners) + "]");

  // The same draft published for March, previewed by its version id before March: 7.87 again; and a start
  // in March priced with the version then in force, asked by token.
  const std::int64_t march = Publish(draft, R"({"valid_from": "2026-03-01T00:00:00Z"})");
  const boost::json::value by_version =
      Send("POST", "/price-preview", PreviewBody(profile, R"(, "version_id": )" + Id(march)), 200);
  EXPECT_EQ(by_version.at("plan_version_id").as_int64(), march);
  EXPECT_EQ(by_version.at("total_incl_vat"), "7.87");
  const domain::Token token = world.db()
                                  .tokens()
                                  .Issue(world.acme, PartyId::Parse("NLACM").value(),
                                         domain::TokenToIssue{.profile_id = world.driver_profile,
                                                              .uid = "PREVIEW-1",
                                                              .type = domain::TokenType::kAppUser,
                                                              .visual_number = "",
                                                              .issuer = "Acme",
                                                              .group_id = "",
                                                              .whitelist = domain::TokenWhitelist::kAllowed,
                                                              .language = "",
                                                              .valid_from = std::nullopt,
                                                              .valid_until = std::nullopt,
                                                              .cost_centre = ""})
                                  .value();
  std::string in_march = PreviewBody(R"("token_id": )" + Id(token.id.value));
  in_march.replace(in_march.find("2026-01-15"), 10, "2026-03-02");
  const boost::json::value march_preview = Send("POST", "/price-preview", in_march, 200);
  EXPECT_EQ(march_preview.at("plan_version_id").as_int64(), march);
  EXPECT_EQ(march_preview.at("total_excl_vat"), "6.50") << SerializeJson(march_preview);
}

TEST_F(PlanRoutesTest, APreviewNamesWhatIsMissingOrWrong) {
  Publish(CreateDraft(DraftBody("Now", "0.35")));
  const std::string profile = R"("profile_id": )" + Id(world.driver_profile.value);
  ExpectProblem(Send("POST", "/price-preview", PreviewBody(R"("parking_minutes": 0)"), 400), 400,
                "profile_id");
  ExpectProblem(Send("POST", "/price-preview", PreviewBody(profile + R"(, "token_id": 1)"), 400), 400,
                "profile_id");
  ExpectProblem(Send("POST", "/price-preview", PreviewBody(R"("profile_id": 987654)"), 404), 404,
                "profile_id");
  ExpectProblem(Send("POST", "/price-preview", PreviewBody(R"("token_id": 987654)"), 404), 404, "token_id");
  ExpectProblem(Send("POST", "/price-preview", PreviewBody(profile, R"(, "draft_id": 987654)"), 404), 404,
                "draft_id");
  ExpectProblem(Send("POST", "/price-preview", PreviewBody(profile, R"(, "version_id": 987654)"), 404), 404,
                "version_id");
  ExpectProblem(
      Send("POST", "/price-preview", PreviewBody(profile, R"(, "version_id": 1, "draft_id": 1)"), 400), 400,
      "draft_id");
  std::string bad_connector = PreviewBody(profile);
  bad_connector.replace(bad_connector.find(R"("connector_id": "1")"), 19, R"("connector_id": "9")");
  ExpectProblem(Send("POST", "/price-preview", bad_connector, 404), 404, "connector_id");
  std::string bad_energy = PreviewBody(profile);
  bad_energy.replace(bad_energy.find(R"("energy_kwh": 20)"), 16, R"("energy_kwh": -1)");
  ExpectProblem(Send("POST", "/price-preview", bad_energy, 400), 400, "energy_kwh");
  // Before the first version: no error, an estimate that needs attention and says why.
  std::string early = PreviewBody(profile);
  early.replace(early.find("2026-01-15"), 10, "2025-06-15");
  const boost::json::value unpriced = Send("POST", "/price-preview", early, 200);
  EXPECT_FALSE(unpriced.at("priced").as_bool());
  EXPECT_EQ(unpriced.at("attention").as_string(), "NO_PLAN_VERSION");
  EXPECT_TRUE(unpriced.at("lines").as_array().empty());
}

}  // namespace
}  // namespace openmsp::api::test
