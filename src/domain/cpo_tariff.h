#pragma once

#include <string>

#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"

namespace openmsp::domain {

// The tariffs a CPO pushes to the eMSP over OCPI 2.2.1 (`mod_tariffs`, ocpi-2.2.1-emsp.md §8): kept as
// received, so that the OCPI tariff engine can price a CDR with them when the CDR does not carry its
// tariffs. Reading the JSON is the OCPI module's job (`pricing::ParseTariff`); the rules here need none.

/// What identifies a tariff across OCPI: the owning CPO's party and its tariff id (CiString(36), compared
/// ignoring ASCII case).
struct CpoTariffKey {
  PartyId party;
  std::string tariff_id;

  friend bool operator==(const CpoTariffKey&, const CpoTariffKey&) = default;
};

/// One CPO tariff as a tenant's eMSP received it.
struct CpoTariff {
  CpoTariffKey key;
  /// The Tariff's `last_updated`: an older PUT does not replace a newer one (`DecideUpsert`).
  Instant last_updated;
  /// The Tariff JSON exactly as received; stored byte for byte.
  std::string raw_json;

  friend bool operator==(const CpoTariff&, const CpoTariff&) = default;
};

/// Checks a tariff before it is stored; errors name the field (`tariff_id`: 1 to 36 printable ASCII
/// characters; `raw_json`: not empty).
Result<void> ValidateCpoTariff(const CpoTariff& tariff);

}  // namespace openmsp::domain
