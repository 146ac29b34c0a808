#include "http/client.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cmath>
#include <mutex>
#include <random>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace openmsp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
namespace urls = boost::urls;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

// RFC 9110 §5.6.2: the characters of a token (methods, header field names).
bool IsToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

std::string Milliseconds(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

// Where a request goes, read from its URL.
struct Destination {
  bool tls = false;
  // Without brackets for IPv6: what is resolved, sent as SNI and checked against the certificate.
  std::string host;
  bool host_is_address = false;
  std::string port;
  std::string host_field;
  std::string target;
  std::string pool_key;
};

Result<Destination> ParseDestination(const std::string& url) {
  urls::result<urls::url_view> parsed = urls::parse_uri(url);
  if (!parsed)
    return InvalidArgument("url", "'" + url + "' is not an absolute URL: " + parsed.error().message());
  const urls::url_view& view = *parsed;
  Destination destination;
  if (view.scheme_id() == urls::scheme::https) {
    destination.tls = true;
  } else if (view.scheme_id() != urls::scheme::http) {
    return InvalidArgument("url", "'" + url + "' must start with http:// or https://");
  }
  if (!view.has_authority() || view.encoded_host().empty()) {
    return InvalidArgument("url", "'" + url + "' has no host");
  }
  if (view.has_userinfo())
    return InvalidArgument("url", "'" + url + "' must not carry a user name or password");
  if (view.host_type() == urls::host_type::ipvfuture) {
    return InvalidArgument("url", "'" + url + "' has a host address of an unknown IP version");
  }
  destination.host = view.host_address();
  destination.host_is_address = view.host_type() != urls::host_type::name;
  if (view.has_port() && !view.port().empty()) {
    if (view.port_number() == 0) return InvalidArgument("url", "'" + url + "' has a port outside 1 to 65535");
    destination.port = std::to_string(view.port_number());
  } else {
    destination.port = destination.tls ? "443" : "80";
  }
  destination.host_field = std::string(view.encoded_host_and_port());
  destination.target = view.encoded_path().empty() ? "/" : std::string(view.encoded_path());
  if (view.has_query()) destination.target += "?" + std::string(view.encoded_query());
  destination.pool_key =
      (destination.tls ? "https://" : "http://") + std::string(view.encoded_host()) + ":" + destination.port;
  return destination;
}

Result<BeastRequest> ToBeast(const HttpClientRequest& request, const Destination& destination) {
  if (!IsToken(request.method)) {
    return InvalidArgument("method", "'" + request.method + "' is not an HTTP method token");
  }
  BeastRequest message;
  message.method_string(request.method);
  message.target(destination.target);
  message.version(11);
  std::size_t index = 0;
  for (const HttpHeaderField& field : request.headers.fields()) {
    std::string path = "headers[" + std::to_string(index++) + "]";
    if (!IsToken(field.name))
      return InvalidArgument(path + ".name", "'" + field.name + "' is not a field name");
    if (field.value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      return InvalidArgument(path + ".value", "must not contain CR, LF or NUL");
    }
    message.insert(field.name, field.value);
  }
  if (!request.headers.Contains("Host")) message.set(bhttp::field::host, destination.host_field);
  if (!request.headers.Contains("User-Agent")) message.set(bhttp::field::user_agent, "openmsp");
  message.body() = request.body;
  message.prepare_payload();
  return message;
}

bool RetrySafe(const HttpClientRequest& request) {
  if (request.retry_safe) return *request.retry_safe;
  return request.method == "GET" || request.method == "HEAD" || request.method == "PUT" ||
         request.method == "DELETE" || request.method == "OPTIONS";
}

bool RetryableStatus(int status) { return status == 429 || status == 502 || status == 503 || status == 504; }

// `Retry-After` in seconds (RFC 9110 §10.2.3); the HTTP-date form would need the wall clock and is ignored.
std::optional<std::chrono::milliseconds> RetryAfter(const HttpHeaders& headers) {
  std::optional<std::string_view> value = headers.Get("Retry-After");
  if (!value || value->empty() || value->size() > 9 ||
      !std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::chrono::seconds(std::stol(std::string(*value)));
}

// Runs `io` until the operation that `start` begins (given a completion handler) has completed.
template <class Start>
beast::error_code Await(asio::io_context& io, Start&& start) {
  beast::error_code result;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  io.restart();
  io.run();
  return result;
}

// One connection to one (scheme, host, port), used by one request at a time. It runs on an io_context of
// its own that the sending thread runs while it waits, so a connection moves freely between threads.
struct Connection {
  asio::io_context io{1};
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;

  beast::tcp_stream& Tcp() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  // Whether the peer has closed the idle connection (or sent what nobody asked for): peeks without
  // waiting. An idle TLS connection may carry session tickets, which are no reason to drop it.
  bool LooksClosed() {
    tcp::socket& socket = Tcp().socket();
    beast::error_code ec;
    socket.non_blocking(true, ec);
    char byte = 0;
    std::size_t received = socket.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
    beast::error_code ignored;
    socket.non_blocking(false, ignored);
    if (ec == asio::error::would_block) return false;
    return ec || received == 0 || !secure;
  }
};

// The outcome of one attempt: a response, or an error and whether trying again may help.
struct Attempt {
  std::optional<HttpClientResponse> response;
  Error error;
  bool retryable = false;
  std::unique_ptr<Connection> reusable;
};

Attempt Failed(ErrorCode code, std::string reason, bool retryable) {
  Attempt attempt;
  attempt.error = Error{code, "url", std::move(reason)};
  attempt.retryable = retryable;
  return attempt;
}

std::string TlsReason(beast::error_code ec, SSL* handle) {
  std::string reason = "TLS handshake failed: ";
  if (ec.category() == asio::error::get_ssl_category()) {
    const char* text = ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
    reason += text != nullptr ? text : ec.message();
  } else {
    reason += ec.message();
  }
  long verify = SSL_get_verify_result(handle);
  if (verify != X509_V_OK) reason += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
  return reason;
}

// A failure of the connection while sending or receiving: closed early, timed out, or broken otherwise.
Attempt ExchangeFailed(beast::error_code ec, std::chrono::milliseconds timeout,
                       const HttpClientOptions& options) {
  if (ec == beast::error::timeout)
    return Failed(ErrorCode::kUnavailable, "timeout after " + Milliseconds(timeout), true);
  if (ec == bhttp::error::body_limit) {
    return Failed(ErrorCode::kOutOfRange,
                  "response body larger than " + std::to_string(options.max_response_body_bytes) + " bytes",
                  false);
  }
  if (ec == bhttp::error::header_limit) {
    return Failed(
        ErrorCode::kPeerError,
        "response header larger than " + std::to_string(options.max_response_header_bytes) + " bytes", false);
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == asio::error::eof ||
      ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
      ec == ssl::error::stream_truncated) {
    return Failed(ErrorCode::kUnavailable, "connection closed before a complete response", true);
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category()) {
    return Failed(ErrorCode::kPeerError, "the response is not HTTP/1.1: " + ec.message(), false);
  }
  return Failed(ErrorCode::kUnavailable, ec.message(), true);
}

}  // namespace

class HttpClient::Impl {
 public:
  explicit Impl(HttpClientOptions options) : options_(std::move(options)) {}

  Result<void> Configure() {
    beast::error_code ec;
    tls_.set_verify_mode(ssl::verify_peer, ec);
    if (!ec) tls_.set_default_verify_paths(ec);
    if (ec)
      return Error{ErrorCode::kUnavailable, "",
                   "cannot load the system's certificate authorities: " + ec.message()};
    if (!options_.ca_file.empty() && tls_.load_verify_file(options_.ca_file, ec)) {
      return InvalidArgument("ca_file", "cannot load '" + options_.ca_file + "': " + ec.message());
    }
    SSL_CTX_set_min_proto_version(tls_.native_handle(), TLS1_2_VERSION);
    return Ok();
  }

  Result<HttpClientResponse> Send(const HttpClientRequest& request) {
    OPENMSP_ASSIGN_OR_RETURN(Destination destination, ParseDestination(request.url));
    OPENMSP_ASSIGN_OR_RETURN(BeastRequest message, ToBeast(request, destination));
    bool retry_safe = RetrySafe(request);
    bool head = request.method == "HEAD";
    for (int attempt = 1;; ++attempt) {
      Attempt outcome = Try(destination, message, head);
      if (outcome.reusable) Keep(destination.pool_key, std::move(outcome.reusable));
      bool last = !retry_safe || attempt >= options_.max_attempts;
      if (outcome.response) {
        outcome.response->attempts = attempt;
        if (last || !RetryableStatus(outcome.response->status)) return std::move(*outcome.response);
        std::chrono::milliseconds pause = Backoff(attempt);
        if (std::optional<std::chrono::milliseconds> asked = RetryAfter(outcome.response->headers)) {
          pause = std::min(*asked, options_.max_backoff);
        }
        std::this_thread::sleep_for(pause);
        continue;
      }
      if (last || !outcome.retryable) {
        Error error = std::move(outcome.error);
        error.message = request.method + " " + request.url + ": " + error.message;
        if (attempt > 1) error.message += " (after " + std::to_string(attempt) + " attempts)";
        return error;
      }
      std::this_thread::sleep_for(Backoff(attempt));
    }
  }

  std::uint64_t connections_opened() const { return connections_opened_; }

 private:
  Attempt Try(const Destination& destination, BeastRequest& message, bool head) {
    SteadyClock::time_point start = SteadyClock::now();
    SteadyClock::time_point deadline = start + options_.request_timeout;
    std::unique_ptr<Connection> connection = TakeIdle(destination.pool_key);
    if (!connection) {
      Attempt failure;
      connection = Connect(destination, start, failure);
      if (!connection) return failure;
    }
    connection->Tcp().expires_at(deadline);

    beast::error_code ec;
    std::optional<bhttp::response_parser<bhttp::string_body>> parser;
    auto exchange = [&](auto& stream) {
      ec = Await(connection->io,
                 [&](auto handler) { bhttp::async_write(stream, message, std::move(handler)); });
      // Interim 1xx answers (a 100 Continue nobody asked for) come before the real one.
      while (!ec) {
        parser.emplace();
        parser->body_limit(options_.max_response_body_bytes);
        parser->header_limit(options_.max_response_header_bytes);
        parser->skip(head);
        ec = Await(connection->io, [&](auto handler) {
          bhttp::async_read(stream, connection->buffer, *parser, std::move(handler));
        });
        if (ec) break;
        unsigned status = parser->get().result_int();
        if (status >= 200 || status == 101) break;
      }
    };
    if (connection->secure) {
      exchange(*connection->secure);
    } else {
      exchange(*connection->plain);
    }
    if (ec) return ExchangeFailed(ec, options_.request_timeout, options_);

    BeastResponse received = parser->release();
    Attempt attempt;
    HttpClientResponse& response = attempt.response.emplace();
    response.status = static_cast<int>(received.result_int());
    for (const auto& field : received) {
      response.headers.Add(std::string(View(field.name_string())), std::string(View(field.value())));
    }
    response.body = std::move(received.body());
    if (received.keep_alive() && message.keep_alive() && connection->buffer.size() == 0) {
      attempt.reusable = std::move(connection);
    }
    return attempt;
  }

  // A new connection, TCP and for https TLS, within the connect timeout; or nothing and `failure`.
  std::unique_ptr<Connection> Connect(const Destination& destination, SteadyClock::time_point start,
                                      Attempt& failure) {
    bool connect_limits = options_.connect_timeout < options_.request_timeout;
    std::chrono::milliseconds limit = connect_limits ? options_.connect_timeout : options_.request_timeout;
    std::string timed_out =
        (connect_limits ? "connect timeout after " : "timeout after ") + Milliseconds(limit);

    auto connection = std::make_unique<Connection>();
    beast::error_code ec;
    tcp::resolver resolver(connection->io);
    tcp::resolver::results_type endpoints =
        resolver.resolve(destination.host, destination.port, tcp::resolver::numeric_service, ec);
    if (ec || endpoints.empty()) {
      failure = Failed(
          ErrorCode::kUnavailable,
          "cannot resolve host '" + destination.host + "': " + (ec ? ec.message() : "no address"), true);
      return nullptr;
    }

    if (destination.tls) {
      connection->secure.emplace(connection->io, tls_);
      SSL* handle = connection->secure->native_handle();
      bool named = true;
      if (destination.host_is_address) {
        named = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), destination.host.c_str()) == 1;
      } else {
        // SSL_set_tlsext_host_name, spelled out: the macro casts in C style.
        named = SSL_ctrl(handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                         const_cast<char*>(destination.host.c_str())) == 1 &&
                SSL_set1_host(handle, destination.host.c_str()) == 1;
      }
      if (!named) {
        failure = Failed(ErrorCode::kInvalidArgument, "cannot verify TLS for host '" + destination.host + "'",
                         false);
        return nullptr;
      }
    } else {
      connection->plain.emplace(connection->io);
    }
    connection->Tcp().expires_at(start + limit);
    ec = Await(connection->io,
               [&](auto handler) { connection->Tcp().async_connect(endpoints, std::move(handler)); });
    if (ec == beast::error::timeout) {
      failure = Failed(ErrorCode::kUnavailable, timed_out, true);
      return nullptr;
    }
    if (ec) {
      failure = Failed(
          ErrorCode::kUnavailable,
          ec == asio::error::connection_refused ? std::string("connection refused") : ec.message(), true);
      return nullptr;
    }
    ++connections_opened_;
    beast::error_code ignored;
    connection->Tcp().socket().set_option(tcp::no_delay(true), ignored);

    if (connection->secure) {
      ec = Await(connection->io, [&](auto handler) {
        connection->secure->async_handshake(ssl::stream_base::client, std::move(handler));
      });
      if (ec == beast::error::timeout) {
        failure = Failed(ErrorCode::kUnavailable, timed_out + " (in the TLS handshake)", true);
        return nullptr;
      }
      if (ec) {
        bool tls_refused = ec.category() == asio::error::get_ssl_category();
        failure =
            Failed(ErrorCode::kUnavailable, TlsReason(ec, connection->secure->native_handle()), !tls_refused);
        return nullptr;
      }
    }
    return connection;
  }

  std::unique_ptr<Connection> TakeIdle(const std::string& key) {
    while (true) {
      std::unique_ptr<Connection> connection;
      {
        std::lock_guard lock(mutex_);
        auto idle = idle_.find(key);
        if (idle == idle_.end() || idle->second.empty()) return nullptr;
        connection = std::move(idle->second.back());
        idle->second.pop_back();
      }
      if (!connection->LooksClosed()) return connection;
    }
  }

  void Keep(const std::string& key, std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    std::vector<std::unique_ptr<Connection>>& idle = idle_[key];
    if (idle.size() < options_.max_idle_connections_per_host) idle.push_back(std::move(connection));
  }

  // The pause after attempt `attempt` failed: initial × multiplier^(attempt−1), at most max_backoff, and
  // with jitter somewhere in its upper half.
  std::chrono::milliseconds Backoff(int attempt) {
    double pause = static_cast<double>(options_.initial_backoff.count()) *
                   std::pow(options_.backoff_multiplier, attempt - 1);
    pause = std::min(pause, static_cast<double>(options_.max_backoff.count()));
    if (options_.jitter) {
      thread_local std::minstd_rand random(std::random_device{}());
      pause = std::uniform_real_distribution<double>(pause / 2, pause)(random);
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(pause));
  }

  HttpClientOptions options_;
  ssl::context tls_{ssl::context::tls_client};
  std::atomic<std::uint64_t> connections_opened_{0};
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

