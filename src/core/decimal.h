#pragma once

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp {

/// The 128-bit integer behind `Decimal`. (`__extension__` keeps -Wpedantic quiet about a GCC built-in.)
__extension__ typedef __int128 Int128;

/// How a value is brought to fewer decimal places. Every place that rounds names its mode: there is no
/// default, because "which rounding" is a business rule (domain.md: invoice lines round half-up).
enum class RoundingMode {
  kHalfUp,    ///< to nearest; a tie goes away from zero (2.5 → 3, -2.5 → -3): commercial rounding
  kHalfEven,  ///< to nearest; a tie goes to the even neighbour (2.5 → 2, 3.5 → 4): banker's rounding
  kDown,      ///< towards zero (truncation)
  kUp,        ///< away from zero: "per started unit"
  kFloor,     ///< towards minus infinity
  kCeiling,   ///< towards plus infinity
};

/// Thrown when an exact `+`, `-` or `*` would need more than `Decimal::kMaxDigits` digits or
/// `Decimal::kMaxScale` decimal places. Values that come from `Parse` are small enough that sums and
/// single products of them never get there; reaching it means a computation forgot to round.
class DecimalOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

/// An exact decimal number for money and quantities: an integer coefficient and a scale, the value being
/// `coefficient × 10^-scale`. No floating point is involved anywhere.
///
/// - The scale is kept: `Parse("0.2500").ToString()` is `"0.2500"`. Comparison is by value
///   (`0.25 == 0.2500`).
/// - `+`, `-` and `*` are exact. Division and every reduction of decimal places take an explicit scale and
///   `RoundingMode`.
/// - Limits: a parsed value has at most `kMaxParsedDigits` significant digits and `kMaxParsedScale`
///   decimals (so any product of two parsed values is still exact); results of arithmetic may grow to
///   `kMaxDigits` digits and `kMaxScale` decimals, beyond which `DecimalOverflow` is thrown.
class Decimal {
 public:
  static constexpr int kMaxParsedDigits = 18;
  static constexpr int kMaxParsedScale = 18;
  static constexpr int kMaxDigits = 38;
  static constexpr int kMaxScale = 36;

  /// Zero, with scale 0.
  constexpr Decimal() = default;

  /// An integer value with scale 0.
  constexpr Decimal(std::int64_t value) : coefficient_(value) {}  // NOLINT: implicit on purpose

  /// `coefficient × 10^-scale`, e.g. `FromCoefficient(2534, 4)` is 0.2534. Throws `DecimalOverflow`
  /// when the coefficient or scale is beyond the limits.
  static Decimal FromCoefficient(Int128 coefficient, int scale);

  /// Reads a number in JSON number syntax (RFC 8259): `-0.25`, `12.375`, `1e2`, `2.5E-3`. No leading `+`,
  /// no leading zeros, no blanks, no `NaN`/`Infinity`, no hex. Values beyond the parse limits are
  /// refused, never rounded. The error's message says what is wrong with the text.
  static Result<Decimal> Parse(std::string_view text);

  /// Plain notation with exactly `scale()` decimals and no exponent: `0.2500`, `-12.375`, `100`.
  /// Always valid JSON number text; `Parse(ToString())` gives back the same coefficient and scale.
  std::string ToString() const;

  Int128 coefficient() const { return coefficient_; }
  int scale() const { return scale_; }

  /// -1, 0 or 1.
  int Sign() const { return coefficient_ < 0 ? -1 : (coefficient_ > 0 ? 1 : 0); }
  bool IsZero() const { return coefficient_ == 0; }
  bool IsInteger() const;

  /// The value with `scale` decimals. With fewer decimals than now, rounds by `mode`; with more, pads
  /// zeros (exact). Throws `DecimalOverflow` only when padding exceeds the limits.
  Decimal Rounded(int scale, RoundingMode mode) const;

  /// The same value with trailing fractional zeros removed (`2.500` → `2.5`, `100.0` → `100`).
  Decimal Normalized() const;

  /// `*this / divisor` with `scale` decimals, rounded by `mode`. Fails on a zero divisor
  /// (kInvalidArgument) or when the quotient would exceed the limits (kOutOfRange).
  Result<Decimal> Divide(const Decimal& divisor, int scale, RoundingMode mode) const;

  /// The smallest multiple of `step` that is ≥ this value (for non-negative values): how "per started
  /// step" billing rounds a quantity. `step` must be positive.
  Decimal RoundedUpToMultipleOf(const Decimal& step) const;

  Decimal operator-() const;
  Decimal Abs() const { return Sign() < 0 ? -*this : *this; }

  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  Decimal& operator+=(const Decimal& other) { return *this = *this + other; }
  Decimal& operator-=(const Decimal& other) { return *this = *this - other; }
  Decimal& operator*=(const Decimal& other) { return *this = *this * other; }

  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }

 private:
  constexpr Decimal(Int128 coefficient, int scale) : coefficient_(coefficient), scale_(scale) {}

  Int128 coefficient_ = 0;
  int scale_ = 0;
};

/// Streams `ToString()`, for test output and logs.
std::ostream& operator<<(std::ostream& out, const Decimal& value);

}  // namespace openmsp
