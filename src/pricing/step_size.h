#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "core/decimal.h"
#include "pricing/tariff.h"

namespace openmsp::pricing {

/// What a priced quantity measures, which decides how `step_size` rounds it.
enum class QuantityKind {
  kFlat,             ///< a session fee; never rounded
  kEnergy,           ///< kWh; step in Wh
  kChargingTime,     ///< ms of TIME; step in s
  kParkingTime,      ///< ms of PARKING_TIME; step in s
  kReservationTime,  ///< ms of RESERVATION_TIME priced by a reservation element's TIME; step in s
};

/// One quantity of one period that a price component bills.
struct PricedQuantity {
  QuantityKind kind = QuantityKind::kFlat;    ///< what it measures
  const PriceComponent* component = nullptr;  ///< the component that bills it (its price and step)
  Decimal consumed;                           ///< kWh, ms, or 1 for a fee
  Decimal billed;            ///< `consumed`, plus the step_size surplus on the last quantity of its kind
  std::size_t period = 0;    ///< index of the period in the result
  std::size_t position = 0;  ///< index of its line in that period's `dimensions`
};

/// The number of `QuantityKind`s, for arrays indexed by kind.
inline constexpr std::size_t kQuantityKindCount = 5;

/// The billed total of each kind (indexed by `QuantityKind`): kWh, ms, or the number of fees.
using BilledTotals = std::array<Decimal, kQuantityKindCount>;

/// Applies `step_size` once per session, on session totals (OCPI 2.2.1 §9.5, mod_cdrs "step_size"):
///
/// - ENERGY: the total of all energy quantities is rounded up to a multiple of the step of the last one
///   (in Wh); the surplus is billed on the last one, at its price.
/// - TIME and PARKING_TIME share one rounding: when any parking is priced, only the parking total is
///   rounded, with the last parking component's step, and charging time is billed as consumed; otherwise
///   the charging total is rounded with the last TIME component's step. The surplus goes to the last
///   quantity of the rounded kind.
/// - Reservation time is rounded on its own, with the last reservation TIME component's step.
///
/// A step of 0 or 1 means no rounding. `quantities` are in session order; only `billed` changes. Returns
/// the billed total of each kind.
BilledTotals ApplyStepSizes(std::span<PricedQuantity> quantities);

}  // namespace openmsp::pricing
