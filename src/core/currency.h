#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp {

/// An ISO 4217 currency with its number of minor units (EUR 2, JPY 0, BHD 3, CLF 4). Only active codes
/// with a defined minor unit are known; fund and metal codes (XAU, XDR…) are not currencies a charging
/// session is paid in.
class Currency {
 public:
  /// Looks up an upper-case ISO 4217 alphabetic code. Lower case, unknown or withdrawn codes are refused
  /// with a message that says which.
  static Result<Currency> Find(std::string_view code);

  /// The three-letter code, e.g. "EUR".
  std::string_view code() const { return {code_.data(), code_.size()}; }

  /// Decimal places of the minor unit: the scale amounts are rounded to on an invoice.
  int minor_units() const { return minor_units_; }

  friend bool operator==(const Currency&, const Currency&) = default;

 private:
  Currency(std::array<char, 3> code, int minor_units) : code_(code), minor_units_(minor_units) {}

  std::array<char, 3> code_;
  int minor_units_;
};

}  // namespace openmsp
