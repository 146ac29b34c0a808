#include "rating/session_measures.h"

namespace openmsp::rating {

Decimal ChargingMilliseconds(const pricing::SessionPeriod& period) {
  const Decimal charging =
      Decimal((period.end - period.start).count()) - period.parking_time - period.reservation_time;
  return charging.Sign() < 0 ? Decimal(0) : charging;
}

}  // namespace openmsp::rating
