#include "emsp/hub_client_info_module.h"

#include <algorithm>
#include <string>

#include "core/json.h"
#include "domain/hub_client.h"
#include "emsp/object_owner.h"
#include "ocpi/hub_client_info.h"

namespace openmsp::emsp {
namespace {

namespace json = boost::json;

domain::HubClientStatus StatusOf(ocpi::ConnectionStatus status) {
  switch (status) {
    case ocpi::ConnectionStatus::kConnected:
      return domain::HubClientStatus::kConnected;
    case ocpi::ConnectionStatus::kOffline:
      return domain::HubClientStatus::kOffline;
    case ocpi::ConnectionStatus::kPlanned:
      return domain::HubClientStatus::kPlanned;
    case ocpi::ConnectionStatus::kSuspended:
      return domain::HubClientStatus::kSuspended;
  }
  return domain::HubClientStatus::kPlanned;
}

// The party of the URL, for a caller that is a hub (403 for any other peer).
Result<PartyId> ReportedParty(store::Repositories& db, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(const domain::Peer peer,
                           db.peers().FindById(request.caller.tenant_id, request.caller.peer_id));
  if (std::none_of(peer.roles.begin(), peer.roles.end(),
                   [](const domain::PeerRole& role) { return role.role == domain::OcpiRole::kHub; })) {
    return Error{ErrorCode::kPermissionDenied, "roles",
                 "only a hub (a peer with the role HUB) reports the parties behind it (§12)"};
  }
  return PartyId::FromFields(request.http.PathParameterValue("country_code").value_or(""),
                             request.http.PathParameterValue("party_id").value_or(""));
}

Result<OcpiReply> Put(store::Repositories& db, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(const PartyId party, ReportedParty(db, request));
  OPENMSP_ASSIGN_OR_RETURN(const json::value body, RequestJson(request));
  OPENMSP_ASSIGN_OR_RETURN(const ocpi::ClientInfo info, ocpi::ParseClientInfo(body));
  // §2.6, as for client-owned objects: the URL's country_code/party_id SHALL equal the object's.
  if (info.party.country_code() != party.country_code()) {
    return InvalidArgument("country_code", "is '" + std::string(info.party.country_code()) +
                                               "' in the body but '" + std::string(party.country_code()) +
                                               "' in the URL");
  }
  if (info.party.party_id() != party.party_id()) {
    return InvalidArgument("party_id", "is '" + std::string(info.party.party_id()) + "' in the body but '" +
                                           std::string(party.party_id()) + "' in the URL");
  }
  OPENMSP_ASSIGN_OR_RETURN(
      const domain::UpsertOutcome outcome,
      db.hub_clients().Upsert(request.caller.tenant_id, request.caller.peer_id,
                              domain::HubClient{.party = info.party,
                                                .role = info.role,
                                                .status = StatusOf(info.status),
                                                .last_updated = info.last_updated}));
  return OcpiReply{
      .data = nullptr, .http_status = outcome == domain::UpsertOutcome::kCreated ? 201 : 200, .headers = {}};
}

Result<OcpiReply> Get(store::Repositories& db, const OcpiRequest& request) {
  OPENMSP_ASSIGN_OR_RETURN(const PartyId party, ReportedParty(db, request));
  OPENMSP_ASSIGN_OR_RETURN(const domain::HubClient client,
                           db.hub_clients().Find(request.caller.tenant_id, request.caller.peer_id, party));
  return OcpiReply{.data = json::object{{"country_code", client.party.country_code()},
                                        {"party_id", client.party.party_id()},
                                        {"role", domain::OcpiRoleName(client.role)},
                                        {"status", domain::HubClientStatusName(client.status)},
                                        {"last_updated", FormatOcpiDateTime(client.last_updated)}},
                   .http_status = 200,
                   .headers = {}};
}

}  // namespace

void RegisterHubClientInfoModule(OcpiEndpoints& endpoints) {
  const std::string client = "/ocpi/2.2.1/hubclientinfo/{country_code}/{party_id}";
  OcpiContext& context = endpoints.context();
  endpoints.Add("PUT", client, OcpiAccess::kConnected, OnConnection(context, &Put));
  endpoints.Add("GET", client, OcpiAccess::kConnected, OnConnection(context, &Get));
}

}  // namespace openmsp::emsp
