#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// An HTTP response as a handler returns it. The server adds `Content-Length` and `Connection`.
struct HttpResponse {
  /// The status code, 100 to 599; anything else is a handler bug and the client gets a 500.
  int status = 200;
  /// Header fields to send, such as `Content-Type` or `Allow`.
  HttpHeaders headers;
  /// The body, sent as it is with a `Content-Length`.
  std::string body;

  /// A response with `body` of the given media type (`Content-Type: content_type`).
  static HttpResponse WithBody(int status, std::string content_type, std::string body);

  /// A JSON response; `json` is already serialized.
  static HttpResponse Json(int status, std::string json);

  /// A plain-text (UTF-8) response, as the server's own short error answers are.
  static HttpResponse Text(int status, std::string text);
};

}  // namespace openmsp::http
