#include "pricing/pricing_json.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
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

// Collects JSON text in a buffer of its own and appends it to a string in large pieces. A result is a few
// hundred short pieces; a std::string::append (and its memcpy call) each cost more than writing them.
class Sink {
 public:
  static constexpr std::size_t kSize = 4096;

  explicit Sink(std::string& out) : out_(out) {}
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  ~Sink() { Flush(); }

  // Room for `size` (≤ kSize) characters at the returned position; `Wrote` says where they end.
  char* Reserve(std::size_t size) {
    if (static_cast<std::size_t>(buffer_ + kSize - next_) < size) Flush();
    return next_;
  }
  void Wrote(char* end) { next_ = end; }

  void Char(char c) {
    char* at = Reserve(1);
    *at = c;
    next_ = at + 1;
  }

  // A literal, copied with its size known at compile time.
  template <std::size_t N>
  void Literal(const char (&text)[N]) {
    static_assert(N - 1 <= kSize);
    char* at = Reserve(N - 1);
    std::memcpy(at, text, N - 1);
    next_ = at + N - 1;
  }

  void Text(std::string_view text) {
    if (text.size() > kSize) {
      Flush();
      out_.append(text);
      return;
    }
    char* at = Reserve(text.size());
    std::memcpy(at, text.data(), text.size());
    next_ = at + text.size();
  }

  void Flush() {
    out_.append(buffer_, static_cast<std::size_t>(next_ - buffer_));
    next_ = buffer_;
  }

 private:
  std::string& out_;
  char buffer_[kSize];
  char* next_ = buffer_;
};

// Writes `value` in decimal digits ending just before `end`.
void DigitsBefore(char* end, std::uint64_t value) {
  do {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
}

void PutInteger(std::size_t value, Sink& sink) {
  std::size_t digits = 1;
  for (std::size_t rest = value / 10; rest != 0; rest /= 10) ++digits;
  char* const end = sink.Reserve(24) + digits;
  DigitsBefore(end, value);
  sink.Wrote(end);
}

// AppendJsonNumber for nearly every amount and quantity: a 64-bit coefficient and at most 15 significant
// digits, written without 128-bit arithmetic. False, with nothing written, for the others.
bool PutPlainNumber(const Decimal& value, Sink& sink) {
  if (value.coefficient() < -INT64_MAX || value.coefficient() > INT64_MAX) return false;
  const auto coefficient = static_cast<std::int64_t>(value.coefficient());
  auto magnitude = static_cast<std::uint64_t>(coefficient < 0 ? -coefficient : coefficient);
  int scale = value.scale();
  while (scale > 0 && magnitude % 10 == 0) {
    magnitude /= 10;
    --scale;
  }
  int digits = 1;
  for (std::uint64_t power = 10; digits <= kMaxJsonDigits && magnitude >= power; power *= 10) ++digits;
  if (digits > kMaxJsonDigits) return false;
  // The digits, with the point `scale` places from the right and zeros before it as needed.
  const int width = (coefficient < 0 ? 1 : 0) + (scale == 0 ? digits : std::max(digits, scale + 1) + 1);
  char* const at = sink.Reserve(kMaxJsonDigits + Decimal::kMaxScale + 3);
  char* next = at + width;
  for (int place = 0; place < std::max(digits, scale + 1); ++place) {
    if (place == scale && scale > 0) *--next = '.';
    *--next = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  if (coefficient < 0) *--next = '-';
  sink.Wrote(at + width);
  return true;
}

// AppendJsonNumber into a sink.
Result<void> PutNumber(const Decimal& value, Sink& sink) {
  if (PutPlainNumber(value, sink)) return Ok();
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
  if (value.Sign() < 0) sink.Char('-');
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
  sink.Text(std::string_view(begin, static_cast<std::size_t>(end - begin)));
  return Ok();
}

// Two digits of `value` (0–99) at `at`.
char* TwoDigits(int value, char* at) {
  *at++ = static_cast<char>('0' + value / 10);
  *at++ = static_cast<char>('0' + value % 10);
  return at;
}

void PutDateTime(Instant instant, Sink& sink) {
  if (instant < kMinInstant || instant > kMaxInstant) {
    sink.Text(FormatOcpiDateTime(instant));  // throws, as documented there
    return;
  }
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(instant.sys_time());
  const std::chrono::year_month_day date(day);
  const auto milliseconds = static_cast<int>((instant.sys_time() - day).count());  // of the day
  const int year = static_cast<int>(date.year());
  char* next = sink.Reserve(24);
  next = TwoDigits(year / 100, next);
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
  sink.Wrote(next);
}

void PutString(std::string_view text, Sink& sink) {
  constexpr std::string_view kHex = "0123456789abcdef";
  sink.Char('"');
  // Runs of bytes that need no escape are copied at once.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (c != '"' && c != '\\' && byte >= 0x20 && byte != 0x7F) continue;
    sink.Text(text.substr(run, i - run));
    run = i + 1;
    if (c == '"' || c == '\\') {
      sink.Char('\\');
      sink.Char(c);
    } else {
      const char escape[] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0x0F]};
      sink.Text(std::string_view(escape, sizeof escape));
    }
  }
  sink.Text(text.substr(run));
  sink.Char('"');
}

