#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/list_export.h"
#include "api/route.h"
#include "http/message.h"
#include "http/router.h"

namespace openmsp::api {

/// The Control Centre API: the route table of every endpoint, served on an `http::Router` with one
/// pipeline in front of every handler (docs/api.md):
///
/// 1. a body above the route's limit is 413; the connection is borrowed from the pool;
/// 2. unless the route is public: `Authorization: Bearer` (an API key) or the session cookie, else 401;
///    an unsafe method (anything but GET and HEAD) with the cookie needs `X-CSRF-Token`, else 403;
/// 3. a permission route needs the permission somewhere, else 403 — before anything is read;
/// 4. the handler, which checks its object with `Principal::Authorize`;
/// 5. any failure becomes a problem document (api/problem.h).
///
/// A list route asked for `?format=csv` answers its whole list as a streamed CSV (api/list_export.h): the
/// first page runs through the pipeline above before anything is sent, so a refusal is still a problem
/// document; the following pages run the same handler as the same principal while the body streams.
///
/// Handlers run on the server's I/O threads, several at once: each request borrows its own connection.
class ControlCentreApi {
 public:
  /// The API over `context`, which must outlive it, with every route of `ControlCentreRoutes` and
  /// `GET /api/v1/openapi.json` serving `OpenApiDocument`.
  explicit ControlCentreApi(ApiContext& context);

  /// Adds every route to `router` (which the API must outlive while it routes).
  void Register(http::Router& router) const;

  /// Every route, in table order.
  const std::vector<ApiRoute>& routes() const { return routes_; }

  /// The OpenAPI 3.1 document of `routes()` (api/openapi.h).
  const std::string& openapi() const { return openapi_; }

  /// Runs `route`'s pipeline on `request` (what the router calls); `export_columns` are the route's
  /// `ExportColumns` (nothing: not a list).
  http::HttpResponse Handle(const ApiRoute& route,
                            const std::optional<std::vector<CsvColumn>>& export_columns,
                            const http::HttpRequest& request) const;

 private:
  struct ExportState;

  /// Authenticates `request` for `route` unless `principal` holds one already (a public route needs none),
  /// authorizes it and runs the handler on `db`.
  Result<ApiReply> Run(const ApiRoute& route, const http::HttpRequest& request, store::Repositories& db,
                       std::optional<Principal>& principal) const;
  /// The streamed CSV of `route`'s list (`?format=csv`).
  http::HttpResponse Export(const ApiRoute& route, std::vector<CsvColumn> columns,
                            const http::HttpRequest& request) const;
  /// Appends the next piece of an export to `chunk`; whether more follows.
  Result<bool> NextExportChunk(ExportState& state, std::string& chunk) const;

  ApiContext& context_;
  std::vector<ApiRoute> routes_;
  std::string openapi_;
};

/// Every route of the Control Centre API except the OpenAPI document's own: system, auth, API keys,
/// organisation units, users.
std::vector<ApiRoute> ControlCentreRoutes();

/// The routes of each area (auth_routes.cpp, organisation_unit_routes.cpp, user_routes.cpp).
std::vector<ApiRoute> AuthRoutes();
std::vector<ApiRoute> OrganisationUnitRoutes();
std::vector<ApiRoute> UserRoutes();
/// Locations (search, one with EVSEs and connectors) and pricing: location groups with their membership
/// preview, business partner groups, tariff codes (pricing_routes.cpp).
std::vector<ApiRoute> PricingRoutes();
/// Profiles and tokens (token_routes.cpp): lists in scope, issuing, status and validity changes, CSV import.
std::vector<ApiRoute> ProfileRoutes();
std::vector<ApiRoute> TokenRoutes();
/// Tenant administration: the audit log and OCPI peers (list with sync state, invite, suspend, resume,
/// sync) (admin_routes.cpp).
std::vector<ApiRoute> AdminRoutes();
/// The tenant's own settings (tenant_routes.cpp): name, default currency and host names, branding, the VAT
/// and exchange-rate tables, rating settings.
std::vector<ApiRoute> TenantRoutes();
/// Monthly figures of the MSP CDRs in the caller's scope (statistics_routes.cpp): the dashboard's charts.
std::vector<ApiRoute> StatisticsRoutes();
/// Invoices and credit notes in scope (list, detail, PDF/CSV documents), issuing, paying and voiding them,
/// billing runs and CPO settlement (invoice_routes.cpp, docs/billing.md).
std::vector<ApiRoute> InvoiceRoutes();
/// What a page shows before login (public_routes.cpp): the branding of the tenant the host name belongs
/// to.
std::vector<ApiRoute> PublicRoutes();
/// The tariff plan: versions (in force, scheduled, past; withdrawing a scheduled one), drafts (create,
/// replace, delete, publish) and the price preview (plan_routes.cpp).
std::vector<ApiRoute> PlanRoutes();
/// Live sessions in scope, remote start and stop through the OCPI commands module, and what became of a
/// command (session_routes.cpp).
std::vector<ApiRoute> SessionRoutes();
/// CDRs (cdr_routes.cpp): the CPO CDRs as received and the MSP CDRs rated from them, in scope, with the
/// rating's explanation; those needing attention and re-rating them.
std::vector<ApiRoute> CdrRoutes();

/// The OpenAPI 3.1 document of `routes`: one operation per route with its summary, tag, permission
/// (`x-permission`), security (cookie or bearer, none for public routes), path parameters, request and
/// response schemas and the problem answers it can give.
std::string OpenApiDocument(const std::vector<ApiRoute>& routes);

}  // namespace openmsp::api
