#include "ocpi/fields.h"

#include <boost/url/parse.hpp>

#include "core/ids/ascii.h"

namespace openmsp::ocpi {
namespace {

constexpr std::size_t kMaxCountDigits = 18;

}  // namespace

Result<void> ValidateUrl(std::string_view url, std::size_t max_length) {
  if (url.empty() || url.size() > max_length) {
    return InvalidArgument("", "must be 1 to " + std::to_string(max_length) + " characters long");
  }
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return InvalidArgument("", "must be an absolute URL (RFC 3986)");
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return InvalidArgument("", "must be an http:// or https:// URL");
  }
  if (!parsed->has_authority() || parsed->encoded_host().empty()) {
    return InvalidArgument("", "must name a host");
  }
  return Ok();
}

Result<std::int64_t> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > kMaxCountDigits) {
    return InvalidArgument("", "must be a whole number of 1 to 18 digits");
  }
  std::int64_t count = 0;
  for (char c : text) {
    if (!ascii::IsDigit(c)) return InvalidArgument("", "must be a whole number of 1 to 18 digits");
    count = count * 10 + (c - '0');
  }
  return count;
}

}  // namespace openmsp::ocpi
