#pragma once

#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The tariff plan draft repository over either back end: `tariff_plan_drafts` and their rules in
/// `tariff_plan_draft_rules` (the columns of `tariff_plan_rules`; docs/storage.md, "Tariff plan drafts").
class SqlTariffPlanDraftRepository final : public domain::TariffPlanDraftRepository {
 public:
  /// Uses `connection`, and `clock` for `created_at` and `updated_at`; both must outlive the repository.
  SqlTariffPlanDraftRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::TariffPlanDraftRepository` documents them.
  Result<domain::TariffPlanDraft> Create(domain::TenantId tenant_id,
                                         const domain::NewTariffPlanDraft& draft) override;
  Result<domain::TariffPlanDraft> Find(domain::TenantId tenant_id, domain::TariffPlanDraftId id) override;
  Result<std::vector<domain::TariffPlanDraft>> List(domain::TenantId tenant_id) override;
  Result<domain::TariffPlanDraft> Replace(domain::TenantId tenant_id, domain::TariffPlanDraftId id,
                                          const domain::NewTariffPlanDraft& draft) override;
  Result<void> Delete(domain::TenantId tenant_id, domain::TariffPlanDraftId id) override;

 private:
  // The drafts of `tenant_id`, all or only `only`, by id, with their rules.
  Result<std::vector<domain::TariffPlanDraft>> Load(domain::TenantId tenant_id,
                                                    std::optional<domain::TariffPlanDraftId> only);
  // Inside a transaction: stores the rules of draft `id` and returns them as they read back.
  Result<std::vector<domain::TariffPlanRule>> InsertRules(domain::TenantId tenant_id,
                                                          domain::TariffPlanDraftId id,
                                                          const domain::NewTariffPlanDraft& draft);

  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
