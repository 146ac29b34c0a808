#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "api/authentication.h"
#include "api/control_centre_api.h"
#include "core/clock.h"
#include "core/currency.h"
#include "core/ids/party_id.h"
#include "core/json.h"
#include "domain/password.h"
#include "domain/secret.h"
#include "http/router.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repository_pool.h"
#include "store/sqlite/sqlite_database.h"
#include "support/temp_directory.h"

// A migrated SQLite database with the Control Centre API on a router, and a fixture tenant `acme` with
// the tree root ─ A ─ A1, root ─ B, a user per role scoped in A (a tenant admin at the root), and a second
// tenant `other` with its own admin. Requests go through `http::Router::Dispatch`, as the server sends them.
namespace openmsp::api::test {

inline constexpr const char* kPassword = "correct horse battery staple";

/// A user of the fixture with a browser session (cookie and CSRF token) and an API key.
struct Caller {
  domain::TenantId tenant;
  domain::UserId id;
  std::string email;
  std::string cookie;
  std::string csrf;
  std::string api_key;
};

class ApiWorld {
 public:
  ApiWorld()
      : clock_(Instant::FromUnixMilliseconds(1'767'225'600'000)),  // 2026-01-01T00:00:00Z
        pool_(Url(), clock_, 2),
        context_{.pool = pool_,
                 .clock = clock_,
                 .options = TestOptions(),
                 .ocpi_versions_url = "https://msp.example/ocpi/versions"},
        api_(context_) {
    api_.Register(router_);
    auto db = pool_.Borrow().value();
    acme = MakeTenant(*db, "acme", "ACM");
    root = acme_root_;
    a = Unit(*db, acme, root, "A");
    a1 = Unit(*db, acme, a, "A1");
    b = Unit(*db, acme, root, "Unit-B-secret");
    driver_profile = db->profiles()
                         .Create(acme, domain::NewProfile{.organisation_unit_id = a,
                                                          .name = "Dana Driver",
                                                          .kind = domain::ProfileKind::kDriver,
                                                          .email = "",
                                                          .prices_hidden = false})
                         .value()
                         .id;
    tenant_admin =
        MakeCaller(*db, acme, "admin@acme.example", domain::Role::kTenantAdmin, root, std::nullopt);
    ou_admin = MakeCaller(*db, acme, "ou-admin@acme.example", domain::Role::kOuAdmin, a, std::nullopt);
    fleet_manager = MakeCaller(*db, acme, "fleet@acme.example", domain::Role::kFleetManager, a, std::nullopt);
    finance = MakeCaller(*db, acme, "finance@acme.example", domain::Role::kFinance, a, std::nullopt);
    viewer = MakeCaller(*db, acme, "viewer@acme.example", domain::Role::kViewer, a, std::nullopt);
    driver = MakeCaller(*db, acme, "driver@acme.example", domain::Role::kDriver, a, driver_profile);
    other = MakeTenant(*db, "other", "OTH");
    other_root = acme_root_;
    other_admin =
        MakeCaller(*db, other, "admin@other.example", domain::Role::kTenantAdmin, other_root, std::nullopt);
    b_viewer = MakeCaller(*db, acme, "b-viewer-secret@acme.example", domain::Role::kViewer, b, std::nullopt);
  }

  static ApiOptions TestOptions() {
    ApiOptions options;
    options.password_cost = domain::PasswordHashCost::Minimum();
    return options;
  }

  /// `method path` (with its query, if any) and `body` (JSON) and the caller's credentials: its cookie (and
  /// CSRF token unless `with_csrf` is false), or its API key when `bearer`.
  http::HttpResponse Call(const std::string& method, const std::string& path, const std::string& body,
                          const Caller* caller, bool bearer = false, bool with_csrf = true) {
    http::HttpRequest request;
    request.method = method;
    // A query (`/tokens?status=active`) goes where the server puts it.
    const std::size_t question = path.find('?');
    request.path = std::string(kApiPrefix) + path.substr(0, question);
    if (question != std::string::npos) request.query = path.substr(question + 1);
    request.body = body;
    request.client_address = "192.0.2.7";
    if (!body.empty())
      request.headers.Set("Content-Type", body.front() == '{' ? "application/json" : "text/csv");
    if (caller != nullptr) {
      if (bearer) {
        request.headers.Set("Authorization", "Bearer " + caller->api_key);
      } else {
        request.headers.Set("Cookie",
                            "theme=dark; " + std::string(kSessionCookieName) + "=" + caller->cookie);
        if (with_csrf) request.headers.Set(std::string(kCsrfHeader), caller->csrf);
      }
    }
    return router_.Dispatch(std::move(request));
  }

  store::Repositories& db() { return *lease_; }

  /// A new user of `tenant` holding `role` at `unit`, for routes that change a user.
  domain::UserId NewUser(domain::TenantId tenant, domain::Role role, domain::OrganisationUnitId unit) {
    const std::string email = "user" + std::to_string(++users_made_) + "@example.com";
    return MakeCaller(db(), tenant, email, role, unit, std::nullopt).id;
  }
  /// A new unit of `tenant` below `parent`.
  domain::OrganisationUnitId NewUnit(domain::TenantId tenant, domain::OrganisationUnitId parent) {
    return Unit(db(), tenant, parent, "unit " + std::to_string(++units_made_));
  }

