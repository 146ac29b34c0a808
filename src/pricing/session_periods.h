#pragma once

#include <boost/container/small_vector.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/result.h"
#include "core/time.h"
#include "pricing/cdr.h"
#include "pricing/pricing.h"
#include "pricing/restrictions.h"

namespace openmsp::pricing {

/// One charging period of a CDR as the engine prices it: checked, with its end, and with its time volumes
/// in exact milliseconds.
///
/// OCPI states time in decimal hours, which cannot hold most durations exactly (13 min = 0.21666… h). When
/// a period states one time dimension (TIME, PARKING_TIME or RESERVATION_TIME), its volume is the period's
/// length from the timestamps; the stated hours are only checked against it. When a period states several,
/// the timestamps cannot tell them apart and the stated hours are used, converted exactly.
struct SessionPeriod {
  Instant start;             ///< its `start_date_time`
  Instant end;               ///< the next period's start, or the CDR's end for the last one
  Decimal energy;            ///< kWh (ENERGY; 0 when not stated)
  Decimal charging_time;     ///< ms (TIME)
  Decimal parking_time;      ///< ms (PARKING_TIME)
  Decimal reservation_time;  ///< ms (RESERVATION_TIME)
  bool states_time = false;  ///< TIME, PARKING_TIME or RESERVATION_TIME is among its dimensions
  bool reservation = false;  ///< RESERVATION_TIME is among its dimensions
  PeriodMeasurements measurements;
  Decimal energy_before;  ///< kWh in the earlier periods: what `min_kwh`/`max_kwh` compare
  /// Index into the tariffs the session is priced with; none when no tariff prices the period
  /// (set by `ChooseTariffs`).
  std::optional<std::size_t> tariff;
};

/// The periods of a session, without a heap allocation for up to 8 of them (most CDRs).
using SessionPeriods = boost::container::small_vector<SessionPeriod, 8>;

/// Reads `cdr`'s periods into `periods` (cleared first). Fails with kInvalidArgument, naming the field, on
/// what cannot be priced: no periods, an end before the start, a period that starts before the session,
/// after its end or before the previous period, a negative volume, a dimension stated twice in a period.
/// Appends warnings for what can be priced but looks wrong: stated hours that do not match the timestamps,
/// totals (`total_energy`, `total_time`, `total_parking_time`, `total_reservation_time`) that do not match
/// the periods, periods of zero length, reservation periods that also charge or come after charging.
Result<void> ReadSessionPeriods(const Cdr& cdr, SessionPeriods& periods,
                                std::vector<PricingWarning>& warnings);

/// `milliseconds` in hours, rounded half-up to `kHoursScale` decimals.
Decimal MillisecondsToHours(const Decimal& milliseconds);

/// The path of a charging period's member: `charging_periods[2].tariff_id`.
std::string PeriodField(std::size_t index, std::string_view member);

/// A warning with `code`, `field` and `message`.
PricingWarning MakeWarning(std::string_view code, std::string field, std::string message);

}  // namespace openmsp::pricing
