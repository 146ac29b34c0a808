#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/tariff_plan.h"

namespace openmsp::domain {

/// A tariff plan draft's id, unique across tenants.
struct TariffPlanDraftId {
  std::int64_t value = 0;

  friend auto operator<=>(const TariffPlanDraftId&, const TariffPlanDraftId&) = default;
};

/// The longest name of a draft, in bytes.
inline constexpr std::size_t kMaxTariffPlanDraftNameLength = 100;

/// A plan version being prepared (docs/rating.md, "Drafts"): everything a `NewTariffPlanVersion` holds but
/// its `valid_from`, which is given when it is published. A draft is checked by the same rules as a
/// version whenever it is stored, so a stored draft can always be priced (`POST /price-preview`) and
/// published unless a group it names was deleted meanwhile or its start is refused. Drafts never rate a
/// CDR; they may be changed (replaced whole) and deleted, and publishing one makes it a version, which
/// never changes again, and deletes the draft.
struct NewTariffPlanDraft {
  /// 1 to 100 bytes of text for administrators ("Prices 2027").
  std::string name;
  Currency currency;
  std::optional<Decimal> min_session_price;
  std::optional<Decimal> max_session_price;
  /// 1 to 1000 rules, as a version's (`ValidateNewTariffPlanVersion`).
  std::vector<NewTariffPlanRule> rules;
};

/// A stored draft. Its rules have ids of their own (assigned anew whenever the draft is replaced), in
/// the order given, so that a draft's preview explains its rules as a version's does.
struct TariffPlanDraft {
  TariffPlanDraftId id;
  TenantId tenant_id;
  std::string name;
  Currency currency;
  std::optional<Decimal> min_session_price;
  std::optional<Decimal> max_session_price;
  std::vector<TariffPlanRule> rules;
  /// From the repository's clock: when it was created and last replaced.
  Instant created_at;
  Instant updated_at;

  friend bool operator==(const TariffPlanDraft&, const TariffPlanDraft&) = default;
};

/// The version `draft` becomes when published from `valid_from`.
NewTariffPlanVersion VersionOfDraft(const NewTariffPlanDraft& draft, Instant valid_from);

/// What a stored draft held, to publish it or to store it again.
NewTariffPlanDraft ContentOfDraft(const TariffPlanDraft& draft);

/// Checks `draft`: the error names `name`, or the field as `ValidateNewTariffPlanVersion` names it
/// (`min_session_price`, `rules`, `rules[3].unit_price`, `rules[5]`…). Whether its groups and codes are
/// the tenant's is the repository's check.
Result<void> ValidateNewTariffPlanDraft(const NewTariffPlanDraft& draft);

/// `draft` as a plan version with id 0, valid from `kMinInstant` and never superseded: what a price
/// preview rates a draft with (as if it had always been in force).
TariffPlanVersion DraftAsVersion(const TariffPlanDraft& draft);

}  // namespace openmsp::domain
