#include "domain/email.h"

#include <algorithm>
#include <string>

namespace openmsp::domain {

Result<void> ValidateEmailAddress(std::string_view address) {
  const std::size_t at = address.find('@');
  const bool plausible =
      address.size() <= kMaxEmailLength && at != std::string_view::npos && at != 0 &&
      at + 1 != address.size() && address.find('@', at + 1) == std::string_view::npos &&
      std::none_of(address.begin(), address.end(), [](char c) { return c == ' ' || (c >= 0 && c < 0x20) || c == 0x7f; });
  if (!plausible) return InvalidArgument("", "must be an e-mail address of at most 254 bytes");
  return Ok();
}

}  // namespace openmsp::domain
