#include "domain/tenant.h"

#include <algorithm>

namespace openmsp::domain {
namespace {

constexpr std::size_t kMinSlugLength = 2;
constexpr std::size_t kMaxNameLength = 200;

bool IsSlugCharacter(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

}  // namespace

Result<void> ValidateSlug(std::string_view slug) {
  if (slug.size() < kMinSlugLength || slug.size() > kMaxSlugLength) {
    return InvalidArgument("", "must be 2 to 40 characters long, not " + std::to_string(slug.size()));
  }
  if (!std::all_of(slug.begin(), slug.end(), IsSlugCharacter)) {
    return InvalidArgument("", "may only contain a-z, 0-9 and '-'");
  }
  if (slug.front() == '-' || slug.back() == '-') {
    return InvalidArgument("", "must not start or end with '-'");
  }
  return Ok();
}

Result<void> ValidateNewTenant(const NewTenant& tenant) {
  if (Result<void> slug = ValidateSlug(tenant.slug); !slug) return slug.error().Nested("slug");
  if (tenant.name.empty() || tenant.name.size() > kMaxNameLength) {
    return InvalidArgument("name", "must be 1 to 200 bytes long");
  }
  if (tenant.parties.empty()) return InvalidArgument("parties", "a tenant needs at least one eMSP party id");
  for (std::size_t i = 1; i < tenant.parties.size(); ++i) {
    auto earlier = tenant.parties.begin() + static_cast<std::ptrdiff_t>(i);
    if (std::find(tenant.parties.begin(), earlier, tenant.parties[i]) != earlier) {
      return InvalidArgument("parties[" + std::to_string(i) + "]",
                             tenant.parties[i].ToString() + " is given twice");
    }
  }
  return Ok();
}

}  // namespace openmsp::domain
