#include "support/postgres_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "run_process.h"

namespace openmsp::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kRunuser = "/usr/sbin/runuser";
constexpr const char* kEnv = "/usr/bin/env";
constexpr const char* kUser = "postgres";
constexpr const char* kDatabase = "openmsp_test";
constexpr int kStartAttempts = 3;

std::string Bin(const char* program) { return std::string(PostgresServer::kBinDirectory) + "/" + program; }

std::string ReadLog(const std::filesystem::path& path) {
  std::ifstream file(path);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  socklen_t length = sizeof address;
  bool bound = bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
               getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  int error = errno;
  close(fd);
  if (!bound) throw std::system_error(error, std::generic_category(), "cannot find a free port");
  return ntohs(address.sin_port);
}

// Runs a PostgreSQL program as the user postgres, in `directory` (the caller's working directory may
// be closed to that user); throws with its output when it fails.
void RunAsPostgres(const std::filesystem::path& directory, std::vector<std::string> argv) {
  argv.insert(argv.begin(), {kRunuser, "-u", kUser, "--", kEnv, "-C", directory.string()});
  ProcessResult result = RunProcess(argv, 120s);
  if (result.exit_code != 0) {
    throw std::runtime_error(argv[7] + " failed (exit " + std::to_string(result.exit_code) +
                             "); PostgreSQL tests need the postgresql-15 package and the user postgres "
                             "(scripts/install-deps), and must run as root:\n" +
                             result.out + result.err);
  }
}

}  // namespace

PostgresServer::PostgresServer() {
  std::string pattern = (std::filesystem::temp_directory_path() / "openmsp-postgres-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  directory_ = pattern;
  try {
    Start();
  } catch (...) {
    Stop();
    throw;
  }
}

PostgresServer::~PostgresServer() { Stop(); }

void PostgresServer::Start() {
  const passwd* user = getpwnam(kUser);
  if (user == nullptr) {
    throw std::runtime_error(
        "there is no user postgres: install the postgresql-15 package (scripts/install-deps)");
  }
  if (chown(directory_.c_str(), user->pw_uid, user->pw_gid) != 0) {
    throw std::system_error(errno, std::generic_category(), "chown " + directory_.string() + " to postgres");
  }
  RunAsPostgres(directory_, {Bin("initdb"), "--pgdata", (directory_ / "data").string(), "--auth=trust",
                             "--username=postgres", "--encoding=UTF8", "--locale=C", "--no-sync"});
  for (int attempt = 1;; ++attempt) {
    port_ = FreePort();
    try {
      StartServer();
      break;
    } catch (const std::runtime_error& error) {
      if (attempt == kStartAttempts) {
        throw std::runtime_error(error.what() + std::string("\nserver log:\n") + ReadLog(directory_ / "log"));
      }
    }
  }
  url_ = CreateDatabase(kDatabase);
}

void PostgresServer::StartServer() {
  std::string settings = "-c listen_addresses=127.0.0.1 -c port=" + std::to_string(port_) +
                         " -c fsync=on -c unix_socket_directories=" + directory_.string();
  RunAsPostgres(directory_, {Bin("pg_ctl"), "start", "--wait", "--timeout=60", "--pgdata",
                             (directory_ / "data").string(), "--log", (directory_ / "log").string(), "-o", settings});
  running_ = true;
}

void PostgresServer::Pause() {
  if (!running_) return;
  RunProcess({kRunuser, "-u", kUser, "--", kEnv, "-C", directory_.string(), Bin("pg_ctl"), "stop", "--wait",
              "--mode=fast", "--pgdata", (directory_ / "data").string()},
             120s);
  running_ = false;
}

void PostgresServer::Resume() {
  if (running_) return;
  try {
    StartServer();
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(error.what() + std::string("\nserver log:\n") + ReadLog(directory_ / "log"));
  }
}

std::string PostgresServer::CreateDatabase(const std::string& name) {
  RunAsPostgres(directory_, {Bin("createdb"), "--host=127.0.0.1", "--port=" + std::to_string(port_),
                             "--username=postgres", name});
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

void PostgresServer::Stop() {
  Pause();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

}  // namespace openmsp::test
