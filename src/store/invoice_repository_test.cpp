// Billing runs, invoices and invoice numbers on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"
#include "support/billing_world.h"

namespace openmsp::store {
namespace {

using domain::BillableMspCdr;
using domain::BillingPeriod;
using domain::BillingRun;
using domain::Invoice;
using domain::InvoiceId;
using domain::InvoiceKind;
using domain::InvoiceLine;
using domain::InvoiceStatus;
using domain::MspCdr;
using domain::MspCdrId;
using domain::NewInvoice;
using test::BillingWorld;
using test::Customer;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

template <class T>
void ExpectError(const Result<T>& result, ErrorCode code, const std::string& field) {
  ASSERT_FALSE(result) << "expected an error naming " << field;
  EXPECT_EQ(result.error().code, code) << result.error().ToString();
  EXPECT_EQ(result.error().field, field) << result.error().ToString();
}

// The invoice line of a billable MSP CDR, as the assembly makes it in the CDR's own currency.
InvoiceLine LineOf(const BillableMspCdr& cdr) {
  return InvoiceLine{.msp_cdr_id = cdr.id,
                     .session_start = cdr.session_start,
                     .location = cdr.location,
                     .evse = cdr.evse,
                     .card = cdr.card,
                     .cost_centre = cdr.cost_centre,
                     .energy_kwh = cdr.energy_kwh,
                     .duration_hours = cdr.duration_hours,
                     .vat_country = cdr.vat_country,
                     .vat_percent = cdr.vat_percent,
                     .amount_excl_vat = cdr.total_excl_vat,
                     .vat_amount = cdr.vat_amount,
                     .amount_incl_vat = cdr.total_incl_vat};
}

template <class Backend>
class InvoiceRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alpha_ = test::MakeBillingWorld(repositories_, "alpha", "NL-ALP", clock_.Now());
    beta_ = test::MakeBillingWorld(repositories_, "beta", "DE-BET", clock_.Now());
  }

  domain::InvoiceRepository& invoices() { return repositories_.invoices(); }

  MspCdr Rated(const BillingWorld& world, const std::string& id, const char* start,
               Customer customer = Customer::kFleet) {
    return test::RecordRated(repositories_, *ingestor_, world, id, At(start), customer);
  }

  std::vector<BillableMspCdr> Billable(const BillingWorld& world,
                                       const char* before = "2027-01-01T00:00:00Z") {
    return invoices().ListBillable(world.tenant, At(before), MspCdrId{}, 1000).value();
  }

  // A draft of `cdrs` (all of one target) in `run`.
  NewInvoice Draft(const BillingWorld& world, const BillingRun& run,
                   const std::vector<BillableMspCdr>& cdrs) {
    NewInvoice invoice{.tenant_id = world.tenant,
                       .run_id = run.id,
                       .period = run.period,
                       .kind = InvoiceKind::kInvoice,
                       .target = cdrs.front().target,
                       .currency = Currency::Find("EUR").value(),
                       .credited_invoice = std::nullopt,
                       .lines = {},
                       .total_excl_vat = {},
                       .vat_amount = {},
                       .total_incl_vat = {}};
    for (const BillableMspCdr& cdr : cdrs) {
      invoice.lines.push_back(LineOf(cdr));
      invoice.total_excl_vat += cdr.total_excl_vat;
      invoice.vat_amount += cdr.vat_amount;
      invoice.total_incl_vat += cdr.total_incl_vat;
    }
    return invoice;
  }

  ManualClock clock_{At("2026-11-02T09:00:00.250Z")};
  Backend backend_;
  Repositories repositories_ = Repositories::Open(backend_.url(), clock_).value();
  std::unique_ptr<CpoCdrIngestor> ingestor_ = CpoCdrIngestor::Open(backend_.url(), clock_).value();
  BillingWorld alpha_{};
  BillingWorld beta_{};
};

TYPED_TEST_SUITE(InvoiceRepositoryTest, Backends, BackendNames);

