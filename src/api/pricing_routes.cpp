#include <boost/json.hpp>
#include <limits>
#include <utility>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/representations.h"
#include "core/json.h"
#include "core/time.h"
#include "domain/business_partner_group.h"
#include "domain/location_group.h"
#include "domain/location_search.h"
#include "domain/tariff_code.h"
#include "http/query.h"

namespace openmsp::api {
namespace {

using domain::BusinessPartnerGroup;
using domain::BusinessPartnerGroupId;
using domain::LocationGroup;
using domain::LocationGroupId;
using domain::Permission;
using domain::StoredLocation;
using domain::TariffCode;
using domain::TariffCodeId;

// --- Representations --------------------------------------------------------------------------------

boost::json::object ConnectorJson(const domain::Connector& connector) {
  boost::json::array tariff_ids;
  for (const std::string& id : connector.tariff_ids) tariff_ids.emplace_back(id);
  return boost::json::object{
      {"id", connector.id},
      {"standard", connector.standard},
      {"format", domain::ConnectorFormatName(connector.format)},
      {"power_type", domain::PowerTypeName(connector.power_type)},
      {"max_voltage", connector.max_voltage},
      {"max_amperage", connector.max_amperage},
      {"max_electric_power", connector.max_electric_power ? boost::json::value(*connector.max_electric_power)
                                                          : boost::json::value(nullptr)},
      {"max_power_kw", DecimalJson(domain::MaxPowerKw(connector))},
      {"tariff_ids", std::move(tariff_ids)},
      {"last_updated", FormatOcpiDateTime(connector.last_updated)}};
}

boost::json::object EvseJson(const domain::Evse& evse) {
  boost::json::array connectors;
  for (const domain::Connector& connector : evse.connectors) connectors.push_back(ConnectorJson(connector));
  return boost::json::object{
      {"uid", evse.uid},
      {"evse_id", evse.evse_id.empty() ? boost::json::value(nullptr) : boost::json::value(evse.evse_id)},
      {"status", domain::EvseStatusName(evse.status)},
      {"last_updated", FormatOcpiDateTime(evse.last_updated)},
      {"connectors", std::move(connectors)}};
}

boost::json::object LocationJson(const StoredLocation& stored) {
  const domain::Location& location = stored.location;
  boost::json::array evses;
  for (const domain::Evse& evse : location.evses) evses.push_back(EvseJson(evse));
  boost::json::array facilities;
  for (const std::string& facility : location.facilities) facilities.emplace_back(facility);
  const auto text_or_null = [](const std::string& text) {
    return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
  };
  return boost::json::object{
      {"id", stored.id.value},
      {"cpo", location.key.party.ToString()},
      {"location_id", location.key.location_id},
      {"publish", location.publish},
      {"name", text_or_null(location.name)},
      {"address", location.address},
      {"city", location.city},
      {"postal_code", text_or_null(location.postal_code)},
      {"country", location.country.alpha3},
      {"coordinates", boost::json::object{{"latitude", location.coordinates.latitude},
                                          {"longitude", location.coordinates.longitude}}},
      {"time_zone", location.time_zone},
      {"parking_type", location.parking_type
                           ? boost::json::value(domain::ParkingTypeName(*location.parking_type))
                           : boost::json::value(nullptr)},
      {"facilities", std::move(facilities)},
      {"accessibility", domain::AccessibilityName(domain::EffectiveAccessibility(stored))},
      {"accessibility_override", stored.accessibility_override ? boost::json::value(domain::AccessibilityName(
                                                                     *stored.accessibility_override))
                                                               : boost::json::value(nullptr)},
      {"last_updated", FormatOcpiDateTime(location.last_updated)},
      {"evses", std::move(evses)}};
}

boost::json::object CriteriaJson(const domain::LocationGroupCriteria& criteria) {
  boost::json::array countries, parties, power_types, accessibilities, locations, evse_ids;
  for (const Country& country : criteria.countries) countries.emplace_back(country.alpha3);
  for (const PartyId& party : criteria.parties) parties.emplace_back(party.ToString());
  for (domain::PowerType type : criteria.power_types) power_types.emplace_back(domain::PowerTypeName(type));
  for (domain::Accessibility accessibility : criteria.accessibilities) {
    accessibilities.emplace_back(domain::AccessibilityName(accessibility));
  }
  for (domain::LocationId location : criteria.locations) locations.emplace_back(location.value);
  for (const EvseId& evse_id : criteria.evse_ids) evse_ids.emplace_back(evse_id.ToString());
  return boost::json::object{{"countries", std::move(countries)},
                             {"parties", std::move(parties)},
                             {"power_types", std::move(power_types)},
                             {"min_power_kw", OptionalDecimalJson(criteria.min_power_kw)},
                             {"max_power_kw", OptionalDecimalJson(criteria.max_power_kw)},
                             {"accessibilities", std::move(accessibilities)},
                             {"locations", std::move(locations)},
                             {"evse_ids", std::move(evse_ids)}};
}

boost::json::object LocationGroupJson(const LocationGroup& group) {
  return boost::json::object{{"id", group.id.value},
                             {"name", group.name},
                             {"priority", group.priority},
                             {"is_default", group.is_default},
                             {"criteria", CriteriaJson(group.criteria)}};
}

boost::json::value GroupIdJson(LocationGroupId id) {
  return id.value == 0 ? boost::json::value(nullptr) : boost::json::value(id.value);
}

boost::json::object ConnectorMoveJson(const domain::ConnectorMove& move) {
  const domain::ConnectorRef& connector = move.connector;
  return boost::json::object{{"location", connector.location_id.value},
                             {"cpo", connector.key.party.ToString()},
                             {"location_id", connector.key.location_id},
                             {"evse_uid", connector.evse_uid},
                             {"evse_id", connector.evse_id.empty() ? boost::json::value(nullptr)
                                                                   : boost::json::value(connector.evse_id)},
                             {"connector_id", connector.connector_id},
                             {"from", GroupIdJson(move.from)},
                             {"to", GroupIdJson(move.to)}};
}

boost::json::object PreviewJson(const domain::LocationGroupPreview& preview) {
  boost::json::array joining, leaving;
  for (const domain::ConnectorMove& move : preview.joining) joining.push_back(ConnectorMoveJson(move));
  for (const domain::ConnectorMove& move : preview.leaving) leaving.push_back(ConnectorMoveJson(move));
  return boost::json::object{{"joining_count", preview.joining_count},
                             {"leaving_count", preview.leaving_count},
                             {"joining", std::move(joining)},
                             {"leaving", std::move(leaving)}};
}

boost::json::object BusinessPartnerGroupJson(const BusinessPartnerGroup& group) {
  boost::json::array units;
  for (domain::OrganisationUnitId unit : group.units) units.emplace_back(unit.value);
  return boost::json::object{{"id", group.id.value}, {"name", group.name}, {"units", std::move(units)}};
}

boost::json::object TariffCodeJson(const TariffCode& code) {
  return boost::json::object{{"id", code.id.value},
                             {"code", code.code},
                             {"kind", domain::TariffCodeKindName(code.kind)},
                             {"unit", domain::TariffUnitName(code.unit)},
                             {"step_size", DecimalJson(code.step_size)},
                             {"free_units", DecimalJson(code.free_units)},
                             {"grace_period_minutes", code.grace_period.count()},
                             {"description", code.description},
                             {"created_at", FormatOcpiDateTime(code.created_at)}};
}

// --- Reading input ----------------------------------------------------------------------------------

// The object `id` of the path parameter `name` when the principal may do `permission` on the tenant's
// pricing (held at the root); the refusal for a malformed, missing or other tenant's id.
template <typename T, typename Find>
Result<T> PathObject(ApiCall& call, std::string_view name, Permission permission, Find find) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(
      who.Authorize(permission, {.organisation_unit = who.root(), .profile = std::nullopt}));
  Result<std::int64_t> id = PathId(call.http, name);
  if (!id) return who.Refusal(permission).Nested(name);
  Result<T> found = find(*id);
  if (!found) {
    if (found.error().code != ErrorCode::kNotFound) return std::move(found).error();
    return who.Refusal(permission).Nested(name);
  }
  return found;
}

// A store's error about the group's `id` names the path parameter instead (the default group cannot be
// changed: 422 naming `location_group_id`).
Error PathField(Error error, std::string_view name) {
  if (error.field == "id") error.field = std::string(name);
  return error;
}

Result<Decimal> DecimalText(std::string_view text, std::string_view field) {
  Result<Decimal> value = Decimal::Parse(text);
  if (!value) return InvalidArgument(std::string(field), "must be a decimal number");
  return value;
}

// A string element read by `parse`, whose error is replaced by `reason` naming `field`.
template <typename Parse>
auto StringElement(Parse parse, std::string reason) {
  return [parse, reason](const boost::json::value& value,
                         const std::string& field) -> decltype(parse(std::string_view())) {
    if (!value.is_string()) return InvalidArgument(field, "must be a string");
    auto parsed = parse(std::string_view(value.as_string()));
    if (!parsed) return InvalidArgument(field, reason);
    return parsed;
  };
}

constexpr std::size_t kMaxCriteriaItems = 1000;

Result<domain::LocationGroupCriteria> ReadCriteria(const boost::json::value* value) {
  domain::LocationGroupCriteria criteria;
  if (value == nullptr || value->is_null()) return criteria;
  if (!value->is_object()) return InvalidArgument("criteria", "must be an object");
  const boost::json::object& object = value->as_object();
  for (const auto& member : object) {
    static constexpr std::string_view kKnown[] = {"countries",    "parties",      "power_types",
                                                  "min_power_kw", "max_power_kw", "accessibilities",
                                                  "locations",    "evse_ids"};
    if (std::find(std::begin(kKnown), std::end(kKnown), member.key()) == std::end(kKnown)) {
      return InvalidArgument("criteria." + std::string(member.key()), "is not a member this endpoint knows");
    }
  }
  OPENMSP_ASSIGN_OR_RETURN(
      criteria.countries,
      ArrayOf<Country>(object.if_contains("countries"), "criteria.countries", kMaxCriteriaItems,
                       StringElement(CountryFromAlpha3, "must be an ISO 3166-1 alpha-3 country code")));
  OPENMSP_ASSIGN_OR_RETURN(
      criteria.parties, ArrayOf<PartyId>(object.if_contains("parties"), "criteria.parties", kMaxCriteriaItems,
                                         StringElement(PartyId::Parse, "must be a party such as NL-TNM")));
  OPENMSP_ASSIGN_OR_RETURN(
      criteria.power_types,
      ArrayOf<domain::PowerType>(object.if_contains("power_types"), "criteria.power_types", kMaxCriteriaItems,
                                 StringElement(domain::ParsePowerType, "must be an OCPI PowerType")));
  OPENMSP_ASSIGN_OR_RETURN(
      criteria.accessibilities,
      ArrayOf<domain::Accessibility>(
          object.if_contains("accessibilities"), "criteria.accessibilities", kMaxCriteriaItems,
          StringElement(domain::ParseAccessibility, "must be PUBLIC, SEMI_PRIVATE or PRIVATE")));
  OPENMSP_ASSIGN_OR_RETURN(
      criteria.locations,
      ArrayOf<domain::LocationId>(
          object.if_contains("locations"), "criteria.locations", kMaxCriteriaItems,
          [](const boost::json::value& item, const std::string& field) -> Result<domain::LocationId> {
            Result<std::int64_t> id = IntegerOf(item, field);
            if (!id || *id <= 0) return InvalidArgument(field, "must be a positive integer id");
            return domain::LocationId{*id};
          }));
  OPENMSP_ASSIGN_OR_RETURN(
      criteria.evse_ids,
      ArrayOf<EvseId>(object.if_contains("evse_ids"), "criteria.evse_ids", kMaxCriteriaItems,
                      StringElement(EvseId::Parse, "must be an EVSE id such as NL*TNM*E000001")));
  for (const char* bound : {"min_power_kw", "max_power_kw"}) {
    const boost::json::value* number = object.if_contains(bound);
    if (number == nullptr || number->is_null()) continue;
    OPENMSP_ASSIGN_OR_RETURN(Decimal kw, DecimalOf(*number, "criteria." + std::string(bound)));
    (std::string_view(bound) == "min_power_kw" ? criteria.min_power_kw : criteria.max_power_kw) = kw;
  }
  return criteria;
}

Result<domain::NewLocationGroup> ReadLocationGroup(const http::HttpRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(request, {"name", "priority", "criteria"}));
  domain::NewLocationGroup group;
  OPENMSP_ASSIGN_OR_RETURN(group.name, body.RequiredString("name", 400));
  const boost::json::value* priority = body.Find("priority");
  if (priority == nullptr || priority->is_null()) return InvalidArgument("priority", "is required");
  Result<std::int64_t> number = IntegerOf(*priority, "priority");
  if (!number || *number < std::numeric_limits<std::int32_t>::min() ||
      *number > std::numeric_limits<std::int32_t>::max()) {
    return InvalidArgument("priority", "must be an integer from -2147483648 to 2147483647");
  }
  group.priority = static_cast<std::int32_t>(*number);
  OPENMSP_ASSIGN_OR_RETURN(group.criteria, ReadCriteria(body.Find("criteria")));
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewLocationGroup(group));
  return group;
}

