// The tokens module on a real SQLite database: the paginated list a CPO pulls, and real-time
// authorization with every AllowedType, the unknown token and bad requests.

#include "emsp/tokens_module.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <memory>
#include <regex>
#include <string>

#include "emsp/tokens_test_support.h"
#include "support/json_schema.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;
using domain::TokenStatus;
using testing::AddDriver;
using testing::AddToken;
using testing::DemoCard;

const std::string kSchemas = std::string(OPENMSP_SHARED_DIR) + "/ocpi/schemas/2.2.1/";

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

std::vector<std::string> Violations(const char* schema, const json::value& instance) {
  return test::JsonSchema::Load(kSchemas + schema).value().Validate(instance);
}

domain::Token Card(TokenStatus status, std::optional<Instant> from = std::nullopt,
                   std::optional<Instant> until = std::nullopt) {
  return domain::Token{.id = {},
                       .tenant_id = {},
                       .profile_id = {},
                       .uid = "04A2B3C4D5E601",
                       .type = domain::TokenType::kRfid,
                       .contract_id = EmaId::Parse("NL-DEM-C00122045").value(),
                       .visual_number = "",
                       .issuer = "Demo MSP",
                       .group_id = "",
                       .whitelist = domain::TokenWhitelist::kAllowed,
                       .language = "",
                       .valid_from = from,
                       .valid_until = until,
                       .cost_centre = "",
                       .status = status,
                       .last_updated = Instant::FromUnixMilliseconds(0)};
}

TEST(AuthorizationAllowedTest, FollowsTheLifecycleAndTheValidityDates) {
  const Instant now = At("2026-03-01T12:00:00Z");
  EXPECT_EQ(AuthorizationAllowed(Card(TokenStatus::kActive), now), ocpi::AllowedType::kAllowed);
  EXPECT_EQ(AuthorizationAllowed(Card(TokenStatus::kPending), now), ocpi::AllowedType::kNotAllowed);
  EXPECT_EQ(AuthorizationAllowed(Card(TokenStatus::kBlocked), now), ocpi::AllowedType::kBlocked);
  EXPECT_EQ(AuthorizationAllowed(Card(TokenStatus::kLost), now), ocpi::AllowedType::kBlocked);
  EXPECT_EQ(AuthorizationAllowed(Card(TokenStatus::kExpired), now), ocpi::AllowedType::kExpired);
  // valid_from is included, valid_until excluded.
  EXPECT_EQ(AuthorizationAllowed(Card(TokenStatus::kActive, now, now + std::chrono::milliseconds(1)), now),
            ocpi::AllowedType::kAllowed);
  EXPECT_EQ(AuthorizationAllowed(Card(TokenStatus::kActive, now + std::chrono::milliseconds(1)), now),
            ocpi::AllowedType::kNotAllowed);
  EXPECT_EQ(AuthorizationAllowed(Card(TokenStatus::kActive, std::nullopt, now), now),
            ocpi::AllowedType::kExpired);
  // A blocked card stays blocked inside its dates; an expired status wins over open dates.
  EXPECT_EQ(AuthorizationAllowed(Card(TokenStatus::kBlocked, At("2026-01-01T00:00:00Z")), now),
            ocpi::AllowedType::kBlocked);
  EXPECT_EQ(AuthorizationExplanation(Card(TokenStatus::kActive), now), "");
  EXPECT_EQ(AuthorizationExplanation(Card(TokenStatus::kLost), now),
            "This card was reported lost and no longer works.");
}

class TokensModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    remembered_ = RegisterTokensModule(world_.endpoints());
    driver_ = AddDriver(world_);
  }

  domain::Token Add(const std::string& uid, TokenStatus status = TokenStatus::kActive,
                    domain::TokenType type = domain::TokenType::kRfid) {
    return AddToken(world_, DemoCard(driver_, uid, type), status);
  }

  // What a real-time authorization of card `uid` answers.
  std::string Allowed(const std::string& uid) {
    const http::HttpResponse response = world_.Send("POST", "/ocpi/2.2.1/tokens/" + uid + "/authorize");
    EXPECT_EQ(response.status, 200) << response.body;
    return std::string(testing::OcpiTestWorld::Envelope(response).at("data").at("allowed").as_string());
  }

  // Changes the status of `token` as another process would: straight in the database.
  void SetStatusElsewhere(const domain::Token& token, TokenStatus status) {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    (void)db->tokens().SetStatus(world_.tenant(), token.id, status).value();
  }

  testing::OcpiTestWorld world_;
  domain::ProfileId driver_;
  std::shared_ptr<RememberedTokens> remembered_;
};

TEST_F(TokensModuleTest, ListsTheTenantsTokensOldestFirstInPagesWithTheHeaders) {
  Add("04A2B3C4D5E601");  // last_updated 12:00:00
  world_.clock().Advance(std::chrono::minutes(1));
  Add("04A2B3C4D5E602", TokenStatus::kBlocked);  // 12:01:00
  world_.clock().Advance(std::chrono::minutes(1));
  Add("app-user-3", TokenStatus::kPending, domain::TokenType::kAppUser);  // 12:02:00

  const http::HttpResponse first = world_.Send("GET", "/ocpi/2.2.1/tokens?limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  const json::value first_body = json::parse(first.body);
  EXPECT_EQ(Violations("ocpi.2_2_1.tokens.response.json", first_body), std::vector<std::string>{});
  const json::array& page = first_body.at("data").as_array();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].at("uid").as_string(), "04A2B3C4D5E601");
  EXPECT_EQ(page[0].at("valid").as_bool(), true);
  EXPECT_EQ(page[0].at("country_code").as_string(), "NL");
  EXPECT_EQ(page[0].at("party_id").as_string(), "DEM");
  EXPECT_EQ(page[0].at("last_updated").as_string(), "2026-03-01T12:00:00Z");
  EXPECT_EQ(page[1].at("uid").as_string(), "04A2B3C4D5E602");
  EXPECT_EQ(page[1].at("valid").as_bool(), false);
  EXPECT_EQ(first.headers.Get("X-Total-Count"), "3");
  EXPECT_EQ(first.headers.Get("X-Limit"), "1000");
  EXPECT_EQ(first.headers.Get("Link"),
            "<http://127.0.0.1:8080/ocpi/2.2.1/tokens?offset=2&limit=2>; rel=\"next\"");

  const http::HttpResponse second = world_.Send("GET", "/ocpi/2.2.1/tokens?offset=2&limit=2");
  const json::array rest = json::parse(second.body).at("data").as_array();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].at("uid").as_string(), "app-user-3");
  EXPECT_EQ(rest[0].at("type").as_string(), "APP_USER");
  EXPECT_EQ(second.headers.Get("X-Total-Count"), "3");
  EXPECT_FALSE(second.headers.Get("Link").has_value());
}

TEST_F(TokensModuleTest, FiltersOnLastUpdatedFromIncludedToExcluded) {
  Add("04A2B3C4D5E601");
  world_.clock().Advance(std::chrono::minutes(1));
  Add("04A2B3C4D5E602");
  world_.clock().Advance(std::chrono::minutes(1));
  Add("04A2B3C4D5E603");

  const http::HttpResponse window =
      world_.Send("GET", "/ocpi/2.2.1/tokens?date_from=2026-03-01T12:01:00Z&date_to=2026-03-01T12:02:00Z");
  ASSERT_EQ(window.status, 200) << window.body;
  const json::array tokens = json::parse(window.body).at("data").as_array();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].at("uid").as_string(), "04A2B3C4D5E602");
  EXPECT_EQ(window.headers.Get("X-Total-Count"), "1");

  // A change moves a token to the end of the order: what a CPO's delta pull picks up.
  world_.clock().Advance(std::chrono::minutes(1));
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    const domain::Token first =
        db->tokens().FindByUid(world_.tenant(), "04A2B3C4D5E601", domain::TokenType::kRfid).value();
    (void)db->tokens().SetStatus(world_.tenant(), first.id, TokenStatus::kBlocked).value();
  }
  const http::HttpResponse delta = world_.Send("GET", "/ocpi/2.2.1/tokens?date_from=2026-03-01T12:03:00Z");
  const json::array changed = json::parse(delta.body).at("data").as_array();
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].at("uid").as_string(), "04A2B3C4D5E601");
  EXPECT_EQ(changed[0].at("valid").as_bool(), false);
}

