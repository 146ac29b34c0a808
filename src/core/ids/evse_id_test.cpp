#include "core/ids/evse_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/ids/id_vectors_test_util.h"

namespace openmsp {
namespace {

using test::BoolField;
using test::LoadIdVectors;
using test::StringField;
using ::testing::HasSubstr;

constexpr std::string_view kEvseIdFile = "evse_id.json";

class EvseIdVector : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(EvseIdVector, ParsesToCanonicalOrIsRefused) {
  const std::string input = StringField(GetParam(), "input");
  const std::string standard = StringField(GetParam(), "standard");
  Result<EvseId> parsed = EvseId::Parse(input);

  // A pool id is a valid id, but not of an EVSE: it is refused with a reason saying so.
  if (standard == "ISO-POOL") {
    ASSERT_FALSE(parsed.ok()) << parsed->ToString();
    EXPECT_THAT(parsed.error().message, HasSubstr("charging pool id"));
    return;
  }
  if (!BoolField(GetParam(), "valid")) {
    ASSERT_FALSE(parsed.ok()) << parsed->ToString();
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(parsed.error().message.empty());
    return;
  }
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->standard(), standard == "DIN" ? EvseIdStandard::kDin : EvseIdStandard::kIso);
  EXPECT_EQ(EvseId::Parse(parsed->ToString()).value(), *parsed);

