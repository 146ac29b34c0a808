#include "store/sql_tenant_settings_repository.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "core/base64.h"
#include "store/sql_support.h"

namespace openmsp::store {

using domain::Branding;
using domain::ExchangeRate;
using domain::RatingSettings;
using domain::TenantId;
using domain::VatRate;

SqlTenantSettingsRepository::SqlTenantSettingsRepository(SqlConnection& connection) : connection_(connection) {}

Result<void> SqlTenantSettingsRepository::LockTenant(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(connection_.dialect().lock_tenant, params));
  if (rows.empty()) return NotFound("tenant_id", "there is no tenant " + std::to_string(tenant_id.value));
  return Ok();
}

Result<std::vector<VatRate>> SqlTenantSettingsRepository::VatRates(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT country_code, valid_from, percent FROM tenant_vat_rates WHERE tenant_id = $1 "
                        "ORDER BY ordinal",
                        params));
  std::vector<VatRate> rates;
  rates.reserve(rows.size());
  for (const SqlRow& row : rows) {
    Result<Country> country = CountryFromAlpha2(TextOf(row[0]));
    Result<LocalDate> valid_from = ParseIsoDate(TextOf(row[1]));
    Result<Decimal> percent = Decimal::Parse(TextOf(row[2]));
    if (!country || !valid_from || !percent) {
      return Corrupt("tenant " + std::to_string(tenant_id.value) + " has the VAT row " + TextOf(row[0]) + " " +
                     TextOf(row[1]) + " " + TextOf(row[2]));
    }
    rates.push_back({*country, *valid_from, *percent});
  }
  return rates;
}

Result<void> SqlTenantSettingsRepository::ReplaceVatRates(TenantId tenant_id, std::span<const VatRate> rates) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateVatRates(rates));
  return InTransaction(connection_, [&]() -> Result<void> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(tenant_id));
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query("DELETE FROM tenant_vat_rates WHERE tenant_id = $1", tenant));
    for (std::size_t i = 0; i < rates.size(); ++i) {
      const SqlParam params[] = {tenant_id.value, std::string(rates[i].country.alpha2),
                                 FormatIsoDate(rates[i].valid_from), rates[i].percent.ToString(),
                                 static_cast<std::int64_t>(i)};
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "INSERT INTO tenant_vat_rates (tenant_id, country_code, valid_from, percent, ordinal) "
          "VALUES ($1, $2, $3, $4, $5)",
          params));
    }
    return Ok();
  });
}

Result<std::optional<Branding>> SqlTenantSettingsRepository::FindBranding(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT display_name, primary_colour, accent_colour, support_email, logo_media_type, "
                        "logo_base64 FROM tenant_branding WHERE tenant_id = $1",
                        params));
  if (rows.empty()) return std::optional<Branding>();
  const SqlRow& row = rows.front();
  Result<std::string> logo = DecodeBase64(TextOf(row[5]));
  if (!logo) return Corrupt("tenant " + std::to_string(tenant_id.value) + " has a logo that is not Base64");
  Branding branding;
  branding.display_name = TextOf(row[0]);
  branding.primary_colour = TextOf(row[1]);
  branding.accent_colour = TextOf(row[2]);
  branding.support_email = TextOf(row[3]);
  branding.logo_media_type = TextOf(row[4]);
  branding.logo = *std::move(logo);
  return std::optional<Branding>(std::move(branding));
}

Result<Branding> SqlTenantSettingsRepository::SetBranding(TenantId tenant_id, const Branding& branding) {
  OPENMSP_ASSIGN_OR_RETURN(Branding normalised, domain::NormaliseBranding(branding));
  return InTransaction(connection_, [&]() -> Result<Branding> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(tenant_id));
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query("DELETE FROM tenant_branding WHERE tenant_id = $1", tenant));
    const SqlParam params[] = {tenant_id.value,
                               normalised.display_name,
                               normalised.primary_colour,
                               normalised.accent_colour,
                               OptionalText(normalised.support_email),
                               OptionalText(normalised.logo_media_type),
                               OptionalText(EncodeBase64(normalised.logo))};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "INSERT INTO tenant_branding (tenant_id, display_name, primary_colour, accent_colour, support_email, "
        "logo_media_type, logo_base64) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        params));
    return normalised;
  });
}

Result<std::vector<std::string>> SqlTenantSettingsRepository::HostNames(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT host_name FROM tenant_host_names WHERE tenant_id = $1 ORDER BY ordinal", params));
  std::vector<std::string> names;
  names.reserve(rows.size());
  for (const SqlRow& row : rows) names.push_back(TextOf(row[0]));
  return names;
}

