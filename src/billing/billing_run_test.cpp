// The billing run over the real store, SQLite and PostgreSQL 15.
#include "billing/billing_run.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"
#include "support/billing_world.h"

namespace openmsp::billing {
namespace {

using domain::Invoice;
using domain::InvoiceKind;
using domain::InvoiceLine;
using domain::InvoiceStatus;
using domain::MspCdr;
using domain::MspCdrId;
using test::BillingWorld;
using test::Customer;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

template <class Backend>
class BillingRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = test::MakeBillingWorld(repositories_, "alpha", "NL-ALP", At("2026-01-01T00:00:00Z"));
  }

  MspCdr Rated(const std::string& id, const char* start, Customer customer = Customer::kFleet) {
    return test::RecordRated(repositories_, *ingestor_, world_, id, At(start), customer);
  }

  BillingRunReport Run(domain::BillingPeriod period) {
    Result<BillingRunReport> report = RunBilling(BillingStoresOf(repositories_), world_.tenant, period, 2);
    EXPECT_TRUE(report.ok()) << report.error().ToString();
    return report.ok() ? *report : BillingRunReport{};
  }

  Invoice Find(domain::InvoiceId id) { return repositories_.invoices().FindById(world_.tenant, id).value(); }

  std::vector<MspCdrId> LineIds(const Invoice& invoice) {
    std::vector<MspCdrId> ids;
    for (const InvoiceLine& line : invoice.invoice.lines) ids.push_back(line.msp_cdr_id);
    return ids;
  }

  // How many invoices that are not void each MSP CDR is on.
  std::map<MspCdrId, int> Billed() {
    std::map<MspCdrId, int> billed;
    const std::vector<Invoice> invoices = repositories_.invoices().List(world_.tenant, {}).value();
    for (const Invoice& invoice : invoices) {
      if (invoice.status == InvoiceStatus::kVoid) continue;
      for (const InvoiceLine& line : invoice.invoice.lines) ++billed[line.msp_cdr_id];
    }
    return billed;
  }

  ManualClock clock_{At("2026-11-02T09:00:00Z")};
  Backend backend_;
  store::Repositories repositories_ = store::Repositories::Open(backend_.url(), clock_).value();
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ =
      store::CpoCdrIngestor::Open(backend_.url(), clock_).value();
  BillingWorld world_{};
};

TYPED_TEST_SUITE(BillingRunTest, store::Backends, store::BackendNames);

TYPED_TEST(BillingRunTest, InvoicesEachTargetOnceAndLeavesLaterSessionsAndThoseNeedingAttention) {
  const MspCdr fleet_1 = this->Rated("F1", "2026-10-03T08:00:00Z");
  const MspCdr own = this->Rated("P1", "2026-10-05T08:00:00Z", Customer::kPrivate);
  const MspCdr fleet_2 = this->Rated("F2", "2026-10-20T08:00:00Z");
  const MspCdr november = this->Rated("F3", "2026-11-01T00:00:00Z");
  test::RecordNeedingAttention(this->repositories_, *this->ingestor_, this->world_, "X1",
                               At("2026-10-06T08:00:00Z"));

  const BillingRunReport report = this->Run({2026, 10});
  EXPECT_FALSE(report.already_complete);
  EXPECT_EQ(report.run.completed_at, this->clock_.Now());
  ASSERT_EQ(report.drafts.size(), 2u);
  EXPECT_EQ(report.cdrs_invoiced, 3u);
  EXPECT_TRUE(report.held.empty());
  EXPECT_TRUE(report.skipped.empty());
  // The private driver first (a profile), then the fleet's unit.
  const Invoice private_invoice = this->Find(report.drafts[0]);
  EXPECT_EQ(private_invoice.invoice.target, this->world_.PrivateTarget());
  EXPECT_EQ(this->LineIds(private_invoice), std::vector<MspCdrId>{own.id});
  EXPECT_EQ(private_invoice.invoice.total_incl_vat, Number("13.85"));
  const Invoice fleet = this->Find(report.drafts[1]);
  EXPECT_EQ(fleet.invoice.target, this->world_.FleetTarget());
  EXPECT_EQ(fleet.status, InvoiceStatus::kDraft);
  EXPECT_EQ(this->LineIds(fleet), (std::vector<MspCdrId>{fleet_1.id, fleet_2.id}));
  // Two sample sessions: 2 × 11.45 = 22.90 excl., 2 × 2.40 = 4.80 VAT, 27.70 incl.
  EXPECT_EQ(fleet.invoice.total_excl_vat, Number("22.90"));
  EXPECT_EQ(fleet.invoice.vat_amount, Number("4.80"));
  EXPECT_EQ(fleet.invoice.total_incl_vat, Number("27.70"));
  EXPECT_EQ(fleet.invoice.lines[0].card, "FLEET-0001");
  EXPECT_EQ(fleet.invoice.lines[0].cost_centre, "SALES");

  // Run again: complete already, nothing made.
  this->Rated("F4", "2026-10-21T08:00:00Z");
  const BillingRunReport again = this->Run({2026, 10});
  EXPECT_TRUE(again.already_complete);
  EXPECT_TRUE(again.drafts.empty());
  EXPECT_EQ(again.run, report.run);
  EXPECT_EQ(this->Billed().count(november.id), 0u);
}

