#include "domain/email.h"

#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxLocalPartLength = 64;

bool IsBlankOrControl(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte <= 0x20 || byte == 0x7F;
}

}  // namespace

Result<std::string> NormaliseEmail(std::string_view email) {
  if (email.empty()) return InvalidArgument("", "must not be empty");
  if (email.size() > kMaxEmailLength) {
    return InvalidArgument("", "must be at most " + std::to_string(kMaxEmailLength) + " bytes long");
  }
  for (char c : email) {
    if (IsBlankOrControl(c)) return InvalidArgument("", "must not contain blanks or control characters");
  }
  if (!ValidateOcpiString(email, kMaxEmailLength).ok()) return InvalidArgument("", "must be UTF-8 text");
  std::size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return InvalidArgument("", "must contain exactly one @");
  }
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > kMaxLocalPartLength) {
    return InvalidArgument("", "must have 1 to 64 bytes before the @");
  }
  if (domain.empty() || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return InvalidArgument("", "must have a domain of non-empty labels after the @");
  }
  std::string normalised(email);
  for (char& c : normalised) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return normalised;
}

Result<void> ValidateEmailAddress(std::string_view address) {
  OPENMSP_RETURN_IF_ERROR(NormaliseEmail(address));
  return Ok();
}

}  // namespace openmsp::domain