TEST_F(TokensModuleTest, RefusesBadPaginationNamingTheParameter) {
  const http::HttpResponse zero = world_.Send("GET", "/ocpi/2.2.1/tokens?limit=0");
  EXPECT_EQ(zero.status, 400);
  EXPECT_EQ(testing::OcpiTestWorld::Envelope(zero).at("status_code").as_int64(), 2001);
  EXPECT_NE(
      std::string(testing::OcpiTestWorld::Envelope(zero).at("status_message").as_string()).find("limit"),
      std::string::npos);
  const http::HttpResponse offset =
      world_.Send("GET", "/ocpi/2.2.1/tokens?date_from=2026-03-01T12:00:00%2B01:00");
  EXPECT_EQ(offset.status, 400);
  EXPECT_NE(std::string(testing::OcpiTestWorld::Envelope(offset).at("status_message").as_string())
                .find("date_from"),
            std::string::npos);
}

TEST_F(TokensModuleTest, ListsNoTokenOfAnotherTenant) {
  Add("04A2B3C4D5E601");
  {
    store::RepositoryPool::Lease db = world_.pool().Borrow().value();
    const domain::Tenant other =
        db->tenants()
            .Create(domain::NewTenant{.slug = "other",
                                      .name = "Other",
                                      .default_currency = Currency::Find("EUR").value(),
                                      .parties = {PartyId::Parse("DE-OTH").value()}})
            .value();
    const domain::OrganisationUnit root =
        db->organisation_units()
            .Create(other.id, {.parent_id = std::nullopt, .name = "Other", .billing = {}})
            .value();
    const domain::Profile driver = db->profiles()
                                       .Create(other.id, {.organisation_unit_id = root.id,
                                                          .name = "Eve",
                                                          .kind = domain::ProfileKind::kDriver,
                                                          .email = "",
                                                          .prices_hidden = false})
                                       .value();
    domain::NewToken card = DemoCard(driver.id, "04A2B3C4D5E6FF");
    card.contract_id = EmaId::Parse("DE-OTH-C00000001").value();
    (void)db->tokens().Create(other.id, card).value();
  }
  const http::HttpResponse list = world_.Send("GET", "/ocpi/2.2.1/tokens");
  EXPECT_EQ(json::parse(list.body).at("data").as_array().size(), 1u);
  EXPECT_EQ(list.headers.Get("X-Total-Count"), "1");
  const http::HttpResponse foreign = world_.Send("POST", "/ocpi/2.2.1/tokens/04A2B3C4D5E6FF/authorize");
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(testing::OcpiTestWorld::Envelope(foreign).at("status_code").as_int64(), 2004);
}