void PutBool(bool value, Sink& sink) {
  if (value) {
    sink.Literal("true");
  } else {
    sink.Literal("false");
  }
}

// Writes the result's members, remembering the first number that cannot be written.
class ResultWriter {
 public:
  explicit ResultWriter(Sink& sink) : sink_(sink) {}

  void Key(std::string_view key) {
    sink_.Char('"');
    sink_.Text(key);
    sink_.Literal("\":");
  }

  void Number(const Decimal& value) {
    if (PutPlainNumber(value, sink_)) return;
    Result<void> written = PutNumber(value, sink_);
    if (!written && !failure_) failure_ = std::move(written).error();
  }

  void Amount(const Decimal& excl_vat, const std::optional<Decimal>& incl_vat) {
    sink_.Literal("{\"excl_vat\":");
    Number(excl_vat);
    if (incl_vat) {
      sink_.Literal(",\"incl_vat\":");
      Number(*incl_vat);
    }
    sink_.Char('}');
  }

  void Identity(const Cdr& cdr) {
    if (cdr.country_code.empty() && cdr.party_id.empty() && cdr.id.empty()) return;
    sink_.Literal("\"cdr\":{");
    bool first = true;
    for (const auto& [key, value] :
         {std::pair<std::string_view, const std::string&>{"country_code", cdr.country_code},
          {"party_id", cdr.party_id},
          {"id", cdr.id}}) {
      if (value.empty()) continue;
      if (!first) sink_.Char(',');
      first = false;
      Key(key);
      PutString(value, sink_);
    }
    sink_.Literal("},");
  }

