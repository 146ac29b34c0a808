#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "pricing/restrictions.h"
#include "pricing/tariff.h"

namespace openmsp::pricing {

/// Which part of a session a charging period belongs to; it decides which elements may price it, through
/// their `reservation` restriction.
enum class SessionPhase {
  kCharging,            ///< elements without `reservation`
  kReservation,         ///< a reservation that was used: elements with `RESERVATION`
  kExpiredReservation,  ///< a reservation that expired unused: `RESERVATION_EXPIRES`, then `RESERVATION`
};

/// The number of tariff dimensions, for arrays indexed by `DimensionIndex`.
inline constexpr std::size_t kTariffDimensionCount = 4;

/// `dimension` as an index 0–3.
constexpr std::size_t DimensionIndex(TariffDimension dimension) {
  return static_cast<std::size_t>(dimension);
}

/// A price component and where it sits in its tariff.
struct SelectedComponent {
  std::size_t element_index = 0;              ///< into the tariff's `elements`
  std::size_t component_index = 0;            ///< into that element's `price_components`
  const PriceComponent* component = nullptr;  ///< the component itself
  /// The element's current or power bound had no measurement in the period and was taken as met.
  bool unmeasured = false;
};

/// The active price component of each dimension at the start of one charging period.
struct ComponentSelection {
  /// Indexed by `DimensionIndex`; empty where no active element has the dimension.
  std::array<std::optional<SelectedComponent>, kTariffDimensionCount> by_dimension;

  /// The component of `dimension`, or nullptr when no active element has one (the dimension is free).
  const SelectedComponent* Find(TariffDimension dimension) const {
    const auto& selected = by_dimension[DimensionIndex(dimension)];
    return selected ? &*selected : nullptr;
  }
};

/// OCPI 2.2.1 §9.2: for each dimension, the first component of that dimension in the first element, in list
/// order, that may price `phase` and whose restrictions all hold. Within one element the first component of
/// a dimension wins. For an expired reservation, elements with `RESERVATION_EXPIRES` come before those with
/// `RESERVATION` for every dimension (the specification: "the time based cost of an expired reservation
/// will be calculated based on the RESERVATION_EXPIRES Tariff Element").
ComponentSelection SelectComponents(const Tariff& tariff, SessionPhase phase, const RestrictionInput& input,
                                    LocalClock& clock);

}  // namespace openmsp::pricing
