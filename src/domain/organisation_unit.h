#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/result.h"
#include "domain/ids.h"

namespace openmsp::domain {

/// Where the invoices of an organisation unit go. An OU without its own details is billed to the
/// nearest ancestor that has them (`NearestBillingTarget`).
struct BillingDetails {
  /// Required.
  std::string legal_name;
  /// The remaining fields are optional: empty when not given.
  std::string address;
  std::string vat_number;
  std::string email;
  std::string cost_centre;

  friend bool operator==(const BillingDetails&, const BillingDetails&) = default;
};

/// What it takes to create an organisation unit inside a tenant (the tenant id is passed beside it).
struct NewOrganisationUnit {
  /// Absent only for the tenant's root, of which there is exactly one.
  std::optional<OrganisationUnitId> parent_id;
  /// 1 to 200 bytes.
  std::string name;
  std::optional<BillingDetails> billing;
};

/// A stored organisation unit: a node of its tenant's tree (company, department, fleet, …).
struct OrganisationUnit {
  OrganisationUnitId id;
  TenantId tenant_id;
  /// Absent only for the root; always an OU of the same tenant.
  std::optional<OrganisationUnitId> parent_id;
  std::string name;
  std::optional<BillingDetails> billing;

  friend bool operator==(const OrganisationUnit&, const OrganisationUnit&) = default;
};

/// Checks the rules of `NewOrganisationUnit` that need no stored state; the error names the field
/// (`name`, `billing.legal_name`).
Result<void> ValidateNewOrganisationUnit(const NewOrganisationUnit& unit);

/// Refuses to move the root of `subtree` (a `Subtree` answer: the unit being moved and everything below
/// it) under `new_parent` when that parent is inside the subtree, which would make a cycle: kInvalidArgument
/// naming `parent_id`.
Result<void> CheckMove(std::span<const OrganisationUnit> subtree, OrganisationUnitId new_parent);

/// The unit whose billing details apply to `start`: `start` itself when it has them, else its nearest
/// ancestor that has them, following `parent_id` through `units` (which must hold the path up from
/// `start`, e.g. the tenant's whole tree). nullptr when `start` is not in `units` or no unit on the
/// path has billing details.
const OrganisationUnit* NearestBillingTarget(std::span<const OrganisationUnit> units,
                                             OrganisationUnitId start);

}  // namespace openmsp::domain