TYPED_TEST(InvoiceRepositoryTest, ListsRatedCdrsOnNoInvoiceWithWhatTheirLinesShow) {
  const BillingWorld& a = this->alpha_;
  const MspCdr fleet = this->Rated(a, "CDR-1", "2026-10-03T08:00:00Z");
  const MspCdr own = this->Rated(a, "CDR-2", "2026-10-04T08:00:00Z", Customer::kPrivate);
  this->Rated(a, "CDR-3", "2026-11-01T00:00:00Z");  // the first instant of November: not before it
  test::RecordNeedingAttention(this->repositories_, *this->ingestor_, a, "CDR-4", At("2026-10-05T08:00:00Z"));
  this->Rated(this->beta_, "CDR-5", "2026-10-03T08:00:00Z");  // another tenant's

  const std::vector<BillableMspCdr> billable = this->Billable(a, "2026-11-01T00:00:00Z");
  ASSERT_EQ(billable.size(), 2u);
  const BillableMspCdr& first = billable[0];
  EXPECT_EQ(first.id, fleet.id);
  EXPECT_EQ(first.target, a.FleetTarget());
  EXPECT_EQ(first.session_start, At("2026-10-03T08:00:00Z"));
  EXPECT_EQ(first.currency, Currency::Find("EUR").value());
  // SampleMspCdr: 11.45 + 21 % 2.40 = 13.85.
  EXPECT_EQ(first.total_excl_vat, Number("11.45"));
  EXPECT_EQ(first.vat_amount, Number("2.40"));
  EXPECT_EQ(first.total_incl_vat, Number("13.85"));
  EXPECT_EQ(first.vat_percent, Number("21"));
  EXPECT_EQ(first.vat_country.alpha2, "NL");
  EXPECT_EQ(first.card, "FLEET-0001");
  EXPECT_EQ(first.cost_centre, "SALES");
  // The sample CPO CDR: LOC1 never synced, so its id and the EVSE's uid; 20.75 kWh in 1.5 h.
  EXPECT_EQ(first.location, "LOC1");
  EXPECT_FALSE(first.evse.empty());
  EXPECT_EQ(first.energy_kwh, Number("20.75"));
  EXPECT_EQ(first.duration_hours, Number("1.5"));
  EXPECT_FALSE(first.credit_of.has_value());
  // The private driver's card has no visual number: its EMA-ID shows. Its invoice goes to the profile.
  EXPECT_EQ(billable[1].id, own.id);
  EXPECT_EQ(billable[1].target, a.PrivateTarget());
  EXPECT_EQ(billable[1].card,
            this->repositories_.tokens().FindById(a.tenant, a.private_card)->contract_id.ToString());
  EXPECT_TRUE(billable[1].card.starts_with("NL-ALP-C00000002"));
  EXPECT_EQ(billable[1].cost_centre, "");

  // Keyset pages.
  const std::vector<BillableMspCdr> second_page =
      this->invoices().ListBillable(a.tenant, At("2026-11-01T00:00:00Z"), fleet.id, 1).value();
  ASSERT_EQ(second_page.size(), 1u);
  EXPECT_EQ(second_page[0].id, own.id);
  ExpectError(this->invoices().ListBillable(a.tenant, At("2026-11-01T00:00:00Z"), MspCdrId{}, 0),
              ErrorCode::kInvalidArgument, "limit");
}

