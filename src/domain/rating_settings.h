#pragma once

#include <chrono>

#include "core/decimal.h"
#include "core/result.h"

namespace openmsp::domain {

/// A tenant's limits for rating its CPO CDRs (domain.md §4: plausibility checks and cost audit). Every
/// tenant has them; until an administrator changes them they are the defaults below.
struct RatingSettings {
  /// A CDR with more energy (kWh) is implausible. Positive, at most 3 decimals, below 1,000,000.
  Decimal max_energy_kwh = Decimal(1000);
  /// A CDR whose session lasts longer is implausible. 1 hour to 31 days.
  std::chrono::hours max_session_duration{7 * 24};
  /// The cost audit flags a CDR whose stated cost excl. VAT differs from the recomputed one by more than
  /// this, in units of the CDR's currency. At least 0, at most 4 decimals, below 1,000,000.
  Decimal cost_audit_tolerance = Decimal::FromCoefficient(5, 2);  // 0.05

  friend bool operator==(const RatingSettings&, const RatingSettings&) = default;
};

/// Checks `settings`; kInvalidArgument naming the field (`max_energy_kwh`, `max_session_duration`,
/// `cost_audit_tolerance`) and the reason.
Result<void> ValidateRatingSettings(const RatingSettings& settings);

}  // namespace openmsp::domain
