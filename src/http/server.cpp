#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "http/listen_address.h"

namespace openmsp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using BeastResponse = bhttp::response<bhttp::string_body>;
using StreamHeader = bhttp::response<bhttp::empty_body>;

constexpr std::chrono::milliseconds kAcceptRetryDelay(100);
constexpr std::chrono::milliseconds kDrainPollInterval(20);

void LogLine(const std::string& message) {
  std::string line = "openmsp: " + message + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

// The response to a HEAD request (`head`) keeps the `Content-Length` of the body it leaves out.
BeastResponse ToBeast(HttpResponse response, unsigned version, bool keep_alive, bool head = false) {
  if (response.status < 100 || response.status > 599) {
    throw std::invalid_argument("handler answered status " + std::to_string(response.status));
  }
  BeastResponse message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  for (const HttpHeaderField& field : response.headers.fields()) message.insert(field.name, field.value);
  message.body() = std::move(response.body);
  message.keep_alive(keep_alive);
  message.prepare_payload();
  if (head) message.body().clear();
  return message;
}

// The header of a streamed response: chunked for HTTP/1.1, close-delimited (no length, `Connection: close`)
// for HTTP/1.0, which has no chunked encoding.
StreamHeader ToStreamHeader(const HttpResponse& response, unsigned version, bool keep_alive) {
  if (response.status < 100 || response.status > 599) {
    throw std::invalid_argument("handler answered status " + std::to_string(response.status));
  }
  StreamHeader message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  for (const HttpHeaderField& field : response.headers.fields()) message.insert(field.name, field.value);
  message.erase(bhttp::field::content_length);
  if (version >= 11) {
    message.chunked(true);
    message.keep_alive(keep_alive);
  } else {
    message.erase(bhttp::field::transfer_encoding);
    message.set(bhttp::field::connection, "close");
  }
  return message;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
         });
}

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

class Session;

// Where asynchronous answers enter the server. A responder may answer from any thread at any time, even
// after the server is gone; `closed` (set under `mutex` before the server's I/O objects are destroyed)
// makes such a late answer a no-op.
struct AnswerGate {
  std::mutex mutex;
  bool closed = false;
};

// What every connection shares with the server: the routes, the limits, whether the server is stopping,
// and the live connections, so that `Stop` can reach them.
struct ServerState {
  ServerState(const Router& routes, const HttpServerOptions& limits) : router(routes), options(limits) {}

  const Router& router;
  const HttpServerOptions& options;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> connections_accepted{0};
  std::shared_ptr<AnswerGate> answer_gate = std::make_shared<AnswerGate>();
  std::mutex mutex;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions;

  std::vector<std::shared_ptr<Session>> LiveSessions() {
    std::lock_guard lock(mutex);
    std::vector<std::shared_ptr<Session>> live;
    for (const auto& [key, session] : sessions) {
      if (std::shared_ptr<Session> alive = session.lock()) live.push_back(std::move(alive));
    }
    return live;
  }

  std::size_t SessionCount() {
    std::lock_guard lock(mutex);
    return sessions.size();
  }
};

