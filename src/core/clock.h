#pragma once

#include <atomic>
#include <cstdint>

#include "core/time.h"

namespace openmsp {

/// Where "now" comes from. Code that needs the current time takes a `const Clock&` instead of asking the
/// system, so that tests and replays decide what time it is (Envoy's `TimeSource`, LevelDB's `Env`).
/// Implementations are safe to call from several threads at once.
class Clock {
 public:
  virtual ~Clock() = default;

  /// The current instant.
  virtual Instant Now() const = 0;
};

/// The operating system's real-time clock, truncated to the millisecond. The only place in OpenMSP that
/// reads the system time; only the composition root (`src/app/`) creates one.
class SystemClock final : public Clock {
 public:
  /// `std::chrono::system_clock::now()`, floored to the millisecond.
  Instant Now() const override;
};

/// A clock that stands still until told otherwise: for tests and for re-running work "as of" an instant.
/// `Set` and `Advance` may be called while other threads call `Now`.
class ManualClock final : public Clock {
 public:
  /// A clock showing `now`.
  explicit ManualClock(Instant now) : unix_milliseconds_(now.UnixMilliseconds()) {}

  /// The instant last set, moved by every `Advance` since.
  Instant Now() const override { return Instant::FromUnixMilliseconds(unix_milliseconds_.load()); }

  /// Makes the clock show `now`; it may go backwards, as a real clock corrected by NTP can.
  void Set(Instant now) { unix_milliseconds_.store(now.UnixMilliseconds()); }

  /// Moves the clock `duration` forwards (backwards when negative).
  void Advance(Duration duration) { unix_milliseconds_.fetch_add(duration.count()); }

 private:
  std::atomic<std::int64_t> unix_milliseconds_;
};

}  // namespace openmsp
