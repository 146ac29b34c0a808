#include "core/clock.h"

#include <chrono>

namespace openmsp {

Instant SystemClock::Now() const {
  return Instant(std::chrono::floor<Duration>(std::chrono::system_clock::now()));
}

}  // namespace openmsp