// One client connection. Everything it does runs on its own strand, one request at a time.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerState& state) : stream_(std::move(socket)), state_(state) {}

  ~Session() {
    std::lock_guard lock(state_.mutex);
    state_.sessions.erase(this);
  }

  void Start() {
    {
      std::lock_guard lock(state_.mutex);
      state_.sessions.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::ReadRequest, shared_from_this()));
  }

  void RequestShutdown() {
    asio::post(stream_.get_executor(), beast::bind_front_handler(&Session::Shutdown, shared_from_this()));
  }

  // Drops the reference that keeps a session waiting for an asynchronous answer alive; only once the
  // server's threads have ended.
  void Abandon() { awaiting_answer_.reset(); }

 private:
  void ReadRequest() {
    parser_.emplace();
    parser_->header_limit(state_.options.max_header_bytes);
    parser_->body_limit(state_.options.max_body_bytes);
    stream_.expires_after(state_.options.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // The header is in and within the limits (an announced body over the limit fails here, unread). A
  // client that sent `Expect: 100-continue` waits for our go-ahead before it sends the body.
  void OnHeader(beast::error_code ec, std::size_t bytes) {
    if (ec || parser_->is_done()) return OnRead(ec, bytes);
    const auto& header = parser_->get();
    auto expect = header.find(bhttp::field::expect);
    if (expect != header.end() && header.version() >= 11 &&
        EqualsIgnoringCase(View(expect->value()), "100-continue")) {
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        beast::bind_front_handler(&Session::OnContinueWritten, shared_from_this()));
      return;
    }
    ReadBody();
  }

  void OnContinueWritten(beast::error_code ec, std::size_t) {
    if (ec) return Close();
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::body_limit) return Reject(413, "request body too large\n");
    if (ec == bhttp::error::header_limit) return Reject(431, "request header too large\n");
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return Close();
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
      return Reject(400, "bad request\n");
    }
    if (ec) return Close();

    bhttp::request<bhttp::string_body> message = parser_->release();
    std::string_view target = View(message.target());
    std::size_t question_mark = target.find('?');
    HttpRequest request;
    request.method = std::string(View(message.method_string()));
    request.path = std::string(target.substr(0, question_mark));
    if (question_mark != std::string_view::npos) {
      request.query = std::string(target.substr(question_mark + 1));
    }
    for (const auto& field : message) {
      request.headers.Add(std::string(View(field.name_string())), std::string(View(field.value())));
    }
    request.body = std::move(message.body());
    beast::error_code endpoint_error;
    const tcp::endpoint remote = stream_.socket().remote_endpoint(endpoint_error);
    if (!endpoint_error) request.client_address = remote.address().to_string();
    version_ = message.version();
    client_keeps_alive_ = message.keep_alive();
    head_ = message.method() == bhttp::verb::head;
    responding_ = true;

    started_ = std::chrono::steady_clock::now();
    method_ = request.method;
    path_ = request.path;
    RouteMatch match = state_.router.Find(request);
    route_ = match.pattern;
    if (match.async_handler != nullptr) return CallAsync(*match.async_handler, std::move(request));
    Answer(match.handler == nullptr ? std::move(match.refusal) : Call(*match.handler, request));
  }

  HttpResponse Call(const HttpHandler& handler, const HttpRequest& request) {
    try {
      return handler(request);
    } catch (const std::exception& e) {
      LogLine("http: " + request.method + " " + request.path + " failed: " + e.what());
    } catch (...) {
      LogLine("http: " + request.method + " " + request.path + " failed with a non-standard exception");
    }
    return HttpResponse::Text(500, "internal server error\n");
  }

  // The session stays alive, its connection not read, until the responder answers: `awaiting_answer_`
  // holds it, the responder only refers to it weakly (so a responder kept beyond the server's life keeps
  // nothing of it alive).
  void CallAsync(const AsyncHttpHandler& handler, HttpRequest request) {
    awaiting_answer_ = shared_from_this();
    std::string what = request.method + " " + request.path;
    HttpResponder responder([gate = state_.answer_gate, session = weak_from_this()](HttpResponse response) {
      std::lock_guard lock(gate->mutex);
      if (gate->closed) return;
      if (std::shared_ptr<Session> alive = session.lock()) {
        asio::post(alive->stream_.get_executor(), [alive, answer = std::move(response)]() mutable {
          alive->OnAsyncAnswer(std::move(answer));
        });
      }
    });
    try {
      handler(std::move(request), std::move(responder));
    } catch (const std::exception& e) {
      LogLine("http: " + what + " failed: " + e.what());
    } catch (...) {
      LogLine("http: " + what + " failed with a non-standard exception");
    }
  }

  void OnAsyncAnswer(HttpResponse response) {
    std::shared_ptr<Session> self = std::move(awaiting_answer_);
    if (!self) return;
    Answer(std::move(response));
  }

  // Whether to keep the connection is decided once the answer is there: a stop may have begun meanwhile.
  void Answer(HttpResponse response) {
    if (state_.options.on_exchange) {
      state_.options.on_exchange(HttpExchange{
          .method = method_,
          .route = route_ != nullptr ? std::string_view(*route_) : std::string_view(),
          .status = response.status,
          .duration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                            started_)});
    }
    bool keep_alive = client_keeps_alive_ && !state_.stopping;
    try {
      if (response.streamed()) return StartStream(std::move(response), keep_alive);
      Write(ToBeast(std::move(response), version_, keep_alive, head_));
    } catch (const std::exception& e) {
      LogLine(std::string("http: answering failed: ") + e.what());
      Write(ToBeast(HttpResponse::Text(500, "internal server error\n"), version_, keep_alive, head_));
    }
  }

  void Reject(int status, std::string text) {
    head_ = false;
    Write(ToBeast(HttpResponse::Text(status, std::move(text)), 11, false));
  }

  void Write(BeastResponse response) {
    response_ = std::move(response);
    responding_ = true;
    stream_.expires_after(state_.options.write_timeout);
    bhttp::async_write(stream_, response_, beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    responding_ = false;
    if (ec || !response_.keep_alive() || state_.stopping) return Close();
    ReadRequest();
  }

  // A streamed body: the header, then one chunk per producer call, each written before the next is
  // produced, so a slow client slows the producer instead of filling memory. Each write has
  // `write_timeout` to itself: a client that stops reading is dropped, however long the whole body takes.
  void StartStream(HttpResponse response, bool keep_alive) {
    stream_keep_alive_ = keep_alive && version_ >= 11;
    stream_chunked_ = version_ >= 11;
    stream_header_.emplace(ToStreamHeader(response, version_, stream_keep_alive_));
    producer_ = std::move(response.producer);
    stream_serializer_.emplace(*stream_header_);
    responding_ = true;
    stream_.expires_after(state_.options.write_timeout);
    bhttp::async_write_header(stream_, *stream_serializer_,
                              beast::bind_front_handler(&Session::OnStreamHeaderWritten, shared_from_this()));
  }

  void OnStreamHeaderWritten(beast::error_code ec, std::size_t) {
    if (ec) return EndStream(false);
    if (head_) return EndStream(true);
    ProduceChunk();
  }

  void ProduceChunk() {
    chunk_.clear();
    Result<bool> more = false;
    try {
      more = producer_(chunk_);
    } catch (const std::exception& e) {
      more = Error{ErrorCode::kInternal, "", std::string("threw ") + e.what()};
    } catch (...) {
      more = Error{ErrorCode::kInternal, "", "threw a non-standard exception"};
    }
    if (!more.ok()) {
      LogLine("http: " + method_ + " " + path_ + " streaming the body failed: " + more.error().ToString());
      return EndStream(false);
    }
    bool last = !*more;
    if (chunk_.empty()) {
      if (last) return WriteStreamEnd();
      // Nothing yet: let other handlers of this thread run before asking again.
      asio::post(stream_.get_executor(),
                 beast::bind_front_handler(&Session::ProduceChunk, shared_from_this()));
      return;
    }
    stream_.expires_after(state_.options.write_timeout);
    auto written = beast::bind_front_handler(&Session::OnChunkWritten, shared_from_this(), last);
    if (stream_chunked_) {
      asio::async_write(stream_, bhttp::make_chunk(asio::buffer(chunk_)), std::move(written));
    } else {
      asio::async_write(stream_, asio::buffer(chunk_), std::move(written));
    }
  }

  void OnChunkWritten(bool last, beast::error_code ec, std::size_t) {
    if (ec) return EndStream(false);
    if (!last) return ProduceChunk();
    WriteStreamEnd();
  }

  // The chunked body's end; a close-delimited body ends with the connection.
  void WriteStreamEnd() {
    if (!stream_chunked_) return EndStream(true);
    stream_.expires_after(state_.options.write_timeout);
    asio::async_write(
        stream_, bhttp::make_chunk_last(),
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->EndStream(!ec); });
  }

  // The producer (and whatever it holds) goes as soon as the body is done or abandoned.
  void EndStream(bool complete) {
    producer_ = nullptr;
    chunk_ = std::string();
    stream_serializer_.reset();
    stream_header_.reset();
    responding_ = false;
    if (!complete || !stream_keep_alive_ || state_.stopping) return Close();
    ReadRequest();
  }

  // A connection waiting for a request that has not begun is closed; a request being received, handled
  // or answered is finished first, and `OnWrite` closes the connection after it.
  void Shutdown() {
    if (responding_ || buffer_.size() > 0 || (parser_ && parser_->got_some())) return;
    Close();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  ServerState& state_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  BeastResponse response_;
  // From the request being answered: its HTTP version and whether its client wants to keep the connection.
  unsigned version_ = 11;
  bool client_keeps_alive_ = false;
  bool head_ = false;
  // For `on_exchange`: the request's method and route (the router outlives the session), and when it was
  // read.
  std::string method_;
  std::string path_;
  const std::string* route_ = nullptr;
  std::chrono::steady_clock::time_point started_;
  // From when a request is complete until its response is written.
  bool responding_ = false;
  std::shared_ptr<Session> awaiting_answer_;
  // The streamed response being sent: its header and serializer (while the header is written), its
  // producer, the chunk in flight, and how it is framed.
  std::optional<StreamHeader> stream_header_;
  std::optional<bhttp::response_serializer<bhttp::empty_body>> stream_serializer_;
  HttpBodyProducer producer_;
  std::string chunk_;
  bool stream_chunked_ = true;
  bool stream_keep_alive_ = false;
};

