#pragma once

#include <optional>

#include "core/decimal.h"
#include "core/time.h"
#include "core/time_zone.h"
#include "pricing/tariff.h"

namespace openmsp::pricing {

/// The currents (A, summed over phases) and powers (kW) a charging period states in its dimensions, pointing
/// into the CDR (null when not stated). OCPI asks the CPO to start a new period wherever one of them crosses
/// a restriction's threshold, so a period has one value per bound.
struct PeriodMeasurements {
  const Decimal* current = nullptr;      ///< CURRENT (average)
  const Decimal* min_current = nullptr;  ///< MIN_CURRENT
  const Decimal* max_current = nullptr;  ///< MAX_CURRENT
  const Decimal* power = nullptr;        ///< POWER (average)
  const Decimal* min_power = nullptr;    ///< MIN_POWER
  const Decimal* max_power = nullptr;    ///< MAX_POWER
};

/// The wall clock of the location at one instant, computed on first use: most tariffs have no time, date
/// or weekday restriction, and then no period pays for a time-zone lookup.
class LocalClock {
 public:
  /// The wall clock of `time_zone` at `instant`; the zone must outlive the clock.
  LocalClock(const TimeZone& time_zone, Instant instant) : time_zone_(&time_zone), instant_(instant) {}

  /// A clock whose wall clock `local` is already known.
  LocalClock(const TimeZone& time_zone, Instant instant, const LocalDateTime& local)
      : time_zone_(&time_zone), instant_(instant), local_(local) {}

  /// The instant.
  Instant instant() const { return instant_; }

  /// The local date, time and weekday at the instant.
  const LocalDateTime& Local();

  /// The clock 1 ms before `end`: the last moment of a period from `start` to `end`. When the UTC offset is
  /// the same at both ends of a period shorter than a day, no transition falls inside it, and the wall
  /// clock is `end`'s minus 1 ms; otherwise it is looked up. (A period's end is the next one's start, whose
  /// clock is needed anyway, so this saves a lookup per period.)
  static LocalClock JustBefore(LocalClock& start, LocalClock& end);

 private:
  const TimeZone* time_zone_;
  Instant instant_;
  std::optional<LocalDateTime> local_;
};

/// What an element's restrictions are checked against: the state of the session at the start of a
/// charging period (OCPI 2.2.1 §9.3; the CPO splits periods where a price changes, so the start decides).
struct RestrictionInput {
  Duration elapsed{0};    ///< since the session's start, parking and reservation included
  Decimal energy_before;  ///< kWh charged in the earlier periods
  const PeriodMeasurements* measurements = nullptr;  ///< the period's currents and powers
};

/// The outcome of checking one element's restrictions.
struct RestrictionCheck {
  bool active = false;  ///< every restriction that is set holds
  /// A current or power bound had no measurement in the period and was taken as met (as the reference pricer
  /// does); the caller reports it.
  bool unmeasured = false;
};

/// Checks every restriction except `reservation` (which decides the phase an element prices, see
/// `component_selection.h`): time of day (wrapping past midnight, `00:00` as end of day), dates, weekday,
/// kWh, current, power and duration; `min_*` bounds are inclusive, `max_*` bounds exclusive.
/// A window whose `start_time` equals its `end_time` (other than 00:00) is empty.
RestrictionCheck CheckRestrictions(const TariffRestrictions& restrictions, const RestrictionInput& input,
                                   LocalClock& clock);

/// A charging period as its restrictions see it: from its start to its last moment (1 ms before its end).
struct PeriodSpan {
  Duration elapsed_at_start{0};  ///< since the session's start
  Duration elapsed_at_last{0};
  const Decimal* energy_before = nullptr;  ///< kWh before the period
  const Decimal* energy_after = nullptr;   ///< kWh at its end; null when no energy bound can matter
  LocalClock* start = nullptr;             ///< the wall clock at its start
  LocalClock* last = nullptr;              ///< the wall clock at its last moment
};

/// Whether a threshold of `restrictions` lies inside `span`, so that the element may be active at the start
/// and not later, or the reverse: a time of day or a midnight the wall clock passes after the start, a
/// duration reached after the start, an energy bound passed before the end. False means the element's
/// activity holds for the whole period. True where the UTC offset changes inside the period or the period
/// lasts a day or more (a cheap answer that is never wrongly false).
bool ThresholdInside(const TariffRestrictions& restrictions, const PeriodSpan& span);

}  // namespace openmsp::pricing
