#include "domain/issuer_details.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

std::string FieldOf(const Result<IssuerDetails>& result) { return result ? "(ok)" : result.error().field; }

TEST(NormaliseIssuerDetailsTest, NothingGivenIsValidAndEmpty) {
  const Result<IssuerDetails> none = NormaliseIssuerDetails({});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(NormaliseIssuerDetailsTest, TrimsFieldsAndAddressLinesAndDropsEmptyLines) {
  const Result<IssuerDetails> details = NormaliseIssuerDetails(
      {.legal_name = "  Stroom & Co B.V. ", .address = " Keizersgracht 1 \r\n\r\n1015 CJ Amsterdam\rNetherlands\n",
       .vat_number = " NL001234567B01\t"});
  ASSERT_TRUE(details) << details.error().ToString();
  EXPECT_EQ(details->legal_name, "Stroom & Co B.V.");
  EXPECT_EQ(details->address, "Keizersgracht 1\n1015 CJ Amsterdam\nNetherlands");
  EXPECT_EQ(details->vat_number, "NL001234567B01");
  EXPECT_FALSE(details->empty());
}

TEST(NormaliseIssuerDetailsTest, TakesEachFieldUpToItsLimit) {
  const std::string line(99, 'a');  // five lines of 99 bytes and four line breaks: 499 bytes
  const Result<IssuerDetails> longest = NormaliseIssuerDetails(
      {.legal_name = std::string(200, 'n'), .address = line + "\n" + line + "\n" + line + "\n" + line + "\n" + line + "b",
       .vat_number = std::string(30, 'V')});
  ASSERT_TRUE(longest) << longest.error().ToString();
  EXPECT_EQ(longest->address.size(), 500u);
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.legal_name = std::string(201, 'n')})), "legal_name");
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.address = longest->address + "c"})), "address");
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.vat_number = std::string(31, 'V')})), "vat_number");
  // Accents are bytes of UTF-8: "Énergie" counts 8.
  EXPECT_TRUE(NormaliseIssuerDetails({.legal_name = "\xC3\x89nergie S.A.", .address = "Rue de l'\xC3\x89glise 3"}));
}

TEST(NormaliseIssuerDetailsTest, RefusesControlCharactersBadUtf8AndNonAsciiVatNumbers) {
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.legal_name = "Stroom\nCo"})), "legal_name");
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.legal_name = "Stroom\x01"})), "legal_name");
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.legal_name = "Stroom \xC3"})), "legal_name");
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.address = "Dam 1\n\x1b[31m"})), "address");
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.address = "Dam \xFF"})), "address");
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.vat_number = "NL\xC3\x89"})), "vat_number");
  EXPECT_EQ(FieldOf(NormaliseIssuerDetails({.vat_number = "NL00\n1"})), "vat_number");
  const Result<IssuerDetails> refused = NormaliseIssuerDetails({.vat_number = std::string(31, 'V')});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("30"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace openmsp::domain
