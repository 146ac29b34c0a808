#include "store/sql_user_repository.h"

#include <utility>

#include "store/sql_query_builder.h"
#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::NewUser;
using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::PasswordHash;
using domain::ProfileId;
using domain::Role;
using domain::RoleAssignment;
using domain::RoleAssignmentId;
using domain::TenantId;
using domain::User;
using domain::UserId;
using domain::UserStatus;

Result<User> UserFromRow(const SqlRow& row) {
  User user;
  OPENMSP_ASSIGN_OR_RETURN(user.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(user.tenant_id.value, ParseInteger(row[1]));
  user.email = TextOf(row[2]);
  user.display_name = TextOf(row[3]);
  OPENMSP_ASSIGN_OR_RETURN(user.status, ParseStored(domain::ParseUserStatus, row[4]));
  Result<PasswordHash> hash = PasswordHash::FromStored(TextOf(row[5]));
  if (!hash) return Corrupt("user " + std::to_string(user.id.value) + " has no argon2id password hash");
  user.password_hash = *std::move(hash);
  if (row[6]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t profile, ParseInteger(row[6]));
    user.profile_id = ProfileId{profile};
  }
  OPENMSP_ASSIGN_OR_RETURN(user.created_at, ParseRequiredInstant(row[7]));
  return user;
}

