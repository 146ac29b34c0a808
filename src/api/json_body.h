#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "http/message.h"

namespace openmsp::api {

/// A request's JSON body, read strictly: the body must be one JSON object (`Content-Type:
/// application/json`), and a member the endpoint does not know is refused rather than ignored, so a typo
/// (`"pasword"`) is an error naming it instead of a silently missing field. Every error is
/// kInvalidArgument naming the member.
class JsonBody {
 public:
  /// Reads `request`'s body, which must be a JSON object made only of `known` members. kInvalidArgument
  /// naming `body` for an empty or malformed body, `Content-Type` for another media type, and the member
  /// for one not in `known`.
  static Result<JsonBody> Read(const http::HttpRequest& request,
                               std::initializer_list<std::string_view> known);

  /// The string member `name`: kInvalidArgument naming it when absent, not a string, empty, or longer
  /// than `max_bytes`.
  Result<std::string> RequiredString(std::string_view name, std::size_t max_bytes = 1024) const;
  /// The string member `name` when present (null counts as absent); as `RequiredString` otherwise.
  Result<std::optional<std::string>> OptionalString(std::string_view name,
                                                    std::size_t max_bytes = 1024) const;
  /// The date-time member `name` (OCPI form, `2026-04-01T00:00:00Z`) when present (null counts as
  /// absent); kInvalidArgument naming it otherwise.
  Result<std::optional<Instant>> OptionalInstant(std::string_view name) const;
  /// The positive integer member `name` (an id); kInvalidArgument naming it otherwise.
  Result<std::int64_t> RequiredId(std::string_view name) const;
  /// The member `name` as received (null when absent), for endpoints that read arrays, objects or numbers.
  const boost::json::value* Find(std::string_view name) const { return object_.if_contains(name); }
  /// The boolean member `name` when present (null counts as absent); kInvalidArgument naming it when it is
  /// not a boolean.
  Result<std::optional<bool>> OptionalBool(std::string_view name) const;
  /// Whether the body has the member `name`, null included (a null that clears a field is not absent).
  bool Has(std::string_view name) const { return object_.contains(name); }
  /// Whether the member `name` is present and null.
  bool IsNull(std::string_view name) const {
    const boost::json::value* value = object_.if_contains(name);
    return value != nullptr && value->is_null();
  }

 private:
  explicit JsonBody(boost::json::object object) : object_(std::move(object)) {}

  boost::json::object object_;
};

// Reading what is nested in a body, each error naming the path to the member (`rules[3].unit_price`).

/// `value` as an object named `field` made only of `known` members; kInvalidArgument naming `field` when it
/// is no object, and `field.member` for the first member not in `known`.
Result<const boost::json::object*> ObjectOf(const boost::json::value& value, const std::string& field,
                                            std::initializer_list<std::string_view> known);

/// The member `name` of `object`, or nullptr when it is absent or null.
const boost::json::value* PresentMember(const boost::json::object& object, std::string_view name);

/// `value` (absent or null: empty) as an array named `field` of at most `max_items` elements, each read by
/// `read(element, "field[i]")`; kInvalidArgument naming `field` when it is no array or too long.
template <typename T, typename Read>
Result<std::vector<T>> ArrayOf(const boost::json::value* value, const std::string& field,
                               std::size_t max_items, Read read) {
  std::vector<T> items;
  if (value == nullptr || value->is_null()) return items;
  if (!value->is_array()) return InvalidArgument(field, "must be an array");
  const boost::json::array& array = value->as_array();
  if (array.size() > max_items) {
    return InvalidArgument(field, "must have at most " + std::to_string(max_items) + " items");
  }
  for (std::size_t i = 0; i < array.size(); ++i) {
    OPENMSP_ASSIGN_OR_RETURN(T item, read(array[i], field + "[" + std::to_string(i) + "]"));
    items.push_back(std::move(item));
  }
  return items;
}

/// The path parameter `name` of `request` as a positive 64-bit id; kInvalidArgument naming it otherwise.
Result<std::int64_t> PathId(const http::HttpRequest& request, std::string_view name);

}  // namespace openmsp::api
