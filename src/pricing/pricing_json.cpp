#include "pricing/pricing_json.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

#include "pricing/tariff_json.h"

namespace openmsp::pricing {

namespace {

constexpr int kMaxJsonDigits = 15;

__extension__ typedef unsigned __int128 Uint128;

int DigitCount(Uint128 magnitude) {
  int digits = 0;
  if (magnitude <= UINT64_MAX) {
    for (auto rest = static_cast<std::uint64_t>(magnitude); rest != 0; rest /= 10) ++digits;
    return digits;
  }
  for (; magnitude != 0; magnitude /= 10) ++digits;
  return digits;
}

// Removes trailing fractional zeros from magnitude × 10^-scale.
void StripZeros(Uint128& magnitude, int& scale) {
  if (magnitude == 0) {
    scale = 0;
    return;
  }
  if (magnitude <= UINT64_MAX) {
    auto small = static_cast<std::uint64_t>(magnitude);
    while (scale > 0 && small % 10 == 0) {
      small /= 10;
      --scale;
    }
    magnitude = small;
    return;
  }
  while (scale > 0 && magnitude % 10 == 0) {
    magnitude /= 10;
    --scale;
  }
}

void AppendInteger(std::size_t value, std::string& out) {
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, static_cast<std::size_t>(end - digits));
}

// Two digits of `value` (0–99) at `at`.
char* TwoDigits(int value, char* at) {
  *at++ = static_cast<char>('0' + value / 10);
  *at++ = static_cast<char>('0' + value % 10);
  return at;
}

// AppendJsonNumber for nearly every amount and quantity: a 64-bit coefficient and at most 15 digits,
// written without 128-bit arithmetic. False, with `out` untouched, for the others.
bool AppendPlainNumber(const Decimal& value, std::string& out) {
  if (value.coefficient() >= -INT64_MAX && value.coefficient() <= INT64_MAX) {
    const auto coefficient = static_cast<std::int64_t>(value.coefficient());
    auto magnitude = static_cast<std::uint64_t>(coefficient < 0 ? -coefficient : coefficient);
    int scale = value.scale();
    while (scale > 0 && magnitude % 10 == 0) {
      magnitude /= 10;
      --scale;
    }
    char digits[24];
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, magnitude);
    const auto count = static_cast<int>(end - digits);
    if (count <= kMaxJsonDigits) {
      // Sign, digits and point composed here and appended at once.
      char text[kMaxJsonDigits + 48];
      char* next = text;
      if (coefficient < 0) *next++ = '-';
      if (scale == 0) {
        next = std::copy(digits, end, next);
      } else if (count > scale) {
        next = std::copy(digits, end - scale, next);
        *next++ = '.';
        next = std::copy(end - scale, end, next);
      } else {
        *next++ = '0';
        *next++ = '.';
        next = std::fill_n(next, scale - count, '0');
        next = std::copy(digits, end, next);
      }
      out.append(text, static_cast<std::size_t>(next - text));
      return true;
    }
  }
  return false;
}

void AppendBool(bool value, std::string& out) { out += value ? "true" : "false"; }

// Writes the result's members, remembering the first number that cannot be written.
class ResultWriter {
 public:
  explicit ResultWriter(std::string& out) : out_(out) {}

  void Key(std::string_view key) {
    char text[48];  // keys are short names of ours
    text[0] = '"';
    std::copy(key.begin(), key.end(), text + 1);
    text[key.size() + 1] = '"';
    text[key.size() + 2] = ':';
    out_.append(text, key.size() + 3);
  }

  void Number(const Decimal& value) {
    if (AppendPlainNumber(value, out_)) return;
    Result<void> written = AppendJsonNumber(value, out_);
    if (!written && !failure_) failure_ = std::move(written).error();
  }

  void Amount(const Decimal& excl_vat, const std::optional<Decimal>& incl_vat) {
    out_ += "{\"excl_vat\":";
    Number(excl_vat);
    if (incl_vat) {
      out_ += ",\"incl_vat\":";
      Number(*incl_vat);
    }
    out_ += '}';
  }

  void Identity(const Cdr& cdr) {
    if (cdr.country_code.empty() && cdr.party_id.empty() && cdr.id.empty()) return;
    out_ += "\"cdr\":{";
    bool first = true;
    for (const auto& [key, value] :
         {std::pair<std::string_view, const std::string&>{"country_code", cdr.country_code},
          {"party_id", cdr.party_id},
          {"id", cdr.id}}) {
      if (value.empty()) continue;
      if (!first) out_ += ',';
      first = false;
      Key(key);
      AppendJsonString(value, out_);
    }
    out_ += "},";
  }

