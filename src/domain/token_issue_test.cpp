#include "domain/token_issue.h"

#include <gtest/gtest.h>

namespace openmsp::domain {
namespace {

PartyId Party(const char* text) { return PartyId::Parse(text).value(); }

TEST(TokenIssueTest, IssuedContractIdIsTheEmi3FormWithTheIsoCheckDigit) {
  // ../shared/fixtures/ids/emaid_iso15118_checkdigit.json: NL-TNM-C00122045-K (eMI3 form).
  Result<EmaId> id = IssuedContractId(Party("NL-TNM"), 122'045);
  ASSERT_TRUE(id) << id.error().ToString();
  EXPECT_EQ(id->ToString(), "NL-TNM-C00122045-K");
  EXPECT_EQ(id->standard(), EmaIdStandard::kEmi3);
  EXPECT_EQ(IssuedContractId(Party("NL-DEM"), 1)->instance(), "C00000001");
  EXPECT_EQ(IssuedContractId(Party("NL-DEM"), kMaxContractNumber)->instance(), "C99999999");
}

TEST(TokenIssueTest, IssuedContractIdRefusesNumbersOutsideTheRange) {
  for (std::int64_t number : {std::int64_t{0}, std::int64_t{-1}, kMaxContractNumber + 1}) {
    Result<EmaId> id = IssuedContractId(Party("NL-DEM"), number);
    ASSERT_FALSE(id) << number;
    EXPECT_EQ(id.error().code, ErrorCode::kOutOfRange);
    EXPECT_EQ(id.error().field, "contract_id");
  }
}

TEST(TokenIssueTest, WithContractIdKeepsEveryOtherField) {
  const TokenToIssue token{.profile_id = ProfileId{7},
                           .uid = "04A22B5A",
                           .type = TokenType::kRfid,
                           .visual_number = "DEM-0001",
                           .issuer = "Demo MSP",
                           .group_id = "FLEET",
                           .whitelist = TokenWhitelist::kAlways,
                           .language = "nl",
                           .valid_from = std::nullopt,
                           .valid_until = ParseOcpiDateTime("2027-01-01T00:00:00Z").value(),
                           .cost_centre = "CC-9"};
  const NewToken made = WithContractId(token, IssuedContractId(Party("NL-DEM"), 3).value());
  EXPECT_EQ(made.contract_id.instance(), "C00000003");
  EXPECT_EQ(made.profile_id, ProfileId{7});
  EXPECT_EQ(made.uid, "04A22B5A");
  EXPECT_EQ(made.visual_number, "DEM-0001");
  EXPECT_EQ(made.issuer, "Demo MSP");
  EXPECT_EQ(made.group_id, "FLEET");
  EXPECT_EQ(made.whitelist, TokenWhitelist::kAlways);
  EXPECT_EQ(made.language, "nl");
  EXPECT_EQ(made.valid_until, token.valid_until);
  EXPECT_EQ(made.cost_centre, "CC-9");
}

}  // namespace
}  // namespace openmsp::domain
