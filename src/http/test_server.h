#pragma once

#include <cstdint>
#include <stdexcept>
#include <thread>
#include <utility>

#include "http/server.h"

namespace openmsp::http::test {

/// An HttpServer on 127.0.0.1 (a free port), running on its own thread for the length of a test; for the
/// tests of the server and of the client.
class RunningServer {
 public:
  RunningServer(Router router, HttpServerOptions options) : server_(std::move(router), options) {
    Result<std::uint16_t> port = server_.Start("127.0.0.1", 0);
    if (!port) throw std::runtime_error(port.error().ToString());
    port_ = *port;
    thread_ = std::thread([this] { server_.Run(); });
  }

  ~RunningServer() {
    server_.Stop();
    thread_.join();
  }

  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  std::uint16_t port() const { return port_; }
  HttpServer& server() { return server_; }

 private:
  HttpServer server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace openmsp::http::test
