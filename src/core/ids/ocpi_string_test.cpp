#include "core/ids/ocpi_string.h"

#include <gtest/gtest.h>

#include <string>

#include "core/ids/emaid.h"
#include "core/ids/id_vectors_test_util.h"
#include "core/ids/party_id.h"
#include "core/ids/rfid_uid.h"

namespace openmsp {
namespace {

using test::BoolField;
using test::HasField;
using test::LoadIdVectors;
using test::StringField;

constexpr std::string_view kTokenFile = "ocpi_token.json";

// OCPI 2.2.1 mod_tokens field types.
constexpr std::size_t kUidLength = 36;
constexpr std::size_t kContractIdLength = 36;
constexpr std::size_t kGroupIdLength = 36;
constexpr std::size_t kVisualNumberLength = 64;
constexpr std::size_t kOcpp16IdTagLength = 20;

class TokenExample : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(TokenExample, HasValidFields) {
  ASSERT_TRUE(BoolField(GetParam(), "valid"));
  const std::string uid = StringField(GetParam(), "uid");
  const std::string contract_id = StringField(GetParam(), "contract_id");
  EXPECT_TRUE(ValidateCiString(uid, kUidLength).ok());
  EXPECT_TRUE(ValidateCiString(contract_id, kContractIdLength).ok());
  EXPECT_TRUE(ValidateCiString(StringField(GetParam(), "group_id"), kGroupIdLength).ok());
  EXPECT_TRUE(ValidateOcpiString(StringField(GetParam(), "visual_number"), kVisualNumberLength).ok());
  EXPECT_TRUE(
      PartyId::FromFields(StringField(GetParam(), "country_code"), StringField(GetParam(), "party_id")).ok());

  // The example contract_id is an EMA-ID published without its check digit: ours is '1'.
  Result<EmaId> contract = EmaId::Complete(contract_id);
  ASSERT_TRUE(contract.ok()) << contract.error().ToString();
  EXPECT_EQ(contract->ToString(), "DE-8AC-C12E46L89-1");

