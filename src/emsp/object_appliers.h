#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "core/result.h"
#include "domain/cpo_tariff.h"
#include "domain/ids.h"
#include "domain/location.h"
#include "domain/session.h"
#include "store/repositories.h"

/// Storing the objects a CPO owns, however they reached us: pushed to a receiver (PUT of a Location,
/// Tariff or Session, ocpi-2.2.1-emsp.md §5.1 L1, §8.1 T1, §6.1 S1) or pulled from the CPO's sender
/// interface (§5.1 L6, §8.1 T4, §6.1 S4; `emsp/ocpi_pull.h`). Both paths read and store through these
/// functions, so a pulled object is taken exactly as a pushed one would be. What differs stays with the
/// caller: a receiver checks the URL (its party, its ids) against the object, a puller checks the object's
/// party against the peer's roles (§2.6).
namespace openmsp::emsp {

/// Stores a Location read with `ocpi::ParseLocation` (`LocationRepository::Upsert`: an older one than
/// the stored, counting its EVSEs and connectors, is `kStale` and changes nothing).
Result<domain::UpsertOutcome> ApplyLocation(store::Repositories& db, domain::TenantId tenant_id,
                                            const domain::Location& location);

/// Reads a Tariff (§8.2) as the tariffs receiver takes it: with `pricing::ParseTariff`, the engine's own
/// reader, so what is stored can be priced with, plus `country_code`, `party_id` and `last_updated`, which
/// OCPI requires and the engine can do without (kInvalidArgument naming the member). `raw_json` is what
/// is stored, byte for byte: the text `body` was read from.
Result<domain::CpoTariff> ReadCpoTariff(const boost::json::value& body, std::string raw_json);

/// Stores a Tariff from `ReadCpoTariff` (`CpoTariffRepository::Upsert`: an older one is `kStale`).
Result<domain::UpsertOutcome> ApplyCpoTariff(store::Repositories& db, domain::TenantId tenant_id,
                                             const domain::CpoTariff& tariff);

/// Stores a whole Session read with `domain::SessionFromOcpiJson` (§6.1 S1: it replaces the stored one,
/// charging periods included; an older one is `kStale`), its customer resolved from `cdr_token` when the
/// tenant knows the token (`TokenRepository::FindCustomer`).
Result<domain::UpsertOutcome> ApplySession(store::Repositories& db, domain::TenantId tenant_id,
                                           domain::Session session);

}  // namespace openmsp::emsp
