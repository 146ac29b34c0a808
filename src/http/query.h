#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace openmsp::http {

/// One `name=value` pair of a query string, percent-decoded, with `+` read as a space (HTML forms and
/// most clients encode spaces so). A pair without `=` has an empty value.
struct QueryParameter {
  std::string name;
  std::string value;

  friend bool operator==(const QueryParameter&, const QueryParameter&) = default;
};

/// The parameters of `query` (what follows the `?` of a request target, as `HttpRequest::query` holds
/// it), in order; empty pairs (`a=1&&b=2`) are skipped. kInvalidArgument naming `query` when a `%` is not
/// followed by two hex digits.
Result<std::vector<QueryParameter>> ParseQuery(std::string_view query);

/// The value of the first parameter called `name` (names are case-sensitive), or nothing.
std::optional<std::string_view> FindQueryValue(const std::vector<QueryParameter>& parameters,
                                               std::string_view name);

}  // namespace openmsp::http
