#include "core/ids/emaid.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "core/ids/ascii.h"
#include "core/ids/country.h"
#include "core/ids/id_vectors_test_util.h"

namespace openmsp {
namespace {

using test::BoolField;
using test::HasField;
using test::LoadIdVectors;
using test::StringField;
using ::testing::HasSubstr;

constexpr std::string_view kCheckDigitFile = "emaid_iso15118_checkdigit.json";
constexpr std::string_view kDocExamplesFile = "emaid_doc_examples_invalid_checkdigit.json";
constexpr std::string_view kParseFormatFile = "emaid_parse_format.json";

std::string WithoutSeparators(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c != '-' && c != '*') compact += c;
  }
  return compact;
}

// --- emaid_iso15118_checkdigit.json ---

class IsoCheckDigitVector : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(IsoCheckDigitVector, ComputesVerifiesAndCompletes) {
  const std::string input14 = StringField(GetParam(), "input14");
  const std::string check_digit = StringField(GetParam(), "check_digit");
  const std::string full_id = StringField(GetParam(), "full_id");
  ASSERT_EQ(check_digit.size(), 1U);

  Result<char> computed = ComputeIsoCheckDigit(input14);
  ASSERT_TRUE(computed.ok()) << computed.error().ToString();
  EXPECT_EQ(*computed, check_digit[0]);
  EXPECT_EQ(ComputeIsoCheckDigit(ascii::ToUpper(input14)).value(), check_digit[0]);

  // These vectors test the check digit alone: `NN` is no assigned country, so as an EMA-ID it is refused.
  Result<EmaId> parsed = EmaId::Parse(full_id);
  if (!CountryFromAlpha2(input14.substr(0, 2)).ok()) {
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().field, "country_code");
    return;
  }
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->ToString(), full_id);
  EXPECT_EQ(EmaId::Parse(WithoutSeparators(full_id)).value(), *parsed);

  Result<EmaId> completed = EmaId::Complete(StringField(GetParam(), "as_published"));
  ASSERT_TRUE(completed.ok()) << completed.error().ToString();
  EXPECT_EQ(completed->ToString(), full_id);
  EXPECT_EQ(EmaId::Complete(input14).value(), *parsed);
}

INSTANTIATE_TEST_SUITE_P(Fixture, IsoCheckDigitVector,
                         ::testing::ValuesIn(LoadIdVectors(kCheckDigitFile, "vectors")));

class IsoCheckDigitReject : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(IsoCheckDigitReject, IsRefused) {
  Result<char> computed = ComputeIsoCheckDigit(StringField(GetParam(), "input"));
  ASSERT_FALSE(computed.ok()) << "computed '" << *computed << "'";
  EXPECT_EQ(computed.error().code, ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Fixture, IsoCheckDigitReject,
                         ::testing::ValuesIn(LoadIdVectors(kCheckDigitFile,
                                                           "must_reject_for_check_digit_computation")));

// --- emaid_doc_examples_invalid_checkdigit.json ---

class DocExampleWithWrongCheckDigit : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(DocExampleWithWrongCheckDigit, IsRejectedAndTheRightDigitIsComputed) {
  ASSERT_FALSE(BoolField(GetParam(), "expected_valid_as_published"));
  const std::string published = StringField(GetParam(), "as_published");
  const std::string computed = StringField(GetParam(), "check_digit_computed");

  Result<EmaId> parsed = EmaId::Parse(published);
  ASSERT_FALSE(parsed.ok()) << parsed->ToString();
  EXPECT_EQ(parsed.error().field, "check_digit");
  EXPECT_THAT(parsed.error().message, HasSubstr("should be '" + computed + "'"));

