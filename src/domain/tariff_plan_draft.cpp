#include "domain/tariff_plan_draft.h"

#include <utility>

namespace openmsp::domain {

NewTariffPlanVersion VersionOfDraft(const NewTariffPlanDraft& draft, Instant valid_from) {
  return NewTariffPlanVersion{.valid_from = valid_from,
                              .currency = draft.currency,
                              .min_session_price = draft.min_session_price,
                              .max_session_price = draft.max_session_price,
                              .rules = draft.rules};
}

NewTariffPlanDraft ContentOfDraft(const TariffPlanDraft& draft) {
  NewTariffPlanDraft content{.name = draft.name,
                             .currency = draft.currency,
                             .min_session_price = draft.min_session_price,
                             .max_session_price = draft.max_session_price,
                             .rules = {}};
  content.rules.reserve(draft.rules.size());
  for (const TariffPlanRule& rule : draft.rules) {
    content.rules.push_back(NewTariffPlanRule{.location_group = rule.location_group,
                                              .business_partner_group = rule.business_partner_group,
                                              .tariff_code = rule.tariff_code,
                                              .unit_price = rule.unit_price,
                                              .priority = rule.priority,
                                              .restrictions = rule.restrictions});
  }
  return content;
}

Result<void> ValidateNewTariffPlanDraft(const NewTariffPlanDraft& draft) {
  if (draft.name.empty() || draft.name.size() > kMaxTariffPlanDraftNameLength) {
    return InvalidArgument("name", "must be 1 to 100 bytes");
  }
  return ValidateNewTariffPlanVersion(VersionOfDraft(draft, kMinInstant));
}

TariffPlanVersion DraftAsVersion(const TariffPlanDraft& draft) {
  return TariffPlanVersion{.id = TariffPlanVersionId{0},
                           .plan_id = TariffPlanId{0},
                           .tenant_id = draft.tenant_id,
                           .valid_from = kMinInstant,
                           .valid_until = std::nullopt,
                           .currency = draft.currency,
                           .min_session_price = draft.min_session_price,
                           .max_session_price = draft.max_session_price,
                           .rules = draft.rules,
                           .created_at = draft.created_at};
}

}  // namespace openmsp::domain
