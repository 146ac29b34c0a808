#pragma once

#include "emsp/ocpi_endpoints.h"

namespace openmsp::emsp {

/// The OCPI 2.2.1 sessions module, Receiver interface (ocpi-2.2.1-emsp.md §6.1 S1–S3), at
/// `{VersionUrl}/sessions/{country_code}/{party_id}/{session_id}` — a client-owned object (§2.6):
///
/// - `PUT`: the whole Session (`domain::SessionFromOcpiJson`; a fault is 2001 naming the member) replaces
///   the stored one, charging periods included (§6.1). HTTP 201 when it is new, 200 when it replaced one.
/// - `PATCH`: the members given replace the stored ones, `charging_periods` are appended
///   (`domain::MergeSessionPatch`, §6.1, §18 pitfall 4); `last_updated` is required (2001 naming it).
///   A session not stored yet is 404 (§2.6: the CPO then PUTs it). HTTP 200. Read, merge and write are
///   one transaction holding the session's row (`SessionRepository::FindForUpdate`), so two PATCHes of
///   one session take turns and neither loses the other's members or charging periods.
/// - `GET`: the stored Session as received (after PATCHes, merged); 404 when there is none.
///
/// For all three the URL's party must be one of the calling peer's roles (PUT and PATCH: 2001 naming
/// `party_id`; GET: 404, as for a session that does not exist), and the body's `country_code`,
/// `party_id` and `id` must equal the URL's (2001 naming the member; ids compare as CiStrings, ignoring
/// case, §2.6). `last_updated` decides between two versions (§2.6): one older than the stored session
/// is answered 200 and changes nothing (`domain::DecideUpsert`), so a late retry never overwrites a newer
/// state. The customer (token, profile, unit) is resolved from `cdr_token` when the tenant knows it.
void RegisterSessionsModule(OcpiEndpoints& endpoints);

}  // namespace openmsp::emsp
