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

/// A profile's id: the 64-bit integer its database row was given, unique across tenants.
struct ProfileId {
  std::int64_t value = 0;

  friend auto operator<=>(const ProfileId&, const ProfileId&) = default;
};

/// A token's id: the 64-bit integer its database row was given, unique across tenants.
struct TokenId {
  std::int64_t value = 0;

  friend auto operator<=>(const TokenId&, const TokenId&) = default;
};

}  // namespace openmsp::domain