TYPED_TEST(InvoiceRepositoryTest, StoresADraftThatTakesItsCdrsAndIssuesPaysAndVoidsIt) {
  const BillingWorld& a = this->alpha_;
  this->Rated(a, "CDR-1", "2026-10-03T08:00:00Z");
  this->Rated(a, "CDR-2", "2026-10-04T08:00:00Z");
  const BillingRun run = this->invoices().StartRun(a.tenant, {2026, 10}).value();
  EXPECT_EQ(run.started_at, this->clock_.Now());
  EXPECT_FALSE(run.completed_at.has_value());
  const std::vector<BillableMspCdr> billable = this->Billable(a);
  const NewInvoice draft = this->Draft(a, run, billable);

  const Invoice stored = this->invoices().CreateDraft(draft).value();
  EXPECT_EQ(stored.invoice, draft);
  EXPECT_EQ(stored.status, InvoiceStatus::kDraft);
  EXPECT_EQ(stored.number, "");
  EXPECT_EQ(stored.created_at, this->clock_.Now());
  EXPECT_EQ(this->invoices().FindById(a.tenant, stored.id).value(), stored);
  // Its CDRs are no longer billable, and no second invoice can take one of them.
  EXPECT_TRUE(this->Billable(a).empty());
  const BillingRun november = this->invoices().StartRun(a.tenant, {2026, 11}).value();
  ExpectError(this->invoices().CreateDraft(this->Draft(a, november, {billable[1]})),
              ErrorCode::kAlreadyExists, "lines[0].msp_cdr_id");
  // One invoice per target and kind in a run.
  ExpectError(this->invoices().CreateDraft(draft), ErrorCode::kAlreadyExists, "target");
  // Another tenant sees none of it.
  ExpectError(this->invoices().FindById(this->beta_.tenant, stored.id), ErrorCode::kNotFound, "id");
  ExpectError(this->invoices().Issue(this->beta_.tenant, stored.id), ErrorCode::kNotFound, "id");

  ExpectError(this->invoices().MarkPaid(a.tenant, stored.id), ErrorCode::kFailedPrecondition, "status");
  this->clock_.Advance(std::chrono::hours(1));
  const Invoice issued = this->invoices().Issue(a.tenant, stored.id).value();
  EXPECT_EQ(issued.status, InvoiceStatus::kIssued);
  EXPECT_EQ(issued.number, "2026-000001");
  EXPECT_EQ(issued.issued_at, this->clock_.Now());
  EXPECT_EQ(issued.invoice, draft);
  ExpectError(this->invoices().Issue(a.tenant, stored.id), ErrorCode::kFailedPrecondition, "status");
  const Invoice paid = this->invoices().MarkPaid(a.tenant, stored.id).value();
  EXPECT_EQ(paid.status, InvoiceStatus::kPaid);
  EXPECT_EQ(paid.number, "2026-000001");
  ExpectError(this->invoices().Void(a.tenant, stored.id), ErrorCode::kFailedPrecondition, "status");

  const std::vector<Invoice> listed =
      this->invoices().List(a.tenant, {.status = InvoiceStatus::kPaid}).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0], paid);
  EXPECT_TRUE(this->invoices().List(a.tenant, {.status = InvoiceStatus::kDraft}).value().empty());
  EXPECT_TRUE(this->invoices().List(this->beta_.tenant, {}).value().empty());
}

TYPED_TEST(InvoiceRepositoryTest, ListsTheInvoicesOfAUnitsSubtreeOrOfAProfile) {
  const BillingWorld& a = this->alpha_;
  this->Rated(a, "CDR-FLEET", "2026-10-03T08:00:00Z", Customer::kFleet);
  this->Rated(a, "CDR-PRIVATE", "2026-10-04T08:00:00Z", Customer::kPrivate);
  const BillingRun run = this->invoices().StartRun(a.tenant, {2026, 10}).value();
  std::vector<BillableMspCdr> billable = this->Billable(a);
  ASSERT_EQ(billable.size(), 2u);
  // One draft per target: the fleet unit's, and the private driver's (whose profile lives in the root).
  std::vector<Invoice> drafts;
  for (const BillableMspCdr& cdr : billable) {
    drafts.push_back(this->invoices().CreateDraft(this->Draft(a, run, {cdr})).value());
  }
  const Invoice& fleet = drafts[0].invoice.target.unit ? drafts[0] : drafts[1];
  const Invoice& private_one = drafts[0].invoice.target.unit ? drafts[1] : drafts[0];
  const auto listed = [&](std::optional<domain::OrganisationUnitId> subtree,
                          std::optional<domain::ProfileId> profile) {
    domain::InvoiceQuery query;
    query.organisation_unit_subtree = subtree;
    query.profile_id = profile;
    std::vector<domain::InvoiceId> ids;
    const std::vector<Invoice> found = this->invoices().List(a.tenant, query).value();
    for (const Invoice& invoice : found) ids.push_back(invoice.id);
    return ids;
  };
  using V = std::vector<domain::InvoiceId>;
  // The root's subtree: both (the fleet is below it, the private driver's profile lives in it).
  EXPECT_EQ(listed(a.root, std::nullopt).size(), 2u);
  // The fleet's subtree: its own only.
  EXPECT_EQ(listed(a.fleet, std::nullopt), (V{fleet.id}));
  // The private driver: its own only; the fleet's driver has none of its own.
  EXPECT_EQ(listed(std::nullopt, a.private_driver), (V{private_one.id}));
  EXPECT_EQ(listed(std::nullopt, a.fleet_driver), V{});
  // Another tenant's unit lists nothing.
  EXPECT_EQ(listed(this->beta_.root, std::nullopt), V{});
}

