#pragma once

#include "emsp/ocpi_endpoints.h"

namespace openmsp::emsp {

/// The eMSP's locations module, interface role RECEIVER (ocpi-2.2.1-emsp.md §5.1 L1–L5): a connected CPO
/// pushes its Locations, EVSEs and Connectors and reads our copy back, at
///
///     {VersionUrl}/locations/{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]
///
/// - `PUT` stores the whole object (`ocpi::ParseLocation`/`ParseEvse`/`ParseConnector`, then
///   `LocationRepository::Upsert`/`UpsertEvse`/`UpsertConnector`, which raise the parents' `last_updated`
///   and put every connector in its location group). An EVSE or connector needs its location (EVSE)
///   stored first: 404 otherwise.
/// - `PATCH` must carry `last_updated` (§2.6); its members replace the stored object's (`ocpi::ApplyPatch`
///   on the object as received, children included), and the result is stored as a PUT would. A PATCH of
///   an object we do not have is 404, so the CPO falls back to GET and PUT (§5.1). Read, merge and write
///   are one transaction holding the location's lock from the read on (`LocationRepository::
///   FindForUpdate`), so concurrent PATCHes and PUTs of the location, its EVSEs and connectors take turns
///   and none is lost to another's stale copy.
/// - `GET` answers the stored object (`ocpi::LocationJson`/`EvseJson`/`ConnectorJson`); 404 when absent.
///
/// Rules of client-owned objects (§2.6): the URL's party must be one of the caller's (`ObjectOwner`:
/// 404 otherwise) and equal the body's `country_code`/`party_id`; the URL's ids must equal the body's
/// `id`/`uid` (ignoring case, as CiStrings): 2001 naming the member otherwise. An object older than the
/// stored one (`last_updated`, §2.6, `domain::DecideUpsert`) is answered 1000 but not applied: the CPO
/// did nothing wrong, a newer push simply overtook it.
void RegisterLocationsModule(OcpiEndpoints& endpoints);

}  // namespace openmsp::emsp
