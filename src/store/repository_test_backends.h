#pragma once

#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "core/clock.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/postgres/postgres_database.h"
#include "store/repositories.h"
#include "store/sqlite/sqlite_database.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

// The two back ends for typed repository tests, each giving every test a new, migrated database:
//
//     template <class Backend> class MyTest : public ::testing::Test { Backend backend_; ... };
//     TYPED_TEST_SUITE(MyTest, Backends, BackendNames);
//
// `Open(clock)` gives repositories on the test's database, `Execute(sql)` runs SQL on it directly (for
// checks of what the schema itself refuses), `url()` names it. Every test file of src/store shares one
// PostgreSQL server per test program, started by the first test that needs it.
namespace openmsp::store {

class SqliteBackend {
 public:
  SqliteBackend() {
    SqliteDatabase database = SqliteDatabase::Open(Path()).value();
    (void)Migrate(database).value();
  }

  Repositories Open(const Clock& clock) const {
    return Repositories::Open(ParseDatabaseUrl("sqlite:" + Path()).value(), clock).value();
  }
  Result<void> Execute(const std::string& sql) const { return SqliteDatabase::Open(Path())->Execute(sql); }
  DatabaseUrl url() const { return ParseDatabaseUrl("sqlite:" + Path()).value(); }

 private:
  std::string Path() const { return directory_.File("openmsp.db"); }

  test::TempDirectory directory_{"openmsp_repositories"};
};

class PostgresBackend {
 public:
  PostgresBackend() : url_(Server().CreateDatabase("repositories_" + std::to_string(++databases_))) {
    PostgresDatabase database = PostgresDatabase::Open(url_).value();
    (void)Migrate(database).value();
  }

  Repositories Open(const Clock& clock) const {
    return Repositories::Open(ParseDatabaseUrl(url_).value(), clock).value();
  }
  Result<void> Execute(const std::string& sql) const { return PostgresDatabase::Open(url_)->Execute(sql); }
  DatabaseUrl url() const { return ParseDatabaseUrl(url_).value(); }

 private:
  // One server for the whole test program, started by the first test that needs it.
  static test::PostgresServer& Server() {
    static test::PostgresServer server;
    return server;
  }

  static inline int databases_ = 0;
  std::string url_;
};

/// The two back ends, for `TYPED_TEST_SUITE(Suite, Backends, BackendNames)`.
using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

/// Names the typed tests `Sqlite` and `Postgresql`.
class BackendNames {
 public:
  template <class Backend>
  static std::string GetName(int) {
    return std::is_same_v<Backend, SqliteBackend> ? "Sqlite" : "Postgresql";
  }
};

}  // namespace openmsp::store
