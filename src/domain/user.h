#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "domain/email.h"
#include "domain/ids.h"
#include "domain/password.h"

namespace openmsp::domain {

// Users are the login accounts of a tenant's staff, its customers' administrators and its drivers. Every
// user belongs to exactly one tenant. The platform operator, who creates tenants, is not a user: it acts
// through the CLI (and later an operator API key) outside every tenant, so no row of `users` can reach
// across tenants.

/// A user's id: the 64-bit integer its database row was given, unique across tenants.
struct UserId {
  std::int64_t value = 0;

  friend auto operator<=>(const UserId&, const UserId&) = default;
};

/// Whether a user may log in. A user is never deleted (the audit log points at it); it is disabled.
enum class UserStatus { kActive, kDisabled };

/// The stored spelling of `status`: `active` or `disabled`.
std::string_view UserStatusName(UserStatus status);
/// The status spelled `name`; kInvalidArgument with an empty field otherwise.
Result<UserStatus> ParseUserStatus(std::string_view name);


/// What it takes to create a user inside a tenant (the tenant id is passed beside it). The password is
/// hashed before (`HashPassword`), so the clear text never reaches a repository.
struct NewUser {
  /// Normalised by `ValidateNewUser`; unique within the tenant.
  std::string email;
  /// The name shown in the Control Centre: 1 to 200 characters of UTF-8 text without control characters.
  std::string display_name;
  /// Required.
  PasswordHash password_hash;
  /// A driver's own account is linked to its profile (a profile of the same tenant, at most one user per
  /// profile); staff accounts have none.
  std::optional<ProfileId> profile_id;
};

/// A stored user.
struct User {
  UserId id;
  TenantId tenant_id;
  /// Normalised (`NormaliseEmail`).
  std::string email;
  std::string display_name;
  UserStatus status = UserStatus::kActive;
  PasswordHash password_hash;
  std::optional<ProfileId> profile_id;
  /// When the user was created, from the injected clock.
  Instant created_at;

  friend bool operator==(const User&, const User&) = default;
};

/// Checks the rules of `NewUser` that need no stored state and returns it with its e-mail normalised.
/// The error names the field (`email`, `display_name`, `password_hash`).
Result<NewUser> ValidateNewUser(const NewUser& user);

/// The login decision for `password` given the user found by the e-mail address typed (nullptr when
/// there is none). Succeeds only for an active user whose hash matches. Every failure is the same
/// kUnauthenticated error without a field, and an argon2id verification runs in every case (against a
/// fixed hash when there is no user), so neither the answer nor its timing tells whether the address
/// has an account or is disabled.
Result<void> CheckLogin(const User* user, std::string_view password);

}  // namespace openmsp::domain
