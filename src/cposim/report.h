#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

/// What a run of the CPO simulator did, counted as it goes and printed at the end (`openmsp cpo-sim`
/// writes `ReportJson` to stdout).
namespace openmsp::cposim {

/// Latency percentiles of a set of requests, in whole microseconds (nearest-rank: the p-th percentile is
/// the smallest sample that at least p % of the samples do not exceed). All zero without samples.
struct LatencySummary {
  std::int64_t count = 0;
  std::int64_t p50 = 0;
  std::int64_t p90 = 0;
  std::int64_t p99 = 0;
  std::int64_t p999 = 0;
  std::int64_t max = 0;
};

/// The summary of `samples` (microseconds, any order).
LatencySummary Summarize(std::vector<std::int64_t> samples);

/// The counters of one run. Thread-safe: the load workers and the server's threads count at once.
struct Report {
  std::atomic<std::int64_t> locations_pushed{0};
  std::atomic<std::int64_t> tariffs_pushed{0};
  std::atomic<std::int64_t> push_failures{0};
  std::atomic<std::int64_t> tokens_learnt{0};        ///< distinct tokens, pulled or pushed to us
  std::atomic<std::int64_t> tokens_pushed_to_us{0};  ///< PUT/PATCH received by our tokens receiver
  std::atomic<std::int64_t> authorizations_allowed{0};
  std::atomic<std::int64_t> authorizations_refused{0};  ///< not ALLOWED, or 404 unknown token
  std::atomic<std::int64_t> sessions_started{0};
  std::atomic<std::int64_t> sessions_completed{0};
  std::atomic<std::int64_t> cdrs_sent{0};
  std::atomic<std::int64_t> cdrs_acknowledged{0};  ///< 201, or 200 (stored before), with 1000
  std::atomic<std::int64_t> cdrs_failed{0};        ///< any other answer, or none
  std::atomic<std::int64_t> cdrs_skipped{0};       ///< the load's bounded queue was full: not sent
  std::atomic<std::int64_t> duplicates_sent{0};
  std::atomic<std::int64_t> duplicates_acknowledged{0};  ///< answered 200 with 1000, as a duplicate must be
  std::atomic<std::int64_t> credits_sent{0};
  std::atomic<std::int64_t> credits_acknowledged{0};
  std::atomic<std::int64_t> malformed_sent{0};
  std::atomic<std::int64_t> malformed_refused{0};  ///< answered 400 with 2001, as it must be
  std::atomic<std::int64_t> commands_received{0};
  std::atomic<std::int64_t> command_results_posted{0};
  std::atomic<std::int64_t> command_results_failed{0};
  std::atomic<std::int64_t> faults_slow{0};
  std::atomic<std::int64_t> faults_500{0};
  std::atomic<std::int64_t> faults_malformed_answers{0};

  /// Records the latency of one CDR POST (new CDRs only).
  void RecordLatency(std::int64_t microseconds);
  LatencySummary Latency() const;

  /// Every counter and the latency summary (`latency_us`) as one JSON object.
  boost::json::object ToJson() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::int64_t> latencies_;
};

}  // namespace openmsp::cposim
