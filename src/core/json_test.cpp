#include "core/json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace openmsp {
namespace {

Decimal NumberAt(const boost::json::value& document, std::string_view key) {
  return DecimalFromJson(document.at(key)).value();
}

TEST(Json, ReadsOcpiNumbersExactly) {
  const boost::json::value document =
      ParseJson(R"({"price": 0.2500, "kwh": 12.375, "hundred": 1e2, "tiny": 2.5e-3, "int": 42,
                   "negative": -0.1, "big": 999999999999.999})")
          .value();
  EXPECT_EQ(NumberAt(document, "price"), Decimal::Parse("0.25").value());
  EXPECT_EQ(NumberAt(document, "kwh").ToString(), "12.375");
  EXPECT_EQ(NumberAt(document, "hundred").ToString(), "100");
  EXPECT_EQ(NumberAt(document, "tiny").ToString(), "0.0025");
  EXPECT_EQ(NumberAt(document, "int").ToString(), "42");
  EXPECT_EQ(NumberAt(document, "negative").ToString(), "-0.1");
  EXPECT_EQ(NumberAt(document, "big").ToString(), "999999999999.999");
}

TEST(Json, RefusesNumbersItCannotHoldExactlyNamingThePath) {
  Result<boost::json::value> parsed =
      ParseJson(R"({"elements": [{"price_components": [{"price": 1}, {"price": 0.12345678901234567}]}]})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "elements[0].price_components[1].price");
  EXPECT_NE(parsed.error().message.find("cannot be held exactly"), std::string::npos) << parsed.error().message;

  parsed = ParseJson(R"([1, 2, 1e400])");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "[2]");

  parsed = ParseJson(R"({"total": 123456789012345678901234})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().field, "total");
}

TEST(Json, ReadsZeroWithAHugeExponentAsZero) {
  // Boost.JSON 1.81 alone reads these as NaN (found by fuzzing).
  const boost::json::value document = ParseJson("[0e29078, -0.0e400, 0.000e-400]").value();
  for (const boost::json::value& number : document.as_array()) {
    EXPECT_EQ(DecimalFromJson(number).value(), Decimal(0));
  }
  EXPECT_EQ(SerializeJson(document), "[0,0,0]");
}

TEST(Json, ReportsSyntaxErrorsWithTheirOffset) {
  for (std::string_view text : {"", "{", R"({"a": 1,})", "[1 2]", "{'a': 1}", "[NaN]", "{} {}", "// c\n{}"}) {
    Result<boost::json::value> parsed = ParseJson(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_NE(parsed.error().message.find("invalid JSON at byte"), std::string::npos) << parsed.error().message;
  }
  std::string deep(1000, '[');
  EXPECT_FALSE(ParseJson(deep).ok());
}

TEST(Json, DecimalFromJsonRefusesNonNumbers) {
  EXPECT_EQ(DecimalFromJson(boost::json::value("0.25")).error().message, "must be a number");
  EXPECT_EQ(DecimalFromJson(boost::json::value(nullptr)).error().message, "must be a number");
  EXPECT_EQ(DecimalFromJson(boost::json::value(std::uint64_t{18'000'000'000'000'000'000u})).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(Json, WritesDecimalsInPlainNotation) {
  boost::json::object object;
  object["price"] = DecimalToJson(Decimal::Parse("0.2500").value()).value();
  object["energy"] = DecimalToJson(Decimal::Parse("12.375").value()).value();
  object["whole"] = DecimalToJson(Decimal::Parse("100.00").value()).value();
  object["tiny"] = DecimalToJson(Decimal::Parse("0.000001").value()).value();
  object["name"] = "Café \"Zuid\"";
  EXPECT_EQ(SerializeJson(object),
            R"({"price":0.25,"energy":12.375,"whole":100,"tiny":0.000001,"name":"Café \"Zuid\""})");
}

TEST(Json, DecimalToJsonRefusesUnroundedValues) {
  const Decimal third = Decimal(1).Divide(Decimal(3), 20, RoundingMode::kHalfUp).value();
  EXPECT_EQ(DecimalToJson(third).error().code, ErrorCode::kOutOfRange);
  EXPECT_TRUE(DecimalToJson(third.Rounded(4, RoundingMode::kHalfUp)).ok());
}

TEST(Json, RoundTripsEveryDecimalWithUpToFifteenDigits) {
  for (std::string_view text : {"0.1", "0.2500", "1234567.891", "-99999999999999.9", "0.000000000000001",
                                "123456789012345", "5e-7"}) {
    const Decimal value = Decimal::Parse(text).value();
    const std::string json = SerializeJson(DecimalToJson(value).value());
    EXPECT_EQ(DecimalFromJson(ParseJson(json).value()).value(), value) << text << " -> " << json;
  }
}

TEST(JsonReader, ReadsDocumentAfterDocumentWithTheSameRules) {
  JsonReader reader;
  for (int i = 0; i < 2000; ++i) {
    const boost::json::value& document = reader.Read(R"({"price": 0.2500, "n": [1, 2]})").value();
    EXPECT_EQ(DecimalFromJson(document.at("price")).value().ToString(), "0.25");
    EXPECT_EQ(SerializeJson(document), R"({"price":0.25,"n":[1,2]})");
    Result<std::reference_wrapper<const boost::json::value>> bad = reader.Read(R"({"a": [0.12345678901234567]})");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "a[0]");
    EXPECT_NE(reader.Read("{} {}").error().message.find("extra data"), std::string::npos);
  }
}

TEST(JsonReader, ReadsDocumentsLargerThanItsBuffer) {
  std::string big = "[";
  for (int i = 0; i < 20000; ++i) big += std::to_string(i) + ".5,";
  big.back() = ']';
  JsonReader reader;
  for (int round = 0; round < 3; ++round) {
    const boost::json::value& document = reader.Read(big).value();
    ASSERT_EQ(document.as_array().size(), 20000u);
    EXPECT_EQ(DecimalFromJson(document.as_array()[19999]).value().ToString(), "19999.5");
    EXPECT_TRUE(reader.Read("[1]").ok());
  }
}

TEST(Json, PropertyEveryFifteenDigitDecimalComesBackExactly) {
  std::mt19937_64 rng(8259);
  std::uniform_int_distribution<std::int64_t> coefficient(-999'999'999'999'999, 999'999'999'999'999);
  std::uniform_int_distribution<int> scale(0, 18);
  std::uniform_int_distribution<int> exponent(-5, 5);
  for (int i = 0; i < 50000; ++i) {
    const Decimal value = Decimal::FromCoefficient(coefficient(rng), scale(rng));
    const std::string text = value.ToString() + "e" + std::to_string(exponent(rng));
    Result<Decimal> expected = Decimal::Parse(text);
    if (!expected) continue;  // beyond the parse limits after the exponent
    const boost::json::value document = ParseJson("[" + text + "]").value();
    EXPECT_EQ(DecimalFromJson(document.as_array()[0]).value(), *expected) << text;
  }
}

// DecimalFromJsonNumber is ParseJson + DecimalFromJson without the document: same value, same scale, and
// a refusal (with the same message) exactly where ParseJson refuses.
TEST(Json, PropertyDecimalFromJsonNumberAgreesWithTheDocument) {
  std::mt19937_64 rng(20261124);
  std::uniform_int_distribution<int> digits(1, 20);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> point(0, 22);
  std::uniform_int_distribution<int> exponent(-25, 25);
  std::uniform_int_distribution<int> coin(0, 3);
  int refused = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string text = coin(rng) == 0 ? "-" : "";
    const int count = digits(rng);
    const int integer_digits = std::min(count, point(rng) % 4 == 0 ? count : 1 + point(rng) % count);
    for (int d = 0; d < count; ++d) {
      if (d == integer_digits) text += '.';
      text += static_cast<char>('0' + (d == 0 && integer_digits > 1 ? 1 + digit(rng) % 9 : digit(rng)));
    }
    if (coin(rng) != 0) text += (coin(rng) == 0 ? "E" : "e") + std::to_string(exponent(rng));
    if (text.find_first_of(".eE") == std::string::npos) text += ".0";  // an integer is no on_double number
    const Result<boost::json::value> document = ParseJson("[" + text + "]");
    const Result<Decimal> direct = DecimalFromJsonNumber(text);
    if (!document) {
      ++refused;
      ASSERT_FALSE(direct.ok()) << text;
      EXPECT_EQ(direct.error().message, document.error().message) << text;
      EXPECT_EQ(document.error().field, "[0]");
      continue;
    }
    ASSERT_TRUE(direct.ok()) << text << ": " << direct.error().message;
    const Decimal expected = DecimalFromJson(document->as_array()[0]).value();
    EXPECT_EQ(direct->ToString(), expected.ToString()) << text;
  }
  EXPECT_GT(refused, 1000);
  EXPECT_LT(refused, 40000);
  EXPECT_EQ(DecimalFromJsonNumber("0.2500").value().ToString(), "0.25");
  EXPECT_EQ(DecimalFromJsonNumber("1e2").value().ToString(), "100");
  EXPECT_EQ(DecimalFromJsonNumber("-0.0e400").value().ToString(), "0");
  EXPECT_EQ(DecimalFromJsonNumber("0.12345678901234567").error().message,
            "'0.12345678901234567' has more than 15 significant digits and cannot be held exactly");
}

}  // namespace
}  // namespace openmsp
