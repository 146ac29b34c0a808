#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/representations.h"
#include "core/base64.h"
#include "core/json.h"
#include "core/time.h"
#include "domain/exchange_rate.h"
#include "domain/issuer_details.h"
#include "domain/rating_job.h"
#include "domain/rating_settings.h"
#include "domain/tenant.h"

namespace openmsp::api {
namespace {

using domain::Permission;

constexpr std::size_t kMaxTableRows = 1000;
constexpr std::size_t kMaxTableBodyBytes = 256 * 1024;
constexpr std::size_t kMaxHostNames = 20;

// A settings change that may clear what holds CDRs (a missing VAT or exchange rate, an implausibility
// limit) queues the tenant's re-rating of them with the change, in its transaction.
Result<void> QueueRerateOfHeldCdrs(store::Repositories& tx, const ApiCall& call) {
  return domain::QueueRatingJob(tx.jobs(), domain::kRerateHeldCdrsJob, call.who().tenant.id,
                                call.context.clock.Now());
}

// A table's errors name its rows as the domain does (`vat_rates[2].percent`); the API's body calls the
// rows `items`, as the list it answers.
Error ItemsField(Error error, std::string_view domain_name) {
  if (error.field.starts_with(domain_name)) error.field = "items" + error.field.substr(domain_name.size());
  return error;
}

Result<std::string> StringOf(const boost::json::object& object, std::string_view name,
                             const std::string& field, std::size_t max_bytes) {
  const boost::json::value* value = PresentMember(object, name);
  const std::string member = field + "." + std::string(name);
  if (value == nullptr) return InvalidArgument(member, "is required");
  if (!value->is_string() || value->as_string().empty() || value->as_string().size() > max_bytes) {
    return InvalidArgument(member, "must be a string of 1 to " + std::to_string(max_bytes) + " bytes");
  }
  return std::string(value->as_string());
}

Result<LocalDate> DateOf(const boost::json::object& object, std::string_view name, const std::string& field) {
  OPENMSP_ASSIGN_OR_RETURN(std::string text, StringOf(object, name, field, 10));
  Result<LocalDate> date = ParseIsoDate(text);
  if (!date) return InvalidArgument(field + "." + std::string(name), "must be a date YYYY-MM-DD");
  return *date;
}

Result<Currency> CurrencyOf(const std::string& code, const std::string& field) {
  Result<Currency> currency = Currency::Find(code);
  if (!currency) return InvalidArgument(field, "must be an ISO 4217 currency code such as EUR");
  return *currency;
}

Result<Decimal> RequiredDecimal(const boost::json::object& object, std::string_view name,
                                const std::string& field) {
  const boost::json::value* value = PresentMember(object, name);
  const std::string member = field.empty() ? std::string(name) : field + "." + std::string(name);
  if (value == nullptr) return InvalidArgument(member, "is required");
  return DecimalOf(*value, member);
}

// --- The tenant -------------------------------------------------------------------------------------

// A legal detail as the API shows it: null when not given.
boost::json::value DetailJson(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

boost::json::object TenantJson(const domain::Tenant& tenant, const std::vector<std::string>& host_names,
                               const domain::IssuerDetails& issuer) {
  boost::json::array parties;
  for (const PartyId& party : tenant.parties) parties.emplace_back(party.ToString());
  boost::json::array hosts;
  for (const std::string& host : host_names) hosts.emplace_back(host);
  return boost::json::object{{"id", tenant.id.value},
                             {"slug", tenant.slug},
                             {"name", tenant.name},
                             {"default_currency", std::string(tenant.default_currency.code())},
                             {"parties", std::move(parties)},
                             {"host_names", std::move(hosts)},
                             {"legal_name", DetailJson(issuer.legal_name)},
                             {"address", DetailJson(issuer.address)},
                             {"vat_number", DetailJson(issuer.vat_number)},
                             {"created_at", FormatOcpiDateTime(tenant.created_at)}};
}

Result<boost::json::object> StoredTenantJson(store::Repositories& db, domain::TenantId id) {
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, db.tenants().FindById(id));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<std::string> host_names, db.tenant_settings().HostNames(id));
  OPENMSP_ASSIGN_OR_RETURN(domain::IssuerDetails issuer, db.issuer_details().Find(id));
  return TenantJson(tenant, host_names, issuer);
}

// A legal detail of the PATCH body: a string replaces it, "" or null clears it, absent keeps it. Its
// rules are `NormaliseIssuerDetails`' (the store's); here only its type and a bound on its size.
Result<void> ReadDetail(const JsonBody& body, std::string_view name, std::string& detail, bool& given) {
  const boost::json::value* value = body.Find(name);
  if (value == nullptr) return Ok();
  given = true;
  if (value->is_null()) {
    detail.clear();
    return Ok();
  }
  if (!value->is_string() || value->as_string().size() > 4 * domain::kMaxIssuerAddressLength) {
    return InvalidArgument(std::string(name), "must be a string (empty or null clears it)");
  }
  detail = std::string(value->as_string());
  return Ok();
}

Result<ApiReply> GetTenant(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kTenantSettingsManage));
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object tenant, StoredTenantJson(call.db, who.tenant.id));
  return JsonReply(200, std::move(tenant));
}

