#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/result.h"
#include "domain/location_group.h"
#include "domain/tariff_code.h"
#include "domain/tariff_plan.h"

namespace openmsp::rating {

/// A tariff plan version made ready for rating many CDRs: its rules grouped by tariff code, put in
/// precedence order (`domain::TakesPrecedence`) once, and indexed by location group, so that rating a CDR
/// looks only at the rules that can apply at its connector. Immutable once compiled; share it between
/// threads freely.
class CompiledPlanVersion {
 public:
  /// The rules of one tariff code that may apply at some connector, in precedence order, as indices into
  /// `version().rules`.
  struct CodeRules {
    std::size_t code = 0;  ///< index into `codes()`
    std::vector<std::uint32_t> rules;
  };

  /// Compiles `version` with the tenant's tariff codes. `codes` must hold every code a rule names
  /// (others are ignored); kFailedPrecondition naming `rules[3].tariff_code` otherwise.
  static Result<CompiledPlanVersion> Compile(domain::TariffPlanVersion version,
                                             std::span<const domain::TariffCode> codes);

  const domain::TariffPlanVersion& version() const { return version_; }

  /// The codes the rules name, in the order of their first rule: the order of an MSP CDR's lines.
  std::span<const domain::TariffCode> codes() const { return codes_; }

  /// Per code (in `codes()` order, codes without any candidate left out), the rules whose location
  /// group is `group` or ANY, in precedence order.
  std::span<const CodeRules> RulesAt(domain::LocationGroupId group) const;

 private:
  explicit CompiledPlanVersion(domain::TariffPlanVersion version) : version_(std::move(version)) {}

  domain::TariffPlanVersion version_;
  std::vector<domain::TariffCode> codes_;
  /// For groups no rule names: the ANY rules only.
  std::vector<CodeRules> any_place_;
  /// Sorted by group id.
  std::vector<std::pair<domain::LocationGroupId, std::vector<CodeRules>>> by_group_;
};

}  // namespace openmsp::rating
