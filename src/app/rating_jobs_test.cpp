// The rating jobs on a real SQLite database: queued once however often asked, run by the job runner,
// and queued for every tenant by the sweep.

#include "app/rating_jobs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/cpo_cdr_samples.h"
#include "support/temp_directory.h"

namespace openmsp::app {
namespace {

using std::chrono::milliseconds;

Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }

bool Eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return condition();
}

store::Repositories OpenMigrated(const store::DatabaseUrl& url, const Clock& clock) {
  (void)store::OpenAndMigrate(url).value();
  return store::Repositories::Open(url, clock).value();
}

class RatingJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* slug : {"alpha", "beta"}) {
      const PartyId party = PartyId::Parse(std::string("NL-") + (slug[0] == 'a' ? "AAA" : "BBB")).value();
      tenants_.push_back(repositories_.tenants()
                             .Create(domain::NewTenant{.slug = slug,
                                                       .name = slug,
                                                       .default_currency = Currency::Find("EUR").value(),
                                                       .parties = {party}})
                             .value()
                             .id);
    }
  }

  // Two CDRs of a token the tenant does not know: rating stores them as needing attention.
  void Ingest(domain::TenantId tenant, const std::string& prefix) {
    auto ingestor = store::CpoCdrIngestor::Open(url_, clock_).value();
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(
          ingestor->Ingest(test::SampleCpoCdr({.tenant_id = tenant, .cdr_id = prefix + std::to_string(i)})));
    }
  }

  std::size_t MspCdrsOf(domain::TenantId tenant) {
    return repositories_.msp_cdrs().List(tenant, domain::MspCdrQuery{}).value().size();
  }

  JobRunner Runner() {
    return JobRunner(
        clock_, [url = url_] { return store::OpenJobQueue(url); },
        JobRunnerOptions{.node_id = "test", .workers = 1, .idle_poll = milliseconds(10)});
  }

  ManualClock clock_{At("2026-02-01T00:00:00Z")};  // a month after the sample CDRs
  test::TempDirectory directory_{"openmsp_rating_jobs"};
  store::DatabaseUrl url_ = store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  store::Repositories repositories_ = OpenMigrated(url_, clock_);
  std::vector<domain::TenantId> tenants_;
};

TEST_F(RatingJobsTest, QueueingTwiceMakesOneJob) {
  ASSERT_TRUE(QueueRatingJob(repositories_.jobs(), kRateCdrsJob, tenants_[0], clock_.Now()));
  ASSERT_TRUE(QueueRatingJob(repositories_.jobs(), kRateCdrsJob, tenants_[0], clock_.Now()));
  ASSERT_TRUE(QueueRatingJob(repositories_.jobs(), kRerateHeldCdrsJob, tenants_[0], clock_.Now()));
  std::vector<domain::Job> queued =
      repositories_.jobs()
          .List(domain::JobScope::OfTenant(tenants_[0]), domain::JobState::kQueued, 10)
          .value();
  ASSERT_EQ(queued.size(), 2u);
  std::sort(queued.begin(), queued.end(),
            [](const domain::Job& a, const domain::Job& b) { return a.kind < b.kind; });
  EXPECT_EQ(queued[0].kind, kRateCdrsJob);
  EXPECT_EQ(queued[1].kind, kRerateHeldCdrsJob);
}

TEST_F(RatingJobsTest, TheRunnerRatesTheQueuedTenantOnly) {
  Ingest(tenants_[0], "A-");
  Ingest(tenants_[1], "B-");
  JobRunner runner = Runner();
  ASSERT_TRUE(RegisterRatingJobs(runner, url_, clock_));
  ASSERT_TRUE(runner.Start());
  ASSERT_TRUE(QueueRatingJob(repositories_.jobs(), kRateCdrsJob, tenants_[0], clock_.Now()));
  ASSERT_TRUE(Eventually([&] { return runner.stats().succeeded == 1; }));
  runner.Stop();
  EXPECT_EQ(MspCdrsOf(tenants_[0]), 2u);
  EXPECT_EQ(MspCdrsOf(tenants_[1]), 0u);
  const domain::MspCdr held =
      repositories_.msp_cdrs().List(tenants_[0], domain::MspCdrQuery{}).value().front();
  EXPECT_EQ(held.rating.attention, domain::AttentionReason::kUnknownToken);
}

TEST_F(RatingJobsTest, TheSweepQueuesRatingForEveryTenant) {
  Ingest(tenants_[0], "A-");
  Ingest(tenants_[1], "B-");
  JobRunner runner = Runner();
  ASSERT_TRUE(RegisterRatingJobs(runner, url_, clock_));
  ASSERT_TRUE(runner.Start());
  {
    const RatingSweep sweep(
        url_, clock_, RatingSweepIntervals{.rate = milliseconds(50), .rerate_held = std::chrono::hours(1)});
    EXPECT_TRUE(Eventually([&] { return MspCdrsOf(tenants_[0]) == 2 && MspCdrsOf(tenants_[1]) == 2; }));
  }
  runner.Stop();
}

}  // namespace
}  // namespace openmsp::app
