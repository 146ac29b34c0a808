#include "core/ids/party_id.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/ids/evse_id.h"
#include "core/ids/id_vectors_test_util.h"

namespace openmsp {
namespace {

using test::BoolField;
using test::LoadIdVectors;
using test::StringField;

constexpr std::string_view kPartyFile = "party_provider_operator_ids.json";

// Every kind of id in the fixture, read by the parser OpenMSP uses for it; the result is the canonical
// string, or the error.
Result<std::string> ParseKind(std::string_view kind, std::string_view input) {
  if (kind == "party_id (country+party)" || kind.starts_with("OICP ProviderID")) {
    OPENMSP_ASSIGN_OR_RETURN(const PartyId party, PartyId::Parse(input));
    return party.ToString();
  }
  if (kind == "provider_id (3 chars)") return ParseProviderId(input);
  if (kind == "operator_id ISO") return ParseOperatorId(input);
  if (kind == "operator_id DIN (3-6 digits)") return ParseDinOperatorId(input);
  if (kind.starts_with("OICP OperatorID")) {
    OPENMSP_ASSIGN_OR_RETURN(const EvseOperatorId operator_id, EvseOperatorId::Parse(input));
    return operator_id.ToString();
  }
  return Error{ErrorCode::kInternal, "", "no parser for kind '" + std::string(kind) + "'"};
}

class PartyVector : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(PartyVector, ParsesToCanonicalOrIsRefused) {
  const std::string input = StringField(GetParam(), "input");
  Result<std::string> parsed = ParseKind(StringField(GetParam(), "kind"), input);
  if (!BoolField(GetParam(), "valid")) {
    ASSERT_FALSE(parsed.ok()) << *parsed;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << parsed.error().ToString();
    return;
  }
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const std::string canonical = StringField(GetParam(), "canonical");
  if (!canonical.empty()) {
    EXPECT_EQ(*parsed, canonical);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixture, PartyVector, ::testing::ValuesIn(LoadIdVectors(kPartyFile, "vectors")));

TEST(PartyFixtures, AreAllLoaded) { EXPECT_GE(LoadIdVectors(kPartyFile, "vectors").size(), 38U); }

TEST(PartyId, ComparesCaseInsensitively) {
  const PartyId party = PartyId::FromFields("nl", "tnm").value();
  EXPECT_EQ(party.country_code(), "NL");
  EXPECT_EQ(party.party_id(), "TNM");
  EXPECT_EQ(party.ToString(), "NL-TNM");
  EXPECT_EQ(party, PartyId::Parse("NL*tnm").value());
  EXPECT_LT(PartyId::Parse("DE-TNM").value(), party);
  std::map<PartyId, int> by_party{{party, 1}};
  EXPECT_EQ(by_party.count(PartyId::Parse("nltnm").value()), 1U);
}

TEST(PartyId, NamesTheFieldAtFault) {
  EXPECT_EQ(PartyId::FromFields("ZZ", "TNM").error(),
            InvalidArgument("country_code", "country code 'ZZ' is not an assigned ISO 3166-1 alpha-2 code"));
  EXPECT_EQ(PartyId::FromFields("NL", "TN").error(),
            InvalidArgument("party_id", "party id 'TN' must be 3 letters or digits"));
  EXPECT_EQ(PartyId::FromFields("NLD", "TNM").error().field, "country_code");
  EXPECT_EQ(PartyId::Parse("NLT-NM").error().message,
            "party 'NLT-NM' must be a country code and 3 letters or digits, written NLTNM, NL-TNM or NL*TNM");
}

TEST(PartyId, RefusesEmptyHugeAndBinaryInput) {
  for (const std::string& text :
       {std::string(), std::string(1000, 'N'), std::string("NL\0TNM", 6), std::string("NLTN\0", 5),
        std::string("NL-TNM\n"), std::string("NL TNM"), std::string("NL-TNÄ"), std::string("NL+TNM")}) {
    Result<PartyId> parsed = PartyId::Parse(text);
    EXPECT_FALSE(parsed.ok()) << parsed->ToString();
  }
  EXPECT_EQ(
      PartyId::Parse(std::string(1000, 'N')).error().message,
      "party 'NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN...' (1000 bytes) must be a country code and 3 letters or "
      "digits, written NLTNM, NL-TNM or NL*TNM");
  EXPECT_EQ(PartyId::FromFields("NL", std::string("T\0M", 3)).error().message,
            "party id 'T\\x00M' must be 3 letters or digits");
}

TEST(OperatorIds, FollowTheirRules) {
  EXPECT_EQ(ParseProviderId("8em").value(), "8EM");
  EXPECT_EQ(ParseOperatorId("ab7").value(), "AB7");
  EXPECT_EQ(ParseOperatorId("A|7").error().message, "operator id 'A|7' must be 3 letters or digits");
  EXPECT_EQ(ParseDinOperatorId("81").error().message, "DIN operator id '81' must be 3 to 6 digits");
  EXPECT_EQ(ParseDinOperatorId("810548").value(), "810548");
  EXPECT_FALSE(ParseDinOperatorId("٨١٠").ok());
}

}  // namespace
}  // namespace openmsp