Result<RoleAssignment> AssignmentFromRow(const SqlRow& row) {
  RoleAssignment assignment;
  OPENMSP_ASSIGN_OR_RETURN(assignment.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(assignment.tenant_id.value, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(assignment.user_id.value, ParseInteger(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(assignment.role, ParseStored(domain::ParseRole, row[3]));
  OPENMSP_ASSIGN_OR_RETURN(assignment.organisation_unit_id.value, ParseInteger(row[4]));
  OPENMSP_ASSIGN_OR_RETURN(assignment.created_at, ParseRequiredInstant(row[5]));
  return assignment;
}

}  // namespace

SqlUserRepository::SqlUserRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<User> SqlUserRepository::Create(TenantId tenant_id, const NewUser& user) {
  OPENMSP_ASSIGN_OR_RETURN(NewUser valid, domain::ValidateNewUser(user));
  User created{.id = {},
               .tenant_id = tenant_id,
               .email = valid.email,
               .display_name = valid.display_name,
               .status = UserStatus::kActive,
               .password_hash = valid.password_hash,
               .profile_id = valid.profile_id,
               .created_at = clock_.Now()};
  // The checks run first, in the transaction, so that each refusal names its field and a refused
  // statement never aborts a transaction the caller may have open (`Repositories::ChangeWithAudit`).
  return InTransaction(connection_, [&]() -> Result<User> {
    const SqlParam tenant_params[] = {tenant_id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> tenants,
                             connection_.Query("SELECT id FROM tenants WHERE id = $1", tenant_params));
    if (tenants.empty()) return NotFound("tenant_id", "no such tenant");
    if (Result<User> same_email = FindByEmail(tenant_id, valid.email); same_email.ok()) {
      return Error{ErrorCode::kAlreadyExists, "email",
                   "the tenant has a user with the e-mail address " + valid.email + " already"};
    }
    if (valid.profile_id) {
      const SqlParam profile_params[] = {tenant_id.value, valid.profile_id->value};
      OPENMSP_ASSIGN_OR_RETURN(
          std::vector<SqlRow> profiles,
          connection_.Query(
              "SELECT (SELECT count(*) FROM users u WHERE u.tenant_id = $1 AND u.profile_id = $2)"
              " FROM profiles WHERE tenant_id = $1 AND id = $2",
              profile_params));
      if (profiles.empty()) return NotFound("profile_id", "no such profile");
      if (TextOf(profiles.front()[0]) != "0") {
        return Error{ErrorCode::kAlreadyExists, "profile_id", "the profile has a user already"};
      }
    }
    const SqlParam params[] = {tenant_id.value,
                               valid.email,
                               valid.display_name,
                               std::string(domain::UserStatusName(UserStatus::kActive)),
                               valid.password_hash.encoded(),
                               valid.profile_id ? SqlParam(valid.profile_id->value) : SqlParam(nullptr),
                               InstantParam(created.created_at)};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO users (tenant_id, email, display_name, status, password_hash, profile_id, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        params);
    if (!inserted) {
      if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
      return Error{ErrorCode::kAlreadyExists, "email",
                   "the tenant has a user with the e-mail address " + valid.email + " already"};
    }
    if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(created.id.value, ParseInteger(inserted->front()[0]));
    return created;
  });
}

Result<User> SqlUserRepository::FindById(TenantId tenant_id, UserId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  return LoadOne("id = $2", params, "id");
}

Result<User> SqlUserRepository::FindByEmail(TenantId tenant_id, std::string_view email) {
  Result<std::string> normalised = domain::NormaliseEmail(email);
  if (!normalised) return NotFound("email", "no such user");
  const SqlParam params[] = {tenant_id.value, *std::move(normalised)};
  return LoadOne("email = $2", params, "email");
}

Result<void> SqlUserRepository::SetPassword(TenantId tenant_id, UserId id, const PasswordHash& hash) {
  if (hash.empty()) return InvalidArgument("password_hash", "is required");
  const SqlParam params[] = {tenant_id.value, id.value, hash.encoded()};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("UPDATE users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2 RETURNING id",
                        params));
  if (rows.empty()) return NotFound("id", "no such user");
  return Ok();
}

Result<User> SqlUserRepository::SetStatus(TenantId tenant_id, UserId id, UserStatus status) {
  const SqlParam params[] = {tenant_id.value, id.value, std::string(domain::UserStatusName(status))};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("UPDATE users SET status = $3 WHERE tenant_id = $1 AND id = $2 RETURNING id",
                        params));
  if (rows.empty()) return NotFound("id", "no such user");
  return FindById(tenant_id, id);
}

Result<RoleAssignment> SqlUserRepository::AssignRole(TenantId tenant_id, UserId user_id, Role role,
                                                     OrganisationUnitId organisation_unit_id) {
  return InTransaction(connection_, [&]() -> Result<RoleAssignment> {
    Result<User> user = FindById(tenant_id, user_id);
    if (!user) {
      if (user.error().code == ErrorCode::kNotFound) return NotFound("user_id", "no such user");
      return std::move(user).error();
    }
    const SqlParam unit_params[] = {tenant_id.value, organisation_unit_id.value};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> units,
        connection_.Query("SELECT parent_id FROM organisation_units WHERE tenant_id = $1 AND id = $2",
                          unit_params));
    if (units.empty()) return NotFound("organisation_unit_id", "no such organisation unit");
    OrganisationUnit scope{
        .id = organisation_unit_id, .tenant_id = tenant_id, .parent_id = {}, .name = {}, .billing = {}};
    if (units.front()[0]) {
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t parent, ParseInteger(units.front()[0]));
      scope.parent_id = OrganisationUnitId{parent};
    }
    std::optional<OrganisationUnitId> profile_unit;
    if (user->profile_id) {
      const SqlParam profile_params[] = {tenant_id.value, user->profile_id->value};
      OPENMSP_ASSIGN_OR_RETURN(
          std::vector<SqlRow> profiles,
          connection_.Query("SELECT organisation_unit_id FROM profiles WHERE tenant_id = $1 AND id = $2",
                            profile_params));
      if (profiles.empty())
        return Corrupt("user " + std::to_string(user_id.value) + " has a missing profile");
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t unit, ParseInteger(profiles.front()[0]));
      profile_unit = OrganisationUnitId{unit};
    }
    OPENMSP_RETURN_IF_ERROR(domain::CheckRoleScope(role, scope, profile_unit));

    RoleAssignment assignment{.id = {},
                              .tenant_id = tenant_id,
                              .user_id = user_id,
                              .role = role,
                              .organisation_unit_id = organisation_unit_id,
                              .created_at = clock_.Now()};
    const SqlParam params[] = {tenant_id.value, user_id.value, std::string(domain::RoleName(role)),
                               organisation_unit_id.value, InstantParam(assignment.created_at)};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO role_assignments (tenant_id, user_id, role, organisation_unit_id, created_at) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
        params);
    if (!inserted) {
      if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
      return Error{ErrorCode::kAlreadyExists, "role",
                   "the user is " + std::string(domain::RoleName(role)) + " of this unit already"};
    }
    if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(assignment.id.value, ParseInteger(inserted->front()[0]));
    return assignment;
  });
}

