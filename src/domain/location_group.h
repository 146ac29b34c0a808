#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/ids/evse_id.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/location.h"

namespace openmsp::domain {

/// A location group's id: the 64-bit integer its database row was given, unique across tenants.
struct LocationGroupId {
  std::int64_t value = 0;

  friend auto operator<=>(const LocationGroupId&, const LocationGroupId&) = default;
};

/// What a connector must have to be in a group (domain.md §2). Every criterion that is not empty must
/// hold; within one criterion any listed value will do. All empty: every connector matches.
struct LocationGroupCriteria {
  /// The location's country.
  std::vector<Country> countries;
  /// The CPO owning the location (OCPI `country_code` + `party_id`).
  std::vector<PartyId> parties;
  /// The connector's power type.
  std::vector<PowerType> power_types;
  /// The connector's maximum power (`MaxPowerKw`) within these bounds, both inclusive; either may be
  /// absent. Non-negative, and `min_power_kw ≤ max_power_kw`.
  std::optional<Decimal> min_power_kw;
  std::optional<Decimal> max_power_kw;
  /// The location's effective accessibility (`EffectiveAccessibility`).
  std::vector<Accessibility> accessibilities;
  /// Explicit places, one criterion: the connector's location is one of `locations` (stored locations
  /// of the same tenant) or its EVSE's id is one of `evse_ids`.
  std::vector<LocationId> locations;
  std::vector<EvseId> evse_ids;

  friend bool operator==(const LocationGroupCriteria&, const LocationGroupCriteria&) = default;
};

/// What it takes to create or change a location group inside a tenant.
struct NewLocationGroup {
  /// 1 to 100 characters of OCPI string; unique in the tenant ignoring ASCII case (`Default` is taken).
  std::string name;
  /// Lower is tried first; unique among the tenant's groups.
  std::int32_t priority = 0;
  LocationGroupCriteria criteria;
};

/// A stored location group. Each tenant has exactly one `is_default` group, named `Default`, with no
/// criteria, tried last and never deleted, so that every connector is in exactly one group.
struct LocationGroup {
  LocationGroupId id;
  TenantId tenant_id;
  std::string name;
  /// Meaningless for the default group, which is always tried last.
  std::int32_t priority = 0;
  bool is_default = false;
  LocationGroupCriteria criteria;

  friend bool operator==(const LocationGroup&, const LocationGroup&) = default;
};

/// What the classification of one connector looks at. Built from a stored location (`PlaceOf`), or
/// from a CDR's `cdr_location` when the location was never synced: then what the CDR does not say stays
/// absent, and a criterion about an absent fact does not hold.
struct ConnectorPlace {
  std::optional<Country> country;
  std::optional<PartyId> party;
  std::optional<PowerType> power_type;
  std::optional<Decimal> max_power_kw;
  std::optional<Accessibility> accessibility;
  std::optional<LocationId> location;
  std::optional<EvseId> evse_id;
};

/// The place of `connector` of `evse` at `location`. An EVSE id that does not parse is left absent.
ConnectorPlace PlaceOf(const StoredLocation& location, const Evse& evse, const Connector& connector);

/// Checks the rules of `NewLocationGroup` that need no stored state; the error names the field (`name`,
/// `criteria.min_power_kw`, `criteria.max_power_kw`, a repeated `criteria.countries[2]`,
/// `criteria.parties[1]`, `criteria.power_types[0]`, `criteria.accessibilities[1]`,
/// `criteria.locations[3]`, `criteria.evse_ids[1]`).
Result<void> ValidateNewLocationGroup(const NewLocationGroup& group);

/// Whether `place` meets every criterion of `criteria`.
bool Matches(const LocationGroupCriteria& criteria, const ConnectorPlace& place);

/// The order in which groups are tried: by priority, then id, the default group last.
bool TriedBefore(const LocationGroup& a, const LocationGroup& b);

/// The group a connector at `place` belongs to: the first of `groups` in `TriedBefore` order (whatever
/// order they are passed in) whose criteria it meets. The default group matches anything, so with a
/// tenant's full list the answer is never empty; nullopt only when `groups` lacks a matching group.
std::optional<LocationGroupId> ClassifyConnector(std::span<const LocationGroup> groups,
                                                 const ConnectorPlace& place);

}  // namespace openmsp::domain
