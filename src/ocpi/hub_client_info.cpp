#include "ocpi/hub_client_info.h"

#include <array>

#include "ocpi/fields.h"
#include "pricing/ocpi_field_json.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;
namespace ocpi_json = pricing::ocpi_json;

constexpr std::array<ocpi_json::EnumName<ConnectionStatus>, 4> kStatusNames = {{
    {"CONNECTED", ConnectionStatus::kConnected},
    {"OFFLINE", ConnectionStatus::kOffline},
    {"PLANNED", ConnectionStatus::kPlanned},
    {"SUSPENDED", ConnectionStatus::kSuspended},
}};

}  // namespace

Result<ClientInfo> ParseClientInfo(const json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(
      const auto members,
      ocpi_json::RequiredMembers<5>(*object, {"party_id", "country_code", "role", "status", "last_updated"}));
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view party_id,
                           ocpi_json::ReadMember(*members[0], "party_id", ocpi_json::ReadString));
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view country_code,
                           ocpi_json::ReadMember(*members[1], "country_code", ocpi_json::ReadString));
  OPENMSP_ASSIGN_OR_RETURN(const PartyId party, PartyId::FromFields(country_code, party_id));
  OPENMSP_ASSIGN_OR_RETURN(const domain::OcpiRole role,
                           ocpi_json::ReadMember(*members[2], "role", ReadOcpiRole));
  OPENMSP_ASSIGN_OR_RETURN(const ConnectionStatus status,
                           ocpi_json::ReadMember(*members[3], "status", [](const json::value& v) {
                             return ocpi_json::ReadEnum(v, kStatusNames);
                           }));
  OPENMSP_ASSIGN_OR_RETURN(const Instant last_updated,
                           ocpi_json::ReadMember(*members[4], "last_updated", ocpi_json::ReadDateTime));
  return ClientInfo{.party = party, .role = role, .status = status, .last_updated = last_updated};
}

}  // namespace openmsp::ocpi
