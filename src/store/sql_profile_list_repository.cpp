#include <string>
#include <utility>
#include <vector>

#include "store/sql_query_builder.h"
#include "store/sql_repositories.h"
#include "store/sql_support.h"

namespace openmsp::store {

using domain::Profile;
using domain::ProfileListQuery;
using domain::ProfilePage;
using domain::TenantId;

Result<ProfilePage> SqlProfileRepository::List(TenantId tenant_id, const ProfileListQuery& query) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateProfileListQuery(query));
  SqlQueryBuilder sql({tenant_id.value, query.after.value});
  sql.Where("id > $2");
  if (query.organisation_unit) {
    const std::int64_t root[] = {query.organisation_unit->value};
    sql.Where("organisation_unit_id IN (" + SubtreeUnitIds(sql, root) + ")");
  }
  if (!query.text.empty()) sql.Where(AnyContains({"name", "email"}, sql.Param(ContainsPattern(query.text))));
  const std::string limit = sql.Param(static_cast<std::int64_t>(query.limit + 1));
  // `Load` orders by id and adds no limit, so the page is chosen in a subquery.
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Profile> profiles,
                           Load("id IN (SELECT id FROM profiles WHERE tenant_id = $1 AND " + sql.where() +
                                    " ORDER BY id LIMIT " + limit + ")",
                                sql.params()));
  ProfilePage page;
  if (profiles.size() > query.limit) {
    profiles.erase(profiles.begin() + static_cast<std::ptrdiff_t>(query.limit), profiles.end());
    page.next = profiles.back().id;
  }
  page.profiles = std::move(profiles);
  return page;
}

}  // namespace openmsp::store
