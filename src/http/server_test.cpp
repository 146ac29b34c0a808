#include "http/server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <atomic>
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

  // A client whose receive buffer is `receive_buffer_bytes` (set before connecting, so the kernel does not
  // grow it): what the server can push ahead of a client that does not read is then the server's send
  // buffer and this.
  Client(std::uint16_t port, int receive_buffer_bytes) {
    socket_.open(tcp::v4());
    socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer_bytes));
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
  }

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

  // A response whose body may end early: the error of reading it (none when it is complete).
  boost::system::error_code TryReceive(bhttp::response<bhttp::string_body>& response) {
    boost::system::error_code ec;
    bhttp::read(socket_, buffer_, response, ec);
    return ec;
  }

  // Up to `bytes` raw bytes (fewer when the connection ends first).
  std::string ReadRaw(std::size_t bytes) {
    std::string raw(bytes, '\0');
    boost::system::error_code ec;
    std::size_t read = asio::read(socket_, asio::buffer(raw), ec);
    raw.resize(read);
    return raw;
  }

  // Everything until the server closes the connection, raw.
  std::string ReadUntilClosed() {
    std::string raw;
    boost::system::error_code ec;
    asio::read(socket_, asio::dynamic_buffer(raw), ec);
    return raw;
  }

  // Reads and throws away until the connection ends; answers the bytes read and the last eight of them.
  std::pair<std::size_t, std::string> DiscardUntilClosed() {
    std::size_t total = 0;
    std::string tail;
    std::vector<char> piece(64 * 1024);
    boost::system::error_code ec;
    while (!ec) {
      std::size_t read = socket_.read_some(asio::buffer(piece), ec);
      total += read;
      tail.append(piece.data(), read);
      if (tail.size() > 8) tail.erase(0, tail.size() - 8);
    }
    return {total, tail};
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

// The body a `Numbered` producer makes: lines `0\n` to `count-1\n`, `per_call` lines per call.
std::string NumberedLines(int count) {
  std::string body;
  for (int i = 0; i < count; ++i) body += std::to_string(i) + "\n";
  return body;
}

HttpBodyProducer Numbered(int count, int per_call, std::shared_ptr<std::atomic<int>> calls = nullptr) {
  auto next = std::make_shared<int>(0);
  return [=](std::string& chunk) -> Result<bool> {
    if (calls) ++*calls;
    for (int i = 0; i < per_call && *next < count; ++i) chunk += std::to_string((*next)++) + "\n";
    return *next < count;
  };
}

// A producer that never ends, `chunk_bytes` a call, counting its calls; `alive` lives as long as it does.
HttpBodyProducer Endless(std::size_t chunk_bytes, std::shared_ptr<std::atomic<int>> calls,
                         std::shared_ptr<int> alive = nullptr) {
  return [chunk_bytes, calls, alive](std::string& chunk) -> Result<bool> {
    ++*calls;
    chunk.append(chunk_bytes, 'x');
    return true;
  };
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

TEST(HttpServerStreamTest, ManyChunksArriveIntactAndTheConnectionGoesOn) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  Router router = EchoRouter();
  router.Add("GET", "/export", [calls](const HttpRequest&) {
    return HttpResponse::Streamed(200, "text/csv; charset=utf-8", Numbered(100000, 50, calls));
  });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());

  auto response = client.Exchange(Get("/export"));

  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response["Transfer-Encoding"], "chunked");
  EXPECT_EQ(response.count("Content-Length"), 0u);
  EXPECT_EQ(response["Content-Type"], "text/csv; charset=utf-8");
  EXPECT_TRUE(response.keep_alive());
  EXPECT_EQ(response.body().size(), 588890u);  // 10 + 90*2 + 900*3 + 9000*4 + 90000*5 + 100000 newlines
  EXPECT_EQ(response.body(), NumberedLines(100000));
  EXPECT_EQ(*calls, 2000);
  EXPECT_EQ(client.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerStreamTest, EachProducerCallIsOneChunkOnTheWire) {
  Router router;
  router.Add("GET", "/export", [](const HttpRequest&) {
    auto call = std::make_shared<int>(0);
    return HttpResponse::Streamed(200, "text/plain", [call](std::string& chunk) -> Result<bool> {
      ++*call;
      if (*call == 2) return true;  // nothing this time: no empty chunk, which would end the body
      chunk = *call == 1 ? "hello, " : "world";
      return *call < 3;
    });
  });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());

  client.Send("GET /export HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
  std::string raw = client.ReadUntilClosed();

  std::size_t body = raw.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos) << raw;
  EXPECT_NE(raw.find("Transfer-Encoding: chunked\r\n"), std::string::npos) << raw;
  EXPECT_NE(raw.find("Connection: close\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw.substr(body + 4), "7\r\nhello, \r\n5\r\nworld\r\n0\r\n\r\n");
}

TEST(HttpServerStreamTest, AnAsynchronousHandlerMayAnswerWithAStream) {
  HeldResponders held;
  Router router = EchoRouter();
  router.AddAsync("GET", "/export", held.Handler());
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());
  client.Send(Get("/export"));
  held.AwaitHeld(1);

  held.AnswerFromAnotherThread(0, HttpResponse::Streamed(200, "text/csv", Numbered(1000, 7)));

  EXPECT_EQ(client.Receive().body(), NumberedLines(1000));
  EXPECT_EQ(client.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerStreamTest, TheProducerIsNotRunAheadOfAClientThatDoesNotRead) {
  constexpr std::size_t kChunk = 64 * 1024;
  auto calls = std::make_shared<std::atomic<int>>(0);
  Router router;
  router.Add("GET", "/export", [calls, kChunk](const HttpRequest&) {
    return HttpResponse::Streamed(200, "text/plain", Endless(kChunk, calls));
  });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port(), 64 * 1024);
  client.Send(Get("/export"));
  std::this_thread::sleep_for(500ms);

  // What is in flight is bounded by the socket buffers (the server's send buffer grows up to the third
  // value of net.ipv4.tcp_wmem, 4 MiB here, where 61 chunks were made; the client's 64 KiB, doubled by
  // the kernel) plus the chunk being written. A producer run ahead would have made thousands.
  std::size_t send_buffer_max = 4 * 1024 * 1024;
  if (std::ifstream tcp_wmem("/proc/sys/net/ipv4/tcp_wmem"); tcp_wmem) {
    std::size_t min = 0;
    std::size_t initial = 0;
    tcp_wmem >> min >> initial >> send_buffer_max;
  }
  int in_flight_at_most = static_cast<int>((send_buffer_max + 2 * kChunk) / kChunk + 1);
  int stalled = *calls;
  EXPECT_GE(stalled, 1);
  EXPECT_LE(stalled, in_flight_at_most);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(*calls, stalled);

  // Reading lets it go on.
  std::string raw = client.ReadRaw(8 * 1024 * 1024);
  EXPECT_EQ(raw.size(), 8u * 1024 * 1024);
  EXPECT_GT(*calls, stalled);
}

