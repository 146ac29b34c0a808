#include "http/server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "http/test_server.h"

namespace openmsp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

using test::RunningServer;

// A blocking client connection that sends raw bytes and reads whole responses.
class Client {
 public:
  explicit Client(std::uint16_t port) { socket_.connect({asio::ip::make_address("127.0.0.1"), port}); }

  void Send(const std::string& raw) { asio::write(socket_, asio::buffer(raw)); }

  bhttp::response<bhttp::string_body> Receive() {
    bhttp::response<bhttp::string_body> response;
    bhttp::read(socket_, buffer_, response);
    return response;
  }

  // A response to HEAD: its header announces a body that does not follow.
  bhttp::response<bhttp::string_body> ReceiveHead() {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(true);
    bhttp::read(socket_, buffer_, parser);
    return parser.release();
  }

  bhttp::response<bhttp::string_body> Exchange(const std::string& raw) {
    Send(raw);
    return Receive();
  }

  // Whether the server has closed the connection: the next read ends without data.
  bool ServerClosed() {
    char byte = 0;
    boost::system::error_code ec;
    std::size_t read = socket_.read_some(asio::buffer(&byte, 1), ec);
    return read == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
  }

 private:
  asio::io_context io_context_;
  tcp::socket socket_{io_context_};
  beast::flat_buffer buffer_;
};

std::string Get(const std::string& target) { return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n"; }

HttpServerOptions SmallOptions() {
  HttpServerOptions options;
  options.threads = 2;
  options.max_header_bytes = 1024;
  options.max_body_bytes = 64;
  options.read_timeout = 500ms;
  options.shutdown_timeout = 5s;
  return options;
}

Router EchoRouter() {
  Router router;
  router.Add("GET", "/hello", [](const HttpRequest&) { return HttpResponse::Text(200, "hello"); });
  router.Add("POST", "/echo", [](const HttpRequest& request) {
    HttpResponse response = HttpResponse::Text(
        200, request.method + " " + request.path + "?" + request.query + " " +
                 std::string(request.headers.Get("x-tag").value_or("")) + " " + request.body);
    response.headers.Set("X-Reply", "yes");
    return response;
  });
  router.Add("GET", "/throw",
             [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("secret detail"); });
  return router;
}

TEST(HttpServerTest, StartOnPortZeroReportsTheBoundPort) {
  RunningServer server(EchoRouter(), SmallOptions());
  EXPECT_NE(server.port(), 0);
}

TEST(HttpServerTest, HandlerSeesMethodPathQueryHeadersAndBody) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  auto response = client.Exchange(
      "POST /echo?a=1&b=2 HTTP/1.1\r\nHost: test\r\nX-Tag: t1\r\nContent-Length: 5\r\n\r\nhello");

  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), "POST /echo?a=1&b=2 t1 hello");
  EXPECT_EQ(response["X-Reply"], "yes");
  EXPECT_EQ(response["Content-Length"], "27");
}

TEST(HttpServerTest, HandlerSeesDecodedPathParameters) {
  Router router;
  router.Add("GET", "/tokens/{country_code}/{party_id}/{uid}", [](const HttpRequest& request) {
    return HttpResponse::Text(200, std::string(request.PathParameterValue("country_code").value_or("")) +
                                       " " + std::string(request.PathParameterValue("uid").value_or("")));
  });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());

  EXPECT_EQ(client.Exchange(Get("/tokens/NL/TNM/a%20b?type=RFID")).body(), "NL a b");
  EXPECT_EQ(client.Exchange(Get("/tokens/NL/TNM/a%2")).result_int(), 400u);
  EXPECT_EQ(client.Exchange(Get("/tokens/NL/TNM")).result_int(), 404u);
}

