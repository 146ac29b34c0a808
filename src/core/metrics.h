#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace openmsp {

/// A metric's labels, e.g. `{{"route", "/ocpi/cdrs"}, {"status", "2xx"}}`, in the order they are shown.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

/// A count that only goes up (a Prometheus counter). Lock-free; safe from any thread.
class Counter {
 public:
  void Increment(std::int64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// How long things took, counted in buckets (a Prometheus histogram of seconds). Bounds are whole
/// microseconds, so no floating point is involved; they are shown as decimal seconds. Lock-free.
class DurationHistogram {
 public:
  /// Upper bounds in microseconds, ascending; an implicit `+Inf` bucket follows.
  explicit DurationHistogram(std::vector<std::int64_t> bounds_microseconds);

  void Observe(std::chrono::microseconds duration);

  const std::vector<std::int64_t>& bounds() const { return bounds_; }
  /// Observations at or below `bounds()[i]` (cumulative, as Prometheus shows them); `i == bounds().size()`
  /// is every observation.
  std::int64_t CumulativeCount(std::size_t i) const;
  std::int64_t count() const { return count_.load(std::memory_order_relaxed); }
  std::int64_t sum_microseconds() const { return sum_.load(std::memory_order_relaxed); }

  /// 100 µs to 10 s: what HTTP requests and jobs take.
  static std::vector<std::int64_t> DefaultBounds();

 private:
  std::vector<std::int64_t> bounds_;
  std::unique_ptr<std::atomic<std::int64_t>[]> buckets_;  // not cumulative
  std::atomic<std::int64_t> count_{0};
  std::atomic<std::int64_t> sum_{0};
};

/// The metrics one process exposes at `/metrics`, in the Prometheus text format (version 0.0.4).
///
/// A metric is found or made by name and labels (`GetCounter`): the first call creates it, later ones
/// return the same object, which callers may keep — a hot path looks it up once. Gauges are read when
/// rendered, from a function the owner of the value registers. Names follow Prometheus
/// (`openmsp_http_requests_total`); a name is one type, and its help is the first one given. Thread-safe.
class MetricsRegistry {
 public:
  Counter& GetCounter(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  DurationHistogram& GetHistogram(std::string_view name, std::string_view help,
                                  const MetricLabels& labels = {});
  /// Shows `read()`'s value under `name` and `labels` at every `Render`; registering the same name and
  /// labels again replaces the function. `read` must stay callable for the registry's lifetime.
  void SetGauge(std::string_view name, std::string_view help, const MetricLabels& labels,
                std::function<std::int64_t()> read);
  /// As `SetGauge`, for a count that only goes up and is kept elsewhere (e.g. a component's own stats):
  /// shown as a counter.
  void SetCounterReader(std::string_view name, std::string_view help, const MetricLabels& labels,
                        std::function<std::int64_t()> read);

  /// Every metric, families in the order first registered, as `text/plain; version=0.0.4`.
  std::string Render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series {
    MetricLabels labels;
    Counter* counter = nullptr;
    DurationHistogram* histogram = nullptr;
    std::function<std::int64_t()> read;  // a gauge, or a counter kept elsewhere
  };
  struct Family {
    std::string name;
    std::string help;
    Type type = Type::kCounter;
    std::vector<Series> series;
  };

  Family& FamilyOf(std::string_view name, std::string_view help, Type type);
  static Series* Find(Family& family, const MetricLabels& labels);
  void SetReader(std::string_view name, std::string_view help, Type type, const MetricLabels& labels,
                 std::function<std::int64_t()> read);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_;
  std::deque<Counter> counters_;  // stable addresses
  std::deque<DurationHistogram> histograms_;
};

}  // namespace openmsp
