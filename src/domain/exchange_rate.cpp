#include "domain/exchange_rate.h"

#include <string>

namespace openmsp::domain {
namespace {

const Decimal kRateLimit = Decimal(1'000'000);

std::string PairName(const Currency& from, const Currency& to) {
  return std::string(from.code()) + " to " + std::string(to.code());
}

}  // namespace

Result<void> ValidateExchangeRates(std::span<const ExchangeRate> rates) {
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const std::string row = "exchange_rates[" + std::to_string(i) + "]";
    const ExchangeRate& rate = rates[i];
    if (rate.rate <= Decimal() || rate.rate >= kRateLimit) {
      return InvalidArgument(row + ".rate", "must be above 0 and below 1000000, not " + rate.rate.ToString());
    }
    if (rate.rate.Rounded(kMaxExchangeRateDecimals, RoundingMode::kHalfUp) != rate.rate) {
      return InvalidArgument(row + ".rate", "has more than 10 decimals: " + rate.rate.ToString());
    }
    if (rate.from == rate.to) {
      return InvalidArgument(row + ".to", "converts " + std::string(rate.from.code()) + " into itself");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (rates[j].from == rate.from && rates[j].to == rate.to && rates[j].valid_from == rate.valid_from) {
        return InvalidArgument(row, "repeats the rate from " + PairName(rate.from, rate.to) + " from " +
                                        FormatIsoDate(rate.valid_from) + " (row " + std::to_string(j) + ")");
      }
    }
  }
  return Ok();
}

Result<Decimal> ExchangeRateOn(std::span<const ExchangeRate> rates, const Currency& from, const Currency& to,
                               LocalDate date) {
  if (from == to) return Decimal(1);
  const ExchangeRate* found = nullptr;
  for (const ExchangeRate& rate : rates) {
    if (rate.from == from && rate.to == to && rate.valid_from <= date &&
        (!found || rate.valid_from > found->valid_from)) {
      found = &rate;
    }
  }
  if (!found) {
    return Error{
        ErrorCode::kNotFound, "exchange_rates",
        "the exchange-rate table has no rate from " + PairName(from, to) + " on " + FormatIsoDate(date)};
  }
  return found->rate;
}

}  // namespace openmsp::domain