TEST(HttpServerTest, TellsEveryExchangeWithItsRoutePatternStatusAndDuration) {
  struct Seen {
    std::string method;
    std::string route;
    int status;
  };
  std::mutex mutex;
  std::vector<Seen> seen;
  HttpServerOptions options = SmallOptions();
  options.on_exchange = [&](const HttpExchange& exchange) {
    EXPECT_GE(exchange.duration.count(), 0);
    std::lock_guard lock(mutex);
    seen.push_back({std::string(exchange.method), std::string(exchange.route), exchange.status});
  };
  Router router = EchoRouter();
  router.Add("GET", "/cdrs/{id}", [](const HttpRequest&) { return HttpResponse::Text(201, "made"); });
  RunningServer server(std::move(router), options);
  Client client(server.port());
  client.Exchange(Get("/cdrs/42"));
  client.Exchange(Get("/nowhere"));
  client.Exchange("DELETE /hello HTTP/1.1\r\nHost: test\r\n\r\n");

  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].route, "/cdrs/{id}");  // the pattern, not the path
  EXPECT_EQ(seen[0].status, 201);
  EXPECT_EQ(seen[1].route, "");
  EXPECT_EQ(seen[1].status, 404);
  EXPECT_EQ(seen[2].method, "DELETE");
  EXPECT_EQ(seen[2].status, 405);
}

TEST(HttpServerTest, KeepsTheConnectionAliveForSeveralRequests) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  for (int i = 0; i < 3; ++i) {
    auto response = client.Exchange(Get("/hello"));
    EXPECT_EQ(response.body(), "hello");
    EXPECT_TRUE(response.keep_alive());
  }
}

TEST(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  client.Send(Get("/hello") + Get("/missing") + Get("/hello"));

  EXPECT_EQ(client.Receive().result_int(), 200u);
  EXPECT_EQ(client.Receive().result_int(), 404u);
  EXPECT_EQ(client.Receive().result_int(), 200u);
}

TEST(HttpServerTest, ClosesAfterTheResponseWhenTheClientAsks) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  auto response = client.Exchange("GET /hello HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");

  EXPECT_EQ(response.body(), "hello");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST(HttpServerTest, AThrowingHandlerGetsAGeneric500AndTheServerGoesOn) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  auto failed = client.Exchange(Get("/throw"));
  EXPECT_EQ(failed.result_int(), 500u);
  EXPECT_EQ(failed.body(), "internal server error\n");

  EXPECT_EQ(client.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerTest, RefusesAnAnnouncedOversizedBodyWith413BeforeReadingIt) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  auto response = client.Exchange("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 65\r\n\r\n");

  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST(HttpServerTest, AcceptsABodyAtTheLimit) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  auto response = client.Exchange("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 64\r\n\r\n" +
                                  std::string(64, 'x'));

  EXPECT_EQ(response.result_int(), 200u);
}

TEST(HttpServerTest, RefusesAnOversizedChunkedBodyWith413) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  auto response =
      client.Exchange("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n" +
                      std::string(65, 'x') + "\r\n0\r\n\r\n");

  EXPECT_EQ(response.result_int(), 413u);
}

TEST(HttpServerTest, RefusesAnOversizedHeaderWith431) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  auto response =
      client.Exchange("GET /hello HTTP/1.1\r\nHost: test\r\nX-Big: " + std::string(2000, 'x') + "\r\n\r\n");

  EXPECT_EQ(response.result_int(), 431u);
}

TEST(HttpServerTest, RefusesGarbageWith400) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  auto response = client.Exchange("NOT HTTP AT ALL\r\n\r\n");

  EXPECT_EQ(response.result_int(), 400u);
  EXPECT_TRUE(client.ServerClosed());
}

TEST(HttpServerTest, DisconnectsAClientThatSendsTooSlowly) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  client.Send("GET /hello HTTP/1.1\r\nHost: te");
  auto started = std::chrono::steady_clock::now();

  EXPECT_TRUE(client.ServerClosed());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST(HttpServerTest, StartFailsClearlyWhenThePortIsTaken) {
  RunningServer first(EchoRouter(), SmallOptions());
  HttpServer second(EchoRouter(), SmallOptions());

  Result<std::uint16_t> port = second.Start("127.0.0.1", first.port());

  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(port.error().message,
            "cannot listen on 127.0.0.1:" + std::to_string(first.port()) + ": Address already in use");
}

TEST(HttpServerTest, StartFailsClearlyWhenTheHostDoesNotResolve) {
  HttpServer server(EchoRouter(), SmallOptions());

  Result<std::uint16_t> port = server.Start("no-such-host.invalid", 0);

  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(port.error().message.find("no-such-host.invalid:0"), std::string::npos) << port.error().message;
}

