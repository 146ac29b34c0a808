#include "domain/rating_settings.h"

#include <string>

namespace openmsp::domain {
namespace {

const Decimal kLimit = Decimal(1'000'000);
constexpr std::chrono::hours kShortestSessionLimit{1};
constexpr std::chrono::hours kLongestSessionLimit{31 * 24};

bool HasAtMostDecimals(const Decimal& value, int decimals) {
  return value.Rounded(decimals, RoundingMode::kHalfUp) == value;
}

}  // namespace

Result<void> ValidateRatingSettings(const RatingSettings& settings) {
  const Decimal& energy = settings.max_energy_kwh;
  if (energy <= Decimal() || energy >= kLimit) {
    return InvalidArgument("max_energy_kwh",
                           "must be above 0 and below 1000000 kWh, not " + energy.ToString());
  }
  if (!HasAtMostDecimals(energy, 3)) {
    return InvalidArgument("max_energy_kwh", "has more than 3 decimals: " + energy.ToString());
  }
  const std::chrono::hours duration = settings.max_session_duration;
  if (duration < kShortestSessionLimit || duration > kLongestSessionLimit) {
    return InvalidArgument("max_session_duration", "must be 1 hour to 31 days (744 hours), not " +
                                                       std::to_string(duration.count()) + " hours");
  }
  const Decimal& tolerance = settings.cost_audit_tolerance;
  if (tolerance < Decimal() || tolerance >= kLimit) {
    return InvalidArgument("cost_audit_tolerance",
                           "must be at least 0 and below 1000000, not " + tolerance.ToString());
  }
  if (!HasAtMostDecimals(tolerance, 4)) {
    return InvalidArgument("cost_audit_tolerance", "has more than 4 decimals: " + tolerance.ToString());
  }
  return Ok();
}

}  // namespace openmsp::domain
