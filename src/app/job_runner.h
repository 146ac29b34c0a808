#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/job.h"
#include "domain/repositories.h"

namespace openmsp::app {

/// What a handler can ask about the attempt it runs.
class JobContext {
 public:
  /// The runner is stopping: a long handler may end early (with an error, so the job is tried again).
  bool stop_requested() const { return stop_requested_.load(); }
  /// A heartbeat found that the job is no longer held by this worker (its lease ran out and another
  /// worker claimed it): whatever the handler does now will not be recorded, so it may as well stop.
  bool lease_lost() const { return lease_lost_.load(); }

 private:
  friend class JobRunner;

  JobContext(const std::atomic<bool>& stop_requested, const std::atomic<bool>& lease_lost)
      : stop_requested_(stop_requested), lease_lost_(lease_lost) {}

  const std::atomic<bool>& stop_requested_;
  const std::atomic<bool>& lease_lost_;
};

/// Does the work of one kind of job. Success completes the job; an error fails the attempt with the
/// error's text (retried with backoff, dead after its last attempt); an exception is a failure too. A
/// handler may run more than once for one job (delivery is at least once), so it must be idempotent.
using JobHandler = std::function<Result<void>(const domain::Job& job, const JobContext& context)>;

/// Opens a job queue on a connection of its own: one per worker thread (`store::OpenJobQueue`).
using JobQueueOpener = std::function<Result<std::unique_ptr<domain::JobQueue>>()>;

/// How a node runs its workers.
struct JobRunnerOptions {
  /// Names this node among those sharing the queue (host name, pod name); worker `i` claims as
  /// `<node_id>/<i>`, so it must be unique across nodes.
  std::string node_id = "node";
  /// Worker threads, each with its own connection: 1 to 64.
  int workers = 2;
  /// How many jobs a worker claims at once (1 to 100); the ones it has not started when the runner
  /// stops are released.
  int batch = 1;
  /// How long a claim holds a job without a heartbeat: after this a dead node's jobs go to others.
  Duration lease = std::chrono::seconds(60);
  /// How often the heartbeat extends the leases of running jobs (shorter than `lease`).
  Duration heartbeat_interval = std::chrono::seconds(20);
  /// A job running longer than this (by the clock) gets no more heartbeats, so a hung handler's job
  /// goes to another worker once its lease runs out.
  Duration max_run_time = std::chrono::hours(1);
  /// How long an idle worker waits before it claims again.
  Duration idle_poll = std::chrono::seconds(1);
  /// How long a worker waits after the queue failed (database unreachable) before it tries again.
  Duration error_pause = std::chrono::seconds(5);
};

/// What the runner has done so far: for metrics and tests.
struct JobRunnerStats {
  std::int64_t claimed = 0;
  std::int64_t succeeded = 0;
  /// Attempts that failed (the handler's error or exception).
  std::int64_t failed = 0;
  /// Completions or failures the queue refused because the lease had been lost.
  std::int64_t refused = 0;
  /// Calls to the queue that failed (database errors).
  std::int64_t queue_errors = 0;
};

/// The background workers of one node: `workers` threads, each claiming jobs of the registered kinds
/// from the shared queue, running the kind's handler and completing or failing the job, plus one
/// heartbeat thread extending the leases of the jobs running. Every node runs one; the queue makes sure
/// each job goes to one worker at a time, and a dead node's jobs are claimed by the others once their
/// leases run out.
///
/// Instants come from the injected `Clock`; waiting between polls uses the steady clock of the thread
/// library (it reads no time of day).
class JobRunner {
 public:
  /// `clock` and whatever `open_queue` uses must outlive the runner.
  JobRunner(const Clock& clock, JobQueueOpener open_queue, JobRunnerOptions options);
  /// Stops, as `Stop` does.
  ~JobRunner();

  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  /// Registers the handler of `kind` (a valid job kind, registered once), before `Start`.
  /// kInvalidArgument naming `kind`, kAlreadyExists naming `kind`, kFailedPrecondition once started.
  Result<void> Register(std::string kind, JobHandler handler);

  /// Checks the options (kInvalidArgument naming the option), opens one queue per worker and one for
  /// the heartbeat, and starts the threads. When a queue cannot be opened nothing is started and the
  /// error is returned. kFailedPrecondition when no handler is registered or it was started before.
  Result<void> Start();

  /// Graceful stop: no new claims; each worker finishes the job it is running (handlers see
  /// `stop_requested`) and releases the claimed jobs it has not started; then the heartbeat stops.
  /// Returns when every thread has ended. Safe to call more than once.
  void Stop();

  JobRunnerStats stats() const;

 private:
  struct Running {
    std::string worker_id;
    Instant started;
    std::atomic<bool> lease_lost{false};
  };

  void Work(int index, std::unique_ptr<domain::JobQueue> queue);
  void RunOne(domain::JobQueue& queue, const std::string& worker_id, const domain::Job& job);
  void Heartbeat(std::unique_ptr<domain::JobQueue> queue);
  /// Waits `duration` or until `stop` is set; false when stopping.
  bool Pause(Duration duration, const std::atomic<bool>& stop);

  const Clock& clock_;
  JobQueueOpener open_queue_;
  JobRunnerOptions options_;
  std::map<std::string, JobHandler> handlers_;
  std::vector<std::string> kinds_;

  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> heartbeat_stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::int64_t, std::shared_ptr<Running>> running_;  // guarded by mutex_
  std::vector<std::thread> workers_;
  std::thread heartbeat_;

  std::atomic<std::int64_t> claimed_{0};
  std::atomic<std::int64_t> succeeded_{0};
  std::atomic<std::int64_t> failed_{0};
  std::atomic<std::int64_t> refused_{0};
  std::atomic<std::int64_t> queue_errors_{0};
};

}  // namespace openmsp::app