  std::string body = WithoutSeparators(published);
  body.pop_back();
  const bool din = StringField(GetParam(), "standard") == "DIN";
  Result<char> digit = din ? ComputeDinCheckDigit(body) : ComputeIsoCheckDigit(body);
  ASSERT_TRUE(digit.ok()) << digit.error().ToString();
  EXPECT_EQ(std::string(1, *digit), computed);
  Result<EmaId> completed = EmaId::Complete(body);
  ASSERT_TRUE(completed.ok()) << completed.error().ToString();
  EXPECT_EQ(completed->standard() == EmaIdStandard::kDin, din);
  EXPECT_EQ(std::string(1, completed->check_digit()), computed);
}

INSTANTIATE_TEST_SUITE_P(Fixture, DocExampleWithWrongCheckDigit,
                         ::testing::ValuesIn(LoadIdVectors(kDocExamplesFile, "vectors")));

class OchpTenCharacterInstance : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(OchpTenCharacterInstance, IsNotAnIso15118EmaId) {
  const std::string example(GetParam().as_string());
  EXPECT_FALSE(EmaId::Parse(example).ok()) << example;
  EXPECT_FALSE(EmaId::Complete(example).ok()) << example;
}

INSTANTIATE_TEST_SUITE_P(Fixture, OchpTenCharacterInstance,
                         ::testing::ValuesIn(LoadIdVectors(kDocExamplesFile,
                                                           "ochp_syntax_examples_10char_instance.examples")));

// --- emaid_parse_format.json ---

class ParseFormatVector : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(ParseFormatVector, ParsesToCanonicalOrIsRefused) {
  const std::string input = StringField(GetParam(), "input");
  Result<EmaId> parsed = EmaId::Parse(input);
  if (!BoolField(GetParam(), "valid")) {
    ASSERT_FALSE(parsed.ok()) << parsed->ToString();
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(parsed.error().message.empty());
    return;
  }
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->ToString(), StringField(GetParam(), "canonical"));
  // An eMI3 id is an ISO 15118 id whose instance starts with 'C'; we report the narrower standard, some
  // vectors the wider one.
  const std::string standard = StringField(GetParam(), "standard");
  if (standard == "ISO" && parsed->instance().starts_with('C')) {
    EXPECT_EQ(parsed->standard(), EmaIdStandard::kEmi3);
  } else {
    EXPECT_EQ(EmaIdStandardName(parsed->standard()), standard);
  }
  EXPECT_EQ(EmaId::Parse(parsed->ToString()).value(), *parsed);
}

INSTANTIATE_TEST_SUITE_P(Fixture, ParseFormatVector,
                         ::testing::ValuesIn(LoadIdVectors(kParseFormatFile, "vectors")));

class ConversionVector : public ::testing::TestWithParam<boost::json::value> {};

TEST_P(ConversionVector, ConvertsOrIsRefused) {
  const std::string from_label = StringField(GetParam(), "from");
  const std::string from = from_label.substr(0, from_label.find(" ("));
  if (HasField(GetParam(), "to_ISO_per_OCHP")) {
    // The OCHP example's DIN check digit is wrong, so the id itself is refused; the rule it illustrates
    // ('00' + DIN instance + DIN check digit) is what ToIso applies to the corrected id.
    EXPECT_FALSE(EmaId::Parse(from).ok());
    const std::string expected_prefix = StringField(GetParam(), "to_ISO_per_OCHP").substr(0, 15);
    Result<EmaId> corrected = EmaId::Complete(from.substr(0, from.size() - 2));
    ASSERT_TRUE(corrected.ok()) << corrected.error().ToString();
    EXPECT_EQ(corrected->ToIso()->ToString().substr(0, 15), expected_prefix);
    return;
  }
  Result<EmaId> parsed = EmaId::Parse(from);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  using Conversion = std::pair<std::string_view, Result<EmaId> (EmaId::*)() const>;
  const std::array<Conversion, 3> conversions = {
      {{"to_DIN", &EmaId::ToDin}, {"to_ISO", &EmaId::ToIso}, {"to_EMI3", &EmaId::ToEmi3}}};
  for (const auto& [key, convert] : conversions) {
    if (!HasField(GetParam(), key)) continue;
    Result<EmaId> converted = ((*parsed).*convert)();
    if (GetParam().as_object().at(key).is_null()) {
      ASSERT_FALSE(converted.ok()) << converted->ToString();
      EXPECT_THAT(converted.error().message, HasSubstr("does not start with '00'"));
      continue;
    }
    ASSERT_TRUE(converted.ok()) << converted.error().ToString();
    EXPECT_EQ(converted->ToString(), StringField(GetParam(), key));
  }
}

