#include "ocpi/tokens.h"

#include <gtest/gtest.h>

#include "core/ids/emaid.h"
#include "ocpi/ocpi_test_support.h"

namespace openmsp::ocpi {
namespace {

using test::ErrorOf;
using test::Json;

const Instant kNow = ParseOcpiDateTime("2026-03-01T10:00:00Z").value();

PartyId Party(std::string_view text) { return PartyId::Parse(text).value(); }

domain::Token CardToken() {
  return domain::Token{.id = {},
                       .tenant_id = {},
                       .profile_id = {},
                       .uid = "04A2B3C4D5E680",
                       .type = domain::TokenType::kRfid,
                       .contract_id = EmaId::Parse("NL-TNM-C00122045").value(),
                       .visual_number = "DF000-2001-8999",
                       .issuer = "TheNewMotion",
                       .group_id = "",
                       .whitelist = domain::TokenWhitelist::kAllowed,
                       .language = "",
                       .valid_from = std::nullopt,
                       .valid_until = std::nullopt,
                       .cost_centre = "",
                       .status = domain::TokenStatus::kActive,
                       .last_updated = ParseOcpiDateTime("2026-02-01T09:00:00Z").value()};
}

AuthorizationInfo Info(AllowedType allowed, boost::json::object token) {
  AuthorizationInfo info;
  info.allowed = allowed;
  info.token = std::move(token);
  return info;
}

TEST(TokenJsonTest, WritesTheOcpiTokenLeavingUnsetOptionsOut) {
  Result<boost::json::object> json = TokenJson(CardToken(), Party("NL-TNM"), kNow);
  ASSERT_TRUE(json.ok()) << json.error().ToString();
  EXPECT_EQ(boost::json::value(*json),
            Json(R"({"country_code": "NL", "party_id": "TNM", "uid": "04A2B3C4D5E680",
    "type": "RFID", "contract_id": ")" +
                 CardToken().contract_id.ToString() + R"(",
    "visual_number": "DF000-2001-8999", "issuer": "TheNewMotion", "valid": true, "whitelist": "ALLOWED",
    "last_updated": "2026-02-01T09:00:00Z"})"));
}

TEST(TokenJsonTest, ValidFollowsStatusAndDatesAtTheInjectedInstant) {
  domain::Token token = CardToken();
  token.group_id = "GROUP-1";
  token.language = "nl";
  token.valid_until = kNow;  // exclusive
  Result<boost::json::object> json = TokenJson(token, Party("NL-TNM"), kNow);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->at("valid"), false);
  EXPECT_EQ(json->at("group_id"), "GROUP-1");
  EXPECT_EQ(json->at("language"), "nl");
  EXPECT_EQ(TokenJson(token, Party("NL-TNM"), kNow - std::chrono::seconds(1))->at("valid"), true);
  token.valid_until.reset();
  token.status = domain::TokenStatus::kBlocked;
  EXPECT_EQ(TokenJson(token, Party("NL-TNM"), kNow)->at("valid"), false);
}

TEST(TokenJsonTest, EmaidTokensDoNotExistIn221) {
  domain::Token token = CardToken();
  token.type = domain::TokenType::kEmaid;
  EXPECT_EQ(ErrorOf(TokenJson(token, Party("NL-TNM"), kNow)).field, "type");
}

TEST(TokenPartyTest, ThePartyOfTheContractIdOrTheOnlyOne) {
  const std::vector<PartyId> two = {Party("BE-TNM"), Party("NL-TNM")};
  EXPECT_EQ(TokenParty(CardToken(), two).value(), Party("NL-TNM"));
  const std::vector<PartyId> one = {Party("DE-DEM")};
  EXPECT_EQ(TokenParty(CardToken(), one).value(), Party("DE-DEM"));
  const std::vector<PartyId> others = {Party("DE-DEM"), Party("BE-DEM")};
  const Error error = ErrorOf(TokenParty(CardToken(), others));
  EXPECT_EQ(error.code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.field, "contract_id");
}

TEST(ParseLocationReferencesTest, ReadsLocationAndEvses) {
  Result<LocationReferences> references =
      ParseLocationReferences(Json(R"({"location_id": "LOC1", "evse_uids": ["3256", "3257"], "x": 1})"));
  ASSERT_TRUE(references.ok()) << references.error().ToString();
  EXPECT_EQ(*references, (LocationReferences{"LOC1", {"3256", "3257"}}));
  EXPECT_TRUE(
      ParseLocationReferences(Json(R"({"location_id": "LOC1", "evse_uids": null})"))->evse_uids.empty());
  EXPECT_TRUE(ParseLocationReferences(Json(R"({"location_id": "LOC1"})"))->evse_uids.empty());
}

TEST(ParseLocationReferencesTest, RefusesNamingTheField) {
  const struct {
    std::string_view json;
    std::string_view field;
  } cases[] = {
      {R"({})", "location_id"},
      {R"({"location_id": ""})", "location_id"},
      {R"({"location_id": "0123456789012345678901234567890123456"})", "location_id"},
      {R"({"location_id": "LOC1", "evse_uids": "3256"})", "evse_uids"},
      {R"({"location_id": "LOC1", "evse_uids": ["3256", 3257]})", "evse_uids[1]"},
      {R"({"location_id": "LOC1", "evse_uids": ["caf\u00e9"]})", "evse_uids[0]"},
  };
  for (const auto& c : cases) {
    const Error error = ErrorOf(ParseLocationReferences(Json(c.json)));
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << c.json;
    EXPECT_EQ(error.field, c.field) << c.json << " -> " << error.ToString();
  }
}

TEST(AuthorizationInfoJsonTest, WritesAllowedTokenLocationReferenceAndInfo) {
  const boost::json::object token = TokenJson(CardToken(), Party("NL-TNM"), kNow).value();
  AuthorizationInfo info = Info(AllowedType::kAllowed, token);
  info.location = LocationReferences{"LOC1", {"3256"}};
  info.authorization_reference = "AUTH-0001";
  info.info = DisplayText{"en", "Welcome"};
  Result<boost::json::value> json = AuthorizationInfoJson(info);
  ASSERT_TRUE(json.ok()) << json.error().ToString();
  EXPECT_EQ(json->at("allowed"), "ALLOWED");
  EXPECT_EQ(json->at("token"), token);
  EXPECT_EQ(json->at("location"), Json(R"({"location_id": "LOC1", "evse_uids": ["3256"]})"));
  EXPECT_EQ(json->at("authorization_reference"), "AUTH-0001");
  EXPECT_EQ(json->at("info"), Json(R"({"language": "en", "text": "Welcome"})"));
}

TEST(AuthorizationInfoJsonTest, BlockedWithoutOptionsAndBadFieldsNamed) {
  const boost::json::object token = TokenJson(CardToken(), Party("NL-TNM"), kNow).value();
  Result<boost::json::value> blocked = AuthorizationInfoJson(Info(AllowedType::kBlocked, token));
  ASSERT_TRUE(blocked.ok());
  EXPECT_EQ(blocked->as_object().size(), 2U);
  EXPECT_EQ(blocked->at("allowed"), "BLOCKED");
  EXPECT_EQ(ErrorOf(AuthorizationInfoJson(Info(AllowedType::kAllowed, {}))).field, "token");
  AuthorizationInfo long_reference = Info(AllowedType::kAllowed, token);
  long_reference.authorization_reference = std::string(37, 'a');
  EXPECT_EQ(ErrorOf(AuthorizationInfoJson(long_reference)).field, "authorization_reference");
  AuthorizationInfo no_location_id = Info(AllowedType::kAllowed, token);
  no_location_id.location = LocationReferences{"", {}};
  EXPECT_EQ(ErrorOf(AuthorizationInfoJson(no_location_id)).field, "location.location_id");
  AuthorizationInfo bad_language = Info(AllowedType::kAllowed, token);
  bad_language.info = DisplayText{"eng", "x"};
  EXPECT_EQ(ErrorOf(AuthorizationInfoJson(bad_language)).field, "info.language");
}

TEST(AllowedTypeTest, OcpiSpellings) {
  EXPECT_EQ(AllowedTypeName(AllowedType::kNoCredit), "NO_CREDIT");
  EXPECT_EQ(AllowedTypeName(AllowedType::kNotAllowed), "NOT_ALLOWED");
  EXPECT_EQ(AllowedTypeName(AllowedType::kExpired), "EXPIRED");
}

}  // namespace
}  // namespace openmsp::ocpi
