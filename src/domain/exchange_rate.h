#pragma once

#include <span>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/result.h"
#include "core/time.h"

namespace openmsp::domain {

/// One row of a tenant's exchange-rate table: 1 unit of `from` is `rate` units of `to` from `valid_from`
/// on, until the next row of the same pair. Rating converts a CPO's cost into the currency of the
/// tenant's tariff plan with it when the CPO invoices in another currency (a Dutch MSP whose drivers
/// charge in Switzerland or Poland: CHF → EUR, PLN → EUR), using the rate of the session's local start
/// date in the country of charging (docs/rating.md, "Exchange rates").
struct ExchangeRate {
  Currency from;
  Currency to;
  LocalDate valid_from;
  /// Units of `to` per unit of `from`, e.g. 1.0412 for CHF → EUR: positive, below 1,000,000, at most
  /// 10 decimals.
  Decimal rate;

  friend bool operator==(const ExchangeRate&, const ExchangeRate&) = default;
};

/// The most decimals a rate may have.
inline constexpr int kMaxExchangeRateDecimals = 10;

/// Checks a whole exchange-rate table; the error names the row at fault: `exchange_rates[2].rate` for a
/// rate out of range or with too many decimals, `exchange_rates[2].to` for a pair converting a currency
/// into itself, `exchange_rates[2]` for a second row with the same pair and date.
Result<void> ValidateExchangeRates(std::span<const ExchangeRate> rates);

/// The units of `to` that 1 unit of `from` is worth on `date`: the row of exactly that pair with the
/// latest `valid_from` not after `date`; 1 when `from == to`, with or without rows. kNotFound naming
/// `exchange_rates` when there is no such row.
///
/// Only the pair as given counts. The rate of the opposite pair is not inverted (1 / rate is rounded, and
/// a bank's buying and selling rates differ, so it is not the rate the tenant would have stated) and no
/// path through a third currency is followed (CHF → USD → EUR): each would make up a rate nobody chose.
/// A missing rate is an error to fix, like a missing VAT rate, so the CDR needs attention instead.
Result<Decimal> ExchangeRateOn(std::span<const ExchangeRate> rates, const Currency& from, const Currency& to,
                               LocalDate date);

}  // namespace openmsp::domain
