#include "api/route.h"

#include <algorithm>
#include <utility>

namespace openmsp::api {

Result<void> ApiCall::ChangeWithAudit(
    const std::function<Result<domain::NewAuditEntry>(store::Repositories&)>& change) {
  OPENMSP_RETURN_IF_ERROR(db.ChangeWithAudit(who().tenant.id, change));
  return Ok();
}

ApiReply JsonReply(int status, boost::json::value body) {
  return ApiReply{.status = status, .body = std::move(body), .headers = {}, .raw = std::nullopt};
}

ApiReply NoContent() { return JsonReply(204, nullptr); }

ApiRoute Route(std::string tag, std::string method, std::string pattern, std::string summary,
               domain::Permission permission, std::string request_schema, std::string response_schema,
               int success_status, ApiHandler handler, std::size_t max_body_bytes) {
  return ApiRoute{.method = std::move(method),
                  .pattern = std::move(pattern),
                  .summary = std::move(summary),
                  .tag = std::move(tag),
                  .access = RouteAccess::kPermission,
                  .permission = permission,
                  .session_only = false,
                  .request_schema = std::move(request_schema),
                  .response_schema = std::move(response_schema),
                  .success_status = success_status,
                  .max_body_bytes = max_body_bytes,
                  .handler = std::move(handler)};
}

Result<std::vector<http::QueryParameter>> QueryOf(const ApiCall& call,
                                                  std::initializer_list<std::string_view> known) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<http::QueryParameter> parameters, http::ParseQuery(call.http.query));
  for (const http::QueryParameter& parameter : parameters) {
    if (std::find(known.begin(), known.end(), parameter.name) == known.end()) {
      return InvalidArgument(parameter.name, "is not a query parameter this endpoint knows");
    }
  }
  return parameters;
}

}  // namespace openmsp::api
