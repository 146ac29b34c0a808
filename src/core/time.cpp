#include "core/time.h"

#include <ostream>
#include <stdexcept>

#include "core/ids/ascii.h"
#include "core/time_internal.h"

namespace openmsp {

namespace chrono = std::chrono;

namespace time_internal {
namespace {

void AppendDigits(std::string& out, int value, std::size_t width) {
  char digits[4];
  for (std::size_t i = width; i > 0; --i) {
    digits[i - 1] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, width);
}

}  // namespace

std::string CivilTimeProblem(const CivilTime& civil) {
  using std::to_string;
  if (civil.year < 1 || civil.year > 9999) return "year " + to_string(civil.year) + " is outside 0001–9999";
  if (civil.month < 1 || civil.month > 12) return "month " + to_string(civil.month) + " does not exist";
  const chrono::year_month year_month(chrono::year(civil.year),
                                      chrono::month(static_cast<unsigned>(civil.month)));
  const auto days_in_month = static_cast<int>(static_cast<unsigned>((year_month / chrono::last).day()));
  if (civil.day < 1 || civil.day > days_in_month) {
    std::string month_text;
    AppendDigits(month_text, civil.year, 4);
    month_text += '-';
    AppendDigits(month_text, civil.month, 2);
    return "day " + to_string(civil.day) + " does not exist in " + month_text + ", which has " +
           to_string(days_in_month) + " days";
  }
  if (civil.hour < 0 || civil.hour > 23) return "hour " + to_string(civil.hour) + " is outside 00–23";
  if (civil.minute < 0 || civil.minute > 59) return "minute " + to_string(civil.minute) + " is outside 00–59";
  if (civil.second == 60)
    return "second 60 is a leap second, which Unix time (and so OpenMSP) does not count";
  if (civil.second < 0 || civil.second > 59) return "second " + to_string(civil.second) + " is outside 00–59";
  if (civil.millisecond < 0 || civil.millisecond > 999) {
    return "millisecond " + to_string(civil.millisecond) + " is outside 0–999";
  }
  return {};
}

Duration SinceEpoch(const CivilTime& civil) {
  const chrono::sys_days date = chrono::year(civil.year) / chrono::month(static_cast<unsigned>(civil.month)) /
                                chrono::day(static_cast<unsigned>(civil.day));
  return date.time_since_epoch() + chrono::hours(civil.hour) + chrono::minutes(civil.minute) +
         chrono::seconds(civil.second) + Duration(civil.millisecond);
}

CivilTime FromSinceEpoch(Duration since_epoch) {
  const chrono::sys_days date(chrono::floor<chrono::days>(since_epoch));
  const chrono::year_month_day calendar(date);
  const chrono::hh_mm_ss<Duration> time(since_epoch - date.time_since_epoch());
  return {
      .year = static_cast<int>(calendar.year()),
      .month = static_cast<int>(static_cast<unsigned>(calendar.month())),
      .day = static_cast<int>(static_cast<unsigned>(calendar.day())),
      .hour = static_cast<int>(time.hours().count()),
      .minute = static_cast<int>(time.minutes().count()),
      .second = static_cast<int>(time.seconds().count()),
      .millisecond = static_cast<int>(time.subseconds().count()),
  };
}

std::string FormatCivilTime(const CivilTime& civil) {
  std::string text;
  text.reserve(kMaxOcpiDateTimeLength);
  AppendDigits(text, civil.year, 4);
  text += '-';
  AppendDigits(text, civil.month, 2);
  text += '-';
  AppendDigits(text, civil.day, 2);
  text += 'T';
  AppendDigits(text, civil.hour, 2);
  text += ':';
  AppendDigits(text, civil.minute, 2);
  text += ':';
  AppendDigits(text, civil.second, 2);
  if (civil.millisecond != 0) {
    text += '.';
    AppendDigits(text, civil.millisecond, 3);
  }
  return text;
}

}  // namespace time_internal

namespace {

constexpr std::string_view kOcpiDateTimeForm = "YYYY-MM-DDThh:mm:ss[.fff][Z]";

Error Refused(std::string_view text, std::string_view reason) {
  return InvalidArgument("", ascii::Quote(text) + " is not an OCPI DateTime: " + std::string(reason));
}

Error NotOfTheForm(std::string_view text, std::string_view what) {
  return Refused(text, std::string(what) + " (the form is " + std::string(kOcpiDateTimeForm) + ")");
}

int ReadNumber(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool IsFormattable(Instant instant) { return instant >= kMinInstant && instant <= kMaxInstant; }

}  // namespace

Result<Instant> ParseOcpiDateTime(std::string_view text) {
  constexpr std::string_view kFixedPart = "dddd-dd-ddTdd:dd:dd";
  if (text.empty()) return Refused(text, "it is empty");
  for (std::size_t i = 0; i < kFixedPart.size(); ++i) {
    if (i == text.size()) return NotOfTheForm(text, "it ends after " + std::to_string(i) + " characters");
    const char c = text[i];
    const char expected = kFixedPart[i];
    if (expected == 'd') {
      if (!ascii::IsDigit(c)) {
        return NotOfTheForm(
            text, "expected a digit at position " + std::to_string(i) + ", found " + ascii::DescribeByte(c));
      }
    } else if (c != expected) {
      if (c == 't') return Refused(text, "'t' must be upper-case 'T'");
      return NotOfTheForm(text, "expected '" + std::string(1, expected) + "' at position " +
                                    std::to_string(i) + ", found " + ascii::DescribeByte(c));
    }
  }
  time_internal::CivilTime civil{
      .year = ReadNumber(text.substr(0, 4)),
      .month = ReadNumber(text.substr(5, 2)),
      .day = ReadNumber(text.substr(8, 2)),
      .hour = ReadNumber(text.substr(11, 2)),
      .minute = ReadNumber(text.substr(14, 2)),
      .second = ReadNumber(text.substr(17, 2)),
  };
  std::size_t position = kFixedPart.size();
  if (position < text.size() && text[position] == '.') {
    const std::size_t first_digit = ++position;
    int weight = 100;
    for (; position < text.size() && ascii::IsDigit(text[position]); ++position) {
      const int digit = text[position] - '0';
      if (weight > 0) {
        civil.millisecond += digit * weight;
        weight /= 10;
      } else if (digit != 0) {
        return Refused(
            text,
            "it is more precise than a millisecond, which is what OpenMSP keeps; digits that would "
            "be lost are refused, not truncated");
      }
    }
    if (position == first_digit) {
      return NotOfTheForm(text, "the '.' after the seconds must be followed by digits");
    }
  }
  if (position < text.size()) {
    const char c = text[position];
    if (c == '+' || c == '-') {
      return Refused(text, "DateTime must be UTC: offsets such as " + ascii::Quote(text.substr(position)) +
                               " are not allowed in OCPI; use 'Z'");
    }
    if (c == 'z') return Refused(text, "'z' must be upper-case 'Z'");
    if (c != 'Z') {
      return NotOfTheForm(
          text, "unexpected " + ascii::DescribeByte(c) + " at position " + std::to_string(position));
    }
    if (++position < text.size()) {
      return NotOfTheForm(text, "unexpected " + ascii::DescribeByte(text[position]) + " after 'Z'");
    }
  }
  if (std::string problem = time_internal::CivilTimeProblem(civil); !problem.empty()) {
    return Refused(text, problem);
  }
  if (text.size() > kMaxOcpiDateTimeLength) {
    return Refused(text, "it has " + std::to_string(text.size()) + " characters, more than the " +
                             std::to_string(kMaxOcpiDateTimeLength) + " of OCPI's string(25)");
  }
  return Instant(chrono::sys_time<Duration>(time_internal::SinceEpoch(civil)));
}

std::string FormatOcpiDateTime(Instant instant) {
  if (!IsFormattable(instant)) {
    throw std::out_of_range("FormatOcpiDateTime: " + std::to_string(instant.UnixMilliseconds()) +
                            " ms since 1970 is outside the years 0001–9999");
  }
  return time_internal::FormatCivilTime(
             time_internal::FromSinceEpoch(instant.sys_time().time_since_epoch())) +
         'Z';
}

std::ostream& operator<<(std::ostream& out, Instant instant) {
  if (!IsFormattable(instant)) return out << instant.UnixMilliseconds() << " ms since 1970-01-01T00:00:00Z";
  return out << FormatOcpiDateTime(instant);
}

Result<LocalDate> ParseIsoDate(std::string_view text) {
  constexpr std::string_view kForm = "dddd-dd-dd";
  bool of_the_form = text.size() == kForm.size();
  for (std::size_t i = 0; of_the_form && i < kForm.size(); ++i) {
    of_the_form = kForm[i] == 'd' ? ascii::IsDigit(text[i]) : text[i] == kForm[i];
  }
  if (!of_the_form) return InvalidArgument("", ascii::Quote(text) + " is not a date of the form YYYY-MM-DD");
  const LocalDate date{ReadNumber(text.substr(0, 4)), ReadNumber(text.substr(5, 2)),
                       ReadNumber(text.substr(8, 2))};
  std::string problem =
      time_internal::CivilTimeProblem({.year = date.year, .month = date.month, .day = date.day});
  if (!problem.empty()) return InvalidArgument("", ascii::Quote(text) + " is not a date: " + problem);
  return date;
}

std::string FormatIsoDate(LocalDate date) {
  return time_internal::FormatCivilTime({.year = date.year, .month = date.month, .day = date.day})
      .substr(0, 10);
}

}  // namespace openmsp