  if (StringField(GetParam(), "type") == "RFID") {
    Result<RfidUid> rfid = RfidUid::Parse(uid);
    ASSERT_TRUE(rfid.ok()) << rfid.error().ToString();
    EXPECT_EQ(rfid->type(), RfidUidType::kIso14443);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixture, TokenExample, ::testing::ValuesIn(LoadIdVectors(kTokenFile, "examples")));

class TokenNegativeCase : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(TokenNegativeCase, IsRefusedWhereTheRuleSays) {
  if (HasField(GetParam(), "uid")) {
    EXPECT_EQ(ValidateCiString(StringField(GetParam(), "uid"), kUidLength).ok(),
              BoolField(GetParam(), "valid"));
    return;
  }
  ASSERT_TRUE(HasField(GetParam(), "group_id"));
  const std::string group_id = StringField(GetParam(), "group_id");
  EXPECT_EQ(ValidateCiString(group_id, kGroupIdLength).ok(), BoolField(GetParam(), "valid_ocpi"));
  EXPECT_EQ(ValidateCiString(group_id, kOcpp16IdTagLength).ok(), BoolField(GetParam(), "ocpp16_compatible"));
}

INSTANTIATE_TEST_SUITE_P(Fixture, TokenNegativeCase,
                         ::testing::ValuesIn(LoadIdVectors(kTokenFile, "rule_derived_negative_cases")));

TEST(TokenFixtures, AreAllLoaded) {
  EXPECT_GE(LoadIdVectors(kTokenFile, "examples").size(), 2U);
  EXPECT_GE(LoadIdVectors(kTokenFile, "rule_derived_negative_cases").size(), 4U);
}

TEST(CiString, AllowsPrintableAsciiUpToTheLimit) {
  EXPECT_TRUE(ValidateCiString("", 0).ok());
  EXPECT_TRUE(ValidateCiString(" !~AZaz09", 9).ok());
  EXPECT_EQ(ValidateCiString(std::string(37, 'A'), 36).error(),
            InvalidArgument("", "must be at most 36 characters, got 37"));
  EXPECT_EQ(ValidateCiString("1234\t5678", 36).error().message,
            "character 5 is byte 0x09; a CiString allows printable ASCII only");
  EXPECT_EQ(ValidateCiString("ABCÉ", 36).error().message,
            "character 4 is byte 0xC3; a CiString allows printable ASCII only");
  EXPECT_EQ(ValidateCiString(std::string("AB\0C", 4), 36).error().message,
            "character 3 is byte 0x00; a CiString allows printable ASCII only");
  EXPECT_EQ(ValidateCiString("A\x7F", 36).error().message,
            "character 2 is byte 0x7F; a CiString allows printable ASCII only");
  EXPECT_EQ(ValidateCiString(std::string(1000, 'x'), 36).error().message,
            "must be at most 36 characters, got 1000");
}

TEST(CiString, ComparesLettersWithoutCase) {
  EXPECT_TRUE(CiStringEquals("DE8ACC12E46L89", "de8acc12e46l89"));
  EXPECT_TRUE(CiStringEquals("", ""));
  EXPECT_FALSE(CiStringEquals("ABC", "ABCD"));
  EXPECT_FALSE(CiStringEquals("A-B", "A_B"));
  EXPECT_FALSE(CiStringEquals("É", "é"));
}

TEST(OcpiString, CountsCodePointsAndRefusesControlCharacters) {
  EXPECT_TRUE(ValidateOcpiString("Zoë's 🚗 charger", 15).ok());
  EXPECT_EQ(ValidateOcpiString("Zoë's 🚗 charger", 14).error().message,
            "must be at most 14 characters, got 15");
  EXPECT_TRUE(ValidateOcpiString("", 0).ok());
  EXPECT_EQ(ValidateOcpiString("line\nbreak", 64).error().message,
            "character 5 is the control character U+000A; OCPI strings allow printable text only");
  EXPECT_EQ(ValidateOcpiString("a\rb", 64).error().message,
            "character 2 is the control character U+000D; OCPI strings allow printable text only");
  EXPECT_EQ(ValidateOcpiString("é\t", 64).error().message,
            "character 2 is the control character U+0009; OCPI strings allow printable text only");
  EXPECT_EQ(ValidateOcpiString("\x7F", 64).error().message,
            "character 1 is the control character U+007F; OCPI strings allow printable text only");
  EXPECT_EQ(ValidateOcpiString("ab\xC2\x85", 64).error().message,
            "character 3 is the control character U+0085; OCPI strings allow printable text only");
  EXPECT_EQ(ValidateOcpiString(std::string("a\0b", 3), 64).error().message,
            "character 2 is the control character U+0000; OCPI strings allow printable text only");
}

TEST(OcpiString, RefusesMalformedUtf8) {
  for (std::string_view text :
       {"\x80", "a\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
        "\xF8\x88\x80\x80\x80", "\xFF", "\xE2\x82", "ok\xE2\x28\xA1"}) {
    Result<void> valid = ValidateOcpiString(text, 64);
    ASSERT_FALSE(valid.ok()) << text;
    EXPECT_NE(valid.error().message.find("is not valid UTF-8"), std::string::npos) << valid.error().message;
  }
  EXPECT_EQ(ValidateOcpiString("ab\xC0\xAF", 64).error().message,
            "character 3 is not valid UTF-8 (byte 0xC0)");
  EXPECT_TRUE(ValidateOcpiString("\xF4\x8F\xBF\xBF \xEF\xBF\xBD \xE2\x82\xAC", 64).ok());
  EXPECT_EQ(ValidateOcpiString(std::string(1000, 'x'), 64).error().message,
            "must be at most 64 characters, got 1000");
}

}  // namespace
}  // namespace openmsp