TEST_F(TokensModuleTest, AuthorizesAnActiveCardWithANewReferenceEachTime) {
  Add("04A2B3C4D5E601");
  const std::string location = R"({"location_id":"LOC1","evse_uids":["EVSE-1","EVSE-2"]})";
  const http::HttpResponse first =
      world_.Send("POST", "/ocpi/2.2.1/tokens/04a2b3c4d5e601/authorize?type=RFID", location);
  ASSERT_EQ(first.status, 200) << first.body;
  const json::object envelope = testing::OcpiTestWorld::Envelope(first);
  EXPECT_EQ(envelope.at("status_code").as_int64(), 1000);
  const json::object& info = envelope.at("data").as_object();
  EXPECT_EQ(info.at("allowed").as_string(), "ALLOWED");
  EXPECT_EQ(info.at("token").at("uid").as_string(), "04A2B3C4D5E601");
  EXPECT_EQ(Violations("ocpi.2_2_1.token.json", info.at("token")), std::vector<std::string>{});
  EXPECT_EQ(info.at("location"), json::parse(location));
  EXPECT_FALSE(info.contains("info"));
  const std::string reference(info.at("authorization_reference").as_string());
  EXPECT_TRUE(std::regex_match(
      reference, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << reference;

  const http::HttpResponse second = world_.Send("POST", "/ocpi/2.2.1/tokens/04A2B3C4D5E601/authorize");
  const json::object again = testing::OcpiTestWorld::Envelope(second).at("data").as_object();
  EXPECT_EQ(again.at("allowed").as_string(), "ALLOWED");
  EXPECT_FALSE(again.contains("location"));
  EXPECT_NE(std::string(again.at("authorization_reference").as_string()), reference);
}

TEST_F(TokensModuleTest, RemembersATokenForItsLifetimeUnlessForgotten) {
  const domain::Token card = Add("04A2B3C4D5E601");
  EXPECT_EQ(Allowed("04A2B3C4D5E601"), "ALLOWED");

  // Blocked by another process: seen once the token's two seconds in memory are over, not before.
  SetStatusElsewhere(card, TokenStatus::kBlocked);
  world_.clock().Advance(std::chrono::milliseconds(1999));
  EXPECT_EQ(Allowed("04A2B3C4D5E601"), "ALLOWED");
  world_.clock().Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(Allowed("04A2B3C4D5E601"), "BLOCKED");

  // Unblocked by this process, which forgets what the module remembered: seen at once.
  SetStatusElsewhere(card, TokenStatus::kActive);
  EXPECT_EQ(Allowed("04A2B3C4D5E601"), "BLOCKED");
  remembered_->ForgetAll();
  EXPECT_EQ(Allowed("04A2B3C4D5E601"), "ALLOWED");

  // What the answer depends on besides the token, the clock, is read at every request.
  domain::NewToken ending = DemoCard(driver_, "04A2B3C4D5E602");
  ending.valid_until = world_.clock().Now() + std::chrono::milliseconds(500);
  AddToken(world_, ending);
  EXPECT_EQ(Allowed("04A2B3C4D5E602"), "ALLOWED");
  world_.clock().Advance(std::chrono::milliseconds(500));
  EXPECT_EQ(Allowed("04A2B3C4D5E602"), "EXPIRED");
}

TEST_F(TokensModuleTest, AnswersBlockedExpiredAndNotAllowedWithAReasonAnd200) {
  Add("04A2B3C4D5E601", TokenStatus::kBlocked);
  Add("04A2B3C4D5E602", TokenStatus::kExpired);
  Add("04A2B3C4D5E603", TokenStatus::kPending);
  Add("04A2B3C4D5E604", TokenStatus::kLost);
  domain::NewToken later = DemoCard(driver_, "04A2B3C4D5E605");
  later.valid_from = At("2026-04-01T00:00:00Z");
  AddToken(world_, later);
  domain::NewToken ended = DemoCard(driver_, "04A2B3C4D5E606");
  ended.valid_until = At("2026-03-01T12:00:00Z");  // the world's now: excluded
  AddToken(world_, ended);

  const auto allowed = [this](const char* uid) {
    const http::HttpResponse response = world_.Send(
        "POST", std::string("/ocpi/2.2.1/tokens/") + uid + "/authorize", R"({"location_id":"LOC1"})");
    EXPECT_EQ(response.status, 200) << response.body;
    const json::object info = testing::OcpiTestWorld::Envelope(response).at("data").as_object();
    EXPECT_FALSE(info.contains("location")) << uid;
    EXPECT_EQ(info.at("token").at("valid").as_bool(), false) << uid;
    EXPECT_EQ(info.at("info").at("language").as_string(), "en") << uid;
    return std::string(info.at("allowed").as_string());
  };
  EXPECT_EQ(allowed("04A2B3C4D5E601"), "BLOCKED");
  EXPECT_EQ(allowed("04A2B3C4D5E602"), "EXPIRED");
  EXPECT_EQ(allowed("04A2B3C4D5E603"), "NOT_ALLOWED");
  EXPECT_EQ(allowed("04A2B3C4D5E604"), "BLOCKED");
  EXPECT_EQ(allowed("04A2B3C4D5E605"), "NOT_ALLOWED");
  EXPECT_EQ(allowed("04A2B3C4D5E606"), "EXPIRED");
}

TEST_F(TokensModuleTest, AnUnknownTokenIs404With2004AndNoData) {
  Add("app-user-1", TokenStatus::kActive, domain::TokenType::kAppUser);
  for (const char* path : {"/ocpi/2.2.1/tokens/04A2B3C4D5E699/authorize",
                           "/ocpi/2.2.1/tokens/app-user-1/authorize",  // RFID by default, and not a hex UID
                           "/ocpi/2.2.1/tokens/app-user-1/authorize?type=OTHER"}) {
    const http::HttpResponse response = world_.Send("POST", path);
    EXPECT_EQ(response.status, 404) << path;
    const json::object envelope = testing::OcpiTestWorld::Envelope(response);
    EXPECT_EQ(envelope.at("status_code").as_int64(), 2004) << path;
    EXPECT_FALSE(envelope.contains("data") && !envelope.at("data").is_null()) << path;
  }
  EXPECT_EQ(world_.Send("POST", "/ocpi/2.2.1/tokens/APP-USER-1/authorize?type=APP_USER").status, 200);
}

TEST_F(TokensModuleTest, RefusesABadTypeOrBodyWith2001NamingTheField) {
  Add("04A2B3C4D5E601");
  const auto message = [this](const std::string& path, const std::string& body) {
    const http::HttpResponse response = world_.Send("POST", path, body);
    EXPECT_EQ(response.status, 400) << response.body;
    const json::object envelope = testing::OcpiTestWorld::Envelope(response);
    EXPECT_EQ(envelope.at("status_code").as_int64(), 2001);
    return std::string(envelope.at("status_message").as_string());
  };
  const std::string authorize = "/ocpi/2.2.1/tokens/04A2B3C4D5E601/authorize";
  EXPECT_EQ(message(authorize + "?type=CARD", "").rfind("type:", 0), 0u);
  EXPECT_EQ(message(authorize + "?type=EMAID", "").rfind("type:", 0), 0u);
  EXPECT_EQ(message(authorize + "?type=RFID&type=RFID", "").rfind("type:", 0), 0u);
  EXPECT_EQ(message(authorize, R"({"evse_uids":[]})").rfind("location_id:", 0), 0u);
  EXPECT_EQ(message(authorize, R"({"location_id":"L","evse_uids":["E",""]})").rfind("evse_uids[1]", 0), 0u);
  EXPECT_EQ(message(authorize, R"({"location_id":)").rfind("body", 0), 0u);
  // A body of null is no location at all.
  EXPECT_EQ(world_.Send("POST", authorize, "null").status, 200);
}

TEST_F(TokensModuleTest, OnlyAConnectedPeerGetsIn) {
  Add("04A2B3C4D5E601");
  EXPECT_EQ(world_.Send("GET", "/ocpi/2.2.1/tokens", "", world_.token_a()).status, 401);
  EXPECT_EQ(world_.Send("POST", "/ocpi/2.2.1/tokens/04A2B3C4D5E601/authorize", "", "not-a-token").status,
            401);
}

}  // namespace
}  // namespace openmsp::emsp
