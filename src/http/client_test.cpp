#include "http/client.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/test_server.h"

namespace openmsp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using test::RunningServer;

using RawRequest = bhttp::request<bhttp::string_body>;

std::string Url(std::uint16_t port, const std::string& target, const std::string& host = "127.0.0.1",
                const std::string& scheme = "http") {
  return scheme + "://" + host + ":" + std::to_string(port) + target;
}

// Options for tests: short timeouts, small pauses, no jitter so that the pauses are known.
HttpClientOptions FastOptions() {
  HttpClientOptions options;
  options.connect_timeout = 1s;
  options.request_timeout = 2s;
  options.max_attempts = 3;
  options.initial_backoff = 10ms;
  options.backoff_multiplier = 2.0;
  options.max_backoff = 100ms;
  options.jitter = false;
  return options;
}

HttpClient MakeClient(HttpClientOptions options = FastOptions()) {
  Result<HttpClient> client = HttpClient::Create(std::move(options));
  if (!client) throw std::runtime_error(client.error().ToString());
  return std::move(client).value();
}

Router EchoRouter() {
  Router router;
  router.Add("GET", "/hello", [](const HttpRequest&) { return HttpResponse::Text(200, "hello"); });
  router.Add("PUT", "/tokens/{uid}", [](const HttpRequest& request) {
    HttpResponse response = HttpResponse::Text(
        201, request.method + " " + std::string(request.PathParameterValue("uid").value_or("")) + "?" +
                 request.query + " host=" + std::string(request.headers.Get("Host").value_or("")) +
                 " tag=" + std::string(request.headers.Get("X-Tag").value_or("")) + " body=" + request.body);
    response.headers.Set("X-Reply", "yes");
    return response;
  });
  router.Add("GET", "/eleven", [](const HttpRequest&) { return HttpResponse::Text(200, "eleven byte"); });
  return router;
}

HttpServerOptions ServerOptions() {
  HttpServerOptions options;
  options.threads = 2;
  options.shutdown_timeout = 2s;
  return options;
}

// What a `FaultServer` does with one request.
struct Reply {
  std::string raw = {};      // bytes to send, as they are
  bool close_after = false;  // close the connection after sending them
  bool never = false;        // send nothing; wait until the client gives up and closes
};

// A raw TCP server that answers from a script, for the faults a real server does not make on purpose.
// Connections are served one after another on one thread, which is how a retrying client uses them.
class FaultServer {
 public:
  using Script = std::function<Reply(int request_number, const RawRequest& request)>;

  explicit FaultServer(Script script) : script_(std::move(script)) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }

  ~FaultServer() {
    stopping_ = true;
    boost::system::error_code ignored;
    tcp::socket wake(io_);
    wake.connect({asio::ip::make_address("127.0.0.1"), port_}, ignored);
    thread_.join();
  }

  std::uint16_t port() const { return port_; }
  int requests() const { return requests_; }
  int connections() const { return connections_; }

 private:
  void Serve() {
    while (true) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_ || ec) return;
      ++connections_;
      beast::flat_buffer buffer;
      while (true) {
        RawRequest request;
        bhttp::read(socket, buffer, request, ec);
        if (ec) break;
        Reply reply = script_(requests_++, request);
        if (reply.never) {
          char byte = 0;
          while (!ec) socket.read_some(asio::buffer(&byte, 1), ec);
          break;
        }
        asio::write(socket, asio::buffer(reply.raw), ec);
        if (ec || reply.close_after) break;
      }
      socket.shutdown(tcp::socket::shutdown_both, ec);
      socket.close(ec);
    }
  }

  Script script_;
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// A complete answer on a kept-alive connection.
Reply Status(int status, const std::string& reason, const std::string& body,
             const std::string& extra_fields = "") {
  return Reply{.raw = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n" + extra_fields + "\r\n" + body};
}

TEST(HttpClientTest, SendsMethodTargetHeadersAndBodyAndReadsTheResponse) {
  RunningServer server(EchoRouter(), ServerOptions());
  HttpClient client = MakeClient();
  HttpClientRequest request{.method = "PUT", .url = Url(server.port(), "/tokens/a%20b?type=RFID#frag")};
  request.headers.Set("X-Tag", "t1");
  request.body = R"({"uid":"a b"})";

  Result<HttpClientResponse> response = client.Send(request);

  ASSERT_TRUE(response.ok()) << response.error().ToString();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "PUT a b?type=RFID host=127.0.0.1:" + std::to_string(server.port()) +
                                R"( tag=t1 body={"uid":"a b"})");
  EXPECT_EQ(response->headers.Get("x-reply"), "yes");
  EXPECT_EQ(response->attempts, 1);
}

