// The tenant's own settings (tenant_routes.cpp) on a real SQLite database through the real router: the
// tenant's name, default currency and host names; branding; the VAT and exchange-rate tables; rating
// settings. Each change is the tenant admin's, audited, and a refused one stores nothing.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "api/api_test_world.h"
#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/time.h"
#include "domain/job.h"
#include "domain/rating_job.h"
#include "domain/tenant.h"

namespace openmsp::api::test {
namespace {

std::string Id(std::int64_t id) { return std::to_string(id); }

class TenantRoutesTest : public ::testing::Test {
 protected:
  boost::json::value Get(const std::string& path, int status = 200, const Caller* caller = nullptr) {
    const http::HttpResponse response = world.Call("GET", path, "", caller ? caller : &world.tenant_admin);
    EXPECT_EQ(response.status, status) << path << ": " << response.body;
    return BodyOf(response);
  }

  boost::json::value Send(const std::string& method, const std::string& path, const std::string& body,
                          int status, const Caller* caller = nullptr) {
    const http::HttpResponse response = world.Call(method, path, body, caller ? caller : &world.tenant_admin);
    EXPECT_EQ(response.status, status) << method << " " << path << ": " << response.body;
    return BodyOf(response);
  }

  static std::string FieldOf(const boost::json::value& problem) {
    const boost::json::array& errors = problem.at("errors").as_array();
    return errors.empty() ? "" : std::string(errors.at(0).at("field").as_string());
  }

  // The re-ratings of held CDRs queued for `tenant`.
  std::size_t QueuedReratings(domain::TenantId tenant) {
    const std::vector<domain::Job> queued =
        world.db().jobs().List(domain::JobScope::OfTenant(tenant), domain::JobState::kQueued, 100).value();
    return static_cast<std::size_t>(std::count_if(queued.begin(), queued.end(), [](const domain::Job& job) {
      return job.kind == domain::kRerateHeldCdrsJob;
    }));
  }

  std::size_t AuditEntries() { return Get("/audit-log").at("items").as_array().size(); }

  ApiWorld world;
};

// --- The tenant -------------------------------------------------------------------------------------

TEST_F(TenantRoutesTest, TheTenantShowsAndChangesItsNameCurrencyAndHostNames) {
  const boost::json::value shown = Get("/tenant");
  EXPECT_EQ(shown.at("id").as_int64(), world.acme.value);
  EXPECT_EQ(shown.at("slug").as_string(), "acme");
  EXPECT_EQ(shown.at("default_currency").as_string(), "EUR");
  EXPECT_TRUE(shown.at("host_names").as_array().empty());

  const boost::json::value changed = Send(
      "PATCH", "/tenant",
      R"({"name": "Acme Laden", "default_currency": "CHF", "host_names": ["Portal.Acme.example."]})", 200);
  EXPECT_EQ(changed.at("name").as_string(), "Acme Laden");
  EXPECT_EQ(changed.at("default_currency").as_string(), "CHF");
  EXPECT_EQ(changed.at("slug").as_string(), "acme");  // never changes
  ASSERT_EQ(changed.at("host_names").as_array().size(), 1u);
  EXPECT_EQ(changed.at("host_names").at(0).as_string(), "portal.acme.example");  // normalised
  EXPECT_EQ(world.db().tenants().FindById(world.acme).value().default_currency.code(), "CHF");
  EXPECT_EQ(world.db().tenant_settings().FindTenantByHostName("portal.acme.example").value(), world.acme);

  const boost::json::value entry = Get("/audit-log").at("items").at(0);
  EXPECT_EQ(entry.at("action").as_string(), "tenant.update");
  EXPECT_EQ(entry.at("before").at("name").as_string(), shown.at("name").as_string());
  EXPECT_EQ(entry.at("after").at("default_currency").as_string(), "CHF");

  // A member left out stays; only the name changes here.
  EXPECT_EQ(Send("PATCH", "/tenant", R"({"name": "Acme"})", 200).at("host_names").as_array().size(), 1u);
  EXPECT_EQ(Get("/tenant").at("default_currency").as_string(), "CHF");
  // [] removes every host name.
  EXPECT_TRUE(Send("PATCH", "/tenant", R"({"host_names": []})", 200).at("host_names").as_array().empty());
}

TEST_F(TenantRoutesTest, ABadTenantChangeIsRefusedNamingTheFieldAndChangesNothing) {
  ASSERT_TRUE(
      world.db().tenant_settings().ReplaceHostNames(world.other, std::vector<std::string>{"other.example"}));
  const std::string name_before(Get("/tenant").at("name").as_string());
  const std::size_t entries = AuditEntries();

  // Another tenant's host name: 409, and the name given with it is not changed either (one transaction).
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant",
                         R"({"name": "New", "host_names": ["a.example", "other.example"]})", 409)),
            "host_names[1]");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"host_names": ["a.example", "A.example"]})", 409)),
            "host_names[1]");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"host_names": ["10.0.0.1"]})", 400)), "host_names[0]");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"host_names": [7]})", 400)), "host_names[0]");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"host_names": null})", 400)), "host_names");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"default_currency": "EURO"})", 400)), "default_currency");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"default_currency": "XYZ"})", 400)), "default_currency");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"name": ""})", 400)), "name");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"slug": "new"})", 400)), "slug");
  EXPECT_EQ(Get("/tenant").at("name").as_string(), name_before);
  EXPECT_TRUE(Get("/tenant").at("host_names").as_array().empty());
  EXPECT_EQ(AuditEntries(), entries);

  // Only a tenant admin sees or changes it; the other tenant's admin changes its own.
  (void)Get("/tenant", 403, &world.ou_admin);
  (void)Send("PATCH", "/tenant", R"({"name": "Mine"})", 403, &world.finance);
  EXPECT_EQ(
      Send("PATCH", "/tenant", R"({"name": "Other B.V."})", 200, &world.other_admin).at("id").as_int64(),
      world.other.value);
  EXPECT_EQ(Get("/tenant").at("name").as_string(), name_before);
}

