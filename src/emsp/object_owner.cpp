#include "emsp/object_owner.h"

#include <algorithm>

#include "core/json.h"
#include "ocpi/fields.h"

namespace openmsp::emsp {

Result<PartyId> ObjectOwner(const OcpiRequest& request, store::Repositories& db) {
  OPENMSP_ASSIGN_OR_RETURN(
      PartyId party, PartyId::FromFields(request.http.PathParameterValue("country_code").value_or(""),
                                         request.http.PathParameterValue("party_id").value_or("")));
  OPENMSP_ASSIGN_OR_RETURN(domain::Peer peer, db.peers().FindById(request.caller.tenant_id, request.caller.peer_id));
  const auto has_role = [&](auto matches) { return std::any_of(peer.roles.begin(), peer.roles.end(), matches); };
  if (has_role([&](const domain::PeerRole& role) { return role.party == party; })) return party;
  if (has_role([](const domain::PeerRole& role) { return role.role == domain::OcpiRole::kHub; }) &&
      (!request.routing.from || *request.routing.from == party)) {
    return party;
  }
  return Error{ErrorCode::kNotFound, "party_id", party.ToString() + " is not a party of the caller's credentials"};
}

Result<std::string> ObjectIdSegment(const OcpiRequest& request, std::string_view name) {
  const std::string id(request.http.PathParameterValue(name).value_or(""));
  OPENMSP_RETURN_IF_ERROR(ocpi::ValidateId(id, 36, name));
  return id;
}

Result<boost::json::value> RequestJson(const OcpiRequest& request) {
  Result<boost::json::value> json = ParseJson(request.http.body);
  if (!json && json.error().field.empty()) return json.error().Nested("body");
  return json;
}

}  // namespace openmsp::emsp
