#pragma once

#include "emsp/ocpi_endpoints.h"

namespace openmsp::emsp {

/// The eMSP's hubclientinfo module, interface role RECEIVER (ocpi-2.2.1-emsp.md §12 H1, H2): a connected
/// hub tells us which parties it fronts and whether they are connected, at
///
///     {VersionUrl}/hubclientinfo/{country_code}/{party_id}
///
/// - `PUT` reads the ClientInfo (`ocpi::ParseClientInfo`: every member required, 2001 naming the one at
///   fault) and stores it for this hub (`HubClientRepository::Upsert`): 201 when the party is new, 200
///   when its report was replaced. A ClientInfo older than the stored one is answered 200 but not applied
///   (its `last_updated`, as for every pushed object). The body's party must be the URL's (2001 naming
///   `country_code` or `party_id`). No `data`.
/// - `GET` answers the ClientInfo stored for the party, 404 when this hub reported none.
///
/// Only a peer with the role `HUB` reports parties behind it: any other connected peer gets 403. The
/// reports are per hub peer: one hub cannot read or overwrite another's. hubclientinfo is a configuration
/// module, which SHALL NOT carry routing headers (§2.2); ones a hub sends anyway are ignored. What the
/// receivers make of the reports: `CheckSendingParty` (emsp/object_owner.h).
void RegisterHubClientInfoModule(OcpiEndpoints& endpoints);

}  // namespace openmsp::emsp