  void Header(const PricingResult& result, const TimeZone& time_zone) {
    sink_.Literal("\"currency\":\"");
    sink_.Text(result.currency.code());
    sink_.Literal("\",\"time_zone\":");
    PutString(time_zone.name(), sink_);
    sink_.Char(',');
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
      sink_.Char(',');
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
      sink_.Char(',');
    }
    sink_.Literal("\"min_price_applied\":");
    PutBool(result.min_price_applied, sink_);
    sink_.Literal(",\"max_price_applied\":");
    PutBool(result.max_price_applied, sink_);
  }

  void Dimension(const DimensionCost& cost) {
    sink_.Literal("{\"type\":\"");
    sink_.Text(TariffDimensionName(cost.dimension));
    sink_.Literal("\",\"tariff_id\":");
    PutString(cost.tariff_id, sink_);
    sink_.Literal(",\"element_index\":");
    PutInteger(cost.element_index, sink_);
    sink_.Literal(",\"component_index\":");
    PutInteger(cost.component_index, sink_);
    sink_.Literal(",\"price\":");
    Number(cost.price);
    if (cost.vat) {
      sink_.Literal(",\"vat\":");
      Number(*cost.vat);
    }
    sink_.Literal(",\"volume\":");
    Number(cost.volume);
    sink_.Literal(",\"billed_volume\":");
    Number(cost.billed_volume);
    sink_.Literal(",\"cost\":");
    Amount(cost.cost.excl_vat, cost.cost.incl_vat);
    sink_.Char('}');
  }

  void Periods(const std::vector<PeriodCost>& periods) {
    sink_.Literal(",\"periods\":[");
    for (std::size_t i = 0; i < periods.size(); ++i) {
      const PeriodCost& period = periods[i];
      if (i > 0) sink_.Char(',');
      sink_.Literal("{\"index\":");
      PutInteger(period.period_index, sink_);
      sink_.Literal(",\"start_date_time\":\"");
      PutDateTime(period.start_date_time, sink_);
      sink_.Literal("\",\"end_date_time\":\"");
      PutDateTime(period.end_date_time, sink_);
      sink_.Literal("\",\"reservation\":");
      PutBool(period.reservation, sink_);
      sink_.Literal(",\"dimensions\":[");
      for (std::size_t d = 0; d < period.dimensions.size(); ++d) {
        if (d > 0) sink_.Char(',');
        Dimension(period.dimensions[d]);
      }
      sink_.Literal("]}");
    }
    sink_.Char(']');
  }

  void Warnings(const std::vector<PricingWarning>& warnings) {
    sink_.Literal(",\"warnings\":[");
    for (std::size_t i = 0; i < warnings.size(); ++i) {
      if (i > 0) sink_.Char(',');
      sink_.Literal("{\"code\":");
      PutString(warnings[i].code, sink_);
      sink_.Literal(",\"field\":");
      PutString(warnings[i].field, sink_);
      sink_.Literal(",\"message\":");
      PutString(warnings[i].message, sink_);
      sink_.Char('}');
    }
    sink_.Char(']');
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
    sink_.Literal(",\"cpo_stated\":{");
    bool first = true;
    for (const Subtotal& subtotal : subtotals) {
      if (!subtotal.theirs) continue;
      if (!first) sink_.Char(',');
      first = false;
      Key(subtotal.name);
      Amount(subtotal.theirs->excl_vat, subtotal.theirs->incl_vat);
    }
    sink_.Literal("},\"difference\":{");
    first = true;
    for (const Subtotal& subtotal : subtotals) {
      if (!subtotal.theirs) continue;
      if (!first) sink_.Char(',');
      first = false;
      const Price& theirs = *subtotal.theirs;
      std::optional<Decimal> incl_vat;
      if (theirs.incl_vat) incl_vat = subtotal.ours.incl_vat - *theirs.incl_vat;
      Key(subtotal.name);
      Amount(subtotal.ours.excl_vat - theirs.excl_vat, incl_vat);
    }
    sink_.Char('}');
  }

  const std::optional<Error>& failure() const { return failure_; }

 private:
  Sink& sink_;
  std::optional<Error> failure_;
};

}  // namespace

Result<void> AppendJsonNumber(const Decimal& value, std::string& out) {
  Sink sink(out);
  return PutNumber(value, sink);
}

void AppendOcpiDateTime(Instant instant, std::string& out) {
  Sink sink(out);
  PutDateTime(instant, sink);
}

void AppendJsonString(std::string_view text, std::string& out) {
  Sink sink(out);
  PutString(text, sink);
}

Result<void> AppendPricingResultMembers(const PricingResult& result, const Cdr& cdr,
                                        const TimeZone& time_zone, std::string& out) {
  const std::size_t start = out.size();
  std::optional<Error> failure;
  {
    Sink sink(out);
    ResultWriter writer(sink);
    writer.Identity(cdr);
    writer.Header(result, time_zone);
    writer.Totals(result);
    writer.Periods(result.periods);
    writer.Warnings(result.warnings);
    writer.Stated(cdr.stated, result);
    failure = writer.failure();
  }
  if (failure) {
    out.resize(start);
    return *failure;
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