TEST(HttpServerTest, StopFinishesTheRequestInFlightAndClosesIdleConnections) {
  std::latch handler_started(1);
  Router router = EchoRouter();
  router.Add("GET", "/slow", [&handler_started](const HttpRequest&) {
    handler_started.count_down();
    std::this_thread::sleep_for(300ms);
    return HttpResponse::Text(200, "slow");
  });
  auto server = std::make_unique<RunningServer>(std::move(router), SmallOptions());
  Client idle(server->port());
  idle.Exchange(Get("/hello"));
  Client busy(server->port());
  busy.Send(Get("/slow"));
  handler_started.wait();

  server->server().Stop();

  auto response = busy.Receive();
  EXPECT_EQ(response.body(), "slow");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(busy.ServerClosed());
  EXPECT_TRUE(idle.ServerClosed());
  std::uint16_t port = server->port();
  server.reset();
  EXPECT_THROW(Client{port}, boost::system::system_error);
}

// Responders that asynchronous handlers handed over, answered by the test when it chooses.
class HeldResponders {
 public:
  AsyncHttpHandler Handler() {
    return [this](HttpRequest request, HttpResponder responder) {
      std::lock_guard lock(mutex_);
      held_.push_back({std::move(request), std::move(responder)});
      arrived_.notify_all();
    };
  }

  // Waits until `count` requests are held.
  void AwaitHeld(std::size_t count) {
    std::unique_lock lock(mutex_);
    arrived_.wait(lock, [&] { return held_.size() >= count; });
  }

  // The held responder `index`, answered from a thread of its own, as a database thread would.
  void AnswerFromAnotherThread(std::size_t index, HttpResponse response) {
    HttpResponder responder;
    {
      std::lock_guard lock(mutex_);
      responder = std::move(held_.at(index).second);
    }
    std::thread([responder = std::move(responder), response = std::move(response)]() mutable {
      responder.Respond(std::move(response));
    }).join();
  }

  const HttpRequest& request(std::size_t index) {
    std::lock_guard lock(mutex_);
    return held_.at(index).first;
  }

  HttpResponder Take(std::size_t index) {
    std::lock_guard lock(mutex_);
    return std::move(held_.at(index).second);
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::pair<HttpRequest, HttpResponder>> held_;
};

TEST(HttpServerAsyncTest, TheIoThreadServesOthersWhileAnAnswerIsPending) {
  HeldResponders held;
  Router router = EchoRouter();
  router.AddAsync("POST", "/cdrs/{id}", held.Handler());
  HttpServerOptions options = SmallOptions();
  options.threads = 1;
  RunningServer server(std::move(router), options);
  Client waiting(server.port());
  waiting.Send("POST /cdrs/c1 HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\n\r\n{}");
  held.AwaitHeld(1);

  Client other(server.port());
  EXPECT_EQ(other.Exchange(Get("/hello")).body(), "hello");

  EXPECT_EQ(held.request(0).PathParameterValue("id"), "c1");
  EXPECT_EQ(held.request(0).body, "{}");
  held.AnswerFromAnotherThread(0, HttpResponse::Text(201, "stored"));
  auto response = waiting.Receive();
  EXPECT_EQ(response.result_int(), 201u);
  EXPECT_EQ(response.body(), "stored");
  EXPECT_TRUE(response.keep_alive());
}

TEST(HttpServerAsyncTest, APipelinedRequestWaitsUntilTheAsyncAnswerIsWritten) {
  HeldResponders held;
  Router router = EchoRouter();
  router.AddAsync("GET", "/slow", held.Handler());
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());
  client.Send(Get("/slow") + Get("/hello"));
  held.AwaitHeld(1);
  std::this_thread::sleep_for(100ms);

  held.AnswerFromAnotherThread(0, HttpResponse::Text(200, "slow"));

  EXPECT_EQ(client.Receive().body(), "slow");
  EXPECT_EQ(client.Receive().body(), "hello");
}

