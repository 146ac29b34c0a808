#include <boost/json.hpp>
#include <chrono>
#include <utility>

#include "api/authentication.h"
#include "api/control_centre_api.h"
#include "api/json_body.h"
#include "api/problem.h"
#include "api/representations.h"
#include "core/json.h"
#include "domain/email.h"
#include "domain/password.h"
#include "domain/secret.h"
#include "domain/tenant.h"

namespace openmsp::api {
namespace {

using domain::LoginFailureSubject;

// A password the policy refuses is reported under the request's own member name.
Result<domain::PasswordHash> HashNewPassword(std::string_view password, std::string_view email,
                                             const ApiContext& context) {
  Result<domain::PasswordHash> hash = domain::HashPassword(password, email, context.options.password_cost);
  if (!hash) {
    Error error = std::move(hash).error();
    if (error.field == "password") error.field = "new_password";
    return error;
  }
  return hash;
}

// The e-mail address failures are counted against: normalised when it can be, as typed otherwise.
std::string FailureSubject(std::string_view email) {
  Result<std::string> normalised = domain::NormaliseEmail(email);
  return normalised ? *std::move(normalised) : std::string(email.substr(0, 254));
}

Result<bool> Throttled(ApiCall& call, domain::TenantId tenant, LoginFailureSubject kind,
                       std::string_view subject, int limit) {
  if (subject.empty()) return false;
  const Instant since = call.context.clock.Now() - call.context.options.login_failure_window;
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t failures,
                           call.db.web_access().CountLoginFailures(tenant, kind, subject, since));
  return failures >= limit;
}

Result<ApiReply> Login(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"email", "password", "tenant"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string email, body.RequiredString("email", 254));
  OPENMSP_ASSIGN_OR_RETURN(std::string password, body.RequiredString("password", domain::kMaxPasswordBytes));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> slug,
                           body.OptionalString("tenant", domain::kMaxSlugLength));
  const ApiOptions& options = call.context.options;
  Result<domain::Tenant> tenant = TenantOfRequest(call.http, call.db, slug);
  if (!tenant) {
    if (tenant.error().code == ErrorCode::kUnauthenticated) (void)domain::CheckLogin(nullptr, password);
    return std::move(tenant).error();
  }
  const std::string subject = FailureSubject(email);
  OPENMSP_ASSIGN_OR_RETURN(bool email_throttled, Throttled(call, tenant->id, LoginFailureSubject::kEmail,
                                                           subject, options.max_login_failures_per_email));
  OPENMSP_ASSIGN_OR_RETURN(bool client_throttled,
                           Throttled(call, tenant->id, LoginFailureSubject::kClientAddress,
                                     call.http.client_address, options.max_login_failures_per_client));
  if (email_throttled || client_throttled) {
    http::HttpResponse refused = ProblemResponse(429, "too_many_requests", "Too many requests", "",
                                                 "too many failed logins; try again later");
    refused.headers.Set(
        "Retry-After",
        std::to_string(
            std::chrono::duration_cast<std::chrono::seconds>(options.login_failure_window).count()));
    return ApiReply{.status = 429, .body = nullptr, .headers = {}, .raw = std::move(refused)};
  }
  std::optional<domain::User> user;
  if (Result<domain::User> found = call.db.users().FindByEmail(tenant->id, email); found) {
    user = *std::move(found);
  } else if (found.error().code != ErrorCode::kNotFound) {
    return std::move(found).error();
  }
  const Instant now = call.context.clock.Now();
  if (Result<void> checked = domain::CheckLogin(user ? &*user : nullptr, password); !checked) {
    OPENMSP_RETURN_IF_ERROR(
        call.db.web_access().RecordLoginFailure(tenant->id, LoginFailureSubject::kEmail, subject, now));
    if (!call.http.client_address.empty()) {
      OPENMSP_RETURN_IF_ERROR(call.db.web_access().RecordLoginFailure(
          tenant->id, LoginFailureSubject::kClientAddress, call.http.client_address, now));
    }
    return checked.error();
  }
  const std::string token = domain::GenerateCredentialsToken();
  const std::string csrf = domain::GenerateCredentialsToken();
  std::optional<domain::WebSession> session;
  if (Result<domain::AuditEntry> changed = call.db.ChangeWithAudit(
          tenant->id,
          [&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
            OPENMSP_RETURN_IF_ERROR(
                tx.web_access().ClearLoginFailures(tenant->id, LoginFailureSubject::kEmail, subject));
            if (domain::PasswordNeedsRehash(user->password_hash, options.password_cost)) {
              // A password set under an older policy may not pass today's: it keeps its old hash then.
              if (Result<domain::PasswordHash> rehashed =
                      domain::HashPassword(password, user->email, options.password_cost)) {
                OPENMSP_RETURN_IF_ERROR(tx.users().SetPassword(tenant->id, user->id, *rehashed));
              }
            }
            OPENMSP_ASSIGN_OR_RETURN(
                session,
                tx.web_access().CreateSession(
                    tenant->id, domain::NewWebSession{.user_id = user->id,
                                                      .token_digest = domain::TokenDigest::Of(token),
                                                      .csrf_digest = domain::TokenDigest::Of(csrf),
                                                      .created_at = now,
                                                      .expires_at = now + options.session_lifetime}));
            return AuditOf(*user, "user.login", "user", user->id.value, "", "", call.request_id);
          });
      !changed) {
    return std::move(changed).error();
  }
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::RoleAssignment> assignments,
                           call.db.users().ListAssignments(tenant->id, user->id));
  ApiReply reply =
      JsonReply(200, boost::json::object{{"user", UserJson(*user, assignments)},
                                         {"csrf_token", csrf},
                                         {"expires_at", FormatOcpiDateTime(session->expires_at)}});
  reply.headers.Add("Set-Cookie", SessionCookie(token, options.session_lifetime, options.secure_cookies));
  return reply;
}