TEST(HttpServerStreamTest, AClientThatStopsReadingIsDroppedAtTheWriteTimeout) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto alive = std::make_shared<int>(0);
  std::weak_ptr<int> producer_alive = alive;
  Router router = EchoRouter();
  router.Add("GET", "/export", [calls, alive](const HttpRequest&) {
    return HttpResponse::Streamed(200, "text/plain", Endless(64 * 1024, calls, alive));
  });
  alive.reset();
  HttpServerOptions options = SmallOptions();
  options.write_timeout = 300ms;
  RunningServer server(std::move(router), options);
  Client client(server.port(), 64 * 1024);
  client.Send(Get("/export"));
  auto started = std::chrono::steady_clock::now();
  while (*calls == 0) std::this_thread::sleep_for(1ms);

  // The route's copy of `alive` goes with the router; the producer's when the connection is dropped.
  while (producer_alive.use_count() > 1 && std::chrono::steady_clock::now() - started < 5s) {
    std::this_thread::sleep_for(10ms);
  }
  auto dropped_after = std::chrono::steady_clock::now() - started;

  EXPECT_EQ(producer_alive.use_count(), 1);
  EXPECT_GE(dropped_after, 300ms);
  EXPECT_LT(dropped_after, 3s);
  auto [bytes, tail] = client.DiscardUntilClosed();
  EXPECT_GT(bytes, 0u);
  EXPECT_FALSE(EndsWith(tail, "0\r\n\r\n"));
  Client other(server.port());
  EXPECT_EQ(other.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerStreamTest, AProducersErrorEndsTheBodyIncompleteAndClosesTheConnection) {
  Router router = EchoRouter();
  router.Add("GET", "/export", [](const HttpRequest&) {
    auto call = std::make_shared<int>(0);
    return HttpResponse::Streamed(200, "text/plain", [call](std::string& chunk) -> Result<bool> {
      if (++*call == 4) return Error{ErrorCode::kUnavailable, "", "database gone"};
      chunk = "row\n";
      return true;
    });
  });
  router.Add("GET", "/throws", [](const HttpRequest&) {
    return HttpResponse::Streamed(200, "text/plain", [](std::string&) -> Result<bool> {
      throw std::runtime_error("producer bug");
    });
  });
  RunningServer server(std::move(router), SmallOptions());

  for (const char* target : {"/export", "/throws"}) {
    Client client(server.port());
    client.Send(Get(target));
    bhttp::response<bhttp::string_body> response;
    boost::system::error_code ec = client.TryReceive(response);
    EXPECT_EQ(ec, bhttp::error::partial_message) << target << ": " << ec.message();
    EXPECT_TRUE(client.ServerClosed()) << target;
  }
  Client client(server.port());
  EXPECT_EQ(client.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerStreamTest, HttpOneZeroGetsACloseDelimitedBody) {
  Router router;
  router.Add("GET", "/export", [](const HttpRequest&) {
    return HttpResponse::Streamed(200, "text/csv", Numbered(5000, 100));
  });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());

  client.Send("GET /export HTTP/1.0\r\n\r\n");
  std::string raw = client.ReadUntilClosed();

  std::size_t end_of_header = raw.find("\r\n\r\n");
  ASSERT_NE(end_of_header, std::string::npos);
  std::string header = raw.substr(0, end_of_header + 2);
  EXPECT_TRUE(header.starts_with("HTTP/1.0 200 OK\r\n")) << header;
  EXPECT_NE(header.find("Connection: close\r\n"), std::string::npos) << header;
  EXPECT_EQ(header.find("Content-Length"), std::string::npos) << header;
  EXPECT_EQ(header.find("Transfer-Encoding"), std::string::npos) << header;
  EXPECT_EQ(raw.substr(end_of_header + 4), NumberedLines(5000));
}