Result<domain::NewBusinessPartnerGroup> ReadBusinessPartnerGroup(const http::HttpRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(request, {"name", "units"}));
  domain::NewBusinessPartnerGroup group;
  OPENMSP_ASSIGN_OR_RETURN(group.name, body.RequiredString("name", 400));
  const boost::json::value* units = body.Find("units");
  if (units == nullptr || units->is_null()) return InvalidArgument("units", "is required");
  OPENMSP_ASSIGN_OR_RETURN(
      group.units,
      ArrayOf<domain::OrganisationUnitId>(
          units, "units", kMaxCriteriaItems,
          [](const boost::json::value& item, const std::string& field) -> Result<domain::OrganisationUnitId> {
            Result<std::int64_t> id = IntegerOf(item, field);
            if (!id || *id <= 0) return InvalidArgument(field, "must be a positive integer id");
            return domain::OrganisationUnitId{*id};
          }));
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewBusinessPartnerGroup(group));
  return group;
}

// --- Locations --------------------------------------------------------------------------------------

Result<ApiReply> SearchLocations(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.Authorize(Permission::kLocationsRead,
                                        {.organisation_unit = std::nullopt, .profile = std::nullopt}));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query,
                           QueryOf(call, {"text", "country", "cpo", "min_power_kw", "latitude", "longitude",
                                          "radius_m", "after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(PageQuery page, ReadPageQuery(query, domain::LocationSearch::kMaxLimit));
  domain::LocationSearch search;
  search.after = domain::LocationId{page.after};
  search.limit = page.limit;
  search.text = std::string(http::FindQueryValue(query, "text").value_or(""));
  if (std::optional<std::string_view> country = http::FindQueryValue(query, "country")) {
    Result<Country> parsed = CountryFromAlpha3(*country);
    if (!parsed) return InvalidArgument("country", "must be an ISO 3166-1 alpha-3 country code");
    search.country = *parsed;
  }
  if (std::optional<std::string_view> cpo = http::FindQueryValue(query, "cpo")) {
    Result<PartyId> parsed = PartyId::Parse(*cpo);
    if (!parsed) return InvalidArgument("cpo", "must be a party such as NL-TNM");
    search.cpo = *parsed;
  }
  if (std::optional<std::string_view> kw = http::FindQueryValue(query, "min_power_kw")) {
    OPENMSP_ASSIGN_OR_RETURN(search.min_power_kw, DecimalText(*kw, "min_power_kw"));
  }
  const std::optional<std::string_view> latitude = http::FindQueryValue(query, "latitude");
  const std::optional<std::string_view> longitude = http::FindQueryValue(query, "longitude");
  const std::optional<std::string_view> radius = http::FindQueryValue(query, "radius_m");
  if (latitude || longitude || radius) {
    for (const auto& [value, name] : {std::pair{latitude, "latitude"}, std::pair{longitude, "longitude"},
                                      std::pair{radius, "radius_m"}}) {
      if (!value) return InvalidArgument(name, "is required with latitude, longitude and radius_m");
    }
    OPENMSP_ASSIGN_OR_RETURN(Decimal metres, DecimalText(*radius, "radius_m"));
    if (metres.scale() != 0 || metres < Decimal(1) || metres > Decimal(domain::GeoRadius::kMaxRadiusMetres)) {
      return InvalidArgument("radius_m", "must be a whole number of metres from 1 to 1000000");
    }
    search.near = domain::GeoRadius{
        .centre = {.latitude = std::string(*latitude), .longitude = std::string(*longitude)},
        .radius_m = static_cast<std::int64_t>(metres.coefficient())};
  }
  Result<void> valid = domain::ValidateLocationSearch(search);
  if (!valid) {
    Error error = std::move(valid).error();
    // The query names the centre's parts without the `near.centre.` of the domain's fields.
    for (const char* part : {"latitude", "longitude", "radius_m"}) {
      if (error.field.ends_with(part)) error.field = part;
    }
    return error;
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::LocationSearchPage found,
                           call.db.locations().Search(who.tenant.id, search));
  boost::json::array items;
  for (const StoredLocation& location : found.locations) items.push_back(LocationJson(location));
  return JsonReply(200, PageJson(std::move(items),
                                 found.next ? std::optional<std::int64_t>(found.next->value) : std::nullopt));
}

Result<ApiReply> GetLocation(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.Authorize(Permission::kLocationsRead,
                                        {.organisation_unit = std::nullopt, .profile = std::nullopt}));
  Result<std::int64_t> id = PathId(call.http, "location_id");
  if (!id) return who.Refusal(Permission::kLocationsRead).Nested("location_id");
  Result<StoredLocation> location = call.db.locations().FindById(who.tenant.id, domain::LocationId{*id});
  if (!location) {
    if (location.error().code != ErrorCode::kNotFound) return std::move(location).error();
    return who.Refusal(Permission::kLocationsRead).Nested("location_id");
  }
  return JsonReply(200, LocationJson(*location));
}