Result<ApiReply> UpdateTenant(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kTenantSettingsManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body,
                           JsonBody::Read(call.http, {"name", "default_currency", "host_names", "legal_name",
                                                      "address", "vat_number"}));
  domain::TenantChanges changes;
  OPENMSP_ASSIGN_OR_RETURN(changes.name, body.OptionalString("name", domain::kMaxTenantNameLength));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> currency, body.OptionalString("default_currency", 3));
  if (currency) {
    OPENMSP_ASSIGN_OR_RETURN(changes.default_currency, CurrencyOf(*currency, "default_currency"));
  }
  const bool replace_host_names = body.Find("host_names") != nullptr;
  if (replace_host_names && body.IsNull("host_names")) {
    return InvalidArgument("host_names", "must be an array of host names ([] for none)");
  }
  OPENMSP_ASSIGN_OR_RETURN(std::vector<std::string> host_names,
                           ArrayOf<std::string>(body.Find("host_names"), "host_names", kMaxHostNames,
                                                [](const boost::json::value& value,
                                                   const std::string& field) -> Result<std::string> {
                                                  if (!value.is_string())
                                                    return InvalidArgument(field, "must be a host name");
                                                  return std::string(value.as_string());
                                                }));
  OPENMSP_ASSIGN_OR_RETURN(domain::IssuerDetails issuer, call.db.issuer_details().Find(who.tenant.id));
  bool replace_issuer = false;
  OPENMSP_RETURN_IF_ERROR(ReadDetail(body, "legal_name", issuer.legal_name, replace_issuer));
  OPENMSP_RETURN_IF_ERROR(ReadDetail(body, "address", issuer.address, replace_issuer));
  OPENMSP_RETURN_IF_ERROR(ReadDetail(body, "vat_number", issuer.vat_number, replace_issuer));
  OPENMSP_ASSIGN_OR_RETURN(boost::json::object before, StoredTenantJson(call.db, who.tenant.id));
  boost::json::object after;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.tenants().Update(who.tenant.id, changes));
    if (replace_host_names)
      OPENMSP_RETURN_IF_ERROR(tx.tenant_settings().ReplaceHostNames(who.tenant.id, host_names));
    if (replace_issuer) OPENMSP_RETURN_IF_ERROR(tx.issuer_details().Replace(who.tenant.id, issuer));
    OPENMSP_ASSIGN_OR_RETURN(after, StoredTenantJson(tx, who.tenant.id));
    return AuditOf(who.user, "tenant.update", "tenant", who.tenant.id.value, SerializeJson(before),
                   SerializeJson(after), call.request_id);
  }));
  return JsonReply(200, std::move(after));
}

// --- Branding ---------------------------------------------------------------------------------------

