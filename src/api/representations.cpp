#include "api/representations.h"

#include <boost/json.hpp>
#include <charconv>

#include "core/json.h"
#include "core/time.h"

namespace openmsp::api {

boost::json::object AssignmentJson(const domain::RoleAssignment& assignment) {
  return boost::json::object{{"id", assignment.id.value},
                             {"role", domain::RoleName(assignment.role)},
                             {"organisation_unit_id", assignment.organisation_unit_id.value}};
}

boost::json::object UserJson(const domain::User& user,
                             const std::vector<domain::RoleAssignment>& assignments) {
  boost::json::array roles;
  for (const domain::RoleAssignment& assignment : assignments) {
    if (assignment.user_id == user.id) roles.push_back(AssignmentJson(assignment));
  }
  return boost::json::object{{"id", user.id.value},
                             {"email", user.email},
                             {"display_name", user.display_name},
                             {"status", domain::UserStatusName(user.status)},
                             {"profile_id", user.profile_id ? boost::json::value(user.profile_id->value)
                                                            : boost::json::value(nullptr)},
                             {"assignments", std::move(roles)}};
}

boost::json::object UnitJson(const domain::OrganisationUnit& unit) {
  return boost::json::object{{"id", unit.id.value},
                             {"name", unit.name},
                             {"parent_id", unit.parent_id ? boost::json::value(unit.parent_id->value)
                                                          : boost::json::value(nullptr)}};
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

boost::json::value DecimalJson(const Decimal& value) { return boost::json::value(value.ToString()); }

boost::json::value OptionalInstantJson(const std::optional<Instant>& instant) {
  return instant ? boost::json::value(FormatOcpiDateTime(*instant)) : boost::json::value(nullptr);
}

boost::json::value OptionalDecimalJson(const std::optional<Decimal>& value) {
  return value ? DecimalJson(*value) : boost::json::value(nullptr);
}

Result<Decimal> DecimalOf(const boost::json::value& value, std::string_view field) {
  Result<Decimal> number = value.is_string() ? Decimal::Parse(value.get_string()) : DecimalFromJson(value);
  if (!number) return InvalidArgument(std::string(field), "must be a decimal number");
  return number;
}

Result<std::int64_t> IntegerOf(const boost::json::value& value, std::string_view field) {
  if (value.is_int64()) return value.as_int64();
  if (value.is_uint64() && value.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value.as_uint64());
  }
  return InvalidArgument(std::string(field), "must be an integer");
}

namespace {

// The order of every id-ordered list: its cursors hold the last row's id.
constexpr std::string_view kIdOrder = "id";
constexpr PageCursorValueKind kIdShape[] = {PageCursorValueKind::kInteger};

boost::json::object PageOf(boost::json::array items, std::optional<std::string> next) {
  return boost::json::object{{"items", std::move(items)},
                             {"next", next ? boost::json::value(*next) : boost::json::value(nullptr)}};
}

}  // namespace

boost::json::object PageJson(boost::json::array items, std::optional<std::int64_t> next) {
  if (!next) return PageOf(std::move(items), std::nullopt);
  // An id in a list named by a constant always encodes.
  return PageOf(std::move(items),
                PageCursor{.list = std::string(kIdOrder), .position = {*next}}.Encode().value());
}

Result<boost::json::object> CursorPageJson(boost::json::array items, const std::optional<PageCursor>& next) {
  if (!next) return PageOf(std::move(items), std::nullopt);
  OPENMSP_ASSIGN_OR_RETURN(std::string token, next->Encode());
  return PageOf(std::move(items), std::move(token));
}

boost::json::object ProfileJson(const domain::Profile& profile) {
  return boost::json::object{{"id", profile.id.value},
                             {"organisation_unit_id", profile.organisation_unit_id.value},
                             {"name", profile.name},
                             {"kind", domain::ProfileKindName(profile.kind)},
                             {"email", profile.email},
                             {"prices_hidden", profile.prices_hidden},
                             {"created_at", FormatOcpiDateTime(profile.created_at)}};
}

namespace {

boost::json::value OptionalInstant(const std::optional<Instant>& instant) {
  return instant ? boost::json::value(FormatOcpiDateTime(*instant)) : boost::json::value(nullptr);
}

}  // namespace

boost::json::object TokenJson(const domain::Token& token) {
  return boost::json::object{{"id", token.id.value},
                             {"profile_id", token.profile_id.value},
                             {"uid", token.uid},
                             {"type", domain::TokenTypeName(token.type)},
                             {"contract_id", token.contract_id.ToString()},
                             {"visual_number", token.visual_number},
                             {"issuer", token.issuer},
                             {"group_id", token.group_id},
                             {"whitelist", domain::TokenWhitelistName(token.whitelist)},
                             {"language", token.language},
                             {"valid_from", OptionalInstant(token.valid_from)},
                             {"valid_until", OptionalInstant(token.valid_until)},
                             {"cost_centre", token.cost_centre},
                             {"status", domain::TokenStatusName(token.status)},
                             {"last_updated", FormatOcpiDateTime(token.last_updated)}};
}

boost::json::object TokenImportReportJson(const domain::TokenImportReport& report) {
  boost::json::array rows;
  for (const domain::TokenImportRow& row : report.rows) {
    rows.push_back(boost::json::object{
        {"row", row.row},
        {"line", row.line},
        {"uid", row.uid},
        {"outcome", domain::TokenImportOutcomeName(row.outcome)},
        {"token_id", row.token_id ? boost::json::value(row.token_id->value) : boost::json::value(nullptr)},
        {"field", row.field},
        {"reason", row.reason}});
  }
  return boost::json::object{{"created", report.created},
                             {"updated", report.updated},
                             {"unchanged", report.unchanged},
                             {"refused", report.refused},
                             {"rows", std::move(rows)}};
}

namespace {

// A whole decimal number from `min` to `max` without sign or blanks; kInvalidArgument naming `name`.
Result<std::int64_t> WholeNumber(std::string_view text, std::string_view name, std::int64_t min,
                                 std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.front() == '-' || error != std::errc() || end != text.data() + text.size() ||
      value < min || value > max) {
    return InvalidArgument(std::string(name), "must be a whole number from " + std::to_string(min) + " to " +
                                                  std::to_string(max));
  }
  return value;
}

}  // namespace

