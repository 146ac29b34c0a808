#pragma once

#include <string>
#include <string_view>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "emsp/ocpi_endpoints.h"
#include "store/repositories.h"

namespace openmsp::emsp {

/// The one rule every receiver of client-owned objects (locations, tariffs, sessions, CDRs) applies to
/// "may this caller send, or read back, an object owned by `party`" (docs/ocpi.md, "One owner rule"):
///
/// - **direct**: `party` is the party of one of the caller's credentials roles (§2.6: "a server may
///   answer 404 when they do not belong to one of the client's credential roles"); or
/// - **through a hub**: the caller has the role `HUB` (§1: a hub lists only itself in its credentials)
///   and the request's `OCPI-from-*` headers (§2.8) name either `party` (the hub forwards for it) or one
///   of the hub's own roles (a broadcast push: the URL keeps the owner's party). A hub request without
///   them is refused: routing headers are mandatory on functional modules (§2.2). While the hub has never
///   reported a ClientInfo (hubclientinfo, §12) its headers are taken on trust; once it has, `party` must
///   be one it reported with status `CONNECTED` or `OFFLINE` (an `OFFLINE` party's in-flight objects are
///   still its own; `PLANNED` has no traffic yet and `SUSPENDED` is gone for good).
///
/// kNotFound naming `party_id` with the reason when the caller may not; the database's error otherwise.
Result<void> CheckSendingParty(store::Repositories& db, const OcpiRequest& request, const PartyId& party);

/// The same rule for an object the eMSP fetched itself from `peer` (a pull, emsp/peer_sync.h): no
/// headers came with it, so a hub's object is taken as forwarded for its own `party`, which must then
/// pass the hubclientinfo check.
Result<void> CheckSendingParty(store::Repositories& db, const domain::Peer& peer, const PartyId& party);

/// The party in the URL of a client-owned object (`{module}/{country_code}/{party_id}/{id}`, §2.6), checked
/// against the calling peer with `CheckSendingParty`. kInvalidArgument (2001) naming `country_code` or
/// `party_id` for a malformed segment; kNotFound (HTTP 404, as §2.6 allows) naming `party_id` for a party
/// the caller may not send for.
Result<PartyId> ObjectOwner(const OcpiRequest& request, store::Repositories& db);

/// The `{name}` segment of the request's path, checked as an OCPI object id: a non-empty CiString(36)
/// (§5.1: `location_id`, `evse_uid`, `connector_id`; §8.1: `tariff_id`). kInvalidArgument naming `name`.
Result<std::string> ObjectIdSegment(const OcpiRequest& request, std::string_view name);

/// The request's body read with `openmsp::ParseJson`; kInvalidArgument naming the path of a bad number,
/// or `body` for anything else that is not one JSON document.
Result<boost::json::value> RequestJson(const OcpiRequest& request);

}  // namespace openmsp::emsp
