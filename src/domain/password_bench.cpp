// What a login costs: argon2id at the cost every password gets (libsodium's "interactive": 2 passes over
// 64 MiB), and the permission rule that every API call asks.
#include <benchmark/benchmark.h>

#include <vector>

#include "domain/password.h"
#include "domain/permissions.h"

namespace openmsp::domain {
namespace {

void BM_HashPasswordInteractive(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(HashPassword("correct horse battery", ""));
}
BENCHMARK(BM_HashPasswordInteractive)->Unit(benchmark::kMillisecond);

void BM_VerifyPasswordInteractive(benchmark::State& state) {
  const PasswordHash hash = HashPassword("correct horse battery", "").value();
  for (auto _ : state) benchmark::DoNotOptimize(VerifyPassword(hash, "correct horse battery"));
}
BENCHMARK(BM_VerifyPasswordInteractive)->Unit(benchmark::kMillisecond);

// A tree of 1,000 units (a chain 100 deep with 900 leaves along it); a fleet manager at unit 2 asks
// about unit 10, eight levels below it.
void BM_MayUserDeepTree(benchmark::State& state) {
  std::vector<OrganisationUnit> tree;
  for (std::int64_t id = 1; id <= 1000; ++id) {
    OrganisationUnit unit{
        .id = OrganisationUnitId{id}, .tenant_id = TenantId{1}, .parent_id = {}, .name = "u", .billing = {}};
    if (id > 1) unit.parent_id = OrganisationUnitId{id <= 100 ? id - 1 : (id % 100) + 1};
    tree.push_back(unit);
  }
  const User user{.id = UserId{1},
                  .tenant_id = TenantId{1},
                  .email = "u@x.example",
                  .display_name = "U",
                  .status = UserStatus::kActive,
                  .password_hash = {},
                  .profile_id = {},
                  .created_at = {}};
  const std::vector<RoleAssignment> assignments = {{.id = RoleAssignmentId{1},
                                                    .tenant_id = TenantId{1},
                                                    .user_id = UserId{1},
                                                    .role = Role::kViewer,
                                                    .organisation_unit_id = OrganisationUnitId{50},
                                                    .created_at = {}},
                                                   {.id = RoleAssignmentId{2},
                                                    .tenant_id = TenantId{1},
                                                    .user_id = UserId{1},
                                                    .role = Role::kFleetManager,
                                                    .organisation_unit_id = OrganisationUnitId{2},
                                                    .created_at = {}}};
  const PermissionTarget target{.organisation_unit = OrganisationUnitId{10}, .profile = std::nullopt};
  for (auto _ : state) {
    benchmark::DoNotOptimize(MayUser(user, assignments, tree, Permission::kTokensManage, target));
  }
}
BENCHMARK(BM_MayUserDeepTree);

}  // namespace
}  // namespace openmsp::domain
