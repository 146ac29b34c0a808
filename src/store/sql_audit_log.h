#pragma once

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The audit log over either back end. Listing pages by keyset (`recorded_at`, `id`) on the index
/// `audit_entries_by_time`, so a page costs the same on the first and on the millionth entry.
class SqlAuditLog final : public domain::AuditLog {
 public:
  /// Uses `connection` and `clock`, which must outlive the log.
  SqlAuditLog(SqlConnection& connection, const Clock& clock);

  /// As `domain::AuditLog` documents them.
  Result<domain::AuditEntry> Append(domain::TenantId tenant_id, const domain::NewAuditEntry& entry) override;
  Result<domain::AuditPage> List(domain::TenantId tenant_id, const domain::AuditFilter& filter,
                                 std::size_t limit, const std::optional<domain::AuditCursor>& after) override;

 private:
  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
