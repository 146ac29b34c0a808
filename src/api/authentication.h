#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/principal.h"
#include "api/route.h"
#include "core/result.h"
#include "http/message.h"
#include "store/repositories.h"

namespace openmsp::api {

/// The session cookie's name.
inline constexpr std::string_view kSessionCookieName = "openmsp_session";
/// The header every unsafe request of a browser session carries its CSRF token in.
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
/// What every API key starts with, so that one found in a log or a repository is recognisable.
inline constexpr std::string_view kApiKeyPrefix = "omk_";

/// The value of cookie `name` in `request`'s `Cookie` header fields, or nothing.
std::optional<std::string_view> CookieValue(const http::HttpRequest& request, std::string_view name);

/// The principal of `request`: an API key when it has `Authorization: Bearer`, else the session cookie.
/// kUnauthenticated (401) when there is neither, the secret is unknown, the key is revoked or expired, the
/// session is past its idle or absolute expiry (an expired session is ended), or the user is disabled;
/// the error names `Authorization` or the cookie and never says which case it was. A session's activity is
/// recorded at most once a minute.
Result<Principal> Authenticate(const http::HttpRequest& request, store::Repositories& db,
                               const ApiContext& context);

/// The principal `user_id` of `tenant_id` with its assignments and the tenant's tree; kUnauthenticated when
/// the user is missing or disabled.
Result<Principal> LoadPrincipal(store::Repositories& db, domain::TenantId tenant_id, domain::UserId user_id,
                                AuthenticationMethod method);

/// For a session on an unsafe method: the `X-CSRF-Token` header must hold the session's CSRF token
/// (compared by digest, in constant time); kPermissionDenied naming the header otherwise. Ok for API keys
/// and for GET and HEAD.
Result<void> CheckCsrf(const Principal& principal, const http::HttpRequest& request);

/// The `Set-Cookie` value of a new session: `openmsp_session=<token>; Path=/; Max-Age=<s>; HttpOnly;
/// SameSite=Strict`, plus `; Secure` when `secure`.
std::string SessionCookie(std::string_view token, std::chrono::milliseconds max_age, bool secure);
/// The `Set-Cookie` value that removes the session cookie from the browser.
std::string ClearedSessionCookie(bool secure);

/// The tenant a request without a session addresses (login, password reset): the tenant whose host name
/// is the request's `Host` (without its port), else the one whose slug is `slug`. kUnauthenticated
/// without a field when neither names a tenant, so that a login to a tenant that does not exist is
/// answered like a wrong password.
Result<domain::Tenant> TenantOfRequest(const http::HttpRequest& request, store::Repositories& db,
                                       const std::optional<std::string>& slug);

}  // namespace openmsp::api
