#include "domain/location_group.h"

#include <algorithm>
#include <utility>

#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxNameLength = 100;

template <class T>
bool Listed(const std::vector<T>& values, const std::optional<T>& value) {
  return value && std::find(values.begin(), values.end(), *value) != values.end();
}

// A value listed twice is refused: it is a typing error in the group, and a harmless one only by luck.
template <class T>
Result<void> NoRepeats(const std::vector<T>& values, std::string_view field) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::find(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(i), values[i]) !=
        values.begin() + static_cast<std::ptrdiff_t>(i)) {
      return InvalidArgument(std::string(field) + "[" + std::to_string(i) + "]", "is listed twice");
    }
  }
  return Ok();
}

}  // namespace

ConnectorPlace PlaceOf(const StoredLocation& location, const Evse& evse, const Connector& connector) {
  ConnectorPlace place{.country = location.location.country,
                       .party = location.location.key.party,
                       .power_type = connector.power_type,
                       .max_power_kw = MaxPowerKw(connector),
                       .accessibility = EffectiveAccessibility(location),
                       .location = location.id,
                       .evse_id = std::nullopt};
  if (!evse.evse_id.empty()) {
    if (Result<EvseId> evse_id = EvseId::Parse(evse.evse_id); evse_id) place.evse_id = *std::move(evse_id);
  }
  return place;
}

Result<void> ValidateNewLocationGroup(const NewLocationGroup& group) {
  if (group.name.empty()) return InvalidArgument("name", "must not be empty");
  if (Result<void> name = ValidateOcpiString(group.name, kMaxNameLength); !name) {
    return name.error().Nested("name");
  }
  const LocationGroupCriteria& criteria = group.criteria;
  if (criteria.min_power_kw && criteria.min_power_kw->Sign() < 0) {
    return InvalidArgument("criteria.min_power_kw", "must not be negative");
  }
  if (criteria.max_power_kw && criteria.max_power_kw->Sign() < 0) {
    return InvalidArgument("criteria.max_power_kw", "must not be negative");
  }
  if (criteria.min_power_kw && criteria.max_power_kw && *criteria.max_power_kw < *criteria.min_power_kw) {
    return InvalidArgument("criteria.max_power_kw", "must not be below min_power_kw");
  }
  OPENMSP_RETURN_IF_ERROR(NoRepeats(criteria.countries, "criteria.countries"));
  OPENMSP_RETURN_IF_ERROR(NoRepeats(criteria.parties, "criteria.parties"));
  OPENMSP_RETURN_IF_ERROR(NoRepeats(criteria.power_types, "criteria.power_types"));
  OPENMSP_RETURN_IF_ERROR(NoRepeats(criteria.accessibilities, "criteria.accessibilities"));
  OPENMSP_RETURN_IF_ERROR(NoRepeats(criteria.locations, "criteria.locations"));
  OPENMSP_RETURN_IF_ERROR(NoRepeats(criteria.evse_ids, "criteria.evse_ids"));
  return Ok();
}

bool Matches(const LocationGroupCriteria& criteria, const ConnectorPlace& place) {
  if (!criteria.countries.empty() && !Listed(criteria.countries, place.country)) return false;
  if (!criteria.parties.empty() && !Listed(criteria.parties, place.party)) return false;
  if (!criteria.power_types.empty() && !Listed(criteria.power_types, place.power_type)) return false;
  if (criteria.min_power_kw || criteria.max_power_kw) {
    if (!place.max_power_kw) return false;
    if (criteria.min_power_kw && *place.max_power_kw < *criteria.min_power_kw) return false;
    if (criteria.max_power_kw && *criteria.max_power_kw < *place.max_power_kw) return false;
  }
  if (!criteria.accessibilities.empty() && !Listed(criteria.accessibilities, place.accessibility))
    return false;
  if ((!criteria.locations.empty() || !criteria.evse_ids.empty()) &&
      !Listed(criteria.locations, place.location) && !Listed(criteria.evse_ids, place.evse_id)) {
    return false;
  }
  return true;
}

bool TriedBefore(const LocationGroup& a, const LocationGroup& b) {
  if (a.is_default != b.is_default) return b.is_default;
  if (a.priority != b.priority) return a.priority < b.priority;
  return a.id < b.id;
}

std::optional<LocationGroupId> ClassifyConnector(std::span<const LocationGroup> groups,
                                                 const ConnectorPlace& place) {
  const LocationGroup* first = nullptr;
  for (const LocationGroup& group : groups) {
    if ((first == nullptr || TriedBefore(group, *first)) &&
        (group.is_default || Matches(group.criteria, place))) {
      first = &group;
    }
  }
  if (first == nullptr) return std::nullopt;
  return first->id;
}

}  // namespace openmsp::domain
