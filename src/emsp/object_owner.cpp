#include "emsp/object_owner.h"

#include <algorithm>
#include <optional>
#include <span>
#include <utility>

#include "core/json.h"
#include "ocpi/fields.h"

namespace openmsp::emsp {

namespace {

Error NotTheCallers(const PartyId& party, std::string reason) {
  return Error{ErrorCode::kNotFound, "party_id", party.ToString() + " " + std::move(reason)};
}

// The rule for the caller `peer_id` of `tenant_id` with `roles`, whose request named `from` (OCPI-from-*).
Result<void> CheckParty(store::Repositories& db, domain::TenantId tenant_id, domain::PeerId peer_id,
                        std::span<const domain::PeerRole> roles, const std::optional<PartyId>& from,
                        const PartyId& party) {
  const auto has_role = [&](auto matches) { return std::any_of(roles.begin(), roles.end(), matches); };
  const auto is_own = [&](const PartyId& candidate) {
    return has_role([&](const domain::PeerRole& role) { return role.party == candidate; });
  };
  if (is_own(party)) return Ok();
  if (!has_role([](const domain::PeerRole& role) { return role.role == domain::OcpiRole::kHub; })) {
    return NotTheCallers(party, "is not a party of the caller's credentials");
  }
  if (!from) {
    return NotTheCallers(party, "is not the hub's own party, and the hub named no party in "
                                "OCPI-from-country-code/OCPI-from-party-id (§2.8)");
  }
  if (*from != party && !is_own(*from)) {  // from one of the hub's own roles: a broadcast
    return NotTheCallers(party, "is not the party " + from->ToString() + " the OCPI-from-* headers name");
  }
  Result<domain::HubClient> reported = db.hub_clients().Find(tenant_id, peer_id, party);
  if (reported) {
    if (reported->status == domain::HubClientStatus::kConnected ||
        reported->status == domain::HubClientStatus::kOffline) {
      return Ok();
    }
    return NotTheCallers(party, "is " + std::string(domain::HubClientStatusName(reported->status)) +
                                    " according to the hub's hubclientinfo");
  }
  if (reported.error().code != ErrorCode::kNotFound) return reported.error();
  OPENMSP_ASSIGN_OR_RETURN(const std::size_t reported_parties, db.hub_clients().Count(tenant_id, peer_id));
  if (reported_parties == 0) return Ok();
  return NotTheCallers(party, "is not among the parties the hub reported through hubclientinfo");
}

}  // namespace

Result<void> CheckSendingParty(store::Repositories& db, const OcpiRequest& request, const PartyId& party) {
  const OcpiCaller& caller = request.caller;
  return CheckParty(db, caller.tenant_id, caller.peer_id, caller.roles, request.routing.from, party);
}

Result<void> CheckSendingParty(store::Repositories& db, const domain::Peer& peer, const PartyId& party) {
  return CheckParty(db, peer.tenant_id, peer.id, peer.roles, party, party);
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
