#include "emsp/object_owner.h"

#include <optional>
#include <utility>

#include "core/json.h"
#include "ocpi/fields.h"

namespace openmsp::emsp {

namespace {

Error NotTheCallers(const PartyId& party, std::string reason) {
  return Error{ErrorCode::kNotFound, "party_id", party.ToString() + " " + std::move(reason)};
}

}  // namespace

Result<void> CheckSendingParty(store::Repositories& db, const OcpiRequest& request, const PartyId& party) {
  const OcpiCaller& caller = request.caller;
  if (caller.HasParty(party)) return Ok();
  if (!caller.IsHub()) return NotTheCallers(party, "is not a party of the caller's credentials");
  const std::optional<PartyId>& from = request.routing.from;
  if (!from) {
    return NotTheCallers(party, "is not the hub's own party, and the hub named no party in "
                                "OCPI-from-country-code/OCPI-from-party-id (§2.8)");
  }
  const bool broadcast = caller.HasParty(*from);
  if (*from != party && !broadcast) {
    return NotTheCallers(party, "is not the party " + from->ToString() + " the OCPI-from-* headers name");
  }
  Result<domain::HubClient> reported = db.hub_clients().Find(caller.tenant_id, caller.peer_id, party);
  if (reported) {
    if (reported->status == domain::HubClientStatus::kConnected ||
        reported->status == domain::HubClientStatus::kOffline) {
      return Ok();
    }
    return NotTheCallers(party, "is " + std::string(domain::HubClientStatusName(reported->status)) +
                                    " according to the hub's hubclientinfo");
  }
  if (reported.error().code != ErrorCode::kNotFound) return reported.error();
  OPENMSP_ASSIGN_OR_RETURN(const std::size_t reported_parties,
                           db.hub_clients().Count(caller.tenant_id, caller.peer_id));
  if (reported_parties == 0) return Ok();
  return NotTheCallers(party, "is not among the parties the hub reported through hubclientinfo");
}

Result<PartyId> ObjectOwner(const OcpiRequest& request, store::Repositories& db) {
  OPENMSP_ASSIGN_OR_RETURN(
      PartyId party, PartyId::FromFields(request.http.PathParameterValue("country_code").value_or(""),
                                         request.http.PathParameterValue("party_id").value_or("")));
  OPENMSP_RETURN_IF_ERROR(CheckSendingParty(db, request, party));
  return party;
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
