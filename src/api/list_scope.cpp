#include "api/list_scope.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

namespace openmsp::api {
namespace {

using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::Permission;
using domain::Profile;
using domain::ProfileId;

bool IsBelow(const Principal& who, OrganisationUnitId unit, OrganisationUnitId ancestor) {
  const OrganisationUnit* at = who.FindUnit(unit);
  while (at != nullptr && at->parent_id) {
    if (*at->parent_id == ancestor) return true;
    at = who.FindUnit(*at->parent_id);
  }
  return false;
}

}  // namespace

Result<Profile> ProfileFor(ApiCall& call, std::int64_t id, Permission permission, std::string_view field) {
  const Principal& who = call.who();
  Result<Profile> profile = call.db.profiles().FindById(who.tenant.id, ProfileId{id});
  if (!profile) {
    if (profile.error().code != ErrorCode::kNotFound) return std::move(profile).error();
    return who.Refusal(permission).Nested(field);
  }
  if (Result<void> allowed = who.Authorize(
          permission, {.organisation_unit = profile->organisation_unit_id, .profile = profile->id});
      !allowed) {
    return allowed.error().Nested(field);
  }
  return profile;
}

Result<OrganisationUnit> UnitFor(const Principal& who, std::int64_t id, Permission permission,
                                 std::string_view field) {
  const OrganisationUnit* unit = who.FindUnit(OrganisationUnitId{id});
  if (unit == nullptr) return who.Refusal(permission).Nested(field);
  if (Result<void> allowed =
          who.Authorize(permission, {.organisation_unit = unit->id, .profile = std::nullopt});
      !allowed) {
    return allowed.error().Nested(field);
  }
  return *unit;
}

Result<std::optional<std::int64_t>> QueryId(const std::vector<http::QueryParameter>& query,
                                            std::string_view name) {
  const std::optional<std::string_view> text = http::FindQueryValue(query, name);
  if (!text) return std::optional<std::int64_t>();
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), id);
  if (text->empty() || error != std::errc() || end != text->data() + text->size() || id <= 0) {
    return InvalidArgument(std::string(name), "must be a positive integer id");
  }
  return std::optional<std::int64_t>(id);
}

Result<ListScope> ScopeOfList(ApiCall& call, Permission permission, std::optional<std::int64_t> unit_id,
                              std::optional<std::int64_t> profile_id) {
  const Principal& who = call.who();
  ListScope scope;
  if (profile_id) {
    OPENMSP_ASSIGN_OR_RETURN(Profile profile, ProfileFor(call, *profile_id, permission, "profile_id"));
    scope.profile = profile.id;
  }
  if (unit_id) {
    if (scope.profile) {
      // Narrows the profile's tokens further; any unit of the tree will do.
      const OrganisationUnit* unit = who.FindUnit(OrganisationUnitId{*unit_id});
      if (unit == nullptr) return who.Refusal(permission).Nested("organisation_unit_id");
      scope.unit = unit->id;
    } else {
      OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit,
                               UnitFor(who, *unit_id, permission, "organisation_unit_id"));
      scope.unit = unit.id;
    }
    return scope;
  }
  if (scope.profile || who.HoldsAtRoot(permission)) return scope;
  std::vector<OrganisationUnitId> units;
  bool as_driver = false;
  for (const domain::RoleAssignment& assignment : who.assignments) {
    if (!domain::RoleGrants(assignment.role, permission)) continue;
    if (assignment.role == domain::Role::kDriver) {
      as_driver = true;
    } else if (std::find(units.begin(), units.end(), assignment.organisation_unit_id) == units.end()) {
      units.push_back(assignment.organisation_unit_id);
    }
  }
  std::erase_if(units, [&](OrganisationUnitId unit) {
    return std::any_of(units.begin(), units.end(),
                       [&](OrganisationUnitId other) { return IsBelow(who, unit, other); });
  });
  if (units.size() == 1) {
    scope.unit = units.front();
    return scope;
  }
  if (units.empty() && as_driver && who.user.profile_id) {
    scope.profile = *who.user.profile_id;
    return scope;
  }
  if (units.empty()) return who.Refusal(permission);
  return InvalidArgument("organisation_unit_id",
                         "you hold this permission at several units: name one of them");
}

Result<std::optional<Instant>> QueryInstant(const std::vector<http::QueryParameter>& query,
                                            std::string_view name) {
  const std::optional<std::string_view> text = http::FindQueryValue(query, name);
  if (!text) return std::optional<Instant>();
  Result<Instant> instant = ParseOcpiDateTime(*text);
  if (!instant) return instant.error().Nested(name);
  return std::optional<Instant>(*instant);
}

bool SeesPricesOf(const Principal& who, const domain::Profile& profile, domain::Permission permission) {
  if (!profile.prices_hidden) return true;
  return who.May(permission, {.organisation_unit = profile.organisation_unit_id, .profile = std::nullopt});
}

}  // namespace openmsp::api