  void Totals(const PricingResult& result) {
    const std::pair<std::string_view, const Cost&> totals[] = {
        {"total_cost", result.total_cost},
        {"total_fixed_cost", result.total_fixed_cost},
        {"total_energy_cost", result.total_energy_cost},
        {"total_time_cost", result.total_time_cost},
        {"total_parking_cost", result.total_parking_cost},
        {"total_reservation_cost", result.total_reservation_cost},
    };
    for (const auto& [key, cost] : totals) {
      Key(key);
      Amount(cost.excl_vat, cost.incl_vat);
      out_ += ',';
    }
    const std::pair<std::string_view, const Decimal&> quantities[] = {
        {"billed_energy", result.billed_energy},
        {"billed_time", result.billed_time},
        {"billed_parking_time", result.billed_parking_time},
        {"billed_reservation_time", result.billed_reservation_time},
    };
    for (const auto& [key, quantity] : quantities) {
      Key(key);
      Number(quantity);
      out_ += ',';
    }
    Key("min_price_applied");
    AppendBool(result.min_price_applied, out_);
    out_ += ',';
    Key("max_price_applied");
    AppendBool(result.max_price_applied, out_);
  }

  void Dimension(const DimensionCost& cost) {
    out_ += "{\"type\":\"";
    out_ += TariffDimensionName(cost.dimension);
    out_ += "\",\"tariff_id\":";
    AppendJsonString(cost.tariff_id, out_);
    out_ += ",\"element_index\":";
    AppendInteger(cost.element_index, out_);
    out_ += ",\"component_index\":";
    AppendInteger(cost.component_index, out_);
    out_ += ",\"price\":";
    Number(cost.price);
    if (cost.vat) {
      out_ += ",\"vat\":";
      Number(*cost.vat);
    }
    out_ += ",\"volume\":";
    Number(cost.volume);
    out_ += ",\"billed_volume\":";
    Number(cost.billed_volume);
    out_ += ",\"cost\":";
    Amount(cost.cost.excl_vat, cost.cost.incl_vat);
    out_ += '}';
  }

  void DateTime(Instant instant) { AppendOcpiDateTime(instant, out_); }

  void Periods(const std::vector<PeriodCost>& periods) {
    out_ += "\"periods\":[";
    for (std::size_t i = 0; i < periods.size(); ++i) {
      const PeriodCost& period = periods[i];
      if (i > 0) out_ += ',';
      out_ += "{\"index\":";
      AppendInteger(period.period_index, out_);
      out_ += ",\"start_date_time\":\"";
      DateTime(period.start_date_time);
      out_ += "\",\"end_date_time\":\"";
      DateTime(period.end_date_time);
      out_ += "\",\"reservation\":";
      AppendBool(period.reservation, out_);
      out_ += ",\"dimensions\":[";
      for (std::size_t d = 0; d < period.dimensions.size(); ++d) {
        if (d > 0) out_ += ',';
        Dimension(period.dimensions[d]);
      }
      out_ += "]}";
    }
    out_ += ']';
  }

  void Warnings(const std::vector<PricingWarning>& warnings) {
    out_ += "\"warnings\":[";
    for (std::size_t i = 0; i < warnings.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += "{\"code\":";
      AppendJsonString(warnings[i].code, out_);
      out_ += ",\"field\":";
      AppendJsonString(warnings[i].field, out_);
      out_ += ",\"message\":";
      AppendJsonString(warnings[i].message, out_);
      out_ += '}';
    }
    out_ += ']';
  }

  // `,"cpo_stated":{…},"difference":{…}` for the subtotals the CPO states; nothing when it states none.
  void Stated(const StatedCosts& stated, const PricingResult& ours) {
    struct Subtotal {
      std::string_view name;
      const std::optional<Price>& theirs;
      const Cost& ours;
    };
    const Subtotal subtotals[] = {
        {"total_cost", stated.total_cost, ours.total_cost},
        {"total_fixed_cost", stated.total_fixed_cost, ours.total_fixed_cost},
        {"total_energy_cost", stated.total_energy_cost, ours.total_energy_cost},
        {"total_time_cost", stated.total_time_cost, ours.total_time_cost},
        {"total_parking_cost", stated.total_parking_cost, ours.total_parking_cost},
        {"total_reservation_cost", stated.total_reservation_cost, ours.total_reservation_cost},
    };
    if (std::none_of(std::begin(subtotals), std::end(subtotals),
                     [](const Subtotal& subtotal) { return subtotal.theirs.has_value(); })) {
      return;
    }
    out_ += ",\"cpo_stated\":{";
    bool first = true;
    for (const Subtotal& subtotal : subtotals) {
      if (!subtotal.theirs) continue;
      if (!first) out_ += ',';
      first = false;
      Key(subtotal.name);
      Amount(subtotal.theirs->excl_vat, subtotal.theirs->incl_vat);
    }
    out_ += "},\"difference\":{";
    first = true;
    for (const Subtotal& subtotal : subtotals) {
      if (!subtotal.theirs) continue;
      if (!first) out_ += ',';
      first = false;
      const Price& theirs = *subtotal.theirs;
      std::optional<Decimal> incl_vat;
      if (theirs.incl_vat) incl_vat = subtotal.ours.incl_vat - *theirs.incl_vat;
      Key(subtotal.name);
      Amount(subtotal.ours.excl_vat - theirs.excl_vat, incl_vat);
    }
    out_ += '}';
  }

