#include "pricing/session_periods.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

namespace openmsp::pricing {

namespace {

constexpr std::int64_t kMillisecondsPerHour = 3'600'000;

// Stated hours with up to this many decimals are checked in 128-bit integers.
constexpr int kMaxExactScale = 18;

Int128 PowerOfTen(int exponent) {
  Int128 power = 1;
  for (int i = 0; i < exponent; ++i) power *= 10;
  return power;
}

std::string_view CdrDimensionName(CdrDimension dimension) {
  switch (dimension) {
    case CdrDimension::kCurrent:
      return "CURRENT";
    case CdrDimension::kEnergy:
      return "ENERGY";
    case CdrDimension::kEnergyExport:
      return "ENERGY_EXPORT";
    case CdrDimension::kEnergyImport:
      return "ENERGY_IMPORT";
    case CdrDimension::kMaxCurrent:
      return "MAX_CURRENT";
    case CdrDimension::kMinCurrent:
      return "MIN_CURRENT";
    case CdrDimension::kMaxPower:
      return "MAX_POWER";
    case CdrDimension::kMinPower:
      return "MIN_POWER";
    case CdrDimension::kParkingTime:
      return "PARKING_TIME";
    case CdrDimension::kPower:
      return "POWER";
    case CdrDimension::kReservationTime:
      return "RESERVATION_TIME";
    case CdrDimension::kStateOfCharge:
      return "STATE_OF_CHARGE";
    case CdrDimension::kTime:
      return "TIME";
  }
  return "?";
}

Decimal Milliseconds(Duration duration) { return Decimal(duration.count()); }

std::string HoursText(const Decimal& milliseconds) {
  return MillisecondsToHours(milliseconds).Normalized().ToString() + " h";
}

// Stated hours agree with exact milliseconds when they differ by at most one unit in the last decimal the
// CPO wrote (so both rounding and truncation pass), and never by more than 0.01 h (36 s).
bool HoursAgree(const Decimal& hours, const Decimal& milliseconds) {
  // In units of 10^-scale ms: |hours × 3,600,000 − ms| ≤ 3,600,000.
  const int scale = std::max(hours.scale(), 2);
  if (scale <= kMaxExactScale && milliseconds.scale() == 0) {
    Int128 stated = 0;
    Int128 measured = 0;
    if (!__builtin_mul_overflow(hours.coefficient(), PowerOfTen(scale - hours.scale()) * kMillisecondsPerHour,
                                &stated) &&
        !__builtin_mul_overflow(milliseconds.coefficient(), PowerOfTen(scale), &measured)) {
      const Int128 difference = stated - measured;
      return difference <= kMillisecondsPerHour && difference >= -kMillisecondsPerHour;
    }
  }
  const Decimal tolerance = Decimal::FromCoefficient(kMillisecondsPerHour, scale);
  return (hours * Decimal(kMillisecondsPerHour) - milliseconds).Abs() <= tolerance;
}

// A time dimension stated in a period: which one, where, and its hours.
struct StatedTime {
  CdrDimension type = CdrDimension::kTime;
  std::size_t position = 0;
  Decimal hours;
};

Decimal& TimeSlot(SessionPeriod& period, CdrDimension type) {
  if (type == CdrDimension::kParkingTime) return period.parking_time;
  if (type == CdrDimension::kReservationTime) return period.reservation_time;
  return period.charging_time;
}

// Fills the period's time volumes from the timestamps (one time dimension) or the stated hours (several).
void DeriveTimes(std::size_t index, std::span<const StatedTime> stated, SessionPeriod& period,
                 std::vector<PricingWarning>& warnings) {
  const Decimal length = Milliseconds(period.end - period.start);
  if (stated.size() == 1) {
    TimeSlot(period, stated[0].type) = length;
    if (!HoursAgree(stated[0].hours, length)) {
      warnings.push_back(
          MakeWarning(warning::kTimeVolumeMismatch,
                      PeriodField(index, "dimensions[" + std::to_string(stated[0].position) + "].volume"),
                      std::string(CdrDimensionName(stated[0].type)) + " states " +
                          stated[0].hours.ToString() + " h but the period lasts " + HoursText(length) +
                          " by its timestamps; the timestamps are priced"));
    }
    return;
  }
  Decimal sum;
  for (const StatedTime& time : stated) {
    TimeSlot(period, time.type) = time.hours * Decimal(kMillisecondsPerHour);
    sum += time.hours;
  }
  if (!HoursAgree(sum, length)) {
    warnings.push_back(MakeWarning(warning::kTimeVolumeMismatch, PeriodField(index, "dimensions"),
                                   "its time dimensions add up to " + sum.ToString() +
                                       " h but the period lasts " + HoursText(length) +
                                       " by its timestamps; the stated hours are priced"));
  }
}

void ReadMeasurement(const CdrDimensionVolume& dimension, PeriodMeasurements& measurements) {
  switch (dimension.type) {
    case CdrDimension::kCurrent:
      measurements.current = &dimension.volume;
      break;
    case CdrDimension::kMinCurrent:
      measurements.min_current = &dimension.volume;
      break;
    case CdrDimension::kMaxCurrent:
      measurements.max_current = &dimension.volume;
      break;
    case CdrDimension::kPower:
      measurements.power = &dimension.volume;
      break;
    case CdrDimension::kMinPower:
      measurements.min_power = &dimension.volume;
      break;
    case CdrDimension::kMaxPower:
      measurements.max_power = &dimension.volume;
      break;
    default:
      break;
  }
}

Result<void> ReadPeriod(const Cdr& cdr, std::size_t index, SessionPeriod& period,
                        std::vector<PricingWarning>& warnings) {
  const ChargingPeriod& source = cdr.charging_periods[index];
  std::uint32_t seen = 0;
  std::array<StatedTime, 3> times;
  std::size_t time_count = 0;
  for (std::size_t j = 0; j < source.dimensions.size(); ++j) {
    const CdrDimensionVolume& dimension = source.dimensions[j];
    const auto field = [&](std::string_view member) {
      return PeriodField(index, "dimensions[" + std::to_string(j) + "]." + std::string(member));
    };
    const std::uint32_t bit = 1U << static_cast<unsigned>(dimension.type);
    if ((seen & bit) != 0) {
      return InvalidArgument(field("type"),
                             std::string(CdrDimensionName(dimension.type)) +
                                 " appears twice in the period; which volume counts is not defined");
    }
    seen |= bit;
    if (dimension.volume.Sign() < 0) {
      return InvalidArgument(field("volume"),
                             "is negative (" + dimension.volume.ToString() + "); volumes cannot be negative");
    }
    switch (dimension.type) {
      case CdrDimension::kEnergy:
        period.energy = dimension.volume;
        break;
      case CdrDimension::kTime:
      case CdrDimension::kParkingTime:
      case CdrDimension::kReservationTime:
        times[time_count++] = {dimension.type, j, dimension.volume};
        break;
      default:
        ReadMeasurement(dimension, period.measurements);
        break;
    }
  }
  period.states_time = time_count > 0;
  period.reservation = (seen & (1U << static_cast<unsigned>(CdrDimension::kReservationTime))) != 0;
  if (time_count > 0)
    DeriveTimes(index, std::span<const StatedTime>(times.data(), time_count), period, warnings);
  return Ok();
}

// The session's totals of what its periods state.
struct PeriodTotals {
  Decimal energy;       // kWh
  Decimal parking;      // ms
  Decimal reservation;  // ms
};

void CheckTotals(const Cdr& cdr, const PeriodTotals& totals, std::vector<PricingWarning>& warnings) {
  if (totals.energy.Rounded(std::max(cdr.total_energy.scale(), 3), RoundingMode::kHalfUp) !=
      cdr.total_energy) {
    warnings.push_back(MakeWarning(warning::kEnergyTotalMismatch, "total_energy",
                                   "is " + cdr.total_energy.ToString() +
                                       " kWh but the periods' ENERGY adds up to " + totals.energy.ToString() +
                                       " kWh; the periods are priced"));
  }
  const Decimal session = Milliseconds(cdr.end_date_time - cdr.start_date_time);
  if (!HoursAgree(cdr.total_time, session)) {
    warnings.push_back(MakeWarning(warning::kTimeTotalMismatch, "total_time",
                                   "is " + cdr.total_time.ToString() + " h but the session lasts " +
                                       HoursText(session) + " from start_date_time to end_date_time"));
  }
  if (cdr.total_parking_time && !HoursAgree(*cdr.total_parking_time, totals.parking)) {
    warnings.push_back(MakeWarning(warning::kParkingTimeTotalMismatch, "total_parking_time",
                                   "is " + cdr.total_parking_time->ToString() +
                                       " h but the periods' PARKING_TIME adds up to " +
                                       HoursText(totals.parking)));
  }
  if (cdr.total_reservation_time && !HoursAgree(*cdr.total_reservation_time, totals.reservation)) {
    warnings.push_back(MakeWarning(warning::kReservationTimeTotalMismatch, "total_reservation_time",
                                   "is " + cdr.total_reservation_time->ToString() +
                                       " h but the periods' RESERVATION_TIME adds up to " +
                                       HoursText(totals.reservation)));
  }
}

void CheckReservation(std::size_t index, const SessionPeriod& period, bool charged_before,
                      std::vector<PricingWarning>& warnings) {
  if (!period.reservation) return;
  if (period.energy.Sign() > 0 || period.charging_time.Sign() > 0 || period.parking_time.Sign() > 0) {
    warnings.push_back(MakeWarning(warning::kReservationWithCharging, PeriodField(index, "dimensions"),
                                   "a reservation period (RESERVATION_TIME) also states ENERGY, TIME or "
                                   "PARKING_TIME; only the reservation is priced in it"));
  }
  if (charged_before) {
    warnings.push_back(
        MakeWarning(warning::kReservationAfterCharging, PeriodField(index, "dimensions"),
                    "a reservation period comes after a charging period; a reservation precedes "
                    "the charging it was made for"));
  }
}

}  // namespace

Decimal MillisecondsToHours(const Decimal& milliseconds) {
  // Whole milliseconds (what timestamps give) in 64 bits: hours × 10^6 = ms / 3.6, half-up.
  static_assert(kHoursScale == 6);
  constexpr Int128 kLimit = Int128{1} << 58;
  if (milliseconds.scale() == 0 && milliseconds.coefficient() >= 0 && milliseconds.coefficient() < kLimit) {
    const auto tenths = static_cast<std::uint64_t>(milliseconds.coefficient()) * 10;
    return Decimal::FromCoefficient((tenths + 18) / 36, kHoursScale);
  }
  return milliseconds.Divide(Decimal(kMillisecondsPerHour), kHoursScale, RoundingMode::kHalfUp).value();
}

std::string PeriodField(std::size_t index, std::string_view member) {
  std::string field = "charging_periods[" + std::to_string(index) + "]";
  if (!member.empty()) field.append(".").append(member);
  return field;
}

PricingWarning MakeWarning(std::string_view code, std::string field, std::string message) {
  return PricingWarning{std::string(code), std::move(field), std::move(message)};
}

Result<void> ReadSessionPeriods(const Cdr& cdr, SessionPeriods& periods,
                                std::vector<PricingWarning>& warnings) {
  periods.clear();
  if (cdr.end_date_time < cdr.start_date_time) {
    return InvalidArgument("end_date_time", "the session ends at " + FormatOcpiDateTime(cdr.end_date_time) +
                                                ", before it starts at " +
                                                FormatOcpiDateTime(cdr.start_date_time));
  }
  if (cdr.charging_periods.empty()) {
    return InvalidArgument("charging_periods",
                           "a CDR has at least one charging period; there is nothing to price");
  }
  const std::string_view start_field = "start_date_time";
  for (std::size_t i = 0; i < cdr.charging_periods.size(); ++i) {
    const Instant start = cdr.charging_periods[i].start_date_time;
    if (start < cdr.start_date_time) {
      return InvalidArgument(PeriodField(i, start_field),
                             "the period starts at " + FormatOcpiDateTime(start) +
                                 ", before the session starts at " + FormatOcpiDateTime(cdr.start_date_time));
    }
    if (start > cdr.end_date_time) {
      return InvalidArgument(PeriodField(i, start_field),
                             "the period starts at " + FormatOcpiDateTime(start) +
                                 ", after the session ends at " + FormatOcpiDateTime(cdr.end_date_time));
    }
    const Instant previous = i > 0 ? cdr.charging_periods[i - 1].start_date_time : start;
    if (start < previous) {
      return InvalidArgument(PeriodField(i, start_field),
                             "the periods are out of order: this one starts at " + FormatOcpiDateTime(start) +
                                 ", before the previous one (" + FormatOcpiDateTime(previous) + ")");
    }
  }
  periods.reserve(cdr.charging_periods.size());
  PeriodTotals totals;
  bool charged_before = false;
  for (std::size_t i = 0; i < cdr.charging_periods.size(); ++i) {
    SessionPeriod& period = periods.emplace_back();
    period.start = cdr.charging_periods[i].start_date_time;
    period.end =
        i + 1 < cdr.charging_periods.size() ? cdr.charging_periods[i + 1].start_date_time : cdr.end_date_time;
    period.energy_before = totals.energy;
    OPENMSP_RETURN_IF_ERROR(ReadPeriod(cdr, i, period, warnings));
    if (period.end == period.start) {
      warnings.push_back(MakeWarning(warning::kEmptyPeriod, PeriodField(i, start_field),
                                     "the period lasts 0 s: the next period starts at the same instant"));
    }
    CheckReservation(i, period, charged_before, warnings);
    charged_before = charged_before || !period.reservation;
    if (!period.energy.IsZero()) totals.energy += period.energy;
    if (!period.parking_time.IsZero()) totals.parking += period.parking_time;
    if (!period.reservation_time.IsZero()) totals.reservation += period.reservation_time;
  }
  CheckTotals(cdr, totals, warnings);
  return Ok();
}

}  // namespace openmsp::pricing