// --- Location groups --------------------------------------------------------------------------------

Result<LocationGroup> PathLocationGroup(ApiCall& call, Permission permission) {
  return PathObject<LocationGroup>(call, "location_group_id", permission, [&](std::int64_t id) {
    return call.db.location_groups().FindById(call.who().tenant.id, LocationGroupId{id});
  });
}

Result<ApiReply> ListLocationGroups(ApiCall& call) {
  OPENMSP_RETURN_IF_ERROR(call.who().AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<LocationGroup> groups,
                           call.db.location_groups().List(call.who().tenant.id));
  boost::json::array items;
  for (const LocationGroup& group : groups) items.push_back(LocationGroupJson(group));
  return JsonReply(200, boost::json::object{{"items", std::move(items)}});
}

Result<ApiReply> GetLocationGroup(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(LocationGroup group, PathLocationGroup(call, Permission::kPricingRead));
  return JsonReply(200, LocationGroupJson(group));
}

Result<ApiReply> CreateLocationGroup(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingManage));
  OPENMSP_ASSIGN_OR_RETURN(domain::NewLocationGroup group, ReadLocationGroup(call.http));
  LocationGroup created;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(created, tx.location_groups().Create(who.tenant.id, group));
    return AuditOf(who.user, "location_group.create", "location_group", created.id.value, "",
                   SerializeJson(LocationGroupJson(created)), call.request_id);
  }));
  return JsonReply(201, LocationGroupJson(created));
}