// The branding as the API shows it; `with_logo` false writes the logo's size instead of its bytes (what the
// audit log keeps: a logo of 256 KiB would not fit an entry).
boost::json::object BrandingJson(const domain::Branding& branding, bool is_default, bool with_logo) {
  boost::json::value logo = nullptr;
  if (!branding.logo.empty()) {
    boost::json::object object{{"media_type", branding.logo_media_type}};
    if (with_logo) {
      object["data"] = EncodeBase64(branding.logo);
    } else {
      object["bytes"] = branding.logo.size();
    }
    logo = std::move(object);
  }
  return boost::json::object{
      {"display_name", branding.display_name},
      {"primary_colour", branding.primary_colour},
      {"accent_colour", branding.accent_colour},
      {"support_email", branding.support_email.empty() ? boost::json::value(nullptr)
                                                       : boost::json::value(branding.support_email)},
      {"logo", std::move(logo)},
      {"is_default", is_default}};
}

// The tenant's branding, or the default one when it chose none.
Result<std::pair<domain::Branding, bool>> BrandingOf(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::Branding> chosen,
                           call.db.tenant_settings().FindBranding(call.who().tenant.id));
  if (chosen) return std::pair{*std::move(chosen), false};
  return std::pair{domain::DefaultBranding(call.who().tenant), true};
}

// Every user sees its tenant's branding (the Control Centre and the driver app show it): no object to check
// beyond the caller's own tenant.
Result<ApiReply> GetBranding(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(auto branding, BrandingOf(call));
  return JsonReply(200, BrandingJson(branding.first, branding.second, /*with_logo=*/true));
}

constexpr std::size_t kMaxLogoBase64Bytes = (domain::kMaxLogoBytes + 2) / 3 * 4;

Result<domain::Branding> ReadBranding(const http::HttpRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(
      JsonBody body,
      JsonBody::Read(request, {"display_name", "primary_colour", "accent_colour", "support_email", "logo"}));
  domain::Branding branding;
  OPENMSP_ASSIGN_OR_RETURN(branding.display_name, body.RequiredString("display_name", 800));
  OPENMSP_ASSIGN_OR_RETURN(branding.primary_colour, body.RequiredString("primary_colour", 64));
  OPENMSP_ASSIGN_OR_RETURN(branding.accent_colour, body.RequiredString("accent_colour", 64));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> email, body.OptionalString("support_email", 254));
  branding.support_email = email.value_or("");
  if (const boost::json::value* logo = body.Find("logo"); logo != nullptr && !logo->is_null()) {
    if (!logo->is_object()) return InvalidArgument("logo", "must be an object {media_type, data} or null");
    OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object,
                             ObjectOf(*logo, "logo", {"media_type", "data"}));
    const boost::json::value* media_type = object->if_contains("media_type");
    if (media_type == nullptr || !media_type->is_string() || media_type->as_string().empty() ||
        media_type->as_string().size() > 64) {
      return InvalidArgument("logo.media_type",
                             "is required: image/png, image/jpeg, image/webp or image/svg+xml");
    }
    const boost::json::value* data = object->if_contains("data");
    if (data == nullptr || !data->is_string() || data->as_string().empty()) {
      return InvalidArgument("logo.data", "is required: the logo file in Base64");
    }
    if (data->as_string().size() > kMaxLogoBase64Bytes) {
      return InvalidArgument("logo.data", "is larger than the largest logo accepted, 262144 bytes (256 KiB)");
    }
    Result<std::string> bytes = DecodeBase64(std::string_view(data->as_string()));
    if (!bytes) return InvalidArgument("logo.data", "must be standard, padded Base64");
    branding.logo_media_type = std::string(media_type->as_string());
    branding.logo = *std::move(bytes);
  }
  Result<domain::Branding> normalised = domain::NormaliseBranding(std::move(branding));
  if (!normalised) {
    Error error = std::move(normalised).error();
    if (error.field == "logo_media_type") error.field = "logo.media_type";
    if (error.field == "logo") error.field = "logo.data";
    return error;
  }
  return normalised;
}

