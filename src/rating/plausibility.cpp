#include "rating/plausibility.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "pricing/pricing.h"
#include "pricing/session_periods.h"

namespace openmsp::rating {

namespace {

using domain::AttentionReason;

constexpr std::int64_t kMillisecondsPerHour = 3'600'000;
constexpr std::int64_t kTimeToleranceMilliseconds = 60'000;

Implausibility Fail(AttentionReason reason, std::string detail) { return {reason, std::move(detail)}; }

// "2 h 5 min 0.25 s", "168 h", "5 min 0.001 s", "0 s": a duration of whole milliseconds for a person.
std::string DurationText(std::int64_t milliseconds) {
  std::string text;
  if (milliseconds < 0) {
    text = "-";
    milliseconds = -milliseconds;
  }
  const std::int64_t hours = milliseconds / kMillisecondsPerHour;
  const std::int64_t minutes = milliseconds / 60'000 % 60;
  const Decimal seconds = Decimal::FromCoefficient(milliseconds % 60'000, 3).Normalized();
  if (hours > 0) text += std::to_string(hours) + " h ";
  if (minutes > 0 || (hours > 0 && !seconds.IsZero())) text += std::to_string(minutes) + " min ";
  if (!seconds.IsZero() || (hours == 0 && minutes == 0)) text += seconds.ToString() + " s ";
  text.pop_back();
  return text;
}

std::string DurationText(Duration duration) { return DurationText(duration.count()); }

std::string HoursText(const Decimal& milliseconds) {
  return pricing::MillisecondsToHours(milliseconds).Normalized().ToString() + " h";
}

// Beyond a million hours (a total no CPO means) the hours are clearer than the minutes.
std::string DurationText(const Decimal& milliseconds) {
  const Decimal whole = milliseconds.Rounded(0, RoundingMode::kHalfUp);
  if (whole.Abs() > Decimal(1'000'000 * kMillisecondsPerHour)) return HoursText(milliseconds);
  return DurationText(static_cast<std::int64_t>(whole.coefficient()));
}

bool HasWarning(const std::vector<pricing::PricingWarning>& warnings, std::string_view code) {
  return std::any_of(warnings.begin(), warnings.end(),
                     [code](const pricing::PricingWarning& warning) { return warning.code == code; });
}

bool StatesDimension(const pricing::Cdr& cdr, pricing::CdrDimension type) {
  return std::any_of(cdr.charging_periods.begin(), cdr.charging_periods.end(),
                     [type](const pricing::ChargingPeriod& period) {
                       return std::any_of(period.dimensions.begin(), period.dimensions.end(),
                                          [type](const pricing::CdrDimensionVolume& dimension) {
                                            return dimension.type == type;
                                          });
                     });
}

// The session's totals of what its periods state, as the tariff engine read them.
struct PeriodTotals {
  Decimal energy;       // kWh
  Decimal parking;      // ms
  Decimal reservation;  // ms
};

PeriodTotals Sum(const pricing::SessionPeriods& periods) {
  PeriodTotals totals;
  for (const pricing::SessionPeriod& period : periods) {
    totals.energy += period.energy;
    totals.parking += period.parking_time;
    totals.reservation += period.reservation_time;
  }
  return totals;
}

// 0.01 kWh or 0.1 % of the stated total, whichever is larger.
std::optional<Implausibility> CheckEnergyTotal(const Decimal& total, const Decimal& periods) {
  const Decimal tolerance = std::max(Decimal::FromCoefficient(1, 2), total * Decimal::FromCoefficient(1, 3));
  const Decimal difference = (total - periods).Abs();
  if (difference <= tolerance) return std::nullopt;
  return Fail(AttentionReason::kTotalsInconsistent,
              "total_energy " + total.ToString() + " kWh but the periods' ENERGY adds up to " +
                  periods.Normalized().ToString() + " kWh: " + difference.Normalized().ToString() +
                  " kWh apart, more than the tolerance of " + tolerance.Normalized().ToString() +
                  " kWh (0.01 kWh or 0.1 %, whichever is larger)");
}

// 1 minute or 0.1 % of the stated `hours`, whichever is larger, in milliseconds (0.1 % of an hour is 3.6 s).
Decimal TimeTolerance(const Decimal& hours) {
  return std::max(Decimal(kTimeToleranceMilliseconds), hours * Decimal(3'600));
}

// `field` states `hours`; `what` (e.g. "the session lasts") measures `milliseconds`.
std::optional<Implausibility> CheckTimeTotal(std::string_view field, const Decimal& hours,
                                             std::string_view what, const Decimal& milliseconds) {
  const Decimal tolerance = TimeTolerance(hours);
  const Decimal difference = (hours * Decimal(kMillisecondsPerHour) - milliseconds).Abs();
  if (difference <= tolerance) return std::nullopt;
  return Fail(AttentionReason::kTotalsInconsistent,
              std::string(field) + " " + hours.ToString() + " h but " + std::string(what) + " " +
                  HoursText(milliseconds) + ": " + DurationText(difference) +
                  " apart, more than the tolerance of " + DurationText(tolerance) +
                  " (1 min or 0.1 %, whichever is larger)");
}

std::optional<Implausibility> CheckTotals(const pricing::Cdr& cdr, const pricing::SessionPeriods& periods,
                                          const std::vector<pricing::PricingWarning>& warnings) {
  const PeriodTotals totals = Sum(periods);
  const Decimal session(static_cast<std::int64_t>((cdr.end_date_time - cdr.start_date_time).count()));
  std::optional<Implausibility> failed;
  if (HasWarning(warnings, pricing::warning::kEnergyTotalMismatch) &&
      StatesDimension(cdr, pricing::CdrDimension::kEnergy)) {
    if ((failed = CheckEnergyTotal(cdr.total_energy, totals.energy))) return failed;
  }
  if (HasWarning(warnings, pricing::warning::kTimeTotalMismatch)) {
    if ((failed = CheckTimeTotal("total_time", cdr.total_time, "the session lasts", session))) return failed;
  }
  if (cdr.total_parking_time) {
    if (HasWarning(warnings, pricing::warning::kParkingTimeTotalMismatch) &&
        StatesDimension(cdr, pricing::CdrDimension::kParkingTime)) {
      if ((failed = CheckTimeTotal("total_parking_time", *cdr.total_parking_time,
                                   "the periods' PARKING_TIME adds up to", totals.parking))) {
        return failed;
      }
    }
    const Decimal parking = *cdr.total_parking_time * Decimal(kMillisecondsPerHour);
    if (parking - session > TimeTolerance(*cdr.total_parking_time)) {
      return Fail(AttentionReason::kTotalsInconsistent,
                  "total_parking_time " + cdr.total_parking_time->ToString() +
                      " h is longer than the session, which lasts " + HoursText(session) +
                      " from start_date_time to end_date_time");
    }
  }
  if (cdr.total_reservation_time && HasWarning(warnings, pricing::warning::kReservationTimeTotalMismatch) &&
      StatesDimension(cdr, pricing::CdrDimension::kReservationTime)) {
    if ((failed = CheckTimeTotal("total_reservation_time", *cdr.total_reservation_time,
                                 "the periods' RESERVATION_TIME adds up to", totals.reservation))) {
      return failed;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Implausibility> CheckPlausibility(const pricing::Cdr& cdr, Instant received_at,
                                                const domain::RatingSettings& settings,
                                                pricing::SessionPeriods& periods,
                                                std::vector<pricing::PricingWarning>& warnings) {
  if (cdr.end_date_time < cdr.start_date_time) {
    return Fail(AttentionReason::kEndBeforeStart, "end_date_time " + FormatOcpiDateTime(cdr.end_date_time) +
                                                      " is before start_date_time " +
                                                      FormatOcpiDateTime(cdr.start_date_time));
  }
  if (cdr.total_energy.Sign() < 0) {
    return Fail(AttentionReason::kEnergyOutOfRange,
                "total_energy " + cdr.total_energy.ToString() + " kWh is negative");
  }
  if (cdr.total_energy > settings.max_energy_kwh) {
    return Fail(AttentionReason::kEnergyOutOfRange, "total_energy " + cdr.total_energy.ToString() +
                                                        " kWh is above the limit of " +
                                                        settings.max_energy_kwh.ToString() + " kWh");
  }
  const Duration session = cdr.end_date_time - cdr.start_date_time;
  if (session > settings.max_session_duration) {
    return Fail(AttentionReason::kDurationTooLong,
                "the session lasts " + DurationText(session) + " (" +
                    FormatOcpiDateTime(cdr.start_date_time) + " to " + FormatOcpiDateTime(cdr.end_date_time) +
                    "), longer than the limit of " +
                    DurationText(std::chrono::duration_cast<Duration>(settings.max_session_duration)));
  }
  if (cdr.end_date_time - received_at > kClockSkewAllowance) {
    return Fail(AttentionReason::kInFuture,
                "end_date_time " + FormatOcpiDateTime(cdr.end_date_time) + " is " +
                    DurationText(cdr.end_date_time - received_at) + " after the CDR was received at " +
                    FormatOcpiDateTime(received_at) + ", more than the " + DurationText(kClockSkewAllowance) +
                    " allowed for clock differences");
  }
  warnings.clear();
  if (const Result<void> read = pricing::ReadSessionPeriods(cdr, periods, warnings); !read.ok()) {
    return Fail(AttentionReason::kUnreadableCdr,
                "the charging periods cannot be read: " + read.error().ToString());
  }
  return CheckTotals(cdr, periods, warnings);
}

}  // namespace openmsp::rating
