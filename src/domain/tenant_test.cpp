#include "domain/tenant.h"

#include <gtest/gtest.h>

namespace openmsp::domain {
namespace {

NewTenant Acme() {
  return NewTenant{.slug = "acme-mobility",
                   .name = "Acme Mobility",
                   .default_currency = Currency::Find("EUR").value(),
                   .parties = {PartyId::Parse("DE-ACM").value()}};
}

TEST(ValidateSlugTest, AcceptsLowerCaseLettersDigitsAndInnerHyphens) {
  for (const char* slug : {"ab", "acme", "acme-2", "a1-b2-c3", "0123456789012345678901234567890123456789"}) {
    EXPECT_TRUE(ValidateSlug(slug).ok()) << slug;
  }
}

TEST(ValidateSlugTest, RefusesWhatDoesNotFitAHostName) {
  for (const char* slug : {"", "a", "Acme", "acme_mobility", "acme mobility", "-acme", "acme-", "acmé",
                           "01234567890123456789012345678901234567890"}) {
    Result<void> result = ValidateSlug(slug);
    ASSERT_FALSE(result.ok()) << slug;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(ValidateNewTenantTest, AcceptsAWellFormedTenant) { EXPECT_TRUE(ValidateNewTenant(Acme()).ok()); }

TEST(ValidateNewTenantTest, NamesTheFieldAtFault) {
  NewTenant bad_slug = Acme();
  bad_slug.slug = "Acme";
  EXPECT_EQ(ValidateNewTenant(bad_slug).error().field, "slug");

  NewTenant no_name = Acme();
  no_name.name = "";
  EXPECT_EQ(ValidateNewTenant(no_name).error().field, "name");

  NewTenant long_name = Acme();
  long_name.name = std::string(201, 'x');
  EXPECT_EQ(ValidateNewTenant(long_name).error().field, "name");

  NewTenant no_party = Acme();
  no_party.parties.clear();
  EXPECT_EQ(ValidateNewTenant(no_party).error().field, "parties");

  NewTenant twice = Acme();
  twice.parties.push_back(PartyId::Parse("NL-ACM").value());
  twice.parties.push_back(PartyId::Parse("de*acm").value());
  Result<void> result = ValidateNewTenant(twice);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "parties[2]");
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace openmsp::domain
