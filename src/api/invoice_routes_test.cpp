// The invoice routes (invoice_routes.cpp) on a real SQLite database through the real router: a month billed
// over HTTP, its invoices listed and shown in each caller's scope, their documents, issuing, paying and
// voiding, and what the MSP owes each CPO.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "api/api_test_world.h"
#include "api/cdr_test_support.h"
#include "billing/billing_job.h"
#include "core/time.h"
#include "domain/organisation_unit.h"

namespace openmsp::api::test {
namespace {

std::string Id(std::int64_t id) { return std::to_string(id); }

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

// November 2025 (the world's clock is 2026-01-01): two sessions of a van of "A Fleet" (below A, with
// billing details: its invoices go to the unit), one of A's driver (a private customer: invoiced to the
// profile) and one of a driver in B. Each session is the sample: 11.45 excl. VAT, NL VAT 21 % 2.40, 13.85
// incl.; the CPO's cost 10.24 excl. VAT.
class InvoiceRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::Repositories& db = world_.db();
    fleet_ = db.organisation_units()
                 .Create(world_.acme,
                         domain::NewOrganisationUnit{
                             .parent_id = world_.a,
                             .name = "A Fleet",
                             .billing = domain::BillingDetails{.legal_name = "A Fleet B.V.",
                                                               .address = "Dam 1, Amsterdam",
                                                               .vat_number = "NL000099998B57",
                                                               .email = "ap@afleet.example",
                                                               .cost_centre = "AF"}})
                 .value()
                 .id;
    const auto profile = [&](domain::OrganisationUnitId unit, const char* name) {
      return db.profiles()
          .Create(world_.acme, domain::NewProfile{.organisation_unit_id = unit,
                                                  .name = name,
                                                  .kind = domain::ProfileKind::kVehicle,
                                                  .email = "",
                                                  .prices_hidden = false})
          .value()
          .id;
    };
    van_ = profile(fleet_, "Van 1");
    b_driver_ = profile(world_.b, "B driver");
    Store("C-VAN-1", "2025-11-03T08:00:00Z", fleet_, van_, fleet_);
    Store("C-VAN-2", "2025-11-04T08:00:00Z", fleet_, van_, fleet_);
    Store("C-DRIVER", "2025-11-05T08:00:00Z", world_.a, world_.driver_profile, std::nullopt);
    Store("C-B", "2025-11-06T08:00:00Z", world_.b, b_driver_, std::nullopt);
  }

  void Store(const char* cdr_id, const char* start, domain::OrganisationUnitId unit,
             domain::ProfileId profile, std::optional<domain::OrganisationUnitId> billing_unit) {
    (void)StoreRatedCdr(world_, world_.acme, world_.root, cdr_id, At(start), unit, profile, std::nullopt, "",
                        billing_unit);
  }

  http::HttpResponse Call(const std::string& method, const std::string& path, const Caller& caller,
                          const std::string& body = "") {
    return world_.Call(method, path, body, &caller);
  }

  boost::json::value Json(const std::string& method, const std::string& path, const Caller& caller,
                          int status = 200, const std::string& body = "") {
    const http::HttpResponse response = Call(method, path, caller, body);
    EXPECT_EQ(response.status, status) << method << " " << path << ": " << response.body;
    return BodyOf(response);
  }

  // What serve's job worker does (app/billing_jobs.h): claims the queued billing runs and runs each.
  void RunQueuedBillingJobs() {
    domain::JobQueue& jobs = world_.db().jobs();
    const std::vector<std::string> kinds = {std::string(billing::kBillingRunJob)};
    const std::vector<domain::Job> claimed =
        jobs.Claim("test-worker", kinds, world_.clock().Now(), std::chrono::minutes(1), 10).value();
    for (const domain::Job& job : claimed) {
      ASSERT_TRUE(billing::RunRequestedBilling(billing::BillingStoresOf(world_.db()), world_.db().audit_log(),
                                               billing::BillingRunRequestOf(job).value()));
      ASSERT_TRUE(jobs.Complete(job.id, "test-worker", world_.clock().Now()));
    }
  }