TEST(HttpClientTest, AnErrorStatusIsAnAnswerNotAFailure) {
  RunningServer server(EchoRouter(), ServerOptions());
  HttpClient client = MakeClient();

  Result<HttpClientResponse> response = client.Send({.url = Url(server.port(), "/missing")});

  ASSERT_TRUE(response.ok()) << response.error().ToString();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->attempts, 1);
}

TEST(HttpClientTest, ReusesAKeptAliveConnection) {
  RunningServer server(EchoRouter(), ServerOptions());
  HttpClient client = MakeClient();

  for (int i = 0; i < 3; ++i) {
    Result<HttpClientResponse> response = client.Send({.url = Url(server.port(), "/hello")});
    ASSERT_TRUE(response.ok()) << response.error().ToString();
    EXPECT_EQ(response->body, "hello");
  }

  EXPECT_EQ(client.connections_opened(), 1u);
  EXPECT_EQ(server.server().connections_accepted(), 1u);
}

TEST(HttpClientTest, SeveralThreadsSendAtOnceEachOnAConnectionOfItsOwn) {
  RunningServer server(EchoRouter(), ServerOptions());
  HttpClient client = MakeClient();
  std::atomic<int> answered{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        std::string uid = std::to_string(t) + "-" + std::to_string(i);
        Result<HttpClientResponse> response =
            client.Send({.method = "PUT", .url = Url(server.port(), "/tokens/" + uid)});
        if (response.ok() && response->body.starts_with("PUT " + uid + "?")) ++answered;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(answered, 100);
  EXPECT_GE(client.connections_opened(), 1u);
  EXPECT_LE(client.connections_opened(), 4u);
  EXPECT_EQ(server.server().connections_accepted(), client.connections_opened());
}

TEST(HttpClientTest, HeadReadsTheHeaderAndKeepsTheConnection) {
  RunningServer server(EchoRouter(), ServerOptions());
  HttpClient client = MakeClient();

  Result<HttpClientResponse> head = client.Send({.method = "HEAD", .url = Url(server.port(), "/hello")});
  Result<HttpClientResponse> get = client.Send({.url = Url(server.port(), "/hello")});

  ASSERT_TRUE(head.ok()) << head.error().ToString();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers.Get("Content-Length"), "5");
  EXPECT_EQ(head->body, "");
  ASSERT_TRUE(get.ok()) << get.error().ToString();
  EXPECT_EQ(get->body, "hello");
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST(HttpClientTest, AnIdleConnectionTheServerClosedIsNotUsedAgain) {
  HttpServerOptions options = ServerOptions();
  options.read_timeout = 100ms;
  RunningServer server(EchoRouter(), options);
  HttpClient client = MakeClient();
  ASSERT_TRUE(client.Send({.url = Url(server.port(), "/hello")}).ok());
  std::this_thread::sleep_for(400ms);

  // A POST is not retried: it would fail, were it sent on the closed connection.
  Result<HttpClientResponse> response = client.Send({.method = "POST", .url = Url(server.port(), "/hello")});

  ASSERT_TRUE(response.ok()) << response.error().ToString();
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(HttpClientTest, RefusesAResponseBodyOverTheLimit) {
  RunningServer server(EchoRouter(), ServerOptions());
  HttpClientOptions options = FastOptions();
  options.max_response_body_bytes = 10;
  HttpClient client = MakeClient(options);

  Result<HttpClientResponse> response = client.Send({.url = Url(server.port(), "/eleven")});

  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kOutOfRange);
  EXPECT_EQ(response.error().field, "url");
  EXPECT_EQ(response.error().message,
            "GET " + Url(server.port(), "/eleven") + ": response body larger than 10 bytes");
  EXPECT_EQ(client.Send({.url = Url(server.port(), "/hello")})->body, "hello");
}

TEST(HttpClientTest, BadUrlsMethodsAndHeadersAreInvalidArgumentsNamingTheField) {
  HttpClient client = MakeClient();
  for (const char* url :
       {"", "not a url", "ftp://example.com/file", "http:///path", "http://example.com:70000/",
        "http://user:secret@example.com/", "mailto:someone@example.com"}) {
    Result<HttpClientResponse> response = client.Send({.url = url});
    ASSERT_FALSE(response.ok()) << url;
    EXPECT_EQ(response.error().code, ErrorCode::kInvalidArgument) << url;
    EXPECT_EQ(response.error().field, "url") << url;
  }

  Result<HttpClientResponse> method = client.Send({.method = "GE T", .url = "http://127.0.0.1:1/"});
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.error().field, "method");

  HttpClientRequest injected{.url = "http://127.0.0.1:1/"};
  injected.headers.Set("X-Ok", "fine");
  injected.headers.Set("X-Evil", "a\r\nX-Injected: yes");
  Result<HttpClientResponse> header = client.Send(injected);
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(header.error().field, "headers[1].value");
  EXPECT_EQ(client.connections_opened(), 0u);
}

