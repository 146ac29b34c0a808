// The issuer's legal details (store/sql_issuer_details_repository.h) on SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <string>

#include "domain/issuer_details.h"
#include "domain/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::IssuerDetails;
using domain::NewTenant;
using domain::Tenant;
using domain::TenantId;

template <class Backend>
class IssuerDetailsRepositoryTest : public ::testing::Test {
 protected:
  Tenant CreateTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(NewTenant{.slug = slug,
                          .name = std::string("Tenant ") + slug,
                          .default_currency = Currency::Find("EUR").value(),
                          .parties = {PartyId::Parse(party).value()}})
        .value();
  }
  domain::IssuerDetailsRepository& issuers() { return repositories_.issuer_details(); }

  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'000)};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
  Tenant alpha_ = CreateTenant("alpha", "NL-ALP");
  Tenant beta_ = CreateTenant("beta", "DE-BET");
};

TYPED_TEST_SUITE(IssuerDetailsRepositoryTest, Backends, BackendNames);

TYPED_TEST(IssuerDetailsRepositoryTest, ATenantHasNoneUntilItGivesThemAndThenItsOwnNormalised) {
  EXPECT_TRUE(this->issuers().Find(this->alpha_.id).value().empty());
  const IssuerDetails stored =
      this->issuers()
          .Replace(this->alpha_.id, {.legal_name = " Stroom & Co B.V.",
                                     .address = "Keizersgracht 1\r\n1015 CJ Amsterdam \n\xC3\x89tage 2",
                                     .vat_number = "NL001234567B01 "})
          .value();
  const IssuerDetails expected{.legal_name = "Stroom & Co B.V.",
                               .address = "Keizersgracht 1\n1015 CJ Amsterdam\n\xC3\x89tage 2",
                               .vat_number = "NL001234567B01"};
  EXPECT_EQ(stored, expected);
  EXPECT_EQ(this->issuers().Find(this->alpha_.id).value(), expected);
  // Another tenant's are not alpha's.
  EXPECT_TRUE(this->issuers().Find(this->beta_.id).value().empty());

  // Replaced whole: a field not given is cleared; nothing given removes them.
  EXPECT_EQ(this->issuers().Replace(this->alpha_.id, {.vat_number = "NL009999999B99"}).value(),
            (IssuerDetails{.legal_name = "", .address = "", .vat_number = "NL009999999B99"}));
  EXPECT_EQ(this->issuers().Find(this->alpha_.id).value().vat_number, "NL009999999B99");
  EXPECT_TRUE(this->issuers().Replace(this->alpha_.id, {}).value().empty());
  EXPECT_TRUE(this->issuers().Find(this->alpha_.id).value().empty());
}

TYPED_TEST(IssuerDetailsRepositoryTest, RefusesWhatDoesNotHoldAndKeepsThePreviousOnes) {
  const IssuerDetails before{.legal_name = "Stroom B.V.", .address = "Dam 1", .vat_number = "NL1"};
  ASSERT_TRUE(this->issuers().Replace(this->alpha_.id, before));
  const Result<IssuerDetails> too_long =
      this->issuers().Replace(this->alpha_.id, {.legal_name = "X", .address = std::string(501, 'a')});
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field, "address");
  EXPECT_EQ(this->issuers().Replace(this->alpha_.id, {.vat_number = "NL\n1"}).error().field, "vat_number");
  EXPECT_EQ(this->issuers().Find(this->alpha_.id).value(), before);
  // No such tenant.
  EXPECT_EQ(this->issuers().Find(TenantId{987654}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->issuers().Replace(TenantId{987654}, before).error().field, "tenant_id");
}

TYPED_TEST(IssuerDetailsRepositoryTest, TheLongestOfEachFieldIsStoredWhole) {
  // 200 bytes of legal name in two-byte characters, 500 of address over lines, 30 of VAT number.
  std::string name;
  for (int i = 0; i < 100; ++i) name += "\xC3\xA9";
  const std::string line(99, 'a');
  const IssuerDetails longest{.legal_name = name,
                              .address = line + "\n" + line + "\n" + line + "\n" + line + "\n" + line + "b",
                              .vat_number = std::string(30, '9')};
  EXPECT_EQ(this->issuers().Replace(this->alpha_.id, longest).value(), longest);
  EXPECT_EQ(this->issuers().Find(this->alpha_.id).value(), longest);
}

}  // namespace
}  // namespace openmsp::store
