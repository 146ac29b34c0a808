#include "ocpi/versions.h"

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/ids/ascii.h"
#include "ocpi/fields.h"
#include "pricing/ocpi_field_json.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;
namespace ocpi_json = pricing::ocpi_json;

constexpr std::size_t kMaxVersionLength = 16;
constexpr std::size_t kMaxModuleLength = 64;

Result<std::string> ReadVersionNumber(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ocpi_json::ReadString(value));
  bool digit_expected = true;
  for (char c : text) {
    if (ascii::IsDigit(c)) {
      digit_expected = false;
    } else if (c == '.' && !digit_expected) {
      digit_expected = true;
    } else {
      digit_expected = true;
      break;
    }
  }
  if (text.empty() || digit_expected || text.size() > kMaxVersionLength) {
    return InvalidArgument("", "must be a version number such as 2.2.1 (digits separated by dots)");
  }
  return std::string(text);
}

Result<std::string> ReadModuleId(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ocpi_json::ReadString(value));
  bool valid = !text.empty() && text.size() <= kMaxModuleLength;
  for (char c : text) {
    valid = valid && ((c >= 'a' && c <= 'z') || ascii::IsDigit(c) || c == '-' || c == '_');
  }
  if (!valid) {
    return InvalidArgument("",
                           "must be an OCPI module id (cdrs, locations, …, or a custom one): 1 to 64 of "
                           "a-z, 0-9, '-' and '_'");
  }
  return std::string(text);
}

Result<domain::InterfaceRole> ReadInterfaceRole(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ocpi_json::ReadString(value));
  Result<domain::InterfaceRole> role = domain::ParseInterfaceRole(text);
  if (!role) return InvalidArgument("", ascii::Quote(text) + " is not one of SENDER, RECEIVER");
  return role;
}

Result<Version> ReadVersion(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto members, ocpi_json::RequiredMembers<2>(*object, {"version", "url"}));
  Version version;
  OPENMSP_ASSIGN_OR_RETURN(version.version, ocpi_json::ReadMember(*members[0], "version", ReadVersionNumber));
  OPENMSP_ASSIGN_OR_RETURN(version.url, ocpi_json::ReadMember(*members[1], "url", ReadUrl));
  return version;
}

Result<domain::PeerEndpoint> ReadEndpoint(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto members,
                           ocpi_json::RequiredMembers<3>(*object, {"identifier", "role", "url"}));
  domain::PeerEndpoint endpoint;
  OPENMSP_ASSIGN_OR_RETURN(endpoint.module, ocpi_json::ReadMember(*members[0], "identifier", ReadModuleId));
  OPENMSP_ASSIGN_OR_RETURN(endpoint.role, ocpi_json::ReadMember(*members[1], "role", ReadInterfaceRole));
  OPENMSP_ASSIGN_OR_RETURN(endpoint.url, ocpi_json::ReadMember(*members[2], "url", ReadUrl));
  return endpoint;
}

}  // namespace

Result<std::vector<Version>> ParseVersions(const json::value& data) {
  return ocpi_json::ReadArray(data, ReadVersion, 1);
}

json::value VersionsJson(const std::vector<Version>& versions) {
  json::array array;
  for (const Version& version : versions)
    array.push_back(json::object{{"version", version.version}, {"url", version.url}});
  return array;
}

Result<Version> FindVersion(const std::vector<Version>& versions, std::string_view version) {
  for (const Version& candidate : versions) {
    if (candidate.version == version) return candidate;
  }
  return Error{ErrorCode::kPeerError, "versions", "the peer does not offer OCPI " + std::string(version)};
}

Result<VersionDetails> ParseVersionDetails(const json::value& data) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(data));
  OPENMSP_ASSIGN_OR_RETURN(const auto members,
                           ocpi_json::RequiredMembers<2>(*object, {"version", "endpoints"}));
  VersionDetails details;
  OPENMSP_ASSIGN_OR_RETURN(details.version, ocpi_json::ReadMember(*members[0], "version", ReadVersionNumber));
  OPENMSP_ASSIGN_OR_RETURN(details.endpoints,
                           ocpi_json::ReadMember(*members[1], "endpoints", [](const json::value& value) {
                             return ocpi_json::ReadArray(value, ReadEndpoint, 1);
                           }));
  for (std::size_t i = 0; i < details.endpoints.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (details.endpoints[j].module == details.endpoints[i].module &&
          details.endpoints[j].role == details.endpoints[i].role) {
        return InvalidArgument("endpoints[" + std::to_string(i) + "]",
                               "lists module " + details.endpoints[i].module + " as " +
                                   std::string(domain::InterfaceRoleName(details.endpoints[i].role)) +
                                   " a second time");
      }
    }
  }
  return details;
}

json::value VersionDetailsJson(const VersionDetails& details) {
  json::array endpoints;
  for (const domain::PeerEndpoint& endpoint : details.endpoints) {
    endpoints.push_back(json::object{{"identifier", endpoint.module},
                                     {"role", domain::InterfaceRoleName(endpoint.role)},
                                     {"url", endpoint.url}});
  }
  return json::object{{"version", details.version}, {"endpoints", std::move(endpoints)}};
}

std::vector<domain::PeerEndpoint> EmspEndpoints(std::string_view version_url) {
  using domain::InterfaceRole;
  constexpr std::array<std::pair<std::string_view, InterfaceRole>, 8> kModules = {{
      {"credentials", InterfaceRole::kSender},
      {"locations", InterfaceRole::kReceiver},
      {"sessions", InterfaceRole::kReceiver},
      {"cdrs", InterfaceRole::kReceiver},
      {"tariffs", InterfaceRole::kReceiver},
      {"tokens", InterfaceRole::kSender},
      {"commands", InterfaceRole::kSender},
      {"hubclientinfo", InterfaceRole::kReceiver},
  }};
  std::string base(version_url);
  while (base.ends_with('/')) base.pop_back();
  std::vector<domain::PeerEndpoint> endpoints;
  for (const auto& [module, role] : kModules) {
    endpoints.push_back(domain::PeerEndpoint{
        .module = std::string(module), .role = role, .url = base + "/" + std::string(module)});
  }
  return endpoints;
}

}  // namespace openmsp::ocpi
