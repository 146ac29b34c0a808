#include "domain/token.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

namespace openmsp::domain {
namespace {

using enum TokenStatus;

NewToken Card(std::string uid) {
  return NewToken{.profile_id = ProfileId{1},
                  .uid = std::move(uid),
                  .type = TokenType::kRfid,
                  .contract_id = EmaId::Parse("DE-ACM-C00000001").value(),
                  .visual_number = "DE-ACM-C00000001",
                  .issuer = "Acme Mobility",
                  .group_id = "",
                  .whitelist = TokenWhitelist::kAllowed,
                  .language = "de",
                  .valid_from = std::nullopt,
                  .valid_until = std::nullopt,
                  .cost_centre = ""};
}

std::string FieldAtFault(const NewToken& token) {
  Result<NewToken> result = ValidateNewToken(token);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  return result.error().field;
}

TEST(ValidateNewTokenTest, NormalisesAnRfidUidToUpperCaseHex) {
  Result<NewToken> token = ValidateNewToken(Card("04:a2:2b:5a:3c:12:80"));
  ASSERT_TRUE(token.ok()) << token.error().ToString();
  EXPECT_EQ(token->uid, "04A22B5A3C1280");
}

TEST(ValidateNewTokenTest, KeepsAnotherTypesUidAsGiven) {
  NewToken app = Card("app-user-0001");
  app.type = TokenType::kAppUser;
  EXPECT_EQ(ValidateNewToken(app)->uid, "app-user-0001");
  app.uid = std::string(37, 'x');
  EXPECT_EQ(FieldAtFault(app), "uid");
  app.uid = "";
  EXPECT_EQ(FieldAtFault(app), "uid");
}

TEST(ValidateNewTokenTest, NamesTheFieldAtFault) {
  EXPECT_EQ(FieldAtFault(Card("04:A2")), "uid");
  NewToken token = Card("04A22B5A");
  token.visual_number = std::string(65, 'x');
  EXPECT_EQ(FieldAtFault(token), "visual_number");
  token = Card("04A22B5A");
  token.issuer = "";
  EXPECT_EQ(FieldAtFault(token), "issuer");
  token = Card("04A22B5A");
  token.group_id = "caf\xc3\xa9";
  EXPECT_EQ(FieldAtFault(token), "group_id");
  for (const char* language : {"DE", "d", "deu", "d1"}) {
    token = Card("04A22B5A");
    token.language = language;
    EXPECT_EQ(FieldAtFault(token), "language") << language;
  }
  token = Card("04A22B5A");
  token.valid_from = Instant::FromUnixMilliseconds(1000);
  token.valid_until = Instant::FromUnixMilliseconds(1000);
  EXPECT_EQ(FieldAtFault(token), "valid_until");
  token = Card("04A22B5A");
  token.cost_centre = std::string(65, 'x');
  EXPECT_EQ(FieldAtFault(token), "cost_centre");
}

TEST(TokenEnumsTest, RoundTripTheirNames) {
  for (TokenType type :
       {TokenType::kAdHocUser, TokenType::kAppUser, TokenType::kEmaid, TokenType::kOther, TokenType::kRfid}) {
    EXPECT_EQ(ParseTokenType(TokenTypeName(type)).value(), type);
  }
  for (TokenWhitelist whitelist : {TokenWhitelist::kAlways, TokenWhitelist::kAllowed,
                                   TokenWhitelist::kAllowedOffline, TokenWhitelist::kNever}) {
    EXPECT_EQ(ParseTokenWhitelist(TokenWhitelistName(whitelist)).value(), whitelist);
  }
  for (TokenStatus status : {kPending, kActive, kBlocked, kExpired, kLost}) {
    EXPECT_EQ(ParseTokenStatus(TokenStatusName(status)).value(), status);
  }
  EXPECT_EQ(TokenTypeName(TokenType::kAdHocUser), "AD_HOC_USER");
  EXPECT_FALSE(ParseTokenType("rfid").ok());
}

TEST(TransitionTokenTest, AllowsExactlyTheLifecycleEdges) {
  const std::vector<std::pair<TokenStatus, TokenStatus>> allowed = {
      {kPending, kActive},  {kActive, kBlocked}, {kBlocked, kActive},  {kExpired, kActive},
      {kPending, kExpired}, {kActive, kExpired}, {kBlocked, kExpired}, {kPending, kLost},
      {kActive, kLost},     {kBlocked, kLost},   {kExpired, kLost}};
  for (TokenStatus from : {kPending, kActive, kBlocked, kExpired, kLost}) {
    for (TokenStatus to : {kPending, kActive, kBlocked, kExpired, kLost}) {
      bool expected = std::find(allowed.begin(), allowed.end(), std::pair{from, to}) != allowed.end();
      Result<TokenStatus> result = TransitionToken(from, to);
      ASSERT_EQ(result.ok(), expected) << TokenStatusName(from) << " -> " << TokenStatusName(to);
      if (expected) {
        EXPECT_EQ(*result, to);
      } else {
        EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
        EXPECT_EQ(result.error().field, "status");
      }
    }
  }
}

TEST(TransitionTokenTest, NamesBothStatesWhenRefusing) {
  EXPECT_EQ(TransitionToken(kLost, kActive).error().message, "a lost token cannot become active");
}

TEST(IsOcpiValidTest, NeedsActiveAndInsideTheValidityDates) {
  const Instant from = Instant::FromUnixMilliseconds(1'767'225'600'000);
  const Instant until = from + std::chrono::days(365);
  Token token{.id = TokenId{1},
              .tenant_id = TenantId{1},
              .profile_id = ProfileId{1},
              .uid = "04A22B5A",
              .type = TokenType::kRfid,
              .contract_id = EmaId::Parse("DE-ACM-C00000001").value(),
              .visual_number = "",
              .issuer = "Acme",
              .group_id = "",
              .whitelist = TokenWhitelist::kAllowed,
              .language = "",
              .valid_from = from,
              .valid_until = until,
              .cost_centre = "",
              .status = kActive,
              .last_updated = Instant()};
  const Duration ms(1);
  EXPECT_FALSE(IsOcpiValid(token, from - ms));
  EXPECT_TRUE(IsOcpiValid(token, from));
  EXPECT_TRUE(IsOcpiValid(token, until - ms));
  EXPECT_FALSE(IsOcpiValid(token, until));
  for (TokenStatus status : {kPending, kBlocked, kExpired, kLost}) {
    token.status = status;
    EXPECT_FALSE(IsOcpiValid(token, from)) << TokenStatusName(status);
  }
  token.status = kActive;
  token.valid_from.reset();
  token.valid_until.reset();
  EXPECT_TRUE(IsOcpiValid(token, kMinInstant));
  EXPECT_TRUE(IsOcpiValid(token, kMaxInstant));
}

TEST(ApplyTokenChangesTest, ReplacesWhatIsGivenAndChecksTheResult) {
  Token token{.id = TokenId{1},
              .tenant_id = TenantId{1},
              .profile_id = ProfileId{1},
              .uid = "04A22B5A",
              .type = TokenType::kRfid,
              .contract_id = EmaId::Parse("DE-ACM-C00000001").value(),
              .visual_number = "NL-1",
              .issuer = "Acme",
              .group_id = "",
              .whitelist = TokenWhitelist::kAllowed,
              .language = "nl",
              .valid_from = Instant::FromUnixMilliseconds(1'000),
              .valid_until = std::nullopt,
              .cost_centre = "",
              .status = kActive,
              .last_updated = Instant()};
  TokenChanges changes;
  changes.profile_id = ProfileId{2};
  changes.visual_number = "";
  changes.whitelist = TokenWhitelist::kNever;
  changes.valid_from = std::optional<Instant>();
  changes.cost_centre = "CC-42";
  Token changed = ApplyTokenChanges(token, changes).value();
  EXPECT_EQ(changed.profile_id, ProfileId{2});
  EXPECT_EQ(changed.visual_number, "");
  EXPECT_EQ(changed.whitelist, TokenWhitelist::kNever);
  EXPECT_EQ(changed.valid_from, std::nullopt);
  EXPECT_EQ(changed.cost_centre, "CC-42");
  EXPECT_EQ(changed.language, "nl") << "absent fields stay";
  EXPECT_EQ(changed.uid, token.uid);
  EXPECT_EQ(changed.status, kActive);

  TokenChanges bad;
  bad.language = "NLD";
  EXPECT_EQ(ApplyTokenChanges(token, bad).error().field, "language");
  bad = TokenChanges{};
  bad.issuer = "";
  EXPECT_EQ(ApplyTokenChanges(token, bad).error().field, "issuer");
  bad = TokenChanges{};
  bad.valid_until = std::optional<Instant>(Instant::FromUnixMilliseconds(1'000));
  EXPECT_EQ(ApplyTokenChanges(token, bad).error().field, "valid_until");
}

}  // namespace
}  // namespace openmsp::domain