TEST(HttpServerStreamTest, HeadGetsTheHeaderWithoutCallingTheProducer) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  Router router = EchoRouter();
  router.Add("GET", "/export", [calls](const HttpRequest&) {
    return HttpResponse::Streamed(200, "text/csv", Numbered(10, 1, calls));
  });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());

  client.Send("HEAD /export HTTP/1.1\r\nHost: test\r\n\r\n");
  auto head = client.ReceiveHead();

  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_EQ(head["Transfer-Encoding"], "chunked");
  EXPECT_EQ(head["Content-Type"], "text/csv");
  EXPECT_EQ(*calls, 0);
  // Had any of the body been sent, this answer would be read from it.
  EXPECT_EQ(client.Exchange(Get("/hello")).body(), "hello");
}

TEST(HttpServerStreamTest, StopLetsAStreamInFlightFinishThenCloses) {
  std::latch first_chunk(1);
  Router router;
  router.Add("GET", "/export", [&first_chunk](const HttpRequest&) {
    auto lines = std::make_shared<HttpBodyProducer>(Numbered(200, 1));
    auto call = std::make_shared<int>(0);
    return HttpResponse::Streamed(200, "text/plain", [&first_chunk, lines, call](std::string& chunk) {
      if ((*call)++ == 0) first_chunk.count_down();
      std::this_thread::sleep_for(1ms);
      return (*lines)(chunk);
    });
  });
  RunningServer server(std::move(router), SmallOptions());
  Client client(server.port());
  client.Send(Get("/export"));
  first_chunk.wait();

  server.server().Stop();

  auto response = client.Receive();
  EXPECT_EQ(response.body(), NumberedLines(200));
  EXPECT_TRUE(client.ServerClosed());
}

TEST(HttpServerStreamTest, StopCutsAnEndlessStreamAtTheShutdownTimeout) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  Router router;
  router.Add("GET", "/export", [calls](const HttpRequest&) {
    return HttpResponse::Streamed(200, "text/plain", Endless(16 * 1024, calls));
  });
  HttpServerOptions options = SmallOptions();
  options.shutdown_timeout = 300ms;
  auto server = std::make_unique<RunningServer>(std::move(router), options);
  Client client(server->port());
  client.Send(Get("/export"));
  std::pair<std::size_t, std::string> read;
  std::thread reader([&] { read = client.DiscardUntilClosed(); });
  while (*calls < 10) std::this_thread::sleep_for(1ms);

  auto stopping = std::chrono::steady_clock::now();
  server.reset();
  auto stopped_after = std::chrono::steady_clock::now() - stopping;
  reader.join();

  EXPECT_GE(stopped_after, 300ms);
  EXPECT_LT(stopped_after, 3s);
  EXPECT_GT(read.first, 10u * 16 * 1024);
  EXPECT_FALSE(EndsWith(read.second, "0\r\n\r\n"));
}

TEST(HttpServerStreamTest, CollectBodyGathersWhatTheProducerMakes) {
  HttpResponse streamed = HttpResponse::Streamed(200, "text/plain", Numbered(300, 7));
  Result<std::string> body = CollectBody(streamed);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, NumberedLines(300));
  EXPECT_EQ(*CollectBody(HttpResponse::Text(200, "plain")), "plain");

  HttpResponse failing = HttpResponse::Streamed(200, "text/plain", [](std::string&) -> Result<bool> {
    return Error{ErrorCode::kUnavailable, "", "database gone"};
  });
  ASSERT_FALSE(CollectBody(failing).ok());
  EXPECT_EQ(CollectBody(failing).error().message, "database gone");
}

}  // namespace
}  // namespace openmsp::http
