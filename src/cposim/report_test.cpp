#include "cposim/report.h"

#include <gtest/gtest.h>

namespace openmsp::cposim {
namespace {

TEST(ReportTest, PercentilesAreNearestRankInWholeMicroseconds) {
  std::vector<std::int64_t> samples;
  for (std::int64_t i = 1000; i >= 1; --i) samples.push_back(i);  // 1..1000, reversed
  const LatencySummary summary = Summarize(samples);
  EXPECT_EQ(summary.count, 1000);
  EXPECT_EQ(summary.p50, 500);
  EXPECT_EQ(summary.p90, 900);
  EXPECT_EQ(summary.p99, 990);
  EXPECT_EQ(summary.p999, 999);
  EXPECT_EQ(summary.max, 1000);

  const LatencySummary few = Summarize({30, 10, 20});
  EXPECT_EQ(few.p50, 20);  // ceil(0.5 × 3) = 2nd
  EXPECT_EQ(few.p99, 30);
  EXPECT_EQ(Summarize({}).max, 0);
}

TEST(ReportTest, TheJsonCarriesTheCountersAndTheLatency) {
  Report report;
  report.cdrs_sent = 3;
  report.cdrs_acknowledged = 2;
  report.RecordLatency(1500);
  report.RecordLatency(500);
  const boost::json::object json = report.ToJson();
  EXPECT_EQ(json.at("cdrs_sent").as_int64(), 3);
  EXPECT_EQ(json.at("cdrs_acknowledged").as_int64(), 2);
  EXPECT_EQ(json.at("latency_us").at("p50").as_int64(), 500);
  EXPECT_EQ(json.at("latency_us").at("max").as_int64(), 1500);
}

}  // namespace
}  // namespace openmsp::cposim
