#include "domain/permissions.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace openmsp::domain {
namespace {

constexpr TenantId kTenant{1};
constexpr TenantId kOtherTenant{2};

OrganisationUnit Unit(std::int64_t id, std::optional<std::int64_t> parent, TenantId tenant = kTenant) {
  OrganisationUnit unit{
      .id = OrganisationUnitId{id}, .tenant_id = tenant, .parent_id = {}, .name = "u", .billing = {}};
  if (parent) unit.parent_id = OrganisationUnitId{*parent};
  return unit;
}

// root 1 ─┬─ A 2 ─┬─ A1 4 ── A1x 6
//         │       └─ A2 5
//         └─ B 3
// and unit 7, the root of another tenant.
const std::vector<OrganisationUnit> kTree = {Unit(1, std::nullopt),
                                             Unit(2, 1),
                                             Unit(3, 1),
                                             Unit(4, 2),
                                             Unit(5, 2),
                                             Unit(6, 4),
                                             Unit(7, std::nullopt, kOtherTenant)};
constexpr OrganisationUnitId kRoot{1}, kA{2}, kB{3}, kA1{4}, kA2{5}, kA1x{6}, kForeignRoot{7};

User UserWith(std::optional<ProfileId> profile = std::nullopt) {
  return User{.id = UserId{10},
              .tenant_id = kTenant,
              .email = "u@alpha.example",
              .display_name = "U",
              .status = UserStatus::kActive,
              .password_hash = {},
              .profile_id = profile,
              .created_at = {}};
}

RoleAssignment Assign(Role role, OrganisationUnitId scope, UserId user = UserId{10},
                      TenantId tenant = kTenant) {
  return RoleAssignment{.id = RoleAssignmentId{1},
                        .tenant_id = tenant,
                        .user_id = user,
                        .role = role,
                        .organisation_unit_id = scope,
                        .created_at = {}};
}

PermissionTarget In(OrganisationUnitId unit, std::optional<ProfileId> profile = std::nullopt) {
  return PermissionTarget{.organisation_unit = unit, .profile = profile};
}

TEST(MayUserTest, AScopeReachesItsSubtreeButNotUpOrSideways) {
  const User user = UserWith();
  const std::vector assignments = {Assign(Role::kFleetManager, kA)};
  for (OrganisationUnitId inside : {kA, kA1, kA2, kA1x}) {
    EXPECT_TRUE(MayUser(user, assignments, kTree, Permission::kProfilesManage, In(inside))) << inside.value;
  }
  for (OrganisationUnitId outside : {kRoot, kB, kForeignRoot, OrganisationUnitId{99}}) {
    EXPECT_FALSE(MayUser(user, assignments, kTree, Permission::kProfilesManage, In(outside)))
        << outside.value;
  }
  EXPECT_FALSE(MayUser(user, assignments, kTree, Permission::kProfilesManage, PermissionTarget{}));
  // A role grants only its own permissions, even inside its scope.
  EXPECT_FALSE(MayUser(user, assignments, kTree, Permission::kUsersManage, In(kA1)));
  EXPECT_FALSE(MayUser(user, assignments, kTree, Permission::kOrganisationUnitsManage, In(kA1)));
}

TEST(MayUserTest, ASubtreeScopeDoesNotReachItsParentsSiblings) {
  const User user = UserWith();
  const std::vector assignments = {Assign(Role::kOuAdmin, kA1)};
  EXPECT_TRUE(MayUser(user, assignments, kTree, Permission::kUsersManage, In(kA1x)));
  EXPECT_FALSE(MayUser(user, assignments, kTree, Permission::kUsersManage, In(kA2)));
  EXPECT_FALSE(MayUser(user, assignments, kTree, Permission::kUsersManage, In(kA)));
}

TEST(MayUserTest, TenantWidePermissionsNeedAnAssignmentAtTheRoot) {
  const User user = UserWith();
  EXPECT_TRUE(
      MayUser(user, std::vector{Assign(Role::kTenantAdmin, kRoot)}, kTree, Permission::kPeersManage, {}));
  EXPECT_TRUE(
      MayUser(user, std::vector{Assign(Role::kFinance, kRoot)}, kTree, Permission::kBillingRunsManage, {}));
  EXPECT_FALSE(
      MayUser(user, std::vector{Assign(Role::kFinance, kA)}, kTree, Permission::kBillingRunsManage, {}));
  EXPECT_FALSE(
      MayUser(user, std::vector{Assign(Role::kFinance, kRoot)}, kTree, Permission::kPeersManage, {}));
  // The finance role at A still reads the CDRs below A.
  EXPECT_TRUE(MayUser(user, std::vector{Assign(Role::kFinance, kA)}, kTree, Permission::kCdrsRead, In(kA1)));
  // Without the tenant's root in the tree there is nothing to hold a tenant-wide permission at.
  const std::vector<OrganisationUnit> no_root = {Unit(2, 1)};
  EXPECT_FALSE(
      MayUser(user, std::vector{Assign(Role::kTenantAdmin, kRoot)}, no_root, Permission::kPeersManage, {}));
}

TEST(MayUserTest, ViewersReadAndChangeNothing) {
  const User user = UserWith();
  const std::vector assignments = {Assign(Role::kViewer, kA)};
  for (Permission read :
       {Permission::kProfilesRead, Permission::kTokensRead, Permission::kSessionsRead, Permission::kCdrsRead,
        Permission::kInvoicesRead, Permission::kOrganisationUnitsRead}) {
    EXPECT_TRUE(MayUser(user, assignments, kTree, read, In(kA1))) << PermissionName(read);
  }
  for (Permission change : {Permission::kProfilesManage, Permission::kTokensManage, Permission::kTokensBlock,
                            Permission::kSessionsControl, Permission::kOrganisationUnitsManage,
                            Permission::kUsersManage, Permission::kUsersRead}) {
    EXPECT_FALSE(MayUser(user, assignments, kTree, change, In(kA1))) << PermissionName(change);
  }
}

TEST(MayUserTest, ADriverReachesOnlyItsOwnProfile) {
  const User driver = UserWith(ProfileId{100});
  const std::vector assignments = {Assign(Role::kDriver, kA1)};
  EXPECT_TRUE(MayUser(driver, assignments, kTree, Permission::kTokensBlock, In(kA1, ProfileId{100})));
  EXPECT_TRUE(MayUser(driver, assignments, kTree, Permission::kSessionsControl, In(kA1, ProfileId{100})));
  EXPECT_TRUE(MayUser(driver, assignments, kTree, Permission::kInvoicesRead, In(kA1, ProfileId{100})));
  EXPECT_FALSE(MayUser(driver, assignments, kTree, Permission::kTokensBlock, In(kA1, ProfileId{101})));
  EXPECT_FALSE(MayUser(driver, assignments, kTree, Permission::kTokensBlock, In(kA1)));
  EXPECT_FALSE(MayUser(driver, assignments, kTree, Permission::kTokensManage, In(kA1, ProfileId{100})));
  EXPECT_FALSE(MayUser(driver, assignments, kTree, Permission::kOrganisationUnitsRead, In(kA1)));
  // The profile must also be in the driver's scope: a profile id claimed at another unit is not reached.
  EXPECT_FALSE(MayUser(driver, assignments, kTree, Permission::kTokensRead, In(kB, ProfileId{100})));
  // Charging locations are public to every role.
  EXPECT_TRUE(MayUser(driver, assignments, kTree, Permission::kLocationsRead, {}));
  EXPECT_FALSE(MayUser(driver, std::vector<RoleAssignment>{}, kTree, Permission::kLocationsRead, {}));
}

TEST(MayUserTest, AssignmentsAddUp) {
  const User user = UserWith();
  const std::vector assignments = {Assign(Role::kViewer, kRoot), Assign(Role::kFleetManager, kA)};
  EXPECT_TRUE(MayUser(user, assignments, kTree, Permission::kTokensManage, In(kA1)));
  EXPECT_FALSE(MayUser(user, assignments, kTree, Permission::kTokensManage, In(kB)));
  EXPECT_TRUE(MayUser(user, assignments, kTree, Permission::kTokensRead, In(kB)));
  EXPECT_TRUE(MayUser(user, assignments, kTree, Permission::kPricingRead, {}));
}

TEST(MayUserTest, IgnoresDisabledUsersAndAssignmentsOfOthers) {
  User user = UserWith();
  EXPECT_FALSE(MayUser(user, std::vector{Assign(Role::kTenantAdmin, kRoot, UserId{11})}, kTree,
                       Permission::kTokensRead, In(kA)));
  EXPECT_FALSE(MayUser(user, std::vector{Assign(Role::kTenantAdmin, kRoot, UserId{10}, kOtherTenant)}, kTree,
                       Permission::kTokensRead, In(kA)));
  // An assignment at another tenant's root reaches nothing here, nor that tenant's units.
  EXPECT_FALSE(MayUser(user, std::vector{Assign(Role::kTenantAdmin, kForeignRoot)}, kTree,
                       Permission::kTokensRead, In(kForeignRoot)));
  const std::vector admin = {Assign(Role::kTenantAdmin, kRoot)};
  EXPECT_TRUE(MayUser(user, admin, kTree, Permission::kTokensRead, In(kA1x)));
  user.status = UserStatus::kDisabled;
  EXPECT_FALSE(MayUser(user, admin, kTree, Permission::kTokensRead, In(kA1x)));
  EXPECT_FALSE(MayUser(user, admin, kTree, Permission::kLocationsRead, {}));
}

TEST(MayUserTest, ACorruptTreeWithACycleEndsTheWalk) {
  const std::vector<OrganisationUnit> cycle = {Unit(1, 2), Unit(2, 1)};
  EXPECT_FALSE(MayUser(UserWith(), std::vector{Assign(Role::kTenantAdmin, OrganisationUnitId{3})}, cycle,
                       Permission::kTokensRead, In(OrganisationUnitId{1})));
  EXPECT_TRUE(MayUser(UserWith(), std::vector{Assign(Role::kOuAdmin, OrganisationUnitId{2})}, cycle,
                      Permission::kTokensRead, In(OrganisationUnitId{1})));
}

TEST(MayAssignRoleTest, NobodyHandsOutMoreThanTheyHold) {
  const User admin = UserWith();
  const std::vector ou_admin = {Assign(Role::kOuAdmin, kA)};
  EXPECT_TRUE(MayAssignRole(admin, ou_admin, kTree, Role::kOuAdmin, kA1));
  EXPECT_TRUE(MayAssignRole(admin, ou_admin, kTree, Role::kFleetManager, kA));
  EXPECT_TRUE(MayAssignRole(admin, ou_admin, kTree, Role::kViewer, kA2));
  EXPECT_TRUE(MayAssignRole(admin, ou_admin, kTree, Role::kDriver, kA1x));
  EXPECT_FALSE(MayAssignRole(admin, ou_admin, kTree, Role::kTenantAdmin, kRoot));
  EXPECT_FALSE(MayAssignRole(admin, ou_admin, kTree, Role::kViewer, kRoot));
  EXPECT_FALSE(MayAssignRole(admin, ou_admin, kTree, Role::kViewer, kB));

  const std::vector fleet = {Assign(Role::kFleetManager, kRoot)};
  EXPECT_FALSE(MayAssignRole(admin, fleet, kTree, Role::kViewer, kA));

  const std::vector tenant_admin = {Assign(Role::kTenantAdmin, kRoot)};
  for (Role role : {Role::kTenantAdmin, Role::kOuAdmin, Role::kFleetManager, Role::kFinance, Role::kViewer}) {
    EXPECT_TRUE(MayAssignRole(admin, tenant_admin, kTree, role, kRoot)) << RoleName(role);
  }
  // An ou_admin at the root still cannot make a finance user there: billing runs are not its to give.
  EXPECT_FALSE(
      MayAssignRole(admin, std::vector{Assign(Role::kOuAdmin, kRoot)}, kTree, Role::kFinance, kRoot));
}

TEST(CheckRoleScopeTest, TenantAdminsSitAtTheRootAndDriversAtTheirProfile) {
  EXPECT_TRUE(CheckRoleScope(Role::kTenantAdmin, kTree[0], std::nullopt).ok());
  Result<void> low_admin = CheckRoleScope(Role::kTenantAdmin, kTree[1], std::nullopt);
  ASSERT_FALSE(low_admin.ok());
  EXPECT_EQ(low_admin.error().field, "organisation_unit_id");
  EXPECT_TRUE(CheckRoleScope(Role::kViewer, kTree[1], std::nullopt).ok());

  EXPECT_TRUE(CheckRoleScope(Role::kDriver, kTree[3], kA1).ok());
  EXPECT_EQ(CheckRoleScope(Role::kDriver, kTree[1], kA1).error().field, "organisation_unit_id");
  Result<void> no_profile = CheckRoleScope(Role::kDriver, kTree[3], std::nullopt);
  ASSERT_FALSE(no_profile.ok());
  EXPECT_EQ(no_profile.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(no_profile.error().field, "role");
}

TEST(RoleTest, RoundTripsItsNames) {
  for (Role role : {Role::kTenantAdmin, Role::kOuAdmin, Role::kFleetManager, Role::kFinance, Role::kViewer,
                    Role::kDriver}) {
    EXPECT_EQ(ParseRole(RoleName(role)).value(), role);
  }
  EXPECT_FALSE(ParseRole("admin").ok());
  EXPECT_EQ(PermissionName(Permission::kTokensBlock), "tokens.block");
  EXPECT_EQ(ReachOf(Permission::kAuditLogRead), PermissionReach::kTenant);
}

}  // namespace
}  // namespace openmsp::domain
