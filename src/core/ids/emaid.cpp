#include "core/ids/emaid.h"

#include <array>

#include "core/ids/ascii.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"

namespace openmsp {

namespace {

constexpr std::size_t kIsoBodyLength = 14;
constexpr std::size_t kDinBodyLength = 11;
constexpr std::size_t kIsoInstanceLength = 9;
constexpr std::size_t kDinInstanceLength = 6;

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

constexpr int AlphanumericValue(char c) { return ascii::IsDigit(c) ? c - '0' : ascii::ToUpper(c) - 'A' + 10; }

// ISO 15118-1 Annex H check digit. Each character value v (0-35 in kAlphabet) is split as
// v = 9 * (2 * q1 + q2) + 3 * r1 + r2, giving a vector (q1, q2) over GF(2) and (r1, r2) over GF(3).
// An id x1..x15 is valid when sum(q(xi) * P1^i) = 0 over GF(2) and sum(r(xi) * P2^i) = 0 over GF(3),
// with P1 = [0 1; 1 1] and P2 = [0 1; 1 2]. So the check digit is x15 = -S * P^-15 for each part.
struct Matrix {
  int a, b, c, d;  // [a b; c d]

  friend constexpr bool operator==(const Matrix&, const Matrix&) = default;
};

struct Vector {
  int x, y;
};

constexpr Matrix Multiply(const Matrix& m, const Matrix& n, int modulus) {
  return {(m.a * n.a + m.b * n.c) % modulus, (m.a * n.b + m.b * n.d) % modulus,
          (m.c * n.a + m.d * n.c) % modulus, (m.c * n.b + m.d * n.d) % modulus};
}

constexpr Vector Multiply(const Vector& v, const Matrix& m, int modulus) {
  return {(v.x * m.a + v.y * m.c) % modulus, (v.x * m.b + v.y * m.d) % modulus};
}

constexpr Vector Add(const Vector& v, const Vector& w, int modulus) {
  return {(v.x + w.x) % modulus, (v.y + w.y) % modulus};
}

// P^1 .. P^15.
constexpr std::array<Matrix, kIsoBodyLength + 1> Powers(const Matrix& p, int modulus) {
  std::array<Matrix, kIsoBodyLength + 1> powers{};
  powers[0] = p;
  for (std::size_t i = 1; i < powers.size(); ++i) powers[i] = Multiply(powers[i - 1], p, modulus);
  return powers;
}

constexpr auto kPowersOverGf2 = Powers({0, 1, 1, 1}, 2);
constexpr auto kPowersOverGf3 = Powers({0, 1, 1, 2}, 3);
constexpr Matrix kMinusInverseP2To15 = {0, 2, 2, 1};

// Over GF(2), -1 = 1 and P1^15 = I, so the sum itself is the check digit's part; over GF(3) the factor
// times P2^15 must be -I = 2I.
static_assert(kPowersOverGf2[kIsoBodyLength] == Matrix{1, 0, 0, 1});
static_assert(Multiply(kPowersOverGf3[kIsoBodyLength], kMinusInverseP2To15, 3) == Matrix{2, 0, 0, 2});

char IsoCheckDigitOf(std::string_view body) {
  Vector gf2{0, 0};
  Vector gf3{0, 0};
  for (std::size_t i = 0; i < kIsoBodyLength; ++i) {
    const int value = AlphanumericValue(body[i]);
    const int q = value / 9;
    const int r = value % 9;
    gf2 = Add(gf2, Multiply(Vector{q >> 1, q & 1}, kPowersOverGf2[i], 2), 2);
    gf3 = Add(gf3, Multiply(Vector{r / 3, r % 3}, kPowersOverGf3[i], 3), 3);
  }
  gf3 = Multiply(gf3, kMinusInverseP2To15, 3);
  const int value = 9 * (2 * gf2.x + gf2.y) + 3 * gf3.x + gf3.y;
  return kAlphabet[static_cast<std::size_t>(value)];
}

// DIN SPEC 91286: every character is written as its decimal value (A = 10 … Z = 35, so letters give two
// digits); the k-th of those digits is weighted 2^k, and the sum is taken modulo 11 (10 is written X).
char DinCheckDigitOf(std::string_view body) {
  int sum = 0;
  int weight = 1;
  auto add_digit = [&](int digit) {
    sum = (sum + digit * weight) % 11;
    weight = weight * 2 % 11;
  };
  for (char c : body) {
    const int value = AlphanumericValue(c);
    if (value >= 10) {
      add_digit(value / 10);
      add_digit(value % 10);
    } else {
      add_digit(value);
    }
  }
  return sum == 10 ? 'X' : static_cast<char>('0' + sum);
}

Result<void> CheckBody(std::string_view body, std::size_t length, std::string_view standard) {
  if (body.size() != length) {
    return InvalidArgument("", std::string(standard) + " check digit is computed over exactly " +
                                   std::to_string(length) + " letters and digits, got " +
                                   std::to_string(body.size()) + " bytes");
  }
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (!ascii::IsAlnum(body[i])) {
      return InvalidArgument("", ascii::DescribeByte(body[i]) + " at position " + std::to_string(i + 1) +
                                     " is not an ASCII letter or digit");
    }
  }
  return Ok();
}

struct EmaIdParts {
  std::string_view country_code;
  std::string_view provider_id;
  std::string_view instance;
  std::string_view check_digit;  // empty when absent
};

Result<EmaIdParts> SplitCompact(std::string_view text) {
  std::size_t instance_length = 0;
  switch (text.size()) {
    case kIsoBodyLength:
    case kIsoBodyLength + 1: instance_length = kIsoInstanceLength; break;
    case kDinBodyLength:
    case kDinBodyLength + 1: instance_length = kDinInstanceLength; break;
    default:
      return InvalidArgument("",
                             "an EMA-ID without separators has 14 or 15 characters (ISO 15118, eMI3) or 11 "
                             "or 12 (DIN SPEC 91286), got " +
                                 std::to_string(text.size()));
  }
  return EmaIdParts{text.substr(0, 2), text.substr(2, 3), text.substr(5, instance_length),
                    text.substr(5 + instance_length)};
}

Result<EmaIdParts> SplitSeparated(std::string_view text, char separator) {
  constexpr std::size_t kMaxParts = 4;
  std::array<std::string_view, kMaxParts> parts;
  std::size_t count = 0;
  while (true) {
    const std::size_t end = text.find(separator);
    if (count == kMaxParts) {
      return InvalidArgument("",
                             "an EMA-ID with separators has at most 4 parts (country code, provider id, "
                             "instance, check digit)");
    }
    parts[count++] = text.substr(0, end);
    if (parts[count - 1].empty()) {
      return InvalidArgument("",
                             "an EMA-ID has an empty part: separators go only between country code, "
                             "provider id, instance and check digit");
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  if (count < 3) {
    return InvalidArgument("",
                           "an EMA-ID with separators has 3 parts (country code, provider id, instance) "
                           "or 4 (with the check digit), got " +
                               std::to_string(count));
  }
  return EmaIdParts{parts[0], parts[1], parts[2], parts[3]};
}

Result<EmaIdParts> Split(std::string_view input) {
  const std::string_view text = ascii::TrimBlanks(input);
  if (text.empty()) return InvalidArgument("", "EMA-ID is empty");
  const auto offset = static_cast<std::size_t>(text.data() - input.data());
  char separator = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (ascii::IsAlnum(c)) continue;
    if (c != '-' && c != '*') {
      return InvalidArgument("",
                             ascii::DescribeByte(c) + " at position " + std::to_string(offset + i + 1) +
                                 " is not allowed in an EMA-ID (letters, digits and '-' separators only)");
    }
    if (separator != 0 && c != separator) return InvalidArgument("", "EMA-ID mixes '-' and '*' separators");
    separator = c;
  }
  return separator == 0 ? SplitCompact(text) : SplitSeparated(text, separator);
}

struct ValidParts {
  Country country;
  std::string provider_id;
  std::string instance;
};

Result<ValidParts> Validate(const EmaIdParts& parts) {
  Result<Country> country = CountryFromAlpha2(parts.country_code);
  if (!country) return country.error().Nested("country_code");
  Result<std::string> provider_id = ParseProviderId(parts.provider_id);
  if (!provider_id) return provider_id.error().Nested("provider_id");
  if (parts.instance.size() != kIsoInstanceLength && parts.instance.size() != kDinInstanceLength) {
    return InvalidArgument("instance",
                           "instance must be 9 characters (ISO 15118, eMI3) or 6 (DIN SPEC 91286), got " +
                               std::to_string(parts.instance.size()));
  }
  if (parts.check_digit.size() > 1) {
    return InvalidArgument(
        "check_digit", "check digit must be 1 character, got " + std::to_string(parts.check_digit.size()));
  }
  return ValidParts{*country, *std::move(provider_id), ascii::ToUpper(parts.instance)};
}

}  // namespace

std::string_view EmaIdStandardName(EmaIdStandard standard) {
  switch (standard) {
    case EmaIdStandard::kIso: return "ISO";
    case EmaIdStandard::kEmi3: return "EMI3";
    case EmaIdStandard::kDin: return "DIN";
  }
  return "ISO";
}

EmaId EmaId::FromValidParts(std::string_view country_code, std::string_view provider_id,
                            std::string_view instance) {
  const std::string body = std::string(country_code) + std::string(provider_id) + std::string(instance);
  EmaIdStandard standard = EmaIdStandard::kDin;
  char check_digit = 0;
  if (instance.size() == kDinInstanceLength) {
    check_digit = DinCheckDigitOf(body);
  } else {
    standard = instance.front() == 'C' ? EmaIdStandard::kEmi3 : EmaIdStandard::kIso;
    check_digit = IsoCheckDigitOf(body);
  }
  std::string canonical = std::string(country_code) + '-' + std::string(provider_id) + '-' +
                          std::string(instance) + '-' + check_digit;
  return EmaId(std::move(canonical), standard);
}

Result<EmaId> EmaId::Parse(std::string_view text) {
  OPENMSP_ASSIGN_OR_RETURN(const EmaIdParts parts, Split(text));
  OPENMSP_ASSIGN_OR_RETURN(const ValidParts valid, Validate(parts));
  EmaId id = FromValidParts(valid.country.alpha2, valid.provider_id, valid.instance);
  if (!parts.check_digit.empty() && ascii::ToUpper(parts.check_digit.front()) != id.check_digit()) {
    return InvalidArgument("check_digit", "check digit is " + ascii::DescribeByte(parts.check_digit.front()) +
                                              " but should be " + ascii::DescribeByte(id.check_digit()));
  }
  return id;
}

Result<EmaId> EmaId::Complete(std::string_view text) {
  OPENMSP_ASSIGN_OR_RETURN(const EmaIdParts parts, Split(text));
  OPENMSP_ASSIGN_OR_RETURN(const ValidParts valid, Validate(parts));
  if (!parts.check_digit.empty()) {
    return InvalidArgument("check_digit", "EMA-ID already has a check digit (" +
                                              ascii::DescribeByte(parts.check_digit.front()) +
                                              "); leave it out to have it computed");
  }
  return FromValidParts(valid.country.alpha2, valid.provider_id, valid.instance);
}

Result<EmaId> EmaId::ToDin() const {
  if (standard_ == EmaIdStandard::kDin) return *this;
  const std::string_view prefix = standard_ == EmaIdStandard::kEmi3 ? "C0" : "00";
  const std::string_view iso_instance = instance();
  if (!iso_instance.starts_with(prefix)) {
    return InvalidArgument("instance", "instance '" + std::string(iso_instance) + "' does not start with '" +
                                           std::string(prefix) + "', so " + canonical_ +
                                           " has no DIN SPEC 91286 form");
  }
  EmaId din = FromValidParts(country_code(), provider_id(), iso_instance.substr(2, kDinInstanceLength));
  const char din_check_digit = iso_instance.back();
  if (din.check_digit() != din_check_digit) {
    return InvalidArgument("instance", "instance '" + std::string(iso_instance) + "' ends in " +
                                           ascii::DescribeByte(din_check_digit) +
                                           ", not the DIN check digit " +
                                           ascii::DescribeByte(din.check_digit()) + ", so " + canonical_ +
                                           " has no DIN SPEC 91286 form");
  }
  return din;
}

Result<EmaId> EmaId::ToIso() const {
  if (standard_ != EmaIdStandard::kDin) return *this;
  return FromValidParts(country_code(), provider_id(), "00" + std::string(instance()) + check_digit());
}

Result<EmaId> EmaId::ToEmi3() const {
  switch (standard_) {
    case EmaIdStandard::kEmi3: return *this;
    case EmaIdStandard::kDin:
      return FromValidParts(country_code(), provider_id(), "C0" + std::string(instance()) + check_digit());
    case EmaIdStandard::kIso: break;
  }
  OPENMSP_ASSIGN_OR_RETURN(const EmaId din, ToDin());
  return din.ToEmi3();
}

Result<char> ComputeIsoCheckDigit(std::string_view body) {
  OPENMSP_RETURN_IF_ERROR(CheckBody(body, kIsoBodyLength, "the ISO 15118"));
  return IsoCheckDigitOf(body);
}

Result<char> ComputeDinCheckDigit(std::string_view body) {
  OPENMSP_RETURN_IF_ERROR(CheckBody(body, kDinBodyLength, "the DIN SPEC 91286"));
  return DinCheckDigitOf(body);
}

}  // namespace openmsp
