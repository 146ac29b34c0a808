#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/ids.h"
#include "domain/tariff_plan.h"
#include "store/sql_connection.h"

namespace openmsp::store {

// How the tariff plan and draft repositories write and read the rows of their rules
// (`tariff_plan_rules`, `tariff_plan_draft_rules`), which have the same columns but for the one naming
// their version or draft. Internal to src/store.

/// The columns a rule's own values are written to, in the order `RuleParams` gives them.
inline constexpr std::string_view kRuleValueColumns =
    "location_group_id, business_partner_group_id, tariff_code_id, unit_price, priority, start_minute, "
    "end_minute, weekdays, min_power_kw, max_power_kw, valid_from_date, valid_until_date";

/// The columns of a rule table aliased `r` that `RuleOf` reads, with `parent` (the column naming the
/// version or draft) second.
std::string RuleColumns(std::string_view parent);

/// The values of `rule` for `kRuleValueColumns`.
std::vector<SqlParam> RuleParams(const domain::NewTariffPlanRule& rule);

/// A rule read from a row of `RuleColumns`; stored values that do not parse are `Corrupt`.
Result<domain::TariffPlanRule> RuleOf(const SqlRow& row);

/// The rule as it reads back: `rule` with its id and its weekdays in stored order.
domain::TariffPlanRule StoredRule(domain::TariffPlanRuleId id, const domain::NewTariffPlanRule& rule);

/// Refuses rules that name a group or code that is not the tenant's: kNotFound naming
/// `rules[i].location_group`, `rules[i].business_partner_group` or `rules[i].tariff_code`.
Result<void> CheckRuleReferences(SqlConnection& connection, domain::TenantId tenant_id,
                                 std::span<const domain::NewTariffPlanRule> rules);

}  // namespace openmsp::store
