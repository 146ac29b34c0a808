#include "domain/list_queries.h"

#include <algorithm>

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxTextBytes = 100;
constexpr std::size_t kMaxUnits = 100;

Result<void> ValidatePage(const std::string& text, std::int64_t after, std::size_t limit) {
  if (text.size() > kMaxTextBytes) {
    return InvalidArgument("text", "must be at most 100 bytes, not " + std::to_string(text.size()));
  }
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return InvalidArgument("text", "must not hold control characters");
  }
  if (after < 0) return InvalidArgument("after", "must not be negative");
  if (limit < 1 || limit > kMaxListLimit) {
    return InvalidArgument("limit", "must be 1 to 100, not " + std::to_string(limit));
  }
  return Ok();
}

}  // namespace

Result<void> ValidateProfileListQuery(const ProfileListQuery& query) {
  return ValidatePage(query.text, query.after.value, query.limit);
}

Result<void> ValidateUserListQuery(const UserListQuery& query) {
  if (query.organisation_units.size() > kMaxUnits) {
    return InvalidArgument("organisation_units",
                           "at most 100 units, not " + std::to_string(query.organisation_units.size()));
  }
  return ValidatePage(query.text, query.after.value, query.limit);
}

Result<void> ValidateTokenListQuery(const TokenListQuery& query) {
  return ValidatePage(query.text, query.after.value, query.limit);
}

}  // namespace openmsp::domain