TYPED_TEST(InvoiceRepositoryTest, VoidingReleasesTheCdrsAndKeepsTheNumber) {
  const BillingWorld& a = this->alpha_;
  this->Rated(a, "CDR-1", "2026-10-03T08:00:00Z");
  const BillingRun run = this->invoices().StartRun(a.tenant, {2026, 10}).value();
  const Invoice first = this->invoices().CreateDraft(this->Draft(a, run, this->Billable(a))).value();
  (void)this->invoices().Issue(a.tenant, first.id).value();
  const Invoice voided = this->invoices().Void(a.tenant, first.id).value();
  EXPECT_EQ(voided.status, InvoiceStatus::kVoid);
  EXPECT_EQ(voided.number, "2026-000001");
  EXPECT_EQ(voided.voided_at, this->clock_.Now());
  ASSERT_EQ(this->Billable(a).size(), 1u);
  // Invoiced again in the next run, under the next number.
  const BillingRun november = this->invoices().StartRun(a.tenant, {2026, 11}).value();
  const Invoice second = this->invoices().CreateDraft(this->Draft(a, november, this->Billable(a))).value();
  EXPECT_EQ(this->invoices().Issue(a.tenant, second.id).value().number, "2026-000002");
  // A new year starts again at 1.
  this->clock_.Set(At("2027-01-02T00:00:00Z"));
  this->Rated(a, "CDR-2", "2026-12-03T08:00:00Z");
  const BillingRun december = this->invoices().StartRun(a.tenant, {2026, 12}).value();
  const Invoice third = this->invoices().CreateDraft(this->Draft(a, december, this->Billable(a))).value();
  EXPECT_EQ(this->invoices().Issue(a.tenant, third.id).value().number, "2027-000001");
}

TYPED_TEST(InvoiceRepositoryTest, ACreditOfAnInvoicedCdrNamesItsInvoice) {
  const BillingWorld& a = this->alpha_;
  const MspCdr original = this->Rated(a, "CDR-1", "2026-10-03T08:00:00Z");
  const BillingRun run = this->invoices().StartRun(a.tenant, {2026, 10}).value();
  const Invoice invoice = this->invoices().CreateDraft(this->Draft(a, run, this->Billable(a))).value();
  const MspCdr credit = test::RecordCredit(this->repositories_, *this->ingestor_, original, "CDR-1-CREDIT");
  // While the original's invoice is a draft, the credit names none: there is nothing to credit yet.
  const std::vector<BillableMspCdr> before_issue = this->Billable(a);
  ASSERT_EQ(before_issue.size(), 1u);
  EXPECT_EQ(before_issue[0].credit_of, original.id);
  EXPECT_FALSE(before_issue[0].credited_invoice.has_value());
  (void)this->invoices().Issue(a.tenant, invoice.id).value();

  const std::vector<BillableMspCdr> billable = this->Billable(a);
  ASSERT_EQ(billable.size(), 1u);
  EXPECT_EQ(billable[0].id, credit.id);
  EXPECT_EQ(billable[0].credit_of, original.id);
  EXPECT_EQ(billable[0].credited_invoice, invoice.id);
  EXPECT_EQ(billable[0].total_incl_vat, Number("-13.85"));

  const BillingRun november = this->invoices().StartRun(a.tenant, {2026, 11}).value();
  NewInvoice note = this->Draft(a, november, billable);
  note.kind = InvoiceKind::kCreditNote;
  ExpectError(this->invoices().CreateDraft(note), ErrorCode::kInvalidArgument, "credited_invoice");
  note.credited_invoice = InvoiceId{invoice.id.value + 1000};
  ExpectError(this->invoices().CreateDraft(note), ErrorCode::kNotFound, "credited_invoice");
  note.credited_invoice = invoice.id;
  const Invoice stored = this->invoices().CreateDraft(note).value();
  EXPECT_EQ(stored.invoice.credited_invoice, invoice.id);
  EXPECT_EQ(stored.invoice.total_incl_vat, Number("-13.85"));
}

