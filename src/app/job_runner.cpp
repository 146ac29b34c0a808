#include "app/job_runner.h"

#include <exception>
#include <utility>

namespace openmsp::app {
namespace {

constexpr int kMaxWorkers = 64;
constexpr int kMaxBatch = 100;

Result<void> CheckOptions(const JobRunnerOptions& options) {
  for (int i : {0, kMaxWorkers - 1}) {
    OPENMSP_RETURN_IF_ERROR(domain::ValidateJobWorkerId(options.node_id + "/" + std::to_string(i)));
  }
  if (options.workers < 1 || options.workers > kMaxWorkers) {
    return InvalidArgument("workers", "must be 1 to 64, not " + std::to_string(options.workers));
  }
  if (options.batch < 1 || options.batch > kMaxBatch) {
    return InvalidArgument("batch", "must be 1 to 100, not " + std::to_string(options.batch));
  }
  if (options.lease <= Duration::zero()) return InvalidArgument("lease", "must be longer than 0");
  if (options.heartbeat_interval <= Duration::zero() || options.heartbeat_interval >= options.lease) {
    return InvalidArgument("heartbeat_interval", "must be longer than 0 and shorter than the lease");
  }
  if (options.max_run_time <= Duration::zero())
    return InvalidArgument("max_run_time", "must be longer than 0");
  if (options.idle_poll <= Duration::zero()) return InvalidArgument("idle_poll", "must be longer than 0");
  if (options.error_pause <= Duration::zero()) return InvalidArgument("error_pause", "must be longer than 0");
  return Ok();
}

}  // namespace

JobRunner::JobRunner(const Clock& clock, JobQueueOpener open_queue, JobRunnerOptions options)
    : clock_(clock), open_queue_(std::move(open_queue)), options_(std::move(options)) {}

JobRunner::~JobRunner() { Stop(); }

Result<void> JobRunner::Register(std::string kind, JobHandler handler) {
  if (started_) return Error{ErrorCode::kFailedPrecondition, "kind", "register handlers before Start"};
  if (Result<void> valid = domain::ValidateJobKind(kind); !valid) return valid.error().Nested("kind");
  if (!handler) return InvalidArgument("handler", "must not be empty");
  if (handlers_.contains(kind)) {
    return Error{ErrorCode::kAlreadyExists, "kind", "a handler of " + kind + " is registered already"};
  }
  kinds_.push_back(kind);
  handlers_.emplace(std::move(kind), std::move(handler));
  return Ok();
}

Result<void> JobRunner::Start() {
  if (started_) return Error{ErrorCode::kFailedPrecondition, "", "the job runner was started before"};
  if (handlers_.empty()) return Error{ErrorCode::kFailedPrecondition, "kind", "no handler is registered"};
  OPENMSP_RETURN_IF_ERROR(CheckOptions(options_));
  std::vector<std::unique_ptr<domain::JobQueue>> queues;
  for (int i = 0; i <= options_.workers; ++i) {
    OPENMSP_ASSIGN_OR_RETURN(std::unique_ptr<domain::JobQueue> queue, open_queue_());
    queues.push_back(std::move(queue));
  }
  started_ = true;
  heartbeat_ = std::thread(&JobRunner::Heartbeat, this, std::move(queues.back()));
  for (int i = 0; i < options_.workers; ++i) {
    workers_.emplace_back(&JobRunner::Work, this, i, std::move(queues[static_cast<std::size_t>(i)]));
  }
  return Ok();
}

void JobRunner::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  {
    std::lock_guard lock(mutex_);
    heartbeat_stopping_ = true;
  }
  wake_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

JobRunnerStats JobRunner::stats() const {
  return JobRunnerStats{.claimed = claimed_.load(),
                        .succeeded = succeeded_.load(),
                        .failed = failed_.load(),
                        .refused = refused_.load(),
                        .queue_errors = queue_errors_.load()};
}

bool JobRunner::Pause(Duration duration, const std::atomic<bool>& stop) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, duration, [&] { return stop.load(); });
}

void JobRunner::Work(int index, std::unique_ptr<domain::JobQueue> queue) {
  const std::string worker_id = options_.node_id + "/" + std::to_string(index);
  while (!stopping_) {
    Result<std::vector<domain::Job>> claimed =
        queue->Claim(worker_id, kinds_, clock_.Now(), options_.lease, options_.batch);
    if (!claimed) {
      ++queue_errors_;
      Pause(options_.error_pause, stopping_);
      continue;
    }
    if (claimed->empty()) {
      Pause(options_.idle_poll, stopping_);
      continue;
    }
    claimed_ += static_cast<std::int64_t>(claimed->size());
    for (const domain::Job& job : *claimed) {
      if (stopping_) {
        // Not started: give it back so another node takes it at once, not after the lease.
        Result<domain::Job> released = queue->Release(job.id, worker_id, clock_.Now());
        if (!released) ++queue_errors_;
        continue;
      }
      RunOne(*queue, worker_id, job);
    }
  }
}

void JobRunner::RunOne(domain::JobQueue& queue, const std::string& worker_id, const domain::Job& job) {
  auto running = std::make_shared<Running>();
  running->worker_id = worker_id;
  running->started = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    running_[job.id.value] = running;
  }
  JobContext context(stopping_, running->lease_lost);
  Result<void> outcome = Ok();
  try {
    outcome = handlers_.at(job.kind)(job, context);
  } catch (const std::exception& exception) {
    outcome = Error{ErrorCode::kInternal, "", std::string("the handler threw: ") + exception.what()};
  } catch (...) {
    outcome = Error{ErrorCode::kInternal, "", "the handler threw something that is not a std::exception"};
  }
  {
    std::lock_guard lock(mutex_);
    running_.erase(job.id.value);
  }
  if (!outcome.ok()) ++failed_;
  Result<domain::Job> recorded =
      outcome.ok() ? queue.Complete(job.id, worker_id, clock_.Now())
                   : queue.Fail(job.id, worker_id, outcome.error().ToString(), clock_.Now());
  if (recorded) {
    if (outcome.ok()) ++succeeded_;
  } else if (recorded.error().code == ErrorCode::kFailedPrecondition) {
    ++refused_;
  } else {
    ++queue_errors_;  // the lease runs out and the job is tried again
  }
}

void JobRunner::Heartbeat(std::unique_ptr<domain::JobQueue> queue) {
  while (Pause(options_.heartbeat_interval, heartbeat_stopping_)) {
    std::vector<std::pair<std::int64_t, std::shared_ptr<Running>>> running;
    {
      std::lock_guard lock(mutex_);
      running.assign(running_.begin(), running_.end());
    }
    for (const auto& [id, job] : running) {
      Instant now = clock_.Now();
      if (job->lease_lost || now - job->started > options_.max_run_time) continue;
      Result<domain::Job> extended =
          queue->ExtendLease(domain::JobId{id}, job->worker_id, now, options_.lease);
      if (!extended) {
        if (extended.error().code == ErrorCode::kFailedPrecondition) {
          // Also when the job finished between the copy above and now: nobody reads the flag then.
          job->lease_lost = true;
        } else {
          ++queue_errors_;
        }
      }
    }
  }
}

}  // namespace openmsp::app
