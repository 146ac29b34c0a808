// The billing run job and the monthly schedule on a real SQLite database: on the 1st of a month the run of
// the month that ended is queued for every tenant whose run is not complete, once; the job runner bills it
// and audits it.

#include "app/billing_jobs.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "billing/billing_job.h"
#include "billing/billing_run.h"
#include "core/clock.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/billing_world.h"
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

class BillingJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    (void)store::OpenAndMigrate(url_).value();
    repositories_.emplace(store::Repositories::Open(url_, clock_).value());
    alpha_ = test::MakeBillingWorld(*repositories_, "alpha", "NL-ALP", At("2026-01-01T00:00:00Z"));
    beta_ = test::MakeBillingWorld(*repositories_, "beta", "NL-BET", At("2026-01-01T00:00:00Z"));
    auto ingestor = store::CpoCdrIngestor::Open(url_, clock_).value();
    for (const test::BillingWorld* world : {&alpha_, &beta_}) {
      test::RecordRated(*repositories_, *ingestor, *world, world->party + "-F1", At("2026-10-03T08:00:00Z"),
                        test::Customer::kFleet);
    }
  }

  std::vector<domain::Job> Queued(domain::TenantId tenant) {
    return repositories_->jobs().List(domain::JobScope::OfTenant(tenant), domain::JobState::kQueued, 10).value();
  }

  bool Complete(domain::TenantId tenant, domain::BillingPeriod period) {
    const std::optional<domain::BillingRunSummary> run = repositories_->billing_runs().FindRun(tenant, period).value();
    return run && run->run.completed_at;
  }

  ManualClock clock_{At("2026-11-01T00:05:00Z")};
  test::TempDirectory directory_{"openmsp_billing_jobs"};
  store::DatabaseUrl url_ = store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  std::optional<store::Repositories> repositories_;
  test::BillingWorld alpha_{}, beta_{};
};

TEST_F(BillingJobsTest, OnTheFirstTheMonthThatEndedIsQueuedForEveryTenantNotBilledOnce) {
  // Alpha billed October by hand already: never again.
  ASSERT_TRUE(billing::RunBilling(billing::BillingStoresOf(*repositories_), alpha_.tenant, {2026, 10}));
  EXPECT_EQ(QueueMonthlyBillingRuns(*repositories_, clock_.Now()).value(), 1);
  EXPECT_TRUE(Queued(alpha_.tenant).empty());
  const std::vector<domain::Job> queued = Queued(beta_.tenant);
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].kind, billing::kBillingRunJob);
  const billing::BillingRunRequest request = billing::BillingRunRequestOf(queued[0]).value();
  EXPECT_EQ(request.period, (domain::BillingPeriod{2026, 10}));
  EXPECT_FALSE(request.requested_by);
  // Later rounds of the same day queue nothing more; the 2nd and the last day of a month nothing at all.
  EXPECT_EQ(QueueMonthlyBillingRuns(*repositories_, At("2026-11-01T23:59:59Z")).value(), 0);
  EXPECT_EQ(QueueMonthlyBillingRuns(*repositories_, At("2026-11-02T00:00:00Z")).value(), 0);
  EXPECT_EQ(QueueMonthlyBillingRuns(*repositories_, At("2026-10-31T23:59:59Z")).value(), 0);
  EXPECT_EQ(Queued(beta_.tenant).size(), 1u);
  // January's 1st bills December of the year before.
  EXPECT_EQ(QueueMonthlyBillingRuns(*repositories_, At("2027-01-01T00:00:00Z")).value(), 2);
  EXPECT_TRUE(billing::PendingBillingRun(repositories_->jobs(), alpha_.tenant, {2026, 12}).value());
}

TEST_F(BillingJobsTest, TheRunnerBillsTheQueuedMonthAndTheScheduleQueuesIt) {
  JobRunner runner(
      clock_, [url = url_] { return store::OpenJobQueue(url); },
      JobRunnerOptions{.node_id = "test", .workers = 1, .idle_poll = milliseconds(10)});
  ASSERT_TRUE(RegisterBillingJobs(runner, url_, clock_));
  ASSERT_TRUE(runner.Start());
  {
    const BillingSchedule schedule(url_, clock_, milliseconds(50));
    EXPECT_TRUE(Eventually([&] { return Complete(alpha_.tenant, {2026, 10}) && Complete(beta_.tenant, {2026, 10}); }));
  }
  EXPECT_TRUE(Eventually([&] { return runner.stats().succeeded == 2; }));
  runner.Stop();
  EXPECT_EQ(runner.stats().failed, 0);
  // Each tenant's fleet got its invoice, audited as the schedule's.
  for (const test::BillingWorld* world : {&alpha_, &beta_}) {
    EXPECT_EQ(repositories_->billing_runs().FindRun(world->tenant, {2026, 10}).value()->invoices, 1);
    domain::AuditFilter runs;
    runs.action = "billing_run.run";
    const domain::AuditPage log = repositories_->audit_log().List(world->tenant, runs, 10, std::nullopt).value();
    ASSERT_EQ(log.entries.size(), 1u);
    EXPECT_EQ(log.entries[0].actor, domain::AuditActor::System("billing-schedule"));
  }
}

}  // namespace
}  // namespace openmsp::app
