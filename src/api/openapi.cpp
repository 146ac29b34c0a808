#include <boost/json.hpp>
#include <stdexcept>
#include <string>

#include "api/authentication.h"
#include "api/control_centre_api.h"
#include "api/list_export.h"
#include "core/json.h"

namespace openmsp::api {
namespace {

boost::json::value Schema(const std::string& text, const std::string& where) {
  Result<boost::json::value> parsed = ParseJson(text);
  if (!parsed)
    throw std::logic_error("the schema of " + where + " is not JSON: " + parsed.error().ToString());
  return *std::move(parsed);
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// `post /users/{user_id}/roles` → `post_users_user_id_roles`.
std::string OperationId(const ApiRoute& route) {
  std::string id = Lower(route.method);
  for (char c : route.pattern) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      id += c;
    } else if (c == '/' || c == '-' || c == '.' || c == '_') {
      if (id.back() != '_') id += '_';
    }
  }
  while (id.back() == '_') id.pop_back();
  return id;
}

boost::json::array PathParameters(const std::string& pattern) {
  boost::json::array parameters;
  std::size_t open = pattern.find('{');
  while (open != std::string::npos) {
    const std::size_t close = pattern.find('}', open);
    const std::string name = pattern.substr(open + 1, close - open - 1);
    boost::json::object schema = name.ends_with("_id")
                                     ? boost::json::object{{"type", "integer"}, {"minimum", 1}}
                                     : boost::json::object{{"type", "string"}};
    parameters.push_back(boost::json::object{
        {"name", name}, {"in", "path"}, {"required", true}, {"schema", std::move(schema)}});
    open = pattern.find('{', close);
  }
  return parameters;
}

boost::json::object ProblemAnswer(std::string_view description) {
  return boost::json::object{
      {"description", description},
      {"content", boost::json::object{
                      {"application/problem+json",
                       boost::json::object{
                           {"schema", boost::json::object{{"$ref", "#/components/schemas/Problem"}}}}}}}};
}

boost::json::object Operation(const ApiRoute& route) {
  boost::json::object operation{{"operationId", OperationId(route)},
                                {"summary", route.summary},
                                {"tags", boost::json::array{boost::json::value(route.tag)}}};
  if (route.access == RouteAccess::kPublic) {
    operation["security"] = boost::json::array{};
  } else if (route.session_only) {
    operation["security"] = boost::json::array{boost::json::object{{"session", boost::json::array{}}}};
  } else {
    operation["security"] = boost::json::array{boost::json::object{{"session", boost::json::array{}}},
                                               boost::json::object{{"apiKey", boost::json::array{}}}};
  }
  operation["x-permission"] =
      route.permission
          ? boost::json::value(domain::PermissionName(*route.permission))
          : boost::json::value(route.access == RouteAccess::kPublic ? "public" : "authenticated");
  boost::json::array parameters = PathParameters(route.pattern);
  const bool exportable = ExportColumns(route).has_value();
  if (exportable) {
    parameters.push_back(boost::json::object{
        {"name", "format"},
        {"in", "query"},
        {"required", false},
        {"description", "csv: the whole list (every page from `after` on) as one streamed CSV"},
        {"schema", boost::json::object{{"enum", boost::json::array{"json", "csv"}}, {"default", "json"}}}});
  }
  if (!parameters.empty()) operation["parameters"] = std::move(parameters);
  const std::string where = route.method + " " + route.pattern;
  if (!route.request_schema.empty()) {
    operation["requestBody"] = boost::json::object{
        {"required", true},
        {"content",
         boost::json::object{{route.request_media_type,
                              boost::json::object{{"schema", Schema(route.request_schema, where)}}}}}};
  }
  boost::json::object success{{"description", "success"}};
  if (!route.response_schema.empty()) {
    success["content"] = boost::json::object{
        {"application/json", boost::json::object{{"schema", Schema(route.response_schema, where)}}}};
    if (exportable) {
      success["content"].as_object()["text/csv"] =
          boost::json::object{{"schema", boost::json::object{{"type", "string"}}}};
    }
  }
  boost::json::object responses{{std::to_string(route.success_status), std::move(success)}};
  if (!route.request_schema.empty() || route.pattern.find('{') != std::string::npos) {
    responses["400"] = ProblemAnswer("a field is malformed or breaks a rule; `errors` names it");
  }
  if (route.access != RouteAccess::kPublic) {
    responses["401"] = ProblemAnswer("no, unknown or expired credentials");
    responses["403"] = ProblemAnswer("not allowed here, or a missing CSRF token");
  }
  if (route.access == RouteAccess::kPermission && route.pattern.find('{') != std::string::npos) {
    responses["404"] = ProblemAnswer("no such object (only to a caller holding the permission tenant-wide)");
  }
  if (!route.request_schema.empty()) responses["413"] = ProblemAnswer("the body is larger than the limit");
  operation["responses"] = std::move(responses);
  return operation;
}

}  // namespace

std::string OpenApiDocument(const std::vector<ApiRoute>& routes) {
  boost::json::object paths;
  for (const ApiRoute& route : routes) {
    boost::json::value& path = paths[route.pattern];
    if (!path.is_object()) path = boost::json::object{};
    path.as_object()[Lower(route.method)] = Operation(route);
  }
  const boost::json::object problem_schema{
      {"type", "object"},
      {"required", boost::json::array{"type", "title", "status", "detail", "errors"}},
      {"properties",
       boost::json::object{
           {"type", boost::json::object{{"type", "string"}}},
           {"title", boost::json::object{{"type", "string"}}},
           {"status", boost::json::object{{"type", "integer"}}},
           {"detail", boost::json::object{{"type", "string"}}},
           {"errors",
            boost::json::object{
                {"type", "array"},
                {"items", boost::json::object{
                              {"type", "object"},
                              {"required", boost::json::array{"field", "reason"}},
                              {"properties", boost::json::object{
                                                 {"field", boost::json::object{{"type", "string"}}},
                                                 {"reason", boost::json::object{{"type", "string"}}}}}}}}}}}};
  boost::json::object document{
      {"openapi", "3.1.0"},
      {"info",
       boost::json::object{{"title", "OpenMSP Control Centre API"}, {"version", OPENMSP_API_VERSION}}},
      {"servers", boost::json::array{boost::json::object{{"url", kApiPrefix}}}},
      {"paths", std::move(paths)},
      {"components",
       boost::json::object{
           {"schemas", boost::json::object{{"Problem", problem_schema}}},
           {"securitySchemes",
            boost::json::object{
                {"session", boost::json::object{{"type", "apiKey"},
                                                {"in", "cookie"},
                                                {"name", kSessionCookieName},
                                                {"description",
                                                 "the browser session of POST /auth/login; unsafe "
                                                 "methods also need the X-CSRF-Token header"}}},
                {"apiKey",
                 boost::json::object{{"type", "http"},
                                     {"scheme", "bearer"},
                                     {"description", "an API key (omk_…) made with POST /api-keys"}}}}}}}};
  return SerializeJson(document);
}

}  // namespace openmsp::api