TEST_F(TenantRoutesTest, TheIssuersLegalDetailsAreGivenChangedAndClearedOneByOne) {
  const boost::json::value none = Get("/tenant");
  EXPECT_TRUE(none.at("legal_name").is_null());
  EXPECT_TRUE(none.at("address").is_null());
  EXPECT_TRUE(none.at("vat_number").is_null());

  const boost::json::value given = Send(
      "PATCH", "/tenant",
      R"({"legal_name": " Acme Laden B.V.", "address": "Dam 2\r\n\n1012 JS Amsterdam ", "vat_number": "NL001234567B01"})",
      200);
  EXPECT_EQ(given.at("legal_name"), "Acme Laden B.V.");  // trimmed
  EXPECT_EQ(given.at("address"), "Dam 2\n1012 JS Amsterdam");
  EXPECT_EQ(given.at("vat_number"), "NL001234567B01");
  EXPECT_EQ(world.db().issuer_details().Find(world.acme).value().address, "Dam 2\n1012 JS Amsterdam");
  EXPECT_TRUE(world.db().issuer_details().Find(world.other).value().empty());  // the other tenant's: none
  const boost::json::value entry = Get("/audit-log").at("items").at(0);
  EXPECT_EQ(entry.at("action"), "tenant.update");
  EXPECT_TRUE(entry.at("before").at("vat_number").is_null());
  EXPECT_EQ(entry.at("after").at("vat_number"), "NL001234567B01");

  // A member left out stays; "" or null clears one.
  const boost::json::value renamed = Send("PATCH", "/tenant", R"({"name": "Acme", "vat_number": ""})", 200);
  EXPECT_EQ(renamed.at("legal_name"), "Acme Laden B.V.");
  EXPECT_TRUE(renamed.at("vat_number").is_null());
  const boost::json::value cleared = Send("PATCH", "/tenant", R"({"address": null})", 200);
  EXPECT_TRUE(cleared.at("address").is_null());
  EXPECT_EQ(cleared.at("legal_name"), "Acme Laden B.V.");

  // Refused naming the field, and nothing given with it is stored.
  const std::size_t entries = AuditEntries();
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"name": "New", "legal_name": ")" + std::string(201, 'x') + R"("})",
                         400)),
            "legal_name");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"legal_name": "Acme\nLaden"})", 400)), "legal_name");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"address": ")" + std::string(501, 'a') + R"("})", 400)), "address");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"vat_number": "NL 0012345678901234567890123456"})", 400)),
            "vat_number");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"vat_number": "NL\u00e91"})", 400)), "vat_number");
  EXPECT_EQ(FieldOf(Send("PATCH", "/tenant", R"({"vat_number": 12})", 400)), "vat_number");
  EXPECT_EQ(Get("/tenant").at("name"), "Acme");
  EXPECT_EQ(AuditEntries(), entries);
}

