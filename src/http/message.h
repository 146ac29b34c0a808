#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace openmsp::http {

/// One header field as it appeared on the wire or as a handler set it.
struct HttpHeaderField {
  std::string name;
  std::string value;

  friend bool operator==(const HttpHeaderField&, const HttpHeaderField&) = default;
};

/// The header fields of a request or response. Names compare case-insensitively (RFC 9110 §5.1); the
/// order and spelling they were added in is kept. A vector, not a map: messages carry a dozen fields,
/// and a linear scan over them is faster than hashing.
class HttpHeaders {
 public:
  /// The value of the first field called `name` (in any case), or nothing when there is none.
  std::optional<std::string_view> Get(std::string_view name) const;

  /// Whether a field called `name` (in any case) is present.
  bool Contains(std::string_view name) const { return Get(name).has_value(); }

  /// Replaces every field called `name` by one field with `value`.
  void Set(std::string name, std::string value);

  /// Appends a field and keeps any others of the same name (for fields that may repeat).
  void Add(std::string name, std::string value);

  /// Every field, in the order added.
  const std::vector<HttpHeaderField>& fields() const { return fields_; }

  friend bool operator==(const HttpHeaders&, const HttpHeaders&) = default;

 private:
  std::vector<HttpHeaderField> fields_;
};

/// One `{name}` of a route's pattern and the path segment it matched, percent-decoded (`%2F` becomes `/`;
/// a `+` stays a `+`, as paths do not encode spaces so).
struct PathParameter {
  std::string name;
  std::string value;

  friend bool operator==(const PathParameter&, const PathParameter&) = default;
};

/// An HTTP request as a handler sees it: complete, with the body read in full (within the server's
/// body limit), and independent of the HTTP library underneath.
struct HttpRequest {
  /// The method token as sent, e.g. `GET` (methods are case-sensitive).
  std::string method;
  /// The path of the request target, without the query, exactly as sent (not percent-decoded).
  std::string path;
  /// What follows the first `?` of the target, without the `?`; empty when there is none.
  std::string query;
  /// The header fields as sent.
  HttpHeaders headers;
  /// The body (empty when there is none); the server refuses bodies above its limit before a handler runs.
  std::string body;
  /// The values the `{name}`s of the matched route's pattern captured, in the pattern's order; filled by
  /// `Router` before the handler runs, empty for a pattern without parameters.
  std::vector<PathParameter> path_parameters = {};
  /// The address of the TCP peer that sent the request (`127.0.0.1`, `::1`), as the server saw it; empty
  /// when the request did not come over a socket (tests, tools). What per-client limits count by (the
  /// Control Centre's login throttling); a proxy in front makes it the proxy's address.
  std::string client_address = {};

  /// The value the route's `{name}` captured, or nothing when the pattern has no such parameter.
  std::optional<std::string_view> PathParameterValue(std::string_view name) const;
};

/// Produces a streamed response's body piece by piece (`HttpResponse::Streamed`). Each call appends the
/// next piece to `chunk` (empty on entry) and answers whether more follows: `true` to be called again,
/// `false` when `chunk` holds the last piece (it may be empty). An error ends the response where it is:
/// the status is already sent, so the server logs the error and closes the connection without the
/// chunked body's end, which tells the client the body is incomplete.
///
/// The server calls it on an I/O thread, once the previous piece is in the socket, so it is never run
/// ahead of a slow client and at most one piece is in memory. A call should append about
/// `kStreamChunkBytes` (a page of rows, say) and return: the I/O thread serves other connections only
/// between calls. `std::function` needs a copyable callable; keep move-only state (a database cursor)
/// behind a `std::shared_ptr`.
using HttpBodyProducer = std::function<Result<bool>(std::string& chunk)>;

/// What a body producer should append per call: large enough that the chunk framing costs nothing, small
/// enough that a call is quick and memory stays flat whatever the body's size.
inline constexpr std::size_t kStreamChunkBytes = 64 * 1024;

/// An HTTP response as a handler returns it. The server adds `Content-Length` (or, for a streamed body,
/// `Transfer-Encoding: chunked`) and `Connection`.
struct HttpResponse {
  /// The status code, 100 to 599; anything else is a handler bug and the client gets a 500.
  int status = 200;
  /// Header fields to send, such as `Content-Type` or `Allow`.
  HttpHeaders headers;
  /// The body, sent as it is with a `Content-Length`; ignored when `producer` is set.
  std::string body;
  /// When set, the body is streamed from it instead of `body` (see `Streamed`).
  HttpBodyProducer producer = {};

  /// A response whose body `producer` makes piece by piece, of the given media type: a CSV export of a
  /// million rows that never sits whole in memory. HTTP/1.1 clients get it with `Transfer-Encoding:
  /// chunked`, one chunk per producer call; HTTP/1.0 clients get it close-delimited (no length, the
  /// connection closes after it); a HEAD request gets the header only and the producer is not called.
  static HttpResponse Streamed(int status, std::string content_type, HttpBodyProducer producer);

  /// A response with `body` of the given media type (`Content-Type: content_type`).
  static HttpResponse WithBody(int status, std::string content_type, std::string body);

  /// A JSON response; `json` is already serialized.
  static HttpResponse Json(int status, std::string json);

  /// A plain-text (UTF-8) response, as the server's own short error answers are.
  static HttpResponse Text(int status, std::string text);

  /// Whether the body is streamed from `producer`.
  bool streamed() const { return static_cast<bool>(producer); }
};

/// The whole body of `response`: `body`, or everything its producer makes (called until it says it is
/// done). For tests and tools that hold a response outside the server, such as `Router::Dispatch`'s; the
/// server itself never collects a streamed body. A producer's error is returned as it is.
Result<std::string> CollectBody(const HttpResponse& response);

}  // namespace openmsp::http
