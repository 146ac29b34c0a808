#include "ocpi/tokens.h"

#include <array>
#include <boost/json/array.hpp>

#include "core/ids/ocpi_string.h"
#include "pricing/ocpi_field_json.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;
namespace ocpi_json = pricing::ocpi_json;

constexpr std::size_t kMaxIdLength = 36;

constexpr std::array<std::pair<AllowedType, std::string_view>, 5> kAllowedNames = {{
    {AllowedType::kAllowed, "ALLOWED"},
    {AllowedType::kBlocked, "BLOCKED"},
    {AllowedType::kExpired, "EXPIRED"},
    {AllowedType::kNoCredit, "NO_CREDIT"},
    {AllowedType::kNotAllowed, "NOT_ALLOWED"},
}};

Result<std::string> ReadId(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(std::string id, ocpi_json::ReadCiString(value, kMaxIdLength));
  if (id.empty()) return InvalidArgument("", "must not be empty");
  return id;
}

Result<void> ValidateLocationReferences(const LocationReferences& references) {
  OPENMSP_RETURN_IF_ERROR(ValidateId(references.location_id, kMaxIdLength, "location_id"));
  for (std::size_t i = 0; i < references.evse_uids.size(); ++i) {
    OPENMSP_RETURN_IF_ERROR(
        ValidateId(references.evse_uids[i], kMaxIdLength, "evse_uids[" + std::to_string(i) + "]"));
  }
  return Ok();
}

json::value LocationReferencesJson(const LocationReferences& references) {
  json::object object{{"location_id", references.location_id}};
  if (!references.evse_uids.empty()) {
    json::array uids;
    for (const std::string& uid : references.evse_uids) uids.push_back(json::string(uid));
    object["evse_uids"] = std::move(uids);
  }
  return object;
}

}  // namespace

Result<PartyId> TokenParty(const domain::Token& token, std::span<const PartyId> tenant_parties) {
  for (const PartyId& party : tenant_parties) {
    if (party.country_code() == token.contract_id.country_code() &&
        party.party_id() == token.contract_id.provider_id()) {
      return party;
    }
  }
  if (tenant_parties.size() == 1) return tenant_parties.front();
  return Error{ErrorCode::kFailedPrecondition, "contract_id",
               "names provider " + std::string(token.contract_id.country_code()) + "-" +
                   std::string(token.contract_id.provider_id()) +
                   ", which is none of the tenant's parties, and the tenant has " +
                   std::to_string(tenant_parties.size()) + " parties to choose from"};
}

Result<json::object> TokenJson(const domain::Token& token, const PartyId& party, Instant now) {
  if (token.type == domain::TokenType::kEmaid) {
    return InvalidArgument("type", "EMAID tokens do not exist in OCPI 2.2.1");
  }
  json::object object;
  object["country_code"] = party.country_code();
  object["party_id"] = party.party_id();
  object["uid"] = token.uid;
  object["type"] = domain::TokenTypeName(token.type);
  object["contract_id"] = token.contract_id.ToString();
  if (!token.visual_number.empty()) object["visual_number"] = token.visual_number;
  object["issuer"] = token.issuer;
  if (!token.group_id.empty()) object["group_id"] = token.group_id;
  object["valid"] = domain::IsOcpiValid(token, now);
  object["whitelist"] = domain::TokenWhitelistName(token.whitelist);
  if (!token.language.empty()) object["language"] = token.language;
  object["last_updated"] = FormatOcpiDateTime(token.last_updated);
  return object;
}

std::string_view AllowedTypeName(AllowedType allowed) {
  for (const auto& [value, name] : kAllowedNames) {
    if (value == allowed) return name;
  }
  return "";
}

Result<LocationReferences> ParseLocationReferences(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto members, ocpi_json::RequiredMembers<1>(*object, {"location_id"}));
  LocationReferences references;
  OPENMSP_ASSIGN_OR_RETURN(references.location_id, ocpi_json::ReadMember(*members[0], "location_id", ReadId));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> uids,
                           ocpi_json::ReadOptionalMember(*object, "evse_uids", [](const json::value& v) {
                             return ocpi_json::ReadArray(v, ReadId);
                           }));
  if (uids) references.evse_uids = *std::move(uids);
  return references;
}

Result<json::value> AuthorizationInfoJson(const AuthorizationInfo& info) {
  if (info.token.empty()) return InvalidArgument("token", "is required");
  json::object object;
  object["allowed"] = AllowedTypeName(info.allowed);
  object["token"] = info.token;
  if (info.location) {
    if (Result<void> valid = ValidateLocationReferences(*info.location); !valid) {
      return valid.error().Nested("location");
    }
    object["location"] = LocationReferencesJson(*info.location);
  }
  if (!info.authorization_reference.empty()) {
    OPENMSP_RETURN_IF_ERROR(
        ValidateId(info.authorization_reference, kMaxIdLength, "authorization_reference"));
    object["authorization_reference"] = info.authorization_reference;
  }
  if (info.info) {
    if (Result<void> valid = ValidateDisplayText(*info.info); !valid) return valid.error().Nested("info");
    object["info"] = DisplayTextJson(*info.info);
  }
  return json::value(std::move(object));
}

}  // namespace openmsp::ocpi
