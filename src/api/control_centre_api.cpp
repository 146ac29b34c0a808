#include "api/control_centre_api.h"

#include <boost/json.hpp>
#include <exception>
#include <memory>
#include <utility>

#include "api/authentication.h"
#include "api/problem.h"
#include "core/csv_writer.h"
#include "core/json.h"
#include "http/query.h"

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
               [this, &route, columns = ExportColumns(route)](const http::HttpRequest& request) {
                 return Handle(route, columns, request);
               });
  }
}

http::HttpResponse ControlCentreApi::Handle(const ApiRoute& route,
                                            const std::optional<std::vector<CsvColumn>>& export_columns,
                                            const http::HttpRequest& request) const {
  const std::size_t limit = route.max_body_bytes > 0 ? route.max_body_bytes : context_.options.max_body_bytes;
  if (request.body.size() > limit) {
    return ProblemResponse(413, "payload_too_large", "Payload too large", "body",
                           "body: this endpoint takes at most " + std::to_string(limit) + " bytes");
  }
  if (export_columns) {
    // A list takes `format` (json, the default, or csv) on top of its own parameters.
    Result<std::vector<http::QueryParameter>> query = http::ParseQuery(request.query);
    const std::optional<std::string_view> format =
        query ? http::FindQueryValue(*query, "format") : std::optional<std::string_view>();
    if (format) {
      if (*format != "json" && *format != "csv") {
        return ProblemResponse(InvalidArgument("format", "must be json or csv"));
      }
      http::HttpRequest list = request;
      list.query = QueryWithout(request.query, {"format"});
      if (*format == "csv") return Export(route, *export_columns, list);
      return Handle(route, std::nullopt, list);
    }
  }
  std::optional<Principal> principal;
  return Answer(context_.pool.With(
      [&](store::Repositories& db) -> Result<ApiReply> { return Run(route, request, db, principal); }));
}

Result<ApiReply> ControlCentreApi::Run(const ApiRoute& route, const http::HttpRequest& request,
                                       store::Repositories& db, std::optional<Principal>& principal) const {
  if (route.access != RouteAccess::kPublic && !principal) {
    OPENMSP_ASSIGN_OR_RETURN(principal, Authenticate(request, db, context_));
    OPENMSP_RETURN_IF_ERROR(CheckCsrf(*principal, request));
    if (route.session_only && principal->method != AuthenticationMethod::kSession) {
      return Error{ErrorCode::kPermissionDenied, "Authorization",
                   "only a browser session may do this, not an API key"};
    }
    if (route.access == RouteAccess::kPermission &&
        (!route.permission || !principal->HoldsAnywhere(*route.permission))) {
      return Error{ErrorCode::kPermissionDenied, "",
                   "you may not " +
                       std::string(route.permission ? domain::PermissionName(*route.permission) : "do this")};
    }
  }
  ApiCall call{.http = request,
               .principal = principal ? &*principal : nullptr,
               .db = db,
               .context = context_,
               .request_id = AuditableRequestId(request)};
  return route.handler(call);
}

// --- CSV export ----------------------------------------------------------------------------------------

struct ControlCentreApi::ExportState {
  const ApiRoute& route;
  std::vector<CsvColumn> columns;
  /// The list's request without `format` and `after`; each page adds its `after`.
  http::HttpRequest request;
  /// Who asked: authenticated and authorized once, for the first page.
  std::optional<Principal> principal;
  /// The first page's items, written by the first call.
  std::optional<boost::json::array> first_page;
  /// The `after` of the page to read next; nothing once the last was read.
  std::optional<std::string> next;
};

namespace {

// The items and `next` of a list handler's answer.
Result<std::pair<boost::json::array, std::optional<std::string>>> PageOf(ApiReply reply) {
  boost::json::object* body = reply.body.if_object();
  boost::json::value* items = body != nullptr ? body->if_contains("items") : nullptr;
  if (items == nullptr || !items->is_array()) {
    return Error{ErrorCode::kInternal, "", "a list answered something other than items"};
  }
  std::optional<std::string> next;
  if (const boost::json::value* token = body->if_contains("next"); token != nullptr && token->is_string()) {
    next = std::string(token->as_string());
  }
  return std::make_pair(std::move(items->as_array()), std::move(next));
}

// `tokens.csv` for `/tokens`, `organisation-units.csv` for `/organisation-units`.
std::string ExportFileName(const std::string& pattern) {
  return pattern.substr(pattern.rfind('/') + 1) + ".csv";
}

}  // namespace

http::HttpResponse ControlCentreApi::Export(const ApiRoute& route, std::vector<CsvColumn> columns,
                                            const http::HttpRequest& request) const {
  auto state = std::make_shared<ExportState>(ExportState{.route = route,
                                                         .columns = std::move(columns),
                                                         .request = request,
                                                         .principal = std::nullopt,
                                                         .first_page = std::nullopt,
                                                         .next = std::nullopt});
  state->request.query = QueryWithout(request.query, {"after"});
  Result<ApiReply> first = context_.pool.With(
      [&](store::Repositories& db) -> Result<ApiReply> { return Run(route, request, db, state->principal); });
  if (!first) return ProblemResponse(first.error());
  Result<std::pair<boost::json::array, std::optional<std::string>>> page = PageOf(*std::move(first));
  if (!page) return ProblemResponse(page.error());
  state->first_page = std::move(page->first);
  state->next = std::move(page->second);
  http::HttpResponse response = http::HttpResponse::Streamed(
      200, "text/csv; charset=utf-8",
      [this, state](std::string& chunk) -> Result<bool> { return NextExportChunk(*state, chunk); });
  response.headers.Set("Content-Disposition",
                       "attachment; filename=\"" + ExportFileName(route.pattern) + "\"");
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Result<bool> ControlCentreApi::NextExportChunk(ExportState& state, std::string& chunk) const {
  CsvWriter csv;
  if (state.first_page) {
    chunk += CsvWriter::kUtf8ByteOrderMark;
    WriteCsvHeader(state.columns, csv);
    WriteCsvRows(state.columns, *state.first_page, csv);
    state.first_page.reset();
  }
  // Whole pages until the chunk is large enough or the list ends.
  while (state.next && csv.size() < http::kStreamChunkBytes) {
    http::HttpRequest page_request = state.request;
    page_request.query += (page_request.query.empty() ? "after=" : "&after=") + *state.next;
    OPENMSP_ASSIGN_OR_RETURN(ApiReply reply, context_.pool.With([&](store::Repositories& db) {
      return Run(state.route, page_request, db, state.principal);
    }));
    OPENMSP_ASSIGN_OR_RETURN(auto page, PageOf(std::move(reply)));
    WriteCsvRows(state.columns, page.first, csv);
    state.next = std::move(page.second);
  }
  chunk += csv.Take();
  return state.next.has_value();
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
  for (std::vector<ApiRoute> area :
       {AuthRoutes(), OrganisationUnitRoutes(), UserRoutes(), PricingRoutes(), ProfileRoutes(), TokenRoutes(),
        AdminRoutes(), TenantRoutes(), PublicRoutes(), PlanRoutes(), SessionRoutes(), CdrRoutes(),
        StatisticsRoutes(), InvoiceRoutes()}) {
    for (ApiRoute& route : area) routes.push_back(std::move(route));
  }
  return routes;
}

}  // namespace openmsp::api
