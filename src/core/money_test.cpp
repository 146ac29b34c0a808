#include "core/money.h"

#include <gtest/gtest.h>

#include <random>

namespace openmsp {
namespace {

Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }
Currency C(std::string_view code) { return Currency::Find(code).value(); }

TEST(Currency, KnowsMinorUnits) {
  EXPECT_EQ(C("EUR").minor_units(), 2);
  EXPECT_EQ(C("JPY").minor_units(), 0);
  EXPECT_EQ(C("BHD").minor_units(), 3);
  EXPECT_EQ(C("CLF").minor_units(), 4);
  EXPECT_EQ(C("ISK").minor_units(), 0);
  EXPECT_EQ(C("SEK").code(), "SEK");
}

TEST(Currency, RefusesUnknownLowerCaseAndWithdrawnCodes) {
  EXPECT_EQ(Currency::Find("eur").error().message, "'eur' must be written in upper case: 'EUR'");
  EXPECT_EQ(Currency::Find("eur").error().field, "currency");
  for (std::string_view code : {"", "EU", "EURO", "XXX", "XAU", "HRK", "DEM", "€"}) {
    Result<Currency> found = Currency::Find(code);
    ASSERT_FALSE(found.ok()) << code;
    EXPECT_NE(found.error().message.find("is not an active ISO 4217 currency code"), std::string::npos);
  }
}

TEST(Money, RoundsToTheCurrencysMinorUnit) {
  EXPECT_EQ(Money(D("3.1358250"), C("EUR")).RoundedToMinorUnit(RoundingMode::kHalfUp).ToString(), "3.14 EUR");
  EXPECT_EQ(Money(D("1234.5"), C("JPY")).RoundedToMinorUnit(RoundingMode::kHalfEven).ToString(), "1234 JPY");
  EXPECT_EQ(Money(D("0.0005"), C("BHD")).RoundedToMinorUnit(RoundingMode::kHalfUp).ToString(), "0.001 BHD");
  EXPECT_TRUE(Money(D("1.5"), C("EUR")).IsRoundedToMinorUnit());
  EXPECT_FALSE(Money(D("1.505"), C("EUR")).IsRoundedToMinorUnit());
}

TEST(Money, RefusesToMixCurrencies) {
  EXPECT_THROW(Money(D("1"), C("EUR")) + Money(D("1"), C("CHF")), CurrencyMismatch);
  EXPECT_EQ((Money(D("1.10"), C("EUR")) + Money(D("2.205"), C("EUR"))).ToString(), "3.305 EUR");
  EXPECT_EQ((Money(D("1.10"), C("EUR")) * D("1.21")).ToString(), "1.3310 EUR");
}

TEST(MoneyAllocate, SplitsIntoWholeMinorUnitsThatAddUp) {
  const Money total(D("100.00"), C("EUR"));
  const Decimal thirds[] = {D("1"), D("1"), D("1")};
  std::vector<Money> parts = total.Allocate(thirds).value();
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].ToString(), "33.34 EUR");  // the tie goes to the earlier part
  EXPECT_EQ(parts[1].ToString(), "33.33 EUR");
  EXPECT_EQ(parts[2].ToString(), "33.33 EUR");

  const Decimal energy[] = {D("7.5"), D("0"), D("2.5")};
  parts = Money(D("-10.01"), C("EUR")).Allocate(energy).value();
  EXPECT_EQ(parts[0].ToString(), "-7.51 EUR");
  EXPECT_EQ(parts[1].ToString(), "0.00 EUR");
  EXPECT_EQ(parts[2].ToString(), "-2.50 EUR");
}

TEST(MoneyAllocate, RefusesBadWeightsAndUnroundedAmounts) {
  const Money total(D("1.00"), C("EUR"));
  EXPECT_EQ(total.Allocate({}).error().field, "weights");
  const Decimal negative[] = {D("1"), D("-1")};
  EXPECT_EQ(total.Allocate(negative).error().field, "weights[1]");
  const Decimal zeros[] = {D("0"), D("0.0")};
  EXPECT_EQ(total.Allocate(zeros).error().message, "the weights must not all be zero");
  const Decimal one[] = {D("1")};
  EXPECT_EQ(Money(D("1.001"), C("EUR")).Allocate(one).error().field, "amount");
}

TEST(MoneyAllocate, PropertyPartsAlwaysSumToTheTotal) {
  std::mt19937_64 rng(4217);
  std::uniform_int_distribution<std::int64_t> cents(-10'000'000, 10'000'000);
  std::uniform_int_distribution<std::int64_t> weight(0, 1'000'000);
  std::uniform_int_distribution<int> count(1, 12);
  for (int i = 0; i < 5000; ++i) {
    const Money total(Decimal::FromCoefficient(cents(rng), 2), C("EUR"));
    std::vector<Decimal> weights(static_cast<std::size_t>(count(rng)));
    for (Decimal& w : weights) w = Decimal::FromCoefficient(weight(rng), 3);
    weights.back() += Decimal(1);
    const std::vector<Money> parts = total.Allocate(weights).value();
    Money sum(Decimal(), C("EUR"));
    for (const Money& part : parts) {
      EXPECT_TRUE(part.IsRoundedToMinorUnit());
      sum += part;
    }
    EXPECT_EQ(sum, total);
  }
}

}  // namespace
}  // namespace openmsp
