#include "domain/user.h"

#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxDisplayNameLength = 200;

}  // namespace

std::string_view UserStatusName(UserStatus status) {
  return status == UserStatus::kDisabled ? "disabled" : "active";
}

Result<UserStatus> ParseUserStatus(std::string_view name) {
  if (name == "active") return UserStatus::kActive;
  if (name == "disabled") return UserStatus::kDisabled;
  return InvalidArgument("", "must be 'active' or 'disabled'");
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