Result<ApiReply> Logout(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.web_access().EndSession(who.tenant.id, who.session->id));
    return AuditOf(who.user, "user.logout", "user", who.user.id.value, "", "", call.request_id);
  }));
  ApiReply reply = NoContent();
  reply.headers.Add("Set-Cookie", ClearedSessionCookie(call.context.options.secure_cookies));
  return reply;
}

Result<ApiReply> Me(ApiCall& call) {
  const Principal& who = call.who();
  boost::json::array permissions;
  for (int i = 0; i <= static_cast<int>(domain::Permission::kInvoicesRead); ++i) {
    const auto permission = static_cast<domain::Permission>(i);
    boost::json::array units;
    for (const domain::RoleAssignment& assignment : who.assignments) {
      if (!domain::RoleGrants(assignment.role, permission)) continue;
      if (domain::ReachOf(permission) == domain::PermissionReach::kTenant &&
          assignment.organisation_unit_id != who.root()) {
        continue;
      }
      units.push_back(assignment.organisation_unit_id.value);
    }
    if (units.empty()) continue;
    const domain::PermissionReach reach = domain::ReachOf(permission);
    permissions.push_back(
        boost::json::object{{"permission", domain::PermissionName(permission)},
                            {"reach", reach == domain::PermissionReach::kTenant       ? "tenant"
                                      : reach == domain::PermissionReach::kEveryScope ? "every_scope"
                                                                                      : "organisation_unit"},
                            {"organisation_unit_ids", std::move(units)}});
  }
  return JsonReply(200, boost::json::object{{"user", UserJson(who.user, who.assignments)},
                                            {"tenant", boost::json::object{{"id", who.tenant.id.value},
                                                                           {"slug", who.tenant.slug},
                                                                           {"name", who.tenant.name}}},
                                            {"authenticated_by", AuthenticationMethodName(who.method)},
                                            {"permissions", std::move(permissions)}});
}

Result<ApiReply> ChangePassword(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"current_password", "new_password"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string current,
                           body.RequiredString("current_password", domain::kMaxPasswordBytes));
  OPENMSP_ASSIGN_OR_RETURN(std::string next, body.RequiredString("new_password", domain::kMaxPasswordBytes));
  if (!domain::VerifyPassword(who.user.password_hash, current)) {
    return InvalidArgument("current_password", "is not your password");
  }
  OPENMSP_ASSIGN_OR_RETURN(domain::PasswordHash hash, HashNewPassword(next, who.user.email, call.context));
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_RETURN_IF_ERROR(tx.users().SetPassword(who.tenant.id, who.user.id, hash));
    OPENMSP_RETURN_IF_ERROR(tx.web_access().EndSessionsOfUser(who.tenant.id, who.user.id, who.session->id));
    return AuditOf(who.user, "user.password_change", "user", who.user.id.value, "", "", call.request_id);
  }));
  return NoContent();
}

