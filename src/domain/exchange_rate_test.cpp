#include "domain/exchange_rate.h"

#include <gtest/gtest.h>

#include <vector>

namespace openmsp::domain {
namespace {

Currency Cur(const char* code) { return Currency::Find(code).value(); }
LocalDate Day(const char* text) { return ParseIsoDate(text).value(); }
Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

// A Dutch MSP (plans in EUR) whose drivers charge in Switzerland and Poland. The EUR → CHF row is on
// purpose not the inverse of the CHF → EUR one (1 / 1.0712 = 0.93353…).
std::vector<ExchangeRate> Table() {
  return {{Cur("CHF"), Cur("EUR"), Day("2025-01-01"), Number("1.0650")},
          {Cur("CHF"), Cur("EUR"), Day("2026-01-01"), Number("1.0712")},
          {Cur("PLN"), Cur("EUR"), Day("2025-07-01"), Number("0.2345")},
          {Cur("EUR"), Cur("CHF"), Day("2026-01-01"), Number("0.9300")},
          {Cur("EUR"), Cur("PLN"), Day("2025-07-01"), Number("4.2650")}};
}

TEST(ExchangeRateOnTest, TakesTheLatestRateOfThePairInForceOnTheDate) {
  const std::vector<ExchangeRate> table = Table();
  EXPECT_EQ(ExchangeRateOn(table, Cur("CHF"), Cur("EUR"), Day("2025-01-01")).value(), Number("1.0650"));
  EXPECT_EQ(ExchangeRateOn(table, Cur("CHF"), Cur("EUR"), Day("2025-12-31")).value(), Number("1.0650"));
  EXPECT_EQ(ExchangeRateOn(table, Cur("CHF"), Cur("EUR"), Day("2026-01-01")).value(), Number("1.0712"));
  EXPECT_EQ(ExchangeRateOn(table, Cur("CHF"), Cur("EUR"), Day("2030-06-15")).value(), Number("1.0712"));
  EXPECT_EQ(ExchangeRateOn(table, Cur("EUR"), Cur("CHF"), Day("2026-03-01")).value(), Number("0.9300"));
  EXPECT_EQ(ExchangeRateOn(table, Cur("PLN"), Cur("EUR"), Day("2026-03-01")).value(), Number("0.2345"));

  // The rows' order does not matter.
  std::vector<ExchangeRate> reversed(table.rbegin(), table.rend());
  EXPECT_EQ(ExchangeRateOn(reversed, Cur("CHF"), Cur("EUR"), Day("2025-12-31")).value(), Number("1.0650"));
  EXPECT_EQ(ExchangeRateOn(reversed, Cur("CHF"), Cur("EUR"), Day("2026-01-01")).value(), Number("1.0712"));

  // What rating does with it: CHF 12.34 on 2026-03-01 is 12.34 × 1.0712 = 13.218608, EUR 13.22.
  Decimal cost = Number("12.34") * ExchangeRateOn(table, Cur("CHF"), Cur("EUR"), Day("2026-03-01")).value();
  EXPECT_EQ(cost.ToString(), "13.218608");
  EXPECT_EQ(cost.Rounded(Cur("EUR").minor_units(), RoundingMode::kHalfUp).ToString(), "13.22");
}

TEST(ExchangeRateOnTest, ACurrencyIsWorthOneOfItself) {
  EXPECT_EQ(ExchangeRateOn({}, Cur("EUR"), Cur("EUR"), Day("2026-03-01")).value(), Decimal(1));
  const std::vector<ExchangeRate> table = Table();
  EXPECT_EQ(ExchangeRateOn(table, Cur("PLN"), Cur("PLN"), Day("1999-01-01")).value(), Decimal(1));
}

TEST(ExchangeRateOnTest, AMissingRateIsNotFoundNeverGuessed) {
  const std::vector<ExchangeRate> table = Table();
  Result<Decimal> before = ExchangeRateOn(table, Cur("CHF"), Cur("EUR"), Day("2024-12-31"));
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(before.error().field, "exchange_rates");
  EXPECT_EQ(before.error().message, "the exchange-rate table has no rate from CHF to EUR on 2024-12-31");

  // The opposite pair's rate is not inverted.
  const std::vector<ExchangeRate> one_way = {{Cur("EUR"), Cur("CHF"), Day("2020-01-01"), Number("0.9300")}};
  Result<Decimal> opposite = ExchangeRateOn(one_way, Cur("CHF"), Cur("EUR"), Day("2026-03-01"));
  ASSERT_FALSE(opposite);
  EXPECT_EQ(opposite.error().code, ErrorCode::kNotFound);

  // CHF → EUR and EUR → PLN are known, CHF → PLN is not: no path through EUR.
  Result<Decimal> through_euro = ExchangeRateOn(table, Cur("CHF"), Cur("PLN"), Day("2026-03-01"));
  ASSERT_FALSE(through_euro);
  EXPECT_EQ(through_euro.error().field, "exchange_rates");
  EXPECT_EQ(through_euro.error().message,
            "the exchange-rate table has no rate from CHF to PLN on 2026-03-01");

  EXPECT_EQ(ExchangeRateOn({}, Cur("GBP"), Cur("EUR"), Day("2026-03-01")).error().code, ErrorCode::kNotFound);
}

TEST(ValidateExchangeRatesTest, AcceptsAWellFormedTable) {
  EXPECT_TRUE(ValidateExchangeRates(Table()));
  EXPECT_TRUE(ValidateExchangeRates({}));
  const std::vector<ExchangeRate> extremes = {
      {Cur("EUR"), Cur("JPY"), Day("2026-01-01"), Number("999999.9999999999")},
      {Cur("JPY"), Cur("EUR"), Day("2026-01-01"), Number("0.0000000001")},
      // Trailing zeros beyond 10 decimals do not change the value.
      {Cur("CHF"), Cur("EUR"), Day("2027-01-01"), Number("1.071200000000")}};
  EXPECT_TRUE(ValidateExchangeRates(extremes));
}

TEST(ValidateExchangeRatesTest, NamesTheRowAndFieldAtFault) {
  for (const char* bad : {"0", "-1.05", "1000000", "2500000", "0.00000000001", "1.07120000001"}) {
    std::vector<ExchangeRate> table = Table();
    table.push_back({Cur("GBP"), Cur("EUR"), Day("2026-01-01"), Number(bad)});
    Result<void> result = ValidateExchangeRates(table);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(result.error().field, "exchange_rates[5].rate") << bad;
  }
  std::vector<ExchangeRate> table = Table();
  table.push_back({Cur("GBP"), Cur("EUR"), Day("2026-01-01"), Number("1.07120000001")});
  EXPECT_EQ(ValidateExchangeRates(table).error().message, "has more than 10 decimals: 1.07120000001");

  std::vector<ExchangeRate> itself = Table();
  itself.insert(itself.begin() + 2, {Cur("EUR"), Cur("EUR"), Day("2026-01-01"), Number("1")});
  Result<void> same = ValidateExchangeRates(itself);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().field, "exchange_rates[2].to");
  EXPECT_EQ(same.error().message, "converts EUR into itself");

  std::vector<ExchangeRate> repeated = Table();
  repeated.push_back({Cur("CHF"), Cur("EUR"), Day("2026-01-01"), Number("1.08")});
  Result<void> twice = ValidateExchangeRates(repeated);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "exchange_rates[5]");
  EXPECT_EQ(twice.error().message, "repeats the rate from CHF to EUR from 2026-01-01 (row 1)");

  // The same date for the opposite pair, or another pair, is no repetition.
  std::vector<ExchangeRate> opposite = {{Cur("CHF"), Cur("EUR"), Day("2026-01-01"), Number("1.0712")},
                                        {Cur("EUR"), Cur("CHF"), Day("2026-01-01"), Number("0.93")},
                                        {Cur("CHF"), Cur("PLN"), Day("2026-01-01"), Number("4.55")}};
  EXPECT_TRUE(ValidateExchangeRates(opposite));
}

}  // namespace
}  // namespace openmsp::domain
