#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::Branding;
using domain::NewTenant;
using domain::Tenant;
using domain::TenantId;
using domain::VatRate;

VatRate Rate(const char* country, const char* valid_from, const char* percent) {
  return VatRate{CountryFromAlpha2(country).value(), ParseIsoDate(valid_from).value(),
                 Decimal::Parse(percent).value()};
}

template <class Backend>
class TenantSettingsRepositoryTest : public ::testing::Test {
 protected:
  Tenant CreateTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(NewTenant{.slug = slug,
                          .name = std::string("Tenant ") + slug,
                          .default_currency = Currency::Find("EUR").value(),
                          .parties = {PartyId::Parse(party).value()}})
        .value();
  }
  domain::TenantSettingsRepository& settings() { return repositories_.tenant_settings(); }

  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'000)};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
  Tenant alpha_ = CreateTenant("alpha", "NL-ALP");
  Tenant beta_ = CreateTenant("beta", "DE-BET");
};

TYPED_TEST_SUITE(TenantSettingsRepositoryTest, Backends, BackendNames);

TYPED_TEST(TenantSettingsRepositoryTest, KeepsTheVatTableExactlyAndInOrder) {
  const std::vector<VatRate> table = {Rate("NL", "2012-10-01", "21"), Rate("DE", "2020-07-01", "16"),
                                      Rate("DE", "2021-01-01", "19.0"), Rate("BE", "2026-01-01", "5.5000"),
                                      Rate("LU", "2024-01-01", "0")};
  ASSERT_TRUE(this->settings().ReplaceVatRates(this->alpha_.id, table));
  std::vector<VatRate> stored = this->settings().VatRates(this->alpha_.id).value();
  ASSERT_EQ(stored, table);
  EXPECT_EQ(stored[3].percent.ToString(), "5.5000");
  EXPECT_EQ(domain::VatRateOn(stored, CountryFromAlpha2("DE").value(), ParseIsoDate("2020-12-31").value())
                .value(),
            Decimal(16));

  const std::vector<VatRate> smaller = {Rate("NL", "2012-10-01", "21")};
  ASSERT_TRUE(this->settings().ReplaceVatRates(this->alpha_.id, smaller));
  EXPECT_EQ(this->settings().VatRates(this->alpha_.id).value(), smaller);
  EXPECT_TRUE(this->settings().VatRates(this->beta_.id).value().empty());
}

TYPED_TEST(TenantSettingsRepositoryTest, ARefusedVatTableLeavesTheOldOneInPlace) {
  const std::vector<VatRate> table = {Rate("NL", "2012-10-01", "21")};
  ASSERT_TRUE(this->settings().ReplaceVatRates(this->alpha_.id, table));
  const std::vector<VatRate> repeated = {Rate("DE", "2021-01-01", "19"), Rate("DE", "2021-01-01", "16")};
  Result<void> refused = this->settings().ReplaceVatRates(this->alpha_.id, repeated);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "vat_rates[1]");
  EXPECT_EQ(this->settings().VatRates(this->alpha_.id).value(), table);

  Result<void> no_tenant = this->settings().ReplaceVatRates(TenantId{9999}, table);
  ASSERT_FALSE(no_tenant);
  EXPECT_EQ(no_tenant.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_tenant.error().field, "tenant_id");
}

TYPED_TEST(TenantSettingsRepositoryTest, KeepsTheBrandingWithABinaryLogoByteForByte) {
  EXPECT_EQ(this->settings().FindBranding(this->alpha_.id).value(), std::nullopt);
  Branding branding;
  branding.display_name = "Alpha Laden";
  branding.primary_colour = "#A0B0C0";
  branding.accent_colour = "#000000";
  branding.support_email = "hilfe@alpha.example";
  branding.logo_media_type = "image/png";
  constexpr char kPngStart[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe";
  branding.logo = std::string(kPngStart, sizeof kPngStart - 1);
  Branding stored = this->settings().SetBranding(this->alpha_.id, branding).value();
  EXPECT_EQ(stored.primary_colour, "#a0b0c0");
  std::optional<Branding> found = this->settings().FindBranding(this->alpha_.id).value();
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, stored);
  EXPECT_EQ(found->logo.size(), 18u);
  EXPECT_EQ(this->settings().FindBranding(this->beta_.id).value(), std::nullopt);

  branding.logo_media_type = "";
  branding.logo = "";
  branding.support_email = "";
  EXPECT_EQ(this->settings().SetBranding(this->alpha_.id, branding).value().logo, "");
  EXPECT_EQ(this->settings().FindBranding(this->alpha_.id).value()->support_email, "");

  branding.accent_colour = "orange";
  Result<Branding> refused = this->settings().SetBranding(this->alpha_.id, branding);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "accent_colour");
  EXPECT_EQ(this->settings().FindBranding(this->alpha_.id).value()->accent_colour, "#000000");
}

TYPED_TEST(TenantSettingsRepositoryTest, FindsTheTenantByHostNameAndKeepsNamesUnique) {
  const std::vector<std::string> names = {"Portal.Alpha.example.", "laden.alpha.example"};
  EXPECT_EQ(this->settings().ReplaceHostNames(this->alpha_.id, names).value(),
            (std::vector<std::string>{"portal.alpha.example", "laden.alpha.example"}));
  EXPECT_EQ(this->settings().FindTenantByHostName("PORTAL.alpha.example").value(), this->alpha_.id);
  EXPECT_EQ(this->settings().FindTenantByHostName("laden.alpha.example.").value(), this->alpha_.id);
  Result<TenantId> unknown = this->settings().FindTenantByHostName("portal.beta.example");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().field, "host");
  EXPECT_EQ(this->settings().FindTenantByHostName("not a host").error().code, ErrorCode::kNotFound);

  const std::vector<std::string> taken = {"portal.beta.example", "laden.alpha.example"};
  Result<std::vector<std::string>> refused = this->settings().ReplaceHostNames(this->beta_.id, taken);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(refused.error().field, "host_names[1]");
  EXPECT_TRUE(this->settings().HostNames(this->beta_.id).value().empty()) << "nothing half-written";

  const std::vector<std::string> twice = {"a.beta.example", "A.beta.example"};
  EXPECT_EQ(this->settings().ReplaceHostNames(this->beta_.id, twice).error().field, "host_names[1]");
  const std::vector<std::string> invalid = {"a.beta.example", "beta"};
  Result<std::vector<std::string>> bad = this->settings().ReplaceHostNames(this->beta_.id, invalid);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "host_names[1]");

  // A name given up can be taken by another tenant.
  const std::vector<std::string> only_portal = {"portal.alpha.example"};
  ASSERT_TRUE(this->settings().ReplaceHostNames(this->alpha_.id, only_portal));
  const std::vector<std::string> moved = {"laden.alpha.example"};
  ASSERT_TRUE(this->settings().ReplaceHostNames(this->beta_.id, moved));
  EXPECT_EQ(this->settings().FindTenantByHostName("laden.alpha.example").value(), this->beta_.id);
}

}  // namespace
}  // namespace openmsp::store
