#pragma once

#include <optional>
#include <span>
#include <vector>

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The location groups of `tenant_id` in the order they are tried (`domain::TriedBefore`), with their
/// criteria. Shared with the location repository, which classifies the connectors it writes.
Result<std::vector<domain::LocationGroup>> LoadLocationGroups(SqlConnection& connection,
                                                              domain::TenantId tenant_id);

/// The group of a connector at `place` among `groups` (a tenant's full list, which always holds its
/// default group); a list without a matching group is corrupt data (kInternal naming `database`).
Result<domain::LocationGroupId> GroupOf(std::span<const domain::LocationGroup> groups,
                                        const domain::ConnectorPlace& place);

/// Classifies again the connectors of `tenant_id` (only those of `location` when given) against `groups`
/// and writes each whose group changed. Runs inside the caller's transaction.
Result<void> ReclassifyConnectors(SqlConnection& connection, domain::TenantId tenant_id,
                                  std::span<const domain::LocationGroup> groups,
                                  std::optional<domain::LocationId> location);

/// The location group repository over either back end.
class SqlLocationGroupRepository final : public domain::LocationGroupRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlLocationGroupRepository(SqlConnection& connection);

  /// As `domain::LocationGroupRepository` documents them.
  Result<domain::LocationGroup> Create(domain::TenantId tenant_id,
                                       const domain::NewLocationGroup& group) override;
  Result<domain::LocationGroup> Update(domain::TenantId tenant_id, domain::LocationGroupId id,
                                       const domain::NewLocationGroup& group) override;
  Result<void> Delete(domain::TenantId tenant_id, domain::LocationGroupId id) override;
  Result<domain::LocationGroup> FindById(domain::TenantId tenant_id, domain::LocationGroupId id) override;
  Result<std::vector<domain::LocationGroup>> List(domain::TenantId tenant_id) override;
  Result<std::vector<domain::ConnectorRef>> Connectors(domain::TenantId tenant_id, domain::LocationGroupId id,
                                                       std::int64_t after, std::size_t limit) override;
  Result<domain::LocationGroupId> GroupOfConnector(domain::TenantId tenant_id, const domain::LocationKey& key,
                                                   std::string_view evse_uid,
                                                   std::string_view connector_id) override;
  /// Defined in sql_location_group_preview_repository.cpp.
  Result<domain::LocationGroupPreview> Preview(domain::TenantId tenant_id,
                                               std::optional<domain::LocationGroupId> id,
                                               const domain::NewLocationGroup& group) override;

 private:
  // Inside a transaction: refuses a name or priority another group has, and explicit locations that are
  // not the tenant's; `except` is the group being updated.
  Result<void> CheckAgainstStored(domain::TenantId tenant_id, const domain::NewLocationGroup& group,
                                  std::optional<domain::LocationGroupId> except);
  // Inside a transaction: writes the criteria of group `id` (which has none).
  Result<void> WriteCriteria(domain::TenantId tenant_id, domain::LocationGroupId id,
                             const domain::LocationGroupCriteria& criteria);

  SqlConnection& connection_;
};

}  // namespace openmsp::store
