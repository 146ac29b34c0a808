#include "domain/organisation_unit.h"

#include <algorithm>

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxNameLength = 200;

const OrganisationUnit* Find(std::span<const OrganisationUnit> units, OrganisationUnitId id) {
  auto found =
      std::find_if(units.begin(), units.end(), [&](const OrganisationUnit& unit) { return unit.id == id; });
  return found != units.end() ? &*found : nullptr;
}

}  // namespace

Result<void> ValidateNewOrganisationUnit(const NewOrganisationUnit& unit) {
  if (unit.name.empty() || unit.name.size() > kMaxNameLength) {
    return InvalidArgument("name", "must be 1 to 200 bytes long");
  }
  if (unit.billing && unit.billing->legal_name.empty()) {
    return InvalidArgument("billing.legal_name", "billing details need a legal name");
  }
  return Ok();
}

Result<void> CheckMove(std::span<const OrganisationUnit> subtree, OrganisationUnitId new_parent) {
  if (Find(subtree, new_parent) != nullptr) {
    return InvalidArgument("parent_id", "organisation unit " + std::to_string(new_parent.value) +
                                            " is the unit itself or below it: the move would make a cycle");
  }
  return Ok();
}

const OrganisationUnit* NearestBillingTarget(std::span<const OrganisationUnit> units,
                                             OrganisationUnitId start) {
  const OrganisationUnit* unit = Find(units, start);
  // A tree has no path longer than its size; the bound keeps corrupt input from looping.
  for (std::size_t steps = 0; unit != nullptr && steps < units.size(); ++steps) {
    if (unit->billing) return unit;
    unit = unit->parent_id ? Find(units, *unit->parent_id) : nullptr;
  }
  return nullptr;
}

}  // namespace openmsp::domain