TYPED_TEST(BillingRunTest, ALateCdrAndACreditGoIntoTheNextRunTheCreditAsACreditNote) {
  const MspCdr october = this->Rated("F1", "2026-10-03T08:00:00Z");
  const BillingRunReport first = this->Run({2026, 10});
  ASSERT_EQ(first.drafts.size(), 1u);
  const Invoice issued = this->repositories_.invoices().Issue(this->world_.tenant, first.drafts[0]).value();
  EXPECT_EQ(issued.number, "2026-000001");

  // After October's run: a late CDR of 28 October, a November one, and the credit of October's.
  const MspCdr late = this->Rated("F2", "2026-10-28T08:00:00Z");
  const MspCdr november = this->Rated("F3", "2026-11-15T08:00:00Z");
  const MspCdr credit = test::RecordCredit(this->repositories_, *this->ingestor_, october, "F1-CREDIT");

  const BillingRunReport second = this->Run({2026, 11});
  ASSERT_EQ(second.drafts.size(), 2u);
  const Invoice invoice = this->Find(second.drafts[0]);
  EXPECT_EQ(invoice.invoice.kind, InvoiceKind::kInvoice);
  EXPECT_EQ(this->LineIds(invoice), (std::vector<MspCdrId>{late.id, november.id}));
  EXPECT_EQ(invoice.invoice.total_incl_vat, Number("27.70"));
  const Invoice note = this->Find(second.drafts[1]);
  EXPECT_EQ(note.invoice.kind, InvoiceKind::kCreditNote);
  EXPECT_EQ(note.invoice.credited_invoice, issued.id);
  EXPECT_EQ(this->LineIds(note), std::vector<MspCdrId>{credit.id});
  // −11.45 − 2.40 = −13.85
  EXPECT_EQ(note.invoice.total_excl_vat, Number("-11.45"));
  EXPECT_EQ(note.invoice.vat_amount, Number("-2.40"));
  EXPECT_EQ(note.invoice.total_incl_vat, Number("-13.85"));
  // The October invoice did not change.
  EXPECT_EQ(this->Find(issued.id), issued);
}

