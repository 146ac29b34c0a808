// `openmsp demo seed` as `make run` runs it, twice, on a SQLite database in a fresh temporary directory;
// and scripts/run-demo itself: migrate, seed, serve in the foreground, stopped cleanly by SIGTERM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/asio.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "core/clock.h"
#include "domain/password.h"
#include "run_process.h"
#include "store/database_url.h"
#include "store/repositories.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

using test::ReadFile;

class DemoCliTest : public ::testing::Test {
 protected:
  std::string DatabaseUrl() const { return "sqlite:" + directory_.File("openmsp.db"); }

  test::ProcessResult Seed(const std::string& database) {
    return test::RunProcess({OPENMSP_BINARY, "demo", "seed", "--tenant", "demo", "--database", database});
  }

  test::TempDirectory directory_{"openmsp_demo_cli"};
};

TEST_F(DemoCliTest, SeedsTheDemoOnceAndASecondRunChangesNothing) {
  const test::ProcessResult first = Seed(DatabaseUrl());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("Seeded the demo tenant demo"));
  EXPECT_THAT(first.out, HasSubstr("47 objects created"));
  EXPECT_THAT(first.out, HasSubstr("+ tariff plan version"));
  EXPECT_THAT(first.out, HasSubstr("demo-charging-2026"));
  for (const char* user :
       {"admin@demo-msp.example", "ou-admin@demo-msp.example", "fleet@demo-msp.example",
        "finance@demo-msp.example", "viewer@demo-msp.example", "driver@demo-msp.example"}) {
    EXPECT_THAT(first.out, HasSubstr(user));
  }

  const test::ProcessResult second = Seed(DatabaseUrl());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("Nothing changed: the demo tenant demo"));
  EXPECT_THAT(second.out, HasSubstr("47 objects found"));
  EXPECT_THAT(second.out, Not(HasSubstr(" + ")));
  EXPECT_THAT(second.out, HasSubstr("driver@demo-msp.example"));  // still shows how to log in

  const SystemClock clock;
  store::Repositories repositories =
      store::Repositories::Open(store::ParseDatabaseUrl(DatabaseUrl()).value(), clock).value();
  const domain::Tenant tenant = repositories.tenants().FindBySlug("demo").value();
  EXPECT_EQ(repositories.tariff_plans().ListVersions(tenant.id).value().size(), 1u);
  const domain::User admin = repositories.users().FindByEmail(tenant.id, "admin@demo-msp.example").value();
  EXPECT_TRUE(domain::CheckLogin(&admin, "demo-charging-2026"));
  EXPECT_EQ(repositories.audit_log().List(tenant.id, {}, 10, std::nullopt).value().entries.size(), 1u);
}

TEST_F(DemoCliTest, RefusesATenantItDidNotMakeAndABadDatabase) {
  const test::ProcessResult created =
      test::RunProcess({OPENMSP_BINARY, "tenant", "create", "--database", DatabaseUrl(), "--slug", "demo",
                        "--name", "Other MSP", "--country", "NL", "--party", "OTH", "--admin-email",
                        "boss@other.example", "--admin-password", "correct horse battery staple"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const test::ProcessResult refused = Seed(DatabaseUrl());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("openmsp demo seed: --tenant:"));
  EXPECT_THAT(refused.err, HasSubstr("admin@demo-msp.example"));
  EXPECT_EQ(refused.out, "");

  const test::ProcessResult bad = Seed("mysql://nowhere/db");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--database"));
}

// A port nobody listens on now (the kernel's choice for a socket bound to port 0, closed again).
std::uint16_t FreePort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

bool Accepts(std::uint16_t port) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  boost::system::error_code error;
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port}, error);
  return !error;
}

