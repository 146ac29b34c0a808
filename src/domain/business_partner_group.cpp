#include "domain/business_partner_group.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxNameLength = 100;

}  // namespace

Result<void> ValidateNewBusinessPartnerGroup(const NewBusinessPartnerGroup& group) {
  if (group.name.empty()) return InvalidArgument("name", "must not be empty");
  if (Result<void> name = ValidateOcpiString(group.name, kMaxNameLength); !name) {
    return name.error().Nested("name");
  }
  std::set<OrganisationUnitId> seen;
  for (std::size_t i = 0; i < group.units.size(); ++i) {
    if (!seen.insert(group.units[i]).second) {
      return InvalidArgument("units[" + std::to_string(i) + "]", "is listed twice");
    }
  }
  return Ok();
}

std::vector<BusinessPartnerGroupId> BusinessPartnerGroupsOf(std::span<const OrganisationUnit> units,
                                                            OrganisationUnitId unit,
                                                            std::span<const BusinessPartnerGroup> groups) {
  std::map<OrganisationUnitId, const OrganisationUnit*> by_id;
  for (const OrganisationUnit& candidate : units) by_id[candidate.id] = &candidate;
  std::set<OrganisationUnitId> path;
  for (auto at = by_id.find(unit); at != by_id.end();) {
    if (!path.insert(at->first).second) break;
    if (!at->second->parent_id) break;
    at = by_id.find(*at->second->parent_id);
  }
  std::vector<BusinessPartnerGroupId> found;
  for (const BusinessPartnerGroup& group : groups) {
    if (std::any_of(group.units.begin(), group.units.end(),
                    [&](OrganisationUnitId member) { return path.contains(member); })) {
      found.push_back(group.id);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace openmsp::domain
