#include "core/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace openmsp {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Counts rounds and lets the test wait for a number of them (bounded: a broken task fails, never hangs).
class Rounds {
 public:
  void Count() {
    {
      std::lock_guard lock(mutex_);
      ++count_;
    }
    changed_.notify_all();
  }

  bool WaitFor(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, seconds(30), [&] { return count_ >= count; });
  }

  int count() {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;
};

TEST(PeriodicTaskTest, RunsARoundAtOnceAndAgainAfterEachInterval) {
  Rounds rounds;
  PeriodicTask task(milliseconds(1), [&] { rounds.Count(); });
  EXPECT_TRUE(rounds.WaitFor(3));
}

TEST(PeriodicTaskTest, WaitsTheIntervalBetweenRoundsAndStopsWithoutWaitingItOut) {
  Rounds rounds;
  auto task = std::make_unique<PeriodicTask>(hours(1), [&] { rounds.Count(); });
  ASSERT_TRUE(rounds.WaitFor(1));
  task.reset();  // wakes the hour's wait: the test would hang here otherwise
  EXPECT_EQ(rounds.count(), 1);
}

TEST(PeriodicTaskTest, ARoundInProgressFinishesBeforeTheTaskIsGone) {
  Rounds started;
  std::atomic<bool> finished = false;
  auto task = std::make_unique<PeriodicTask>(hours(1), [&] {
    started.Count();
    std::this_thread::sleep_for(milliseconds(50));
    finished = true;
  });
  ASSERT_TRUE(started.WaitFor(1));
  task.reset();
  EXPECT_TRUE(finished);
}

}  // namespace
}  // namespace openmsp
