#pragma once

#include <chrono>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

// The zone data of Howard Hinnant's date/tz; `<date/tz.h>` itself stays inside time_zone.cpp, so that the
// many files including this header neither parse it nor need its include path.
namespace date {
class time_zone;
}  // namespace date

namespace openmsp {

/// A calendar date and wall-clock time as people in one zone read them at one moment. OCPI tariff
/// restrictions (`start_time`, `start_date`, `day_of_week`) are written in this time, in the Location's
/// `time_zone`.
struct LocalDateTime {
  int year = 1970;  ///< proleptic Gregorian, as in ISO 8601
  int month = 1;    ///< 1–12
  int day = 1;      ///< 1–31
  int hour = 0;     ///< 0–23
  int minute = 0;   ///< 0–59
  int second = 0;   ///< 0–59
  int millisecond = 0;
  /// ISO 8601 day of the week, 1 = Monday … 7 = Sunday, as OCPI's `day_of_week` counts.
  /// Filled in by `ToLocal`; `ToInstant` ignores it.
  int weekday = 0;
  /// Local time minus UTC at that moment: +02:00 in Amsterdam in summer, +05:30 in Kolkata.
  /// Filled in by `ToLocal`; `ToInstant` ignores it, because a local time alone does not tell the offset.
  std::chrono::seconds utc_offset{0};

  /// Field by field, offset and weekday included.
  friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

/// What `TimeZone::ToInstant` does with a local time that does not name exactly one instant. There is no
/// default: whether 02:30 on a DST day may be guessed at is the caller's decision.
///
/// - In an *overlap* (clocks set back: 02:30 on 2026-10-25 in Europe/Amsterdam happens at +02:00 and again
///   an hour later at +01:00) `kEarliest` takes the first occurrence and `kLatest` the second.
/// - In a *gap* (clocks set forward: 02:30 on 2026-03-29 in Europe/Amsterdam never happens, the clocks go
///   from 02:00 straight to 03:00) `kEarliest` and `kLatest` both give the instant of the jump
///   (01:00Z, shown as 03:00 local): the moment the wall clock passes the time that was asked for.
/// - `kReject` refuses both cases with an error that explains the transition.
enum class LocalTimeChoice {
  kEarliest,
  kLatest,
  kReject,
};

/// An IANA time zone (`Europe/Amsterdam`) from the system's tz database, or UTC. Converts between
/// `Instant`s and local wall-clock time, with daylight saving time and every historic change of offset.
/// Cheap to copy (a pointer into the database, which lives until the program ends) and safe to share
/// between threads.
///
/// Limitation: the zone files carry explicit transitions up to 2037 and date/tz does not read the rule that
/// continues them, so local times after 2037 use the last offset listed (standard time, no DST).
class TimeZone {
 public:
  /// The zone called `iana_name` exactly (case matters: `Europe/Amsterdam`). Refused, with field
  /// `time_zone`: names the database does not know, and `localtime`, which names the host's zone rather
  /// than a place. When the name is known in another case the message says which.
  static Result<TimeZone> Find(std::string_view iana_name);

  /// UTC, without consulting the database (so it cannot fail).
  static TimeZone Utc();

  /// The IANA name as found, or `UTC` for `Utc()`.
  std::string_view name() const;

  /// The date, wall-clock time, weekday and UTC offset people in this zone see at `instant`. For
  /// instants within `kMinInstant`..`kMaxInstant`; the local year may be 0 or 10000 at the very edges.
  LocalDateTime ToLocal(Instant instant) const;

  /// The instant at which the wall clock in this zone shows `local` (its `weekday` and `utc_offset` are
  /// not read). `choice` decides times that happen twice or never, see `LocalTimeChoice`. Fails on
  /// fields that do not form a date and time (`2026-02-29`, hour 24), on a gap or overlap under
  /// `kReject`, and (`kOutOfRange`) when the instant falls outside `kMinInstant`..`kMaxInstant`.
  Result<Instant> ToInstant(const LocalDateTime& local, LocalTimeChoice choice) const;

  /// The first instant strictly after `after` at which the wall clock here reaches `time_of_day` (from
  /// 00:00 to 23:59, e.g. `std::chrono::hours(17)`): where a tariff window `start_time`/`end_time` opens
  /// or closes, so where a charging period has to be split.
  ///
  /// On a spring-forward day a time inside the gap is reached at the jump: a window starting at 02:30 in
  /// Europe/Amsterdam opens at 01:00Z on 2026-03-29, when the clocks go from 02:00 to 03:00, which is
  /// when "local time ≥ 02:30" first holds. On a fall-back day a time inside the overlap is reached
  /// twice, and each call returns the next of the two (00:30Z, then 01:30Z on 2026-10-25).
  /// Throws `std::out_of_range` when `time_of_day` is outside 00:00..23:59: callers pass parsed values.
  Instant NextTimeOfDay(Instant after, std::chrono::minutes time_of_day) const;

  /// The first instant of the local calendar day that contains `instant`: local midnight, or the end of
  /// the gap where a zone skips midnight (e.g. America/Santiago in September).
  Instant StartOfDay(Instant instant) const;

 private:
  explicit TimeZone(const date::time_zone* zone) : zone_(zone) {}

  const date::time_zone* zone_;  // nullptr for UTC
};

}  // namespace openmsp
