#pragma once

#include <string>
#include <string_view>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "emsp/ocpi_endpoints.h"
#include "store/repositories.h"

namespace openmsp::emsp {

/// The party in the URL of a client-owned object (`{module}/{country_code}/{party_id}/{id}`, §2.6), checked
/// against the calling peer: it must be the party of one of the peer's credentials roles. A hub (a peer
/// with a `HUB` role) forwards the objects of the parties behind it (§2.8), so for a hub any party is
/// taken whose request does not say otherwise: when its `OCPI-from-*` headers name a party, the URL's
/// must be that one. kInvalidArgument (2001) naming `country_code` or `party_id` for a malformed
/// segment; kNotFound (HTTP 404, as §2.6 allows) naming `party_id` for a party that is not the caller's.
Result<PartyId> ObjectOwner(const OcpiRequest& request, store::Repositories& db);

/// The `{name}` segment of the request's path, checked as an OCPI object id: a non-empty CiString(36)
/// (§5.1: `location_id`, `evse_uid`, `connector_id`; §8.1: `tariff_id`). kInvalidArgument naming `name`.
Result<std::string> ObjectIdSegment(const OcpiRequest& request, std::string_view name);

/// The request's body read with `openmsp::ParseJson`; kInvalidArgument naming the path of a bad number,
/// or `body` for anything else that is not one JSON document.
Result<boost::json::value> RequestJson(const OcpiRequest& request);

}  // namespace openmsp::emsp