Result<ApiReply> SetBranding(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kTenantSettingsManage));
  OPENMSP_ASSIGN_OR_RETURN(domain::Branding branding, ReadBranding(call.http));
  OPENMSP_ASSIGN_OR_RETURN(auto before, BrandingOf(call));
  domain::Branding stored;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(stored, tx.tenant_settings().SetBranding(who.tenant.id, branding));
    return AuditOf(who.user, "tenant.branding_update", "tenant", who.tenant.id.value,
                   before.second ? "" : SerializeJson(BrandingJson(before.first, false, /*with_logo=*/false)),
                   SerializeJson(BrandingJson(stored, false, /*with_logo=*/false)), call.request_id);
  }));
  return JsonReply(200, BrandingJson(stored, false, /*with_logo=*/true));
}

// --- VAT and exchange rates -------------------------------------------------------------------------

boost::json::object VatRatesJson(const std::vector<domain::VatRate>& rates) {
  boost::json::array items;
  for (const domain::VatRate& rate : rates) {
    items.emplace_back(boost::json::object{{"country", rate.country.alpha3},
                                           {"valid_from", FormatIsoDate(rate.valid_from)},
                                           {"percent", DecimalJson(rate.percent)}});
  }
  return boost::json::object{{"items", std::move(items)}};
}

Result<ApiReply> ListVatRates(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::VatRate> rates,
                           call.db.tenant_settings().VatRates(who.tenant.id));
  return JsonReply(200, VatRatesJson(rates));
}

Result<domain::VatRate> ReadVatRate(const boost::json::value& value, const std::string& field) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* row,
                           ObjectOf(value, field, {"country", "valid_from", "percent"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string code, StringOf(*row, "country", field, 3));
  Result<Country> country = CountryFromAlpha3(code);
  if (!country)
    return InvalidArgument(field + ".country", "must be an ISO 3166-1 alpha-3 country code such as NLD");
  OPENMSP_ASSIGN_OR_RETURN(LocalDate valid_from, DateOf(*row, "valid_from", field));
  OPENMSP_ASSIGN_OR_RETURN(Decimal percent, RequiredDecimal(*row, "percent", field));
  return domain::VatRate{.country = *country, .valid_from = valid_from, .percent = percent};
}

// Reads the `items` of a table's body, refusing a missing or null one (an empty table is `[]`).
template <typename Row, typename Read>
Result<std::vector<Row>> ReadTable(const http::HttpRequest& request, Read read) {
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(request, {"items"}));
  if (body.Find("items") == nullptr || body.IsNull("items")) {
    return InvalidArgument("items", "is required: the whole table, [] for none");
  }
  return ArrayOf<Row>(body.Find("items"), "items", kMaxTableRows, read);
}

Result<ApiReply> ReplaceVatRates(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kTenantSettingsManage));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::VatRate> rates,
                           ReadTable<domain::VatRate>(call.http, ReadVatRate));
  if (Result<void> valid = domain::ValidateVatRates(rates); !valid) {
    return ItemsField(std::move(valid).error(), "vat_rates");
  }
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::VatRate> before,
                           call.db.tenant_settings().VatRates(who.tenant.id));
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.tenant_settings().ReplaceVatRates(who.tenant.id, rates));
    OPENMSP_RETURN_IF_ERROR(QueueRerateOfHeldCdrs(tx, call));
    return AuditOf(who.user, "tenant.vat_rates_replace", "tenant", who.tenant.id.value,
                   SerializeJson(VatRatesJson(before)), SerializeJson(VatRatesJson(rates)), call.request_id);
  }));
  return JsonReply(200, VatRatesJson(rates));
}

boost::json::object ExchangeRatesJson(const std::vector<domain::ExchangeRate>& rates) {
  boost::json::array items;
  for (const domain::ExchangeRate& rate : rates) {
    items.emplace_back(boost::json::object{{"from", std::string(rate.from.code())},
                                           {"to", std::string(rate.to.code())},
                                           {"valid_from", FormatIsoDate(rate.valid_from)},
                                           {"rate", DecimalJson(rate.rate)}});
  }
  return boost::json::object{{"items", std::move(items)}};
}

Result<ApiReply> ListExchangeRates(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::ExchangeRate> rates,
                           call.db.tenant_settings().ExchangeRates(who.tenant.id));
  return JsonReply(200, ExchangeRatesJson(rates));
}

