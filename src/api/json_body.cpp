#include "api/json_body.h"

#include <algorithm>
#include <charconv>

#include "core/json.h"

namespace openmsp::api {

Result<JsonBody> JsonBody::Read(const http::HttpRequest& request,
                                std::initializer_list<std::string_view> known) {
  const std::string_view type = request.headers.Get("Content-Type").value_or("");
  const std::string_view media = type.substr(0, type.find(';'));
  if (media != "application/json") return InvalidArgument("Content-Type", "must be application/json");
  if (request.body.empty()) return InvalidArgument("body", "must be a JSON object");
  Result<boost::json::value> parsed = ParseJson(request.body);
  if (!parsed) return parsed.error().Nested("body");
  if (!parsed->is_object()) return InvalidArgument("body", "must be a JSON object");
  for (const auto& member : parsed->as_object()) {
    const std::string_view key = member.key();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return InvalidArgument(std::string(key), "is not a member this endpoint knows");
    }
  }
  return JsonBody(std::move(parsed->as_object()));
}

Result<std::string> JsonBody::RequiredString(std::string_view name, std::size_t max_bytes) const {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(name, max_bytes));
  if (!value) return InvalidArgument(std::string(name), "is required");
  return *std::move(value);
}

Result<std::optional<std::string>> JsonBody::OptionalString(std::string_view name,
                                                            std::size_t max_bytes) const {
  const boost::json::value* value = object_.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return InvalidArgument(std::string(name), "must be a string");
  const boost::json::string& text = value->as_string();
  if (text.empty()) return InvalidArgument(std::string(name), "must not be empty");
  if (text.size() > max_bytes) {
    return InvalidArgument(std::string(name), "must be at most " + std::to_string(max_bytes) + " bytes long");
  }
  return std::optional<std::string>(std::string(text));
}

Result<std::int64_t> JsonBody::RequiredId(std::string_view name) const {
  const boost::json::value* value = object_.if_contains(name);
  if (value == nullptr || value->is_null()) return InvalidArgument(std::string(name), "is required");
  if (value->is_int64() && value->as_int64() > 0) return value->as_int64();
  if (value->is_uint64() && value->as_uint64() <= 0x7fffffffffffffffULL && value->as_uint64() > 0) {
    return static_cast<std::int64_t>(value->as_uint64());
  }
  return InvalidArgument(std::string(name), "must be a positive integer id");
}

Result<std::optional<bool>> JsonBody::OptionalBool(std::string_view name) const {
  const boost::json::value* value = object_.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<bool>();
  if (!value->is_bool()) return InvalidArgument(std::string(name), "must be true or false");
  return std::optional<bool>(value->as_bool());
}

Result<std::int64_t> PathId(const http::HttpRequest& request, std::string_view name) {
  const std::string_view text = request.PathParameterValue(name).value_or("");
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return InvalidArgument(std::string(name), "must be a positive integer id");
  }
  return id;
}

Result<std::optional<Instant>> JsonBody::OptionalInstant(std::string_view name) const {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(name, 64));
  if (!text) return std::optional<Instant>();
  Result<Instant> instant = ParseOcpiDateTime(*text);
  if (!instant) return instant.error().Nested(name);
  return std::optional<Instant>(*instant);
}

Result<const boost::json::object*> ObjectOf(const boost::json::value& value, const std::string& field,
                                            std::initializer_list<std::string_view> known) {
  if (!value.is_object()) return InvalidArgument(field, "must be an object");
  const boost::json::object& object = value.as_object();
  for (const auto& member : object) {
    if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
      return InvalidArgument(field + "." + std::string(member.key()), "is not a member this endpoint knows");
    }
  }
  return &object;
}

const boost::json::value* PresentMember(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  return value == nullptr || value->is_null() ? nullptr : value;
}

}  // namespace openmsp::api