  std::size_t QueuedBillingJobs() {
    const std::vector<domain::Job> queued =
        world_.db().jobs().List(domain::JobScope::OfTenant(world_.acme), domain::JobState::kQueued, 100).value();
    return static_cast<std::size_t>(std::count_if(queued.begin(), queued.end(), [](const domain::Job& job) {
      return job.kind == billing::kBillingRunJob;
    }));
  }

  // Bills November as the tenant admin (queued, then run by the job worker); the invoices by whom they
  // go to.
  void BillNovember() {
    const boost::json::value queued =
        Json("POST", "/billing-runs", world_.tenant_admin, 202, R"({"period": "2025-11"})");
    ASSERT_EQ(queued.at("status"), "QUEUED") << queued;
    RunQueuedBillingJobs();
    const boost::json::value run = Json("GET", "/billing-runs/2025-11", world_.tenant_admin);
    ASSERT_EQ(run.at("status"), "COMPLETE") << run;
    ASSERT_EQ(run.at("invoices"), 3) << run;
    ASSERT_EQ(run.at("sessions"), 4);
    const boost::json::value invoices = Json("GET", "/invoices", world_.tenant_admin);
    for (const boost::json::value& invoice : invoices.at("items").as_array()) {
      const std::int64_t id = invoice.at("id").as_int64();
      if (!invoice.at("billing_unit_id").is_null()) fleet_invoice_ = id;
      if (invoice.at("profile_id") == world_.driver_profile.value) driver_invoice_ = id;
      if (invoice.at("profile_id") == b_driver_.value) b_invoice_ = id;
    }
  }

  static std::vector<std::int64_t> Ids(const boost::json::value& page) {
    std::vector<std::int64_t> ids;
    for (const boost::json::value& item : page.at("items").as_array())
      ids.push_back(item.at("id").as_int64());
    return ids;
  }

  ApiWorld world_;
  domain::OrganisationUnitId fleet_;
  domain::ProfileId van_, b_driver_;
  std::int64_t fleet_invoice_ = 0, driver_invoice_ = 0, b_invoice_ = 0;
};

