#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/router.h"

namespace openmsp::http {

/// One request answered, as `HttpServerOptions::on_exchange` is told of it.
struct HttpExchange {
  std::string_view method;
  /// The matched route's pattern (`Router`), or empty when no route matched (404, 405, 400).
  std::string_view route;
  int status = 0;
  /// From the request read in full to the response handed to the socket (writing not included).
  std::chrono::microseconds duration{0};
};

/// How an `HttpServer` runs and what it tolerates from clients. The defaults suit OCPI and the Control
/// Centre; tests shrink the limits and timeouts.
struct HttpServerOptions {
  /// I/O threads; 0 means one per core.
  unsigned threads = 0;
  /// Largest request line plus header fields, in bytes; a larger header gets 431 and the connection closes.
  std::uint32_t max_header_bytes = 16 * 1024;
  /// Largest request body, in bytes; a larger one gets 413 and the connection closes, before the body is
  /// read when `Content-Length` announces it.
  std::uint64_t max_body_bytes = 1024 * 1024;
  /// Time a client has to send one complete request, counted from when the server starts waiting for
  /// it, also between requests on a kept-alive connection. A slow or idle client is disconnected after it,
  /// so it cannot hold a connection for ever.
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  /// Time a client has to take in one response; for a streamed response (`HttpResponse::Streamed`), one
  /// piece of it, so a long export is not cut while a client that stops reading is.
  std::chrono::milliseconds write_timeout = std::chrono::seconds(30);
  /// How long `Stop` waits for requests in flight before it closes every connection regardless.
  std::chrono::milliseconds shutdown_timeout = std::chrono::seconds(10);
  /// Told of every request answered by a route or refused by the router (not of requests refused while
  /// being read, such as 413 and 431), on the I/O thread: for metrics. Must be thread-safe and quick.
  std::function<void(const HttpExchange&)> on_exchange = {};
};

/// An HTTP/1.1 server: keep-alive connections, requests dispatched to a `Router`, limits and timeouts
/// from `HttpServerOptions`. A handler that throws gets its client a generic 500; the server goes on.
///
///     HttpServer server(std::move(router), options);
///     Result<std::uint16_t> port = server.Start("127.0.0.1", 0);
///     server.StopOnSignals({SIGINT, SIGTERM});
///     server.Run();  // returns after Stop()
class HttpServer {
 public:
  /// A server that answers with `router`; nothing happens until `Start`.
  explicit HttpServer(Router router, HttpServerOptions options = {});
  /// Call only after `Run` has returned, or when `Run` was never called.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds `host` (an address or a name that resolves) and `port` (0: any free port) and starts
  /// listening; connections are served once `Run` is called. Answers the bound port, or an error
  /// (kInvalidArgument when the host does not resolve, kUnavailable when the address is in use or not
  /// ours to bind) whose message names the address. Call once.
  Result<std::uint16_t> Start(const std::string& host, std::uint16_t port);

  /// Serves on the configured number of threads, the calling one included, and returns once `Stop` has
  /// finished: no longer listening and every connection closed.
  void Run();

  /// Graceful stop: stops accepting, closes idle connections at once, lets requests in flight be
  /// answered (with `Connection: close`) and closes every remaining connection when
  /// `shutdown_timeout` has passed. Returns at once; `Run` returns when it is done. Safe from any thread,
  /// from a handler, and more than once.
  void Stop();

  /// Connections accepted since `Start`; a kept-alive connection counts once however many requests it
  /// carries.
  std::uint64_t connections_accepted() const;

  /// Makes the first of `signals` (e.g. SIGINT, SIGTERM) that arrives call `Stop`, after `on_signal`
  /// (when given) is told which one came, so the application can log it. Once stopping, the signals get
  /// their default action back, so a second Ctrl-C ends the process at once. Call before `Run`.
  void StopOnSignals(std::vector<int> signals, std::function<void(int signal)> on_signal = nullptr);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace openmsp::http
