#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "domain/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::Branding;
using domain::ExchangeRate;
using domain::NewTenant;
using domain::RatingSettings;
using domain::Tenant;
using domain::TenantId;
using domain::VatRate;

VatRate Rate(const char* country, const char* valid_from, const char* percent) {
  return VatRate{CountryFromAlpha2(country).value(), ParseIsoDate(valid_from).value(),
                 Decimal::Parse(percent).value()};
}

ExchangeRate Conversion(const char* from, const char* to, const char* valid_from, const char* rate) {
  return ExchangeRate{Currency::Find(from).value(), Currency::Find(to).value(), ParseIsoDate(valid_from).value(),
                      Decimal::Parse(rate).value()};
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

TYPED_TEST(TenantSettingsRepositoryTest, KeepsTheExchangeRatesExactlyAndInOrder) {
  EXPECT_TRUE(this->settings().ExchangeRates(this->alpha_.id).value().empty());
  const std::vector<ExchangeRate> table = {Conversion("CHF", "EUR", "2026-01-01", "1.0712"),
                                           Conversion("CHF", "EUR", "2025-01-01", "1.0650"),
                                           Conversion("PLN", "EUR", "2025-07-01", "0.2345000000"),
                                           Conversion("EUR", "CHF", "2026-01-01", "0.93"),
                                           Conversion("JPY", "EUR", "2026-01-01", "0.0000000001"),
                                           Conversion("EUR", "JPY", "2026-01-01", "999999.9999999999")};
  ASSERT_TRUE(this->settings().ReplaceExchangeRates(this->alpha_.id, table));
  std::vector<ExchangeRate> stored = this->settings().ExchangeRates(this->alpha_.id).value();
  ASSERT_EQ(stored, table);
  EXPECT_EQ(stored[2].rate.ToString(), "0.2345000000");
  EXPECT_EQ(stored[3].rate.ToString(), "0.93");
  EXPECT_EQ(stored[4].rate.ToString(), "0.0000000001");
  EXPECT_EQ(stored[5].rate.ToString(), "999999.9999999999");
  EXPECT_EQ(domain::ExchangeRateOn(stored, Currency::Find("CHF").value(), Currency::Find("EUR").value(),
                                   ParseIsoDate("2025-12-31").value())
                .value()
                .ToString(),
            "1.0650");

  const std::vector<ExchangeRate> smaller = {Conversion("PLN", "EUR", "2025-07-01", "0.2345")};
  ASSERT_TRUE(this->settings().ReplaceExchangeRates(this->alpha_.id, smaller));
  EXPECT_EQ(this->settings().ExchangeRates(this->alpha_.id).value(), smaller);
  ASSERT_TRUE(this->settings().ReplaceExchangeRates(this->alpha_.id, {}));
  EXPECT_TRUE(this->settings().ExchangeRates(this->alpha_.id).value().empty());
}

TYPED_TEST(TenantSettingsRepositoryTest, ARefusedExchangeRateTableLeavesTheOldOneInPlace) {
  const std::vector<ExchangeRate> table = {Conversion("CHF", "EUR", "2026-01-01", "1.0712")};
  ASSERT_TRUE(this->settings().ReplaceExchangeRates(this->alpha_.id, table));

  const std::vector<ExchangeRate> repeated = {Conversion("PLN", "EUR", "2026-01-01", "0.2345"),
                                              Conversion("PLN", "EUR", "2026-01-01", "0.2350")};
  Result<void> twice = this->settings().ReplaceExchangeRates(this->alpha_.id, repeated);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(twice.error().field, "exchange_rates[1]");
  const std::vector<ExchangeRate> itself = {Conversion("PLN", "EUR", "2026-01-01", "0.2345"),
                                            Conversion("EUR", "EUR", "2026-01-01", "1")};
  EXPECT_EQ(this->settings().ReplaceExchangeRates(this->alpha_.id, itself).error().field, "exchange_rates[1].to");
  const std::vector<ExchangeRate> zero = {Conversion("PLN", "EUR", "2026-01-01", "0")};
  EXPECT_EQ(this->settings().ReplaceExchangeRates(this->alpha_.id, zero).error().field, "exchange_rates[0].rate");
  EXPECT_EQ(this->settings().ExchangeRates(this->alpha_.id).value(), table);
}

TYPED_TEST(TenantSettingsRepositoryTest, ExchangeRatesBelongToOneTenant) {
  const std::vector<ExchangeRate> alpha_table = {Conversion("CHF", "EUR", "2026-01-01", "1.0712")};
  const std::vector<ExchangeRate> beta_table = {Conversion("PLN", "EUR", "2026-01-01", "0.2345"),
                                                Conversion("CHF", "EUR", "2026-01-01", "1.0800")};
  ASSERT_TRUE(this->settings().ReplaceExchangeRates(this->alpha_.id, alpha_table));
  EXPECT_TRUE(this->settings().ExchangeRates(this->beta_.id).value().empty());
  ASSERT_TRUE(this->settings().ReplaceExchangeRates(this->beta_.id, beta_table));
  EXPECT_EQ(this->settings().ExchangeRates(this->alpha_.id).value(), alpha_table);
  EXPECT_EQ(this->settings().ExchangeRates(this->beta_.id).value(), beta_table);
  ASSERT_TRUE(this->settings().ReplaceExchangeRates(this->beta_.id, {}));
  EXPECT_EQ(this->settings().ExchangeRates(this->alpha_.id).value(), alpha_table);

  // An id that is no tenant's: not found, for reading as for writing.
  const TenantId nobody{this->beta_.id.value + 1000};
  Result<std::vector<ExchangeRate>> read = this->settings().ExchangeRates(nobody);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(read.error().field, "tenant_id");
  Result<void> written = this->settings().ReplaceExchangeRates(nobody, alpha_table);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(written.error().field, "tenant_id");
  EXPECT_EQ(this->settings().ExchangeRates(this->alpha_.id).value(), alpha_table);
}

TYPED_TEST(TenantSettingsRepositoryTest, RatingSettingsAreTheDefaultsUntilSet) {
  EXPECT_EQ(this->settings().RatingSettingsOf(this->alpha_.id).value(), RatingSettings{});

  RatingSettings settings;
  settings.max_energy_kwh = Decimal::Parse("350.500").value();
  settings.max_session_duration = std::chrono::hours(48);
  settings.cost_audit_tolerance = Decimal::Parse("0.1000").value();
  ASSERT_TRUE(this->settings().SetRatingSettings(this->alpha_.id, settings));
  RatingSettings stored = this->settings().RatingSettingsOf(this->alpha_.id).value();
  EXPECT_EQ(stored, settings);
  EXPECT_EQ(stored.max_energy_kwh.ToString(), "350.500");
  EXPECT_EQ(stored.max_session_duration, std::chrono::hours(48));
  EXPECT_EQ(stored.cost_audit_tolerance.ToString(), "0.1000");
  EXPECT_EQ(this->settings().RatingSettingsOf(this->beta_.id).value(), RatingSettings{});

  settings.max_session_duration = std::chrono::hours(744);
  settings.cost_audit_tolerance = Decimal(0);
  ASSERT_TRUE(this->settings().SetRatingSettings(this->alpha_.id, settings));
  EXPECT_EQ(this->settings().RatingSettingsOf(this->alpha_.id).value(), settings);

  RatingSettings bad = settings;
  bad.max_session_duration = std::chrono::hours(745);
  Result<void> refused = this->settings().SetRatingSettings(this->alpha_.id, bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "max_session_duration");
  bad = settings;
  bad.max_energy_kwh = Decimal::Parse("0.0001").value();
  EXPECT_EQ(this->settings().SetRatingSettings(this->alpha_.id, bad).error().field, "max_energy_kwh");
  EXPECT_EQ(this->settings().RatingSettingsOf(this->alpha_.id).value(), settings) << "the old ones stay";
}

TYPED_TEST(TenantSettingsRepositoryTest, RatingSettingsBelongToOneTenant) {
  RatingSettings alpha_settings;
  alpha_settings.max_energy_kwh = Decimal(200);
  ASSERT_TRUE(this->settings().SetRatingSettings(this->alpha_.id, alpha_settings));
  RatingSettings beta_settings;
  beta_settings.max_session_duration = std::chrono::hours(12);
  ASSERT_TRUE(this->settings().SetRatingSettings(this->beta_.id, beta_settings));
  EXPECT_EQ(this->settings().RatingSettingsOf(this->alpha_.id).value(), alpha_settings);
  EXPECT_EQ(this->settings().RatingSettingsOf(this->beta_.id).value(), beta_settings);

  const TenantId nobody{this->beta_.id.value + 1000};
  Result<RatingSettings> read = this->settings().RatingSettingsOf(nobody);
  ASSERT_FALSE(read) << "a tenant that does not exist has no settings, not the defaults";
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(read.error().field, "tenant_id");
  Result<void> written = this->settings().SetRatingSettings(nobody, alpha_settings);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(written.error().field, "tenant_id");
}

TYPED_TEST(TenantSettingsRepositoryTest, TheSchemaRefusesWhatTheRulesRefuse) {
  const std::string alpha = std::to_string(this->alpha_.id.value);
  ASSERT_TRUE(this->backend_.Execute(
      "INSERT INTO tenant_exchange_rates (tenant_id, from_currency, to_currency, valid_from, rate, ordinal) "
      "VALUES (" + alpha + ", 'CHF', 'EUR', '2026-01-01', '1.0712', 0)"));
  EXPECT_FALSE(this->backend_.Execute(
      "INSERT INTO tenant_exchange_rates (tenant_id, from_currency, to_currency, valid_from, rate, ordinal) "
      "VALUES (" + alpha + ", 'CHF', 'EUR', '2026-01-01', '1.08', 1)"))
      << "the same pair and date twice";
  EXPECT_FALSE(this->backend_.Execute(
      "INSERT INTO tenant_exchange_rates (tenant_id, from_currency, to_currency, valid_from, rate, ordinal) "
      "VALUES (" + alpha + ", 'EUR', 'EUR', '2026-01-01', '1', 1)"))
      << "a currency into itself";
  EXPECT_FALSE(this->backend_.Execute(
      "INSERT INTO tenant_exchange_rates (tenant_id, from_currency, to_currency, valid_from, rate, ordinal) "
      "VALUES (" + std::to_string(this->beta_.id.value + 1000) + ", 'CHF', 'EUR', '2026-01-01', '1.0712', 0)"))
      << "no such tenant";

  ASSERT_TRUE(this->backend_.Execute(
      "INSERT INTO tenant_rating_settings (tenant_id, max_energy_kwh, max_session_duration_hours, "
      "cost_audit_tolerance) VALUES (" + alpha + ", '1000', 168, '0.05')"));
  EXPECT_FALSE(this->backend_.Execute(
      "INSERT INTO tenant_rating_settings (tenant_id, max_energy_kwh, max_session_duration_hours, "
      "cost_audit_tolerance) VALUES (" + alpha + ", '900', 168, '0.05')"))
      << "one row per tenant";
  EXPECT_FALSE(this->backend_.Execute(
      "INSERT INTO tenant_rating_settings (tenant_id, max_energy_kwh, max_session_duration_hours, "
      "cost_audit_tolerance) VALUES (" + std::to_string(this->beta_.id.value) + ", '1000', 0, '0.05')"))
      << "a duration below one hour";
}

TYPED_TEST(TenantSettingsRepositoryTest, StoredRatingSettingsThatBreakTheRulesAreReportedNotUsed) {
  // Written around the repository: four decimals of kWh, which both schemas let through.
  ASSERT_TRUE(this->backend_.Execute(
      "INSERT INTO tenant_rating_settings (tenant_id, max_energy_kwh, max_session_duration_hours, "
      "cost_audit_tolerance) VALUES (" + std::to_string(this->alpha_.id.value) + ", '1000.0001', 168, '0.05')"));
  Result<RatingSettings> read = this->settings().RatingSettingsOf(this->alpha_.id);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kInternal);
  EXPECT_EQ(read.error().field, "database");
}

}  // namespace
}  // namespace openmsp::store