HttpServerOptions WithThreads(HttpServerOptions options) {
  if (options.threads == 0) options.threads = std::max(1u, std::thread::hardware_concurrency());
  return options;
}

}  // namespace

// Members are destroyed in reverse order: the I/O objects before the io_context, and the io_context
// (whose leftover handlers still own sessions, which unregister from `state_`) before `state_`.
class HttpServer::Impl {
 public:
  Impl(Router router, HttpServerOptions options)
      : router_(std::move(router)),
        options_(WithThreads(options)),
        state_{router_, options_},
        io_context_(static_cast<int>(options_.threads)),
        strand_(asio::make_strand(io_context_)),
        acceptor_(strand_),
        accept_retry_timer_(strand_),
        drain_timer_(strand_),
        signals_(strand_) {}

  // Late asynchronous answers find the gate closed; sessions still waiting for one are let go while the
  // I/O objects they use are still there.
  ~Impl() {
    {
      std::lock_guard lock(state_.answer_gate->mutex);
      state_.answer_gate->closed = true;
    }
    for (const std::shared_ptr<Session>& session : state_.LiveSessions()) session->Abandon();
  }

  Result<std::uint16_t> Start(const std::string& host, std::uint16_t port) {
    std::string address = ListenAddress{host, port}.ToString();
    beast::error_code ec;
    tcp::resolver resolver(io_context_);
    tcp::resolver::results_type endpoints = resolver.resolve(
        host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || endpoints.empty()) {
      return InvalidArgument(
          "", "cannot resolve the host of " + address + ": " + (ec ? ec.message() : "it has no address"));
    }
    tcp::endpoint endpoint = endpoints.begin()->endpoint();
    if (acceptor_.open(endpoint.protocol(), ec) ||
        acceptor_.set_option(asio::socket_base::reuse_address(true), ec) || acceptor_.bind(endpoint, ec) ||
        acceptor_.listen(asio::socket_base::max_listen_connections, ec)) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      return Error{ErrorCode::kUnavailable, "", "cannot listen on " + address + ": " + ec.message()};
    }
    std::uint16_t bound_port = acceptor_.local_endpoint(ec).port();
    asio::post(strand_, [this] { Accept(); });
    return bound_port;
  }

  void Run() {
    std::vector<std::thread> extra_threads;
    for (unsigned i = 1; i < options_.threads; ++i) {
      extra_threads.emplace_back([this] { io_context_.run(); });
    }
    io_context_.run();
    for (std::thread& thread : extra_threads) thread.join();
  }

  void Stop() {
    asio::post(strand_, [this] { BeginShutdown(); });
  }

  std::uint64_t connections_accepted() const { return state_.connections_accepted; }

  void StopOnSignals(const std::vector<int>& signals, std::function<void(int)> on_signal) {
    for (int signal : signals) signals_.add(signal);
    signals_.async_wait([this, on_signal = std::move(on_signal)](beast::error_code ec, int signal) {
      if (ec) return;
      if (on_signal) on_signal(signal);
      BeginShutdown();
    });
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(io_context_), [this](beast::error_code ec, tcp::socket socket) {
      if (state_.stopping) return;
      if (ec == asio::error::connection_aborted) return Accept();
      if (ec) {
        LogLine("http: accepting a connection failed: " + ec.message());
        accept_retry_timer_.expires_after(kAcceptRetryDelay);
        accept_retry_timer_.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec && !state_.stopping) Accept();
        });
        return;
      }
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      ++state_.connections_accepted;
      std::make_shared<Session>(std::move(socket), state_)->Start();
      Accept();
    });
  }

  void BeginShutdown() {
    if (state_.stopping.exchange(true)) return;
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_timer_.cancel();
    signals_.clear(ignored);
    signals_.cancel(ignored);
    for (const std::shared_ptr<Session>& session : state_.LiveSessions()) session->RequestShutdown();
    drain_deadline_ = std::chrono::steady_clock::now() + options_.shutdown_timeout;
    AwaitDrain();
  }

  void AwaitDrain() {
    std::size_t open = state_.SessionCount();
    if (open == 0) return;
    if (std::chrono::steady_clock::now() >= drain_deadline_) {
      LogLine("http: stopping with " + std::to_string(open) +
              " connection(s) still busy after the shutdown timeout");
      io_context_.stop();
      return;
    }
    drain_timer_.expires_after(kDrainPollInterval);
    drain_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) AwaitDrain();
    });
  }

  Router router_;
  HttpServerOptions options_;
  ServerState state_;
  asio::io_context io_context_;
  asio::strand<asio::io_context::executor_type> strand_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_timer_;
  asio::steady_timer drain_timer_;
  asio::signal_set signals_;
  std::chrono::steady_clock::time_point drain_deadline_;
};

HttpServer::HttpServer(Router router, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(router), options)) {}

HttpServer::~HttpServer() = default;

Result<std::uint16_t> HttpServer::Start(const std::string& host, std::uint16_t port) {
  return impl_->Start(host, port);
}

void HttpServer::Run() { impl_->Run(); }

void HttpServer::Stop() { impl_->Stop(); }

std::uint64_t HttpServer::connections_accepted() const { return impl_->connections_accepted(); }

void HttpServer::StopOnSignals(std::vector<int> signals, std::function<void(int)> on_signal) {
  impl_->StopOnSignals(signals, std::move(on_signal));
}

}  // namespace openmsp::http
