#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/list_scope.h"
#include "api/representations.h"
#include "core/json.h"
#include "domain/list_queries.h"
#include "domain/password.h"
#include "domain/secret.h"

namespace openmsp::api {
namespace {

using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::Permission;
using domain::Role;
using domain::RoleAssignment;
using domain::User;

// A user is in a principal's scope for `permission` when the principal holds it tenant-wide, or holds it at
// the unit of one of the user's assignments (a user without assignments is only seen tenant-wide).
bool InScope(const Principal& who, const std::vector<RoleAssignment>& of_user, Permission permission) {
  if (who.HoldsAtRoot(permission)) return true;
  for (const RoleAssignment& assignment : of_user) {
    if (who.May(permission,
                {.organisation_unit = assignment.organisation_unit_id, .profile = std::nullopt})) {
      return true;
    }
  }
  return false;
}

// A user a principal may disable or reset: the principal could give every role the user holds, where the
// user holds it (so an ou_admin cannot lock out a tenant admin or a finance user who also has a role in its
// subtree).
bool Manageable(const Principal& who, const std::vector<RoleAssignment>& of_user) {
  if (of_user.empty()) return who.HoldsAtRoot(Permission::kUsersManage);
  for (const RoleAssignment& assignment : of_user) {
    if (!domain::MayAssignRole(who.user, who.assignments, who.tree, assignment.role,
                               assignment.organisation_unit_id)) {
      return false;
    }
  }
  return true;
}

struct TargetUser {
  User user;
  std::vector<RoleAssignment> assignments;
};

// The user of the path when it is in the principal's scope for `permission`; the refusal otherwise (a
// malformed, missing or other tenant's id included).
Result<TargetUser> PathUser(ApiCall& call, Permission permission) {
  const Principal& who = call.who();
  Result<std::int64_t> id = PathId(call.http, "user_id");
  if (!id) return who.Refusal(permission).Nested("user_id");
  Result<User> user = call.db.users().FindById(who.tenant.id, domain::UserId{*id});
  if (!user) {
    if (user.error().code != ErrorCode::kNotFound) return std::move(user).error();
    return who.Refusal(permission).Nested("user_id");
  }
  OPENMSP_ASSIGN_OR_RETURN(std::vector<RoleAssignment> assignments,
                           call.db.users().ListAssignments(who.tenant.id, user->id));
  if (!InScope(who, assignments, permission)) return who.Refusal(permission).Nested("user_id");
  return TargetUser{.user = *std::move(user), .assignments = std::move(assignments)};
}

// `role` at `unit_id` when the principal may give it there (`MayAssignRole`): a unit out of scope is the
// refusal; a unit in scope but a role above the principal's is 403 naming `role`.
Result<OrganisationUnit> AssignableAt(const Principal& who, Role role, std::optional<std::int64_t> unit_id,
                                      std::string_view field) {
  const OrganisationUnit* unit = unit_id ? who.FindUnit(OrganisationUnitId{*unit_id}) : nullptr;
  if (unit == nullptr ||
      !who.May(Permission::kUsersManage, {.organisation_unit = unit->id, .profile = std::nullopt})) {
    return who.Refusal(Permission::kUsersManage).Nested(field);
  }
  if (!domain::MayAssignRole(who.user, who.assignments, who.tree, role, unit->id)) {
    return Error{ErrorCode::kPermissionDenied, "role", "you may not give or take this role at this unit"};
  }
  return *unit;
}

Result<Role> RoleOf(std::string_view name) {
  Result<Role> role = domain::ParseRole(name);
  if (!role) return role.error().Nested("role");
  return role;
}

// One keyset page of the users in scope (`UserRepository::List`): a named unit's subtree (checked like an
// object), else the tenant for a caller holding users.read at the root, else the subtrees of the units
// where the caller holds it. Each user of the page is checked as `GET /users/{user_id}` checks it, so the
// list never shows a user the caller could not open.
Result<ApiReply> ListUsers(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query,
                           QueryOf(call, {"organisation_unit_id", "status", "q", "after", "limit"}));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::int64_t> unit_id, QueryId(query, "organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(PageQuery page, ReadPageQuery(query, domain::kMaxListLimit));
  domain::UserListQuery list{.organisation_units = {},
                             .text = std::string(http::FindQueryValue(query, "q").value_or("")),
                             .status = std::nullopt,
                             .after = domain::UserId{page.after},
                             .limit = page.limit};
  if (std::optional<std::string_view> name = http::FindQueryValue(query, "status")) {
    Result<domain::UserStatus> status = domain::ParseUserStatus(*name);
    if (!status) return status.error().Nested("status");
    list.status = *status;
  }
  if (unit_id) {
    OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit,
                             UnitFor(who, *unit_id, Permission::kUsersRead, "organisation_unit_id"));
    list.organisation_units.push_back(unit.id);
  } else if (!who.HoldsAtRoot(Permission::kUsersRead)) {
    for (const RoleAssignment& assignment : who.assignments) {
      if (domain::RoleGrants(assignment.role, Permission::kUsersRead) &&
          std::find(list.organisation_units.begin(), list.organisation_units.end(),
                    assignment.organisation_unit_id) == list.organisation_units.end()) {
        list.organisation_units.push_back(assignment.organisation_unit_id);
      }
    }
    if (list.organisation_units.empty()) return who.Refusal(Permission::kUsersRead);
  }
  if (Result<void> valid = domain::ValidateUserListQuery(list); !valid) {
    Error error = std::move(valid).error();
    if (error.field == "text") error.field = "q";
    return error;
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::UserPage found, call.db.users().List(who.tenant.id, list));
  boost::json::array items;
  for (const User& user : found.users) {
    OPENMSP_ASSIGN_OR_RETURN(std::vector<RoleAssignment> of_user,
                             call.db.users().ListAssignments(who.tenant.id, user.id));
    if (InScope(who, of_user, Permission::kUsersRead)) items.push_back(UserJson(user, of_user));
  }
  return JsonReply(200, PageJson(std::move(items),
                                 found.next ? std::optional<std::int64_t>(found.next->value) : std::nullopt));
}

Result<ApiReply> GetUser(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(TargetUser target, PathUser(call, Permission::kUsersRead));
  return JsonReply(200, UserJson(target.user, target.assignments));
}

Result<ApiReply> CreateUser(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"email", "display_name", "password",
                                                                     "role", "organisation_unit_id"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string email, body.RequiredString("email", 254));
  OPENMSP_ASSIGN_OR_RETURN(std::string display_name, body.RequiredString("display_name", 800));
  OPENMSP_ASSIGN_OR_RETURN(std::string password, body.RequiredString("password", domain::kMaxPasswordBytes));
  OPENMSP_ASSIGN_OR_RETURN(std::string role_name, body.RequiredString("role", 64));
  OPENMSP_ASSIGN_OR_RETURN(Role role, RoleOf(role_name));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t unit_id, body.RequiredId("organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit, AssignableAt(who, role, unit_id, "organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(domain::PasswordHash hash,
                           domain::HashPassword(password, email, call.context.options.password_cost));
  User created;
  RoleAssignment assignment;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(created,
                             tx.users().Create(who.tenant.id, domain::NewUser{.email = email,
                                                                              .display_name = display_name,
                                                                              .password_hash = hash,
                                                                              .profile_id = std::nullopt}));
    OPENMSP_ASSIGN_OR_RETURN(assignment, tx.users().AssignRole(who.tenant.id, created.id, role, unit.id));
    return AuditOf(who.user, "user.create", "user", created.id.value, "",
                   SerializeJson(UserJson(created, {assignment})), call.request_id);
  }));
  return JsonReply(201, UserJson(created, {assignment}));
}