TYPED_TEST(InvoiceRepositoryTest, ACreditNoteCreditsOnlyAnIssuedOrPaidInvoice) {
  const BillingWorld& a = this->alpha_;
  const MspCdr original = this->Rated(a, "CDR-1", "2026-10-03T08:00:00Z");
  const BillingRun run = this->invoices().StartRun(a.tenant, {2026, 10}).value();
  const Invoice draft = this->invoices().CreateDraft(this->Draft(a, run, this->Billable(a))).value();
  test::RecordCredit(this->repositories_, *this->ingestor_, original, "CDR-1-CREDIT");
  const BillingRun november = this->invoices().StartRun(a.tenant, {2026, 11}).value();
  NewInvoice note = this->Draft(a, november, this->Billable(a));
  note.kind = InvoiceKind::kCreditNote;
  note.credited_invoice = draft.id;
  // Crediting a draft is refused, and nothing of the credit note is written: its CDR stays billable.
  ExpectError(this->invoices().CreateDraft(note), ErrorCode::kFailedPrecondition, "credited_invoice");
  EXPECT_EQ(this->Billable(a).size(), 1u);
  (void)this->invoices().Void(a.tenant, draft.id).value();
  ExpectError(this->invoices().CreateDraft(note), ErrorCode::kFailedPrecondition, "credited_invoice");
  EXPECT_TRUE(this->invoices().List(a.tenant, {.run_id = november.id}).value().empty());
}

TYPED_TEST(InvoiceRepositoryTest, AnInvoiceThatACreditNoteCreditsIsVoidedOnlyAfterTheCreditNote) {
  const BillingWorld& a = this->alpha_;
  const MspCdr original = this->Rated(a, "CDR-1", "2026-10-03T08:00:00Z");
  const BillingRun run = this->invoices().StartRun(a.tenant, {2026, 10}).value();
  const Invoice invoice = this->invoices().CreateDraft(this->Draft(a, run, this->Billable(a))).value();
  (void)this->invoices().Issue(a.tenant, invoice.id).value();
  const MspCdr credit = test::RecordCredit(this->repositories_, *this->ingestor_, original, "CDR-1-CREDIT");
  const BillingRun november = this->invoices().StartRun(a.tenant, {2026, 11}).value();
  NewInvoice note = this->Draft(a, november, this->Billable(a));
  note.kind = InvoiceKind::kCreditNote;
  note.credited_invoice = invoice.id;
  const Invoice stored_note = this->invoices().CreateDraft(note).value();

  // Voiding the invoice would make CDR-1 billable again while the credit note still credits it.
  ExpectError(this->invoices().Void(a.tenant, invoice.id), ErrorCode::kFailedPrecondition, "id");
  EXPECT_EQ(this->invoices().FindById(a.tenant, invoice.id).value().status, InvoiceStatus::kIssued);
  EXPECT_TRUE(this->Billable(a).empty());
  // Once the credit note is void, the invoice may be: both CDRs are billable again, and the next run
  // puts them on one invoice where they cancel out.
  (void)this->invoices().Void(a.tenant, stored_note.id).value();
  EXPECT_EQ(this->invoices().Void(a.tenant, invoice.id).value().status, InvoiceStatus::kVoid);
  const std::vector<BillableMspCdr> billable = this->Billable(a);
  ASSERT_EQ(billable.size(), 2u);
  EXPECT_EQ(billable[0].id, original.id);
  EXPECT_EQ(billable[1].id, credit.id);
  EXPECT_FALSE(billable[1].credited_invoice.has_value());
}