TYPED_TEST(BillingRunTest, ACreditOfACdrOnADraftWaitsUntilTheDraftIsIssued) {
  const MspCdr october = this->Rated("F1", "2026-10-03T08:00:00Z");
  const BillingRunReport first = this->Run({2026, 10});
  ASSERT_EQ(first.drafts.size(), 1u);
  const MspCdr credit = test::RecordCredit(this->repositories_, *this->ingestor_, october, "F1-CREDIT");

  // October's invoice is still a draft: no credit note may credit it, so the credit is held.
  const BillingRunReport second = this->Run({2026, 11});
  EXPECT_TRUE(second.drafts.empty());
  ASSERT_EQ(second.held.size(), 1u);
  EXPECT_EQ(second.held[0].id, credit.id);
  EXPECT_EQ(second.held[0].reason, HoldReason::kOriginalNotInvoiced);

  // Issued, December's run credits it.
  const Invoice issued = this->repositories_.invoices().Issue(this->world_.tenant, first.drafts[0]).value();
  const BillingRunReport third = this->Run({2026, 12});
  ASSERT_EQ(third.drafts.size(), 1u);
  const Invoice note = this->Find(third.drafts[0]);
  EXPECT_EQ(note.invoice.kind, InvoiceKind::kCreditNote);
  EXPECT_EQ(note.invoice.credited_invoice, issued.id);
  EXPECT_EQ(this->LineIds(note), std::vector<MspCdrId>{credit.id});
}

TYPED_TEST(BillingRunTest, ARunInterruptedAfterItsFirstDraftResumesWithoutLosingOrDuplicatingACdr) {
  const MspCdr own = this->Rated("P1", "2026-10-05T08:00:00Z", Customer::kPrivate);
  const MspCdr fleet_1 = this->Rated("F1", "2026-10-03T08:00:00Z");
  const MspCdr fleet_2 = this->Rated("F2", "2026-10-04T08:00:00Z");
  // The interrupted attempt: it started the run and stored the private driver's draft, then died.
  domain::InvoiceRepository& invoices = this->repositories_.invoices();
  const domain::BillingRun run = invoices.StartRun(this->world_.tenant, {2026, 10}).value();
  const std::vector<domain::BillableMspCdr> before =
      invoices.ListBillable(this->world_.tenant, At("2026-11-01T00:00:00Z"), MspCdrId{}, 1000).value();
  const InvoiceAssembly assembly =
      AssembleInvoices(this->world_.tenant, run.id, run.period,
                       {.currency = Currency::Find("EUR").value(), .exchange_rates = {}}, before);
  ASSERT_EQ(assembly.invoices.size(), 2u);
  const Invoice stored = invoices.CreateDraft(assembly.invoices[0]).value();
  // Meanwhile another session of the private driver was rated.
  const MspCdr own_2 = this->Rated("P2", "2026-10-30T08:00:00Z", Customer::kPrivate);

  const BillingRunReport resumed = this->Run({2026, 10});
  EXPECT_EQ(resumed.run.id, run.id);
  ASSERT_EQ(resumed.drafts.size(), 1u);
  EXPECT_EQ(this->LineIds(this->Find(resumed.drafts[0])), (std::vector<MspCdrId>{fleet_1.id, fleet_2.id}));
  // The run has the private driver's invoice already: the new session waits for the next run.
  EXPECT_EQ(resumed.skipped, std::vector<MspCdrId>{own_2.id});
  EXPECT_EQ(this->LineIds(stored), std::vector<MspCdrId>{own.id});
  const BillingRunReport november = this->Run({2026, 11});
  ASSERT_EQ(november.drafts.size(), 1u);
  EXPECT_EQ(this->LineIds(this->Find(november.drafts[0])), std::vector<MspCdrId>{own_2.id});

  const std::map<MspCdrId, int> billed = this->Billed();
  EXPECT_EQ(billed, (std::map<MspCdrId, int>{{own.id, 1}, {fleet_1.id, 1}, {fleet_2.id, 1}, {own_2.id, 1}}));
}