Result<ApiReply> UpdateLocationGroup(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(LocationGroup before, PathLocationGroup(call, Permission::kPricingManage));
  OPENMSP_ASSIGN_OR_RETURN(domain::NewLocationGroup group, ReadLocationGroup(call.http));
  LocationGroup updated;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    Result<LocationGroup> stored = tx.location_groups().Update(who.tenant.id, before.id, group);
    if (!stored) return PathField(std::move(stored).error(), "location_group_id");
    updated = *std::move(stored);
    return AuditOf(who.user, "location_group.update", "location_group", before.id.value,
                   SerializeJson(LocationGroupJson(before)), SerializeJson(LocationGroupJson(updated)),
                   call.request_id);
  }));
  return JsonReply(200, LocationGroupJson(updated));
}

Result<ApiReply> DeleteLocationGroup(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(LocationGroup before, PathLocationGroup(call, Permission::kPricingManage));
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    if (Result<void> deleted = tx.location_groups().Delete(who.tenant.id, before.id); !deleted) {
      return PathField(std::move(deleted).error(), "location_group_id");
    }
    return AuditOf(who.user, "location_group.delete", "location_group", before.id.value,
                   SerializeJson(LocationGroupJson(before)), "", call.request_id);
  }));
  return ApiReply{.status = 204, .body = nullptr, .headers = {}, .raw = std::nullopt};
}