// --- Branding and VAT --------------------------------------------------------------------------------

TEST_F(TenantRoutesTest, BrandingIsTheDefaultUntilChosenThenEveryUserOfTheTenantSeesIt) {
  const boost::json::value fallback = Get("/tenant/branding", 200, &world.driver);
  EXPECT_TRUE(fallback.at("is_default").as_bool());
  EXPECT_EQ(fallback.at("display_name").as_string(), "acme MSP");
  EXPECT_EQ(fallback.at("primary_colour").as_string(), "#0b6e4f");
  EXPECT_TRUE(fallback.at("logo").is_null());

  // "PNG" in Base64 is "UE5H"; colours are stored lower case.
  const boost::json::value set = Send("PUT", "/tenant/branding",
                                      R"({"display_name": "Acme Charging", "primary_colour": "#AABBCC",
                                          "accent_colour": "#010203", "support_email": "help@acme.example",
                                          "logo": {"media_type": "image/png", "data": "UE5H"}})",
                                      200);
  EXPECT_EQ(set.at("primary_colour").as_string(), "#aabbcc");
  const boost::json::value seen = Get("/tenant/branding", 200, &world.viewer);
  EXPECT_FALSE(seen.at("is_default").as_bool());
  EXPECT_EQ(seen.at("display_name").as_string(), "Acme Charging");
  EXPECT_EQ(seen.at("support_email").as_string(), "help@acme.example");
  EXPECT_EQ(seen.at("logo").at("media_type").as_string(), "image/png");
  EXPECT_EQ(seen.at("logo").at("data").as_string(), "UE5H");
  EXPECT_EQ(world.db().tenant_settings().FindBranding(world.acme).value()->logo, "PNG");
  // The other tenant keeps its own (the default).
  EXPECT_EQ(Get("/tenant/branding", 200, &world.other_admin).at("display_name").as_string(), "other MSP");

  // Audited with the logo's size, not its bytes; a PUT without a logo removes it.
  const boost::json::value entry = Get("/audit-log").at("items").at(0);
  EXPECT_EQ(entry.at("action").as_string(), "tenant.branding_update");
  EXPECT_EQ(entry.at("object_id").as_string(), Id(world.acme.value));
  EXPECT_TRUE(entry.at("before").is_null());
  EXPECT_EQ(entry.at("after").at("logo").at("bytes").as_int64(), 3);
  (void)Send("PUT", "/tenant/branding",
             R"({"display_name": "Acme", "primary_colour": "#aabbcc", "accent_colour": "#010203"})", 200);
  EXPECT_TRUE(Get("/tenant/branding").at("logo").is_null());
  EXPECT_EQ(Get("/audit-log").at("items").at(0).at("before").at("display_name").as_string(), "Acme Charging");
}

