#include "pricing/step_size.h"

#include <cstdint>

namespace openmsp::pricing {

namespace {

std::size_t KindIndex(QuantityKind kind) { return static_cast<std::size_t>(kind); }

// A step of `step_size` in the unit `kind` is counted in (Wh → kWh, s → ms).
Decimal StepIn(QuantityKind kind, std::int64_t step_size) {
  return kind == QuantityKind::kEnergy ? Decimal::FromCoefficient(step_size, 3)
                                       : Decimal(step_size) * Decimal(1000);
}

}  // namespace

BilledTotals ApplyStepSizes(std::span<PricedQuantity> quantities) {
  BilledTotals totals;
  std::array<PricedQuantity*, kQuantityKindCount> last{};
  for (PricedQuantity& quantity : quantities) {
    totals[KindIndex(quantity.kind)] += quantity.consumed;
    last[KindIndex(quantity.kind)] = &quantity;
  }
  const bool parking = last[KindIndex(QuantityKind::kParkingTime)] != nullptr;
  for (const QuantityKind kind :
       {QuantityKind::kEnergy, parking ? QuantityKind::kParkingTime : QuantityKind::kChargingTime,
        QuantityKind::kReservationTime}) {
    PricedQuantity* rounded = last[KindIndex(kind)];
    Decimal& total = totals[KindIndex(kind)];
    if (rounded == nullptr || rounded->component->step_size <= 1 || total.IsZero()) continue;
    const Decimal surplus = total.RoundedUpToMultipleOf(StepIn(kind, rounded->component->step_size)) - total;
    if (surplus.IsZero()) continue;
    rounded->billed += surplus;
    total += surplus;
  }
  return totals;
}

}  // namespace openmsp::pricing