INSTANTIATE_TEST_SUITE_P(Fixture, ConversionVector,
                         ::testing::ValuesIn(LoadIdVectors(kParseFormatFile, "conversions")));

TEST(EmaIdFixtures, AreAllLoaded) {
  EXPECT_GE(LoadIdVectors(kCheckDigitFile, "vectors").size(), 16U);
  EXPECT_GE(LoadIdVectors(kCheckDigitFile, "must_reject_for_check_digit_computation").size(), 8U);
  EXPECT_GE(LoadIdVectors(kDocExamplesFile, "vectors").size(), 9U);
  EXPECT_GE(LoadIdVectors(kDocExamplesFile, "ochp_syntax_examples_10char_instance.examples").size(), 5U);
  EXPECT_GE(LoadIdVectors(kParseFormatFile, "vectors").size(), 32U);
  EXPECT_GE(LoadIdVectors(kParseFormatFile, "conversions").size(), 6U);
}

// --- hand-written cases ---

std::vector<std::string> ValidFullIds() {
  std::vector<std::string> ids;
  for (const boost::json::value& vector : LoadIdVectors(kCheckDigitFile, "vectors")) {
    ids.push_back(StringField(vector, "full_id"));
  }
  return ids;
}

TEST(EmaId, ExplainsWhatIsWrong) {
  EXPECT_EQ(EmaId::Parse("NL-TNM-000122045-X").error(),
            InvalidArgument("check_digit", "check digit is 'X' but should be 'U'"));
  EXPECT_EQ(EmaId::Parse("ZZ-TNM-001234567-X").error(),
            InvalidArgument("country_code", "country code 'ZZ' is not an assigned ISO 3166-1 alpha-2 code"));
  EXPECT_EQ(EmaId::Parse("NL-TNM-C0012204").error(),
            InvalidArgument("instance",
                            "instance must be 9 characters (ISO 15118, eMI3) or 6 (DIN SPEC 91286), got 8"));
  EXPECT_EQ(EmaId::Parse("N-TNM-C00122045-K").error().field, "country_code");
  EXPECT_EQ(EmaId::Parse("NL-TN-C00122045-K").error(),
            InvalidArgument("provider_id", "provider id 'TN' must be 3 letters or digits"));
  EXPECT_EQ(EmaId::Parse("NL-TNM-C00122045-KK").error().field, "check_digit");
  EXPECT_EQ(EmaId::Parse("NL-T|M-000122045-U").error().message,
            "'|' at position 5 is not allowed in an EMA-ID (letters, digits and '-' separators only)");
  EXPECT_EQ(
      EmaId::Parse("NLTNM076").error().message,
      "an EMA-ID without separators has 14 or 15 characters (ISO 15118, eMI3) or 11 or 12 (DIN SPEC 91286), "
      "got 8");
}

