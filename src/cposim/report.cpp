#include "cposim/report.h"

#include <algorithm>

namespace openmsp::cposim {
namespace {

std::int64_t Rank(const std::vector<std::int64_t>& sorted, std::int64_t per_mille) {
  // Nearest rank: ceil(p × n), 1-based.
  const auto n = static_cast<std::int64_t>(sorted.size());
  std::int64_t rank = (per_mille * n + 999) / 1000;
  rank = std::clamp<std::int64_t>(rank, 1, n);
  return sorted[static_cast<std::size_t>(rank - 1)];
}

}  // namespace

LatencySummary Summarize(std::vector<std::int64_t> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  return LatencySummary{.count = static_cast<std::int64_t>(samples.size()),
                        .p50 = Rank(samples, 500),
                        .p90 = Rank(samples, 900),
                        .p99 = Rank(samples, 990),
                        .p999 = Rank(samples, 999),
                        .max = samples.back()};
}

void Report::RecordLatency(std::int64_t microseconds) {
  std::lock_guard lock(mutex_);
  latencies_.push_back(microseconds);
}

LatencySummary Report::Latency() const {
  std::lock_guard lock(mutex_);
  return Summarize(latencies_);
}

boost::json::object Report::ToJson() const {
  const LatencySummary latency = Latency();
  return boost::json::object{{"locations_pushed", locations_pushed.load()},
                             {"tariffs_pushed", tariffs_pushed.load()},
                             {"push_failures", push_failures.load()},
                             {"tokens_learnt", tokens_learnt.load()},
                             {"tokens_pushed_to_us", tokens_pushed_to_us.load()},
                             {"authorizations_allowed", authorizations_allowed.load()},
                             {"authorizations_refused", authorizations_refused.load()},
                             {"sessions_started", sessions_started.load()},
                             {"sessions_completed", sessions_completed.load()},
                             {"cdrs_sent", cdrs_sent.load()},
                             {"cdrs_acknowledged", cdrs_acknowledged.load()},
                             {"cdrs_failed", cdrs_failed.load()},
                             {"cdrs_skipped", cdrs_skipped.load()},
                             {"duplicates_sent", duplicates_sent.load()},
                             {"duplicates_acknowledged", duplicates_acknowledged.load()},
                             {"credits_sent", credits_sent.load()},
                             {"credits_acknowledged", credits_acknowledged.load()},
                             {"malformed_sent", malformed_sent.load()},
                             {"malformed_refused", malformed_refused.load()},
                             {"commands_received", commands_received.load()},
                             {"command_results_posted", command_results_posted.load()},
                             {"command_results_failed", command_results_failed.load()},
                             {"faults_slow", faults_slow.load()},
                             {"faults_500", faults_500.load()},
                             {"faults_malformed_answers", faults_malformed_answers.load()},
                             {"latency_us", boost::json::object{{"count", latency.count},
                                                                {"p50", latency.p50},
                                                                {"p90", latency.p90},
                                                                {"p99", latency.p99},
                                                                {"p999", latency.p999},
                                                                {"max", latency.max}}}};
}

}  // namespace openmsp::cposim