TEST_F(InvoiceRoutesTest, AMonthIsBilledOnceAndItsInvoicesAddUp) {
  BillNovember();
  // Once complete, a period answers what it made (200) and queues nothing more.
  const boost::json::value again =
      Json("POST", "/billing-runs", world_.tenant_admin, 200, R"({"period": "2025-11"})");
  EXPECT_TRUE(again.at("already_complete").as_bool());
  EXPECT_EQ(again.at("status"), "COMPLETE");
  EXPECT_EQ(again.at("invoices"), 3);
  EXPECT_EQ(QueuedBillingJobs(), 0u);
  EXPECT_EQ(Ids(Json("GET", "/invoices", world_.tenant_admin)).size(), 3u);
  // January has not ended on 2026-01-01.
  const boost::json::value early =
      Json("POST", "/billing-runs", world_.tenant_admin, 422, R"({"period": "2026-01"})");
  EXPECT_EQ(early.at("errors").at(0).at("field"), "period");
  EXPECT_EQ(Json("POST", "/billing-runs", world_.tenant_admin, 400, R"({"period": "2025-13"})")
                .at("errors")
                .at(0)
                .at("field"),
            "period");

  // The fleet's: its two sessions, 2 × 11.45 = 22.90, VAT 2 × 2.40 = 4.80, 27.70; a draft has no number.
  const boost::json::value fleet = Json("GET", "/invoices/" + Id(fleet_invoice_), world_.tenant_admin);
  EXPECT_EQ(fleet.at("status"), "DRAFT");
  EXPECT_TRUE(fleet.at("number").is_null());
  EXPECT_EQ(fleet.at("billing_unit_id"), fleet_.value);
  EXPECT_EQ(fleet.at("period"), "2025-11");
  EXPECT_EQ(fleet.at("currency"), "EUR");
  EXPECT_EQ(fleet.at("sessions"), 2);
  EXPECT_EQ(fleet.at("total_excl_vat"), "22.90");
  EXPECT_EQ(fleet.at("vat_amount"), "4.80");
  EXPECT_EQ(fleet.at("total_incl_vat"), "27.70");
  const boost::json::array& lines = fleet.at("lines").as_array();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("session_start"), "2025-11-03T08:00:00Z");
  EXPECT_EQ(lines[0].at("amount_excl_vat"), "11.45");
  EXPECT_EQ(lines[0].at("vat_amount"), "2.40");
  EXPECT_EQ(lines[0].at("energy_kwh"), "20.75");
  const boost::json::array& vat = fleet.at("vat_breakdown").as_array();
  ASSERT_EQ(vat.size(), 1u);
  EXPECT_EQ(vat[0].at("country"), "NL");
  EXPECT_EQ(vat[0].at("percent"), "21");
  EXPECT_EQ(vat[0].at("sessions"), 2);
  EXPECT_EQ(vat[0].at("taxable_amount"), "22.90");
  EXPECT_EQ(vat[0].at("vat_amount"), "4.80");
  EXPECT_EQ(fleet.at("cost_centres").as_array().size(), 1u);

  // Its documents: a PDF and the CSV with the same amounts.
  const http::HttpResponse pdf =
      Call("GET", "/invoices/" + Id(fleet_invoice_) + "/document", world_.tenant_admin);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.headers.Get("Content-Type").value_or(""), "application/pdf");
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  EXPECT_EQ(pdf.headers.Get("Content-Disposition").value_or(""),
            "attachment; filename=\"invoice-draft-" + Id(fleet_invoice_) + ".pdf\"");
  const http::HttpResponse csv =
      Call("GET", "/invoices/" + Id(fleet_invoice_) + "/document?format=csv", world_.tenant_admin);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("22.90"), std::string::npos);
  EXPECT_NE(csv.body.find("A Fleet B.V."), std::string::npos);
  EXPECT_EQ(Json("GET", "/invoices/" + Id(fleet_invoice_) + "/document?format=xml", world_.tenant_admin, 400)
                .at("errors")
                .at(0)
                .at("field"),
            "format");
}