TEST(HttpClientTest, BadOptionsAreRefusedNamingTheOption) {
  HttpClientOptions attempts = FastOptions();
  attempts.max_attempts = 0;
  EXPECT_EQ(HttpClient::Create(attempts).error().field, "max_attempts");

  HttpClientOptions timeout = FastOptions();
  timeout.request_timeout = 0ms;
  EXPECT_EQ(HttpClient::Create(timeout).error().field, "request_timeout");

  HttpClientOptions multiplier = FastOptions();
  multiplier.backoff_multiplier = 0.5;
  EXPECT_EQ(HttpClient::Create(multiplier).error().field, "backoff_multiplier");

  HttpClientOptions ca = FastOptions();
  ca.ca_file = "/nonexistent/ca.pem";
  Result<HttpClient> client = HttpClient::Create(ca);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(client.error().field, "ca_file");
}

TEST(HttpClientTest, ARefusedConnectionIsUnavailableAfterEveryAttempt) {
  std::uint16_t closed_port = 0;
  {
    asio::io_context io;
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    closed_port = acceptor.local_endpoint().port();
  }
  HttpClientOptions options = FastOptions();
  options.max_attempts = 2;
  HttpClient client = MakeClient(options);

  Result<HttpClientResponse> response = client.Send({.url = Url(closed_port, "/x")});

  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().field, "url");
  EXPECT_EQ(response.error().message,
            "GET " + Url(closed_port, "/x") + ": connection refused (after 2 attempts)");
}

TEST(HttpClientTest, APeerThatNeverAnswersTimesOutOnEveryAttempt) {
  FaultServer peer([](int, const RawRequest&) { return Reply{.never = true}; });
  HttpClientOptions options = FastOptions();
  options.request_timeout = 200ms;
  options.max_attempts = 2;
  HttpClient client = MakeClient(options);
  auto started = std::chrono::steady_clock::now();

  Result<HttpClientResponse> response = client.Send({.url = Url(peer.port(), "/versions")});

  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().message,
            "GET " + Url(peer.port(), "/versions") + ": timeout after 200 ms (after 2 attempts)");
  EXPECT_GE(took, 400ms);
  EXPECT_LT(took, 2s);
  EXPECT_EQ(peer.requests(), 2);
}

TEST(HttpClientTest, AConnectionClosedMidResponseIsRetriedForAGet) {
  FaultServer peer([](int, const RawRequest&) {
    return Reply{.raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", .close_after = true};
  });
  HttpClient client = MakeClient();

  Result<HttpClientResponse> response = client.Send({.url = Url(peer.port(), "/locations")});

  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().message,
            "GET " + Url(peer.port(), "/locations") +
                ": connection closed before a complete response (after 3 attempts)");
  EXPECT_EQ(peer.requests(), 3);
  EXPECT_EQ(peer.connections(), 3);
}

TEST(HttpClientTest, APostClosedMidResponseIsNotRetried) {
  FaultServer peer([](int, const RawRequest&) {
    return Reply{.raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", .close_after = true};
  });
  HttpClient client = MakeClient();

  Result<HttpClientResponse> response = client.Send({.method = "POST", .url = Url(peer.port(), "/cdrs")});

  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().message,
            "POST " + Url(peer.port(), "/cdrs") + ": connection closed before a complete response");
  EXPECT_EQ(peer.requests(), 1);
}

TEST(HttpClientTest, Answers503TwiceThen200AreRetriedWithGrowingPauses) {
  FaultServer peer([](int number, const RawRequest&) {
    return number < 2 ? Status(503, "Service Unavailable", "busy") : Status(200, "OK", "finally");
  });
  HttpClientOptions options = FastOptions();
  options.initial_backoff = 100ms;
  options.max_backoff = 1s;
  HttpClient client = MakeClient(options);
  auto started = std::chrono::steady_clock::now();

  Result<HttpClientResponse> response = client.Send({.method = "PUT", .url = Url(peer.port(), "/tokens/1")});

  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(response.ok()) << response.error().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "finally");
  EXPECT_EQ(response->attempts, 3);
  EXPECT_EQ(peer.requests(), 3);
  EXPECT_EQ(peer.connections(), 1);  // the 503s kept the connection alive
  EXPECT_GE(took, 300ms);            // 100 ms, then 200 ms
  EXPECT_LT(took, 2s);
}

