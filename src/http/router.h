#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace openmsp::http {

/// Answers one request. Handlers run on the server's I/O threads, several at once: they must be
/// thread-safe and should not block for long. An exception escaping a handler becomes a 500.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

/// Maps a method and an exact path to a handler. Built once before the server starts and read-only
/// afterwards, so dispatching needs no lock. Exact paths only for now: the OCPI and Control Centre
/// issues add path parameters when they need them.
class Router {
 public:
  /// Serves `method` on `path` (e.g. `GET`, `/healthz`) with `handler`. Registering the same method and
  /// path twice is a programming error and throws `std::logic_error`.
  void Add(std::string method, std::string path, HttpHandler handler);

  /// The handler's response for `request`; 404 when no route has the path, and 405 with an `Allow`
  /// header listing the path's methods when the path exists under other methods only.
  HttpResponse Dispatch(const HttpRequest& request) const;

 private:
  struct MethodHandler {
    std::string method;
    HttpHandler handler;
  };

  std::map<std::string, std::vector<MethodHandler>, std::less<>> routes_;
};

}  // namespace openmsp::http