TEST_F(InvoiceRoutesTest, ABillingRunIsAJobQueuedOnceFollowedUntilCompleteAndListed) {
  // October has no CDR: a run with nothing. Asked twice while queued: one job.
  const boost::json::value queued =
      Json("POST", "/billing-runs", world_.tenant_admin, 202, R"({"period": "2025-10"})");
  EXPECT_EQ(queued.at("period"), "2025-10");
  EXPECT_EQ(queued.at("status"), "QUEUED");
  EXPECT_TRUE(queued.at("run_id").is_null());
  EXPECT_EQ(queued.at("already_complete"), false);
  EXPECT_EQ(Json("POST", "/billing-runs", world_.tenant_admin, 202, R"({"period": "2025-10"})").at("status"),
            "QUEUED");
  EXPECT_EQ(QueuedBillingJobs(), 1u);
  EXPECT_EQ(Json("GET", "/billing-runs/2025-10", world_.tenant_admin).at("status"), "QUEUED");
  // A month never asked for; a malformed one.
  EXPECT_EQ(Json("GET", "/billing-runs/2025-09", world_.tenant_admin, 404).at("errors").at(0).at("field"),
            "period");
  EXPECT_EQ(Json("GET", "/billing-runs/2025-9", world_.tenant_admin, 400).at("errors").at(0).at("field"),
            "period");

  // August was started and interrupted (the process died): INTERRUPTED until asked again, then RUNNING
  // (resumed by the job) — a run row and a job.
  const domain::BillingRun august =
      world_.db().invoices().StartRun(world_.acme, domain::BillingPeriod{2025, 8}).value();
  EXPECT_EQ(Json("GET", "/billing-runs/2025-08", world_.tenant_admin).at("status"), "INTERRUPTED");
  const boost::json::value resumed =
      Json("POST", "/billing-runs", world_.tenant_admin, 202, R"({"period": "2025-08"})");
  EXPECT_EQ(resumed.at("status"), "RUNNING");
  EXPECT_EQ(resumed.at("run_id"), august.id.value);

  // The list: newest month first, the queued one without a run.
  boost::json::value listed = Json("GET", "/billing-runs", world_.tenant_admin);
  ASSERT_EQ(listed.at("items").as_array().size(), 2u) << listed;
  EXPECT_EQ(listed.at("items").at(0).at("period"), "2025-10");
  EXPECT_EQ(listed.at("items").at(0).at("status"), "QUEUED");
  EXPECT_EQ(listed.at("items").at(1).at("period"), "2025-08");

  // The worker runs both; each audited as the admin who asked.
  RunQueuedBillingJobs();
  EXPECT_EQ(QueuedBillingJobs(), 0u);
  listed = Json("GET", "/billing-runs", world_.tenant_admin);
  ASSERT_EQ(listed.at("items").as_array().size(), 2u) << listed;
  for (const boost::json::value& run : listed.at("items").as_array()) {
    EXPECT_EQ(run.at("status"), "COMPLETE") << run;
    EXPECT_FALSE(run.at("completed_at").is_null());
  }
  // August's run took every billable CDR before its end: none (they are November's).
  EXPECT_EQ(listed.at("items").at(1).at("invoices"), 0);
  EXPECT_EQ(Json("GET", "/billing-runs?limit=1", world_.tenant_admin).at("items").as_array().size(), 1u);
  domain::AuditFilter runs;
  runs.action = "billing_run.run";
  const domain::AuditPage log = world_.db().audit_log().List(world_.acme, runs, 10, std::nullopt).value();
  ASSERT_EQ(log.entries.size(), 2u);
  EXPECT_EQ(log.entries[0].actor, domain::AuditActor::User(world_.tenant_admin.id));

  // The billing team's only.
  (void)Json("GET", "/billing-runs", world_.fleet_manager, 403);
  (void)Json("GET", "/billing-runs/2025-10", world_.finance, 403);
  (void)Json("POST", "/billing-runs", world_.fleet_manager, 403, R"({"period": "2025-10"})");
  EXPECT_TRUE(Json("GET", "/billing-runs", world_.other_admin).at("items").as_array().empty());
}

TEST_F(InvoiceRoutesTest, EachCallerSeesTheInvoicesOfItsScope) {
  BillNovember();
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(Ids(Json("GET", "/invoices", world_.tenant_admin)).size(), 3u);
  // A's fleet manager: the fleet's (below A) and A's private driver's, not B's.
  V of_a = Ids(Json("GET", "/invoices", world_.fleet_manager));
  std::sort(of_a.begin(), of_a.end());
  V expected{fleet_invoice_, driver_invoice_};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(of_a, expected);
  EXPECT_EQ(Ids(Json("GET", "/invoices?organisation_unit_id=" + Id(fleet_.value), world_.fleet_manager)),
            (V{fleet_invoice_}));
  // The driver: its own private invoice only.
  EXPECT_EQ(Ids(Json("GET", "/invoices", world_.driver)), (V{driver_invoice_}));
  (void)Json("GET", "/invoices/" + Id(fleet_invoice_), world_.driver, 403);
  (void)Json("GET", "/invoices/" + Id(b_invoice_), world_.fleet_manager, 403);
  (void)Json("GET", "/invoices/" + Id(b_invoice_), world_.other_admin, 404);
  EXPECT_TRUE(Ids(Json("GET", "/invoices", world_.other_admin)).empty());
  EXPECT_EQ(Ids(Json("GET", "/invoices?status=ISSUED", world_.tenant_admin)), V{});
  EXPECT_EQ(Json("GET", "/invoices?status=SENT", world_.tenant_admin, 400).at("errors").at(0).at("field"),
            "status");
}

