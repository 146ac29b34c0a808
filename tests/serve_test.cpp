#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "run_process.h"
#include "store/cpo_cdr_ingestor.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "support/cpo_cdr_samples.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using Response = bhttp::response<bhttp::string_body>;

using test::ReadFile;

// One client connection to the server under test, sending raw request text and reading whole responses.
class Connection {
 public:
  explicit Connection(std::uint16_t port) { socket_.connect({asio::ip::make_address("127.0.0.1"), port}); }

  Response Exchange(const std::string& raw_request) {
    asio::write(socket_, asio::buffer(raw_request));
    Response response;
    bhttp::read(socket_, buffer_, response);
    return response;
  }

 private:
  asio::io_context io_context_;
  asio::ip::tcp::socket socket_{io_context_};
  boost::beast::flat_buffer buffer_;
};

std::string Request(const std::string& method, const std::string& target) {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

Response Fetch(std::uint16_t port, const std::string& method, const std::string& target) {
  return Connection(port).Exchange(Request(method, target));
}

// `openmsp serve` started on a free port with its database in a fresh temporary directory; it is killed
// at the end of the test if the test did not stop it.
class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override { log_ = directory_.path() / "openmsp.log"; }

  void TearDown() override {
    if (pid_ > 0) test::StopProcess(pid_, SIGKILL);
  }

  std::string DatabaseUrl() const { return database_url_; }

  // Starts the server and answers the port from its start line.
  std::uint16_t Start() {
    pid_ = test::StartProcess(
        // Without the web portal, whether or not web/dist is built: these tests are of the start page.
        {OPENMSP_BINARY, "serve", "--listen", "127.0.0.1:0", "--database", DatabaseUrl(), "--threads", "2",
         "--web-root", ""},
        log_.string());
    return test::PortFromLog(log_, "openmsp [0-9.]+ listening on http://127\\.0\\.0\\.1:([0-9]+) \\(database " +
                                       DatabaseUrl() + "\\)\n");
  }

  // Sends `signal_number` and answers the exit code; the server counts as stopped afterwards.
  int Stop(int signal_number) {
    int exit_code = test::StopProcess(pid_, signal_number, 10s);
    pid_ = -1;
    return exit_code;
  }

  test::TempDirectory directory_{"openmsp_serve_test"};
  std::string database_url_ = "sqlite:" + directory_.File("openmsp.db");
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

TEST_F(ServeTest, AnswersHealthAndReadiness) {
  std::uint16_t port = Start();

  Response health = Fetch(port, "GET", "/healthz");
  EXPECT_EQ(health.result_int(), 200u);
  EXPECT_EQ(health[bhttp::field::content_type], "application/json");
  EXPECT_EQ(health.body(), R"({"status":"ok"})");

  Response ready = Fetch(port, "GET", "/readyz");
  EXPECT_EQ(ready.result_int(), 200u);
  EXPECT_EQ(ready.body(), R"({"status":"ok"})");
}

TEST_F(ServeTest, RatesStoredCdrsInTheBackgroundAndCountsItsJobsAtMetrics) {
  // A tenant with two CPO CDRs of a token it does not know, stored before the server starts: the sweep
  // queues the tenant's rating at once, and the CDRs are stored as MSP CDRs needing attention.
  const store::DatabaseUrl url = store::ParseDatabaseUrl(DatabaseUrl()).value();
  (void)store::OpenAndMigrate(url).value();
  const ManualClock clock(ParseOcpiDateTime("2026-02-01T00:00:00Z").value());
  store::Repositories repositories = store::Repositories::Open(url, clock).value();
  const domain::TenantId tenant =
      repositories.tenants()
          .Create(domain::NewTenant{.slug = "demo",
                                    .name = "Demo",
                                    .default_currency = Currency::Find("EUR").value(),
                                    .parties = {PartyId::Parse("NL-DEM").value()}})
          .value()
          .id;
  {
    auto ingestor = store::CpoCdrIngestor::Open(url, clock).value();
    for (const char* id : {"CDR-1", "CDR-2"}) {
      ASSERT_TRUE(ingestor->Ingest(test::SampleCpoCdr({.tenant_id = tenant, .cdr_id = id})));
    }
  }
  const std::uint16_t port = Start();

  const auto deadline = std::chrono::steady_clock::now() + 30s;
  std::vector<domain::MspCdr> rated;
  while (rated.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
    rated = repositories.msp_cdrs().List(tenant, domain::MspCdrQuery{}).value();
  }
  ASSERT_EQ(rated.size(), 2u);
  EXPECT_EQ(rated[0].rating.attention, domain::AttentionReason::kUnknownToken);

  Response metrics = Fetch(port, "GET", "/metrics");
  EXPECT_EQ(metrics.result_int(), 200u);
  EXPECT_EQ(metrics[bhttp::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(metrics.body(), HasSubstr("# TYPE openmsp_jobs_succeeded_total counter\n"));
  EXPECT_THAT(metrics.body(), ::testing::ContainsRegex("openmsp_jobs_claimed_total [1-9]"));
  // The requests before this one, by route pattern (an unknown path has none).
  Fetch(port, "GET", "/no/such/page");
  const std::string counted = Fetch(port, "GET", "/metrics").body();
  EXPECT_THAT(counted,
              HasSubstr("openmsp_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"200\"} 1\n"));
  EXPECT_THAT(counted,
              HasSubstr("openmsp_http_requests_total{method=\"GET\",route=\"(none)\",status=\"404\"} 1\n"));
  EXPECT_THAT(counted, HasSubstr("openmsp_http_request_duration_seconds_count{route=\"/metrics\"} 1\n"));
}

TEST_F(ServeTest, ServesTheHomePageAndTheVersion) {
  std::uint16_t port = Start();

  Response home = Fetch(port, "GET", "/");
  EXPECT_EQ(home.result_int(), 200u);
  EXPECT_EQ(home[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_THAT(home.body(), HasSubstr("<title>OpenMSP</title>"));
  EXPECT_THAT(home.body(), HasSubstr(R"(href="/healthz")"));

  Response version = Fetch(port, "GET", "/api/v1/version");
  EXPECT_EQ(version.result_int(), 200u);
  EXPECT_THAT(version.body(),
              ::testing::MatchesRegex(R"(\{"name":"openmsp","version":"[0-9]+\.[0-9]+\.[0-9]+"\})"));
}

TEST_F(ServeTest, AnswersUnknownPathsWith404AndOtherMethodsWith405) {
  std::uint16_t port = Start();

  EXPECT_EQ(Fetch(port, "GET", "/no/such/page").result_int(), 404u);

  Response wrong_method = Fetch(port, "DELETE", "/healthz");
  EXPECT_EQ(wrong_method.result_int(), 405u);
  EXPECT_EQ(wrong_method[bhttp::field::allow], "GET, HEAD");  // HEAD is answered by every GET route
}

TEST_F(ServeTest, RefusesAnOverLargeBodyWith413) {
  std::uint16_t port = Start();

  Response response = Connection(port).Exchange(
      "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2097152\r\n\r\n" +
      std::string(1000, 'x'));

  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(ServeTest, KeepsAConnectionAliveForSeveralRequests) {
  std::uint16_t port = Start();
  Connection connection(port);

  Response first = connection.Exchange(Request("GET", "/healthz"));
  Response second = connection.Exchange(Request("GET", "/readyz"));

  EXPECT_EQ(first.result_int(), 200u);
  EXPECT_TRUE(first.keep_alive());
  EXPECT_EQ(second.result_int(), 200u);
}

TEST_F(ServeTest, StopsGracefullyOnSigtermAndSigint) {
  for (int signal_number : {SIGTERM, SIGINT}) {
    std::uint16_t port = Start();
    EXPECT_EQ(Fetch(port, "GET", "/healthz").result_int(), 200u);

    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(Stop(signal_number), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);

    std::string log = ReadFile(log_);
    EXPECT_THAT(log, HasSubstr(signal_number == SIGTERM ? "SIGTERM received" : "SIGINT received"));
    EXPECT_THAT(log, HasSubstr("openmsp: stopped\n"));
    std::filesystem::remove(log_);
  }
  EXPECT_TRUE(std::filesystem::exists(directory_.path() / "openmsp.db"));
}

TEST_F(ServeTest, RunsOnPostgresqlAndIsReadyAgainOnceTheDatabaseIsBack) {
  test::PostgresServer postgres;
  database_url_ = postgres.url();
  std::uint16_t port = Start();
  EXPECT_EQ(Fetch(port, "GET", "/readyz").result_int(), 200);

  postgres.Pause();
  Response unavailable = Fetch(port, "GET", "/readyz");
  EXPECT_EQ(unavailable.result_int(), 503);
  EXPECT_EQ(unavailable.body(), R"({"status":"unavailable"})");
  EXPECT_EQ(Fetch(port, "GET", "/healthz").result_int(), 200);

  postgres.Resume();
  EXPECT_EQ(Fetch(port, "GET", "/readyz").result_int(), 200);
  EXPECT_EQ(Stop(SIGTERM), 0);
  EXPECT_THAT(ReadFile(log_), HasSubstr("openmsp: not ready: "));
}

TEST_F(ServeTest, RefusesADatabaseInADirectoryThatDoesNotExist) {
  std::string missing = (directory_.path() / "missing" / "openmsp.db").string();

  test::ProcessResult result = test::RunProcess(
      {OPENMSP_BINARY, "serve", "--listen", "127.0.0.1:0", "--database", "sqlite:" + missing});

  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "openmsp serve: --database: cannot create " + missing + ": the directory " +
                            (directory_.path() / "missing").string() + " does not exist\n");
}

TEST_F(ServeTest, RefusesMalformedOptionsNamingThem) {
  test::ProcessResult listen = test::RunProcess({OPENMSP_BINARY, "serve", "--listen", "localhost"});
  EXPECT_EQ(listen.exit_code, 2);
  EXPECT_THAT(listen.err, ::testing::StartsWith("openmsp serve: --listen: 'localhost': expected HOST:PORT"));

  test::ProcessResult database = test::RunProcess({OPENMSP_BINARY, "serve", "--database", "openmsp.db"});
  EXPECT_EQ(database.exit_code, 2);
  EXPECT_THAT(database.err,
              ::testing::StartsWith("openmsp serve: --database: 'openmsp.db': expected sqlite:PATH"));
}

TEST_F(ServeTest, RefusesAPortAlreadyInUse) {
  std::uint16_t port = Start();
  std::string address = "127.0.0.1:" + std::to_string(port);

  test::ProcessResult second = test::RunProcess({OPENMSP_BINARY, "serve", "--listen", address, "--database",
                                                 "sqlite:" + (directory_.path() / "other.db").string()});

  EXPECT_EQ(second.exit_code, 2);
  EXPECT_EQ(second.err,
            "openmsp serve: --listen: cannot listen on " + address + ": Address already in use\n");
}

}  // namespace
}  // namespace openmsp