Result<ApiReply> DisableUser(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(TargetUser target, PathUser(call, Permission::kUsersManage));
  if (!Manageable(who, target.assignments)) {
    return Error{ErrorCode::kPermissionDenied, "user_id", "the user holds a role you may not give"};
  }
  if (target.user.id == who.user.id) {
    return Error{ErrorCode::kFailedPrecondition, "user_id", "you cannot disable yourself"};
  }
  User disabled;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(
        disabled, tx.users().SetStatus(who.tenant.id, target.user.id, domain::UserStatus::kDisabled));
    OPENMSP_RETURN_IF_ERROR(tx.web_access().EndSessionsOfUser(who.tenant.id, target.user.id, std::nullopt));
    return AuditOf(who.user, "user.disable", "user", target.user.id.value,
                   SerializeJson(UserJson(target.user, target.assignments)),
                   SerializeJson(UserJson(disabled, target.assignments)), call.request_id);
  }));
  return JsonReply(200, UserJson(disabled, target.assignments));
}

Result<ApiReply> AssignRole(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(TargetUser target, PathUser(call, Permission::kUsersManage));
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"role", "organisation_unit_id"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string role_name, body.RequiredString("role", 64));
  OPENMSP_ASSIGN_OR_RETURN(Role role, RoleOf(role_name));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t unit_id, body.RequiredId("organisation_unit_id"));
  OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit, AssignableAt(who, role, unit_id, "organisation_unit_id"));
  RoleAssignment assignment;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(assignment, tx.users().AssignRole(who.tenant.id, target.user.id, role, unit.id));
    return AuditOf(who.user, "user.role_assign", "user", target.user.id.value, "",
                   SerializeJson(AssignmentJson(assignment)), call.request_id);
  }));
  return JsonReply(201, AssignmentJson(assignment));
}

