#include "core/periodic_task.h"

#include <utility>

namespace openmsp {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> round)
    : thread_([this, interval, round = std::move(round)] { Run(interval, round); }) {}

PeriodicTask::~PeriodicTask() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stop_changed_.notify_all();
  thread_.join();
}

void PeriodicTask::Run(std::chrono::milliseconds interval, const std::function<void()>& round) {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    round();
    lock.lock();
    stop_changed_.wait_for(lock, interval, [this] { return stop_; });
  }
}

}  // namespace openmsp
