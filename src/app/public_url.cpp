#include "app/public_url.h"

#include <cstdlib>
#include <string_view>

namespace openmsp::app {

PublicUrlSetting PublicUrlSetting::FromEnvironment() {
  if (const char* value = std::getenv(kVariable); value != nullptr && *value != '\0') return {value, true};
  return {kDefault, false};
}

std::string PublicUrlSetting::Source(bool given_as_option) const {
  if (given_as_option) return "--public-url";
  return from_environment ? kVariable : "--public-url";
}

std::string PublicUrlSetting::Help() {
  return std::string("The URL peers reach OpenMSP at (default: $") + kVariable + ", else " + kDefault + ")";
}

Result<std::string> NormalisePublicUrl(std::string url, const std::string& source) {
  while (url.ends_with('/')) url.pop_back();
  const std::string_view scheme = url.starts_with("https://") ? "https://" : "http://";
  if (!url.starts_with(scheme) || url.size() == scheme.size() || url[scheme.size()] == '/') {
    return Error{ErrorCode::kInvalidArgument, source,
                 "'" + url + "' is not an http:// or https:// URL with a host"};
  }
  for (const char c : url) {
    if (c <= ' ' || c > '~' || c == '?' || c == '#') {
      return Error{ErrorCode::kInvalidArgument, source,
                   "'" + url + "' must be printable ASCII without blanks, query or fragment"};
    }
  }
  // The longest URL we hand out: a connector below `{url}/ocpi/2.2.1/locations/…` is built by the CPO,
  // ours are the module URLs and `{url}/ocpi/2.2.1/cdrs/{id}`; 160 leaves room for those.
  constexpr std::size_t kMaxLength = 160;
  if (url.size() > kMaxLength) {
    return Error{ErrorCode::kInvalidArgument, source,
                 "is longer than " + std::to_string(kMaxLength) + " characters; OCPI URLs end at 255"};
  }
  return url;
}

}  // namespace openmsp::app
