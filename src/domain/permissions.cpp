#include "domain/permissions.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utility>
#include <vector>

namespace openmsp::domain {
namespace {

using enum Permission;
using enum PermissionReach;

struct PermissionInfo {
  Permission permission;
  std::string_view name;
  PermissionReach reach;
  std::array<bool, 6> granted_to;  // indexed by `Role`
};

constexpr bool X = true;
constexpr bool _ = false;

// One row per permission; the roles granting it are, in the order of `Role`: tenant_admin, ou_admin,
// fleet_manager, finance, viewer, driver.
// clang-format off
constexpr std::array<PermissionInfo, 21> kPermissions = {{
    {kTenantSettingsManage,    "tenant_settings.manage",    kTenant,           {X, _, _, _, _, _}},
    {kPeersRead,               "peers.read",                kTenant,           {X, _, _, X, _, _}},
    {kPeersManage,             "peers.manage",              kTenant,           {X, _, _, _, _, _}},
    {kPricingRead,             "pricing.read",              kTenant,           {X, _, _, X, X, _}},
    {kPricingManage,           "pricing.manage",            kTenant,           {X, _, _, _, _, _}},
    {kBillingRunsManage,       "billing_runs.manage",       kTenant,           {X, _, _, X, _, _}},
    {kAuditLogRead,            "audit_log.read",            kTenant,           {X, _, _, _, _, _}},
    {kLocationsRead,           "locations.read",            kEveryScope,       {X, X, X, X, X, X}},
    {kOrganisationUnitsRead,   "organisation_units.read",   kOrganisationUnit, {X, X, X, X, X, _}},
    {kOrganisationUnitsManage, "organisation_units.manage", kOrganisationUnit, {X, X, _, _, _, _}},
    {kUsersRead,               "users.read",                kOrganisationUnit, {X, X, _, _, _, _}},
    {kUsersManage,             "users.manage",              kOrganisationUnit, {X, X, _, _, _, _}},
    {kProfilesRead,            "profiles.read",             kOrganisationUnit, {X, X, X, X, X, X}},
    {kProfilesManage,          "profiles.manage",           kOrganisationUnit, {X, X, X, _, _, _}},
    {kTokensRead,              "tokens.read",               kOrganisationUnit, {X, X, X, _, X, X}},
    {kTokensManage,            "tokens.manage",             kOrganisationUnit, {X, X, X, _, _, _}},
    {kTokensBlock,             "tokens.block",              kOrganisationUnit, {X, X, X, _, _, X}},
    {kSessionsRead,            "sessions.read",             kOrganisationUnit, {X, X, X, _, X, X}},
    {kSessionsControl,         "sessions.control",          kOrganisationUnit, {X, X, X, _, _, X}},
    {kCdrsRead,                "cdrs.read",                 kOrganisationUnit, {X, X, X, X, X, X}},
    {kInvoicesRead,            "invoices.read",             kOrganisationUnit, {X, X, X, X, X, X}},
}};
// clang-format on

constexpr std::array kRoleNames = {std::pair{Role::kTenantAdmin, std::string_view("tenant_admin")},
                                   std::pair{Role::kOuAdmin, std::string_view("ou_admin")},
                                   std::pair{Role::kFleetManager, std::string_view("fleet_manager")},
                                   std::pair{Role::kFinance, std::string_view("finance")},
                                   std::pair{Role::kViewer, std::string_view("viewer")},
                                   std::pair{Role::kDriver, std::string_view("driver")}};

const PermissionInfo& InfoOf(Permission permission) {
  return *std::find_if(kPermissions.begin(), kPermissions.end(),
                       [&](const PermissionInfo& info) { return info.permission == permission; });
}

// The user's tenant's units by id; units of other tenants are left out.
std::unordered_map<std::int64_t, const OrganisationUnit*> UnitsById(const User& user,
                                                                    std::span<const OrganisationUnit> tree) {
  std::unordered_map<std::int64_t, const OrganisationUnit*> units;
  for (const OrganisationUnit& unit : tree) {
    if (unit.tenant_id == user.tenant_id) units.emplace(unit.id.value, &unit);
  }
  return units;
}

const OrganisationUnit* RootOf(const std::unordered_map<std::int64_t, const OrganisationUnit*>& units) {
  for (const auto& [id, unit] : units) {
    if (!unit->parent_id) return unit;
  }
  return nullptr;
}

// `start` and its ancestors, nearest first; empty when `start` is not a unit of the map. Stops after as
// many steps as there are units, so a corrupt tree with a cycle cannot loop.
std::vector<OrganisationUnitId> PathUp(const std::unordered_map<std::int64_t, const OrganisationUnit*>& units,
                                       OrganisationUnitId start) {
  std::vector<OrganisationUnitId> path;
  auto found = units.find(start.value);
  while (found != units.end() && path.size() < units.size()) {
    path.push_back(found->second->id);
    if (!found->second->parent_id) break;
    found = units.find(found->second->parent_id->value);
  }
  return path;
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [candidate, name] : kRoleNames) {
    if (candidate == role) return name;
  }
  return "";
}

Result<Role> ParseRole(std::string_view name) {
  for (const auto& [role, candidate] : kRoleNames) {
    if (candidate == name) return role;
  }
  return InvalidArgument("", "'" + std::string(name.substr(0, 40)) + "' is not a role");
}

std::string_view PermissionName(Permission permission) { return InfoOf(permission).name; }

PermissionReach ReachOf(Permission permission) { return InfoOf(permission).reach; }

bool RoleGrants(Role role, Permission permission) {
  return InfoOf(permission).granted_to[static_cast<std::size_t>(role)];
}

bool MayUser(const User& user, std::span<const RoleAssignment> assignments,
             std::span<const OrganisationUnit> tree, Permission permission, const PermissionTarget& target) {
  if (user.status != UserStatus::kActive) return false;
  const PermissionReach reach = ReachOf(permission);
  const auto units = UnitsById(user, tree);
  // The units through which the permission would be held: the target and its ancestors, or the root.
  std::vector<OrganisationUnitId> holders;
  if (reach == PermissionReach::kOrganisationUnit) {
    if (!target.organisation_unit) return false;
    holders = PathUp(units, *target.organisation_unit);
  } else if (reach == PermissionReach::kTenant) {
    if (const OrganisationUnit* root = RootOf(units)) holders.push_back(root->id);
  }
  const bool own_profile = target.profile && user.profile_id && *target.profile == *user.profile_id;
  for (const RoleAssignment& assignment : assignments) {
    if (assignment.tenant_id != user.tenant_id || assignment.user_id != user.id ||
        !RoleGrants(assignment.role, permission)) {
      continue;
    }
    if (reach == PermissionReach::kEveryScope) return true;
    if (std::find(holders.begin(), holders.end(), assignment.organisation_unit_id) == holders.end()) continue;
    if (assignment.role == Role::kDriver && !own_profile) continue;
    return true;
  }
  return false;
}

bool MayAssignRole(const User& assigner, std::span<const RoleAssignment> assignments,
                   std::span<const OrganisationUnit> tree, Role role, OrganisationUnitId scope) {
  const PermissionTarget at_scope{.organisation_unit = scope, .profile = std::nullopt};
  if (!MayUser(assigner, assignments, tree, kUsersManage, at_scope)) return false;
  const auto units = UnitsById(assigner, tree);
  const OrganisationUnit* root = RootOf(units);
  const bool scope_is_root = root != nullptr && root->id == scope;
  for (const PermissionInfo& info : kPermissions) {
    if (!RoleGrants(role, info.permission)) continue;
    // A tenant-wide permission given below the root would not take effect, so it asks nothing more.
    if (info.reach == PermissionReach::kTenant && !scope_is_root) continue;
    if (!MayUser(assigner, assignments, tree, info.permission, at_scope)) return false;
  }
  return true;
}

Result<void> CheckRoleScope(Role role, const OrganisationUnit& scope,
                            std::optional<OrganisationUnitId> profile_unit) {
  if (role == Role::kTenantAdmin && scope.parent_id) {
    return InvalidArgument("organisation_unit_id",
                           "a tenant_admin is scoped to the tenant's root organisation unit");
  }
  if (role == Role::kDriver) {
    if (!profile_unit) {
      return Error{ErrorCode::kFailedPrecondition, "role", "only a user linked to a profile can be a driver"};
    }
    if (*profile_unit != scope.id) {
      return InvalidArgument("organisation_unit_id", "a driver is scoped to the unit of its own profile");
    }
  }
  return Ok();
}

}  // namespace openmsp::domain
