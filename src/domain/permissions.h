#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/organisation_unit.h"
#include "domain/user.h"

namespace openmsp::domain {

// Who may do what, where: a user holds role assignments, each a role scoped to an organisation unit and
// so to its whole subtree; every API call asks `MayUser` about one permission on one target. The rule is
// pure: the caller passes the user, its assignments and the tenant's tree (docs/storage.md, "Users and
// roles", has the permission table).

/// The predefined roles of domain.md §1.
enum class Role {
  kTenantAdmin,   ///< everything in the tenant; only assignable at the root unit
  kOuAdmin,       ///< manages units, users, profiles and tokens in its subtree
  kFleetManager,  ///< profiles, tokens, sessions, CDRs and invoices in its subtree
  kFinance,       ///< CDRs, invoices and billing runs (billing runs and pricing need the root)
  kViewer,        ///< reads what a fleet manager sees, changes nothing
  kDriver,        ///< its own profile, tokens, sessions, CDRs and invoices; starts and stops charging
};

/// The stored spelling of `role`: `tenant_admin`, `ou_admin`, `fleet_manager`, `finance`, `viewer`,
/// `driver`.
std::string_view RoleName(Role role);
/// The role spelled `name`; kInvalidArgument with an empty field otherwise.
Result<Role> ParseRole(std::string_view name);

/// One thing a user may do. Each is checked at one of three reaches (`ReachOf`).
enum class Permission {
  // Tenant-wide: the tenant's own settings and the things that apply to every customer.
  kTenantSettingsManage,  ///< branding, VAT table, default currency
  kPeersRead,             ///< roaming peers (CPOs, hubs) and their sync state
  kPeersManage,           ///< invite, suspend, unregister peers
  kPricingRead,           ///< tariff codes, plans, location groups, business partner groups
  kPricingManage,
  kBillingRunsManage,  ///< invoice runs, credit notes, CPO settlement
  kAuditLogRead,
  // Wherever the user has any role: public charging data.
  kLocationsRead,  ///< CPO locations, EVSEs, connectors and price previews
  // In an organisation unit's subtree.
  kOrganisationUnitsRead,
  kOrganisationUnitsManage,  ///< create, rename, move units, set billing details
  kUsersRead,
  kUsersManage,  ///< create, disable users; assign and revoke roles (`MayAssignRole`)
  kProfilesRead,
  kProfilesManage,
  kTokensRead,
  kTokensManage,  ///< issue tokens, change any field or status
  kTokensBlock,   ///< block a token or report it lost (what a driver may do with its own)
  kSessionsRead,
  kSessionsControl,  ///< remote start and stop
  kCdrsRead,
  kInvoicesRead,
};

/// The stable name of `permission` for logs and API documents, e.g. `tokens.block`.
std::string_view PermissionName(Permission permission);

/// Where a permission is checked.
enum class PermissionReach {
  kTenant,            ///< on the tenant as a whole: held only through an assignment at the root unit
  kEveryScope,        ///< held through any assignment of a role that grants it, wherever it is scoped
  kOrganisationUnit,  ///< on a unit: held through an assignment at that unit or one of its ancestors
};

/// The reach of `permission`.
PermissionReach ReachOf(Permission permission);

/// Whether `role` grants `permission` at all (the table in docs/storage.md).
bool RoleGrants(Role role, Permission permission);

/// A role assignment's id: the 64-bit integer its database row was given.
struct RoleAssignmentId {
  std::int64_t value = 0;

  friend auto operator<=>(const RoleAssignmentId&, const RoleAssignmentId&) = default;
};

/// A stored role assignment: `user_id` holds `role` at `organisation_unit_id` and everything below it.
struct RoleAssignment {
  RoleAssignmentId id;
  TenantId tenant_id;
  UserId user_id;
  Role role = Role::kViewer;
  OrganisationUnitId organisation_unit_id;
  Instant created_at;

  friend bool operator==(const RoleAssignment&, const RoleAssignment&) = default;
};

/// What a permission is asked about.
struct PermissionTarget {
  /// The unit the object lives in (a profile's unit, a token's profile's unit, the unit itself…);
  /// required for unit-reach permissions, ignored by the others.
  std::optional<OrganisationUnitId> organisation_unit;
  /// The profile the object belongs to (the profile itself, its tokens, sessions, CDRs and private
  /// invoices); absent for objects of no profile. A driver's role reaches only its own profile.
  std::optional<ProfileId> profile;
};

/// Whether `user` may do `permission` on `target`. `assignments` are the user's; `tree` is the user's
/// tenant's organisation unit tree (every unit, or at least the root and the path up from the target).
/// False for a disabled user, for a target unit not in `tree`, and for assignments or units of another
/// tenant than the user's. A unit-reach permission is held at the assignment's unit and below it, never
/// above or beside it; a driver's assignment grants it only on the user's own linked profile.
bool MayUser(const User& user, std::span<const RoleAssignment> assignments,
             std::span<const OrganisationUnit> tree, Permission permission, const PermissionTarget& target);

/// Whether `assigner` may give `role` at `scope` to someone: it must hold `kUsersManage` at `scope` and
/// itself hold, at `scope`, every permission `role` grants (so nobody can hand out more than they have:
/// an ou_admin can make viewers, fleet managers and ou_admins below it, never a tenant_admin or finance).
/// The same rule governs revoking.
bool MayAssignRole(const User& assigner, std::span<const RoleAssignment> assignments,
                   std::span<const OrganisationUnit> tree, Role role, OrganisationUnitId scope);

/// The rules on where `role` may be scoped: a tenant_admin only at the root (`scope` has no parent),
/// a driver only at the unit of the user's linked profile (`profile_unit`, absent when the user has no
/// profile). kInvalidArgument naming `organisation_unit_id`, or kFailedPrecondition naming `role` for a
/// driver without a profile.
Result<void> CheckRoleScope(Role role, const OrganisationUnit& scope,
                            std::optional<OrganisationUnitId> profile_unit);

}  // namespace openmsp::domain
