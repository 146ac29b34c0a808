#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace openmsp {

/// Runs `round` on a thread of its own: at once, then again each time `interval` has passed since the
/// previous round ended (a steady-clock wait, so setting the system time neither hurries nor delays it),
/// until destroyed. The background sweeps of `openmsp serve` are built on it; `round` reports its own
/// failures (it cannot throw them at anyone) and the next round comes at its time regardless.
class PeriodicTask {
 public:
  PeriodicTask(std::chrono::milliseconds interval, std::function<void()> round);
  /// Wakes the thread from its wait and joins it; a round in progress finishes first.
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

 private:
  void Run(std::chrono::milliseconds interval, const std::function<void()>& round);

  std::mutex mutex_;
  std::condition_variable stop_changed_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace openmsp