TEST_F(TenantRoutesTest, BadBrandingIsRefusedNamingTheFieldAndNothingIsStored) {
  const auto field_of = [&](const std::string& body) {
    return FieldOf(Send("PUT", "/tenant/branding", body, 400));
  };
  EXPECT_EQ(field_of(R"({"display_name": "A", "primary_colour": "red", "accent_colour": "#010203"})"),
            "primary_colour");
  EXPECT_EQ(field_of(R"({"display_name": "A", "primary_colour": "#aabbcc", "accent_colour": "#0102"})"),
            "accent_colour");
  EXPECT_EQ(field_of(R"({"primary_colour": "#aabbcc", "accent_colour": "#010203"})"), "display_name");
  EXPECT_EQ(field_of(R"({"display_name": "A", "primary_colour": "#aabbcc", "accent_colour": "#010203",
                         "support_email": "not an address"})"),
            "support_email");
  EXPECT_EQ(field_of(R"({"display_name": "A", "primary_colour": "#aabbcc", "accent_colour": "#010203",
                         "logo": {"media_type": "image/gif", "data": "UE5H"}})"),
            "logo.media_type");
  EXPECT_EQ(field_of(R"({"display_name": "A", "primary_colour": "#aabbcc", "accent_colour": "#010203",
                         "logo": {"media_type": "image/png", "data": "not base64!"}})"),
            "logo.data");
  EXPECT_EQ(field_of(R"({"display_name": "A", "primary_colour": "#aabbcc", "accent_colour": "#010203",
                         "logo": {"media_type": "image/png", "data": "UE5H", "url": "x"}})"),
            "logo.url");
  EXPECT_EQ(field_of(R"({"display_name": "A", "primary_colour": "#aabbcc", "accent_colour": "#010203",
                         "logo_url": "https://acme.example/logo.png"})"),
            "logo_url");
  EXPECT_FALSE(world.db().tenant_settings().FindBranding(world.acme).value().has_value());
  EXPECT_TRUE(Get("/audit-log").at("items").as_array().empty());
  // Only a tenant admin changes it.
  EXPECT_EQ(world
                .Call("PUT", "/tenant/branding",
                      R"({"display_name": "A", "primary_colour": "#aabbcc", "accent_colour": "#010203"})",
                      &world.ou_admin)
                .status,
            403);
}

TEST_F(TenantRoutesTest, VatRatesAreTheTenantsTableInTheOrderGiven) {
  EXPECT_TRUE(Get("/tenant/vat-rates").at("items").as_array().empty());
  const std::vector<domain::VatRate> rates = {{.country = CountryFromAlpha3("NLD").value(),
                                               .valid_from = ParseIsoDate("2024-01-01").value(),
                                               .percent = Decimal::Parse("21").value()},
                                              {.country = CountryFromAlpha3("DEU").value(),
                                               .valid_from = ParseIsoDate("2025-07-01").value(),
                                               .percent = Decimal::Parse("19").value()},
                                              {.country = CountryFromAlpha3("NLD").value(),
                                               .valid_from = ParseIsoDate("2019-01-01").value(),
                                               .percent = Decimal::Parse("5.5").value()}};
  ASSERT_TRUE(world.db().tenant_settings().ReplaceVatRates(world.acme, rates));
  const boost::json::value table = Get("/tenant/vat-rates");
  const boost::json::array& items = table.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items.at(0).at("country").as_string(), "NLD");
  EXPECT_EQ(items.at(0).at("valid_from").as_string(), "2024-01-01");
  EXPECT_EQ(items.at(0).at("percent").as_string(), "21");
  EXPECT_EQ(items.at(1).at("country").as_string(), "DEU");
  EXPECT_EQ(items.at(2).at("percent").as_string(), "5.5");
  EXPECT_TRUE(Get("/tenant/vat-rates", 200, &world.other_admin).at("items").as_array().empty());
  (void)Get("/tenant/vat-rates", 403, &world.finance);  // finance scoped in A: pricing.read is tenant-wide
}

// --- Tables that rating reads -----------------------------------------------------------------------

