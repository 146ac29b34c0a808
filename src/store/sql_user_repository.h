#pragma once

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The user repository over either back end: users and their role assignments.
class SqlUserRepository final : public domain::UserRepository {
 public:
  /// Uses `connection` and `clock`, which must outlive the repository.
  SqlUserRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::UserRepository` documents them.
  Result<domain::User> Create(domain::TenantId tenant_id, const domain::NewUser& user) override;
  Result<domain::User> FindById(domain::TenantId tenant_id, domain::UserId id) override;
  Result<domain::User> FindByEmail(domain::TenantId tenant_id, std::string_view email) override;
  Result<void> SetPassword(domain::TenantId tenant_id, domain::UserId id,
                           const domain::PasswordHash& hash) override;
  Result<domain::User> SetStatus(domain::TenantId tenant_id, domain::UserId id,
                                 domain::UserStatus status) override;
  Result<domain::RoleAssignment> AssignRole(domain::TenantId tenant_id, domain::UserId user_id,
                                            domain::Role role,
                                            domain::OrganisationUnitId organisation_unit_id) override;
  Result<void> RevokeRole(domain::TenantId tenant_id, domain::UserId user_id, domain::Role role,
                          domain::OrganisationUnitId organisation_unit_id) override;
  Result<std::vector<domain::RoleAssignment>> ListAssignments(domain::TenantId tenant_id,
                                                              domain::UserId user_id) override;
  Result<domain::UserPage> List(domain::TenantId tenant_id, const domain::UserListQuery& query) override;

 private:
  Result<domain::User> LoadOne(std::string_view where, std::span<const SqlParam> params,
                               std::string_view field);

  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
