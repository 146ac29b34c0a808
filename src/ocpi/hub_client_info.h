#pragma once

#include <boost/json/value.hpp>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/peer.h"

/// OCPI HubClientInfo (ocpi-2.2.1-emsp.md §12): what a hub tells the eMSP about the parties behind it,
/// pushed (`PUT {hubclientinfo}/{cc}/{pid}`) or pulled (`GET` of the hub's list). A configuration module:
/// no routing headers.
namespace openmsp::ocpi {

/// OCPI `ConnectionStatus` of a party behind a hub.
enum class ConnectionStatus {
  kConnected,  ///< traffic flows
  kOffline,    ///< temporarily unreachable: do not send, do not queue; it re-syncs by pulling when back
  kPlanned,    ///< not connected yet: no traffic
  kSuspended,  ///< gone for good: settle open CDRs out of band
};

/// One `ClientInfo`.
struct ClientInfo {
  PartyId party;
  domain::OcpiRole role = domain::OcpiRole::kCpo;
  ConnectionStatus status = ConnectionStatus::kPlanned;
  Instant last_updated;

  friend bool operator==(const ClientInfo&, const ClientInfo&) = default;
};

/// Reads a `ClientInfo` object: `party_id`, `country_code`, `role`, `status`, `last_updated` all required
/// (the official inline PUT example, which lacks `last_updated` and is not even valid JSON, is refused).
/// kInvalidArgument (2001) naming the field.
Result<ClientInfo> ParseClientInfo(const boost::json::value& value);

}  // namespace openmsp::ocpi