TYPED_TEST(InvoiceRepositoryTest, ADraftThatFailsHalfWayLeavesNothing) {
  const BillingWorld& a = this->alpha_;
  this->Rated(a, "CDR-1", "2026-10-03T08:00:00Z");
  const MspCdr attention = test::RecordNeedingAttention(this->repositories_, *this->ingestor_, a, "CDR-2",
                                                        At("2026-10-04T08:00:00Z"));
  const BillingRun run = this->invoices().StartRun(a.tenant, {2026, 10}).value();
  NewInvoice draft = this->Draft(a, run, this->Billable(a));
  // A second line naming an MSP CDR that needs attention: refused, and the first line's CDR stays free.
  InvoiceLine bad = draft.lines[0];
  bad.msp_cdr_id = attention.id;
  draft.lines.push_back(bad);
  draft.total_excl_vat += bad.amount_excl_vat;
  draft.vat_amount += bad.vat_amount;
  draft.total_incl_vat += bad.amount_incl_vat;
  ExpectError(this->invoices().CreateDraft(draft), ErrorCode::kNotFound, "lines[1].msp_cdr_id");
  EXPECT_EQ(this->Billable(a).size(), 1u);
  EXPECT_TRUE(this->invoices().List(a.tenant, {}).value().empty());
  // Another tenant's run or target is not found.
  draft = this->Draft(a, run, this->Billable(a));
  draft.run_id = this->invoices().StartRun(this->beta_.tenant, {2026, 10}).value().id;
  ExpectError(this->invoices().CreateDraft(draft), ErrorCode::kNotFound, "run_id");
  draft = this->Draft(a, run, this->Billable(a));
  draft.target = this->beta_.FleetTarget();
  ExpectError(this->invoices().CreateDraft(draft), ErrorCode::kNotFound, "target");
}

TYPED_TEST(InvoiceRepositoryTest, StoresManyDraftsInOneTransactionAllOfThemOrNone) {
  const BillingWorld& a = this->alpha_;
  this->Rated(a, "CDR-1", "2026-10-03T08:00:00Z");
  this->Rated(a, "CDR-2", "2026-10-04T08:00:00Z");
  this->Rated(a, "CDR-3", "2026-10-05T08:00:00Z", Customer::kPrivate);
  const BillingRun run = this->invoices().StartRun(a.tenant, {2026, 10}).value();
  const std::vector<BillableMspCdr> billable = this->Billable(a);
  ASSERT_EQ(billable.size(), 3u);
  const std::vector<NewInvoice> drafts = {this->Draft(a, run, {billable[0], billable[1]}),
                                          this->Draft(a, run, {billable[2]})};
  EXPECT_TRUE(this->invoices().CreateDrafts({}).value().empty());

  // Refused as a whole, nothing stored: the second invoice's target twice, a CDR twice, another tenant.
  std::vector<NewInvoice> twice = {drafts[0], drafts[0]};
  twice[1].lines.clear();
  twice[1].lines.push_back(drafts[1].lines[0]);
  twice[1].total_excl_vat = drafts[1].total_excl_vat;
  twice[1].vat_amount = drafts[1].vat_amount;
  twice[1].total_incl_vat = drafts[1].total_incl_vat;
  ExpectError(this->invoices().CreateDrafts(twice), ErrorCode::kAlreadyExists, "invoices[1].target");
  std::vector<NewInvoice> same_cdr = {drafts[0], drafts[1]};
  same_cdr[1].lines[0].msp_cdr_id = billable[1].id;
  ExpectError(this->invoices().CreateDrafts(same_cdr), ErrorCode::kAlreadyExists,
              "invoices[1].lines[0].msp_cdr_id");
  std::vector<NewInvoice> mixed = drafts;
  mixed[1].tenant_id = this->beta_.tenant;
  ExpectError(this->invoices().CreateDrafts(mixed), ErrorCode::kInvalidArgument, "invoices[1].tenant_id");
  std::vector<NewInvoice> unknown = drafts;
  unknown[1].target = this->beta_.FleetTarget();
  ExpectError(this->invoices().CreateDrafts(unknown), ErrorCode::kNotFound, "invoices[1].target");
  EXPECT_EQ(this->Billable(a).size(), 3u);
  EXPECT_TRUE(this->invoices().List(a.tenant, {}).value().empty());

  const std::vector<InvoiceId> ids = this->invoices().CreateDrafts(drafts).value();
  ASSERT_EQ(ids.size(), 2u);
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const Invoice stored = this->invoices().FindById(a.tenant, ids[k]).value();
    EXPECT_EQ(stored.invoice, drafts[k]);
    EXPECT_EQ(stored.status, InvoiceStatus::kDraft);
  }
  EXPECT_TRUE(this->Billable(a).empty());
  // Stored once: the same drafts again are the run's already.
  ExpectError(this->invoices().CreateDrafts(drafts), ErrorCode::kAlreadyExists, "invoices[0].target");
}

