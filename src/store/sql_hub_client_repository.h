#pragma once

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The hub client repository over either back end: one `hub_clients` row per (tenant, hub peer, party),
/// the ClientInfo the hub last reported. An upsert locks the tenant's row first, so concurrent PUTs of
/// one party cannot apply an older report over a newer one.
class SqlHubClientRepository final : public domain::HubClientRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlHubClientRepository(SqlConnection& connection);

  /// As `domain::HubClientRepository` documents them.
  Result<domain::UpsertOutcome> Upsert(domain::TenantId tenant_id, domain::PeerId hub_id,
                                       const domain::HubClient& client) override;
  Result<domain::HubClient> Find(domain::TenantId tenant_id, domain::PeerId hub_id, const PartyId& party) override;
  Result<std::size_t> Count(domain::TenantId tenant_id, domain::PeerId hub_id) override;

 private:
  SqlConnection& connection_;
};

}  // namespace openmsp::store
