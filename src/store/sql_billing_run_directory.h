#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The billing run directory over either back end: `billing_runs` with counts of its `invoices` and
/// their `invoice_lines` (docs/storage.md, "Billing runs as jobs").
class SqlBillingRunDirectory final : public domain::BillingRunDirectory {
 public:
  /// Uses `connection`, which must outlive the directory.
  explicit SqlBillingRunDirectory(SqlConnection& connection);

  /// As `domain::BillingRunDirectory` documents them.
  Result<std::vector<domain::BillingRunSummary>> ListRuns(domain::TenantId tenant_id, int limit) override;
  Result<std::optional<domain::BillingRunSummary>> FindRun(domain::TenantId tenant_id,
                                                           domain::BillingPeriod period) override;

 private:
  Result<std::vector<domain::BillingRunSummary>> Load(domain::TenantId tenant_id, std::string_view where,
                                                      std::span<const SqlParam> params);

  SqlConnection& connection_;
};

}  // namespace openmsp::store
