#include "domain/location_group_preview.h"

#include <algorithm>
#include <vector>

namespace openmsp::domain {

Result<LocationGroupPreview> PreviewLocationGroupChange(std::span<const LocationGroup> groups,
                                                        std::optional<LocationGroupId> id,
                                                        const NewLocationGroup& change,
                                                        std::span<const PlacedConnector> connectors) {
  OPENMSP_RETURN_IF_ERROR(ValidateNewLocationGroup(change));
  const LocationGroupId target = id.value_or(LocationGroupId{0});
  std::vector<LocationGroup> changed(groups.begin(), groups.end());
  auto stored =
      std::find_if(changed.begin(), changed.end(), [&](const LocationGroup& g) { return g.id == target; });
  if (id) {
    if (stored == changed.end()) return Error{ErrorCode::kNotFound, "id", "no such location group"};
    if (stored->is_default) {
      return Error{ErrorCode::kFailedPrecondition, "id", "the Default location group cannot be changed"};
    }
  } else {
    stored = changed.insert(changed.end(),
                            LocationGroup{.id = target,
                                          .tenant_id = groups.empty() ? TenantId{} : groups.front().tenant_id,
                                          .name = {},
                                          .priority = 0,
                                          .is_default = false,
                                          .criteria = {}});
  }
  for (const LocationGroup& other : changed) {
    if (other.id != target && !other.is_default && other.priority == change.priority) {
      return Error{ErrorCode::kAlreadyExists, "priority",
                   "the location group '" + other.name + "' has priority " + std::to_string(change.priority)};
    }
  }
  stored->name = change.name;
  stored->priority = change.priority;
  stored->criteria = change.criteria;

  LocationGroupPreview preview;
  for (const PlacedConnector& connector : connectors) {
    const std::optional<LocationGroupId> after = ClassifyConnector(changed, connector.place);
    if (!after)
      return Error{ErrorCode::kInternal, "database", "a tenant's location groups lack the Default group"};
    const bool was_in = connector.group == target;
    const bool will_be_in = *after == target;
    if (will_be_in && !was_in) {
      if (++preview.joining_count <= LocationGroupPreview::kMaxListed) {
        preview.joining.push_back(
            ConnectorMove{.connector = connector.ref, .from = connector.group, .to = target});
      }
    } else if (was_in && !will_be_in) {
      if (++preview.leaving_count <= LocationGroupPreview::kMaxListed) {
        preview.leaving.push_back(ConnectorMove{.connector = connector.ref, .from = target, .to = *after});
      }
    }
  }
  return preview;
}

}  // namespace openmsp::domain
