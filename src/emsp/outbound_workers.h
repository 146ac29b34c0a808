#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace openmsp::emsp {

/// Threads of their own for work that waits on a peer: a handler that must call a peer back before it can
/// answer (the credentials POST fetches the peer's versions, §4.3) hands the call here and returns, so
/// the HTTP I/O thread goes on serving other requests meanwhile — including the peer's own requests, or
/// ours when the peer is this very server (two tenants of one OpenMSP connecting to each other).
///
/// A fixed number of threads takes tasks in order from a bounded queue. Thread-safe.
class OutboundWorkers {
 public:
  /// Starts `threads` (≥ 1) threads; at most `max_waiting` tasks wait for one.
  OutboundWorkers(unsigned threads, std::size_t max_waiting);
  /// Drops the tasks still waiting (destroying them unrun: an HTTP responder they hold answers 500),
  /// waits for the running ones to finish, and joins the threads.
  ~OutboundWorkers();
  OutboundWorkers(const OutboundWorkers&) = delete;
  OutboundWorkers& operator=(const OutboundWorkers&) = delete;

  /// Queues `task` for the next free thread. False (and `task` is not kept) when `max_waiting` tasks wait
  /// already or the workers are stopping: the caller answers "try later" rather than queue without bound.
  bool Post(std::function<void()> task);

 private:
  void Work();

  const std::size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> waiting_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace openmsp::emsp