TEST_F(InvoiceRoutesTest, InvoicesNameTheirCustomerByItsLegalNameOrTheProfilesName) {
  BillNovember();
  std::map<std::int64_t, std::string> names;
  const boost::json::value page = Json("GET", "/invoices", world_.tenant_admin);
  for (const boost::json::value& invoice : page.at("items").as_array())
    names[invoice.at("id").as_int64()] = std::string(invoice.at("customer_name").as_string());
  EXPECT_EQ(names, (std::map<std::int64_t, std::string>{{fleet_invoice_, "A Fleet B.V."},
                                                        {driver_invoice_, "Dana Driver"},
                                                        {b_invoice_, "B driver"}}));
  EXPECT_EQ(Json("GET", "/invoices/" + Id(driver_invoice_), world_.driver).at("customer_name"), "Dana Driver");
  // As the store has them now: a renamed profile.
  ASSERT_TRUE(world_.db().profiles().Update(
      world_.acme, b_driver_,
      {.name = "Bea Driver", .kind = std::nullopt, .email = std::nullopt, .prices_hidden = std::nullopt}));
  EXPECT_EQ(Json("GET", "/invoices/" + Id(b_invoice_), world_.tenant_admin).at("customer_name"), "Bea Driver");
  EXPECT_EQ(Json("POST", "/invoices/" + Id(fleet_invoice_) + "/issue", world_.tenant_admin).at("customer_name"),
            "A Fleet B.V.");
}

