#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp::http {

/// Where a server listens: a host (an IPv4 or IPv6 address, or a name) and a TCP port.
struct ListenAddress {
  /// `127.0.0.1`, `localhost`, or an IPv6 address without its brackets (`::1`).
  std::string host;
  /// 0 asks the operating system for any free port; `HttpServer::Start` reports the one it got.
  std::uint16_t port = 0;

  /// `host:port` as `ParseListenAddress` reads it, with an IPv6 address in brackets (`[::1]:8080`), so
  /// `"http://" + ToString()` is a URL.
  std::string ToString() const;

  friend bool operator==(const ListenAddress&, const ListenAddress&) = default;
};

/// Parses `HOST:PORT` (`127.0.0.1:8080`, `localhost:8080`, `[::1]:8080`, `0.0.0.0:0`). Only the syntax is
/// checked here; whether the host resolves and the port is free shows when the server starts. The error
/// names no field: the caller knows which option or setting the text came from and nests it.
Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace openmsp::http
