#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"

namespace openmsp {

/// Thrown when amounts of two currencies meet in `+` or `-`: converting is a business decision (an
/// exchange rate of a date) that code must make explicitly, never by accident.
class CurrencyMismatch : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// An exact amount in a currency. Arithmetic is exact; rounding to the minor unit happens only where a
/// caller asks for it, with a named `RoundingMode`.
class Money {
 public:
  Money(Decimal amount, Currency currency) : amount_(amount), currency_(currency) {}

  const Decimal& amount() const { return amount_; }
  const Currency& currency() const { return currency_; }

  /// The amount rounded to the currency's minor unit (EUR: 2 decimals), keeping that scale.
  Money RoundedToMinorUnit(RoundingMode mode) const;

  /// True when the amount has no more decimals than the currency's minor unit allows (and keeps
  /// exactly that scale, or fewer).
  bool IsRoundedToMinorUnit() const;

  /// Splits this amount into parts proportional to `weights`, each a whole number of minor units, whose
  /// sum is exactly this amount (largest-remainder method; ties go to the earlier part). The amount must
  /// already be rounded to the minor unit; weights must be non-negative and not all zero.
  Result<std::vector<Money>> Allocate(std::span<const Decimal> weights) const;

  /// `12.34 EUR`.
  std::string ToString() const;

  Money operator-() const { return Money(-amount_, currency_); }
  friend Money operator+(const Money& a, const Money& b);
  friend Money operator-(const Money& a, const Money& b);
  friend Money operator*(const Money& a, const Decimal& factor) { return Money(a.amount_ * factor, a.currency_); }
  Money& operator+=(const Money& other) { return *this = *this + other; }

  friend bool operator==(const Money&, const Money&) = default;

 private:
  Decimal amount_;
  Currency currency_;
};

}  // namespace openmsp
