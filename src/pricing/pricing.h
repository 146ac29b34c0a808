#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time_zone.h"
#include "pricing/cdr.h"
#include "pricing/tariff.h"

namespace openmsp::pricing {

/// An amount excluding and including VAT, both always present in a result.
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
  Decimal volume;                   ///< as consumed in the period (kWh or hours)
  Decimal billed_volume;            ///< after step_size (which only the last priced period carries)
  Cost cost;
};

/// The cost of one charging period.
struct PeriodCost {
  std::size_t period_index = 0;
  Instant start_date_time;
  Instant end_date_time;
  bool reservation = false;  ///< a reservation period (it carries RESERVATION_TIME)
  std::vector<DimensionCost> dimensions;
};

/// A finding about the input that did not stop pricing: something a person auditing the CDR should see.
struct PricingWarning {
  std::string code;     ///< stable, machine-readable: `energy_total_mismatch`, `period_without_tariff`, …
  std::string field;    ///< the CDR field it concerns, as a path (`charging_periods[2].tariff_id`)
  std::string message;  ///< a sentence for a person
};

/// The CPO cost of a session, computed from its tariffs as OCPI 2.2.1 defines it.
struct PricingResult {
  Currency currency = Currency::Find("EUR").value();
  Cost total_cost;              ///< after min_price/max_price
  Cost total_fixed_cost;        ///< FLAT outside reservations
  Cost total_energy_cost;
  Cost total_time_cost;
  Cost total_parking_cost;
  Cost total_reservation_cost;  ///< reservation TIME and FLAT
  Decimal billed_energy;            ///< kWh, after step_size
  Decimal billed_time;              ///< hours charging, after step_size
  Decimal billed_parking_time;      ///< hours, after step_size
  Decimal billed_reservation_time;  ///< hours
  bool min_price_applied = false;
  bool max_price_applied = false;
  std::vector<PeriodCost> periods;
  std::vector<PricingWarning> warnings;
};

/// Prices `cdr` with `tariffs` (a period's `tariff_id` selects among them; without one, the single tariff
/// in force at session start) in the location's `time_zone`. Pure: no I/O, no clock.
/// Fails with kInvalidArgument (naming the field) when the CDR cannot be priced at all: no tariff, no
/// periods, periods out of order, a `tariff_id` that is not among the tariffs, a currency mismatch.
/// Inconsistencies that do not prevent pricing are returned as `warnings`, never silently fixed.
Result<PricingResult> PriceCdr(const Cdr& cdr, std::span<const Tariff> tariffs, const TimeZone& time_zone);

}  // namespace openmsp::pricing