TEST(HttpClientTest, AfterTheLastAttemptTheLastAnswerIsReturned) {
  FaultServer peer([](int, const RawRequest&) { return Status(502, "Bad Gateway", "down"); });
  HttpClient client = MakeClient();

  Result<HttpClientResponse> response = client.Send({.url = Url(peer.port(), "/x")});

  ASSERT_TRUE(response.ok()) << response.error().ToString();
  EXPECT_EQ(response->status, 502);
  EXPECT_EQ(response->attempts, 3);
  EXPECT_EQ(peer.requests(), 3);
}

TEST(HttpClientTest, APostIsRetriedOnlyWhenTheCallerSaysItIsSafe) {
  FaultServer peer([](int number, const RawRequest&) {
    return number < 3 ? Status(503, "Service Unavailable", "busy") : Status(201, "Created", "stored");
  });
  HttpClient client = MakeClient();

  Result<HttpClientResponse> once = client.Send({.method = "POST", .url = Url(peer.port(), "/cdrs")});
  ASSERT_TRUE(once.ok()) << once.error().ToString();
  EXPECT_EQ(once->status, 503);
  EXPECT_EQ(once->attempts, 1);
  EXPECT_EQ(peer.requests(), 1);

  HttpClientRequest safe{.method = "POST", .url = Url(peer.port(), "/cdrs"), .retry_safe = true};
  Result<HttpClientResponse> retried = client.Send(safe);
  ASSERT_TRUE(retried.ok()) << retried.error().ToString();
  EXPECT_EQ(retried->status, 201);
  EXPECT_EQ(retried->attempts, 3);
  EXPECT_EQ(peer.requests(), 4);
}

TEST(HttpClientTest, RetryAfterOnA429ReplacesTheBackoffUpToItsMaximum) {
  FaultServer peer([](int number, const RawRequest&) {
    return number == 0 ? Status(429, "Too Many Requests", "slow down", "Retry-After: 30\r\n")
                       : Status(200, "OK", "ok");
  });
  HttpClientOptions options = FastOptions();
  options.initial_backoff = 1ms;
  options.max_backoff = 300ms;
  HttpClient client = MakeClient(options);
  auto started = std::chrono::steady_clock::now();

  Result<HttpClientResponse> response = client.Send({.url = Url(peer.port(), "/x")});

  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(response.ok()) << response.error().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->attempts, 2);
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 2s);
}

// A self-signed certificate and its key, made in memory for the length of a test.
class SelfSignedCertificate {
 public:
  // `names` in the subjectAltName form, e.g. "DNS:localhost,IP:127.0.0.1".
  explicit SelfSignedCertificate(const std::string& names) {
    key_ = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    certificate_ = X509_new();
    if (key_ == nullptr || certificate_ == nullptr) throw std::runtime_error("cannot make a key");
    X509_set_version(certificate_, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate_), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate_), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate_), 24 * 3600);
    X509_set_pubkey(certificate_, key_);
    X509_NAME* subject = X509_get_subject_name(certificate_);
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("openmsp test"), -1, -1, 0);
    X509_set_issuer_name(certificate_, subject);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate_, certificate_, nullptr, nullptr, 0);
    X509_EXTENSION* alt_names = X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, names.c_str());
    if (alt_names == nullptr) throw std::runtime_error("bad subjectAltName " + names);
    X509_add_ext(certificate_, alt_names, -1);
    X509_EXTENSION_free(alt_names);
    if (X509_sign(certificate_, key_, EVP_sha256()) == 0) throw std::runtime_error("cannot sign");
  }

  ~SelfSignedCertificate() {
    X509_free(certificate_);
    EVP_PKEY_free(key_);
    if (!pem_file_.empty()) std::remove(pem_file_.c_str());
  }

  SelfSignedCertificate(const SelfSignedCertificate&) = delete;
  SelfSignedCertificate& operator=(const SelfSignedCertificate&) = delete;

  X509* certificate() const { return certificate_; }
  EVP_PKEY* key() const { return key_; }

  // The certificate as a PEM file, for the client's `ca_file`.
  const std::string& PemFile() {
    if (!pem_file_.empty()) return pem_file_;
    char path[] = "/tmp/openmsp-ca-XXXXXX";
    int descriptor = mkstemp(path);
    if (descriptor < 0) throw std::runtime_error("cannot create a temporary file");
    close(descriptor);
    pem_file_ = path;
    std::FILE* file = std::fopen(path, "w");
    if (file == nullptr || PEM_write_X509(file, certificate_) != 1)
      throw std::runtime_error("cannot write PEM");
    std::fclose(file);
    return pem_file_;
  }

 private:
  EVP_PKEY* key_ = nullptr;
  X509* certificate_ = nullptr;
  std::string pem_file_;
};