// Two processes bill the same month at once (each its own connection): every MSP CDR ends on exactly one
// invoice, each customer has one, and between them the two runs account for every CDR.
TYPED_TEST(BillingRunTest, TwoRunsOfTheSameMonthAtOnceBillEachCdrOnce) {
  std::vector<MspCdrId> rated;
  for (int day = 1; day <= 20; ++day) {
    const std::string start =
        "2026-10-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T08:00:00Z";
    rated.push_back(this->Rated("F" + std::to_string(day), start.c_str()).id);
    rated.push_back(this->Rated("P" + std::to_string(day), start.c_str(), Customer::kPrivate).id);
  }
  BillingRunReport reports[2];
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      store::Repositories own = store::Repositories::Open(this->backend_.url(), this->clock_).value();
      Result<BillingRunReport> report = RunBilling(BillingStoresOf(own), this->world_.tenant, {2026, 10}, 7);
      ASSERT_TRUE(report.ok()) << report.error().ToString();
      reports[t] = *std::move(report);
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(reports[0].run.id, reports[1].run.id);
  EXPECT_EQ(reports[0].drafts.size() + reports[1].drafts.size(), 2u);
  // A CDR a run did not invoice was skipped by it because the other had it, or the other run started
  // after the first completed and found nothing (then it made nothing either).
  EXPECT_EQ(reports[0].cdrs_invoiced + reports[1].cdrs_invoiced, rated.size());
  std::map<MspCdrId, int> expected;
  for (MspCdrId id : rated) expected[id] = 1;
  EXPECT_EQ(this->Billed(), expected);
}

TYPED_TEST(BillingRunTest, HoldsACdrInAnotherCurrencyUntilTheTenantHasARateForItsDate) {
  // The sample rating in Swiss francs: 11.45 CHF excl., NL 21 %.
  const domain::CpoCdrId cpo_cdr =
      test::StoreCpoCdr(*this->ingestor_, this->world_.tenant, "CHF1", At("2026-10-10T12:00:00Z"));
  domain::NewMspCdr rated =
      test::RatedFor(this->world_, cpo_cdr, At("2026-10-10T12:00:00Z"), Customer::kFleet);
  rated.currency = rated.cpo_currency = Currency::Find("CHF").value();
  const MspCdr francs = this->repositories_.msp_cdrs().Record(rated).value();

  const BillingRunReport october = this->Run({2026, 10});
  EXPECT_TRUE(october.drafts.empty());
  ASSERT_EQ(october.held.size(), 1u);
  EXPECT_EQ(october.held[0].id, francs.id);
  EXPECT_EQ(october.held[0].reason, HoldReason::kNoExchangeRate);

  const Currency chf = Currency::Find("CHF").value();
  const Currency eur = Currency::Find("EUR").value();
  const std::vector<domain::ExchangeRate> rates = {{chf, eur, LocalDate{2026, 10, 1}, Number("1.0412")}};
  ASSERT_TRUE(this->repositories_.tenant_settings().ReplaceExchangeRates(this->world_.tenant, rates).ok());
  const BillingRunReport november = this->Run({2026, 11});
  ASSERT_EQ(november.drafts.size(), 1u);
  const Invoice invoice = this->Find(november.drafts[0]);
  // 11.45 CHF × 1.0412 = 11.92174 → 11.92 EUR; VAT 21 % of 11.92 = 2.5032 → 2.50; incl. 14.42.
  EXPECT_EQ(invoice.invoice.currency, eur);
  ASSERT_EQ(invoice.invoice.lines.size(), 1u);
  EXPECT_EQ(invoice.invoice.lines[0].original_amount_excl_vat, Number("11.45"));
  EXPECT_EQ(invoice.invoice.lines[0].exchange_rate, Number("1.0412"));
  EXPECT_EQ(invoice.invoice.total_excl_vat, Number("11.92"));
  EXPECT_EQ(invoice.invoice.vat_amount, Number("2.50"));
  EXPECT_EQ(invoice.invoice.total_incl_vat, Number("14.42"));
}

TYPED_TEST(BillingRunTest, AnUnknownTenantIsNotFound) {
  const Result<BillingRunReport> report = RunBilling(
      BillingStoresOf(this->repositories_), domain::TenantId{this->world_.tenant.value + 99}, {2026, 10});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace openmsp::billing
