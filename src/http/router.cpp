#include "http/router.h"

#include <stdexcept>

namespace openmsp::http {

void Router::Add(std::string method, std::string path, HttpHandler handler) {
  std::vector<MethodHandler>& handlers = routes_[path];
  for (const MethodHandler& existing : handlers) {
    if (existing.method == method) {
      throw std::logic_error("route registered twice: " + method + " " + path);
    }
  }
  handlers.push_back({std::move(method), std::move(handler)});
}

HttpResponse Router::Dispatch(const HttpRequest& request) const {
  auto route = routes_.find(request.path);
  if (route == routes_.end()) return HttpResponse::Text(404, "not found\n");

  std::string allow;
  for (const MethodHandler& candidate : route->second) {
    if (candidate.method == request.method) return candidate.handler(request);
    allow += (allow.empty() ? "" : ", ") + candidate.method;
  }
  HttpResponse response = HttpResponse::Text(405, "method not allowed\n");
  response.headers.Set("Allow", std::move(allow));
  return response;
}

}  // namespace openmsp::http