Result<ApiReply> RevokeRole(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(TargetUser target, PathUser(call, Permission::kUsersManage));
  OPENMSP_ASSIGN_OR_RETURN(Role role, RoleOf(call.http.PathParameterValue("role").value_or("")));
  Result<std::int64_t> unit_id = PathId(call.http, "organisation_unit_id");
  OPENMSP_ASSIGN_OR_RETURN(
      OrganisationUnit unit,
      AssignableAt(who, role, unit_id ? std::optional<std::int64_t>(*unit_id) : std::nullopt,
                   "organisation_unit_id"));
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.users().RevokeRole(who.tenant.id, target.user.id, role, unit.id));
    const boost::json::object revoked{{"role", domain::RoleName(role)},
                                      {"organisation_unit_id", unit.id.value}};
    return AuditOf(who.user, "user.role_revoke", "user", target.user.id.value, SerializeJson(revoked), "",
                   call.request_id);
  }));
  return ApiReply{.status = 204, .body = nullptr, .headers = {}, .raw = std::nullopt};
}

Result<ApiReply> IssuePasswordReset(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(TargetUser target, PathUser(call, Permission::kUsersManage));
  if (!Manageable(who, target.assignments)) {
    return Error{ErrorCode::kPermissionDenied, "user_id", "the user holds a role you may not give"};
  }
  const std::string token = domain::GenerateCredentialsToken();
  const Instant now = call.context.clock.Now();
  const Instant expires_at = now + call.context.options.password_reset_lifetime;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.web_access().CreatePasswordReset(
        who.tenant.id, domain::NewPasswordReset{.user_id = target.user.id,
                                                .created_by = who.user.id,
                                                .digest = domain::TokenDigest::Of(token),
                                                .created_at = now,
                                                .expires_at = expires_at}));
    return AuditOf(who.user, "user.password_reset_issue", "user", target.user.id.value, "", "",
                   call.request_id);
  }));
  return JsonReply(201,
                   boost::json::object{{"token", token}, {"expires_at", FormatOcpiDateTime(expires_at)}});
}

constexpr const char* kRoleRequestSchema = R"({"type": "object", "required": ["role", "organisation_unit_id"],
  "additionalProperties": false, "properties": {
    "role": {"enum": ["tenant_admin", "ou_admin", "fleet_manager", "finance", "viewer", "driver"]},
    "organisation_unit_id": {"type": "integer"}}})";

}  // namespace

std::vector<ApiRoute> UserRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(
      Route("users", "GET", "/users",
            "The users holding a role in your scope, by id (query: organisation_unit_id, status, "
            "q, after, limit)",
            Permission::kUsersRead, "", PageSchema(kUserSchema), 200, ListUsers));
  routes.push_back(Route("users", "GET", "/users/{user_id}", "One user in your scope", Permission::kUsersRead,
                         "", kUserSchema, 200, GetUser));
  routes.push_back(Route("users", "POST", "/users",
                         "Creates a user with a first role at a unit of your scope", Permission::kUsersManage,
                         R"({"type": "object",
      "required": ["email", "display_name", "password", "role", "organisation_unit_id"], "additionalProperties": false,
      "properties": {"email": {"type": "string"}, "display_name": {"type": "string"}, "password": {"type": "string"},
      "role": {"type": "string"}, "organisation_unit_id": {"type": "integer"}}})",
                         kUserSchema, 201, CreateUser));
  routes.push_back(Route("users", "POST", "/users/{user_id}/disable",
                         "Disables a user of your scope and ends its sessions", Permission::kUsersManage, "",
                         kUserSchema, 200, DisableUser));
  routes.push_back(Route("users", "POST", "/users/{user_id}/roles",
                         "Gives a user a role at a unit (MayAssignRole)", Permission::kUsersManage,
                         kRoleRequestSchema, R"({"type": "object",
      "required": ["id", "role", "organisation_unit_id"]})",
                         201, AssignRole));
  routes.push_back(Route("users", "DELETE", "/users/{user_id}/roles/{role}/{organisation_unit_id}",
                         "Takes a role at a unit from a user (MayAssignRole)", Permission::kUsersManage, "",
                         "", 204, RevokeRole));
  routes.push_back(Route("users", "POST", "/users/{user_id}/password-reset",
                         "Issues a one-time password reset token for a user of your scope (shown once)",
                         Permission::kUsersManage, "",
                         R"({"type": "object", "required": ["token", "expires_at"],
      "properties": {"token": {"type": "string"}, "expires_at": {"type": "string"}}})",
                         201, IssuePasswordReset));
  return routes;
}

}  // namespace openmsp::api
