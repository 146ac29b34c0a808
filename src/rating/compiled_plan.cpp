#include "rating/compiled_plan.h"

#include <algorithm>
#include <string>

namespace openmsp::rating {

namespace {

using domain::LocationGroupId;
using domain::TariffPlanRule;

// The rules of `rules` (precedence order) that apply at `group` (nullopt: only the ANY ones), per code.
std::vector<CompiledPlanVersion::CodeRules> RulesForPlace(
    const std::vector<CompiledPlanVersion::CodeRules>& all, std::span<const TariffPlanRule> rules,
    std::optional<LocationGroupId> group) {
  std::vector<CompiledPlanVersion::CodeRules> out;
  for (const CompiledPlanVersion::CodeRules& code : all) {
    CompiledPlanVersion::CodeRules kept{.code = code.code, .rules = {}};
    for (const std::uint32_t index : code.rules) {
      const std::optional<LocationGroupId>& rule_group = rules[index].location_group;
      if (!rule_group || rule_group == group) kept.rules.push_back(index);
    }
    if (!kept.rules.empty()) out.push_back(std::move(kept));
  }
  return out;
}

}  // namespace

Result<CompiledPlanVersion> CompiledPlanVersion::Compile(domain::TariffPlanVersion version,
                                                         std::span<const domain::TariffCode> codes) {
  CompiledPlanVersion compiled(std::move(version));
  const std::span<const TariffPlanRule> rules = compiled.version_.rules;
  std::vector<CodeRules> all;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const domain::TariffCodeId code_id = rules[i].tariff_code;
    const auto known = std::find_if(codes.begin(), codes.end(),
                                    [&](const domain::TariffCode& code) { return code.id == code_id; });
    if (known == codes.end()) {
      return Error{ErrorCode::kFailedPrecondition, "rules[" + std::to_string(i) + "].tariff_code",
                   "tariff code " + std::to_string(code_id.value) + " is not among the tenant's codes"};
    }
    auto entry = std::find_if(all.begin(), all.end(), [&](const CodeRules& code_rules) {
      return compiled.codes_[code_rules.code].id == code_id;
    });
    if (entry == all.end()) {
      compiled.codes_.push_back(*known);
      all.push_back(CodeRules{.code = compiled.codes_.size() - 1, .rules = {}});
      entry = all.end() - 1;
    }
    entry->rules.push_back(static_cast<std::uint32_t>(i));
  }
  for (CodeRules& code : all) {
    std::sort(code.rules.begin(), code.rules.end(),
              [&](std::uint32_t a, std::uint32_t b) { return domain::TakesPrecedence(rules[a], rules[b]); });
  }

  std::vector<LocationGroupId> groups;
  for (const TariffPlanRule& rule : rules) {
    if (rule.location_group) groups.push_back(*rule.location_group);
  }
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());

  compiled.any_place_ = RulesForPlace(all, rules, std::nullopt);
  for (const LocationGroupId group : groups) {
    compiled.by_group_.emplace_back(group, RulesForPlace(all, rules, group));
  }
  return compiled;
}

std::span<const CompiledPlanVersion::CodeRules> CompiledPlanVersion::RulesAt(LocationGroupId group) const {
  const auto found = std::lower_bound(by_group_.begin(), by_group_.end(), group,
                                      [](const auto& entry, LocationGroupId id) { return entry.first < id; });
  if (found != by_group_.end() && found->first == group) return found->second;
  return any_place_;
}

}  // namespace openmsp::rating
