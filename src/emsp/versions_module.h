#pragma once

#include "emsp/ocpi_endpoints.h"

namespace openmsp::emsp {

/// The OCPI versions module of the eMSP (ocpi-2.2.1-emsp.md §3), the first thing a peer calls:
///
/// - `GET /ocpi/versions`: the versions OpenMSP speaks, `[{"version": "2.2.1", "url": VersionUrl}]`;
/// - `GET /ocpi/2.2.1`: the version details, our endpoints with the interface roles of §1
///   (`ocpi::EmspEndpoints`, pitfall 3 of §18), each at `{VersionUrl}/{module}`.
///
/// Both take token A (a peer that is registering, and the call back of a peer we connect to: §4.3), B and
/// C (`OcpiAccess::kRegistration`); an unknown or suspended token is 401 like everywhere else. Both
/// answers are the same for every tenant and peer, built once, so the endpoint stays as cheap as a hub's
/// liveness probe every few minutes wants it (§12). HEAD is answered by the GET routes.
void RegisterVersionsModule(OcpiEndpoints& endpoints);

}  // namespace openmsp::emsp
