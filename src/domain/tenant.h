#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"

namespace openmsp::domain {

/// What it takes to create a tenant: an eMSP operating OpenMSP for its customers.
struct NewTenant {
  /// The short name in host names and URLs: 2 to 40 of `a-z`, `0-9` and `-`, not starting or ending
  /// with `-`. Unique across tenants.
  std::string slug;
  /// The name people see, 1 to 200 bytes.
  std::string name;
  /// The currency prices and invoices are in unless a plan says otherwise.
  Currency default_currency;
  /// The OCPI party ids the tenant acts as an eMSP under: at least one, each unique across tenants.
  std::vector<PartyId> parties;
};

/// A stored tenant.
struct Tenant {
  TenantId id;
  std::string slug;
  std::string name;
  Currency default_currency;
  /// In the order they were given at creation.
  std::vector<PartyId> parties;
  /// When the tenant was created, from the injected clock.
  Instant created_at;

  friend bool operator==(const Tenant&, const Tenant&) = default;
};

/// The longest slug accepted.
inline constexpr std::size_t kMaxSlugLength = 40;

/// Checks a slug against the rule of `NewTenant::slug`. The error has no field (the caller names it).
Result<void> ValidateSlug(std::string_view slug);

/// Checks every rule of `NewTenant`; the error names the field at fault (`slug`, `name`, `parties`,
/// `parties[1]` for a party given twice).
Result<void> ValidateNewTenant(const NewTenant& tenant);

}  // namespace openmsp::domain