Result<ApiReply> ResetPassword(ApiCall& call) {
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"token", "new_password", "tenant"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string token, body.RequiredString("token", 256));
  OPENMSP_ASSIGN_OR_RETURN(std::string next, body.RequiredString("new_password", domain::kMaxPasswordBytes));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> slug,
                           body.OptionalString("tenant", domain::kMaxSlugLength));
  Result<domain::Tenant> tenant = TenantOfRequest(call.http, call.db, slug);
  if (!tenant) {
    if (tenant.error().code != ErrorCode::kUnauthenticated) return std::move(tenant).error();
    return Error{ErrorCode::kUnauthenticated, "token", "the reset token is unknown, used or expired"};
  }
  const Instant now = call.context.clock.Now();
  if (Result<domain::AuditEntry> changed = call.db.ChangeWithAudit(
          tenant->id,
          [&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
            OPENMSP_ASSIGN_OR_RETURN(
                domain::PasswordReset reset,
                tx.web_access().RedeemPasswordReset(tenant->id, domain::TokenDigest::Of(token), now));
            OPENMSP_ASSIGN_OR_RETURN(domain::User user, tx.users().FindById(tenant->id, reset.user_id));
            OPENMSP_ASSIGN_OR_RETURN(domain::PasswordHash hash,
                                     HashNewPassword(next, user.email, call.context));
            OPENMSP_RETURN_IF_ERROR(tx.users().SetPassword(tenant->id, user.id, hash));
            OPENMSP_RETURN_IF_ERROR(tx.web_access().EndSessionsOfUser(tenant->id, user.id, std::nullopt));
            OPENMSP_RETURN_IF_ERROR(
                tx.web_access().ClearLoginFailures(tenant->id, LoginFailureSubject::kEmail, user.email));
            return AuditOf(user, "user.password_reset", "user", user.id.value, "", "", call.request_id);
          });
      !changed) {
    return std::move(changed).error();
  }
  return NoContent();
}

Result<ApiReply> ListApiKeys(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(std::vector<domain::ApiKey> keys,
                           call.db.web_access().ListApiKeys(who.tenant.id, who.user.id));
  boost::json::array items;
  for (const domain::ApiKey& key : keys) items.push_back(ApiKeyJson(key));
  return JsonReply(200, boost::json::object{{"items", std::move(items)}});
}

Result<ApiReply> CreateApiKey(ApiCall& call) {
  const Principal& who = call.who();
  OPENMSP_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Read(call.http, {"name", "expires_at"}));
  OPENMSP_ASSIGN_OR_RETURN(std::string name, body.RequiredString("name", 4 * domain::kMaxApiKeyNameBytes));
  OPENMSP_RETURN_IF_ERROR(domain::ValidateApiKeyName(name));
  OPENMSP_ASSIGN_OR_RETURN(std::string expires_text, body.RequiredString("expires_at", 64));
  Result<Instant> expires_at = ParseOcpiDateTime(expires_text);
  if (!expires_at) return expires_at.error().Nested("expires_at");
  const Instant now = call.context.clock.Now();
  if (*expires_at <= now) return InvalidArgument("expires_at", "must be in the future");
  if (*expires_at > now + call.context.options.api_key_max_lifetime) {
    return InvalidArgument("expires_at", "must be within " +
                                             std::to_string(std::chrono::duration_cast<std::chrono::hours>(
                                                                call.context.options.api_key_max_lifetime)
                                                                .count() /
                                                            24) +
                                             " days");
  }
  const std::string token = std::string(kApiKeyPrefix) + domain::GenerateCredentialsToken();
  domain::ApiKey key;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(
        key, tx.web_access().CreateApiKey(who.tenant.id,
                                          domain::NewApiKey{.user_id = who.user.id,
                                                            .name = name,
                                                            .digest = domain::TokenDigest::Of(token),
                                                            .created_at = now,
                                                            .expires_at = *expires_at}));
    return AuditOf(who.user, "api_key.create", "api_key", key.id.value, "", SerializeJson(ApiKeyJson(key)),
                   call.request_id);
  }));
  return JsonReply(201, boost::json::object{{"api_key", ApiKeyJson(key)}, {"token", token}});
}

Result<ApiReply> RevokeApiKey(ApiCall& call) {
  const Principal& who = call.who();
  Result<std::int64_t> id = PathId(call.http, "api_key_id");
  if (!id) return Error{ErrorCode::kNotFound, "api_key_id", "no such API key"};
  domain::ApiKey key;
  OPENMSP_RETURN_IF_ERROR(call.ChangeWithAudit([&](store::Repositories& tx) -> Result<domain::NewAuditEntry> {
    OPENMSP_ASSIGN_OR_RETURN(key,
                             tx.web_access().RevokeApiKey(who.tenant.id, who.user.id, domain::ApiKeyId{*id},
                                                          call.context.clock.Now()));
    return AuditOf(who.user, "api_key.revoke", "api_key", key.id.value, "", SerializeJson(ApiKeyJson(key)),
                   call.request_id);
  }));
  return JsonReply(200, ApiKeyJson(key));
}

