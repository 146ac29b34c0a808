#include "api/principal.h"

namespace openmsp::api {

std::string_view AuthenticationMethodName(AuthenticationMethod method) {
  return method == AuthenticationMethod::kSession ? "session" : "api_key";
}

domain::OrganisationUnitId Principal::root() const {
  for (const domain::OrganisationUnit& unit : tree) {
    if (!unit.parent_id) return unit.id;
  }
  return domain::OrganisationUnitId{};
}

const domain::OrganisationUnit* Principal::FindUnit(domain::OrganisationUnitId id) const {
  for (const domain::OrganisationUnit& unit : tree) {
    if (unit.id == id) return &unit;
  }
  return nullptr;
}

bool Principal::May(domain::Permission permission, const domain::PermissionTarget& target) const {
  return domain::MayUser(user, assignments, tree, permission, target);
}

bool Principal::HoldsAnywhere(domain::Permission permission) const {
  const domain::OrganisationUnitId root_unit = root();
  for (const domain::RoleAssignment& assignment : assignments) {
    if (!domain::RoleGrants(assignment.role, permission)) continue;
    if (domain::ReachOf(permission) == domain::PermissionReach::kTenant &&
        assignment.organisation_unit_id != root_unit) {
      continue;
    }
    return true;
  }
  return false;
}

bool Principal::HoldsAtRoot(domain::Permission permission) const {
  return May(permission, domain::PermissionTarget{.organisation_unit = root(), .profile = std::nullopt});
}

Result<void> Principal::Authorize(domain::Permission permission,
                                  const domain::PermissionTarget& target) const {
  if (May(permission, target)) return Ok();
  return Refusal(permission);
}

Result<void> Principal::AuthorizeAtRoot(domain::Permission permission) const {
  return Authorize(permission, {.organisation_unit = root(), .profile = std::nullopt});
}

Error Principal::Refusal(domain::Permission permission) const {
  if (HoldsAtRoot(permission)) return Error{ErrorCode::kNotFound, "", "no such object"};
  return Error{ErrorCode::kPermissionDenied, "",
               "you may not " + std::string(domain::PermissionName(permission)) + " here"};
}

}  // namespace openmsp::api
