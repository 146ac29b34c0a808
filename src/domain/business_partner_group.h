#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/ids.h"
#include "domain/organisation_unit.h"

namespace openmsp::domain {

/// A business partner group's id: the 64-bit integer its database row was given, unique across tenants.
struct BusinessPartnerGroupId {
  std::int64_t value = 0;

  friend auto operator<=>(const BusinessPartnerGroupId&, const BusinessPartnerGroupId&) = default;
};

/// What it takes to create or change a business partner group inside a tenant.
struct NewBusinessPartnerGroup {
  /// 1 to 100 characters of OCPI string; unique in the tenant ignoring ASCII case.
  std::string name;
  /// Organisation units of the same tenant, each at most once; may be empty (a group being set up).
  std::vector<OrganisationUnitId> units;
};

/// A stored business partner group (domain.md §3, the glossary's "Business Partner Group"): a tenant's
/// named set of organisation units ("Lease companies", "Employees") that tariff plan rules price for.
/// A unit's membership covers its whole subtree, so a profile is in every group that holds its unit or
/// one of that unit's ancestors.
struct BusinessPartnerGroup {
  BusinessPartnerGroupId id;
  TenantId tenant_id;
  std::string name;
  /// The member units, by id.
  std::vector<OrganisationUnitId> units;

  friend bool operator==(const BusinessPartnerGroup&, const BusinessPartnerGroup&) = default;
};

/// Checks the rules of `NewBusinessPartnerGroup` that need no stored state; the error names the field
/// (`name`, a repeated `units[2]`).
Result<void> ValidateNewBusinessPartnerGroup(const NewBusinessPartnerGroup& group);

/// The groups of `groups` that `unit` belongs to: those holding `unit` or one of its ancestors, found by
/// following `parent_id` through `units` (which must hold the path up from `unit`, e.g. the tenant's
/// whole tree). By id; empty when `unit` is not in `units`. A cycle in `units` (which the store never
/// holds) ends the walk.
std::vector<BusinessPartnerGroupId> BusinessPartnerGroupsOf(std::span<const OrganisationUnit> units,
                                                            OrganisationUnitId unit,
                                                            std::span<const BusinessPartnerGroup> groups);

}  // namespace openmsp::domain
