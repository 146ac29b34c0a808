#pragma once

#include <optional>
#include <span>
#include <vector>

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The business partner group repository over either back end.
class SqlBusinessPartnerGroupRepository final : public domain::BusinessPartnerGroupRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlBusinessPartnerGroupRepository(SqlConnection& connection);

  /// As `domain::BusinessPartnerGroupRepository` documents them.
  Result<domain::BusinessPartnerGroup> Create(domain::TenantId tenant_id,
                                              const domain::NewBusinessPartnerGroup& group) override;
  Result<domain::BusinessPartnerGroup> Update(domain::TenantId tenant_id, domain::BusinessPartnerGroupId id,
                                              const domain::NewBusinessPartnerGroup& group) override;
  Result<void> Delete(domain::TenantId tenant_id, domain::BusinessPartnerGroupId id) override;
  Result<domain::BusinessPartnerGroup> FindById(domain::TenantId tenant_id,
                                                domain::BusinessPartnerGroupId id) override;
  Result<std::vector<domain::BusinessPartnerGroup>> List(domain::TenantId tenant_id) override;
  Result<std::vector<domain::BusinessPartnerGroup>> ListForOrganisationUnit(
      domain::TenantId tenant_id, domain::OrganisationUnitId unit) override;

 private:
  // The groups of `tenant_id` (always `$1`) matching `where` (over `business_partner_groups g`), by id.
  Result<std::vector<domain::BusinessPartnerGroup>> Load(domain::TenantId tenant_id, std::string_view where,
                                                         std::span<const SqlParam> params);
  // Inside a transaction: refuses a name another group of the tenant has (`except`: the group being
  // updated).
  Result<void> CheckName(domain::TenantId tenant_id, const domain::NewBusinessPartnerGroup& group,
                         std::optional<domain::BusinessPartnerGroupId> except);
  // Inside a transaction: writes the units of group `id` (which has none), refusing units that are not
  // the tenant's.
  Result<void> WriteUnits(domain::TenantId tenant_id, domain::BusinessPartnerGroupId id,
                          const domain::NewBusinessPartnerGroup& group);

  SqlConnection& connection_;
};

}  // namespace openmsp::store
