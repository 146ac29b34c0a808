#pragma once

#include <compare>
#include <cstdint>

namespace openmsp::domain {

/// A tenant's id: the 64-bit integer its database row was given. Distinct types per aggregate, so a
/// tenant id cannot be passed where an organisation unit id is expected.
struct TenantId {
  std::int64_t value = 0;

  friend auto operator<=>(const TenantId&, const TenantId&) = default;
};

/// An organisation unit's id: the 64-bit integer its database row was given, unique across tenants.
struct OrganisationUnitId {
  std::int64_t value = 0;

  friend auto operator<=>(const OrganisationUnitId&, const OrganisationUnitId&) = default;
};

}  // namespace openmsp::domain