namespace {

Result<std::size_t> ReadLimit(const std::vector<http::QueryParameter>& parameters, std::size_t max_limit) {
  const std::optional<std::string_view> limit = http::FindQueryValue(parameters, "limit");
  if (!limit) return max_limit;
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t value,
                           WholeNumber(*limit, "limit", 1, static_cast<std::int64_t>(max_limit)));
  return static_cast<std::size_t>(value);
}

}  // namespace

Result<CursorPageQuery> ReadCursorPageQuery(const std::vector<http::QueryParameter>& parameters,
                                            std::string_view list, std::span<const PageCursorValueKind> shape,
                                            std::size_t max_limit) {
  CursorPageQuery page{.after = std::nullopt, .limit = 0};
  if (std::optional<std::string_view> after = http::FindQueryValue(parameters, "after")) {
    Result<PageCursor> cursor = PageCursor::Decode(*after, list, shape);
    if (!cursor) return InvalidArgument("after", cursor.error().message);
    page.after = *std::move(cursor);
  }
  OPENMSP_ASSIGN_OR_RETURN(page.limit, ReadLimit(parameters, max_limit));
  return page;
}

Result<PageQuery> ReadPageQuery(const std::vector<http::QueryParameter>& parameters, std::size_t max_limit) {
  OPENMSP_ASSIGN_OR_RETURN(CursorPageQuery page,
                           ReadCursorPageQuery(parameters, kIdOrder, kIdShape, max_limit));
  std::int64_t after = 0;
  if (page.after) after = std::get<std::int64_t>(page.after->position.front());
  if (after < 0) return InvalidArgument("after", "is not a `next` of this list");
  return PageQuery{.after = after, .limit = page.limit};
}

std::string PageSchema(std::string_view item_schema) {
  return std::string(
             R"({"type": "object", "required": ["items", "next"], "properties": {"items": {"type": "array", "items": )") +
         std::string(item_schema) + R"(}, "next": {"type": ["string", "null"]}}})";
}

std::string ItemsSchema(std::string_view item_schema) {
  return std::string(
             R"({"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": )") +
         std::string(item_schema) + "}}}";
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