  ManualClock& clock() { return clock_; }
  /// The world's database, for tests that store what only a connection of their own can (CPO CDRs).
  store::DatabaseUrl url() const {
    return store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  }
  /// The API's context, for hooks a test observes (`tokens_changed`).
  ApiContext& context() { return context_; }
  const ControlCentreApi& api() const { return api_; }
  const http::Router& router() const { return router_; }

  domain::TenantId acme, other;
  domain::OrganisationUnitId root, a, a1, b, other_root;
  domain::ProfileId driver_profile;
  Caller tenant_admin, ou_admin, fleet_manager, finance, viewer, driver, other_admin;
  /// A viewer of unit B: out of the scope of every caller scoped in A.
  Caller b_viewer;

 private:
  store::DatabaseUrl Url() {
    auto database = store::SqliteDatabase::Open(directory_.File("openmsp.db")).value();
    (void)store::Migrate(database).value();
    return store::ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
  }

  domain::TenantId MakeTenant(store::Repositories& db, const std::string& slug, const std::string& party) {
    const domain::Tenant tenant =
        db.tenants()
            .Create(domain::NewTenant{.slug = slug,
                                      .name = slug + " MSP",
                                      .default_currency = Currency::Find("EUR").value(),
                                      .parties = {PartyId::Parse("NL" + party).value()}})
            .value();
    acme_root_ = db.organisation_units()
                     .Create(tenant.id,
                             domain::NewOrganisationUnit{
                                 .parent_id = std::nullopt, .name = slug, .billing = std::nullopt})
                     .value()
                     .id;
    return tenant.id;
  }

  static domain::OrganisationUnitId Unit(store::Repositories& db, domain::TenantId tenant,
                                         domain::OrganisationUnitId parent, const std::string& name) {
    return db.organisation_units()
        .Create(tenant,
                domain::NewOrganisationUnit{.parent_id = parent, .name = name, .billing = std::nullopt})
        .value()
        .id;
  }

  Caller MakeCaller(store::Repositories& db, domain::TenantId tenant, const std::string& email,
                    domain::Role role, domain::OrganisationUnitId unit,
                    std::optional<domain::ProfileId> profile) {
    const domain::User user =
        db.users()
            .Create(
                tenant,
                domain::NewUser{
                    .email = email,
                    .display_name = email,
                    .password_hash =
                        domain::HashPassword(kPassword, email, domain::PasswordHashCost::Minimum()).value(),
                    .profile_id = profile})
            .value();
    (void)db.users().AssignRole(tenant, user.id, role, unit).value();
    return Credentials(db, tenant, user.id, email);
  }

 public:
  /// New credentials (session and API key) for `caller`'s user: what a test uses when a call may end the
  /// session (logout, password change) or revoke the key.
  Caller Fresh(const Caller& caller) { return Credentials(db(), caller.tenant, caller.id, caller.email); }

 private:
  Caller Credentials(store::Repositories& db, domain::TenantId tenant, domain::UserId user_id,
                     const std::string& email) {
    Caller caller{.tenant = tenant,
                  .id = user_id,
                  .email = email,
                  .cookie = domain::GenerateCredentialsToken(),
                  .csrf = domain::GenerateCredentialsToken(),
                  .api_key = std::string(kApiKeyPrefix) + domain::GenerateCredentialsToken()};
    const Instant now = clock_.Now();
    (void)db.web_access()
        .CreateSession(tenant, domain::NewWebSession{.user_id = user_id,
                                                     .token_digest = domain::TokenDigest::Of(caller.cookie),
                                                     .csrf_digest = domain::TokenDigest::Of(caller.csrf),
                                                     .created_at = now,
                                                     .expires_at = now + std::chrono::hours(12)})
        .value();
    (void)db.web_access()
        .CreateApiKey(tenant, domain::NewApiKey{.user_id = user_id,
                                                .name = "test key " + std::to_string(++keys_made_),
                                                .digest = domain::TokenDigest::Of(caller.api_key),
                                                .created_at = now,
                                                .expires_at = now + std::chrono::hours(24 * 30)})
        .value();
    return caller;
  }

  openmsp::test::TempDirectory directory_{"openmsp_api"};
  ManualClock clock_;
  store::RepositoryPool pool_;
  ApiContext context_;
  ControlCentreApi api_;
  http::Router router_;
  store::RepositoryPool::Lease lease_ = pool_.Borrow().value();
  domain::OrganisationUnitId acme_root_;
  int users_made_ = 0;
  int units_made_ = 0;
  int keys_made_ = 0;
};

/// The body of `response` as JSON (null when it is not JSON).
inline boost::json::value BodyOf(const http::HttpResponse& response) {
  Result<boost::json::value> parsed = ParseJson(response.body);
  return parsed ? *std::move(parsed) : boost::json::value(nullptr);
}

}  // namespace openmsp::api::test