Result<HttpClient> HttpClient::Create(HttpClientOptions options) {
  using std::chrono::milliseconds;
  if (options.connect_timeout <= milliseconds(0))
    return InvalidArgument("connect_timeout", "must be positive");
  if (options.request_timeout <= milliseconds(0))
    return InvalidArgument("request_timeout", "must be positive");
  if (options.max_attempts < 1) return InvalidArgument("max_attempts", "must be at least 1");
  if (options.initial_backoff < milliseconds(0))
    return InvalidArgument("initial_backoff", "must not be negative");
  if (options.max_backoff < options.initial_backoff) {
    return InvalidArgument("max_backoff", "must not be below initial_backoff");
  }
  if (!(options.backoff_multiplier >= 1.0 && options.backoff_multiplier <= 100.0)) {
    return InvalidArgument("backoff_multiplier", "must be between 1 and 100");
  }
  auto impl = std::make_unique<Impl>(std::move(options));
  OPENMSP_RETURN_IF_ERROR(impl->Configure());
  return HttpClient(std::move(impl));
}

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;
HttpClient::~HttpClient() = default;

Result<HttpClientResponse> HttpClient::Send(const HttpClientRequest& request) { return impl_->Send(request); }

std::uint64_t HttpClient::connections_opened() const { return impl_->connections_opened(); }

}  // namespace openmsp::http
