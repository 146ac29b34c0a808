#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/authentication.h"
#include "api/control_centre_api.h"
#include "core/base64.h"
#include "domain/tenant.h"
#include "http/query.h"

namespace openmsp::api {
namespace {

// The tenant a page before login belongs to: by the request's host name, else `?tenant=<slug>`; nothing
// when neither names one (the portal then shows OpenMSP's own look).
Result<std::optional<domain::Tenant>> TenantOfPage(ApiCall& call, std::optional<std::string>& slug) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> query, QueryOf(call, {"tenant"}));
  if (std::optional<std::string_view> named = http::FindQueryValue(query, "tenant"))
    slug = std::string(*named);
  Result<domain::Tenant> tenant = TenantOfRequest(call.http, call.db, slug);
  if (tenant) return std::optional<domain::Tenant>(*std::move(tenant));
  if (tenant.error().code == ErrorCode::kUnauthenticated) return std::optional<domain::Tenant>();
  return std::move(tenant).error();
}

Result<domain::Branding> BrandingOfPage(ApiCall& call, std::optional<std::string>& slug) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::Tenant> tenant, TenantOfPage(call, slug));
  if (!tenant) return domain::OpenMspBranding();
  OPENMSP_ASSIGN_OR_RETURN(std::optional<domain::Branding> chosen,
                           call.db.tenant_settings().FindBranding(tenant->id));
  return chosen ? *std::move(chosen) : domain::DefaultBranding(*tenant);
}

// The logo travels inside the answer as a `data:` URL (at most 256 KiB: `domain::kMaxLogoBytes`), so the
// page needs one request for its whole look.
Result<ApiReply> GetPageBranding(ApiCall& call) {
  std::optional<std::string> slug;
  OPENMSP_ASSIGN_OR_RETURN(domain::Branding branding, BrandingOfPage(call, slug));
  boost::json::value logo_url = nullptr;
  if (!branding.logo.empty())
    logo_url = "data:" + branding.logo_media_type + ";base64," + EncodeBase64(branding.logo);
  return JsonReply(
      200, boost::json::object{
               {"display_name", branding.display_name},
               {"primary_colour", branding.primary_colour},
               {"accent_colour", branding.accent_colour},
               {"support_email", branding.support_email.empty() ? boost::json::value(nullptr)
                                                                : boost::json::value(branding.support_email)},
               {"logo_url", std::move(logo_url)}});
}

ApiRoute PublicRoute(std::string pattern, std::string summary, std::string response_schema,
                     ApiHandler handler) {
  return ApiRoute{.method = "GET",
                  .pattern = std::move(pattern),
                  .summary = std::move(summary),
                  .tag = "branding",
                  .access = RouteAccess::kPublic,
                  .permission = std::nullopt,
                  .session_only = false,
                  .request_schema = "",
                  .response_schema = std::move(response_schema),
                  .success_status = 200,
                  .max_body_bytes = 0,
                  .handler = std::move(handler)};
}

constexpr const char* kPageBrandingSchema = R"({"type": "object",
  "required": ["display_name", "primary_colour", "accent_colour", "support_email", "logo_url"],
  "properties": {"display_name": {"type": "string"}, "primary_colour": {"type": "string"},
    "accent_colour": {"type": "string"}, "support_email": {"type": ["string", "null"]},
    "logo_url": {"type": ["string", "null"], "description": "the logo as a data: URL, null without one"}}})";

}  // namespace

std::vector<ApiRoute> PublicRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(
      PublicRoute("/branding",
                  "The look of the tenant this host name (or ?tenant=<slug>) belongs to, for the "
                  "pages before login; OpenMSP's own when it names none",
                  kPageBrandingSchema, GetPageBranding));
  return routes;
}

}  // namespace openmsp::api
