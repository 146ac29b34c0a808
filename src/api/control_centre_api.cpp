#include "api/control_centre_api.h"

#include <boost/json.hpp>
#include <exception>
#include <utility>

#include "api/authentication.h"
#include "api/problem.h"
#include "core/json.h"

namespace openmsp::api {
namespace {

http::HttpResponse Answer(Result<ApiReply> reply) {
  if (!reply) return ProblemResponse(reply.error());
  if (reply->raw) return *std::move(reply->raw);
  http::HttpResponse response;
  response.status = reply->status;
  if (!reply->body.is_null()) {
    response.headers.Set("Content-Type", "application/json");
    response.body = SerializeJson(reply->body);
  }
  for (const http::HttpHeaderField& field : reply->headers.fields())
    response.headers.Add(field.name, field.value);
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

// The request's `X-Request-ID` when an audit entry can carry it (1 to 255 printable ASCII characters).
std::string AuditableRequestId(const http::HttpRequest& request) {
  const std::string_view id = request.headers.Get("X-Request-ID").value_or("");
  if (id.size() > 255) return "";
  for (char c : id) {
    if (c < 0x20 || c > 0x7e) return "";
  }
  return std::string(id);
}

ApiRoute OpenApiRoute() {
  return ApiRoute{.method = "GET",
                  .pattern = "/openapi.json",
                  .summary = "This document: the OpenAPI 3.1 description of every endpoint",
                  .tag = "system",
                  .access = RouteAccess::kPublic,
                  .permission = std::nullopt,
                  .session_only = false,
                  .request_schema = "",
                  .response_schema = R"({"type": "object"})",
                  .success_status = 200,
                  .max_body_bytes = 0,
                  .handler = nullptr};
}

}  // namespace

ControlCentreApi::ControlCentreApi(ApiContext& context) : context_(context), routes_(ControlCentreRoutes()) {
  routes_.push_back(OpenApiRoute());
  openapi_ = OpenApiDocument(routes_);
  routes_.back().handler = [document = openapi_](ApiCall&) -> Result<ApiReply> {
    Result<boost::json::value> parsed = ParseJson(document);
    if (!parsed) return parsed.error();
    return ApiReply{.status = 200, .body = *std::move(parsed), .headers = {}, .raw = std::nullopt};
  };
}

void ControlCentreApi::Register(http::Router& router) const {
  for (const ApiRoute& route : routes_) {
    router.Add(route.method, std::string(kApiPrefix) + route.pattern,
               [this, &route](const http::HttpRequest& request) { return Handle(route, request); });
  }
}

http::HttpResponse ControlCentreApi::Handle(const ApiRoute& route, const http::HttpRequest& request) const {
  const std::size_t limit = route.max_body_bytes > 0 ? route.max_body_bytes : context_.options.max_body_bytes;
  if (request.body.size() > limit) {
    return ProblemResponse(413, "payload_too_large", "Payload too large", "body",
                           "body: this endpoint takes at most " + std::to_string(limit) + " bytes");
  }
  Result<ApiReply> reply = context_.pool.With([&](store::Repositories& db) -> Result<ApiReply> {
    std::optional<Principal> principal;
    if (route.access != RouteAccess::kPublic) {
      OPENMSP_ASSIGN_OR_RETURN(principal, Authenticate(request, db, context_));
      OPENMSP_RETURN_IF_ERROR(CheckCsrf(*principal, request));
      if (route.session_only && principal->method != AuthenticationMethod::kSession) {
        return Error{ErrorCode::kPermissionDenied, "Authorization",
                     "only a browser session may do this, not an API key"};
      }
      if (route.access == RouteAccess::kPermission &&
          (!route.permission || !principal->HoldsAnywhere(*route.permission))) {
        return Error{ErrorCode::kPermissionDenied, "",
                     "you may not " + std::string(route.permission ? domain::PermissionName(*route.permission)
                                                                   : "do this")};
      }
    }
    ApiCall call{.http = request,
                 .principal = principal ? &*principal : nullptr,
                 .db = db,
                 .context = context_,
                 .request_id = AuditableRequestId(request)};
    return route.handler(call);
  });
  return Answer(std::move(reply));
}

std::vector<ApiRoute> ControlCentreRoutes() {
  std::vector<ApiRoute> routes;
  routes.push_back(ApiRoute{.method = "GET",
                            .pattern = "/version",
                            .summary = "The name and version of this OpenMSP",
                            .tag = "system",
                            .access = RouteAccess::kPublic,
                            .permission = std::nullopt,
                            .session_only = false,
                            .request_schema = "",
                            .response_schema = R"({"type": "object", "required": ["name", "version"],
          "properties": {"name": {"type": "string"}, "version": {"type": "string"}}})",
                            .success_status = 200,
                            .max_body_bytes = 0,
                            .handler = [](ApiCall&) -> Result<ApiReply> {
                              return ApiReply{.status = 200,
                                              .body = boost::json::object{{"name", "openmsp"},
                                                                          {"version", OPENMSP_API_VERSION}},
                                              .headers = {},
                                              .raw = std::nullopt};
                            }});
  for (std::vector<ApiRoute> area : {AuthRoutes(), OrganisationUnitRoutes(), UserRoutes(), PricingRoutes(),
                                     ProfileRoutes(), TokenRoutes(), AdminRoutes(), CdrRoutes()}) {
    for (ApiRoute& route : area) routes.push_back(std::move(route));
  }
  return routes;
}

}  // namespace openmsp::api
