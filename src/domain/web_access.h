#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"
#include "domain/secret.h"
#include "domain/user.h"

namespace openmsp::domain {

// How users reach the Control Centre API (docs/api.md): browser sessions behind a cookie, API keys for
// integrations, one-time password reset tokens, and the record of failed logins that throttling counts.
// Every secret here (session token, CSRF token, API key, reset token) is 256 random bits handed out once
// and stored only as its SHA-256 digest (`TokenDigest`), like the peers' credentials tokens.

/// A browser session's id: the 64-bit integer its database row was given.
struct WebSessionId {
  std::int64_t value = 0;

  friend auto operator<=>(const WebSessionId&, const WebSessionId&) = default;
};

/// What it takes to open a browser session for a user who just logged in (the tenant id beside it).
struct NewWebSession {
  UserId user_id;
  /// The digest of the session cookie's token.
  TokenDigest token_digest;
  /// The digest of the CSRF token every unsafe request of the session must carry.
  TokenDigest csrf_digest;
  /// When it was opened (also its first activity) and when it ends at the latest, whatever the activity.
  Instant created_at;
  Instant expires_at;
};

/// A stored, open browser session. A session that ended (logout, password change) is deleted.
struct WebSession {
  WebSessionId id;
  TenantId tenant_id;
  UserId user_id;
  TokenDigest csrf_digest;
  Instant created_at;
  /// The last request it authenticated (refreshed at most once a minute): the idle expiry counts from it.
  Instant last_seen_at;
  Instant expires_at;
};

/// An API key's id: the 64-bit integer its database row was given.
struct ApiKeyId {
  std::int64_t value = 0;

  friend auto operator<=>(const ApiKeyId&, const ApiKeyId&) = default;
};

/// What it takes to create an API key (the tenant id beside it). A key acts as its user, with the user's
/// role assignments at the time of each request.
struct NewApiKey {
  UserId user_id;
  /// What the user calls it (`ValidateApiKeyName`).
  std::string name;
  TokenDigest digest;
  Instant created_at;
  Instant expires_at;
};

/// A stored API key, without its secret.
struct ApiKey {
  ApiKeyId id;
  TenantId tenant_id;
  UserId user_id;
  std::string name;
  Instant created_at;
  Instant expires_at;
  /// Set once it is revoked; a revoked key authenticates nothing.
  std::optional<Instant> revoked_at;
};

/// The longest API key name, in characters (code points).
inline constexpr std::size_t kMaxApiKeyNameBytes = 100;

/// An API key's name: 1 to `kMaxApiKeyNameBytes` characters of UTF-8 text without control characters.
/// kInvalidArgument naming `name`.
Result<void> ValidateApiKeyName(std::string_view name);

/// A password reset token's id: the 64-bit integer its database row was given.
struct PasswordResetId {
  std::int64_t value = 0;

  friend auto operator<=>(const PasswordResetId&, const PasswordResetId&) = default;
};

/// What it takes to issue a password reset token for a user (the tenant id beside it).
struct NewPasswordReset {
  UserId user_id;
  /// The user manager who issued it.
  UserId created_by;
  TokenDigest digest;
  Instant created_at;
  Instant expires_at;
};

/// A stored password reset token: usable once, before `expires_at`.
struct PasswordReset {
  PasswordResetId id;
  TenantId tenant_id;
  UserId user_id;
  UserId created_by;
  Instant created_at;
  Instant expires_at;
  std::optional<Instant> used_at;
};

/// What a failed login is counted against: the e-mail address typed (normalised) in a tenant, or the
/// client address it came from.
enum class LoginFailureSubject { kEmail, kClientAddress };

/// The stored spelling of `subject`: `email` or `client_address`.
std::string_view LoginFailureSubjectName(LoginFailureSubject subject);

}  // namespace openmsp::domain
