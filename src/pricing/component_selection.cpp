#include "pricing/component_selection.h"

#include <algorithm>

namespace openmsp::pricing {

namespace {

std::optional<ReservationRestriction> ReservationOf(const TariffElement& element) {
  return element.restrictions ? element.restrictions->reservation : std::nullopt;
}

// One walk over the elements that carry `reservation` (none: the charging elements).
void SelectFrom(const Tariff& tariff, std::optional<ReservationRestriction> reservation,
                const RestrictionInput& input, LocalClock& clock, ComponentSelection& selection) {
  for (std::size_t e = 0; e < tariff.elements.size(); ++e) {
    const TariffElement& element = tariff.elements[e];
    if (ReservationOf(element) != reservation) continue;
    const bool adds_a_dimension = std::ranges::any_of(element.price_components, [&](const PriceComponent& c) {
      return !selection.by_dimension[DimensionIndex(c.type)];
    });
    if (!adds_a_dimension) continue;
    RestrictionCheck check{.active = true, .unmeasured = false};
    if (element.restrictions) {
      check = CheckRestrictions(*element.restrictions, input, clock);
      if (!check.active) continue;
    }
    for (std::size_t c = 0; c < element.price_components.size(); ++c) {
      auto& slot = selection.by_dimension[DimensionIndex(element.price_components[c].type)];
      if (!slot) slot = SelectedComponent{e, c, &element.price_components[c], check.unmeasured};
    }
  }
}

}  // namespace

ComponentSelection SelectComponents(const Tariff& tariff, SessionPhase phase, const RestrictionInput& input,
                                    LocalClock& clock) {
  ComponentSelection selection;
  switch (phase) {
    case SessionPhase::kCharging:
      SelectFrom(tariff, std::nullopt, input, clock, selection);
      break;
    case SessionPhase::kReservation:
      SelectFrom(tariff, ReservationRestriction::kReservation, input, clock, selection);
      break;
    case SessionPhase::kExpiredReservation:
      SelectFrom(tariff, ReservationRestriction::kReservationExpires, input, clock, selection);
      SelectFrom(tariff, ReservationRestriction::kReservation, input, clock, selection);
      break;
  }
  return selection;
}

}  // namespace openmsp::pricing
