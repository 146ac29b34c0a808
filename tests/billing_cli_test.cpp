// `openmsp billing` end to end: the test seeds rated MSP CDRs in a SQLite database through the
// repositories (tests/support/billing_world.h), runs the binary, and checks what it printed and stored.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "run_process.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/billing_world.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

using ::testing::HasSubstr;
using ::testing::ContainsRegex;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

class BillingCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_ = test::MakeBillingWorld(repositories_, "alpha", "NL-ALP", At("2026-01-01T00:00:00Z"));
    for (const char* id : {"F1", "F2"}) {
      test::RecordRated(repositories_, *ingestor_, world_, id, At("2026-10-03T08:00:00Z"), test::Customer::kFleet);
    }
    test::RecordRated(repositories_, *ingestor_, world_, "P1", At("2026-10-05T08:00:00Z"), test::Customer::kPrivate);
    ingestor_.reset();
  }

  std::string DatabaseUrl() const { return "sqlite:" + directory_.File("openmsp.db"); }

  test::ProcessResult Run(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), OPENMSP_BINARY);
    arguments.insert(arguments.end(), {"--database", DatabaseUrl()});
    return test::RunProcess(arguments);
  }

  test::TempDirectory directory_{"openmsp_billing_cli_test"};
  ManualClock clock_{At("2026-11-02T00:00:00Z")};
  store::Repositories repositories_ = [this] {
    const store::DatabaseUrl url = store::ParseDatabaseUrl(DatabaseUrl()).value();
    store::OpenAndMigrate(url).value();
    return store::Repositories::Open(url, clock_).value();
  }();
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ =
      store::CpoCdrIngestor::Open(store::ParseDatabaseUrl(DatabaseUrl()).value(), clock_).value();
  test::BillingWorld world_{};
};

