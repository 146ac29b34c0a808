#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "api/route.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/organisation_unit.h"
#include "domain/permissions.h"
#include "domain/profile.h"
#include "http/query.h"

namespace openmsp::api {

// What a caller may see of the objects that live in a unit or belong to a profile (profiles, tokens,
// sessions, CDRs…): the object checks of a profile or unit named in a request, and the scope of a list
// (docs/api.md, "Profiles and tokens": the rule every such list follows).

/// The profile `id` when the principal may do `permission` on it (at its unit, and for a driver only its
/// own); the refusal naming `field` otherwise (missing, other tenant's and out of scope alike).
Result<domain::Profile> ProfileFor(ApiCall& call, std::int64_t id, domain::Permission permission,
                                   std::string_view field);

/// The unit `id` of the principal's tree when it may do `permission` there; the refusal naming `field`
/// otherwise.
Result<domain::OrganisationUnit> UnitFor(const Principal& who, std::int64_t id, domain::Permission permission,
                                         std::string_view field);

/// The query parameter `name` as a positive id; absent: nullopt; anything else kInvalidArgument naming it.
Result<std::optional<std::int64_t>> QueryId(const std::vector<http::QueryParameter>& query,
                                            std::string_view name);

/// The query parameter `name` as an OCPI date-time (`2026-04-01T00:00:00Z`); absent: nullopt; anything else
/// kInvalidArgument naming it.
Result<std::optional<Instant>> QueryInstant(const std::vector<http::QueryParameter>& query,
                                            std::string_view name);

/// What a list may show the principal: a unit's subtree, one profile, both (the profile's objects in the
/// subtree), or (nothing set) the whole tenant.
struct ListScope {
  std::optional<domain::OrganisationUnitId> unit;
  std::optional<domain::ProfileId> profile;
};

/// The scope of a list for `permission`: the profile or unit the caller names (`profile_id`,
/// `organisation_unit_id`, checked like objects), else the whole tenant for a caller holding it at the
/// root, else the one unit where the caller holds it (a driver: its own profile). A caller holding it at
/// several units beside each other must name one (kInvalidArgument naming `organisation_unit_id`).
Result<ListScope> ScopeOfList(ApiCall& call, domain::Permission permission,
                              std::optional<std::int64_t> unit_id, std::optional<std::int64_t> profile_id);

/// Whether the principal, reading `profile`'s sessions or CDRs with `permission`, sees what they cost the
/// customer: always, unless the profile hides prices from its driver (a fleet's) and the principal reaches
/// it only through its driver's role. Its fleet manager still sees them.
bool SeesPricesOf(const Principal& who, const domain::Profile& profile, domain::Permission permission);

}  // namespace openmsp::api