TEST_F(InvoiceRoutesTest, AnInvoiceIsIssuedWithTheNextNumberPaidOrVoidedByTheBillingTeam) {
  BillNovember();
  const boost::json::value issued =
      Json("POST", "/invoices/" + Id(fleet_invoice_) + "/issue", world_.tenant_admin);
  EXPECT_EQ(issued.at("status"), "ISSUED");
  EXPECT_EQ(issued.at("number"), "2026-000001");  // the year of issue, the first of it
  EXPECT_EQ(issued.at("issued_at"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(Json("POST", "/invoices/" + Id(driver_invoice_) + "/issue", world_.tenant_admin).at("number"),
            "2026-000002");
  // Issuing twice, paying a draft, voiding a paid one: 422 naming the status.
  EXPECT_EQ(Json("POST", "/invoices/" + Id(fleet_invoice_) + "/issue", world_.tenant_admin, 422)
                .at("errors")
                .at(0)
                .at("field"),
            "status");
  (void)Json("POST", "/invoices/" + Id(b_invoice_) + "/pay", world_.tenant_admin, 422);
  EXPECT_EQ(Json("POST", "/invoices/" + Id(fleet_invoice_) + "/pay", world_.tenant_admin).at("status"),
            "PAID");
  (void)Json("POST", "/invoices/" + Id(fleet_invoice_) + "/void", world_.tenant_admin, 422);
  EXPECT_EQ(Json("POST", "/invoices/" + Id(b_invoice_) + "/void", world_.tenant_admin).at("status"), "VOID");
  // The PDF of an issued invoice is named after its number.
  EXPECT_EQ(Call("GET", "/invoices/" + Id(fleet_invoice_) + "/document", world_.tenant_admin)
                .headers.Get("Content-Disposition")
                .value_or(""),
            "attachment; filename=\"invoice-2026-000001.pdf\"");
  // Audited; the fleet manager and finance (scoped in A) may not.
  const domain::AuditPage log = world_.db().audit_log().List(world_.acme, {}, 10, std::nullopt).value();
  ASSERT_FALSE(log.entries.empty());
  EXPECT_EQ(log.entries.front().action, "invoice.void");
  (void)Json("POST", "/invoices/" + Id(driver_invoice_) + "/pay", world_.fleet_manager, 403);
  (void)Json("POST", "/invoices/" + Id(driver_invoice_) + "/pay", world_.finance, 403);
}

TEST_F(InvoiceRoutesTest, TheSettlementIsWhatTheMspOwesEachCpoForAMonth) {
  // Four CDRs of BE-BEC, each 10.24 excl. VAT as the CPO stated it.
  const boost::json::value settlement = Json("GET", "/settlement?period=2025-11", world_.tenant_admin);
  EXPECT_EQ(settlement.at("period"), "2025-11");
  const boost::json::array& items = settlement.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("cpo"), "BE-BEC");
  EXPECT_EQ(items[0].at("currency"), "EUR");
  EXPECT_EQ(items[0].at("cdrs"), 4);
  EXPECT_EQ(items[0].at("credits"), 0);
  EXPECT_EQ(items[0].at("total_excl_vat"), "40.96");
  EXPECT_TRUE(Json("GET", "/settlement?period=2025-10", world_.tenant_admin).at("items").as_array().empty());
  EXPECT_EQ(Json("GET", "/settlement", world_.tenant_admin, 400).at("errors").at(0).at("field"), "period");
  (void)Json("GET", "/settlement?period=2025-11", world_.fleet_manager, 403);
}

TEST_F(InvoiceRoutesTest, ACposInvoiceIsReconciledWithOurCdrsOfThatMonth) {
  // Our November CDRs of BE-BEC: C-VAN-1, C-VAN-2, C-DRIVER and C-B, 10.24 each = 40.96. Their invoice
  // charges C-VAN-1 (in another case: matched), C-VAN-2 at 10.50 (differs), C-X (not ours) and states a
  // total of 26.00 where its rows sum to 10.24 + 10.50 + 5.00 = 25.74; C-DRIVER and C-B are only ours.
  const std::string csv =
      "cdr_id,amount_excl_vat\n"
      "c-van-1,10.240\n"
      "C-VAN-2,10.50\n"
      "C-X,5\n"
      "TOTAL,26.00\n";
  const std::size_t audited =
      world_.db().audit_log().List(world_.acme, {}, 100, std::nullopt).value().entries.size();
  const boost::json::value report = Json("POST", "/settlement/reconciliation?period=2025-11&cpo=BE*BEC",
                                         world_.tenant_admin, 200, csv);
  EXPECT_EQ(report.at("cpo"), "BE-BEC");
  EXPECT_EQ(report.at("period"), "2025-11");
  EXPECT_EQ(report.at("currency"), "EUR");  // no currency column: the tenant's
  EXPECT_EQ(report.at("agrees"), false);
  EXPECT_EQ(report.at("matched"), 1);
  EXPECT_EQ(report.at("our_total"), "40.96");
  EXPECT_EQ(report.at("their_total"), "25.74");
  EXPECT_EQ(report.at("their_stated_total"), "26.00");
  EXPECT_EQ(report.at("stated_total_differs"), true);
  EXPECT_EQ(report.at("other_currency_cdrs"), 0);
  const boost::json::value expected = boost::json::parse(R"([
    {"kind": "ONLY_OURS", "cdr_id": "C-B", "ours": "10.24", "theirs": null, "line": 0},
    {"kind": "ONLY_OURS", "cdr_id": "C-DRIVER", "ours": "10.24", "theirs": null, "line": 0},
    {"kind": "AMOUNT_DIFFERS", "cdr_id": "C-VAN-2", "ours": "10.24", "theirs": "10.50", "line": 3},
    {"kind": "ONLY_THEIRS", "cdr_id": "C-X", "ours": null, "theirs": "5.00", "line": 4}])");
  EXPECT_EQ(report.at("differences"), expected) << report.at("differences");

  // Every CDR at its amount, by any spelling of the party and with the currency stated: it agrees, and a
  // file without a total row has no stated total.
  const boost::json::value agrees =
      Json("POST", "/settlement/reconciliation?period=2025-11&cpo=be-bec", world_.tenant_admin, 200,
           "Currency,CDR_ID,Amount_Excl_VAT,site\nEUR,C-VAN-1,10.24,x\nEUR,C-VAN-2,10.24,x\n"
           "EUR,C-DRIVER,10.24,x\nEUR,C-B,10.24,x\n");
  EXPECT_EQ(agrees.at("agrees"), true);
  EXPECT_EQ(agrees.at("matched"), 4);
  EXPECT_TRUE(agrees.at("their_stated_total").is_null());
  EXPECT_TRUE(agrees.at("differences").as_array().empty());
  // An invoice in CHF compares none of our EUR CDRs: counted, and theirs are all only theirs.
  const boost::json::value chf = Json("POST", "/settlement/reconciliation?period=2025-11&cpo=BEBEC",
                                      world_.tenant_admin, 200, "cdr_id,amount_excl_vat,currency\nC-B,9,CHF\n");
  EXPECT_EQ(chf.at("currency"), "CHF");
  EXPECT_EQ(chf.at("other_currency_cdrs"), 4);
  EXPECT_EQ(chf.at("our_total"), "0.00");
  ASSERT_EQ(chf.at("differences").as_array().size(), 1u);
  EXPECT_EQ(chf.at("differences").at(0).at("kind"), "ONLY_THEIRS");
  // October: none of ours.
  EXPECT_EQ(Json("POST", "/settlement/reconciliation?period=2025-10&cpo=BE*BEC", world_.tenant_admin, 200,
                 csv)
                .at("matched"),
            0);
  // It changes nothing: no audit entry.
  EXPECT_EQ(world_.db().audit_log().List(world_.acme, {}, 100, std::nullopt).value().entries.size(), audited);
}