TEST(EmaId, RefusesEmptyBlankHugeAndBinaryInput) {
  for (std::string_view text : {"", " ", " \t ", "-", "--", "---", "NL--TNM-000122045", "-NL-TNM-000122045",
                                "NL-TNM-000122045-", "NL-TNM-000122045-U-X"}) {
    Result<EmaId> parsed = EmaId::Parse(text);
    EXPECT_FALSE(parsed.ok()) << "'" << text << "' parsed as " << parsed->ToString();
  }
  EXPECT_EQ(EmaId::Parse("").error().message, "EMA-ID is empty");
  EXPECT_EQ(EmaId::Parse("   ").error().message, "EMA-ID is empty");

  const std::string huge(1000, 'A');
  EXPECT_THAT(EmaId::Parse(huge).error().message, HasSubstr("got 1000"));
  std::string huge_separated = "NL-TNM-" + std::string(1000, '0') + "-U";
  EXPECT_THAT(EmaId::Parse(huge_separated).error().message, HasSubstr("got 1000"));
  EXPECT_FALSE(EmaId::Parse(std::string(1000, '-')).ok());

  std::string with_nul = "NL-TNM-0001";
  with_nul += '\0';
  with_nul += "2045-U";
  EXPECT_EQ(EmaId::Parse(with_nul).error().message,
            "byte 0x00 at position 12 is not allowed in an EMA-ID (letters, digits and '-' separators only)");
  EXPECT_EQ(EmaId::Parse("NL-TNM-000122045-U\n").error().message,
            "byte 0x0A at position 19 is not allowed in an EMA-ID (letters, digits and '-' separators only)");
  EXPECT_EQ(EmaId::Parse("НЛ-TNM-000122045-U").error().message,
            "byte 0xD0 at position 1 is not allowed in an EMA-ID (letters, digits and '-' separators only)");
  EXPECT_FALSE(EmaId::Parse("DE٨٣DUIEN٨٣QGZ").ok());
  EXPECT_FALSE(EmaId::Parse("\xFF\xFE\xFD\xFC\xFB\xFA\xF9\xF8\xF7\xF6\xF5\xF4\xF3\xF2").ok());
}

TEST(EmaId, AcceptsSeparatorsEverywhereOrNowhereButNeverMixed) {
  const EmaId id = EmaId::Parse("NL-TNM-000122045-U").value();
  for (std::string_view text : {"NL-TNM-000122045", "NL*TNM*000122045*U", "NL*TNM*000122045",
                                "nltnm000122045u", "\tNL-TNM-000122045-U "}) {
    Result<EmaId> parsed = EmaId::Parse(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().ToString();
    EXPECT_EQ(*parsed, id) << text;
  }
  EXPECT_EQ(EmaId::Parse("NL-TNM*000122045-U").error().message, "EMA-ID mixes '-' and '*' separators");
  EXPECT_FALSE(EmaId::Parse("NLTNM-000122045-U").ok());
  EXPECT_FALSE(EmaId::Parse("NL-TNM000122045U").ok());
  EXPECT_FALSE(EmaId::Parse("NL-TNM-000122045U").ok());
}

TEST(EmaId, ExposesItsParts) {
  const EmaId iso = EmaId::Parse("nl-tnm-c00122045").value();
  EXPECT_EQ(iso.country_code(), "NL");
  EXPECT_EQ(iso.provider_id(), "TNM");
  EXPECT_EQ(iso.instance(), "C00122045");
  EXPECT_EQ(iso.check_digit(), 'K');
  EXPECT_EQ(iso.standard(), EmaIdStandard::kEmi3);

  const EmaId din = EmaId::Parse("NL*TNM*122045").value();
  EXPECT_EQ(din.instance(), "122045");
  EXPECT_EQ(din.check_digit(), '0');
  EXPECT_EQ(din.standard(), EmaIdStandard::kDin);
  EXPECT_EQ(din.ToString(), "NL-TNM-122045-0");
}

TEST(EmaId, CompleteRefusesAnIdThatAlreadyHasACheckDigit) {
  EXPECT_EQ(EmaId::Complete("NL-TNM-000122045-U").error(),
            InvalidArgument("check_digit",
                            "EMA-ID already has a check digit ('U'); leave it out to have it computed"));
  EXPECT_EQ(EmaId::Complete("NLTNM1220450").error().field, "check_digit");
  EXPECT_EQ(EmaId::Complete("NL-TNM-000122045")->ToString(), "NL-TNM-000122045-U");
  EXPECT_EQ(EmaId::Complete("NL-TNM-122045")->ToString(), "NL-TNM-122045-0");
  EXPECT_FALSE(EmaId::Complete("ZZ-TNM-000122045").ok());
}

TEST(EmaId, DinCheckDigitCanBeX) {
  std::string found;
  for (char c = '0'; c <= '9' && found.empty(); ++c) {
    for (char d = '0'; d <= '9' && found.empty(); ++d) {
      const std::string body = std::string("NLTNM12") + c + d + "45";
      if (ComputeDinCheckDigit(body).value() == 'X') found = body;
    }
  }
  ASSERT_FALSE(found.empty());
  const std::string id = found.substr(0, 2) + "-" + found.substr(2, 3) + "-" + found.substr(5) + "-x";
  Result<EmaId> parsed = EmaId::Parse(id);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->check_digit(), 'X');
}

