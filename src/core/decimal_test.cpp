#include "core/decimal.h"

#include <gtest/gtest.h>

#include <random>

namespace openmsp {
namespace {

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }

TEST(DecimalParse, KeepsTheWrittenScale) {
  EXPECT_EQ(D("0.2500").ToString(), "0.2500");
  EXPECT_EQ(D("0.2500").scale(), 4);
  EXPECT_EQ(D("12.375").ToString(), "12.375");
  EXPECT_EQ(D("-7.10").ToString(), "-7.10");
  EXPECT_EQ(D("0").ToString(), "0");
  EXPECT_EQ(D("-0").ToString(), "0");
  EXPECT_EQ(D("0.000").ToString(), "0.000");
}

TEST(DecimalToString, WritesEveryDigitOfLargeCoefficients) {
  const Int128 ten_to_18 = 1'000'000'000'000'000'000;
  EXPECT_EQ(Decimal::FromCoefficient(ten_to_18 * ten_to_18 + 5, 3).ToString(),
            "1000000000000000000000000000000000.005");
  EXPECT_EQ(Decimal::FromCoefficient(-(ten_to_18 * 7 + 42), 20).ToString(), "-0.07000000000000000042");
  EXPECT_EQ(Decimal::FromCoefficient(ten_to_18, 0).ToString(), "1000000000000000000");
  EXPECT_EQ(Decimal::FromCoefficient(-1, 36).ToString(), "-0.000000000000000000000000000000000001");
  EXPECT_EQ((D("123456789012345678") * D("123456789012345678")).ToString(),
            "15241578753238836527968299765279684");
}

TEST(DecimalParse, ReadsJsonExponents) {
  EXPECT_EQ(D("1e2").ToString(), "100");
  EXPECT_EQ(D("1E2").ToString(), "100");
  EXPECT_EQ(D("1e+2").ToString(), "100");
  EXPECT_EQ(D("2.5e-3").ToString(), "0.0025");
  EXPECT_EQ(D("1.50e1").ToString(), "15.0");
  EXPECT_EQ(D("-1.25E-2").ToString(), "-0.0125");
  EXPECT_EQ(D("0e5").ToString(), "0");
  EXPECT_EQ(D("1e17").ToString(), "100000000000000000");
}

TEST(DecimalParse, DropsTrailingZerosOnlyWhenTheLimitsRequireIt) {
  EXPECT_EQ(D("0.1000000000000000000000").ToString(), "0.100000000000000000");
  EXPECT_EQ(D("0.1000000000000000000000") , D("0.1"));
  EXPECT_EQ(D("123456789012345678.000").ToString(), "123456789012345678");
}

TEST(DecimalParse, RefusesWhatIsNotAJsonNumberWithTheReason) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"", "no digits"},
      {"-", "no digits"},
      {"+1", "expected a digit"},
      {"01", "leading zeros"},
      {"-00.5", "leading zeros"},
      {"1.", "decimal point must be followed by digits"},
      {".5", "expected a digit"},
      {"1e", "exponent must have digits"},
      {"1e+", "exponent must have digits"},
      {"0x10", "unexpected character 'x'"},
      {"NaN", "expected a digit"},
      {"Infinity", "expected a digit"},
      {" 1", "expected a digit"},
      {"1 ", "unexpected character ' '"},
      {"1,5", "unexpected character ','"},
      {"1.5.5", "unexpected character '.'"},
      {"\xef\xbc\x91", "expected a digit"},
      {"1e99999999", "exponent is out of range"},
  };
  for (const auto& [text, reason] : cases) {
    Result<Decimal> parsed = Decimal::Parse(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find(reason), std::string::npos) << text << ": " << parsed.error().message;
  }
}