TEST_F(BillingCliTest, RunsAMonthListsIssuesAndShowsItsInvoices) {
  const test::ProcessResult run = Run({"billing", "run", "--tenant", "alpha", "--period", "2026-10"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("billing run 2026-10 of alpha (run 1): 2 drafts with 3 sessions"));
  // The private driver's 13.85 and the fleet's 2 × 13.85 = 27.70.
  EXPECT_THAT(run.out, HasSubstr("13.85 EUR"));
  EXPECT_THAT(run.out, HasSubstr("27.70 EUR"));

  const test::ProcessResult again = Run({"billing", "run", "--tenant", "alpha", "--period", "2026-10"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("completed before"));

  const std::vector<domain::Invoice> drafts = repositories_.invoices().List(world_.tenant, {}).value();
  ASSERT_EQ(drafts.size(), 2u);
  const std::string fleet = std::to_string(drafts[1].id.value);
  const test::ProcessResult issued = Run({"billing", "issue", "--tenant", "alpha", "--invoice", fleet});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  EXPECT_THAT(issued.out, ContainsRegex("[0-9]{4}-000001 +ISSUED +INVOICE"));
  EXPECT_THAT(issued.out, HasSubstr("NL 21%: 2 sessions, taxable 22.90 EUR, VAT 4.80 EUR, incl. VAT 27.70 EUR"));
  EXPECT_THAT(issued.out, HasSubstr("SALES: 2 sessions"));
  EXPECT_THAT(issued.out, HasSubstr("FLEET-0001"));

  const test::ProcessResult twice = Run({"billing", "issue", "--tenant", "alpha", "--invoice", fleet});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.err, HasSubstr("status"));
  const test::ProcessResult listed = Run({"billing", "list", "--tenant", "alpha", "--status", "DRAFT"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("profile " + std::to_string(world_.private_driver.value)));
  EXPECT_THAT(listed.out, ::testing::Not(HasSubstr("ISSUED")));
  EXPECT_EQ(Run({"billing", "pay", "--tenant", "alpha", "--invoice", fleet}).exit_code, 0);
}

TEST_F(BillingCliTest, SettlesWhatTheMspOwesEachCpo) {
  // Three sample CPO CDRs of BE-BEC in October, each 10.24 excl. and 12.39 incl. VAT: 30.72 and 37.17.
  const test::ProcessResult settled = Run({"billing", "settle", "--tenant", "alpha", "--period", "2026-10"});
  ASSERT_EQ(settled.exit_code, 0) << settled.err;
  EXPECT_THAT(settled.out, ContainsRegex("BE-BEC +EUR +3 +0 +30.72 +37.17"));
  const test::ProcessResult november = Run({"billing", "settle", "--tenant", "alpha", "--period", "2026-11"});
  ASSERT_EQ(november.exit_code, 0) << november.err;
  EXPECT_THAT(november.out, ::testing::Not(HasSubstr("BE-BEC")));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST_F(BillingCliTest, WritesAnInvoiceAsPdfAndAsCsv) {
  ASSERT_EQ(Run({"billing", "run", "--tenant", "alpha", "--period", "2026-10"}).exit_code, 0);
  const std::vector<domain::Invoice> drafts = repositories_.invoices().List(world_.tenant, {}).value();
  ASSERT_EQ(drafts.size(), 2u);
  const std::string fleet = std::to_string(drafts[1].id.value);

  const std::string pdf = directory_.File("fleet.pdf");
  const test::ProcessResult drafted =
      Run({"billing", "show", "--tenant", "alpha", "--invoice", fleet, "--format", "pdf", "--output", pdf});
  ASSERT_EQ(drafted.exit_code, 0) << drafted.err;
  EXPECT_THAT(drafted.out, HasSubstr("wrote " + pdf + " pdf of invoice draft " + fleet + " (2 sessions"));
  EXPECT_TRUE(ReadFile(pdf).starts_with("%PDF-"));
  const test::ProcessResult text = test::RunProcess({"/usr/bin/pdftotext", "-layout", pdf, "-"});
  ASSERT_EQ(text.exit_code, 0) << "pdftotext (poppler-utils, scripts/install-deps) failed: " << text.err;
  EXPECT_THAT(text.out, HasSubstr("DRAFT Invoice"));
  EXPECT_THAT(text.out, HasSubstr("Fleet B.V."));
  EXPECT_THAT(text.out, ContainsRegex("Total incl. VAT +€ 27.70"));

  ASSERT_EQ(Run({"billing", "issue", "--tenant", "alpha", "--invoice", fleet}).exit_code, 0);
  const std::string csv = directory_.File("fleet.csv");
  const test::ProcessResult written =
      Run({"billing", "show", "--tenant", "alpha", "--invoice", fleet, "--format", "csv", "--output", csv});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const std::string document = ReadFile(csv);
  EXPECT_TRUE(document.starts_with("\xEF\xBB\xBF" "Field,Value\r\nDocument,Invoice\r\n"));
  EXPECT_THAT(document, ContainsRegex("Number,[0-9]{4}-000001\r\n"));
  EXPECT_THAT(document, HasSubstr("To,Fleet B.V.\r\n"));
  EXPECT_THAT(document, HasSubstr("\r\nTotal excl. VAT,VAT,Total incl. VAT\r\n22.90,4.80,27.70\r\n"));
}

TEST_F(BillingCliTest, RefusesADocumentWithABadFormatNoOutputOrAnOutputItCannotWrite) {
  ASSERT_EQ(Run({"billing", "run", "--tenant", "alpha", "--period", "2026-10"}).exit_code, 0);
  const std::string id = std::to_string(repositories_.invoices().List(world_.tenant, {}).value().front().id.value);
  const test::ProcessResult format =
      Run({"billing", "show", "--tenant", "alpha", "--invoice", id, "--format", "docx", "--output", "x"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_THAT(format.err, HasSubstr("--format"));
  const test::ProcessResult no_output = Run({"billing", "show", "--tenant", "alpha", "--invoice", id, "--format", "pdf"});
  EXPECT_EQ(no_output.exit_code, 2);
  EXPECT_THAT(no_output.err, HasSubstr("--output"));
  const std::string nowhere = directory_.File("missing/invoice.pdf");
  const test::ProcessResult unwritable =
      Run({"billing", "show", "--tenant", "alpha", "--invoice", id, "--format", "pdf", "--output", nowhere});
  EXPECT_EQ(unwritable.exit_code, 2);
  EXPECT_THAT(unwritable.err, HasSubstr("--output"));
  EXPECT_FALSE(std::filesystem::exists(nowhere));
  const test::ProcessResult unknown = Run(
      {"billing", "show", "--tenant", "alpha", "--invoice", "999", "--format", "csv", "--output", directory_.File("x")});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("--invoice"));
  EXPECT_FALSE(std::filesystem::exists(directory_.File("x")));
}

TEST_F(BillingCliTest, ReconcilesACposInvoiceWithItsCdrsOfTheMonth) {
  // Ours at BE-BEC in October: F1, F2 and P1, 10.24 each excl. VAT (30.72). Their invoice: F1 as ours, F2
  // (in lower case) at 10.42, X9 we do not have, and a total row 10.24 + 10.42 + 3.00 = 23.66.
  const std::string csv = directory_.File("cpo-invoice.csv");
  std::ofstream(csv) << "cdr_id,amount_excl_vat,currency\nF1,10.24,EUR\nf2,10.42,EUR\nX9,3.00,EUR\nTOTAL,23.66,EUR\n";
  const test::ProcessResult differs =
      Run({"billing", "reconcile", "--tenant", "alpha", "--cpo", "BE*BEC", "--period", "2026-10", "--csv", csv});
  EXPECT_EQ(differs.exit_code, 1) << differs.err;
  EXPECT_THAT(differs.out, HasSubstr("reconciliation of BE-BEC 2026-10 in EUR for alpha"));
  EXPECT_THAT(differs.out, HasSubstr("1 CDRs agree, 3 differ\n"));
  EXPECT_THAT(differs.out, ContainsRegex("AMOUNT_DIFFERS +F2 +3 +10.24 +10.42\n"));
  EXPECT_THAT(differs.out, ContainsRegex("ONLY_OURS +P1 +- +10.24 +-\n"));
  EXPECT_THAT(differs.out, ContainsRegex("ONLY_THEIRS +X9 +4 +- +3.00\n"));
  EXPECT_THAT(differs.out, HasSubstr("our total excl. VAT    30.72 EUR\n"));
  EXPECT_THAT(differs.out, HasSubstr("their rows excl. VAT   23.66 EUR\n"));
  EXPECT_THAT(differs.out, HasSubstr("their total row        23.66 EUR\n"));
  EXPECT_THAT(differs.out, HasSubstr("their rows minus ours  -7.06 EUR\n"));

  std::ofstream(csv) << "cdr_id,amount_excl_vat\nP1,10.24\nF2,10.24\nF1,10.240\n";
  const test::ProcessResult agrees =
      Run({"billing", "reconcile", "--tenant", "alpha", "--cpo", "BE-BEC", "--period", "2026-10", "--csv", csv});
  EXPECT_EQ(agrees.exit_code, 0) << agrees.err;
  EXPECT_THAT(agrees.out, HasSubstr("3 CDRs agree, 0 differ\n"));
  EXPECT_THAT(agrees.out, HasSubstr("their rows minus ours  0.000 EUR\n"));
}

TEST_F(BillingCliTest, RefusesAReconciliationWithABadCsvCpoOrFile) {
  const std::string csv = directory_.File("bad.csv");
  std::ofstream(csv) << "cdr_id,amount_excl_vat\nF1,10.24\nF2,ten\n,1\n";
  const test::ProcessResult bad =
      Run({"billing", "reconcile", "--tenant", "alpha", "--cpo", "BE*BEC", "--period", "2026-10", "--csv", csv});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--csv.lines[3].amount_excl_vat"));
  EXPECT_THAT(bad.err, HasSubstr("line 3, column amount_excl_vat: 'ten' is not a decimal number"));
  EXPECT_THAT(bad.err, HasSubstr("line 4, column cdr_id: is empty"));
  const test::ProcessResult cpo =
      Run({"billing", "reconcile", "--tenant", "alpha", "--cpo", "BEBECX", "--period", "2026-10", "--csv", csv});
  EXPECT_EQ(cpo.exit_code, 2);
  EXPECT_THAT(cpo.err, HasSubstr("--cpo"));
  const test::ProcessResult missing = Run({"billing", "reconcile", "--tenant", "alpha", "--cpo", "BE*BEC", "--period",
                                           "2026-10", "--csv", directory_.File("missing.csv")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("--csv"));
}

TEST_F(BillingCliTest, RefusesABadPeriodAnUnknownTenantAndAnUnknownInvoice) {
  const test::ProcessResult bad = Run({"billing", "run", "--tenant", "alpha", "--period", "2026-13"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--period"));
  const test::ProcessResult unknown = Run({"billing", "run", "--tenant", "nobody", "--period", "2026-10"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("--tenant"));
  const test::ProcessResult missing = Run({"billing", "show", "--tenant", "alpha", "--invoice", "999"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("--invoice"));
}

}  // namespace
}  // namespace openmsp
