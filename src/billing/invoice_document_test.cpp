// What an invoice document shows, read from the real store (SQLite and PostgreSQL 15).
#include "billing/invoice_document.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "billing/billing_run.h"
#include "core/clock.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"
#include "support/billing_world.h"

namespace openmsp::billing {
namespace {

using domain::Invoice;
using domain::InvoiceKind;
using test::Customer;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

template <class Backend>
class InvoiceDocumentTest : public ::testing::Test {
 protected:
  void SetUp() override { world_ = test::MakeBillingWorld(repositories_, "alpha", "NL-ALP", At("2026-01-01T00:00:00Z")); }

  domain::MspCdr Rated(const std::string& id, const char* start, Customer customer) {
    return test::RecordRated(repositories_, *ingestor_, world_, id, At(start), customer);
  }

  BillingRunReport Run(domain::BillingPeriod period) {
    return RunBilling(BillingStoresOf(repositories_), world_.tenant, period).value();
  }

  Result<InvoiceDocument> Load(domain::InvoiceId id) {
    return LoadInvoiceDocument(DocumentStoresOf(repositories_), world_.tenant, id);
  }

  ManualClock clock_{At("2026-11-02T09:00:00Z")};
  Backend backend_;
  store::Repositories repositories_ = store::Repositories::Open(backend_.url(), clock_).value();
  std::unique_ptr<store::CpoCdrIngestor> ingestor_ = store::CpoCdrIngestor::Open(backend_.url(), clock_).value();
  test::BillingWorld world_{};
};

TYPED_TEST_SUITE(InvoiceDocumentTest, store::Backends, store::BackendNames);

TYPED_TEST(InvoiceDocumentTest, NamesTheIssuerTheCustomerAndTheCreditedInvoice) {
  const domain::MspCdr fleet = this->Rated("F1", "2026-10-03T08:00:00Z", Customer::kFleet);
  this->Rated("P1", "2026-10-05T08:00:00Z", Customer::kPrivate);
  const BillingRunReport october = this->Run({2026, 10});
  ASSERT_EQ(october.drafts.size(), 2u);
  domain::InvoiceRepository& invoices = this->repositories_.invoices();

  // The private driver's draft (profiles before units): the tenant chose no branding, so its own name
  // and OpenMSP's colours; the profile has no address.
  const InvoiceDocument own = this->Load(october.drafts[0]).value();
  EXPECT_EQ(own.invoice, invoices.FindById(this->world_.tenant, october.drafts[0]).value());
  EXPECT_EQ(own.branding, domain::DefaultBranding(this->repositories_.tenants().FindById(this->world_.tenant).value()));
  EXPECT_EQ(own.issuer, (InvoiceParty{.name = "alpha", .address = "", .vat_number = "", .email = "", .reference = ""}));
  EXPECT_EQ(own.customer,
            (InvoiceParty{.name = "Private driver", .address = "", .vat_number = "", .email = "", .reference = ""}));
  EXPECT_EQ(own.credited_invoice_number, "");

  // The fleet's, once the tenant has a branding: the unit's billing details.
  domain::Branding branding = domain::DefaultBranding(this->repositories_.tenants().FindById(this->world_.tenant).value());
  branding.display_name = "Alpha Laden";
  branding.support_email = "hulp@alpha.example";
  branding.primary_colour = "#1a7f37";
  ASSERT_TRUE(this->repositories_.tenant_settings().SetBranding(this->world_.tenant, branding));
  const Invoice issued = invoices.Issue(this->world_.tenant, october.drafts[1]).value();
  const InvoiceDocument fleet_document = this->Load(issued.id).value();
  EXPECT_EQ(fleet_document.branding.display_name, "Alpha Laden");
  EXPECT_EQ(fleet_document.issuer.email, "hulp@alpha.example");
  EXPECT_EQ(fleet_document.issuer.name, "alpha");  // no legal details given: the tenant's name
  // Once the tenant gives its legal details, every document names it by them (issued ones too).
  ASSERT_TRUE(this->repositories_.issuer_details().Replace(
      this->world_.tenant, {.legal_name = "Alpha Laden B.V.", .address = "Dam 2\n1012 JS Amsterdam",
                            .vat_number = "NL001234567B01"}));
  EXPECT_EQ(this->Load(issued.id).value().issuer, (InvoiceParty{.name = "Alpha Laden B.V.",
                                                                .address = "Dam 2\n1012 JS Amsterdam",
                                                                .vat_number = "NL001234567B01",
                                                                .email = "hulp@alpha.example",
                                                                .reference = ""}));
  EXPECT_EQ(fleet_document.customer, (InvoiceParty{.name = "Fleet B.V.",
                                                   .address = "Dam 1, Amsterdam",
                                                   .vat_number = "NL000099998B57",
                                                   .email = "ap@fleet.example",
                                                   .reference = "FL"}));

  // A credit note names the number of the invoice it credits.
  test::RecordCredit(this->repositories_, *this->ingestor_, fleet, "F1-CREDIT");
  const BillingRunReport november = this->Run({2026, 11});
  ASSERT_EQ(november.drafts.size(), 1u);
  const InvoiceDocument note = this->Load(november.drafts[0]).value();
  EXPECT_EQ(note.invoice.invoice.kind, InvoiceKind::kCreditNote);
  EXPECT_EQ(note.credited_invoice_number, "2026-000001");

  // Another tenant's invoice is not found, like a missing one.
  const Result<InvoiceDocument> foreign =
      LoadInvoiceDocument(DocumentStoresOf(this->repositories_), domain::TenantId{this->world_.tenant.value + 99},
                          issued.id);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(foreign.error().field, "id");
}

}  // namespace
}  // namespace openmsp::billing