TEST(DecimalParse, RefusesWhatItCannotHoldExactlyInsteadOfRounding) {
  for (std::string_view text : {"1234567890123456789", "0.1234567890123456789", "1e18", "1e-19",
                                "123456789012345678901234567890", "1.5e-18"}) {
    Result<Decimal> parsed = Decimal::Parse(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_NE(parsed.error().message.find("cannot be held exactly"), std::string::npos) << parsed.error().message;
  }
  EXPECT_EQ(D("123456789012345678").ToString(), "123456789012345678");
  EXPECT_EQ(D("0.123456789012345678").ToString(), "0.123456789012345678");
  EXPECT_EQ(D("1e-18").ToString(), "0.000000000000000001");
}

TEST(DecimalParse, NeverReadsPastAVeryLongInput) {
  std::string long_text(100000, '9');
  EXPECT_FALSE(Decimal::Parse(long_text).ok());
  std::string long_zeros = "0." + std::string(100000, '0');
  EXPECT_EQ(D(long_zeros), Decimal(0));
}

TEST(DecimalCompare, ComparesByValueAcrossScales) {
  EXPECT_EQ(D("0.25"), D("0.2500"));
  EXPECT_LT(D("-1"), D("0.5"));
  EXPECT_LT(D("-0.51"), D("-0.5"));
  EXPECT_GT(D("100"), D("99.999999"));
  EXPECT_LT(D("123456789012345678") * D("123456789012345678"),
            D("123456789012345678") * D("123456789012345679"));
  EXPECT_EQ(Decimal::FromCoefficient(-15, 1), D("-1.50"));
}

TEST(DecimalArithmetic, IsExact) {
  EXPECT_EQ((D("0.1") + D("0.2")).ToString(), "0.3");
  EXPECT_EQ((D("0.1") + D("0.20")).ToString(), "0.30");
  EXPECT_EQ((D("1") - D("0.001")).ToString(), "0.999");
  EXPECT_EQ((D("12.375") * D("0.2534")).ToString(), "3.1358250");
  EXPECT_EQ((D("-2") * D("0.5")).ToString(), "-1.0");
  EXPECT_EQ((-D("3.10")).ToString(), "-3.10");
  EXPECT_EQ(D("-3.1").Abs(), D("3.1"));
}

TEST(DecimalArithmetic, ThrowsRatherThanWrapOnOverflow) {
  const Decimal huge = Decimal::FromCoefficient(Int128(1) * 1000000000000000000 * 10000000000000000000ULL, 0);
  EXPECT_THROW(huge * huge, DecimalOverflow);
  EXPECT_THROW(huge * Decimal(1000), DecimalOverflow);
  EXPECT_THROW(Decimal::FromCoefficient(1, Decimal::kMaxScale + 1), DecimalOverflow);
  EXPECT_THROW(D("0.000000000000000001") * D("0.000000000000000001") * D("0.1"), DecimalOverflow);
}

struct RoundingCase {
  const char* value;
  int scale;
  const char* half_up;
  const char* half_even;
  const char* down;
  const char* up;
  const char* floor;
  const char* ceiling;
};

TEST(DecimalRounding, EveryModeOnTiesAndNonTies) {
  const RoundingCase cases[] = {
      {"2.5", 0, "3", "2", "2", "3", "2", "3"},
      {"-2.5", 0, "-3", "-2", "-2", "-3", "-3", "-2"},
      {"3.5", 0, "4", "4", "3", "4", "3", "4"},
      {"2.51", 0, "3", "3", "2", "3", "2", "3"},
      {"0.125", 2, "0.13", "0.12", "0.12", "0.13", "0.12", "0.13"},
      {"0.135", 2, "0.14", "0.14", "0.13", "0.14", "0.13", "0.14"},
      {"-0.125", 2, "-0.13", "-0.12", "-0.12", "-0.13", "-0.13", "-0.12"},
      {"1.004", 2, "1.00", "1.00", "1.00", "1.01", "1.00", "1.01"},
      {"-1.004", 2, "-1.00", "-1.00", "-1.00", "-1.01", "-1.01", "-1.00"},
      {"7", 2, "7.00", "7.00", "7.00", "7.00", "7.00", "7.00"},
  };
  for (const RoundingCase& c : cases) {
    const Decimal value = D(c.value);
    EXPECT_EQ(value.Rounded(c.scale, RoundingMode::kHalfUp).ToString(), c.half_up) << c.value;
    EXPECT_EQ(value.Rounded(c.scale, RoundingMode::kHalfEven).ToString(), c.half_even) << c.value;
    EXPECT_EQ(value.Rounded(c.scale, RoundingMode::kDown).ToString(), c.down) << c.value;
    EXPECT_EQ(value.Rounded(c.scale, RoundingMode::kUp).ToString(), c.up) << c.value;
    EXPECT_EQ(value.Rounded(c.scale, RoundingMode::kFloor).ToString(), c.floor) << c.value;
    EXPECT_EQ(value.Rounded(c.scale, RoundingMode::kCeiling).ToString(), c.ceiling) << c.value;
  }
}

TEST(DecimalDivide, RoundsToTheAskedScale) {
  EXPECT_EQ(D("1").Divide(D("3"), 4, RoundingMode::kHalfUp)->ToString(), "0.3333");
  EXPECT_EQ(D("2").Divide(D("3"), 4, RoundingMode::kHalfUp)->ToString(), "0.6667");
  EXPECT_EQ(D("2").Divide(D("3"), 4, RoundingMode::kDown)->ToString(), "0.6666");
  EXPECT_EQ(D("10").Divide(D("0.25"), 0, RoundingMode::kHalfUp)->ToString(), "40");
  EXPECT_EQ(D("-7").Divide(D("2"), 0, RoundingMode::kHalfEven)->ToString(), "-4");
  EXPECT_EQ(D("0.000001").Divide(D("1000000"), 12, RoundingMode::kHalfUp)->ToString(), "0.000000000001");
  // 1 second in hours, as the tariff engine needs it.
  EXPECT_EQ(D("1").Divide(D("3600"), 8, RoundingMode::kHalfUp)->ToString(), "0.00027778");
}

TEST(DecimalDivide, RefusesZeroAndOutOfRange) {
  Result<Decimal> by_zero = D("1").Divide(D("0.00"), 2, RoundingMode::kHalfUp);
  ASSERT_FALSE(by_zero.ok());
  EXPECT_EQ(by_zero.error().message, "division by zero");
  EXPECT_EQ(D("1").Divide(D("3"), Decimal::kMaxScale + 1, RoundingMode::kHalfUp).error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(D("123456789012345678").Divide(D("0.000000000000000001"), 18, RoundingMode::kHalfUp).error().code,
            ErrorCode::kOutOfRange);
}

TEST(DecimalSteps, RoundsUpToAMultipleOfTheStep) {
  EXPECT_EQ(D("12.301").RoundedUpToMultipleOf(D("0.1")), D("12.4"));
  EXPECT_EQ(D("12.3").RoundedUpToMultipleOf(D("0.1")), D("12.3"));
  EXPECT_EQ(D("0").RoundedUpToMultipleOf(D("300")), D("0"));
  EXPECT_EQ(D("301").RoundedUpToMultipleOf(D("300")), D("600"));
  EXPECT_THROW(D("1").RoundedUpToMultipleOf(D("0")), std::invalid_argument);
}

TEST(DecimalMisc, NormalizedAndIsInteger) {
  EXPECT_EQ(D("2.500").Normalized().ToString(), "2.5");
  EXPECT_EQ(D("100.0").Normalized().ToString(), "100");
  EXPECT_TRUE(D("100.00").IsInteger());
  EXPECT_FALSE(D("100.01").IsInteger());
}

// Property tests with a fixed seed: reproducible, and broad enough to find sign, carry and scale mistakes.
class DecimalProperties : public ::testing::Test {
 protected:
  // A random value up to 10^12 in magnitude with up to 6 decimals.
  Decimal RandomAmount() {
    std::uniform_int_distribution<std::int64_t> units(-1'000'000'000'000'000'000, 1'000'000'000'000'000'000);
    std::uniform_int_distribution<int> scale(0, 6);
    const int s = scale(rng_);
    std::int64_t c = units(rng_);
    for (int i = s; i < 6; ++i) c /= 10;
    return Decimal::FromCoefficient(c, s);
  }

  std::mt19937_64 rng_{20261123};
};

TEST_F(DecimalProperties, ParsePrintRoundTrip) {
  for (int i = 0; i < 20000; ++i) {
    const Decimal value = RandomAmount();
    const Decimal parsed = D(value.ToString());
    EXPECT_EQ(parsed.coefficient(), value.coefficient());
    EXPECT_EQ(parsed.scale(), value.scale());
  }
}

TEST_F(DecimalProperties, NoOverflowForAmountsUpToTenToTheTwelveWithSixDecimals) {
  for (int i = 0; i < 20000; ++i) {
    const Decimal a = RandomAmount();
    const Decimal b = RandomAmount();
    const Decimal sum = a + b;
    EXPECT_EQ(sum - b, a);
    const Decimal product = a * b;
    EXPECT_EQ(product.scale(), a.scale() + b.scale());
    if (!b.IsZero()) {
      EXPECT_EQ(*product.Divide(b, a.scale(), RoundingMode::kHalfUp), a);
    }
  }
}

TEST_F(DecimalProperties, SumOfRoundedLinesIsTheRoundedLineTotal) {
  // An invoice: each line is quantity × unit price rounded half-up to cents, and the total is the sum
  // of the rounded lines. The total must itself be in cents, and differ from the unrounded sum by at
  // most half a cent per line.
  std::uniform_int_distribution<std::int64_t> quantity(0, 200'000'000);  // up to 200 kWh, 6 decimals
  std::uniform_int_distribution<std::int64_t> price(0, 9'999);           // up to 0.9999 per kWh
  std::uniform_int_distribution<int> line_count(1, 60);
  const Decimal half_cent = D("0.005");
  for (int invoice = 0; invoice < 2000; ++invoice) {
    const int lines = line_count(rng_);
    Decimal exact_total;
    Decimal rounded_total;
    for (int line = 0; line < lines; ++line) {
      const Decimal amount = Decimal::FromCoefficient(quantity(rng_), 6) * Decimal::FromCoefficient(price(rng_), 4);
      const Decimal rounded = amount.Rounded(2, RoundingMode::kHalfUp);
      EXPECT_LE((rounded - amount).Abs(), half_cent);
      exact_total += amount;
      rounded_total += rounded;
    }
    EXPECT_EQ(rounded_total.Rounded(2, RoundingMode::kHalfUp), rounded_total);
    EXPECT_LE((rounded_total - exact_total).Abs(), half_cent * Decimal(lines));
  }
}

TEST_F(DecimalProperties, RoundingIsIdempotentAndWithinHalfAUnit) {
  const Decimal half_unit = D("0.005");
  for (int i = 0; i < 20000; ++i) {
    const Decimal value = RandomAmount();
    for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfEven}) {
      const Decimal rounded = value.Rounded(2, mode);
      EXPECT_EQ(rounded.Rounded(2, mode), rounded);
      EXPECT_LE((rounded - value).Abs(), half_unit);
    }
    EXPECT_LE(value.Rounded(2, RoundingMode::kFloor), value);
    EXPECT_GE(value.Rounded(2, RoundingMode::kCeiling), value);
  }
}

}  // namespace
}  // namespace openmsp
