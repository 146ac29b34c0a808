// Billing runs as jobs (billing_job.h) on the real store (SQLite and PostgreSQL 15): queued once however
// often asked, the payload read back, the run audited once, and what the run directory tells of it.
#include "billing/billing_job.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"
#include "support/billing_world.h"

namespace openmsp::billing {
namespace {

using test::Customer;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

template <class Backend>
class BillingJobTest : public ::testing::Test {
 protected:
  void SetUp() override { world_ = test::MakeBillingWorld(repositories_, "alpha", "NL-ALP", At("2026-01-01T00:00:00Z")); }

  std::vector<domain::AuditEntry> RunEntries() {
    domain::AuditFilter runs;
    runs.action = "billing_run.run";
    return repositories_.audit_log().List(world_.tenant, runs, 10, std::nullopt).value().entries;
  }

  ManualClock clock_{At("2026-11-01T00:00:30Z")};
  Backend backend_;
  store::Repositories repositories_ = store::Repositories::Open(backend_.url(), clock_).value();
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ = store::CpoCdrIngestor::Open(backend_.url(), clock_).value();
  test::BillingWorld world_{};
};

TYPED_TEST_SUITE(BillingJobTest, store::Backends, store::BackendNames);

TYPED_TEST(BillingJobTest, ARunIsQueuedOncePerMonthAndItsPayloadReadsBack) {
  domain::JobQueue& jobs = this->repositories_.jobs();
  const BillingRunRequest october{.tenant_id = this->world_.tenant, .period = {2026, 10}, .request_id = "req-1"};
  EXPECT_TRUE(QueueBillingRun(jobs, october, this->clock_.Now()).value());
  EXPECT_FALSE(QueueBillingRun(jobs, october, this->clock_.Now()).value());  // queued already
  EXPECT_TRUE(QueueBillingRun(jobs, {.tenant_id = this->world_.tenant, .period = {2026, 9}}, this->clock_.Now()).value());

  const std::optional<domain::Job> pending = PendingBillingRun(jobs, this->world_.tenant, {2026, 10}).value();
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->kind, "billing.run");
  EXPECT_EQ(pending->dedupe_key, "billing.run:2026-10");
  EXPECT_EQ(BillingRunRequestOf(*pending).value(), october);
  EXPECT_FALSE(PendingBillingRun(jobs, this->world_.tenant, {2026, 8}).value());

  // A payload that is not the job's tenant's, or not a run's, is refused naming the member.
  domain::Job forged = *pending;
  forged.tenant_id = domain::TenantId{this->world_.tenant.value + 1};
  EXPECT_EQ(BillingRunRequestOf(forged).error().field, "payload.tenant_id");
  forged = *pending;
  forged.payload = R"({"tenant_id": )" + std::to_string(this->world_.tenant.value) + R"(, "period": "2026-13"})";
  EXPECT_EQ(BillingRunRequestOf(forged).error().field, "payload.period");
  forged.payload = "[]";
  EXPECT_EQ(BillingRunRequestOf(forged).error().code, ErrorCode::kInvalidArgument);
}

TYPED_TEST(BillingJobTest, ARunIsAuditedOnceAndTheDirectoryCountsWhatItsDraftsHold) {
  test::RecordRated(this->repositories_, *this->ingestor_, this->world_, "F1", At("2026-10-03T08:00:00Z"),
                    Customer::kFleet);
  test::RecordRated(this->repositories_, *this->ingestor_, this->world_, "F2", At("2026-10-04T08:00:00Z"),
                    Customer::kFleet);
  test::RecordRated(this->repositories_, *this->ingestor_, this->world_, "P1", At("2026-10-05T08:00:00Z"),
                    Customer::kPrivate);
  domain::BillingRunDirectory& runs = this->repositories_.billing_runs();
  EXPECT_FALSE(runs.FindRun(this->world_.tenant, {2026, 10}).value());

  const BillingRunRequest october{.tenant_id = this->world_.tenant, .period = {2026, 10}};
  const BillingRunReport report =
      RunRequestedBilling(BillingStoresOf(this->repositories_), this->repositories_.audit_log(), october).value();
  EXPECT_FALSE(report.already_complete);
  EXPECT_EQ(report.drafts.size(), 2u);
  std::vector<domain::AuditEntry> entries = this->RunEntries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].actor, domain::AuditActor::System("billing-schedule"));
  EXPECT_EQ(entries[0].object_id, std::to_string(report.run.id.value));
  EXPECT_NE(entries[0].after.find(R"("cdrs_invoiced":3)"), std::string::npos) << entries[0].after;

  // Run again (a job delivered twice): nothing billed, nothing audited.
  EXPECT_TRUE(RunRequestedBilling(BillingStoresOf(this->repositories_), this->repositories_.audit_log(), october)
                  .value()
                  .already_complete);
  EXPECT_EQ(this->RunEntries().size(), 1u);

  // Two invoices (the fleet's with two sessions, the private driver's with one), three sessions.
  const std::optional<domain::BillingRunSummary> found = runs.FindRun(this->world_.tenant, {2026, 10}).value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->run.id.value, report.run.id.value);
  EXPECT_EQ(found->invoices, 2);
  EXPECT_EQ(found->credit_notes, 0);
  EXPECT_EQ(found->sessions, 3);
  EXPECT_TRUE(found->run.completed_at);

  // November (nothing left to bill) is a run with nothing; the list is newest first.
  (void)RunBilling(BillingStoresOf(this->repositories_), this->world_.tenant, {2026, 11}).value();
  const std::vector<domain::BillingRunSummary> listed = runs.ListRuns(this->world_.tenant, 10).value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].run.period, (domain::BillingPeriod{2026, 11}));
  EXPECT_EQ(listed[0].invoices + listed[0].sessions, 0);
  EXPECT_EQ(listed[1], *found);
  EXPECT_EQ(runs.ListRuns(this->world_.tenant, 1).value().size(), 1u);
  EXPECT_EQ(runs.ListRuns(this->world_.tenant, 0).error().field, "limit");
  // Another tenant's runs are not this one's.
  EXPECT_TRUE(runs.ListRuns(domain::TenantId{this->world_.tenant.value + 1}, 10).value().empty());
  EXPECT_FALSE(runs.FindRun(domain::TenantId{this->world_.tenant.value + 1}, {2026, 10}).value());
}

}  // namespace
}  // namespace openmsp::billing
