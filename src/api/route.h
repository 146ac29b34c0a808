#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/principal.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/audit.h"
#include "domain/password.h"
#include "domain/permissions.h"
#include "http/message.h"
#include "http/query.h"
#include "store/repositories.h"
#include "store/repository_pool.h"

namespace openmsp::api {

/// The settings of the Control Centre API; the defaults are the production ones (docs/api.md).
struct ApiOptions {
  /// Adds `Secure` to the session cookie: set when the public URL is https.
  bool secure_cookies = false;
  /// A browser session ends after this long without a request…
  std::chrono::milliseconds session_idle{std::chrono::minutes(30)};
  /// …and after this long whatever the activity.
  std::chrono::milliseconds session_lifetime{std::chrono::hours(12)};
  /// The longest an API key may be valid.
  std::chrono::milliseconds api_key_max_lifetime{std::chrono::days(366)};
  /// How long a password reset token may be used.
  std::chrono::milliseconds password_reset_lifetime{std::chrono::hours(24)};
  /// Failed logins counted over this window…
  std::chrono::milliseconds login_failure_window{std::chrono::minutes(15)};
  /// …refuse further logins of one e-mail address of a tenant (429) at this many…
  int max_login_failures_per_email = 5;
  /// …and from one client address at this many.
  int max_login_failures_per_client = 30;
  /// The argon2id cost of every password set through the API; a login with a hash of another cost
  /// rehashes it.
  domain::PasswordHashCost password_cost = domain::PasswordHashCost::Interactive();
  /// The largest request body of a route that does not set its own.
  std::size_t max_body_bytes = 16 * 1024;
};

/// What every Control Centre endpoint works with. Everything outlives the API.
struct ApiContext {
  /// The connections handlers borrow (one per request).
  store::RepositoryPool& pool;
  const Clock& clock;
  ApiOptions options;
  /// Called after every token change the API made (issue, status, validity, import), once the change and
  /// its pushes to the CPOs are committed: `openmsp serve` forgets there what OCPI real-time
  /// authorization remembered of tokens (`emsp::RememberedTokens::ForgetAll`). May be empty.
  std::function<void()> tokens_changed = {};
  /// The OCPI versions URL peers register with (`emsp::OcpiContext::VersionsUrl`, from serve's public
  /// URL): what `POST /peers` hands out beside token A. Empty: inviting a peer is refused.
  std::string ocpi_versions_url = {};
  /// The OCPI version URL (`emsp::OcpiContext::VersionUrl`, `{public_url}/ocpi/2.2.1`): the commands sent
  /// from the Control Centre (remote start and stop) carry a `response_url` below it. Empty: they are
  /// refused.
  std::string ocpi_version_url = {};
};

/// Who may call a route.
enum class RouteAccess {
  kPublic,         ///< anyone (login, the OpenAPI document)
  kAuthenticated,  ///< any authenticated user of the tenant (its own account, keys)
  kPermission,     ///< a user who holds `ApiRoute::permission` somewhere; the handler checks the object
};

/// One request as a handler sees it: authenticated (unless the route is public) and on a borrowed
/// connection.
struct ApiCall {
  const http::HttpRequest& http;
  /// Null only on public routes.
  const Principal* principal;
  store::Repositories& db;
  const ApiContext& context;
  /// The request's `X-Request-ID`, for audit entries (empty when it had none).
  std::string request_id;

  /// The principal of an authenticated route.
  const Principal& who() const { return *principal; }

  /// Makes a change of the principal's tenant in one transaction with the audit entry `change` returns
  /// (`store::Repositories::ChangeWithAudit`): both are stored, or neither and the error is returned.
  Result<void> ChangeWithAudit(
      const std::function<Result<domain::NewAuditEntry>(store::Repositories&)>& change);
};

/// A handler's success: the status, the JSON body (null: none, as for 204) and header fields to add.
struct ApiReply {
  int status = 200;
  boost::json::value body = nullptr;
  http::HttpHeaders headers;
  /// A complete answer that is not JSON success (a 429 problem of the login throttle): sent as it is.
  std::optional<http::HttpResponse> raw;
};

/// A success with a JSON body.
ApiReply JsonReply(int status, boost::json::value body);
/// A 204 success without a body.
ApiReply NoContent();

using ApiHandler = std::function<Result<ApiReply>(ApiCall& call)>;

/// One endpoint of the Control Centre API: everything the router, the authorization check, the OpenAPI
/// document and the authorization test need to know about it, in one table (`ControlCentreRoutes`).
struct ApiRoute {
  std::string method;
  /// Below `/api/v1`, with `{name}` path parameters as `http::Router` takes them: `/users/{user_id}`.
  std::string pattern;
  std::string summary;
  /// The OpenAPI tag it is listed under (`auth`, `organisation-units`, `users`, `system`).
  std::string tag;
  RouteAccess access = RouteAccess::kPermission;
  /// The permission a kPermission route needs somewhere before anything is read.
  std::optional<domain::Permission> permission;
  /// Refuses API keys (403): for what only a person at a browser should do (change its password, make
  /// API keys, log out).
  bool session_only = false;
  /// JSON Schemas (OpenAPI 3.1) of the request body (empty: none) and of the success answer's body
  /// (empty: none, as for 204).
  std::string request_schema;
  std::string response_schema;
  int success_status = 200;
  /// The largest request body, in bytes; 0: `ApiOptions::max_body_bytes`.
  std::size_t max_body_bytes = 0;
  ApiHandler handler;
  /// The media type of the request body (`text/csv` for an upload), for the OpenAPI document.
  std::string request_media_type = "application/json";
};

/// A kPermission route (the common case): `permission` is needed somewhere before the handler runs;
/// bodies are limited to `max_body_bytes` (4 KiB unless the route takes more, as a CSV import does).
ApiRoute Route(std::string tag, std::string method, std::string pattern, std::string summary,
               domain::Permission permission, std::string request_schema, std::string response_schema,
               int success_status, ApiHandler handler, std::size_t max_body_bytes = 4096);

/// The query parameters of `call`, refusing any not in `known` (as unknown body members are): 422 naming
/// the parameter.
Result<std::vector<http::QueryParameter>> QueryOf(const ApiCall& call,
                                                  std::initializer_list<std::string_view> known);

/// The URL prefix of every route.
inline constexpr std::string_view kApiPrefix = "/api/v1";

}  // namespace openmsp::api
