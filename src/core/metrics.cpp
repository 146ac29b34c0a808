#include "core/metrics.h"

#include <algorithm>
#include <stdexcept>

namespace openmsp {
namespace {

// Microseconds as decimal seconds, without trailing zeros: 2500 → "0.0025", 1000000 → "1".
std::string Seconds(std::int64_t microseconds) {
  std::string text = std::to_string(microseconds / 1'000'000);
  std::int64_t fraction = microseconds % 1'000'000;
  if (fraction == 0) return text;
  std::string digits = std::to_string(fraction);
  digits.insert(0, 6 - digits.size(), '0');
  while (digits.back() == '0') digits.pop_back();
  return text + "." + digits;
}

// A label value escaped as the text format wants: backslash, double quote and newline.
std::string Escaped(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string LabelText(const MetricLabels& labels, std::string_view extra_name = {},
                      std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return "";
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) out += ',';
    out += name + "=\"" + Escaped(value) + "\"";
  }
  if (!extra_name.empty()) {
    if (out.size() > 1) out += ',';
    out += std::string(extra_name) + "=\"" + std::string(extra_value) + "\"";
  }
  return out + "}";
}

}  // namespace

DurationHistogram::DurationHistogram(std::vector<std::int64_t> bounds_microseconds)
    : bounds_(std::move(bounds_microseconds)),
      buckets_(std::make_unique<std::atomic<std::int64_t>[]>(bounds_.size() + 1)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end())) throw std::logic_error("histogram bounds must ascend");
}

void DurationHistogram::Observe(std::chrono::microseconds duration) {
  const std::int64_t micros = duration.count();
  const std::size_t bucket =
      static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), micros) - bounds_.begin());
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(micros, std::memory_order_relaxed);
}

std::int64_t DurationHistogram::CumulativeCount(std::size_t i) const {
  std::int64_t total = 0;
  for (std::size_t k = 0; k <= i && k <= bounds_.size(); ++k)
    total += buckets_[k].load(std::memory_order_relaxed);
  return total;
}

std::vector<std::int64_t> DurationHistogram::DefaultBounds() {
  return {100,    250,     500,     1'000,   2'500,     5'000,     10'000,    25'000,
          50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000, 5'000'000, 10'000'000};
}

MetricsRegistry::Family& MetricsRegistry::FamilyOf(std::string_view name, std::string_view help, Type type) {
  for (const std::unique_ptr<Family>& family : families_) {
    if (family->name != name) continue;
    if (family->type != type)
      throw std::logic_error("metric " + std::string(name) + " registered as another type");
    return *family;
  }
  families_.push_back(std::make_unique<Family>(Family{std::string(name), std::string(help), type, {}}));
  return *families_.back();
}

MetricsRegistry::Series* MetricsRegistry::Find(Family& family, const MetricLabels& labels) {
  for (Series& series : family.series) {
    if (series.labels == labels) return &series;
  }
  return nullptr;
}

Counter& MetricsRegistry::GetCounter(std::string_view name, std::string_view help,
                                     const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyOf(name, help, Type::kCounter);
  if (Series* found = Find(family, labels)) return *found->counter;
  Counter& counter = counters_.emplace_back();
  family.series.push_back(Series{.labels = labels, .counter = &counter, .histogram = nullptr, .read = {}});
  return counter;
}

DurationHistogram& MetricsRegistry::GetHistogram(std::string_view name, std::string_view help,
                                                 const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyOf(name, help, Type::kHistogram);
  if (Series* found = Find(family, labels)) return *found->histogram;
  DurationHistogram& histogram = histograms_.emplace_back(DurationHistogram::DefaultBounds());
  family.series.push_back(Series{.labels = labels, .counter = nullptr, .histogram = &histogram, .read = {}});
  return histogram;
}

void MetricsRegistry::SetGauge(std::string_view name, std::string_view help, const MetricLabels& labels,
                               std::function<std::int64_t()> read) {
  SetReader(name, help, Type::kGauge, labels, std::move(read));
}

void MetricsRegistry::SetCounterReader(std::string_view name, std::string_view help,
                                       const MetricLabels& labels, std::function<std::int64_t()> read) {
  SetReader(name, help, Type::kCounter, labels, std::move(read));
}

void MetricsRegistry::SetReader(std::string_view name, std::string_view help, Type type,
                                const MetricLabels& labels, std::function<std::int64_t()> read) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyOf(name, help, type);
  if (Series* found = Find(family, labels)) {
    if (found->counter != nullptr) throw std::logic_error("metric " + std::string(name) + " is counted here");
    found->read = std::move(read);
    return;
  }
  family.series.push_back(
      Series{.labels = labels, .counter = nullptr, .histogram = nullptr, .read = std::move(read)});
}

std::string MetricsRegistry::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const std::unique_ptr<Family>& family : families_) {
    const char* type = family->type == Type::kCounter ? "counter"
                       : family->type == Type::kGauge ? "gauge"
                                                      : "histogram";
    out += "# HELP " + family->name + " " + family->help + "\n";
    out += "# TYPE " + family->name + " " + type + "\n";
    for (const Series& series : family->series) {
      if (series.counter != nullptr) {
        out += family->name + LabelText(series.labels) + " " + std::to_string(series.counter->value()) + "\n";
      } else if (series.read) {
        out += family->name + LabelText(series.labels) + " " + std::to_string(series.read()) + "\n";
      } else if (series.histogram != nullptr) {
        const DurationHistogram& histogram = *series.histogram;
        for (std::size_t i = 0; i <= histogram.bounds().size(); ++i) {
          const std::string bound = i < histogram.bounds().size() ? Seconds(histogram.bounds()[i]) : "+Inf";
          out += family->name + "_bucket" + LabelText(series.labels, "le", bound) + " " +
                 std::to_string(histogram.CumulativeCount(i)) + "\n";
        }
        out += family->name + "_sum" + LabelText(series.labels) + " " +
               Seconds(histogram.sum_microseconds()) + "\n";
        out += family->name + "_count" + LabelText(series.labels) + " " + std::to_string(histogram.count()) +
               "\n";
      }
    }
  }
  return out;
}

}  // namespace openmsp