  const std::optional<Error>& failure() const { return failure_; }

 private:
  std::string& out_;
  std::optional<Error> failure_;
};

}  // namespace

Result<void> AppendJsonNumber(const Decimal& value, std::string& out) {
  if (AppendPlainNumber(value, out)) return Ok();
  Uint128 magnitude = value.coefficient() < 0 ? -static_cast<Uint128>(value.coefficient())
                                              : static_cast<Uint128>(value.coefficient());
  int scale = value.scale();
  StripZeros(magnitude, scale);
  int digits = DigitCount(magnitude);
  if (digits - scale > kMaxJsonDigits) {
    return Error{ErrorCode::kOutOfRange, "",
                 "the computed amount " + value.ToString() + " has more than " +
                     std::to_string(kMaxJsonDigits) + " digits before the decimal point"};
  }
  if (digits > kMaxJsonDigits) {
    const Decimal rounded = value.Rounded(scale - (digits - kMaxJsonDigits), RoundingMode::kHalfEven);
    magnitude = rounded.coefficient() < 0 ? -static_cast<Uint128>(rounded.coefficient())
                                          : static_cast<Uint128>(rounded.coefficient());
    scale = rounded.scale();
    StripZeros(magnitude, scale);
    digits = DigitCount(magnitude);
  }
  if (value.Sign() < 0) out += '-';
  // `magnitude` has at most 15 digits here; print it with the decimal point `scale` places from the right.
  char text[kMaxJsonDigits + 24];
  char* end = text + sizeof text;
  char* begin = end;
  auto rest = static_cast<std::uint64_t>(magnitude);
  for (int place = 0; place < std::max(digits, scale + 1); ++place) {
    if (place == scale && scale > 0) *--begin = '.';
    *--begin = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
  out.append(begin, static_cast<std::size_t>(end - begin));
  return Ok();
}

void AppendOcpiDateTime(Instant instant, std::string& out) {
  if (instant < kMinInstant || instant > kMaxInstant) {
    out += FormatOcpiDateTime(instant);  // throws, as documented there
    return;
  }
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(instant.sys_time());
  const std::chrono::year_month_day date(day);
  const auto milliseconds = static_cast<int>((instant.sys_time() - day).count());  // of the day
  const int year = static_cast<int>(date.year());
  char text[24];
  char* next = TwoDigits(year / 100, text);
  next = TwoDigits(year % 100, next);
  *next++ = '-';
  next = TwoDigits(static_cast<int>(static_cast<unsigned>(date.month())), next);
  *next++ = '-';
  next = TwoDigits(static_cast<int>(static_cast<unsigned>(date.day())), next);
  *next++ = 'T';
  next = TwoDigits(milliseconds / 3'600'000, next);
  *next++ = ':';
  next = TwoDigits(milliseconds / 60'000 % 60, next);
  *next++ = ':';
  next = TwoDigits(milliseconds / 1000 % 60, next);
  if (milliseconds % 1000 != 0) {
    *next++ = '.';
    *next++ = static_cast<char>('0' + milliseconds % 1000 / 100);
    next = TwoDigits(milliseconds % 100, next);
  }
  *next++ = 'Z';
  out.append(text, static_cast<std::size_t>(next - text));
}

void AppendJsonString(std::string_view text, std::string& out) {
  constexpr std::string_view kHex = "0123456789abcdef";
  out += '"';
  // Runs of bytes that need no escape are appended at once.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (c != '"' && c != '\\' && byte >= 0x20 && byte != 0x7F) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      const char escape[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0x0F]};
      out.append(escape, sizeof escape);
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

Result<void> AppendPricingResultMembers(const PricingResult& result, const Cdr& cdr, const TimeZone& time_zone,
                                        std::string& out) {
  const std::size_t start = out.size();
  ResultWriter writer(out);
  writer.Identity(cdr);
  out += "\"currency\":\"";
  out += result.currency.code();
  out += "\",\"time_zone\":";
  AppendJsonString(time_zone.name(), out);
  out += ',';
  writer.Totals(result);
  out += ',';
  writer.Periods(result.periods);
  out += ',';
  writer.Warnings(result.warnings);
  writer.Stated(cdr.stated, result);
  if (writer.failure()) {
    out.resize(start);
    return *writer.failure();
  }
  return Ok();
}

Result<void> AppendPricingResultJson(const PricingResult& result, const Cdr& cdr, const TimeZone& time_zone,
                                     std::string& out) {
  const std::size_t start = out.size();
  out += '{';
  Result<void> members = AppendPricingResultMembers(result, cdr, time_zone, out);
  if (!members) {
    out.resize(start);
    return members;
  }
  out += '}';
  return Ok();
}

}  // namespace openmsp::pricing
