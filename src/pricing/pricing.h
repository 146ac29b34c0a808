#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time_zone.h"
#include "pricing/cdr.h"
#include "pricing/tariff.h"

namespace openmsp::pricing {

/// Decimal places of every amount in a `PricingResult`. Each cost line is computed exactly and rounded
/// half-up to this scale once (time lines need a division by 3,600,000 ms per hour, which has no finite
/// decimal); subtotals and totals are exact sums of lines. Nothing is rounded to the currency's minor unit:
/// that is the presenter's or the invoice's decision (docs/pricing.md).
inline constexpr int kCostScale = 6;

/// Decimal places of the quantities in hours a `PricingResult` reports (`billed_time`, a time line's
/// `volume`), rounded half-up from exact milliseconds. Costs are computed from the milliseconds, not from
/// these.
inline constexpr int kHoursScale = 6;

/// An amount excluding and including VAT, both always present in a result (incl = excl where no VAT applies).
struct Cost {
  Decimal excl_vat;
  Decimal incl_vat;
  friend bool operator==(const Cost&, const Cost&) = default;
};

/// Which tariff, element and price component priced one dimension of one period, and what it billed.
struct DimensionCost {
  TariffDimension dimension = TariffDimension::kEnergy;
  std::string tariff_id;
  std::size_t element_index = 0;    ///< index into the tariff's `elements`
  std::size_t component_index = 0;  ///< index into that element's `price_components`
  Decimal price;                    ///< per unit, excl. VAT
  std::optional<Decimal> vat;       ///< percent, as the component states it
  Decimal volume;                   ///< as consumed in the period: kWh, hours (`kHoursScale`), 1 for FLAT
  Decimal billed_volume;            ///< after step_size (which only the last priced period carries)
  Cost cost;  ///< price × billed volume, and × (1 + vat/100) incl. VAT, at `kCostScale`
};

/// The cost of one charging period.
struct PeriodCost {
  std::size_t period_index = 0;
  Instant start_date_time;
  Instant end_date_time;
  bool reservation = false;  ///< a reservation period (it carries RESERVATION_TIME)
  std::vector<DimensionCost> dimensions;
};

/// The codes of `PricingWarning` (docs/pricing.md explains each).
namespace warning {
inline constexpr std::string_view kEnergyTotalMismatch = "energy_total_mismatch";
inline constexpr std::string_view kTimeTotalMismatch = "time_total_mismatch";
inline constexpr std::string_view kParkingTimeTotalMismatch = "parking_time_total_mismatch";
inline constexpr std::string_view kReservationTimeTotalMismatch = "reservation_time_total_mismatch";
inline constexpr std::string_view kTimeVolumeMismatch = "time_volume_mismatch";
inline constexpr std::string_view kEmptyPeriod = "empty_period";
inline constexpr std::string_view kTimeNotStated = "time_not_stated";
inline constexpr std::string_view kReservationWithCharging = "reservation_period_with_charging";
inline constexpr std::string_view kReservationAfterCharging = "reservation_after_charging";
inline constexpr std::string_view kPeriodWithoutTariff = "period_without_tariff";
inline constexpr std::string_view kTariffNotInForce = "tariff_not_in_force";
inline constexpr std::string_view kDuplicateComponent = "duplicate_component";
inline constexpr std::string_view kMeasurementMissing = "measurement_missing";
inline constexpr std::string_view kPeriodNotSplit = "period_not_split";
inline constexpr std::string_view kPriceBoundsNotApplied = "price_bounds_not_applied";
inline constexpr std::string_view kPriceBoundWithoutInclVat = "price_bound_without_incl_vat";
inline constexpr std::string_view kMinPriceAboveMaxPrice = "min_price_above_max_price";
}  // namespace warning

/// A finding about the input that did not stop pricing: something a person auditing the CDR should see.
struct PricingWarning {
  std::string code;     ///< stable, machine-readable: `energy_total_mismatch`, `period_without_tariff`, …
  std::string field;    ///< the CDR field it concerns, as a path (`charging_periods[2].tariff_id`)
  std::string message;  ///< a sentence for a person
};

/// The CPO cost of a session, computed from its tariffs as OCPI 2.2.1 defines it.
struct PricingResult {
  /// An empty result in EUR.
  PricingResult() = default;
  /// An empty result in `result_currency` (without the currency lookup of the default).
  explicit PricingResult(Currency result_currency) : currency(result_currency) {}

  Currency currency = Currency::Find("EUR").value();
  Cost total_cost;        ///< after min_price/max_price
  Cost total_fixed_cost;  ///< FLAT outside reservations
  Cost total_energy_cost;
  Cost total_time_cost;
  Cost total_parking_cost;
  Cost total_reservation_cost;      ///< reservation TIME and FLAT
  Decimal billed_energy;            ///< kWh, after step_size
  Decimal billed_time;              ///< hours charging, after step_size
  Decimal billed_parking_time;      ///< hours, after step_size
  Decimal billed_reservation_time;  ///< hours
  bool min_price_applied = false;
  bool max_price_applied = false;
  std::vector<PeriodCost> periods;
  std::vector<PricingWarning> warnings;
};

/// Prices `cdr` with `tariffs` in the location's `time_zone`, as OCPI 2.2.1 §9 and its errata define it
/// (docs/pricing.md is the algorithm as implemented). Pure: no I/O, no clock. `tariffs` are the ones to
/// price with, not `cdr.tariffs` (pass those when the CDR's own snapshot is wanted): a period's `tariff_id`
/// selects among them, and without any `tariff_id` the one tariff in force at the session's start prices
/// every period.
///
/// Fails with kInvalidArgument, naming the field, when the CDR cannot be priced at all: no periods, an end
/// before the start, periods out of order or outside the session, a negative volume, a dimension stated
/// twice in a period, no tariff (or several) in force, a `tariff_id` that is not among the tariffs, a
/// tariff in another currency. Fails with kOutOfRange only on amounts beyond the exact decimal range
/// (prices and durations no tariff has). Inconsistencies that do not prevent pricing are returned as
/// `warnings` (codes in `warning`), never silently fixed.
Result<PricingResult> PriceCdr(const Cdr& cdr, std::span<const Tariff> tariffs, const TimeZone& time_zone);

}  // namespace openmsp::pricing