// `Create`'s check that every explicit location is one of the tenant's, which the store's `Preview` does not
// make (it classifies only the tenant's own connectors, so an unknown id simply matches nothing): a preview
// that succeeds foretells a change that succeeds.
Result<void> CheckLocationsOfTenant(ApiCall& call, const domain::NewLocationGroup& group) {
  for (std::size_t i = 0; i < group.criteria.locations.size(); ++i) {
    Result<StoredLocation> found =
        call.db.locations().FindById(call.who().tenant.id, group.criteria.locations[i]);
    if (!found) {
      if (found.error().code != ErrorCode::kNotFound) return std::move(found).error();
      return Error{ErrorCode::kNotFound, "criteria.locations[" + std::to_string(i) + "]",
                   "is not a location of this tenant"};
    }
  }
  return Ok();
}

Result<ApiReply> PreviewNewLocationGroup(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(domain::NewLocationGroup group, ReadLocationGroup(call.http));
  OPENMSP_RETURN_IF_ERROR(CheckLocationsOfTenant(call, group));
  OPENMSP_ASSIGN_OR_RETURN(domain::LocationGroupPreview preview,
                           call.db.location_groups().Preview(who.tenant.id, std::nullopt, group));
  return JsonReply(200, PreviewJson(preview));
}

Result<ApiReply> PreviewLocationGroupChange(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(LocationGroup existing, PathLocationGroup(call, Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(domain::NewLocationGroup group, ReadLocationGroup(call.http));
  OPENMSP_RETURN_IF_ERROR(CheckLocationsOfTenant(call, group));
  Result<domain::LocationGroupPreview> preview =
      call.db.location_groups().Preview(who.tenant.id, existing.id, group);
  if (!preview) return PathField(std::move(preview).error(), "location_group_id");
  return JsonReply(200, PreviewJson(*preview));
}

// --- Business partner groups ------------------------------------------------------------------------

Result<BusinessPartnerGroup> PathBusinessPartnerGroup(ApiCall& call, Permission permission) {
  return PathObject<BusinessPartnerGroup>(
      call, "business_partner_group_id", permission, [&](std::int64_t id) {
        return call.db.business_partner_groups().FindById(call.who().tenant.id, BusinessPartnerGroupId{id});
      });
}

Result<ApiReply> ListBusinessPartnerGroups(ApiCall& call) {
  OPENMSP_RETURN_IF_ERROR(call.who().AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<BusinessPartnerGroup> groups,
                           call.db.business_partner_groups().List(call.who().tenant.id));
  boost::json::array items;
  for (const BusinessPartnerGroup& group : groups) items.push_back(BusinessPartnerGroupJson(group));
  return JsonReply(200, boost::json::object{{"items", std::move(items)}});
}

Result<ApiReply> GetBusinessPartnerGroup(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(BusinessPartnerGroup group,
                           PathBusinessPartnerGroup(call, Permission::kPricingRead));
  return JsonReply(200, BusinessPartnerGroupJson(group));
}

Result<ApiReply> CreateBusinessPartnerGroup(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingManage));
  OPENMSP_ASSIGN_OR_RETURN(domain::NewBusinessPartnerGroup group, ReadBusinessPartnerGroup(call.http));
  BusinessPartnerGroup created;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(created, tx.business_partner_groups().Create(who.tenant.id, group));
    return AuditOf(who.user, "business_partner_group.create", "business_partner_group", created.id.value, "",
                   SerializeJson(BusinessPartnerGroupJson(created)), call.request_id);
  }));
  return JsonReply(201, BusinessPartnerGroupJson(created));
}

Result<ApiReply> UpdateBusinessPartnerGroup(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(BusinessPartnerGroup before,
                           PathBusinessPartnerGroup(call, Permission::kPricingManage));
  OPENMSP_ASSIGN_OR_RETURN(domain::NewBusinessPartnerGroup group, ReadBusinessPartnerGroup(call.http));
  BusinessPartnerGroup updated;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(updated, tx.business_partner_groups().Update(who.tenant.id, before.id, group));
    return AuditOf(who.user, "business_partner_group.update", "business_partner_group", before.id.value,
                   SerializeJson(BusinessPartnerGroupJson(before)),
                   SerializeJson(BusinessPartnerGroupJson(updated)), call.request_id);
  }));
  return JsonReply(200, BusinessPartnerGroupJson(updated));
}