ApiRoute Route(std::string method, std::string pattern, std::string summary, RouteAccess access,
               std::string request_schema, std::string response_schema, int success_status,
               ApiHandler handler) {
  return ApiRoute{.method = std::move(method),
                  .pattern = std::move(pattern),
                  .summary = std::move(summary),
                  .tag = "auth",
                  .access = access,
                  .permission = std::nullopt,
                  .session_only = false,
                  .request_schema = std::move(request_schema),
                  .response_schema = std::move(response_schema),
                  .success_status = success_status,
                  .max_body_bytes = 4096,
                  .handler = std::move(handler)};
}

}  // namespace

std::vector<ApiRoute> AuthRoutes() {
  const std::string login_answer =
      std::string(R"({"type": "object", "required": ["user", "csrf_token", "expires_at"],
      "properties": {"user": )") +
      kUserSchema + R"(, "csrf_token": {"type": "string"},
      "expires_at": {"type": "string"}}})";
  std::vector<ApiRoute> routes;
  routes.push_back(Route("POST", "/auth/login",
                         "Logs in with e-mail and password: sets the session cookie, answers the CSRF token",
                         RouteAccess::kPublic, R"({"type": "object", "required": ["email", "password"],
      "additionalProperties": false, "properties": {"email": {"type": "string"}, "password": {"type": "string"},
      "tenant": {"type": "string", "description": "the tenant's slug, when the Host does not name it"}}})",
                         login_answer, 200, Login));
  routes.push_back(Route("POST", "/auth/logout", "Ends this browser session", RouteAccess::kAuthenticated, "",
                         "", 204, Logout));
  routes.back().session_only = true;
  routes.push_back(Route("GET", "/me",
                         "Who you are: user, tenant, assignments, and the permissions you hold where",
                         RouteAccess::kAuthenticated, "", R"({"type": "object",
      "required": ["user", "tenant", "authenticated_by", "permissions"]})",
                         200, Me));
  routes.push_back(Route("POST", "/auth/password",
                         "Changes your password (current and new); ends your other sessions",
                         RouteAccess::kAuthenticated, R"({"type": "object",
      "required": ["current_password", "new_password"], "additionalProperties": false,
      "properties": {"current_password": {"type": "string"}, "new_password": {"type": "string"}}})",
                         "", 204, ChangePassword));
  routes.back().session_only = true;
  routes.push_back(Route("POST", "/auth/password-reset",
                         "Sets a new password with a one-time reset token; ends every session of the user",
                         RouteAccess::kPublic, R"({"type": "object", "required": ["token", "new_password"],
      "additionalProperties": false, "properties": {"token": {"type": "string"},
      "new_password": {"type": "string"}, "tenant": {"type": "string"}}})",
                         "", 204, ResetPassword));
  routes.push_back(Route("GET", "/api-keys", "Your API keys (never their secrets)",
                         RouteAccess::kAuthenticated, "",
                         std::string(R"({"type": "object", "required": ["items"], "properties": {"items":
      {"type": "array", "items": )") +
                             kApiKeySchema + "}}}",
                         200, ListApiKeys));
  routes.push_back(
      Route("POST", "/api-keys", "Makes an API key acting as you; its secret is in this answer only",
            RouteAccess::kAuthenticated, R"({"type": "object", "required": ["name", "expires_at"],
      "additionalProperties": false, "properties": {"name": {"type": "string", "maxLength": 100},
      "expires_at": {"type": "string", "format": "date-time"}}})",
            std::string(R"({"type": "object", "required": ["api_key", "token"],
      "properties": {"token": {"type": "string"}, "api_key": )") +
                kApiKeySchema + "}}",
            201, CreateApiKey));
  routes.back().session_only = true;
  routes.push_back(Route("DELETE", "/api-keys/{api_key_id}", "Revokes one of your API keys",
                         RouteAccess::kAuthenticated, "", kApiKeySchema, 200, RevokeApiKey));
  for (ApiRoute& route : routes) {
    if (route.pattern.starts_with("/api-keys")) route.tag = "api-keys";
  }
  return routes;
}

}  // namespace openmsp::api
