#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"
#include "http/responder.h"

namespace openmsp::http {

/// Answers one request. Handlers run on the server's I/O threads, several at once: they must be
/// thread-safe and should not block for long. An exception escaping a handler becomes a 500.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

/// Answers one request asynchronously: it gets the request (to keep) and the `HttpResponder` to answer
/// with, once, whenever and from whichever thread the answer is ready. It runs on an I/O thread like an
/// `HttpHandler`, so it should hand slow work on and return; the I/O thread does not wait for the answer.
using AsyncHttpHandler = std::function<void(HttpRequest request, HttpResponder responder)>;

/// What `Router::Find` made of a request: the handler that answers it, or the answer when none does.
struct RouteMatch {
  /// The matched route's handler when it is synchronous; otherwise null.
  const HttpHandler* handler = nullptr;
  /// The matched route's handler when it is asynchronous; otherwise null.
  const AsyncHttpHandler* async_handler = nullptr;
  /// The matched route's pattern as registered (`/ocpi/2.2.1/cdrs/{id}`): what metrics and logs name a
  /// request by, so that ids in paths do not make every request its own series. Null when none matched.
  const std::string* pattern = nullptr;
  /// When both handlers are null: 404, 405 with `Allow`, or 400 for a path parameter with a broken `%`
  /// escape.
  HttpResponse refusal;
};

/// Maps a method and a path pattern to a handler. Built once before the server starts and read-only
/// afterwards, so dispatching needs no lock.
///
/// A pattern is a path whose segments are literals or `{name}`s:
///
///     router.Add("PUT", "/ocpi/2.2.1/emsp/locations/{country_code}/{party_id}/{location_id}", handler);
///
/// - A `{name}` matches exactly one non-empty segment; the handler reads it, percent-decoded, with
///   `request.PathParameterValue("location_id")` (a `%2F` in it is a `/`, not a separator).
/// - Literal segments compare as sent (case-sensitive, not percent-decoded); `/items` and `/items/` are
///   different paths.
/// - Where a literal and a `{name}` could both take a segment, the literal wins: with `/tokens/{uid}` and
///   `/tokens/count`, `/tokens/count` goes to the second. When the literal branch leads nowhere further
///   on, the `{name}` branch is tried.
/// - A path that routes exist for under other methods only is answered 405 with `Allow` listing them.
/// - `HEAD` is answered by the `GET` route unless the pattern has a `HEAD` route of its own; the server
///   then sends the status and header fields, with the `Content-Length` of the body it leaves out.
///
/// Routes form a tree of segments with the patterns pre-split, so a request costs one lookup per segment
/// of its path: no regular expressions, and the number of routes does not matter.
class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  /// Serves `method` on `pattern` with `handler`. Throws `std::logic_error` (a programming error) when
  /// the pattern is malformed (not starting with `/`, a `{` or `}` that is not a whole `{name}` segment,
  /// a name not made of letters, digits and `_`, the same name twice), when the same method and pattern
  /// are registered twice, or when a pattern differs from an earlier one only in its parameter names
  /// (`/a/{id}` after `/a/{uid}`: one path, two spellings of its parameter).
  void Add(std::string method, std::string_view pattern, HttpHandler handler);

  /// Serves `method` on `pattern` with an asynchronous `handler`; the rules of `Add` apply, and a
  /// method and pattern are either synchronous or asynchronous.
  void AddAsync(std::string method, std::string_view pattern, AsyncHttpHandler handler);

  /// Answers with `handler` the `GET` and `HEAD` requests whose path no route has under any method
  /// (those that would get 404); `RouteMatch::pattern` is then `name`. Every other method keeps its 404,
  /// and a path that routes exist for keeps its 405. For what serves a tree of files and client-side routes
  /// below `/` (the Control Centre's web portal, app/web_assets.h). Throws `std::logic_error` when set twice.
  void SetFallback(std::string name, HttpHandler handler);

  /// Matches `request` and fills its `path_parameters`: the handler to run, or the answer to send.
  RouteMatch Find(HttpRequest& request) const;

  /// The answer to `request`: the matched handler's response, or `Find`'s refusal. For an asynchronous
  /// route it waits until the responder answers, so it suits tests and tools; the server never waits.
  /// A handler's exception propagates.
  HttpResponse Dispatch(HttpRequest request) const;

 private:
  struct Node;
  struct Route;
  void AddRoute(std::string_view pattern, Route route);

  std::unique_ptr<Node> root_;
  std::unique_ptr<Route> fallback_;
};

}  // namespace openmsp::http