TEST_F(InvoiceRoutesTest, AReconciliationRefusesWhatItCannotReadNamingTheField) {
  const auto field = [&](const std::string& path, const std::string& body, int status = 400) {
    const boost::json::value problem = Json("POST", path, world_.tenant_admin, status, body);
    return problem.at("errors").at(0).at("field").as_string();
  };
  const std::string csv = "cdr_id,amount_excl_vat\nC-B,10.24\n";
  EXPECT_EQ(field("/settlement/reconciliation?cpo=BE*BEC", csv), "period");
  EXPECT_EQ(field("/settlement/reconciliation?period=2025-13&cpo=BE*BEC", csv), "period");
  EXPECT_EQ(field("/settlement/reconciliation?period=2025-11", csv), "cpo");
  EXPECT_EQ(field("/settlement/reconciliation?period=2025-11&cpo=BE*BECK", csv), "cpo");
  EXPECT_EQ(field("/settlement/reconciliation?period=2025-11&cpo=BE*BEC&currency=EUR", csv), "currency");
  // JSON is not the CSV.
  EXPECT_EQ(field("/settlement/reconciliation?period=2025-11&cpo=BE*BEC", R"({"csv": "x"})"), "Content-Type");
  // Every bad row in one problem, named by the first.
  const boost::json::value rows =
      Json("POST", "/settlement/reconciliation?period=2025-11&cpo=BE*BEC", world_.tenant_admin, 400,
           "cdr_id,amount_excl_vat\nC-B,10.24\nC-VAN-1,ten\nC-B,1\n");
  EXPECT_EQ(rows.at("errors").at(0).at("field"), "lines[3].amount_excl_vat");
  const std::string message(rows.at("errors").at(0).at("reason").as_string());
  EXPECT_NE(message.find("line 3, column amount_excl_vat"), std::string::npos) << message;
  EXPECT_NE(message.find("line 4, column cdr_id"), std::string::npos) << message;
  EXPECT_EQ(field("/settlement/reconciliation?period=2025-11&cpo=BE*BEC", "cdr,amount\nC-B,1\n"), "columns");
  EXPECT_EQ(field("/settlement/reconciliation?period=2025-11&cpo=BE*BEC", "cdr_id,amount_excl_vat\n\"C-B,1\n"),
            "body");
  // More than the server's 1 MiB; the fleet manager (billing_runs.manage nowhere) may not.
  EXPECT_EQ(Call("POST", "/settlement/reconciliation?period=2025-11&cpo=BE*BEC", world_.tenant_admin,
                 "cdr_id,amount_excl_vat\n" + std::string(1024 * 1024, 'a'))
                .status,
            413);
  (void)Json("POST", "/settlement/reconciliation?period=2025-11&cpo=BE*BEC", world_.fleet_manager, 403, csv);
}

}  // namespace
}  // namespace openmsp::api::test
