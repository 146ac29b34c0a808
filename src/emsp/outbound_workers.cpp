#include "emsp/outbound_workers.h"

#include <utility>

namespace openmsp::emsp {

OutboundWorkers::OutboundWorkers(unsigned threads, std::size_t max_waiting) : max_waiting_(max_waiting) {
  threads_.reserve(threads == 0 ? 1 : threads);
  for (unsigned i = 0; i < (threads == 0 ? 1 : threads); ++i) threads_.emplace_back([this] { Work(); });
}

OutboundWorkers::~OutboundWorkers() {
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(waiting_);
  }
  wake_.notify_all();
  dropped.clear();
  for (std::thread& thread : threads_) thread.join();
}

bool OutboundWorkers::Post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || waiting_.size() >= max_waiting_) return false;
    waiting_.push_back(std::move(task));
  }
  wake_.notify_one();
  return true;
}

void OutboundWorkers::Work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (stopping_) return;
      task = std::move(waiting_.front());
      waiting_.pop_front();
    }
    // A task that throws is a bug; it must not take the thread (and the process) with it. What the task
    // held is destroyed, so a responder it held answers 500.
    try {
      task();
    } catch (...) {
    }
  }
}

}  // namespace openmsp::emsp
