#include "core/time_zone.h"

#include <date/tz.h>

#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/ids/ascii.h"
#include "core/time_internal.h"

namespace openmsp {

namespace chrono = std::chrono;

namespace {

// The instants at which a wall-clock time happens: one, none (a gap; both fields then hold the instant of
// the jump) or two (an overlap).
struct Occurrences {
  enum class Kind { kUnique, kSkipped, kRepeated };
  Kind kind = Kind::kUnique;
  Instant earliest;
  Instant latest;
  chrono::seconds offset_before{0};
  chrono::seconds offset_after{0};
};

Instant FromLocal(Duration local_since_epoch, chrono::seconds offset) {
  return Instant(chrono::sys_time<Duration>(local_since_epoch - offset));
}

Occurrences Locate(const date::time_zone* zone, Duration local_since_epoch) {
  if (zone == nullptr) {
    const Instant at = FromLocal(local_since_epoch, chrono::seconds(0));
    return {.earliest = at, .latest = at};
  }
  const date::local_info info = zone->get_info(date::local_time<Duration>(local_since_epoch));
  const chrono::seconds before = info.first.offset;
  const chrono::seconds after = info.second.offset;
  if (info.result == date::local_info::nonexistent) {
    const Instant jump(info.second.begin);
    return {Occurrences::Kind::kSkipped, jump, jump, before, after};
  }
  if (info.result == date::local_info::ambiguous) {
    return {Occurrences::Kind::kRepeated, FromLocal(local_since_epoch, before),
            FromLocal(local_since_epoch, after), before, after};
  }
  const Instant at = FromLocal(local_since_epoch, before);
  return {.earliest = at, .latest = at, .offset_before = before, .offset_after = before};
}

chrono::seconds OffsetAt(const date::time_zone* zone, Instant instant) {
  return zone == nullptr ? chrono::seconds(0) : zone->get_info(instant.sys_time()).offset;
}

Duration LocalSinceEpoch(const date::time_zone* zone, Instant instant) {
  return instant.sys_time().time_since_epoch() + OffsetAt(zone, instant);
}

std::string FormatOffset(chrono::seconds offset) {
  const chrono::hh_mm_ss<chrono::seconds> parts(offset);
  auto two_digits = [](auto count) {
    const auto value = static_cast<int>(count);
    return std::string(value < 10 ? "0" : "") + std::to_string(value);
  };
  std::string text = std::string(parts.is_negative() ? "-" : "+") + two_digits(parts.hours().count()) + ":" +
                     two_digits(parts.minutes().count());
  if (parts.seconds().count() != 0) text += ":" + two_digits(parts.seconds().count());
  return text;
}

// Every IANA zone and link name starts with an upper-case letter and uses only these characters; the test
// keeps `localtime` (the host's own zone) and anything path-like away from the database.
bool LooksLikeIanaName(std::string_view name) {
  if (name.empty() || name.front() < 'A' || name.front() > 'Z') return false;
  for (char c : name) {
    if (!ascii::IsAlnum(c) && c != '/' && c != '_' && c != '-' && c != '+') return false;
  }
  return true;
}

const date::time_zone* LocateZone(std::string_view name) {
  if (!LooksLikeIanaName(name)) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::optional<std::string> NameInOtherCase(std::string_view name) {
  try {
    for (const date::time_zone& zone : date::get_tzdb().zones) {
      if (ascii::EqualsIgnoringCase(zone.name(), name) && LooksLikeIanaName(zone.name())) return zone.name();
    }
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

Result<TimeZone> TimeZone::Find(std::string_view iana_name) {
  if (const date::time_zone* zone = LocateZone(iana_name)) return TimeZone(zone);
  std::string message = ascii::Quote(iana_name) + " is not a known IANA time zone such as 'Europe/Amsterdam'";
  if (std::optional<std::string> known = NameInOtherCase(iana_name)) {
    message += "; names are case-sensitive: did you mean '" + *known + "'?";
  }
  return InvalidArgument("time_zone", std::move(message));
}

TimeZone TimeZone::Utc() { return TimeZone(nullptr); }

std::string_view TimeZone::name() const { return zone_ == nullptr ? std::string_view("UTC") : zone_->name(); }

LocalDateTime TimeZone::ToLocal(Instant instant) const {
  const chrono::seconds offset = OffsetAt(zone_, instant);
  const Duration local = instant.sys_time().time_since_epoch() + offset;
  const time_internal::CivilTime civil = time_internal::FromSinceEpoch(local);
  const chrono::weekday weekday{chrono::sys_days(chrono::floor<chrono::days>(local))};
  return {
      .year = civil.year,
      .month = civil.month,
      .day = civil.day,
      .hour = civil.hour,
      .minute = civil.minute,
      .second = civil.second,
      .millisecond = civil.millisecond,
      .weekday = static_cast<int>(weekday.iso_encoding()),
      .utc_offset = offset,
  };
}

Result<Instant> TimeZone::ToInstant(const LocalDateTime& local, LocalTimeChoice choice) const {
  const time_internal::CivilTime civil{
      .year = local.year,
      .month = local.month,
      .day = local.day,
      .hour = local.hour,
      .minute = local.minute,
      .second = local.second,
      .millisecond = local.millisecond,
  };
  if (std::string problem = time_internal::CivilTimeProblem(civil); !problem.empty()) {
    return InvalidArgument("", std::move(problem));
  }
  const Occurrences found = Locate(zone_, time_internal::SinceEpoch(civil));
  if (found.kind != Occurrences::Kind::kUnique && choice == LocalTimeChoice::kReject) {
    const std::string when = time_internal::FormatCivilTime(civil);
    if (found.kind == Occurrences::Kind::kSkipped) {
      return InvalidArgument("", when + " does not exist in " + std::string(name()) +
                                     ": the clocks jump from UTC" + FormatOffset(found.offset_before) +
                                     " to UTC" + FormatOffset(found.offset_after) + " at " +
                                     FormatOcpiDateTime(found.earliest));
    }
    return InvalidArgument("", when + " happens twice in " + std::string(name()) + ": at UTC" +
                                   FormatOffset(found.offset_before) + " (" +
                                   FormatOcpiDateTime(found.earliest) + ") and again at UTC" +
                                   FormatOffset(found.offset_after) + " (" +
                                   FormatOcpiDateTime(found.latest) + ")");
  }
  const Instant instant = choice == LocalTimeChoice::kLatest ? found.latest : found.earliest;
  if (instant < kMinInstant || instant > kMaxInstant) {
    return Error{ErrorCode::kOutOfRange, "",
                 time_internal::FormatCivilTime(civil) + " in " + std::string(name()) +
                     " falls outside the years 0001–9999 in UTC"};
  }
  return instant;
}

Instant TimeZone::NextTimeOfDay(Instant after, chrono::minutes time_of_day) const {
  if (time_of_day < chrono::minutes(0) || time_of_day >= chrono::days(1)) {
    throw std::out_of_range("TimeZone::NextTimeOfDay: time of day " + std::to_string(time_of_day.count()) +
                            " min is outside 00:00..23:59");
  }
  const chrono::days today = chrono::floor<chrono::days>(LocalSinceEpoch(zone_, after));
  Instant next(chrono::sys_time<Duration>::max());
  for (chrono::days day = today - chrono::days(1); day <= today + chrono::days(2); ++day) {
    const Occurrences found = Locate(zone_, day + time_of_day);
    for (Instant candidate : {found.earliest, found.latest}) {
      if (candidate > after && candidate < next) next = candidate;
    }
  }
  return next;
}

Instant TimeZone::StartOfDay(Instant instant) const {
  return Locate(zone_, chrono::floor<chrono::days>(LocalSinceEpoch(zone_, instant))).earliest;
}

}  // namespace openmsp