Result<void> SqlUserRepository::RevokeRole(TenantId tenant_id, UserId user_id, Role role,
                                           OrganisationUnitId organisation_unit_id) {
  const SqlParam params[] = {tenant_id.value, user_id.value, std::string(domain::RoleName(role)),
                             organisation_unit_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("DELETE FROM role_assignments WHERE tenant_id = $1 AND user_id = $2 "
                        "AND role = $3 AND organisation_unit_id = $4 RETURNING id",
                        params));
  if (rows.empty()) return NotFound("role", "the user does not hold this role at this unit");
  return Ok();
}

Result<std::vector<RoleAssignment>> SqlUserRepository::ListAssignments(TenantId tenant_id, UserId user_id) {
  const SqlParam params[] = {tenant_id.value, user_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT id, tenant_id, user_id, role, organisation_unit_id, " +
                            InstantColumn(connection_.dialect(), "created_at") +
                            " FROM role_assignments WHERE tenant_id = $1 AND user_id = $2"
                            " ORDER BY id",
                        params));
  std::vector<RoleAssignment> assignments;
  assignments.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(RoleAssignment assignment, AssignmentFromRow(row));
    assignments.push_back(assignment);
  }
  return assignments;
}

Result<User> SqlUserRepository::LoadOne(std::string_view where, std::span<const SqlParam> params,
                                        std::string_view field) {
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT id, tenant_id, email, display_name, status, password_hash, profile_id, " +
                            InstantColumn(connection_.dialect(), "created_at") +
                            " FROM users WHERE tenant_id = $1 AND " + std::string(where),
                        params));
  if (rows.empty()) return NotFound(std::string(field), "no such user");
  return UserFromRow(rows.front());
}

Result<domain::UserPage> SqlUserRepository::List(TenantId tenant_id, const domain::UserListQuery& query) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateUserListQuery(query));
  SqlQueryBuilder sql({tenant_id.value, query.after.value});
  sql.Where("u.id > $2");
  if (!query.organisation_units.empty()) {
    std::vector<std::int64_t> roots;
    for (OrganisationUnitId unit : query.organisation_units) roots.push_back(unit.value);
    const std::string units = SubtreeUnitIds(sql, roots);
    sql.Where("EXISTS (SELECT 1 FROM role_assignments r WHERE r.tenant_id = u.tenant_id AND r.user_id = u.id AND "
              "r.organisation_unit_id IN (" +
              units + ")) OR u.profile_id IN (SELECT p.id FROM profiles p WHERE p.tenant_id = $1 AND "
              "p.organisation_unit_id IN (" +
              units + "))");
  }
  if (query.status) sql.Where("u.status = " + sql.Param(std::string(domain::UserStatusName(*query.status))));
  if (!query.text.empty()) {
    sql.Where(AnyContains({"u.email", "u.display_name"}, sql.Param(ContainsPattern(query.text))));
  }
  const std::string limit = sql.Param(static_cast<std::int64_t>(query.limit + 1));
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT u.id, u.tenant_id, u.email, u.display_name, u.status, u.password_hash, u.profile_id, " +
                            InstantColumn(connection_.dialect(), "u.created_at") + " FROM users u WHERE u.tenant_id = $1 AND " +
                            sql.where() + " ORDER BY u.id LIMIT " + limit,
                        sql.params()));
  domain::UserPage page;
  for (const SqlRow& row : rows) {
    if (page.users.size() == query.limit) {
      page.next = page.users.back().id;
      break;
    }
    OPENMSP_ASSIGN_OR_RETURN(User user, UserFromRow(row));
    page.users.push_back(std::move(user));
  }
  return page;
}

}  // namespace openmsp::store
