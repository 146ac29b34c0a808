#include "api/authentication.h"

#include <chrono>

#include "domain/secret.h"

namespace openmsp::api {
namespace {

Error Unauthenticated(std::string field) {
  return Error{ErrorCode::kUnauthenticated, std::move(field), "authentication is required"};
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    const char y = (b[i] >= 'A' && b[i] <= 'Z') ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

bool IsSafeMethod(std::string_view method) { return method == "GET" || method == "HEAD"; }

// A database failure is the database's (503); anything else about the credentials is 401.
Error AsUnauthenticated(Error error, std::string field) {
  if (error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInternal) return error;
  return Unauthenticated(std::move(field));
}

}  // namespace

std::optional<std::string_view> CookieValue(const http::HttpRequest& request, std::string_view name) {
  for (const http::HttpHeaderField& field : request.headers.fields()) {
    if (!EqualsIgnoringAsciiCase(field.name, "cookie")) continue;
    std::string_view rest = field.value;
    while (!rest.empty()) {
      const std::size_t semicolon = rest.find(';');
      const std::string_view pair = Trim(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      const std::size_t equals = pair.find('=');
      if (equals != std::string_view::npos && Trim(pair.substr(0, equals)) == name) {
        return Trim(pair.substr(equals + 1));
      }
    }
  }
  return std::nullopt;
}

Result<Principal> LoadPrincipal(store::Repositories& db, domain::TenantId tenant_id, domain::UserId user_id,
                                AuthenticationMethod method) {
  Result<domain::User> user = db.users().FindById(tenant_id, user_id);
  if (!user) return AsUnauthenticated(std::move(user).error(), "");
  if (user->status != domain::UserStatus::kActive) return Unauthenticated("");
  OPENMSP_ASSIGN_OR_RETURN(domain::Tenant tenant, db.tenants().FindById(tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::RoleAssignment> assignments,
                           db.users().ListAssignments(tenant_id, user_id));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::OrganisationUnit> tree,
                           db.control_centre_directory().Tree(tenant_id));
  return Principal{.tenant = std::move(tenant),
                   .user = *std::move(user),
                   .assignments = std::move(assignments),
                   .tree = std::move(tree),
                   .method = method,
                   .session = std::nullopt,
                   .api_key = std::nullopt};
}

Result<Principal> Authenticate(const http::HttpRequest& request, store::Repositories& db,
                               const ApiContext& context) {
  const Instant now = context.clock.Now();
  if (std::optional<std::string_view> authorization = request.headers.Get("Authorization")) {
    const std::string_view value = Trim(*authorization);
    constexpr std::string_view kBearer = "Bearer ";
    if (value.size() <= kBearer.size() || value.substr(0, kBearer.size()) != kBearer) {
      return Unauthenticated("Authorization");
    }
    const std::string_view token = Trim(value.substr(kBearer.size()));
    Result<domain::ApiKey> key = db.web_access().FindApiKey(domain::TokenDigest::Of(token));
    if (!key) return AsUnauthenticated(std::move(key).error(), "Authorization");
    if (key->revoked_at || now >= key->expires_at) return Unauthenticated("Authorization");
    Result<Principal> principal =
        LoadPrincipal(db, key->tenant_id, key->user_id, AuthenticationMethod::kApiKey);
    if (!principal) return AsUnauthenticated(std::move(principal).error(), "Authorization");
    principal->api_key = *std::move(key);
    return principal;
  }
  const std::optional<std::string_view> cookie = CookieValue(request, kSessionCookieName);
  if (!cookie || cookie->empty()) return Unauthenticated("");
  const std::string field(kSessionCookieName);
  Result<domain::WebSession> session = db.web_access().FindSession(domain::TokenDigest::Of(*cookie));
  if (!session) return AsUnauthenticated(std::move(session).error(), field);
  if (now >= session->expires_at || now >= session->last_seen_at + context.options.session_idle) {
    OPENMSP_RETURN_IF_ERROR(db.web_access().EndSession(session->tenant_id, session->id));
    return Unauthenticated(field);
  }
  Result<Principal> principal =
      LoadPrincipal(db, session->tenant_id, session->user_id, AuthenticationMethod::kSession);
  if (!principal) return AsUnauthenticated(std::move(principal).error(), field);
  if (now - session->last_seen_at >= std::chrono::minutes(1)) {
    OPENMSP_RETURN_IF_ERROR(db.web_access().TouchSession(session->tenant_id, session->id, now));
    session->last_seen_at = now;
  }
  principal->session = *std::move(session);
  return principal;
}

Result<void> CheckCsrf(const Principal& principal, const http::HttpRequest& request) {
  if (principal.method != AuthenticationMethod::kSession || IsSafeMethod(request.method)) return Ok();
  const std::optional<std::string_view> token = request.headers.Get(kCsrfHeader);
  if (!token || token->empty() || !principal.session ||
      !(domain::TokenDigest::Of(*token) == principal.session->csrf_digest)) {
    return Error{ErrorCode::kPermissionDenied, std::string(kCsrfHeader),
                 "a browser session's unsafe request needs the CSRF token of its login"};
  }
  return Ok();
}

std::string SessionCookie(std::string_view token, std::chrono::milliseconds max_age, bool secure) {
  return std::string(kSessionCookieName) + "=" + std::string(token) + "; Path=/; Max-Age=" +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(max_age).count()) +
         "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string ClearedSessionCookie(bool secure) {
  return std::string(kSessionCookieName) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

Result<domain::Tenant> TenantOfRequest(const http::HttpRequest& request, store::Repositories& db,
                                       const std::optional<std::string>& slug) {
  std::string_view host = request.headers.Get("Host").value_or("");
  if (!host.empty() && host.front() != '[') host = host.substr(0, host.find(':'));
  if (!host.empty()) {
    Result<domain::TenantId> by_host = db.tenant_settings().FindTenantByHostName(host);
    if (by_host) return db.tenants().FindById(*by_host);
    if (by_host.error().code != ErrorCode::kNotFound && by_host.error().code != ErrorCode::kInvalidArgument) {
      return std::move(by_host).error();
    }
  }
  if (slug) {
    Result<domain::Tenant> by_slug = db.tenants().FindBySlug(*slug);
    if (by_slug || by_slug.error().code == ErrorCode::kUnavailable) return by_slug;
  }
  return Error{ErrorCode::kUnauthenticated, "", "the e-mail address or the password is wrong"};
}

}  // namespace openmsp::api
