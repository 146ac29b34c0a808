#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "api/principal.h"
#include "domain/audit.h"
#include "domain/organisation_unit.h"
#include "domain/permissions.h"
#include "domain/user.h"
#include "domain/web_access.h"

namespace openmsp::api {

// The JSON the API answers with, one function per object, so that every endpoint shows an object the same
// way. Never a secret: no password hash, no token digest.

boost::json::object UserJson(const domain::User& user, const std::vector<domain::RoleAssignment>& assignments);
boost::json::object AssignmentJson(const domain::RoleAssignment& assignment);
boost::json::object UnitJson(const domain::OrganisationUnit& unit);
boost::json::object ApiKeyJson(const domain::ApiKey& key);

/// The audit entry of a security event or change made by `principal` (a user of the tenant).
domain::NewAuditEntry AuditOf(const domain::User& actor, std::string action, std::string object_type,
                              std::int64_t object_id, std::string before, std::string after,
                              std::string request_id);

/// The JSON Schema texts of the objects above, for the route table's response schemas.
inline constexpr const char* kUserSchema = R"({"type": "object",
  "required": ["id", "email", "display_name", "status", "assignments"],
  "properties": {"id": {"type": "integer"}, "email": {"type": "string"}, "display_name": {"type": "string"},
    "status": {"enum": ["active", "disabled"]}, "profile_id": {"type": ["integer", "null"]},
    "assignments": {"type": "array", "items": {"type": "object", "required": ["id", "role", "organisation_unit_id"],
      "properties": {"id": {"type": "integer"}, "role": {"type": "string"},
                     "organisation_unit_id": {"type": "integer"}}}}}})";
inline constexpr const char* kUnitSchema = R"({"type": "object", "required": ["id", "name", "parent_id"],
  "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "parent_id": {"type": ["integer", "null"]}}})";
inline constexpr const char* kApiKeySchema = R"({"type": "object",
  "required": ["id", "name", "created_at", "expires_at", "revoked_at"],
  "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "created_at": {"type": "string"},
    "expires_at": {"type": "string"}, "revoked_at": {"type": ["string", "null"]}}})";

}  // namespace openmsp::api
