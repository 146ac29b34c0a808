#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
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

/// The path parameter `name` of `request` as a positive 64-bit id; kInvalidArgument naming it otherwise.
Result<std::int64_t> PathId(const http::HttpRequest& request, std::string_view name);

}  // namespace openmsp::api