Result<domain::ExchangeRate> ReadExchangeRate(const boost::json::value& value, const std::string& field) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* row,
                           ObjectOf(value, field, {"from", "to", "valid_from", "rate"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string from, StringOf(*row, "from", field, 3));
  OPENMSP_ASSIGN_OR_RETURN(std::string to, StringOf(*row, "to", field, 3));
  OPENMSP_ASSIGN_OR_RETURN(const Currency from_currency, CurrencyOf(from, field + ".from"));
  OPENMSP_ASSIGN_OR_RETURN(const Currency to_currency, CurrencyOf(to, field + ".to"));
  OPENMSP_ASSIGN_OR_RETURN(const LocalDate valid_from, DateOf(*row, "valid_from", field));
  OPENMSP_ASSIGN_OR_RETURN(const Decimal rate, RequiredDecimal(*row, "rate", field));
  return domain::ExchangeRate{.from = from_currency, .to = to_currency, .valid_from = valid_from, .rate = rate};
}

Result<ApiReply> ReplaceExchangeRates(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kTenantSettingsManage));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::ExchangeRate> rates,
                           ReadTable<domain::ExchangeRate>(call.http, ReadExchangeRate));
  if (Result<void> valid = domain::ValidateExchangeRates(rates); !valid) {
    return ItemsField(std::move(valid).error(), "exchange_rates");
  }
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::ExchangeRate> before,
                           call.db.tenant_settings().ExchangeRates(who.tenant.id));
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.tenant_settings().ReplaceExchangeRates(who.tenant.id, rates));
    OPENMSP_RETURN_IF_ERROR(QueueRerateOfHeldCdrs(tx, call));
    return AuditOf(who.user, "tenant.exchange_rates_replace", "tenant", who.tenant.id.value,
                   SerializeJson(ExchangeRatesJson(before)), SerializeJson(ExchangeRatesJson(rates)),
                   call.request_id);
  }));
  return JsonReply(200, ExchangeRatesJson(rates));
}

// --- Rating settings --------------------------------------------------------------------------------

boost::json::object RatingSettingsJson(const domain::RatingSettings& settings) {
  return boost::json::object{{"max_energy_kwh", DecimalJson(settings.max_energy_kwh)},
                             {"max_session_duration_hours", settings.max_session_duration.count()},
                             {"cost_audit_tolerance", DecimalJson(settings.cost_audit_tolerance)}};
}

Result<ApiReply> GetRatingSettings(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(domain::RatingSettings settings,
                           call.db.tenant_settings().RatingSettingsOf(who.tenant.id));
  return JsonReply(200, RatingSettingsJson(settings));
}

Result<ApiReply> SetRatingSettings(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kTenantSettingsManage));
  OPENMSP_ASSIGN_OR_RETURN(
      JsonBody body,
      JsonBody::Read(call.http, {"max_energy_kwh", "max_session_duration_hours", "cost_audit_tolerance"}));
  domain::RatingSettings settings;
  for (const char* name : {"max_energy_kwh", "max_session_duration_hours", "cost_audit_tolerance"}) {
    if (body.Find(name) == nullptr || body.IsNull(name)) return InvalidArgument(name, "is required");
  }
  OPENMSP_ASSIGN_OR_RETURN(settings.max_energy_kwh,
                           DecimalOf(*body.Find("max_energy_kwh"), "max_energy_kwh"));
  OPENMSP_ASSIGN_OR_RETURN(settings.cost_audit_tolerance,
                           DecimalOf(*body.Find("cost_audit_tolerance"), "cost_audit_tolerance"));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t hours,
                           IntegerOf(*body.Find("max_session_duration_hours"), "max_session_duration_hours"));
  settings.max_session_duration = std::chrono::hours(hours);
  if (Result<void> valid = domain::ValidateRatingSettings(settings); !valid) {
    Error error = std::move(valid).error();
    if (error.field == "max_session_duration") error.field = "max_session_duration_hours";
    return error;
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::RatingSettings before,
                           call.db.tenant_settings().RatingSettingsOf(who.tenant.id));
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.tenant_settings().SetRatingSettings(who.tenant.id, settings));
    OPENMSP_RETURN_IF_ERROR(QueueRerateOfHeldCdrs(tx, call));
    return AuditOf(who.user, "tenant.rating_settings_update", "tenant", who.tenant.id.value,
                   SerializeJson(RatingSettingsJson(before)), SerializeJson(RatingSettingsJson(settings)),
                   call.request_id);
  }));
  return JsonReply(200, RatingSettingsJson(settings));
}

