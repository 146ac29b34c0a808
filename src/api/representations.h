#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/principal.h"
#include "domain/audit.h"
#include "domain/organisation_unit.h"
#include "domain/permissions.h"
#include "domain/profile.h"
#include "domain/token.h"
#include "domain/token_import.h"
#include "domain/user.h"
#include "domain/web_access.h"
#include "http/query.h"

namespace openmsp::api {

// The JSON the API answers with, one function per object, so that every endpoint shows an object the same
// way. Never a secret: no password hash, no token digest.

boost::json::object UserJson(const domain::User& user, const std::vector<domain::RoleAssignment>& assignments);
boost::json::object AssignmentJson(const domain::RoleAssignment& assignment);
boost::json::object UnitJson(const domain::OrganisationUnit& unit);
boost::json::object ApiKeyJson(const domain::ApiKey& key);
boost::json::object ProfileJson(const domain::Profile& profile);
boost::json::object TokenJson(const domain::Token& token);
boost::json::object TokenImportReportJson(const domain::TokenImportReport& report);

// Lists are answered a page at a time: `{"items": [...], "next": "<cursor>" | null}`. For now the cursor
// is the last row id of the page as a string (the stores' keyset `after`); these two functions are the
// only places that know it, so an opaque cursor can replace it here alone.

/// Where a page starts and how long it is: the query parameters `after` (a `next` of the previous page)
/// and `limit` (1 to `max_limit`, default `max_limit`).
struct PageRequest {
  std::int64_t after = 0;
  std::size_t limit = 0;
};

/// Reads `after` and `limit` from `query`; kInvalidArgument naming the parameter otherwise.
Result<PageRequest> ReadPageRequest(const std::vector<http::QueryParameter>& query, std::size_t max_limit);

/// The page of `items` whose next page starts after `next` (nullopt: this is the last page).
boost::json::object PageJson(boost::json::array items, std::optional<std::int64_t> next);

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

inline constexpr const char* kProfileSchema = R"({"type": "object",
  "required": ["id", "organisation_unit_id", "name", "kind", "email", "prices_hidden", "created_at"],
  "properties": {"id": {"type": "integer"}, "organisation_unit_id": {"type": "integer"}, "name": {"type": "string"},
    "kind": {"enum": ["driver", "vehicle"]}, "email": {"type": "string"}, "prices_hidden": {"type": "boolean"},
    "created_at": {"type": "string"}}})";
inline constexpr const char* kTokenSchema = R"({"type": "object",
  "required": ["id", "profile_id", "uid", "type", "contract_id", "visual_number", "issuer", "group_id", "whitelist",
    "language", "valid_from", "valid_until", "cost_centre", "status", "last_updated"],
  "properties": {"id": {"type": "integer"}, "profile_id": {"type": "integer"}, "uid": {"type": "string"},
    "type": {"enum": ["AD_HOC_USER", "APP_USER", "EMAID", "OTHER", "RFID"]}, "contract_id": {"type": "string"},
    "visual_number": {"type": "string"}, "issuer": {"type": "string"}, "group_id": {"type": "string"},
    "whitelist": {"enum": ["ALWAYS", "ALLOWED", "ALLOWED_OFFLINE", "NEVER"]}, "language": {"type": "string"},
    "valid_from": {"type": ["string", "null"]}, "valid_until": {"type": ["string", "null"]},
    "cost_centre": {"type": "string"}, "status": {"enum": ["pending", "active", "blocked", "expired", "lost"]},
    "last_updated": {"type": "string"}}})";
/// The JSON Schema of a page of `item_schema`.
std::string PageSchema(const std::string& item_schema);

}  // namespace openmsp::api
