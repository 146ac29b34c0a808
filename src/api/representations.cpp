#include "api/representations.h"

#include <boost/json.hpp>

#include "core/json.h"
#include "core/time.h"

namespace openmsp::api {

boost::json::object AssignmentJson(const domain::RoleAssignment& assignment) {
  return boost::json::object{{"id", assignment.id.value},
                             {"role", domain::RoleName(assignment.role)},
                             {"organisation_unit_id", assignment.organisation_unit_id.value}};
}

boost::json::object UserJson(const domain::User& user, const std::vector<domain::RoleAssignment>& assignments) {
  boost::json::array roles;
  for (const domain::RoleAssignment& assignment : assignments) {
    if (assignment.user_id == user.id) roles.push_back(AssignmentJson(assignment));
  }
  return boost::json::object{
      {"id", user.id.value},
      {"email", user.email},
      {"display_name", user.display_name},
      {"status", domain::UserStatusName(user.status)},
      {"profile_id", user.profile_id ? boost::json::value(user.profile_id->value) : boost::json::value(nullptr)},
      {"assignments", std::move(roles)}};
}

boost::json::object UnitJson(const domain::OrganisationUnit& unit) {
  return boost::json::object{
      {"id", unit.id.value},
      {"name", unit.name},
      {"parent_id", unit.parent_id ? boost::json::value(unit.parent_id->value) : boost::json::value(nullptr)}};
}

boost::json::object ApiKeyJson(const domain::ApiKey& key) {
  return boost::json::object{
      {"id", key.id.value},
      {"name", key.name},
      {"created_at", FormatOcpiDateTime(key.created_at)},
      {"expires_at", FormatOcpiDateTime(key.expires_at)},
      {"revoked_at", key.revoked_at ? boost::json::value(FormatOcpiDateTime(*key.revoked_at))
                                    : boost::json::value(nullptr)}};
}

domain::NewAuditEntry AuditOf(const domain::User& actor, std::string action, std::string object_type,
                              std::int64_t object_id, std::string before, std::string after,
                              std::string request_id) {
  return domain::NewAuditEntry{.actor = domain::AuditActor::User(actor.id),
                               .action = std::move(action),
                               .object_type = std::move(object_type),
                               .object_id = std::to_string(object_id),
                               .before = std::move(before),
                               .after = std::move(after),
                               .request_id = std::move(request_id)};
}

}  // namespace openmsp::api