Result<std::vector<std::string>> SqlTenantSettingsRepository::ReplaceHostNames(
    TenantId tenant_id, std::span<const std::string> host_names) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < host_names.size(); ++i) {
    const std::string field = "host_names[" + std::to_string(i) + "]";
    Result<std::string> name = domain::NormaliseHostName(host_names[i]);
    if (!name) return name.error().Nested(field);
    if (std::find(names.begin(), names.end(), *name) != names.end()) {
      return Error{ErrorCode::kAlreadyExists, field, "'" + *name + "' is given twice"};
    }
    names.push_back(*std::move(name));
  }
  return InTransaction(connection_, [&]() -> Result<std::vector<std::string>> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(tenant_id));
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query("DELETE FROM tenant_host_names WHERE tenant_id = $1", tenant));
    for (std::size_t i = 0; i < names.size(); ++i) {
      const SqlParam params[] = {names[i], tenant_id.value, static_cast<std::int64_t>(i)};
      Result<std::vector<SqlRow>> inserted = connection_.Query(
          "INSERT INTO tenant_host_names (host_name, tenant_id, ordinal) VALUES ($1, $2, $3)", params);
      if (!inserted) {
        if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
        return Error{ErrorCode::kAlreadyExists, "host_names[" + std::to_string(i) + "]",
                     "another tenant is served on '" + names[i] + "' already"};
      }
    }
    return names;
  });
}

Result<TenantId> SqlTenantSettingsRepository::FindTenantByHostName(std::string_view host_name) {
  Result<std::string> name = domain::NormaliseHostName(host_name);
  if (!name) return NotFound("host", "no tenant is served on " + name.error().message);
  const SqlParam params[] = {*name};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT tenant_id FROM tenant_host_names WHERE host_name = $1", params));
  if (rows.empty()) return NotFound("host", "no tenant is served on '" + *name + "'");
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(rows.front()[0]));
  return TenantId{id};
}

Result<std::vector<ExchangeRate>> SqlTenantSettingsRepository::ExchangeRates(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT r.from_currency, r.to_currency, r.valid_from, r.rate FROM tenants t "
                        "LEFT JOIN tenant_exchange_rates r ON r.tenant_id = t.id WHERE t.id = $1 ORDER BY r.ordinal",
                        params));
  if (rows.empty()) return NotFound("tenant_id", "there is no tenant " + std::to_string(tenant_id.value));
  std::vector<ExchangeRate> rates;
  if (!rows.front()[0]) return rates;
  rates.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(Currency from, ParseStored(Currency::Find, row[0]));
    OPENMSP_ASSIGN_OR_RETURN(Currency to, ParseStored(Currency::Find, row[1]));
    OPENMSP_ASSIGN_OR_RETURN(LocalDate valid_from, ParseStored(ParseIsoDate, row[2]));
    OPENMSP_ASSIGN_OR_RETURN(Decimal rate, ParseDecimal(row[3]));
    rates.push_back({from, to, valid_from, rate});
  }
  return rates;
}

Result<void> SqlTenantSettingsRepository::ReplaceExchangeRates(TenantId tenant_id,
                                                               std::span<const ExchangeRate> rates) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateExchangeRates(rates));
  return InTransaction(connection_, [&]() -> Result<void> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(tenant_id));
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query("DELETE FROM tenant_exchange_rates WHERE tenant_id = $1", tenant));
    for (std::size_t i = 0; i < rates.size(); ++i) {
      const SqlParam params[] = {tenant_id.value,
                                 std::string(rates[i].from.code()),
                                 std::string(rates[i].to.code()),
                                 FormatIsoDate(rates[i].valid_from),
                                 rates[i].rate.ToString(),
                                 static_cast<std::int64_t>(i)};
      OPENMSP_RETURN_IF_ERROR(connection_.Query(
          "INSERT INTO tenant_exchange_rates (tenant_id, from_currency, to_currency, valid_from, rate, ordinal) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          params));
    }
    return Ok();
  });
}

Result<RatingSettings> SqlTenantSettingsRepository::RatingSettingsOf(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT s.max_energy_kwh, s.max_session_duration_hours, s.cost_audit_tolerance "
                        "FROM tenants t LEFT JOIN tenant_rating_settings s ON s.tenant_id = t.id WHERE t.id = $1",
                        params));
  if (rows.empty()) return NotFound("tenant_id", "there is no tenant " + std::to_string(tenant_id.value));
  const SqlRow& row = rows.front();
  if (!row[0]) return RatingSettings{};
  RatingSettings settings;
  OPENMSP_ASSIGN_OR_RETURN(settings.max_energy_kwh, ParseDecimal(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t hours, ParseInteger(row[1]));
  settings.max_session_duration = std::chrono::hours(static_cast<std::chrono::hours::rep>(hours));
  OPENMSP_ASSIGN_OR_RETURN(settings.cost_audit_tolerance, ParseDecimal(row[2]));
  if (Result<void> valid = domain::ValidateRatingSettings(settings); !valid) {
    return Corrupt("tenant " + std::to_string(tenant_id.value) + " has stored rating settings that do not hold: " +
                   valid.error().ToString());
  }
  return settings;
}

Result<void> SqlTenantSettingsRepository::SetRatingSettings(TenantId tenant_id, const RatingSettings& settings) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateRatingSettings(settings));
  return InTransaction(connection_, [&]() -> Result<void> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(tenant_id));
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query("DELETE FROM tenant_rating_settings WHERE tenant_id = $1", tenant));
    const SqlParam params[] = {tenant_id.value, settings.max_energy_kwh.ToString(),
                               static_cast<std::int64_t>(settings.max_session_duration.count()),
                               settings.cost_audit_tolerance.ToString()};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "INSERT INTO tenant_rating_settings (tenant_id, max_energy_kwh, max_session_duration_hours, "
        "cost_audit_tolerance) VALUES ($1, $2, $3, $4)",
        params));
    return Ok();
  });
}

}  // namespace openmsp::store