// --- The route table --------------------------------------------------------------------------------

constexpr const char* kTenantSchema = R"({"type": "object",
  "required": ["id", "slug", "name", "default_currency", "parties", "host_names", "legal_name", "address",
    "vat_number", "created_at"],
  "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"},
    "default_currency": {"type": "string", "description": "ISO 4217"},
    "parties": {"type": "array", "items": {"type": "string", "description": "the eMSP party, e.g. NL*ACM"}},
    "host_names": {"type": "array", "items": {"type": "string"}},
    "legal_name": {"type": ["string", "null"], "description": "the issuer on invoices; null: the name"},
    "address": {"type": ["string", "null"], "description": "lines separated by \n"},
    "vat_number": {"type": ["string", "null"]}, "created_at": {"type": "string"}}})";

constexpr const char* kTenantChangesSchema = R"({"type": "object", "additionalProperties": false,
  "properties": {"name": {"type": "string", "maxLength": 200},
    "default_currency": {"type": "string", "description": "ISO 4217; invoices of the next billing run on"},
    "host_names": {"type": "array", "maxItems": 20, "items": {"type": "string"},
      "description": "replaces them all; each unique across tenants"},
    "legal_name": {"type": ["string", "null"], "maxLength": 200, "description": "\"\" or null clears it"},
    "address": {"type": ["string", "null"], "maxLength": 500, "description": "lines separated by \n"},
    "vat_number": {"type": ["string", "null"], "maxLength": 30, "description": "printable ASCII"}}})";

constexpr const char* kBrandingSchema = R"({"type": "object",
  "required": ["display_name", "primary_colour", "accent_colour", "support_email", "logo", "is_default"],
  "properties": {"display_name": {"type": "string"}, "primary_colour": {"type": "string", "description": "#rrggbb"},
    "accent_colour": {"type": "string", "description": "#rrggbb"}, "support_email": {"type": ["string", "null"]},
    "logo": {"type": ["object", "null"], "required": ["media_type", "data"],
      "properties": {"media_type": {"type": "string"}, "data": {"type": "string", "contentEncoding": "base64"}}},
    "is_default": {"type": "boolean", "description": "true: the tenant chose none; this is OpenMSP's"}}})";

constexpr const char* kBrandingRequestSchema = R"({"type": "object",
  "required": ["display_name", "primary_colour", "accent_colour"], "additionalProperties": false,
  "properties": {"display_name": {"type": "string", "maxLength": 200},
    "primary_colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
    "accent_colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
    "support_email": {"type": ["string", "null"]},
    "logo": {"type": ["object", "null"], "required": ["media_type", "data"], "additionalProperties": false,
      "properties": {"media_type": {"enum": ["image/png", "image/jpeg", "image/webp", "image/svg+xml"]},
        "data": {"type": "string", "contentEncoding": "base64", "description": "at most 256 KiB decoded"}}}}})";

constexpr const char* kVatRateSchema = R"({"type": "object", "required": ["country", "valid_from", "percent"],
  "additionalProperties": false,
  "properties": {"country": {"type": "string", "description": "ISO 3166-1 alpha-3"},
    "valid_from": {"type": "string", "format": "date"},
    "percent": {"type": "string", "description": "decimal, e.g. \"21\" or \"5.5\""}}})";

constexpr const char* kExchangeRateSchema =
    R"({"type": "object", "required": ["from", "to", "valid_from", "rate"],
  "additionalProperties": false,
  "properties": {"from": {"type": "string", "description": "ISO 4217"}, "to": {"type": "string"},
    "valid_from": {"type": "string", "format": "date"},
    "rate": {"type": "string", "description": "units of `to` per unit of `from`, decimal, e.g. \"1.0412\""}}})";

