#pragma once

#include "core/decimal.h"
#include "pricing/session_periods.h"

namespace openmsp::rating {

/// The charging time of `period` in milliseconds, as rating measures CHARGING_TIME: the period's length
/// that is neither parking nor reservation (never below 0). One rule for rating and the price preview.
Decimal ChargingMilliseconds(const pricing::SessionPeriod& period);

}  // namespace openmsp::rating
