#pragma once

#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The tariff plan repository over either back end.
class SqlTariffPlanRepository final : public domain::TariffPlanRepository {
 public:
  /// Uses `connection`, and `clock` for `created_at` and for what "now" is when a version is added or
  /// withdrawn; both must outlive the repository.
  SqlTariffPlanRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::TariffPlanRepository` documents them.
  Result<domain::TariffPlan> Create(domain::TenantId tenant_id, const domain::NewTariffPlan& plan) override;
  Result<domain::TariffPlan> Find(domain::TenantId tenant_id) override;
  Result<domain::TariffPlanVersion> AddVersion(domain::TenantId tenant_id,
                                               const domain::NewTariffPlanVersion& version) override;
  Result<domain::TariffPlanVersion> FindInForce(domain::TenantId tenant_id, Instant at) override;
  Result<domain::TariffPlanVersion> FindVersion(domain::TenantId tenant_id,
                                                domain::TariffPlanVersionId id) override;
  Result<std::vector<domain::TariffPlanVersion>> ListVersions(domain::TenantId tenant_id) override;
  Result<void> WithdrawScheduledVersion(domain::TenantId tenant_id, domain::TariffPlanVersionId id) override;

 private:
  // The versions of `tenant_id` (always `$1`) matching `where` (over `tariff_plan_versions v`), in the
  // order and number `order` says, each with its `valid_until` and rules.
  Result<std::vector<domain::TariffPlanVersion>> LoadVersions(domain::TenantId tenant_id, std::string_view where,
                                                              std::string_view order,
                                                              std::span<const SqlParam> params);
  // The rules of version `only` of `tenant_id`, or of all its versions, by version then id.
  Result<std::map<std::int64_t, std::vector<domain::TariffPlanRule>>> LoadRules(
      domain::TenantId tenant_id, std::optional<domain::TariffPlanVersionId> only);
  // Inside a transaction: refuses rules that name a group or code that is not the tenant's.
  Result<void> CheckReferences(domain::TenantId tenant_id, const domain::NewTariffPlanVersion& version);

  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