Result<ApiReply> DeleteBusinessPartnerGroup(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(BusinessPartnerGroup before,
                           PathBusinessPartnerGroup(call, Permission::kPricingManage));
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.business_partner_groups().Delete(who.tenant.id, before.id));
    return AuditOf(who.user, "business_partner_group.delete", "business_partner_group", before.id.value,
                   SerializeJson(BusinessPartnerGroupJson(before)), "", call.request_id);
  }));
  return ApiReply{.status = 204, .body = nullptr, .headers = {}, .raw = std::nullopt};
}

// --- Tariff codes -----------------------------------------------------------------------------------

Result<ApiReply> ListTariffCodes(ApiCall& call) {
  OPENMSP_RETURN_IF_ERROR(call.who().AuthorizeAtRoot(Permission::kPricingRead));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<TariffCode> codes, call.db.tariff_codes().List(call.who().tenant.id));
  boost::json::array items;
  for (const TariffCode& code : codes) items.push_back(TariffCodeJson(code));
  return JsonReply(200, boost::json::object{{"items", std::move(items)}});
}

Result<ApiReply> GetTariffCode(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(
      TariffCode code,
      PathObject<TariffCode>(call, "tariff_code_id", Permission::kPricingRead, [&](std::int64_t id) {
        return call.db.tariff_codes().FindById(call.who().tenant.id, TariffCodeId{id});
      }));
  return JsonReply(200, TariffCodeJson(code));
}

Result<ApiReply> CreateTariffCode(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(who.AuthorizeAtRoot(Permission::kPricingManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body,
                           JsonBody::Read(call.http, {"code", "kind", "unit", "step_size", "free_units",
                                                      "grace_period_minutes", "description"}));
  domain::NewTariffCode code;
  OPENMSP_ASSIGN_OR_RETURN(code.code, body.RequiredString("code", domain::kMaxTariffCodeNameLength));
  OPENMSP_ASSIGN_OR_RETURN(std::string kind, body.RequiredString("kind", 64));
  Result<domain::TariffCodeKind> parsed_kind = domain::ParseTariffCodeKind(kind);
  if (!parsed_kind) return parsed_kind.error().Nested("kind");
  code.kind = *parsed_kind;
  OPENMSP_ASSIGN_OR_RETURN(std::string unit, body.RequiredString("unit", 64));
  Result<domain::TariffUnit> parsed_unit = domain::ParseTariffUnit(unit);
  if (!parsed_unit) return parsed_unit.error().Nested("unit");
  code.unit = *parsed_unit;
  const boost::json::value* step = body.Find("step_size");
  if (step == nullptr || step->is_null()) return InvalidArgument("step_size", "is required");
  OPENMSP_ASSIGN_OR_RETURN(code.step_size, DecimalOf(*step, "step_size"));
  if (const boost::json::value* free = body.Find("free_units"); free != nullptr && !free->is_null()) {
    OPENMSP_ASSIGN_OR_RETURN(code.free_units, DecimalOf(*free, "free_units"));
  }
  if (const boost::json::value* grace = body.Find("grace_period_minutes");
      grace != nullptr && !grace->is_null()) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t minutes, IntegerOf(*grace, "grace_period_minutes"));
    if (minutes < 0 || minutes > domain::kMaxGracePeriod.count()) {
      return InvalidArgument("grace_period_minutes", "must be from 0 to 1440 minutes");
    }
    code.grace_period = std::chrono::minutes(minutes);
  }
  OPENMSP_ASSIGN_OR_RETURN(code.description,
                           body.RequiredString("description", 4 * domain::kMaxTariffCodeDescriptionLength));
  Result<void> valid = domain::ValidateNewTariffCode(code);
  if (!valid) {
    Error error = std::move(valid).error();
    if (error.field == "grace_period") error.field = "grace_period_minutes";
    return error;
  }
  TariffCode created;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(created, tx.tariff_codes().Create(who.tenant.id, code));
    return AuditOf(who.user, "tariff_code.create", "tariff_code", created.id.value, "",
                   SerializeJson(TariffCodeJson(created)), call.request_id);
  }));
  return JsonReply(201, TariffCodeJson(created));
}

// --- The route table --------------------------------------------------------------------------------

constexpr const char* kConnectorSchema = R"({"type": "object",
  "required": ["id", "standard", "format", "power_type", "max_voltage", "max_amperage", "max_electric_power",
               "max_power_kw", "tariff_ids", "last_updated"],
  "properties": {"id": {"type": "string"}, "standard": {"type": "string"}, "format": {"enum": ["SOCKET", "CABLE"]},
    "power_type": {"type": "string"}, "max_voltage": {"type": "integer"}, "max_amperage": {"type": "integer"},
    "max_electric_power": {"type": ["integer", "null"]}, "max_power_kw": {"type": "number"},
    "tariff_ids": {"type": "array", "items": {"type": "string"}}, "last_updated": {"type": "string"}}})";