  // A DIN vector whose canonical form is written the ISO way gives the DIN -> ISO mapping.
  const std::string canonical = StringField(GetParam(), "canonical");
  if (canonical.empty()) return;
  if (parsed->standard() == EvseIdStandard::kDin && !canonical.starts_with('+')) {
    Result<EvseId> iso = parsed->ToIso();
    ASSERT_TRUE(iso.ok()) << iso.error().ToString();
    EXPECT_EQ(iso->ToString(), canonical);
  } else {
    EXPECT_EQ(parsed->ToString(), canonical);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixture, EvseIdVector, ::testing::ValuesIn(LoadIdVectors(kEvseIdFile, "vectors")));

TEST(EvseIdFixtures, AreAllLoaded) { EXPECT_GE(LoadIdVectors(kEvseIdFile, "vectors").size(), 23U); }

TEST(EvseId, NormalisesIsoIds) {
  const EvseId id = EvseId::Parse(" de*ab7*e840*6487\t").value();
  EXPECT_EQ(id.ToString(), "DE*AB7*E840*6487");
  EXPECT_EQ(id.operator_id().ToString(), "DE*AB7");
  EXPECT_EQ(id.operator_id().country(), "DE");
  EXPECT_EQ(id.operator_id().code(), "AB7");
  EXPECT_EQ(id.outlet(), "840*6487");
  EXPECT_EQ(EvseId::Parse("DEAB7*E840*6487").value(), id);
  EXPECT_EQ(EvseId::Parse("DE*AB7E840*6487").value(), id);
  EXPECT_EQ(id.ToIso().value(), id);
}

TEST(EvseId, MapsDinIdsToIsoWhereTheRuleAllows) {
  const EvseId din = EvseId::Parse("49*823*1234*5678").value();
  EXPECT_EQ(din.ToString(), "+49*823*1234*5678");
  EXPECT_EQ(din.operator_id().country(), "49");
  EXPECT_EQ(din.outlet(), "1234*5678");
  EXPECT_EQ(din.ToIso()->ToString(), "DE*823*E1234*5678");
  EXPECT_EQ(EvseId::Parse("+31*123*4")->ToIso()->ToString(), "NL*123*E4");

  EXPECT_EQ(EvseId::Parse("+999*810*1")->ToIso().error().field, "calling_code");
  EXPECT_EQ(EvseId::Parse("+49*810548*1")->ToIso().error(),
            InvalidArgument("operator_id",
                            "DIN operator id '810548' has 6 digits; only 3-digit ones map to an ISO "
                            "operator id"));
  Result<EvseId> long_outlet = EvseId::Parse("+49*810*" + std::string(32, '1'));
  ASSERT_TRUE(long_outlet.ok());
  EXPECT_EQ(long_outlet->ToIso().error().field, "outlet_id");
}

TEST(EvseId, ExplainsWhatIsWrong) {
  EXPECT_EQ(EvseId::Parse("NL*TNM*840*6487").error().message,
            "an EVSE id has the ID type 'E' after the operator id, got '8'");
  EXPECT_EQ(EvseId::Parse("DE*AB7*S1").error().message,
            "this is a charging station id (ID type 'S' after the operator id), not an EVSE id");
  EXPECT_EQ(EvseId::Parse("ZZ*TNM*E840*64878").error(),
            InvalidArgument("country_code", "country code 'ZZ' is not an assigned ISO 3166-1 alpha-2 code"));
  EXPECT_EQ(EvseId::Parse("+49*645*E840*6487").error(),
            InvalidArgument("outlet_id",
                            "'E' at position 9 is not allowed in a DIN outlet id (digits and '*' only)"));
  EXPECT_EQ(EvseId::Parse("+49*AB7*840*6487").error(),
            InvalidArgument("operator_id", "DIN operator id 'AB7' must be 3 to 6 digits"));
  EXPECT_EQ(EvseId::Parse("+4A*810*000*438").error().field, "calling_code");
  EXPECT_EQ(EvseId::Parse("DE*AB7*E" + std::string(32, '1')).error(),
            InvalidArgument("outlet_id", "outlet id must be at most 31 characters, got 32"));
  EXPECT_EQ(EvseId::Parse("DE*AB7").error().message,
            "EVSE id ends after the operator id; 'E' and the outlet id must follow");
  EXPECT_EQ(EvseId::Parse("DE*AB7*E").error().message, "outlet id is missing");
  EXPECT_EQ(EvseId::Parse("+49*810").error().message, "outlet id is missing");
  EXPECT_EQ(EvseId::Parse("+49*810*").error().message, "outlet id is missing");
}

TEST(EvseId, RefusesEmptyHugeAndBinaryInput) {
  EXPECT_EQ(EvseId::Parse("").error().message, "EVSE id is empty");
  EXPECT_EQ(EvseId::Parse(" \t").error().message, "EVSE id is empty");
  for (const std::string& text :
       {std::string(1000, 'E'), "DE*AB7*E" + std::string(1000, '1'), "+49*810*" + std::string(1000, '1'),
        std::string(1000, '*'), std::string(1000, '+'), std::string("DE*AB7*E1\0002", 11),
        std::string("\0", 1), std::string("DE*AB7*E1\n"), std::string("DE*AB7*EÄ1"), std::string("ДЕ*AB7*E1"),
        std::string("+"), std::string("*"), std::string("D"), std::string("DE*"), std::string("DE*AB")}) {
    Result<EvseId> parsed = EvseId::Parse(text);
    EXPECT_FALSE(parsed.ok()) << parsed->ToString();
  }
}

TEST(EvseOperatorId, ParsesIsoAndDinForms) {
  EXPECT_EQ(EvseOperatorId::Parse("de*a36")->ToString(), "DE*A36");
  EXPECT_EQ(EvseOperatorId::Parse("DEA36").value(), EvseOperatorId::Parse("DE*A36").value());
  EXPECT_EQ(EvseOperatorId::Parse("49*536")->ToString(), "+49*536");
  EXPECT_EQ(EvseOperatorId::Parse("+49*536")->standard(), EvseIdStandard::kDin);
  EXPECT_EQ(EvseOperatorId::Parse("+49*536")->ToIso()->ToString(), "DE*536");
  EXPECT_EQ(EvseOperatorId::Parse("DE*A36*E1").error().message,
            "'*E1' follows the operator id DE*A36; an operator id ends there");
  EXPECT_EQ(EvseOperatorId::Parse("+49").error().message,
            "a DIN operator id is a country calling code, '*' and 3 to 6 digits");
  EXPECT_EQ(EvseOperatorId::Parse("+049*536").error().field, "calling_code");
  EXPECT_FALSE(EvseOperatorId::Parse("").ok());
}

}  // namespace
}  // namespace openmsp
