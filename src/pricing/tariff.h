#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/time.h"

namespace openmsp::pricing {

/// What a price component charges for (OCPI `TariffDimensionType`).
enum class TariffDimension {
  kEnergy,       ///< per kWh; step unit 1 Wh
  kFlat,         ///< once per session; no step unit
  kParkingTime,  ///< per hour the vehicle does not request power; step unit 1 s
  kTime,         ///< per hour charging (or reserved, in a reservation element); step unit 1 s
};

/// OCPI `TariffType`; absent on a tariff means it applies to every session.
enum class TariffType { kAdHocPayment, kProfileCheap, kProfileFast, kProfileGreen, kRegular };

/// OCPI `ReservationRestrictionType`: an element with it prices only the reservation phase.
enum class ReservationRestriction {
  kReservation,         ///< costs while reserved
  kReservationExpires,  ///< costs when the reservation expires unused
};

/// ISO weekday, as `LocalDateTime::weekday` counts: 1 = Monday … 7 = Sunday.
enum class DayOfWeek { kMonday = 1, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };


/// One price of a tariff element (OCPI `PriceComponent`).
struct PriceComponent {
  TariffDimension type = TariffDimension::kFlat;
  Decimal price;                ///< per unit (kWh, hour, session), excluding VAT
  std::optional<Decimal> vat;   ///< percent; absent = no VAT applicable, which is not the same as 0
  std::int64_t step_size = 1;   ///< in Wh (ENERGY) or seconds (TIME, PARKING_TIME); applied once per session
};

/// When an element is active (OCPI `TariffRestrictions`). Every set field must hold (logical AND).
/// Times and dates are wall-clock values in the location's time zone; `min_*` bounds are inclusive,
/// `max_*` bounds exclusive.
struct TariffRestrictions {
  std::optional<std::chrono::minutes> start_time;  ///< since local midnight, 00:00–23:59
  std::optional<std::chrono::minutes> end_time;    ///< earlier than start_time wraps past midnight; 00:00 = end of day
  std::optional<LocalDate> start_date;             ///< in the location's time zone, inclusive
  std::optional<LocalDate> end_date;               ///< exclusive
  std::optional<Decimal> min_kwh;                  ///< energy so far in the session
  std::optional<Decimal> max_kwh;
  std::optional<Decimal> min_current;              ///< A, sum over phases
  std::optional<Decimal> max_current;
  std::optional<Decimal> min_power;                ///< kW
  std::optional<Decimal> max_power;
  std::optional<std::chrono::seconds> min_duration;  ///< since session start, parking included
  std::optional<std::chrono::seconds> max_duration;
  std::vector<DayOfWeek> day_of_week;              ///< empty = every day
  std::optional<ReservationRestriction> reservation;
};

/// One element of a tariff (OCPI `TariffElement`). Order matters: for each dimension the first active
/// element that has a component of it wins.
struct TariffElement {
  std::vector<PriceComponent> price_components;  ///< at least one
  std::optional<TariffRestrictions> restrictions;
};

/// An amount excluding VAT and, when known, including VAT (OCPI `Price`).
struct Price {
  Decimal excl_vat;
  std::optional<Decimal> incl_vat;
  friend bool operator==(const Price&, const Price&) = default;
};

/// A CPO's tariff as OCPI 2.2.1 defines it (the fields pricing needs; display texts and energy mix are
/// not part of the price).
struct Tariff {
  std::string country_code;  ///< the CPO's, CiString(2)
  std::string party_id;      ///< the CPO's, CiString(3)
  std::string id;            ///< CiString(36)
  Currency currency = Currency::Find("EUR").value();
  std::optional<TariffType> type;
  std::optional<Price> min_price;  ///< the session costs at least this (excl and incl separately)
  std::optional<Price> max_price;  ///< the session costs at most this (excl and incl separately)
  std::vector<TariffElement> elements;        ///< at least one
  std::optional<Instant> start_date_time;     ///< in force from (UTC, inclusive)
  std::optional<Instant> end_date_time;       ///< in force until (UTC, exclusive)
  std::optional<Instant> last_updated;
};

}  // namespace openmsp::pricing