std::string LocationSchema() {
  return std::string(R"({"type": "object",
  "required": ["id", "cpo", "location_id", "publish", "name", "address", "city", "postal_code", "country",
               "coordinates", "time_zone", "parking_type", "facilities", "accessibility", "accessibility_override",
               "last_updated", "evses"],
  "properties": {"id": {"type": "integer"}, "cpo": {"type": "string"}, "location_id": {"type": "string"},
    "publish": {"type": "boolean"}, "name": {"type": ["string", "null"]}, "address": {"type": "string"},
    "city": {"type": "string"}, "postal_code": {"type": ["string", "null"]}, "country": {"type": "string"},
    "coordinates": {"type": "object", "required": ["latitude", "longitude"],
      "properties": {"latitude": {"type": "string"}, "longitude": {"type": "string"}}},
    "time_zone": {"type": "string"}, "parking_type": {"type": ["string", "null"]},
    "facilities": {"type": "array", "items": {"type": "string"}},
    "accessibility": {"enum": ["PUBLIC", "SEMI_PRIVATE", "PRIVATE"]},
    "accessibility_override": {"enum": ["PUBLIC", "SEMI_PRIVATE", "PRIVATE", null]},
    "last_updated": {"type": "string"},
    "evses": {"type": "array", "items": {"type": "object",
      "required": ["uid", "evse_id", "status", "last_updated", "connectors"],
      "properties": {"uid": {"type": "string"}, "evse_id": {"type": ["string", "null"]}, "status": {"type": "string"},
        "last_updated": {"type": "string"}, "connectors": {"type": "array", "items": )") +
         kConnectorSchema + "}}}}}}";
}

constexpr const char* kCriteriaSchema = R"({"type": "object", "additionalProperties": false,
  "properties": {"countries": {"type": "array", "items": {"type": "string", "description": "ISO 3166-1 alpha-3"}},
    "parties": {"type": "array", "items": {"type": "string", "description": "NL-TNM"}},
    "power_types": {"type": "array", "items": {"enum": ["AC_1_PHASE", "AC_2_PHASE", "AC_2_PHASE_SPLIT", "AC_3_PHASE", "DC"]}},
    "min_power_kw": {"type": ["number", "null"]}, "max_power_kw": {"type": ["number", "null"]},
    "accessibilities": {"type": "array", "items": {"enum": ["PUBLIC", "SEMI_PRIVATE", "PRIVATE"]}},
    "locations": {"type": "array", "items": {"type": "integer"}},
    "evse_ids": {"type": "array", "items": {"type": "string"}}}})";

std::string LocationGroupRequestSchema() {
  return std::string(R"({"type": "object", "required": ["name", "priority"], "additionalProperties": false,
  "properties": {"name": {"type": "string", "maxLength": 100}, "priority": {"type": "integer"}, "criteria": )") +
         kCriteriaSchema + "}}";
}

std::string LocationGroupSchema() {
  return std::string(R"({"type": "object", "required": ["id", "name", "priority", "is_default", "criteria"],
  "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "priority": {"type": "integer"},
    "is_default": {"type": "boolean"}, "criteria": )") +
         kCriteriaSchema + "}}";
}

constexpr const char* kConnectorMoveSchema = R"({"type": "object",
  "required": ["location", "cpo", "location_id", "evse_uid", "evse_id", "connector_id", "from", "to"],
  "properties": {"location": {"type": "integer"}, "cpo": {"type": "string"}, "location_id": {"type": "string"},
    "evse_uid": {"type": "string"}, "evse_id": {"type": ["string", "null"]}, "connector_id": {"type": "string"},
    "from": {"type": ["integer", "null"]}, "to": {"type": ["integer", "null"]}}})";

std::string PreviewSchema() {
  return std::string(
             R"({"type": "object", "required": ["joining_count", "leaving_count", "joining", "leaving"],
  "properties": {"joining_count": {"type": "integer"}, "leaving_count": {"type": "integer"},
    "joining": {"type": "array", "items": )") +
         kConnectorMoveSchema + R"(}, "leaving": {"type": "array", "items": )" + kConnectorMoveSchema + "}}}";
}

constexpr const char* kBusinessPartnerGroupRequestSchema =
    R"({"type": "object", "required": ["name", "units"],
  "additionalProperties": false, "properties": {"name": {"type": "string", "maxLength": 100},
    "units": {"type": "array", "items": {"type": "integer"}}}})";
constexpr const char* kBusinessPartnerGroupSchema = R"({"type": "object", "required": ["id", "name", "units"],
  "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
    "units": {"type": "array", "items": {"type": "integer"}}}})";

constexpr const char* kTariffCodeRequestSchema = R"({"type": "object",
  "required": ["code", "kind", "unit", "step_size", "description"], "additionalProperties": false,
  "properties": {"code": {"type": "string", "maxLength": 36},
    "kind": {"enum": ["ENERGY", "CHARGING_TIME", "PARKING_TIME", "SESSION_TIME", "SESSION_FEE", "CPO_COST"]},
    "unit": {"enum": ["KWH", "HOUR", "MINUTE", "SESSION", "COST"]}, "step_size": {"type": "number"},
    "free_units": {"type": "number", "default": 0}, "grace_period_minutes": {"type": "integer", "default": 0},
    "description": {"type": "string", "maxLength": 200}}})";
