#pragma once

#include <optional>
#include <span>

#include "core/result.h"
#include "domain/location_group.h"
#include "domain/repositories.h"

namespace openmsp::domain {

/// A stored connector as a group preview sees it: where it is, what classification looks at, and the
/// group it is in now.
struct PlacedConnector {
  ConnectorRef ref;
  ConnectorPlace place;
  LocationGroupId group;
};

/// The rule behind `LocationGroupRepository::Preview`: `groups` (the tenant's full list) with group `id`
/// replaced by `change` (or, with nullopt, `change` added as a new group, `LocationGroupId{0}`), each of
/// `connectors` classified again (`ClassifyConnector`); a connector joins when it would be in the changed
/// group and is not now, and leaves when it is now and would not be. Checks `change`
/// (`ValidateNewLocationGroup`); kNotFound naming `id` when it is not in `groups`; kFailedPrecondition
/// naming `id` for the default group; kAlreadyExists naming `priority` when another group has it.
Result<LocationGroupPreview> PreviewLocationGroupChange(std::span<const LocationGroup> groups,
                                                        std::optional<LocationGroupId> id,
                                                        const NewLocationGroup& change,
                                                        std::span<const PlacedConnector> connectors);

}  // namespace openmsp::domain