constexpr const char* kRatingSettingsSchema = R"({"type": "object",
  "required": ["max_energy_kwh", "max_session_duration_hours", "cost_audit_tolerance"],
  "additionalProperties": false,
  "properties": {"max_energy_kwh": {"type": "string", "description": "decimal: a CDR with more is implausible"},
    "max_session_duration_hours": {"type": "integer", "minimum": 1, "maximum": 744},
    "cost_audit_tolerance": {"type": "string",
      "description": "decimal: the stated and recomputed CPO cost may differ by this much"}}})";

std::string TableRequestSchema(std::string_view row_schema) {
  return std::string(R"({"type": "object", "required": ["items"], "additionalProperties": false,
  "properties": {"items": {"type": "array", "maxItems": 1000, "items": )") +
         std::string(row_schema) + "}}}";
}

}  // namespace

std::vector<ApiRoute> TenantRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(Route("tenant", "GET", "/tenant",
                         "The tenant: name, default currency, eMSP parties, host names, legal details",
                         Permission::kTenantSettingsManage, "", kTenantSchema, 200, GetTenant));
  routes.push_back(
      Route("tenant", "PATCH", "/tenant",
            "Changes the tenant's name, default currency, host names or legal details (the slug and parties stay)",
            Permission::kTenantSettingsManage, kTenantChangesSchema, kTenantSchema, 200, UpdateTenant));

  ApiRoute branding =
      Route("tenant", "GET", "/tenant/branding",
            "The tenant's branding (OpenMSP's when it chose none), for every user of the tenant",
            Permission::kTenantSettingsManage, "", kBrandingSchema, 200, GetBranding);
  branding.access = RouteAccess::kAuthenticated;
  branding.permission = std::nullopt;
  routes.push_back(std::move(branding));
  routes.push_back(
      Route("tenant", "PUT", "/tenant/branding",
            "Replaces the tenant's branding: name, colours, support e-mail and logo (absent: none)",
            Permission::kTenantSettingsManage, kBrandingRequestSchema, kBrandingSchema, 200, SetBranding,
            kMaxLogoBase64Bytes + 4096));

  routes.push_back(Route("tenant", "GET", "/tenant/vat-rates",
                         "The tenant's VAT table: each country's rate from a date on, in the order given",
                         Permission::kPricingRead, "", ItemsSchema(kVatRateSchema), 200, ListVatRates));
  routes.push_back(
      Route("tenant", "PUT", "/tenant/vat-rates",
            "Replaces the whole VAT table and queues the re-rating of the CDRs held for attention",
            Permission::kTenantSettingsManage, TableRequestSchema(kVatRateSchema),
            ItemsSchema(kVatRateSchema), 200, ReplaceVatRates, kMaxTableBodyBytes));
  routes.push_back(Route(
      "tenant", "GET", "/tenant/exchange-rates", "The tenant's dated exchange-rate table, in the order given",
      Permission::kPricingRead, "", ItemsSchema(kExchangeRateSchema), 200, ListExchangeRates));
  routes.push_back(
      Route("tenant", "PUT", "/tenant/exchange-rates",
            "Replaces the whole exchange-rate table and queues the re-rating of the CDRs held for "
            "attention",
            Permission::kTenantSettingsManage, TableRequestSchema(kExchangeRateSchema),
            ItemsSchema(kExchangeRateSchema), 200, ReplaceExchangeRates, kMaxTableBodyBytes));
  routes.push_back(Route("tenant", "GET", "/tenant/rating-settings",
                         "The limits rating checks CPO CDRs against (plausibility, cost audit)",
                         Permission::kPricingRead, "", kRatingSettingsSchema, 200, GetRatingSettings));
  routes.push_back(Route("tenant", "PUT", "/tenant/rating-settings",
                         "Replaces the rating limits and queues the re-rating of the CDRs held for attention",
                         Permission::kTenantSettingsManage, kRatingSettingsSchema, kRatingSettingsSchema, 200,
                         SetRatingSettings));
  return routes;
}

}  // namespace openmsp::api
