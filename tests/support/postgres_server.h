#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace openmsp::test {

/// A throwaway PostgreSQL 15 server for tests, from Debian's `postgresql-15` package
/// (scripts/install-deps installs it).
///
/// The constructor creates a temporary directory owned by the user `postgres`, runs `initdb` there with
/// trust authentication, and starts the server with `pg_ctl` as `postgres` (PostgreSQL refuses to run as
/// root) on a free port of 127.0.0.1, with `fsync=on` like production and its socket in the same
/// directory. It then creates the database `openmsp_test`. The destructor stops the server
/// (`pg_ctl stop -m fast`) and deletes the directory.
///
/// Anything missing (the package, the user, `runuser`) makes the constructor throw with the reason and
/// the server's log: a test that needs PostgreSQL fails, it never skips.
class PostgresServer {
 public:
  /// Where Debian puts the server's programs.
  static constexpr const char* kBinDirectory = "/usr/lib/postgresql/15/bin";

  /// Starts the server; throws std::runtime_error when it cannot.
  PostgresServer();
  /// Stops the server and deletes its files.
  ~PostgresServer();

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  /// `postgresql://postgres@127.0.0.1:PORT/openmsp_test`.
  const std::string& url() const { return url_; }

  /// Creates another, empty database `name` (letters, digits and `_`) and returns its URL; each test
  /// can so start from an empty schema. Throws std::runtime_error when `createdb` fails.
  std::string CreateDatabase(const std::string& name);

  /// Stops the server but keeps its data, as a crash of the database host would look to clients:
  /// connections fail until `Resume`. Throws std::runtime_error when `pg_ctl stop` fails.
  void Pause();

  /// Starts a paused server again, on the same port with the same data.
  void Resume();

 private:
  void Start();
  void StartServer();
  void Stop();

  std::filesystem::path directory_;
  std::uint16_t port_ = 0;
  std::string url_;
  bool running_ = false;
};

}  // namespace openmsp::test