constexpr const char* kTariffCodeSchema = R"({"type": "object",
  "required": ["id", "code", "kind", "unit", "step_size", "free_units", "grace_period_minutes", "description",
               "created_at"],
  "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "kind": {"type": "string"},
    "unit": {"type": "string"}, "step_size": {"type": "number"}, "free_units": {"type": "number"},
    "grace_period_minutes": {"type": "integer"}, "description": {"type": "string"},
    "created_at": {"type": "string"}}})";

}  // namespace

std::vector<ApiRoute> PricingRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(
      Route("locations", "GET", "/locations",
            "The tenant's CPO locations matching text, country, cpo, min_power_kw and latitude + "
            "longitude + radius_m, with their EVSEs and connectors, in pages (after, limit ≤ 100)",
            Permission::kLocationsRead, "", PageSchema(LocationSchema()), 200, SearchLocations));
  routes.push_back(Route("locations", "GET", "/locations/{location_id}",
                         "One location with its EVSEs and connectors", Permission::kLocationsRead, "",
                         LocationSchema(), 200, GetLocation));

  routes.push_back(Route("pricing", "GET", "/location-groups",
                         "The tenant's location groups in the order they are tried", Permission::kPricingRead,
                         "", ItemsSchema(LocationGroupSchema()), 200, ListLocationGroups));
  routes.push_back(Route("pricing", "GET", "/location-groups/{location_group_id}", "One location group",
                         Permission::kPricingRead, "", LocationGroupSchema(), 200, GetLocationGroup));
  routes.push_back(Route("pricing", "POST", "/location-groups",
                         "Creates a location group (its connectors join it at once)",
                         Permission::kPricingManage, LocationGroupRequestSchema(), LocationGroupSchema(), 201,
                         CreateLocationGroup, 64 * 1024));
  routes.push_back(Route("pricing", "PUT", "/location-groups/{location_group_id}",
                         "Replaces a location group's name, priority and criteria (not the default group)",
                         Permission::kPricingManage, LocationGroupRequestSchema(), LocationGroupSchema(), 200,
                         UpdateLocationGroup, 64 * 1024));
  routes.push_back(Route("pricing", "DELETE", "/location-groups/{location_group_id}",
                         "Deletes a location group; its connectors move to the next group they match",
                         Permission::kPricingManage, "", "", 204, DeleteLocationGroup));
  routes.push_back(
      Route("pricing", "POST", "/location-groups/preview",
            "Which connectors a new location group would take from which groups (stores nothing)",
            Permission::kPricingRead, LocationGroupRequestSchema(), PreviewSchema(), 200,
            PreviewNewLocationGroup, 64 * 1024));
  routes.push_back(Route("pricing", "POST", "/location-groups/{location_group_id}/preview",
                         "Which connectors would join and leave a location group if it were changed so "
                         "(stores nothing)",
                         Permission::kPricingRead, LocationGroupRequestSchema(), PreviewSchema(), 200,
                         PreviewLocationGroupChange, 64 * 1024));

  routes.push_back(Route("pricing", "GET", "/business-partner-groups", "The tenant's business partner groups",
                         Permission::kPricingRead, "", ItemsSchema(kBusinessPartnerGroupSchema), 200,
                         ListBusinessPartnerGroups));
  routes.push_back(Route("pricing", "GET", "/business-partner-groups/{business_partner_group_id}",
                         "One business partner group", Permission::kPricingRead, "",
                         kBusinessPartnerGroupSchema, 200, GetBusinessPartnerGroup));
  routes.push_back(Route("pricing", "POST", "/business-partner-groups",
                         "Creates a business partner group of units", Permission::kPricingManage,
                         kBusinessPartnerGroupRequestSchema, kBusinessPartnerGroupSchema, 201,
                         CreateBusinessPartnerGroup, 64 * 1024));
  routes.push_back(Route("pricing", "PUT", "/business-partner-groups/{business_partner_group_id}",
                         "Replaces a business partner group's name and units", Permission::kPricingManage,
                         kBusinessPartnerGroupRequestSchema, kBusinessPartnerGroupSchema, 200,
                         UpdateBusinessPartnerGroup, 64 * 1024));
  routes.push_back(Route("pricing", "DELETE", "/business-partner-groups/{business_partner_group_id}",
                         "Deletes a business partner group", Permission::kPricingManage, "", "", 204,
                         DeleteBusinessPartnerGroup));

  routes.push_back(Route("pricing", "GET", "/tariff-codes", "The tenant's tariff codes, by id",
                         Permission::kPricingRead, "", ItemsSchema(kTariffCodeSchema), 200, ListTariffCodes));
  routes.push_back(Route("pricing", "GET", "/tariff-codes/{tariff_code_id}", "One tariff code",
                         Permission::kPricingRead, "", kTariffCodeSchema, 200, GetTariffCode));
  routes.push_back(
      Route("pricing", "POST", "/tariff-codes", "Creates a tariff code (codes never change once created)",
            Permission::kPricingManage, kTariffCodeRequestSchema, kTariffCodeSchema, 201, CreateTariffCode));
  return routes;
}

}  // namespace openmsp::api
