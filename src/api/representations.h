#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/principal.h"
#include "core/decimal.h"
#include "core/time.h"
#include "core/page_cursor.h"
#include "core/result.h"
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

boost::json::object UserJson(const domain::User& user,
                             const std::vector<domain::RoleAssignment>& assignments);
boost::json::object AssignmentJson(const domain::RoleAssignment& assignment);
boost::json::object UnitJson(const domain::OrganisationUnit& unit);
boost::json::object ApiKeyJson(const domain::ApiKey& key);
boost::json::object ProfileJson(const domain::Profile& profile);
boost::json::object TokenJson(const domain::Token& token);
boost::json::object TokenImportReportJson(const domain::TokenImportReport& report);

/// `value` as the API writes every amount and quantity: a decimal string with its scale (`"1.50"`), exact,
/// so no client reads it through binary floating point; null for an absent optional one (docs/api.md).
boost::json::value DecimalJson(const Decimal& value);
boost::json::value OptionalDecimalJson(const std::optional<Decimal>& value);

/// The id `id` holds as a JSON integer; null when absent.
template <class Id>
boost::json::value OptionalIdJson(const std::optional<Id>& id) {
  return id ? boost::json::value(id->value) : boost::json::value(nullptr);
}

/// `instant` as an OCPI date-time (`FormatOcpiDateTime`); null when absent.
boost::json::value OptionalInstantJson(const std::optional<Instant>& instant);

/// A body's decimal `value`, a JSON number or a decimal string (`12.5` or `"12.50"`), read exactly;
/// kInvalidArgument naming `field` when it is neither.
Result<Decimal> DecimalOf(const boost::json::value& value, std::string_view field);

/// A body's integer `value` (64-bit); kInvalidArgument naming `field` otherwise.
Result<std::int64_t> IntegerOf(const boost::json::value& value, std::string_view field);

/// The audit entry of a security event or change made by `principal` (a user of the tenant).
domain::NewAuditEntry AuditOf(const domain::User& actor, std::string action, std::string object_type,
                              std::int64_t object_id, std::string before, std::string after,
                              std::string request_id);

/// Lists answer in pages: `{"items": [...], "next": <cursor> or null}`. `next` is an opaque
/// `PageCursor` token (core/page_cursor.h: a position, nothing else) that asks for the following page as
/// `?after=<next>`; null on the last page. These functions are the ONE place that writes and reads them.
///
/// A list ordered by id (most lists: profiles, tokens, locations…) pages with the id of its last row:
/// `PageJson` / `ReadPageQuery`. A list in another order (the audit log, newest first) names its order
/// and the shape of its sort key: `CursorPageJson` / `ReadCursorPageQuery`.
boost::json::object PageJson(boost::json::array items, std::optional<std::int64_t> next);

/// Where a page of an id-ordered list starts and how long it is, from the query parameters `after` (a
/// `next` of `PageJson`; absent: the first page, 0) and `limit` (1 to `max_limit`; absent: `max_limit`).
/// kInvalidArgument naming `after` or `limit` otherwise.
struct PageQuery {
  std::int64_t after = 0;
  std::size_t limit = 0;
};
Result<PageQuery> ReadPageQuery(const std::vector<http::QueryParameter>& parameters, std::size_t max_limit);

/// A page of a list in another order: `next` is the sort key of its last row in the order `list` names
/// (e.g. `audit_log:newest`). Refuses (kInvalidArgument) only a position `PageCursor::Encode` refuses.
Result<boost::json::object> CursorPageJson(boost::json::array items, const std::optional<PageCursor>& next);

/// `ReadPageQuery` for such a list: `after` must be a `next` of the same `list` holding values of the
/// kinds `shape` lists (kInvalidArgument naming `after` otherwise).
struct CursorPageQuery {
  std::optional<PageCursor> after;
  std::size_t limit = 0;
};
Result<CursorPageQuery> ReadCursorPageQuery(const std::vector<http::QueryParameter>& parameters,
                                            std::string_view list, std::span<const PageCursorValueKind> shape,
                                            std::size_t max_limit);

/// The JSON Schema of a `PageJson` of `item_schema` objects.
std::string PageSchema(std::string_view item_schema);

/// The JSON Schema of an unpaged list: `{"items": [item…]}`.
std::string ItemsSchema(std::string_view item_schema);

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

}  // namespace openmsp::api
