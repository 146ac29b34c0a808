#include "ocpi/credentials.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"
#include "ocpi/authorization.h"
#include "ocpi/fields.h"
#include "pricing/ocpi_field_json.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;
namespace ocpi_json = pricing::ocpi_json;

constexpr std::size_t kMaxBusinessNameLength = 100;

Result<void> ValidateToken(std::string_view token) {
  if (token.empty() || token.size() > kMaxCredentialsTokenLength) {
    return InvalidArgument("token", "must be 1 to 64 characters long");
  }
  for (char c : token) {
    if (!ascii::IsPrintable(c) || c == ' ') {
      return InvalidArgument("token", "must be printable ASCII without blanks");
    }
  }
  return Ok();
}

Result<void> ValidateBusinessName(std::string_view name) {
  if (name.empty()) return InvalidArgument("", "must not be empty");
  return ValidateOcpiString(name, kMaxBusinessNameLength);
}

Result<std::string> ReadBusinessName(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto members, ocpi_json::RequiredMembers<1>(*object, {"name"}));
  return ocpi_json::ReadMember(*members[0], "name", [](const json::value& name) -> Result<std::string> {
    OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ocpi_json::ReadString(name));
    OPENMSP_RETURN_IF_ERROR(ValidateBusinessName(text));
    return std::string(text);
  });
}

Result<domain::PeerRole> ReadRole(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(
      const auto members,
      ocpi_json::RequiredMembers<4>(*object, {"role", "business_details", "party_id", "country_code"}));
  OPENMSP_ASSIGN_OR_RETURN(const domain::OcpiRole role,
                           ocpi_json::ReadMember(*members[0], "role", ReadOcpiRole));
  OPENMSP_ASSIGN_OR_RETURN(std::string business_name,
                           ocpi_json::ReadMember(*members[1], "business_details", ReadBusinessName));
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view party_id,
                           ocpi_json::ReadMember(*members[2], "party_id", ocpi_json::ReadString));
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view country_code,
                           ocpi_json::ReadMember(*members[3], "country_code", ocpi_json::ReadString));
  OPENMSP_ASSIGN_OR_RETURN(const PartyId party, PartyId::FromFields(country_code, party_id));
  return domain::PeerRole{.role = role, .party = party, .business_name = std::move(business_name)};
}

Result<void> ValidateRoles(const std::vector<domain::PeerRole>& roles) {
  if (roles.empty()) return InvalidArgument("roles", "must list at least one role");
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const std::string path = "roles[" + std::to_string(i) + "]";
    if (Result<void> name = ValidateBusinessName(roles[i].business_name); !name) {
      return name.error().Nested(path + ".business_details.name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (roles[j].role == roles[i].role && roles[j].party == roles[i].party) {
        return InvalidArgument(path, "lists " + std::string(domain::OcpiRoleName(roles[i].role)) + " " +
                                         roles[i].party.ToString() + " a second time");
      }
    }
  }
  return Ok();
}

}  // namespace

Result<Credentials> ParseCredentials(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto members,
                           ocpi_json::RequiredMembers<3>(*object, {"token", "url", "roles"}));
  Credentials credentials;
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view token,
                           ocpi_json::ReadMember(*members[0], "token", ocpi_json::ReadString));
  OPENMSP_RETURN_IF_ERROR(ValidateToken(token));
  credentials.token = std::string(token);
  OPENMSP_ASSIGN_OR_RETURN(credentials.url, ocpi_json::ReadMember(*members[1], "url", ReadUrl));
  OPENMSP_ASSIGN_OR_RETURN(credentials.roles,
                           ocpi_json::ReadMember(*members[2], "roles", [](const json::value& v) {
                             return ocpi_json::ReadArray(v, ReadRole, 1);
                           }));
  OPENMSP_RETURN_IF_ERROR(ValidateRoles(credentials.roles));
  return credentials;
}

Credentials EmspCredentials(std::string token, std::string versions_url, std::span<const PartyId> parties,
                            std::string_view business_name) {
  Credentials credentials{.token = std::move(token), .url = std::move(versions_url), .roles = {}};
  for (const PartyId& party : parties) {
    credentials.roles.push_back(domain::PeerRole{
        .role = domain::OcpiRole::kEmsp, .party = party, .business_name = std::string(business_name)});
  }
  return credentials;
}

Result<json::value> CredentialsJson(const Credentials& credentials) {
  OPENMSP_RETURN_IF_ERROR(ValidateToken(credentials.token));
  if (Result<void> url = ValidateUrl(credentials.url); !url) return url.error().Nested("url");
  OPENMSP_RETURN_IF_ERROR(ValidateRoles(credentials.roles));
  json::array roles;
  for (const domain::PeerRole& role : credentials.roles) {
    roles.push_back(json::object{{"role", domain::OcpiRoleName(role.role)},
                                 {"business_details", json::object{{"name", role.business_name}}},
                                 {"party_id", role.party.party_id()},
                                 {"country_code", role.party.country_code()}});
  }
  return json::value(
      json::object{{"token", credentials.token}, {"url", credentials.url}, {"roles", std::move(roles)}});
}

Result<domain::PeerRegistration> ToPeerRegistration(const Credentials& credentials,
                                                    const VersionDetails& details, bool token_base64) {
  domain::PeerRegistration registration{.token = credentials.token,
                                        .token_base64 = token_base64,
                                        .versions_url = credentials.url,
                                        .version = details.version,
                                        .endpoints = details.endpoints,
                                        .roles = credentials.roles};
  OPENMSP_RETURN_IF_ERROR(domain::ValidatePeerRegistration(registration));
  return registration;
}

}  // namespace openmsp::ocpi
