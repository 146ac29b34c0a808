#include "core/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace openmsp {
namespace {

using std::chrono::microseconds;

TEST(MetricsRegistryTest, RendersCountersAndGaugesInThePrometheusTextFormat) {
  MetricsRegistry registry;
  Counter& ok = registry.GetCounter("openmsp_http_requests_total", "HTTP requests answered",
                                    {{"route", "/healthz"}, {"status", "2xx"}});
  ok.Increment();
  ok.Increment(2);
  registry
      .GetCounter("openmsp_http_requests_total", "ignored: the first help stays",
                  {{"route", "/x\"y"}, {"status", "4xx"}})
      .Increment();
  EXPECT_EQ(
      &registry.GetCounter("openmsp_http_requests_total", "", {{"route", "/healthz"}, {"status", "2xx"}}),
      &ok);
  std::int64_t waiting = 7;
  registry.SetGauge("openmsp_jobs_waiting", "Jobs queued", {}, [&waiting] { return waiting; });
  waiting = 9;  // read when rendered
  registry.SetCounterReader("openmsp_jobs_succeeded_total", "Jobs succeeded", {},
                            [] { return std::int64_t{4}; });
  EXPECT_EQ(registry.Render(),
            "# HELP openmsp_http_requests_total HTTP requests answered\n"
            "# TYPE openmsp_http_requests_total counter\n"
            "openmsp_http_requests_total{route=\"/healthz\",status=\"2xx\"} 3\n"
            "openmsp_http_requests_total{route=\"/x\\\"y\",status=\"4xx\"} 1\n"
            "# HELP openmsp_jobs_waiting Jobs queued\n"
            "# TYPE openmsp_jobs_waiting gauge\n"
            "openmsp_jobs_waiting 9\n"
            "# HELP openmsp_jobs_succeeded_total Jobs succeeded\n"
            "# TYPE openmsp_jobs_succeeded_total counter\n"
            "openmsp_jobs_succeeded_total 4\n");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeAndShownInSeconds) {
  DurationHistogram histogram({1'000, 2'500, 1'000'000});
  histogram.Observe(microseconds(1'000));  // on a bound: counted in it
  histogram.Observe(microseconds(1'001));
  histogram.Observe(microseconds(3'000'000));
  EXPECT_EQ(histogram.CumulativeCount(0), 1);
  EXPECT_EQ(histogram.CumulativeCount(1), 2);
  EXPECT_EQ(histogram.CumulativeCount(2), 2);
  EXPECT_EQ(histogram.CumulativeCount(3), 3);
  EXPECT_EQ(histogram.sum_microseconds(), 3'002'001);

  MetricsRegistry registry;
  registry.GetHistogram("openmsp_job_seconds", "Job run time", {{"kind", "cdr.rate"}})
      .Observe(microseconds(2'400));
  const std::string text = registry.Render();
  EXPECT_NE(text.find("# TYPE openmsp_job_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("openmsp_job_seconds_bucket{kind=\"cdr.rate\",le=\"0.001\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("openmsp_job_seconds_bucket{kind=\"cdr.rate\",le=\"0.0025\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("openmsp_job_seconds_bucket{kind=\"cdr.rate\",le=\"+Inf\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("openmsp_job_seconds_sum{kind=\"cdr.rate\"} 0.0024\n"), std::string::npos);
  EXPECT_NE(text.find("openmsp_job_seconds_count{kind=\"cdr.rate\"} 1\n"), std::string::npos);
}

TEST(MetricsRegistryTest, ANameIsOneType) {
  MetricsRegistry registry;
  registry.GetCounter("openmsp_things", "things");
  EXPECT_THROW(registry.GetHistogram("openmsp_things", "things"), std::logic_error);
}

TEST(MetricsRegistryTest, CountsFromManyThreadsAddUp) {
  MetricsRegistry registry;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&registry] {
      for (int i = 0; i < 10'000; ++i) {
        registry.GetCounter("openmsp_hits_total", "hits").Increment();
        registry.GetHistogram("openmsp_hit_seconds", "hit time").Observe(microseconds(i));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(registry.GetCounter("openmsp_hits_total", "hits").value(), 40'000);
  EXPECT_EQ(registry.GetHistogram("openmsp_hit_seconds", "hit time").count(), 40'000);
}

}  // namespace
}  // namespace openmsp
