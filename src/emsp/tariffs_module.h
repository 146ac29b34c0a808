#pragma once

#include "emsp/ocpi_endpoints.h"

namespace openmsp::emsp {

/// The eMSP's tariffs module, interface role RECEIVER (ocpi-2.2.1-emsp.md §8.1 T1–T3): a connected CPO
/// pushes its Tariffs, removes them and reads our copy back, at
///
///     {VersionUrl}/tariffs/{country_code}/{party_id}/{tariff_id}
///
/// - `PUT` reads the Tariff with `pricing::ParseTariff` (the engine's own reader: what is stored can be
///   priced with) and stores the body as received (`CpoTariffRepository::Upsert`). `country_code`,
///   `party_id` and `last_updated`, which the engine can do without, are required here as OCPI requires
///   them (§8.2): the official `tariff_put_example.json`, which lacks `last_updated` (§15), is refused
///   naming it. A Tariff older than the stored one is answered 1000 but not applied. There is no PATCH.
/// - `DELETE` removes it (404 when there is none).
/// - `GET` answers it as stored, with only the members the Tariff object defines at its top level and
///   `last_updated` in the canonical form; 404 when there is none.
///
/// As for every client-owned object (§2.6): the URL's party must be one of the caller's (`ObjectOwner`,
/// 404 otherwise) and equal the body's; the URL's id must equal the body's `id` (2001 naming the member).
void RegisterTariffsModule(OcpiEndpoints& endpoints);

}  // namespace openmsp::emsp