TEST(HttpServerAsyncTest, ADroppedResponderAnswers500AndTheConnectionGoesOn) {
  Router router = EchoRouter();
  router.AddAsync("GET", "/dropped", [](HttpRequest, HttpResponder) {});
  router.AddAsync("GET", "/throws",
                  [](HttpRequest, HttpResponder) { throw std::runtime_error("async detail"); });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());

  auto dropped = client.Exchange(Get("/dropped"));
  EXPECT_EQ(dropped.result_int(), 500u);
  EXPECT_EQ(dropped.body(), "internal server error\n");
  EXPECT_EQ(client.Exchange(Get("/throws")).result_int(), 500u);
  EXPECT_EQ(client.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerAsyncTest, AnsweringTwiceSendsTheFirstAnswerOnly) {
  Router router = EchoRouter();
  router.AddAsync("GET", "/twice", [](HttpRequest, HttpResponder responder) {
    responder.Respond(HttpResponse::Text(200, "first"));
    responder.Respond(HttpResponse::Text(200, "second"));
  });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());

  EXPECT_EQ(client.Exchange(Get("/twice")).body(), "first");
  EXPECT_EQ(client.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerAsyncTest, StopWaitsForAPendingAnswerAndClosesAfterIt) {
  HeldResponders held;
  Router router = EchoRouter();
  router.AddAsync("GET", "/slow", held.Handler());
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());
  client.Send(Get("/slow"));
  held.AwaitHeld(1);

  server.server().Stop();
  std::this_thread::sleep_for(200ms);
  held.AnswerFromAnotherThread(0, HttpResponse::Text(200, "late but in time"));

  auto response = client.Receive();
  EXPECT_EQ(response.body(), "late but in time");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST(HttpServerAsyncTest, AnAnswerAfterTheShutdownTimeoutAndTheServerAreGoneIsIgnored) {
  HeldResponders held;
  Router router = EchoRouter();
  router.AddAsync("GET", "/never", held.Handler());
  HttpServerOptions options = SmallOptions();
  options.shutdown_timeout = 200ms;
  auto server = std::make_unique<RunningServer>(std::move(router), options);
  Client client(server->port());
  client.Send(Get("/never"));
  held.AwaitHeld(1);
  HttpResponder responder = held.Take(0);

  auto stopping = std::chrono::steady_clock::now();
  server.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 3s);
  EXPECT_TRUE(client.ServerClosed());

  responder.Respond(HttpResponse::Text(200, "too late"));
  EXPECT_FALSE(responder.pending());
}

TEST(HttpServerTest, HeadGetsTheGetRoutesStatusAndHeadersWithoutTheBody) {
  Router router = EchoRouter();
  router.AddAsync("GET", "/async", [](HttpRequest, HttpResponder responder) {
    responder.Respond(HttpResponse::Json(200, R"({"status":"ok"})"));
  });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());

  client.Send("HEAD /hello HTTP/1.1\r\nHost: test\r\n\r\n");
  auto head = client.ReceiveHead();
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_EQ(head["Content-Length"], "5");
  EXPECT_EQ(head["Content-Type"], "text/plain; charset=utf-8");
  EXPECT_EQ(head.body(), "");

  client.Send("HEAD /async HTTP/1.1\r\nHost: test\r\n\r\n");
  EXPECT_EQ(client.ReceiveHead()["Content-Length"], "15");
  client.Send("HEAD /missing HTTP/1.1\r\nHost: test\r\n\r\n");
  EXPECT_EQ(client.ReceiveHead().result_int(), 404u);

  // Had a body been sent after any of these headers, this answer would be read from it.
  EXPECT_EQ(client.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerTest, ExpectContinueGetsA100BeforeTheBodyIsSent) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  auto go_ahead = client.Receive();
  EXPECT_EQ(go_ahead.result_int(), 100u);

  client.Send("hello");
  auto response = client.Receive();
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), "POST /echo?  hello");
  EXPECT_EQ(client.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerTest, ExpectContinueWithAnOversizedBodyGets413Instead) {
  RunningServer server(EchoRouter(), SmallOptions());
  Client client(server.port());

  client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 65\r\n\r\n");
  auto response = client.Receive();

  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

}  // namespace
}  // namespace openmsp::http