TEST_F(TenantRoutesTest, PuttingTheVatTableReplacesItAuditsItAndQueuesTheReratingOfHeldCdrs) {
  ASSERT_EQ(QueuedReratings(world.acme), 0u);
  const boost::json::value put = Send("PUT", "/tenant/vat-rates", R"({"items": [
      {"country": "NLD", "valid_from": "2024-01-01", "percent": "21"},
      {"country": "deu", "valid_from": "2025-07-01", "percent": 19},
      {"country": "NLD", "valid_from": "2019-01-01", "percent": "9.0"}]})",
                                      200);
  const boost::json::array& items = put.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items.at(1).at("country").as_string(), "DEU");
  EXPECT_EQ(items.at(2).at("percent").as_string(), "9.0");  // the scale given is kept
  EXPECT_EQ(Get("/tenant/vat-rates"), put);
  const std::vector<domain::VatRate> stored = world.db().tenant_settings().VatRates(world.acme).value();
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored.at(1).percent, Decimal(19));
  EXPECT_EQ(QueuedReratings(world.acme), 1u);
  EXPECT_EQ(QueuedReratings(world.other), 0u);
  const boost::json::value entry = Get("/audit-log").at("items").at(0);
  EXPECT_EQ(entry.at("action").as_string(), "tenant.vat_rates_replace");
  EXPECT_TRUE(entry.at("before").at("items").as_array().empty());
  EXPECT_EQ(entry.at("after").at("items").as_array().size(), 3u);

  // What GET answers can be put back as it is; [] empties the table.
  EXPECT_EQ(Send("PUT", "/tenant/vat-rates", SerializeJson(put), 200), put);
  EXPECT_TRUE(Send("PUT", "/tenant/vat-rates", R"({"items": []})", 200).at("items").as_array().empty());
}

TEST_F(TenantRoutesTest, ABadVatTableIsRefusedNamingTheRowAndTheOldOneStays) {
  ASSERT_TRUE(world.db().tenant_settings().ReplaceVatRates(
      world.acme, std::vector<domain::VatRate>{{.country = CountryFromAlpha3("NLD").value(),
                                                .valid_from = ParseIsoDate("2024-01-01").value(),
                                                .percent = Decimal(21)}}));
  const auto field_of = [&](const std::string& body) {
    return FieldOf(Send("PUT", "/tenant/vat-rates", body, 400));
  };
  EXPECT_EQ(field_of(R"({"items": [{"country": "NLD", "valid_from": "2024-01-01", "percent": "21"},
                                   {"country": "BEL", "valid_from": "2024-01-01", "percent": "100"}]})"),
            "items[1].percent");
  EXPECT_EQ(field_of(R"({"items": [{"country": "NLD", "valid_from": "2024-01-01", "percent": "21"},
                                   {"country": "NLD", "valid_from": "2024-01-01", "percent": "9"}]})"),
            "items[1]");
  EXPECT_EQ(field_of(R"({"items": [{"country": "XXX", "valid_from": "2024-01-01", "percent": "21"}]})"),
            "items[0].country");
  EXPECT_EQ(field_of(R"({"items": [{"country": "NLD", "valid_from": "2024-13-01", "percent": "21"}]})"),
            "items[0].valid_from");
  EXPECT_EQ(field_of(R"({"items": [{"country": "NLD", "valid_from": "2024-01-01", "percent": "21%"}]})"),
            "items[0].percent");
  EXPECT_EQ(field_of(R"({"items": [{"country": "NLD", "valid_from": "2024-01-01"}]})"), "items[0].percent");
  EXPECT_EQ(
      field_of(R"({"items": [{"country": "NLD", "valid_from": "2024-01-01", "percent": "21", "x": 1}]})"),
      "items[0].x");
  EXPECT_EQ(field_of(R"({"items": {"country": "NLD"}})"), "items");
  EXPECT_EQ(field_of(R"({})"), "items");
  EXPECT_EQ(world.db().tenant_settings().VatRates(world.acme).value().size(), 1u);
  EXPECT_EQ(QueuedReratings(world.acme), 0u);
  (void)Send("PUT", "/tenant/vat-rates", R"({"items": []})", 403, &world.finance);
}

