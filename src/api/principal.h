#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/organisation_unit.h"
#include "domain/permissions.h"
#include "domain/tenant.h"
#include "domain/user.h"
#include "domain/web_access.h"

namespace openmsp::api {

/// How a request proved who it is.
enum class AuthenticationMethod {
  kSession,  ///< the `openmsp_session` cookie of a browser login (unsafe methods also need the CSRF token)
  kApiKey,   ///< `Authorization: Bearer omk_…`
};

/// The stored spelling of `method`: `session` or `api_key`.
std::string_view AuthenticationMethodName(AuthenticationMethod method);

/// Who makes an authenticated request, read fresh for every request: the tenant, the user (active), its
/// role assignments and the tenant's whole organisation unit tree, so that a role revoked or a unit moved
/// applies to the very next request.
struct Principal {
  domain::Tenant tenant;
  domain::User user;
  std::vector<domain::RoleAssignment> assignments;
  std::vector<domain::OrganisationUnit> tree;
  AuthenticationMethod method = AuthenticationMethod::kSession;
  /// The session, for `kSession`.
  std::optional<domain::WebSession> session;
  /// The key, for `kApiKey`.
  std::optional<domain::ApiKey> api_key;

  /// The tenant's root unit (the unit of `tree` without a parent).
  domain::OrganisationUnitId root() const;
  /// The unit `id` of the tenant's tree, or nullptr when the tenant has none such.
  const domain::OrganisationUnit* FindUnit(domain::OrganisationUnitId id) const;

  /// `domain::MayUser` for this principal.
  bool May(domain::Permission permission, const domain::PermissionTarget& target) const;
  /// Whether some assignment of the principal grants `permission` somewhere (at the root for a tenant-reach
  /// permission): the check every route with a permission makes before it reads anything.
  bool HoldsAnywhere(domain::Permission permission) const;
  /// Whether the principal holds `permission` on the whole tenant (at the root unit), so that it would see
  /// any object of the tenant that exists.
  bool HoldsAtRoot(domain::Permission permission) const;

  /// THE check of an object: Ok when the principal may do `permission` on `target`; otherwise
  /// `Refusal(permission)`.
  Result<void> Authorize(domain::Permission permission, const domain::PermissionTarget& target) const;

  /// `Authorize` for what is tenant-wide (settings, peers, pricing, the audit log): `permission` held at
  /// the root unit or not at all.
  Result<void> AuthorizeAtRoot(domain::Permission permission) const;

  /// The answer about an object that is missing, of another tenant, or outside the scope: kNotFound to a
  /// principal that holds `permission` at the root (it could see the object if it existed), kPermissionDenied
  /// to everyone else. So neither answer tells whether the object exists.
  Error Refusal(domain::Permission permission) const;
};

}  // namespace openmsp::api
