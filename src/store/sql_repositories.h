#pragma once

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The tenant repository over either back end: the SQL is shared, the connection says how it runs.
class SqlTenantRepository final : public domain::TenantRepository {
 public:
  /// Uses `connection` and `clock`, which must outlive the repository.
  SqlTenantRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::TenantRepository` documents them.
  Result<domain::Tenant> Create(const domain::NewTenant& tenant) override;
  Result<domain::Tenant> FindById(domain::TenantId id) override;
  Result<domain::Tenant> FindBySlug(std::string_view slug) override;
  Result<domain::Tenant> FindByParty(const PartyId& party) override;
  Result<std::vector<domain::Tenant>> List() override;

 private:
  Result<std::vector<domain::Tenant>> Load(std::string_view where, std::span<const SqlParam> params);
  Result<domain::Tenant> LoadOne(std::string_view where, std::span<const SqlParam> params,
                                 std::string_view field);

  SqlConnection& connection_;
  const Clock& clock_;
};

/// The organisation unit repository over either back end.
class SqlOrganisationUnitRepository final : public domain::OrganisationUnitRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlOrganisationUnitRepository(SqlConnection& connection);

  /// As `domain::OrganisationUnitRepository` documents them.
  Result<domain::OrganisationUnit> Create(domain::TenantId tenant_id,
                                          const domain::NewOrganisationUnit& unit) override;
  Result<domain::OrganisationUnit> FindById(domain::TenantId tenant_id,
                                            domain::OrganisationUnitId id) override;
  Result<std::vector<domain::OrganisationUnit>> Children(domain::TenantId tenant_id,
                                                         domain::OrganisationUnitId id) override;
  Result<std::vector<domain::OrganisationUnit>> Subtree(domain::TenantId tenant_id,
                                                        domain::OrganisationUnitId root) override;
  Result<void> Move(domain::TenantId tenant_id, domain::OrganisationUnitId id,
                    domain::OrganisationUnitId new_parent) override;

 private:
  Result<void> LockTenant(domain::TenantId tenant_id, std::string_view field);

  SqlConnection& connection_;
};

}  // namespace openmsp::store
