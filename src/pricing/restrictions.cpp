#include "pricing/restrictions.h"

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace openmsp::pricing {

namespace {

constexpr std::int64_t kMillisecondsPerMinute = 60'000;

std::int64_t MillisecondsSinceMidnight(const LocalDateTime& local) {
  return ((std::int64_t{local.hour} * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
}

// `00:00` as an end means the end of the day; an absent end leaves the window open until then too.
bool InTimeWindow(const TariffRestrictions& restrictions, std::int64_t now) {
  const std::int64_t start =
      restrictions.start_time ? restrictions.start_time->count() * kMillisecondsPerMinute : 0;
  const std::int64_t end =
      restrictions.end_time ? restrictions.end_time->count() * kMillisecondsPerMinute : 0;
  if (end == 0) return now >= start;
  if (start < end) return now >= start && now < end;
  if (end < start) return now >= start || now < end;
  return false;
}

bool OnDate(const TariffRestrictions& restrictions, const LocalDateTime& local) {
  const LocalDate today{local.year, local.month, local.day};
  if (restrictions.start_date && today < *restrictions.start_date) return false;
  if (restrictions.end_date && !(today < *restrictions.end_date)) return false;
  return true;
}

bool OnWeekday(const TariffRestrictions& restrictions, const LocalDateTime& local) {
  return std::ranges::any_of(restrictions.day_of_week,
                             [&](DayOfWeek day) { return static_cast<int>(day) == local.weekday; });
}

// The first measurement that exists, if any.
const Decimal* Measured(const Decimal* preferred, const Decimal* fallback) {
  return preferred != nullptr ? preferred : fallback;
}

// A lower (`is_lower`) or upper bound on a measurement; a missing measurement meets it but is reported.
bool MeetsBound(const std::optional<Decimal>& bound, const Decimal* measured, bool is_lower,
                RestrictionCheck& check) {
  if (!bound) return true;
  if (measured == nullptr) {
    check.unmeasured = true;
    return true;
  }
  return is_lower ? *measured >= *bound : *measured < *bound;
}

// The wall clock 1 ms earlier, at the same UTC offset.
LocalDateTime MillisecondBefore(LocalDateTime local) {
  if (--local.millisecond >= 0) return local;
  local.millisecond = 999;
  if (--local.second >= 0) return local;
  local.second = 59;
  if (--local.minute >= 0) return local;
  local.minute = 59;
  if (--local.hour >= 0) return local;
  local.hour = 23;
  const std::chrono::year_month_day yesterday(
      std::chrono::sys_days(std::chrono::year(local.year) / local.month / local.day) - std::chrono::days(1));
  local.year = static_cast<int>(yesterday.year());
  local.month = static_cast<int>(static_cast<unsigned>(yesterday.month()));
  local.day = static_cast<int>(static_cast<unsigned>(yesterday.day()));
  local.weekday = local.weekday == 1 ? 7 : local.weekday - 1;
  return local;
}

}  // namespace

const LocalDateTime& LocalClock::Local() {
  if (!local_) local_ = time_zone_->ToLocal(instant_);
  return *local_;
}

LocalClock LocalClock::JustBefore(LocalClock& start, LocalClock& end) {
  const Instant last_moment = end.instant_ - Duration(1);
  if (end.instant_ - start.instant_ > std::chrono::days(1) ||
      start.Local().utc_offset != end.Local().utc_offset) {
    return LocalClock(*end.time_zone_, last_moment);
  }
  return LocalClock(*end.time_zone_, last_moment, MillisecondBefore(*end.local_));
}

RestrictionCheck CheckRestrictions(const TariffRestrictions& restrictions, const RestrictionInput& input,
                                   LocalClock& clock) {
  RestrictionCheck check;
  if (restrictions.min_duration && input.elapsed < *restrictions.min_duration) return check;
  if (restrictions.max_duration && input.elapsed >= *restrictions.max_duration) return check;
  if (restrictions.min_kwh && input.energy_before < *restrictions.min_kwh) return check;
  if (restrictions.max_kwh && input.energy_before >= *restrictions.max_kwh) return check;

  if (restrictions.start_time || restrictions.end_time || restrictions.start_date || restrictions.end_date ||
      !restrictions.day_of_week.empty()) {
    const LocalDateTime& local = clock.Local();
    if ((restrictions.start_time || restrictions.end_time) &&
        !InTimeWindow(restrictions, MillisecondsSinceMidnight(local))) {
      return check;
    }
    if (!OnDate(restrictions, local)) return check;
    if (!restrictions.day_of_week.empty() && !OnWeekday(restrictions, local)) return check;
  }

  const PeriodMeasurements& measured = *input.measurements;
  if (!MeetsBound(restrictions.min_current, Measured(measured.min_current, measured.current), true, check) ||
      !MeetsBound(restrictions.max_current, Measured(measured.max_current, measured.current), false, check) ||
      !MeetsBound(restrictions.min_power, Measured(measured.min_power, measured.power), true, check) ||
      !MeetsBound(restrictions.max_power, Measured(measured.max_power, measured.power), false, check)) {
    check.unmeasured = false;
    return check;
  }
  check.active = true;
  return check;
}

bool ThresholdInside(const TariffRestrictions& restrictions, const PeriodSpan& span) {
  const auto duration_inside = [&](const std::optional<std::chrono::seconds>& bound) {
    return bound && span.elapsed_at_start < *bound && *bound <= span.elapsed_at_last;
  };
  if (duration_inside(restrictions.min_duration) || duration_inside(restrictions.max_duration)) return true;
  if (span.energy_after != nullptr) {
    const auto energy_inside = [&](const std::optional<Decimal>& bound) {
      return bound && *span.energy_before < *bound && *bound < *span.energy_after;
    };
    if (energy_inside(restrictions.min_kwh) || energy_inside(restrictions.max_kwh)) return true;
  }
  const bool times = restrictions.start_time || restrictions.end_time;
  const bool days = restrictions.start_date || restrictions.end_date || !restrictions.day_of_week.empty();
  if (!times && !days) return false;
  if (span.elapsed_at_last - span.elapsed_at_start >= std::chrono::days(1)) return true;
  const LocalDateTime& start = span.start->Local();
  const LocalDateTime& last = span.last->Local();
  if (start.utc_offset != last.utc_offset) return true;
  const bool next_day = start.day != last.day;
  if (next_day && days) return true;
  const std::int64_t from = MillisecondsSinceMidnight(start);
  const std::int64_t to = MillisecondsSinceMidnight(last);
  const auto passed = [&](const std::optional<std::chrono::minutes>& time) {
    if (!time) return false;
    const std::int64_t boundary = time->count() * kMillisecondsPerMinute;
    if (boundary == 0) return next_day;
    return next_day ? (boundary > from || boundary <= to) : (from < boundary && boundary <= to);
  };
  return passed(restrictions.start_time) || passed(restrictions.end_time);
}

}  // namespace openmsp::pricing
