#pragma once

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp {

/// The one duration type of OpenMSP: whole milliseconds, the precision of `Instant`. Coarser
/// `std::chrono` durations (`std::chrono::minutes{15}`, `90s`) convert to it implicitly; finer ones do not,
/// so nothing is dropped without a `std::chrono::floor` or `round` that says how.
using Duration = std::chrono::milliseconds;

/// A point on the UTC time line, to the millisecond, with no leap seconds (Unix time). Every time inside
/// OpenMSP is an `Instant`; local wall-clock time exists only in `TimeZone` (`core/time_zone.h`).
///
/// A thin wrapper of `std::chrono::sys_time<Duration>`: it compares, adds and subtracts `Duration`s and
/// gives a `Duration` as the difference of two instants.
class Instant {
 public:
  /// 1970-01-01T00:00:00Z.
  constexpr Instant() = default;

  /// The instant `time` names.
  constexpr explicit Instant(std::chrono::sys_time<Duration> time) : time_(time) {}

  /// The instant `milliseconds` after 1970-01-01T00:00:00Z (negative: before).
  static constexpr Instant FromUnixMilliseconds(std::int64_t milliseconds) {
    return Instant(std::chrono::sys_time<Duration>(Duration(milliseconds)));
  }

  /// The same instant as a `std::chrono` time point, for calendar arithmetic.
  constexpr std::chrono::sys_time<Duration> sys_time() const { return time_; }

  /// Milliseconds since 1970-01-01T00:00:00Z: the form in which an instant is stored.
  constexpr std::int64_t UnixMilliseconds() const { return time_.time_since_epoch().count(); }

  /// Moves the instant `duration` later (`+=`) or earlier (`-=`).
  constexpr Instant& operator+=(Duration duration) {
    time_ += duration;
    return *this;
  }
  constexpr Instant& operator-=(Duration duration) {
    time_ -= duration;
    return *this;
  }

  /// The instant `duration` later or earlier, and the time from `earlier` to `later` (negative when
  /// `later` is the earlier one). Instants compare by their place on the time line.
  friend constexpr Instant operator+(Instant instant, Duration duration) { return instant += duration; }
  friend constexpr Instant operator-(Instant instant, Duration duration) { return instant -= duration; }
  friend constexpr Duration operator-(Instant later, Instant earlier) { return later.time_ - earlier.time_; }
  friend constexpr auto operator<=>(Instant, Instant) = default;

 private:
  std::chrono::sys_time<Duration> time_{};
};

/// 0001-01-01T00:00:00Z, the earliest instant an OCPI DateTime can name (RFC 3339 has four-digit years).
inline constexpr Instant kMinInstant(std::chrono::sys_days(std::chrono::year(1) / 1 / 1));

/// 9999-12-31T23:59:59.999Z, the latest instant an OCPI DateTime can name.
inline constexpr Instant kMaxInstant(std::chrono::sys_days(std::chrono::year(10000) / 1 / 1) - Duration(1));

/// The longest OCPI DateTime: the type is `string(25)`.
inline constexpr std::size_t kMaxOcpiDateTimeLength = 25;

/// Reads an OCPI DateTime (OCPI 2.2.1 `types.asciidoc`: RFC 3339, always UTC, at most 25 characters):
/// `2026-03-01T10:00:00Z`, `2026-03-01T10:00:00` (no designator means UTC), `2026-03-01T10:00:00.2Z`,
/// `2026-03-01T10:00:00.123`. Refused, each with a message that names the reason:
///
/// - any UTC offset, `+00:00` included: OCPI allows only `Z` or nothing;
/// - lower-case `t` or `z` (RFC 3339 allows them, OCPI never writes them), a space instead of `T`, missing
///   seconds, and any other deviation from the form `YYYY-MM-DDThh:mm:ss[.f…][Z]`;
/// - fractional digits beyond the third unless they are zeros: `Instant` keeps milliseconds, and a value is
///   refused rather than silently truncated (`.1230` is accepted, `.1234` is not);
/// - dates that do not exist (`2026-02-29`, month 13, day 00), year 0000, hour 24, minute 60, and the leap
///   second `:60` (Unix time has none);
/// - more than 25 characters, even when the text is otherwise valid.
///
/// Never throws. The error has no field (the caller knows which field it read: `Nested("start_date_time")`).
Result<Instant> ParseOcpiDateTime(std::string_view text);

/// Writes `instant` as an OCPI DateTime: `2026-03-01T10:00:00Z` when it falls on a whole second, otherwise
/// with exactly three fractional digits, `2026-03-01T10:00:00.200Z` (as JavaScript's `toISOString` does).
/// Always `Z`, at most 24 characters, and `ParseOcpiDateTime` gives back the same instant.
/// Throws `std::out_of_range` for an instant outside `kMinInstant`..`kMaxInstant`, which no valid input
/// produces: only arithmetic gone wrong gets there.
std::string FormatOcpiDateTime(Instant instant);

/// A calendar date (proleptic Gregorian) as people in one place read it, with no time and no zone: the
/// day a VAT rate applies from, a tariff's `start_date`. Which instants it covers depends on a time zone
/// (`TimeZone::StartOfDay`).
struct LocalDate {
  int year = 1970;
  int month = 1;  ///< 1–12
  int day = 1;    ///< 1–31, existing in its month
  friend auto operator<=>(const LocalDate&, const LocalDate&) = default;
};

/// Reads an ISO 8601 calendar date `YYYY-MM-DD` (years 0001–9999). Refuses any other form and dates that
/// do not exist (`2026-02-29`, month 13, day 00), naming the reason; the error has no field.
Result<LocalDate> ParseIsoDate(std::string_view text);

/// Writes `date` as `YYYY-MM-DD`; `ParseIsoDate` gives it back.
std::string FormatIsoDate(LocalDate date);

/// Writes the OCPI DateTime of `instant` (as `FormatOcpiDateTime`), or its Unix milliseconds when it is out
/// of that range: for logs and test failure messages.
std::ostream& operator<<(std::ostream& out, Instant instant);

}  // namespace openmsp