TEST(EmaId, ConvertsBetweenStandards) {
  const EmaId din = EmaId::Parse("NL-TNM-012204-5").value();
  EXPECT_EQ(din.ToDin().value(), din);
  const EmaId iso = din.ToIso().value();
  const EmaId emi3 = din.ToEmi3().value();
  EXPECT_EQ(iso.ToIso().value(), iso);
  EXPECT_EQ(emi3.ToEmi3().value(), emi3);
  EXPECT_EQ(emi3.ToIso().value(), emi3);
  EXPECT_EQ(iso.ToEmi3().value(), emi3);
  EXPECT_EQ(iso.ToDin().value(), din);
  EXPECT_EQ(emi3.ToDin().value(), din);

  EXPECT_EQ(EmaId::Parse("NL-TNM-C12345678").value().ToDin().error().field, "instance");
  Result<EmaId> wrong_din_digit = EmaId::Parse("NL-TNM-000122046").value().ToDin();
  ASSERT_FALSE(wrong_din_digit.ok());
  EXPECT_THAT(wrong_din_digit.error().message, HasSubstr("ends in '6', not the DIN check digit '5'"));
}

TEST(EmaIdCheckDigit, RefusesWhatIsNotFourteenAsciiAlphanumerics) {
  EXPECT_EQ(ComputeIsoCheckDigit("DE-8AA-0012345").error().message,
            "'-' at position 3 is not an ASCII letter or digit");
  EXPECT_EQ(ComputeIsoCheckDigit(std::string(14, '\0')).error().message,
            "byte 0x00 at position 1 is not an ASCII letter or digit");
  EXPECT_EQ(ComputeIsoCheckDigit(std::string(1000, 'A')).error().message,
            "the ISO 15118 check digit is computed over exactly 14 letters and digits, got 1000 bytes");
  EXPECT_FALSE(ComputeDinCheckDigit("NLTNM12204").ok());
  EXPECT_FALSE(ComputeDinCheckDigit("NLTNM12204!").ok());
  EXPECT_EQ(ComputeDinCheckDigit("nltnm122045").value(), '0');
}

// The ISO 15118 check digit is linear with invertible weights, so it catches every single-character
// substitution and every swap of two adjacent different characters.
TEST(EmaIdCheckDigit, CatchesEverySubstitutionAndAdjacentSwap) {
  constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (const std::string& full_id : ValidFullIds()) {
    std::string body = WithoutSeparators(full_id);
    const char check_digit = body.back();
    body.pop_back();
    for (std::size_t i = 0; i < body.size(); ++i) {
      for (char replacement : kAlphabet) {
        if (replacement == body[i]) continue;
        std::string changed = body;
        changed[i] = replacement;
        EXPECT_NE(ComputeIsoCheckDigit(changed).value(), check_digit) << changed;
      }
      if (i + 1 < body.size() && body[i] != body[i + 1]) {
        std::string swapped = body;
        std::swap(swapped[i], swapped[i + 1]);
        EXPECT_NE(ComputeIsoCheckDigit(swapped).value(), check_digit) << swapped;
      }
    }
  }
}

}  // namespace
}  // namespace openmsp