// scripts/run-demo with `OPENMSP_BIN` set for the run, waiting (60 s at most) for serve's start line in
// its log; answers the script's pid.
class RunDemo {
 public:
  RunDemo(const std::string& binary, std::uint16_t port, const std::string& database,
          const std::string& sim_log, const std::string& log)
      : log_(log) {
    setenv("OPENMSP_BIN", binary.c_str(), 1);
    setenv("PORT", std::to_string(port).c_str(), 1);
    setenv("DATABASE", database.c_str(), 1);
    setenv("SIM_LOG", sim_log.c_str(), 1);
    pid_ = test::StartProcess({"/bin/bash", OPENMSP_SOURCE_DIR "/scripts/run-demo"}, log);
    for (const char* name : {"OPENMSP_BIN", "PORT", "DATABASE", "SIM_LOG"}) unsetenv(name);
  }
  ~RunDemo() {
    if (pid_ > 0) test::StopProcess(pid_, SIGKILL);
  }

  bool WaitFor(const std::string& text) const {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (ReadFile(log_).find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  int Stop() {
    const int exit_code = test::StopProcess(pid_, SIGTERM, 20s);
    pid_ = 0;
    return exit_code;
  }

  std::string log() const { return ReadFile(log_); }

 private:
  std::string log_;
  pid_t pid_ = 0;
};

TEST_F(DemoCliTest, RunDemoSeedsServesAndStopsCleanlyOnSigterm) {
  const std::uint16_t port = FreePort();
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  for (const std::string run : {"first", "second"}) {
    RunDemo demo(OPENMSP_BINARY, port, DatabaseUrl(), directory_.File("cpo-sim.log"),
                 directory_.File(run + ".log"));
    ASSERT_TRUE(demo.WaitFor("listening on " + url)) << demo.log();
    EXPECT_TRUE(Accepts(port));
    EXPECT_EQ(demo.Stop(), 0) << demo.log();
    EXPECT_FALSE(Accepts(port)) << "serve still runs after run-demo ended";
    EXPECT_THAT(demo.log(), HasSubstr("OpenMSP is starting at " + url)) << run;
    EXPECT_THAT(demo.log(), HasSubstr(run == "first" ? "Seeded the demo tenant demo" : "Nothing changed"));
  }
}

// The simulator's part of run-demo, with a stand-in for `openmsp` that has a `cpo-sim` subcommand (it
// records its arguments and waits for SIGTERM) and passes everything else to the real binary.
TEST_F(DemoCliTest, RunDemoInvitesAndStartsTheSimulatorOnceServeIsReadyAndStopsIt) {
  const std::string binary = directory_.File("openmsp-with-sim");
  const std::string calls = directory_.File("cpo-sim.calls");
  {
    std::ofstream script(binary);
    script << "#!/bin/bash\n"
              "if [[ $1 == cpo-sim ]]; then\n"
              "  if [[ $2 == --help ]]; then echo 'Usage: openmsp cpo-sim [OPTIONS]'; exit 0; fi\n"
              "  echo \"started $*\" >>'"
           << calls
           << "'\n"
              "  trap \"echo stopped >>'"
           << calls
           << "'; exit 0\" TERM\n"
              "  while true; do sleep 0.1; done\n"
              "fi\n"
              "exec '"
           << OPENMSP_BINARY << "' \"$@\"\n";
  }
  std::filesystem::permissions(binary, std::filesystem::perms::owner_all);
  const std::uint16_t port = FreePort();
  const std::string url = "http://127.0.0.1:" + std::to_string(port);

  RunDemo demo(binary, port, DatabaseUrl(), directory_.File("cpo-sim.log"), directory_.File("run.log"));
  ASSERT_TRUE(demo.WaitFor("simulated CPO NL-CPO started")) << demo.log();
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline && ReadFile(calls).empty()) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_THAT(ReadFile(calls),
              HasSubstr("started cpo-sim --versions-url " + url + "/ocpi/versions --token-a "));
  EXPECT_THAT(ReadFile(calls), HasSubstr(" --party NL-CPO"));
  EXPECT_EQ(demo.Stop(), 0) << demo.log();
  EXPECT_THAT(ReadFile(calls), HasSubstr("stopped"));
  EXPECT_THAT(demo.log(), HasSubstr("stopped the simulated CPO"));

  const test::ProcessResult peers = test::RunProcess(
      {OPENMSP_BINARY, "peer", "list", "--tenant", "demo", "--json", "--database", DatabaseUrl()});
  EXPECT_THAT(peers.out, HasSubstr(R"("name":"Simulated CPO","status":"pending")"));
}

}  // namespace
}  // namespace openmsp
