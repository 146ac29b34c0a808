#include "domain/user.h"

#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxLocalPartLength = 64;
constexpr std::size_t kMaxDisplayNameLength = 200;

bool IsBlankOrControl(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte <= 0x20 || byte == 0x7F;
}

}  // namespace

std::string_view UserStatusName(UserStatus status) {
  return status == UserStatus::kDisabled ? "disabled" : "active";
}

Result<UserStatus> ParseUserStatus(std::string_view name) {
  if (name == "active") return UserStatus::kActive;
  if (name == "disabled") return UserStatus::kDisabled;
  return InvalidArgument("", "must be 'active' or 'disabled'");
}

Result<std::string> NormaliseEmail(std::string_view email) {
  if (email.empty()) return InvalidArgument("", "must not be empty");
  if (email.size() > kMaxUserEmailLength) {
    return InvalidArgument("", "must be at most " + std::to_string(kMaxUserEmailLength) + " bytes long");
  }
  for (char c : email) {
    if (IsBlankOrControl(c)) return InvalidArgument("", "must not contain blanks or control characters");
  }
  if (!ValidateOcpiString(email, kMaxUserEmailLength).ok()) return InvalidArgument("", "must be UTF-8 text");
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

Result<NewUser> ValidateNewUser(const NewUser& user) {
  Result<std::string> email = NormaliseEmail(user.email);
  if (!email) return email.error().Nested("email");
  if (user.display_name.empty()) return InvalidArgument("display_name", "must not be empty");
  if (Result<void> name = ValidateOcpiString(user.display_name, kMaxDisplayNameLength); !name) {
    return name.error().Nested("display_name");
  }
  if (user.password_hash.empty()) return InvalidArgument("password_hash", "is required");
  NewUser normalised = user;
  normalised.email = *std::move(email);
  return normalised;
}

Result<void> CheckLogin(const User* user, std::string_view password) {
  // The fixed hash costs what a real one costs, so a missing account takes as long as a wrong password.
  static const PasswordHash kNobody =
      HashPassword("no account has this password", "", PasswordHashCost::Interactive()).value();
  const Error refused{ErrorCode::kUnauthenticated, "", "the e-mail address or the password is wrong"};
  if (user == nullptr) {
    (void)VerifyPassword(kNobody, password);
    return refused;
  }
  bool matches = VerifyPassword(user->password_hash, password);
  if (!matches || user->status != UserStatus::kActive) return refused;
  return Ok();
}

}  // namespace openmsp::domain