TEST_F(TenantRoutesTest, TheExchangeRateTableIsReplacedWholeAndRefusedNamingTheRow) {
  EXPECT_TRUE(Get("/tenant/exchange-rates").at("items").as_array().empty());
  const boost::json::value put = Send("PUT", "/tenant/exchange-rates", R"({"items": [
      {"from": "CHF", "to": "EUR", "valid_from": "2026-01-01", "rate": "1.0412"},
      {"from": "PLN", "to": "EUR", "valid_from": "2026-01-01", "rate": 0.2350}]})",
                                      200);
  EXPECT_EQ(put.at("items").at(0).at("rate").as_string(), "1.0412");
  EXPECT_EQ(put.at("items").at(1).at("rate").as_string(), "0.235");  // a JSON number has no scale to keep
  EXPECT_EQ(Get("/tenant/exchange-rates"), put);
  EXPECT_EQ(world.db().tenant_settings().ExchangeRates(world.acme).value().at(0).rate,
            Decimal::Parse("1.0412").value());
  EXPECT_EQ(QueuedReratings(world.acme), 1u);
  EXPECT_EQ(Get("/audit-log").at("items").at(0).at("action").as_string(), "tenant.exchange_rates_replace");

  const auto field_of = [&](const std::string& body) {
    return FieldOf(Send("PUT", "/tenant/exchange-rates", body, 400));
  };
  EXPECT_EQ(field_of(R"({"items": [{"from": "EUR", "to": "EUR", "valid_from": "2026-01-01", "rate": "1"}]})"),
            "items[0].to");
  EXPECT_EQ(field_of(R"({"items": [{"from": "CHF", "to": "EUR", "valid_from": "2026-01-01", "rate": "0"}]})"),
            "items[0].rate");
  EXPECT_EQ(field_of(R"({"items": [{"from": "CHX", "to": "EUR", "valid_from": "2026-01-01", "rate": "1"}]})"),
            "items[0].from");
  EXPECT_EQ(world.db().tenant_settings().ExchangeRates(world.acme).value().size(), 2u);
  (void)Get("/tenant/exchange-rates", 200, &world.other_admin);
  EXPECT_TRUE(Get("/tenant/exchange-rates", 200, &world.other_admin).at("items").as_array().empty());
}

TEST_F(TenantRoutesTest, RatingSettingsAreTheDefaultsUntilSetAndEveryLimitIsChecked) {
  const boost::json::value defaults = Get("/tenant/rating-settings");
  EXPECT_EQ(defaults.at("max_energy_kwh").as_string(), "1000");
  EXPECT_EQ(defaults.at("max_session_duration_hours").as_int64(), 168);
  EXPECT_EQ(defaults.at("cost_audit_tolerance").as_string(), "0.05");

  const boost::json::value set = Send("PUT", "/tenant/rating-settings",
                                      R"({"max_energy_kwh": "350.5", "max_session_duration_hours": 48,
                                          "cost_audit_tolerance": "0.10"})",
                                      200);
  EXPECT_EQ(Get("/tenant/rating-settings"), set);
  const domain::RatingSettings stored = world.db().tenant_settings().RatingSettingsOf(world.acme).value();
  EXPECT_EQ(stored.max_energy_kwh, Decimal::Parse("350.5").value());
  EXPECT_EQ(stored.max_session_duration, std::chrono::hours(48));
  EXPECT_EQ(QueuedReratings(world.acme), 1u);
  EXPECT_EQ(Get("/audit-log").at("items").at(0).at("before"), defaults);

  const auto field_of = [&](const std::string& body) {
    return FieldOf(Send("PUT", "/tenant/rating-settings", body, 400));
  };
  EXPECT_EQ(
      field_of(R"({"max_energy_kwh": "0", "max_session_duration_hours": 48, "cost_audit_tolerance": "0"})"),
      "max_energy_kwh");
  EXPECT_EQ(
      field_of(R"({"max_energy_kwh": "10", "max_session_duration_hours": 0, "cost_audit_tolerance": "0"})"),
      "max_session_duration_hours");
  EXPECT_EQ(
      field_of(R"({"max_energy_kwh": "10", "max_session_duration_hours": 1.5, "cost_audit_tolerance": "0"})"),
      "max_session_duration_hours");
  EXPECT_EQ(
      field_of(R"({"max_energy_kwh": "10", "max_session_duration_hours": 48, "cost_audit_tolerance": "-1"})"),
      "cost_audit_tolerance");
  EXPECT_EQ(field_of(R"({"max_energy_kwh": "10", "max_session_duration_hours": 48})"),
            "cost_audit_tolerance");
  EXPECT_EQ(world.db().tenant_settings().RatingSettingsOf(world.acme).value(), stored);
  (void)Get("/tenant/rating-settings", 403, &world.ou_admin);
}

}  // namespace
}  // namespace openmsp::api::test
