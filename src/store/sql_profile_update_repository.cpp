#include <string>
#include <vector>

#include "store/sql_repositories.h"
#include "store/sql_support.h"

namespace openmsp::store {

using domain::Profile;
using domain::ProfileChanges;
using domain::ProfileId;
using domain::TenantId;

Result<Profile> SqlProfileRepository::Update(TenantId tenant_id, ProfileId id,
                                             const ProfileChanges& changes) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateProfileChanges(changes));
  const SqlParam params[] = {
      tenant_id.value,
      id.value,
      changes.name ? SqlParam(*changes.name) : SqlParam(nullptr),
      changes.kind ? SqlParam(std::string(domain::ProfileKindName(*changes.kind))) : SqlParam(nullptr),
      changes.email ? OptionalText(*changes.email) : SqlParam(nullptr),
      std::int64_t{changes.email ? 1 : 0},
      changes.prices_hidden ? SqlParam(std::int64_t{*changes.prices_hidden ? 1 : 0}) : SqlParam(nullptr),
      std::int64_t{changes.prices_hidden ? 1 : 0}};
  // Each field given replaces the stored one in the same statement (the email may become NULL, so a flag
  // says whether it was given).
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> updated,
      connection_.Query("UPDATE profiles SET name = COALESCE($3, name), kind = COALESCE($4, kind), "
                        "email = CASE WHEN $6 = 1 THEN $5 ELSE email END, "
                        "prices_hidden = CASE WHEN $8 = 1 THEN $7 ELSE prices_hidden END "
                        "WHERE tenant_id = $1 AND id = $2 RETURNING id",
                        params));
  if (updated.empty()) return NotFound("id", "no such profile");
  return FindById(tenant_id, id);
}

}  // namespace openmsp::store
