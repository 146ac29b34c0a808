#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "domain/msp_cdr.h"
#include "domain/rating_settings.h"
#include "pricing/cdr.h"
#include "pricing/session_periods.h"

namespace openmsp::rating {

/// How far a CDR may end after the moment OpenMSP received it before it counts as ending in the future:
/// the clocks of a CPO's back end and of OpenMSP disagree by seconds, sometimes minutes.
inline constexpr Duration kClockSkewAllowance = std::chrono::minutes(5);

/// Why a CDR is implausible: the reason that puts it on hold and, for a person, the numbers that made it
/// fail ("total_energy 1250.000 kWh is above the limit of 1000 kWh").
struct Implausibility {
  domain::AttentionReason reason = domain::AttentionReason::kUnreadableCdr;
  std::string detail;

  friend bool operator==(const Implausibility&, const Implausibility&) = default;
};

/// The plausibility checks of a CPO CDR on arrival (domain.md §4; docs/rating.md, "Plausibility checks").
/// A CDR that fails one is not rated: its MSP CDR needs attention with the reason, and nothing is dropped.
/// Pure: `received_at` is when the CDR arrived (from the injected clock), `settings` are the tenant's limits.
///
/// The checks run in this order, and the first that fails is the one reported:
/// 1. `kEndBeforeStart`: `end_date_time` before `start_date_time` (equal passes).
/// 2. `kEnergyOutOfRange`: `total_energy` negative or above `settings.max_energy_kwh` (equal passes).
/// 3. `kDurationTooLong`: the session (end − start) longer than `settings.max_session_duration`.
/// 4. `kInFuture`: `end_date_time` more than `kClockSkewAllowance` after `received_at`.
/// 5. `kUnreadableCdr`: the charging periods cannot be read (`pricing::ReadSessionPeriods` fails: no
///    periods, a period outside the session or out of order, a negative volume, a dimension stated twice);
///    the detail is its error, field included. The totals are compared with what it reads, so this comes
///    before them.
/// 6. `kTotalsInconsistent`: a total that the periods or the timestamps contradict, in this order:
///    - `total_energy` vs the sum of the periods' ENERGY, when at least one period states ENERGY;
///    - `total_time` vs the session's length from its timestamps;
///    - `total_parking_time` vs the sum of the periods' PARKING_TIME, when at least one period states it;
///      and `total_parking_time` longer than the session;
///    - `total_reservation_time` vs the periods' RESERVATION_TIME, when at least one period states it.
///
/// Tolerances of step 6 (CPOs round what they state, and some truncate):
/// - energy: 0.01 kWh or 0.1 % of `total_energy`, whichever is larger;
/// - time: 1 minute or 0.1 % of the stated total, whichever is larger (10 minutes on a week-long session).
/// Both are wider than those at which the tariff engine's `ReadSessionPeriods` warns about a total
/// (docs/pricing.md), and a total is only compared with the periods or the timestamps when that warning
/// is there: but for parking longer than the session, a CDR the engine reads without a totals warning is
/// never held for its totals. A total is not compared with periods that do not state its dimension at all
/// (the official OCPI example states only TIME in its period): such periods do not contradict it. All
/// arithmetic is on exact decimals and whole milliseconds.
///
/// Not checked here: that the currency is known (`pricing::ParseCdr` refuses one that is not, so a CDR
/// whose body cannot be parsed is `kUnreadableCdr` already at the caller) and that the token belongs to
/// the tenant (rating's customer lookup, `kUnknownToken`).
///
/// `periods` and `warnings` receive what `pricing::ReadSessionPeriods` read (when the checks get that far),
/// so that rating goes on with them instead of reading the periods twice.
std::optional<Implausibility> CheckPlausibility(const pricing::Cdr& cdr, Instant received_at,
                                                const domain::RatingSettings& settings,
                                                pricing::SessionPeriods& periods,
                                                std::vector<pricing::PricingWarning>& warnings);

}  // namespace openmsp::rating
