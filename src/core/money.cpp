#include "core/money.h"

#include <algorithm>
#include <numeric>

namespace openmsp {
namespace {

void RequireSameCurrency(const Money& a, const Money& b) {
  if (a.currency() != b.currency()) {
    throw CurrencyMismatch("cannot combine " + a.ToString() + " and " + b.ToString() +
                           " without an exchange rate");
  }
}

}  // namespace

Money Money::RoundedToMinorUnit(RoundingMode mode) const {
  return Money(amount_.Rounded(currency_.minor_units(), mode), currency_);
}

bool Money::IsRoundedToMinorUnit() const {
  return amount_.Rounded(currency_.minor_units(), RoundingMode::kDown) == amount_;
}

Result<std::vector<Money>> Money::Allocate(std::span<const Decimal> weights) const {
  if (!IsRoundedToMinorUnit()) {
    return InvalidArgument("amount", ToString() + " has more decimals than " + std::string(currency_.code()) +
                                         " has minor units");
  }
  if (weights.empty()) return InvalidArgument("weights", "at least one weight is needed");
  Decimal total_weight;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i].Sign() < 0) {
      return InvalidArgument("weights[" + std::to_string(i) + "]", "a weight must not be negative");
    }
    total_weight += weights[i];
  }
  if (total_weight.IsZero()) return InvalidArgument("weights", "the weights must not all be zero");

  const int scale = currency_.minor_units();
  std::vector<Decimal> shares;
  std::vector<Decimal> remainders;
  Decimal allocated;
  for (const Decimal& weight : weights) {
    const Decimal exact_numerator = amount_ * weight;
    OPENMSP_ASSIGN_OR_RETURN(Decimal share, exact_numerator.Divide(total_weight, scale, RoundingMode::kFloor));
    remainders.push_back(exact_numerator - share * total_weight);
    allocated += share;
    shares.push_back(share);
  }

  const Decimal unit = Decimal::FromCoefficient(1, scale);
  OPENMSP_ASSIGN_OR_RETURN(Decimal leftover_units, (amount_ - allocated).Divide(unit, 0, RoundingMode::kDown));
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t i = 0; Decimal(static_cast<std::int64_t>(i)) < leftover_units; ++i) {
    shares[order[i]] += unit;
  }

  std::vector<Money> parts;
  parts.reserve(shares.size());
  for (const Decimal& share : shares) parts.emplace_back(share.Rounded(scale, RoundingMode::kDown), currency_);
  return parts;
}

std::string Money::ToString() const { return amount_.ToString() + " " + std::string(currency_.code()); }

Money operator+(const Money& a, const Money& b) {
  RequireSameCurrency(a, b);
  return Money(a.amount_ + b.amount_, a.currency_);
}

Money operator-(const Money& a, const Money& b) {
  RequireSameCurrency(a, b);
  return Money(a.amount_ - b.amount_, a.currency_);
}

}  // namespace openmsp