// An https server on 127.0.0.1 that answers every request `200 secure`, keeping connections alive, each
// on a thread of its own. Destroy its clients first: it waits for them to close their connections.
class TlsServer {
 public:
  explicit TlsServer(const SelfSignedCertificate& certificate) {
    SSL_CTX_use_certificate(tls_.native_handle(), certificate.certificate());
    SSL_CTX_use_PrivateKey(tls_.native_handle(), certificate.key());
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Serve(); });
  }

  ~TlsServer() {
    stopping_ = true;
    boost::system::error_code ignored;
    tcp::socket wake(io_);
    wake.connect({asio::ip::make_address("127.0.0.1"), port_}, ignored);
    thread_.join();
    for (std::thread& connection : connections_) connection.join();
  }

  std::uint16_t port() const { return port_; }
  int handshakes() const { return handshakes_; }

 private:
  void Serve() {
    while (true) {
      auto stream = std::make_shared<ssl::stream<tcp::socket>>(io_, tls_);
      boost::system::error_code ec;
      acceptor_.accept(stream->next_layer(), ec);
      if (stopping_ || ec) return;
      connections_.emplace_back([this, stream] {
        boost::system::error_code failure;
        stream->handshake(ssl::stream_base::server, failure);
        if (failure) return;
        ++handshakes_;
        beast::flat_buffer buffer;
        while (!failure) {
          RawRequest request;
          bhttp::read(*stream, buffer, request, failure);
          if (!failure) asio::write(*stream, asio::buffer(Status(200, "OK", "secure").raw), failure);
        }
      });
    }
  }

  asio::io_context io_;
  ssl::context tls_{ssl::context::tls_server};
  tcp::acceptor acceptor_{io_};
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> handshakes_{0};
  std::vector<std::thread> connections_;
  std::thread thread_;
};

TEST(HttpClientTlsTest, SucceedsWithTheCertificateAuthorityAddedAndReusesTheConnection) {
  SelfSignedCertificate certificate("DNS:localhost,IP:127.0.0.1");
  TlsServer server(certificate);
  HttpClientOptions options = FastOptions();
  options.ca_file = certificate.PemFile();
  HttpClient client = MakeClient(options);

  for (const std::string host : {"127.0.0.1", "127.0.0.1", "localhost"}) {
    Result<HttpClientResponse> response =
        client.Send({.url = Url(server.port(), "/versions", host, "https")});
    ASSERT_TRUE(response.ok()) << response.error().ToString();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "secure");
  }
  EXPECT_EQ(client.connections_opened(), 2u);  // one per host name
  EXPECT_EQ(server.handshakes(), 2);
}

TEST(HttpClientTlsTest, FailsClearlyWithoutTheCertificateAuthority) {
  SelfSignedCertificate certificate("DNS:localhost,IP:127.0.0.1");
  TlsServer server(certificate);
  HttpClient client = MakeClient();
  std::string url = Url(server.port(), "/versions", "127.0.0.1", "https");

  Result<HttpClientResponse> response = client.Send({.url = url});

  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().field, "url");
  EXPECT_EQ(response.error().message,
            "GET " + url + ": TLS handshake failed: certificate verify failed (self-signed certificate)");
}

TEST(HttpClientTlsTest, FailsWhenTheCertificateIsForAnotherHost) {
  SelfSignedCertificate certificate("DNS:cpo.example.com");
  TlsServer server(certificate);
  HttpClientOptions options = FastOptions();
  options.ca_file = certificate.PemFile();
  HttpClient client = MakeClient(options);
  std::string url = Url(server.port(), "/versions", "127.0.0.1", "https");

  Result<HttpClientResponse> response = client.Send({.url = url});

  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(response.error().message,
            "GET " + url + ": TLS handshake failed: certificate verify failed (IP address mismatch)");
}

}  // namespace
}  // namespace openmsp::http
