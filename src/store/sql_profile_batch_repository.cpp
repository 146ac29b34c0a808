#include <string>
#include <vector>

#include "store/sql_repositories.h"
#include "store/sql_support.h"

namespace openmsp::store {

using domain::Profile;
using domain::ProfileId;
using domain::TenantId;

Result<std::vector<Profile>> SqlProfileRepository::FindByIds(TenantId tenant_id, std::span<const ProfileId> ids) {
  if (ids.size() > domain::kMaxProfilesByIds) {
    return InvalidArgument("ids", "at most " + std::to_string(domain::kMaxProfilesByIds) + " at once, not " +
                                      std::to_string(ids.size()));
  }
  if (ids.empty()) return std::vector<Profile>{};
  // One placeholder per id ($2, $3, …): the ids are parameters, never spliced into the statement.
  std::string where = "id IN (";
  std::vector<SqlParam> params = {tenant_id.value};
  params.reserve(ids.size() + 1);
  for (const ProfileId id : ids) {
    if (params.size() > 1) where += ", ";
    params.emplace_back(id.value);
    where += "$" + std::to_string(params.size());
  }
  where += ")";
  return Load(where, params);
}

}  // namespace openmsp::store
