#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "http/message.h"

namespace openmsp::http {

/// One outbound request, e.g. a PUT of a token to a CPO's OCPI endpoint.
struct HttpClientRequest {
  /// The method token, e.g. `GET`, `PUT`.
  std::string method = "GET";
  /// An absolute `http://` or `https://` URL; its fragment is not sent.
  std::string url = {};
  /// Header fields to send; `Host` and `Content-Length` are added unless present.
  HttpHeaders headers = {};
  /// The body (empty: none).
  std::string body = {};
  /// Whether the request may be sent again after a failure. Unset means by method: GET, HEAD, PUT,
  /// DELETE and OPTIONS are (they are idempotent); POST and PATCH are not, unless the caller knows that
  /// the receiver makes them so (an OCPI CDR POST is, as the CDR id is unique) and says `true`.
  std::optional<bool> retry_safe = std::nullopt;
};

/// The response to an `HttpClientRequest`, whatever its status: a 404 or 500 is an answer, not an error.
struct HttpClientResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  /// How many times the request was sent until this answer came (1 without retries).
  int attempts = 1;
};

/// How an `HttpClient` waits, retries and what it accepts. The durations are steady-clock intervals
/// (timers), never wall-clock readings; tests shrink them to milliseconds.
struct HttpClientOptions {
  /// Time to resolve the host and establish the TCP connection (and the TLS handshake for https).
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(5);
  /// Time one attempt may take as a whole: connecting, sending the request, receiving the complete
  /// response. A peer that accepts the request and never answers fails after it.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(30);
  /// How many times a retry-safe request is sent at most (1: never retried).
  int max_attempts = 3;
  /// Pause before the second attempt; each further pause is `backoff_multiplier` times the previous
  /// one, at most `max_backoff`.
  std::chrono::milliseconds initial_backoff = std::chrono::milliseconds(200);
  double backoff_multiplier = 2.0;
  std::chrono::milliseconds max_backoff = std::chrono::seconds(10);
  /// Whether each pause is drawn at random between half and all of its length, so that many clients
  /// that failed together do not come back together.
  bool jitter = true;
  /// Largest response body accepted, in bytes; a larger one fails with kOutOfRange.
  std::uint64_t max_response_body_bytes = 16 * 1024 * 1024;
  /// Largest status line plus header fields accepted, in bytes.
  std::uint32_t max_response_header_bytes = 64 * 1024;
  /// Idle keep-alive connections kept per (scheme, host, port) for the next request.
  unsigned max_idle_connections_per_host = 8;
  /// A PEM file of further certificate authorities trusted for https, beside the system's store
  /// (`/etc/ssl/certs`); for tests and private CAs. Empty: the system's store only.
  std::string ca_file = {};
};

/// An HTTP/1.1 client for outbound calls (OCPI requests to CPOs and hubs): http and https, timeouts,
/// retries with exponential backoff, keep-alive connections reused per (scheme, host, port).
/// Thread-safe: several threads may `Send` at once; each request has a connection of its own meanwhile.
///
/// TLS verifies the peer's certificate chain against the system's certificate authorities (plus
/// `ca_file`), checks that the certificate is for the URL's host name or IP address, and sends the host
/// name as SNI. There is no switch to turn verification off.
///
///     OPENMSP_ASSIGN_OR_RETURN(HttpClient client, HttpClient::Create(options));
///     Result<HttpClientResponse> response = client.Send({.method = "GET", .url = versions_url});
class HttpClient {
 public:
  /// A client with `options`; kInvalidArgument naming the option when one is out of range
  /// (`max_attempts` below 1, a timeout not positive, `backoff_multiplier` below 1) or `ca_file` cannot
  /// be loaded.
  static Result<HttpClient> Create(HttpClientOptions options = {});

  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  ~HttpClient();

  /// Sends `request` and answers the response, after retries where the request is retry-safe.
  ///
  /// A retry-safe request is sent again, up to `max_attempts` times in all, after a connection failure
  /// (refused, unreachable, the host does not resolve), a timeout, a connection closed before the
  /// response was complete, and after a 502, 503, 504 or 429 answer; a `Retry-After` in seconds on a
  /// 429 or 503 replaces the backoff, capped at `max_backoff`. When the attempts are used up the last
  /// answer is returned (a 503 is an answer) or the last failure.
  ///
  /// Failures: kInvalidArgument naming `url` (not an absolute http/https URL), `method` or
  /// `headers` (not sendable); kUnavailable naming `url` with the reason (`connection refused`,
  /// `timeout after 200 ms`, `TLS handshake failed: certificate verify failed (self-signed
  /// certificate)`, …) and the number of attempts; kOutOfRange naming `url` for a response over the
  /// body limit; kPeerError naming `url` for a response that is not HTTP.
  Result<HttpClientResponse> Send(const HttpClientRequest& request);

  /// Connections opened so far (each TCP connect, plain or TLS), to observe keep-alive reuse.
  std::uint64_t connections_opened() const;

 private:
  class Impl;
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace openmsp::http