TYPED_TEST(InvoiceRepositoryTest, StartingARunTwiceGivesTheSameRunUntilAndAfterItCompletes) {
  const BillingWorld& a = this->alpha_;
  const BillingRun run = this->invoices().StartRun(a.tenant, {2026, 10}).value();
  this->clock_.Advance(std::chrono::minutes(5));
  EXPECT_EQ(this->invoices().StartRun(a.tenant, {2026, 10}).value(), run);
  const BillingRun complete = this->invoices().CompleteRun(a.tenant, run.id).value();
  EXPECT_EQ(complete.completed_at, this->clock_.Now());
  this->clock_.Advance(std::chrono::minutes(5));
  EXPECT_EQ(this->invoices().CompleteRun(a.tenant, run.id).value(), complete);
  EXPECT_EQ(this->invoices().StartRun(a.tenant, {2026, 10}).value(), complete);
  EXPECT_NE(this->invoices().StartRun(this->beta_.tenant, {2026, 10}).value().id, run.id);
  ExpectError(this->invoices().CompleteRun(this->beta_.tenant, run.id), ErrorCode::kNotFound, "run_id");
  ExpectError(this->invoices().StartRun(domain::TenantId{a.tenant.value + 1000}, {2026, 10}),
              ErrorCode::kNotFound, "tenant_id");
}

// Two connections issue 24 drafts at once: numbers 1 to 24, each once, no gap.
TYPED_TEST(InvoiceRepositoryTest, ConcurrentIssuesGetNumbersWithoutGapOrDuplicate) {
  const BillingWorld& a = this->alpha_;
  std::vector<InvoiceId> drafts;
  for (int month = 1; month <= 12; ++month) {
    const std::string day =
        "2026-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-10T08:00:00Z";
    this->Rated(a, "F-" + std::to_string(month), day.c_str());
    this->Rated(a, "P-" + std::to_string(month), day.c_str(), Customer::kPrivate);
    const BillingRun run = this->invoices().StartRun(a.tenant, {2026, month}).value();
    for (const BillableMspCdr& cdr : this->Billable(a)) {
      drafts.push_back(this->invoices().CreateDraft(this->Draft(a, run, {cdr})).value().id);
    }
  }
  ASSERT_EQ(drafts.size(), 24u);

  std::vector<std::string> numbers[2];
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      Repositories own = Repositories::Open(this->backend_.url(), this->clock_).value();
      for (std::size_t i = static_cast<std::size_t>(t); i < drafts.size(); i += 2) {
        Result<Invoice> issued = own.invoices().Issue(a.tenant, drafts[i]);
        if (issued)
          numbers[t].push_back(issued->number);
        else
          ADD_FAILURE() << issued.error().ToString();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> all(numbers[0].begin(), numbers[0].end());
  all.insert(numbers[1].begin(), numbers[1].end());
  std::set<std::string> expected;
  for (int n = 1; n <= 24; ++n) expected.insert(domain::FormatInvoiceNumber(2026, n));
  EXPECT_EQ(numbers[0].size() + numbers[1].size(), 24u);
  EXPECT_EQ(all, expected);
}

}  // namespace
}  // namespace openmsp::store
