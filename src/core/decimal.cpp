#include "core/decimal.h"

#include <algorithm>
#include <array>
#include <ostream>

namespace openmsp {
namespace {

constexpr std::array<Int128, 39> MakePowersOfTen() {
  std::array<Int128, 39> powers{};
  powers[0] = 1;
  for (std::size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * 10;
  return powers;
}

constexpr std::array<Int128, 39> kPowersOfTen = MakePowersOfTen();
constexpr Int128 kCoefficientLimit = kPowersOfTen[Decimal::kMaxDigits];

Int128 PowerOfTen(int exponent) { return kPowersOfTen[static_cast<std::size_t>(exponent)]; }

bool FitsLimits(Int128 coefficient, int scale) {
  return scale >= 0 && scale <= Decimal::kMaxScale && coefficient < kCoefficientLimit &&
         coefficient > -kCoefficientLimit;
}

[[noreturn]] void ThrowOverflow(const char* operation) {
  throw DecimalOverflow(std::string("decimal ") + operation + " exceeds " +
                        std::to_string(Decimal::kMaxDigits) + " digits or " +
                        std::to_string(Decimal::kMaxScale) + " decimal places");
}

// coefficient × 10^exponent, or false when it leaves the limits.
bool ScaleUp(Int128 coefficient, int exponent, Int128& result) {
  if (exponent < 0 || exponent > Decimal::kMaxDigits) return false;
  if (__builtin_mul_overflow(coefficient, PowerOfTen(exponent), &result)) return false;
  return result < kCoefficientLimit && result > -kCoefficientLimit;
}

// quotient of numerator / divisor rounded by mode; divisor > 0 or < 0, not 0.
Int128 DivideRounded(Int128 numerator, Int128 divisor, RoundingMode mode) {
  Int128 quotient = numerator / divisor;
  Int128 remainder = numerator % divisor;
  if (remainder == 0) return quotient;
  const bool negative = (numerator < 0) != (divisor < 0);
  const Int128 abs_remainder = remainder < 0 ? -remainder : remainder;
  const Int128 abs_divisor = divisor < 0 ? -divisor : divisor;
  const Int128 twice = abs_remainder * 2;  // abs_remainder < abs_divisor < 10^38: no overflow
  bool away_from_zero = false;
  switch (mode) {
    case RoundingMode::kHalfUp: away_from_zero = twice >= abs_divisor; break;
    case RoundingMode::kHalfEven:
      away_from_zero = twice > abs_divisor || (twice == abs_divisor && quotient % 2 != 0);
      break;
    case RoundingMode::kDown: away_from_zero = false; break;
    case RoundingMode::kUp: away_from_zero = true; break;
    case RoundingMode::kFloor: away_from_zero = negative; break;
    case RoundingMode::kCeiling: away_from_zero = !negative; break;
  }
  if (away_from_zero) quotient += negative ? -1 : 1;
  return quotient;
}

Error ParseError(std::string_view text, std::string_view reason) {
  constexpr std::size_t kShown = 40;
  std::string shown(text.substr(0, kShown));
  if (text.size() > kShown) shown += "…";
  return Error{ErrorCode::kInvalidArgument, "",
               "'" + shown + "' is not a valid number: " + std::string(reason)};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Decimal Decimal::FromCoefficient(Int128 coefficient, int scale) {
  if (!FitsLimits(coefficient, scale)) ThrowOverflow("construction");
  return Decimal(coefficient, scale);
}

Result<Decimal> Decimal::Parse(std::string_view text) {
  // Grammar: [-] int [. frac] [(e|E) [+|-] exp]; the value is digits(int frac) × 10^(exp - len(frac)).
  std::size_t pos = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++pos;
  auto digits_from = [&](std::size_t from) {
    std::size_t end = from;
    while (end < text.size() && IsDigit(text[end])) ++end;
    return end;
  };
  const std::size_t int_end = digits_from(pos);
  if (int_end == pos) return ParseError(text, pos < text.size() ? "expected a digit" : "no digits");
  if (text[pos] == '0' && int_end - pos > 1) return ParseError(text, "leading zeros are not allowed");
  std::string_view int_digits = text.substr(pos, int_end - pos);
  pos = int_end;

  std::string_view frac_digits;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t frac_end = digits_from(pos + 1);
    if (frac_end == pos + 1) return ParseError(text, "a decimal point must be followed by digits");
    frac_digits = text.substr(pos + 1, frac_end - pos - 1);
    pos = frac_end;
  }

  long exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    const bool negative_exponent = pos < text.size() && text[pos] == '-';
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    const std::size_t exp_end = digits_from(pos);
    if (exp_end == pos) return ParseError(text, "an exponent must have digits");
    for (; pos < exp_end; ++pos) {
      exponent = exponent * 10 + (text[pos] - '0');
      if (exponent > 100000) return ParseError(text, "the exponent is out of range");
    }
    if (negative_exponent) exponent = -exponent;
  }
  if (pos != text.size()) {
    return ParseError(text, "unexpected character '" + std::string(1, text[pos]) + "'");
  }

  // The significant digits are those of int and frac together, without leading zeros.
  const std::size_t total = int_digits.size() + frac_digits.size();
  auto digit_at = [&](std::size_t i) {
    return i < int_digits.size() ? int_digits[i] : frac_digits[i - int_digits.size()];
  };
  std::size_t first = 0;
  while (first < total && digit_at(first) == '0') ++first;
  long scale = static_cast<long>(frac_digits.size()) - exponent;
  if (first == total) return Decimal(0, static_cast<int>(std::clamp<long>(scale, 0, kMaxParsedScale)));

  // Trailing fractional zeros carry no value: drop them only when the limits require it.
  std::size_t length = total - first;
  while (digit_at(first + length - 1) == '0' && scale > 0 &&
         (length > static_cast<std::size_t>(kMaxParsedDigits) || scale > kMaxParsedScale)) {
    --length;
    --scale;
  }
  const long appended_zeros = scale < 0 ? -scale : 0;
  if (static_cast<long>(length) + appended_zeros > kMaxParsedDigits) {
    return ParseError(text, "more than " + std::to_string(kMaxParsedDigits) +
                                " significant digits cannot be held exactly");
  }
  if (scale > kMaxParsedScale) {
    return ParseError(text, "more than " + std::to_string(kMaxParsedScale) +
                                " decimal places cannot be held exactly");
  }
  std::int64_t digits = 0;
  for (std::size_t i = first; i < first + length; ++i) digits = digits * 10 + (digit_at(i) - '0');
  const Int128 coefficient = Int128(digits) * PowerOfTen(static_cast<int>(appended_zeros));
  return Decimal(negative ? -coefficient : coefficient, static_cast<int>(std::max<long>(scale, 0)));
}

std::string Decimal::ToString() const {
  // The magnitude's digits, written in 64-bit chunks of 18 digits (one 128-bit division per chunk).
  constexpr std::uint64_t kChunk = 1'000'000'000'000'000'000;
  __extension__ using UInt128 = unsigned __int128;
  UInt128 rest = coefficient_ < 0 ? -static_cast<UInt128>(coefficient_) : static_cast<UInt128>(coefficient_);
  char buffer[64];
  char* end = buffer + sizeof buffer;
  char* begin = end;
  do {
    std::uint64_t chunk = static_cast<std::uint64_t>(rest % kChunk);
    rest /= kChunk;
    for (int i = 0; i < 18 && (chunk != 0 || rest != 0); ++i, chunk /= 10) {
      *--begin = static_cast<char>('0' + chunk % 10);
    }
  } while (rest != 0);
  if (begin == end) *--begin = '0';
  while (end - begin <= scale_) *--begin = '0';

  std::string text;
  text.reserve(static_cast<std::size_t>(end - begin) + 2);
  if (coefficient_ < 0) text.push_back('-');
  char* point = end - scale_;
  text.append(begin, point);
  if (scale_ > 0) {
    text.push_back('.');
    text.append(point, end);
  }
  return text;
}

bool Decimal::IsInteger() const { return coefficient_ % PowerOfTen(scale_) == 0; }

Decimal Decimal::Rounded(int scale, RoundingMode mode) const {
  if (scale >= scale_) {
    Int128 scaled = 0;
    if (scale > kMaxScale || !ScaleUp(coefficient_, scale - scale_, scaled)) ThrowOverflow("rescale");
    return Decimal(scaled, scale);
  }
  if (scale < 0) ThrowOverflow("rescale to a negative scale");
  return Decimal(DivideRounded(coefficient_, PowerOfTen(scale_ - scale), mode), scale);
}

Decimal Decimal::Normalized() const {
  Decimal result = *this;
  while (result.scale_ > 0 && result.coefficient_ % 10 == 0) {
    result.coefficient_ /= 10;
    --result.scale_;
  }
  return result;
}

Result<Decimal> Decimal::Divide(const Decimal& divisor, int scale, RoundingMode mode) const {
  if (divisor.IsZero()) return InvalidArgument("", "division by zero");
  if (scale < 0 || scale > kMaxScale) {
    return Error{ErrorCode::kOutOfRange, "", "a quotient's scale must be 0.." + std::to_string(kMaxScale)};
  }
  // value = (c1 / 10^s1) / (c2 / 10^s2); quotient with `scale` decimals = c1 × 10^(scale + s2 - s1) / c2.
  const int shift = scale + divisor.scale_ - scale_;
  Int128 numerator = coefficient_;
  Int128 denominator = divisor.coefficient_;
  const bool fits = shift >= 0 ? ScaleUp(coefficient_, shift, numerator)
                               : ScaleUp(divisor.coefficient_, -shift, denominator);
  if (!fits) {
    return Error{ErrorCode::kOutOfRange, "",
                 "the quotient of " + ToString() + " and " + divisor.ToString() +
                     " exceeds the decimal range"};
  }
  return Decimal(DivideRounded(numerator, denominator, mode), scale);
}

Decimal Decimal::RoundedUpToMultipleOf(const Decimal& step) const {
  if (step.Sign() <= 0) throw std::invalid_argument("a step must be positive, got " + step.ToString());
  const Decimal steps = Divide(step, 0, RoundingMode::kCeiling).value();
  return steps * step;
}

Decimal Decimal::operator-() const { return Decimal(-coefficient_, scale_); }

Decimal operator+(const Decimal& a, const Decimal& b) {
  const int scale = std::max(a.scale_, b.scale_);
  Int128 left = 0;
  Int128 right = 0;
  Int128 sum = 0;
  if (!ScaleUp(a.coefficient_, scale - a.scale_, left) || !ScaleUp(b.coefficient_, scale - b.scale_, right) ||
      __builtin_add_overflow(left, right, &sum) || !FitsLimits(sum, scale)) {
    ThrowOverflow("addition");
  }
  return Decimal(sum, scale);
}

Decimal operator-(const Decimal& a, const Decimal& b) { return a + (-b); }

Decimal operator*(const Decimal& a, const Decimal& b) {
  Int128 product = 0;
  int scale = a.scale_ + b.scale_;
  if (__builtin_mul_overflow(a.coefficient_, b.coefficient_, &product)) ThrowOverflow("multiplication");
  while (scale > Decimal::kMaxScale && product % 10 == 0) {
    product /= 10;
    --scale;
  }
  if (!FitsLimits(product, scale)) ThrowOverflow("multiplication");
  return Decimal(product, scale);
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  // Integer parts first, then the fractions brought to one scale: no step can overflow.
  const Int128 a_integer = a.coefficient_ / PowerOfTen(a.scale_);
  const Int128 b_integer = b.coefficient_ / PowerOfTen(b.scale_);
  if (a_integer != b_integer) return a_integer <=> b_integer;
  const int scale = std::max(a.scale_, b.scale_);
  const Int128 a_fraction = (a.coefficient_ % PowerOfTen(a.scale_)) * PowerOfTen(scale - a.scale_);
  const Int128 b_fraction = (b.coefficient_ % PowerOfTen(b.scale_)) * PowerOfTen(scale - b.scale_);
  return a_fraction <=> b_fraction;
}

std::ostream& operator<<(std::ostream& out, const Decimal& value) { return out << value.ToString(); }

}  // namespace openmsp
