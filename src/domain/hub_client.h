#pragma once

#include <string_view>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/peer.h"

namespace openmsp::domain {

// The parties behind a hub (OCPI hubclientinfo, ocpi-2.2.1-emsp.md §12): a peer with the role HUB lists
// only itself in its credentials and tells the eMSP, one ClientInfo at a time, which CPOs (and others) it
// fronts and whether they are connected. The eMSP keeps the last report per (tenant, hub peer, party); the
// receivers use it to decide whether a hub may send an object owned by one of those parties
// (emsp/sending_party.h). Reading the JSON is the OCPI layer's job (ocpi/hub_client_info.h).

/// OCPI `ConnectionStatus` of a party behind a hub.
enum class HubClientStatus {
  kConnected,  ///< traffic flows
  kOffline,    ///< temporarily unreachable; it re-syncs by pulling when back
  kPlanned,    ///< not connected yet: no traffic
  kSuspended,  ///< gone for good
};

/// The OCPI spelling: `CONNECTED`, `OFFLINE`, `PLANNED`, `SUSPENDED`.
std::string_view HubClientStatusName(HubClientStatus status);
/// The value spelled `name`; kInvalidArgument with an empty field otherwise.
Result<HubClientStatus> ParseHubClientStatus(std::string_view name);

/// One party behind a hub, as the hub last reported it (one ClientInfo).
struct HubClient {
  PartyId party;
  OcpiRole role = OcpiRole::kCpo;
  HubClientStatus status = HubClientStatus::kPlanned;
  /// The ClientInfo's `last_updated`: an older report does not replace a newer one (`DecideUpsert`).
  Instant last_updated;

  friend bool operator==(const HubClient&, const HubClient&) = default;
};

}  // namespace openmsp::domain
