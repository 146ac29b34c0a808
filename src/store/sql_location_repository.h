#pragma once

#include <optional>
#include <span>
#include <vector>

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The location repository over either back end: locations, EVSEs and connectors in three tables, each
/// row with the JSON it was received as.
class SqlLocationRepository final : public domain::LocationRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlLocationRepository(SqlConnection& connection);

  /// As `domain::LocationRepository` documents them.
  Result<domain::UpsertOutcome> Upsert(domain::TenantId tenant_id, const domain::Location& location) override;
  Result<domain::UpsertOutcome> UpsertEvse(domain::TenantId tenant_id, const domain::LocationKey& key,
                                           const domain::Evse& evse) override;
  Result<domain::UpsertOutcome> UpsertConnector(domain::TenantId tenant_id, const domain::LocationKey& key,
                                                std::string_view evse_uid,
                                                const domain::Connector& connector) override;
  Result<domain::StoredLocation> Find(domain::TenantId tenant_id, const domain::LocationKey& key) override;
  Result<domain::StoredLocation> FindForUpdate(domain::TenantId tenant_id,
                                               const domain::LocationKey& key) override;
  Result<domain::StoredLocation> FindById(domain::TenantId tenant_id, domain::LocationId id) override;
  Result<std::vector<domain::StoredLocation>> List(domain::TenantId tenant_id, domain::LocationId after,
                                                   std::size_t limit) override;
  Result<std::vector<domain::LocatedEvse>> FindByEvseId(domain::TenantId tenant_id,
                                                        const EvseId& evse_id) override;
  Result<void> SetAccessibilityOverride(domain::TenantId tenant_id, domain::LocationId id,
                                        std::optional<domain::Accessibility> accessibility) override;
  /// Defined in sql_location_search_repository.cpp.
  Result<domain::LocationSearchPage> Search(domain::TenantId tenant_id,
                                            const domain::LocationSearch& search) override;

 private:
  // The locations of `tenant_id` (always `$1`) matching `where` (over `locations l`), by id, then
  // `suffix` (a LIMIT); with their EVSEs and connectors when `with_children`.
  Result<std::vector<domain::StoredLocation>> Load(std::string_view where, std::span<const SqlParam> params,
                                                   std::string_view suffix, bool with_children);
  // The location `key` without its EVSEs, or nullopt.
  Result<std::optional<domain::StoredLocation>> FindRow(domain::TenantId tenant_id,
                                                        const domain::LocationKey& key);
  // Inside a transaction: stores `evse` and its connectors (deleting the connectors it no longer has) at
  // `location`; a new EVSE goes at `ordinal`, or after the others when nullopt.
  Result<void> WriteEvse(const domain::StoredLocation& location, const domain::Evse& evse,
                         std::optional<std::int64_t> ordinal, std::span<const domain::LocationGroup> groups);
  // Inside a transaction: stores `connector` of `evse` (row `evse_row`), classified into `groups`.
  Result<void> WriteConnector(const domain::StoredLocation& location, const domain::Evse& evse,
                              std::int64_t evse_row, const domain::Connector& connector,
                              std::optional<std::int64_t> ordinal,
                              std::span<const domain::LocationGroup> groups);

  SqlConnection& connection_;
};

}  // namespace openmsp::store
