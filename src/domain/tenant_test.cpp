#include "domain/tenant.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

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

Country Of(const char* alpha2) { return CountryFromAlpha2(alpha2).value(); }
LocalDate Day(const char* text) { return ParseIsoDate(text).value(); }
Decimal Percent(const char* text) { return Decimal::Parse(text).value(); }

// The Netherlands and Germany, with Germany's temporary cut of 2020 (19 % → 16 % → 19 %).
std::vector<VatRate> Table() {
  return {{Of("NL"), Day("2012-10-01"), Percent("21")},
          {Of("DE"), Day("2007-01-01"), Percent("19")},
          {Of("DE"), Day("2020-07-01"), Percent("16")},
          {Of("DE"), Day("2021-01-01"), Percent("19")}};
}

TEST(VatRateOnTest, TakesTheLatestRateInForceOnTheDayOfCharging) {
  const std::vector<VatRate> table = Table();
  EXPECT_EQ(VatRateOn(table, Of("DE"), Day("2020-06-30")).value(), Percent("19"));
  EXPECT_EQ(VatRateOn(table, Of("DE"), Day("2020-07-01")).value(), Percent("16"));
  EXPECT_EQ(VatRateOn(table, Of("DE"), Day("2020-12-31")).value(), Percent("16"));
  EXPECT_EQ(VatRateOn(table, Of("DE"), Day("2021-01-01")).value(), Percent("19"));
  EXPECT_EQ(VatRateOn(table, Of("NL"), Day("2026-11-23")).value(), Percent("21"));
}

TEST(VatRateOnTest, AMissingRateIsAnErrorNeverZero) {
  const std::vector<VatRate> table = Table();
  Result<Decimal> before = VatRateOn(table, Of("NL"), Day("2012-09-30"));
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(before.error().field, "vat_rates");
  EXPECT_EQ(before.error().message, "the VAT table has no rate for NL on 2012-09-30");
  EXPECT_FALSE(VatRateOn(table, Of("BE"), Day("2026-01-01")));
}

TEST(ValidateVatRatesTest, NamesTheRowAtFault) {
  std::vector<VatRate> table = Table();
  EXPECT_TRUE(ValidateVatRates(table));
  table.push_back({Of("BE"), Day("2026-01-01"), Percent("5.5")});
  table.push_back({Of("CH"), Day("2024-01-01"), Percent("8.1")});
  table.push_back({Of("LU"), Day("2024-01-01"), Percent("0")});
  EXPECT_TRUE(ValidateVatRates(table));

  std::vector<VatRate> repeated = Table();
  repeated.push_back({Of("DE"), Day("2020-07-01"), Percent("5")});
  EXPECT_EQ(ValidateVatRates(repeated).error().field, "vat_rates[4]");
  EXPECT_EQ(ValidateVatRates(repeated).error().message,
            "repeats the rate of DE from 2020-07-01 (row 2)");

  for (const char* bad : {"-1", "100", "250", "21.00001"}) {
    std::vector<VatRate> rates = {{Of("NL"), Day("2026-01-01"), Percent(bad)}};
    Result<void> result = ValidateVatRates(rates);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().field, "vat_rates[0].percent") << bad;
  }
  std::vector<VatRate> four_decimals = {{Of("NL"), Day("2026-01-01"), Percent("21.1250")}};
  EXPECT_TRUE(ValidateVatRates(four_decimals));
}

Branding Brand() {
  Branding branding;
  branding.display_name = "Acme Charge";
  branding.primary_colour = "#1A2B3C";
  branding.accent_colour = "#ffffff";
  branding.support_email = "help@acme.example";
  branding.logo_media_type = "image/svg+xml";
  branding.logo = "<svg xmlns='http://www.w3.org/2000/svg'/>";
  return branding;
}

TEST(BrandingTest, LowerCasesColoursOfACompleteBranding) {
  Branding normalised = NormaliseBranding(Brand()).value();
  EXPECT_EQ(normalised.primary_colour, "#1a2b3c");
  EXPECT_EQ(normalised.display_name, "Acme Charge");
  EXPECT_EQ(normalised.logo, Brand().logo);

  Tenant tenant{.id = TenantId{7},
                .slug = "acme-mobility",
                .name = "Acme Mobility",
                .default_currency = Currency::Find("EUR").value(),
                .parties = Acme().parties,
                .created_at = Instant()};
  Branding defaults = DefaultBranding(tenant);
  EXPECT_EQ(defaults.display_name, "Acme Mobility");
  EXPECT_TRUE(defaults.logo.empty());
  EXPECT_TRUE(NormaliseBranding(defaults));
}

TEST(BrandingTest, RefusesEachBadFieldByName) {
  auto field_of = [](Branding branding) { return NormaliseBranding(std::move(branding)).error().field; };
  Branding branding = Brand();
  branding.display_name = "";
  EXPECT_EQ(field_of(branding), "display_name");
  branding = Brand();
  branding.primary_colour = "red";
  EXPECT_EQ(field_of(branding), "primary_colour");
  branding = Brand();
  branding.accent_colour = "#12345g";
  EXPECT_EQ(field_of(branding), "accent_colour");
  branding = Brand();
  branding.support_email = "help at acme";
  EXPECT_EQ(field_of(branding), "support_email");
  branding = Brand();
  branding.logo_media_type = "image/gif";
  EXPECT_EQ(field_of(branding), "logo_media_type");
  branding = Brand();
  branding.logo_media_type = "";
  EXPECT_EQ(field_of(branding), "logo_media_type");
  branding = Brand();
  branding.logo = "";
  EXPECT_EQ(field_of(branding), "logo");
  branding = Brand();
  branding.logo_media_type = "image/png";
  branding.logo = std::string(kMaxLogoBytes + 1, '\x89');
  EXPECT_EQ(field_of(branding), "logo");
  branding.logo.pop_back();
  EXPECT_TRUE(NormaliseBranding(branding));
}

TEST(NormaliseHostNameTest, LowerCasesAndDropsTheTrailingDot) {
  EXPECT_EQ(NormaliseHostName("Portal.Acme-Mobility.example.").value(), "portal.acme-mobility.example");
  EXPECT_EQ(NormaliseHostName("xn--bcher-kva.example").value(), "xn--bcher-kva.example");
  EXPECT_EQ(NormaliseHostName(std::string(63, 'a') + ".example").value(), std::string(63, 'a') + ".example");
}

TEST(NormaliseHostNameTest, RefusesWhatIsNotADnsHostName) {
  for (const std::string& bad :
       {std::string(), std::string("."), std::string("localhost"), std::string("192.168.1.10"),
        std::string("portal..example"), std::string("-portal.example"), std::string("portal-.example"),
        std::string("portal.example:8080"), std::string("portal_1.example"), std::string("bücher.example"),
        std::string(64, 'a') + ".example", std::string(250, 'a').insert(100, ".")}) {
    EXPECT_FALSE(NormaliseHostName(bad)) << bad;
  }
  EXPECT_THAT(NormaliseHostName("localhost").error().message, ::testing::HasSubstr("at least two labels"));
  EXPECT_THAT(NormaliseHostName("10.0.0.1").error().message, ::testing::HasSubstr("is an IP address"));
}

}  // namespace
}  // namespace openmsp::domain
