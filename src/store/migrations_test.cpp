#include "store/migrations.h"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>

#include "store/postgres/postgres_database.h"
#include "store/sqlite/sqlite_database.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

namespace openmsp::store {
namespace {

// Each back end gives every test a new, empty database.
class SqliteBackend {
 public:
  using Database = SqliteDatabase;


  std::string Url() const { return "sqlite:" + Path(); }
  Database Open() const { return SqliteDatabase::Open(Path()).value(); }

 private:
  std::string Path() const { return directory_.File("openmsp.db"); }

  test::TempDirectory directory_{"openmsp_migrations"};
};

class PostgresBackend {
 public:
  using Database = PostgresDatabase;

  PostgresBackend() : url_(Server().CreateDatabase("migrations_" + std::to_string(++databases_))) {}

  std::string Url() const { return url_; }
  Database Open() const { return PostgresDatabase::Open(url_).value(); }

 private:
  // One server for the whole test program, started by the first test that needs it.
  static test::PostgresServer& Server() {
    static test::PostgresServer server;
    return server;
  }

  static inline int databases_ = 0;
  std::string url_;
};

template <class Backend>
class MigrationsTest : public ::testing::Test {
 protected:
  Backend backend_;
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

class BackendNames {
 public:
  template <class Backend>
  static std::string GetName(int) {
    return std::is_same_v<Backend, SqliteBackend> ? "Sqlite" : "Postgresql";
  }
};

TYPED_TEST_SUITE(MigrationsTest, Backends, BackendNames);

TYPED_TEST(MigrationsTest, AppliesEveryMigrationToAnEmptyDatabase) {
  auto database = this->backend_.Open();
  Result<MigrationReport> report = Migrate(database);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(*report, (MigrationReport{LatestSchemaVersion(), LatestSchemaVersion()}));
  EXPECT_EQ(database.QueryText("SELECT count(*) FROM schema_migrations")->value_or(""),
            std::to_string(LatestSchemaVersion()));
}

TYPED_TEST(MigrationsTest, IsIdempotent) {
  auto database = this->backend_.Open();
  ASSERT_TRUE(Migrate(database).ok());
  Result<MigrationReport> again = Migrate(database);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(*again, (MigrationReport{0, LatestSchemaVersion()}));

  auto other_connection = this->backend_.Open();
  Result<MigrationReport> from_another_connection = Migrate(other_connection);
  ASSERT_TRUE(from_another_connection.ok()) << from_another_connection.error().ToString();
  EXPECT_EQ(*from_another_connection, (MigrationReport{0, LatestSchemaVersion()}));
}

TYPED_TEST(MigrationsTest, CreatesTenantsAndTheirParties) {
  auto database = this->backend_.Open();
  ASSERT_TRUE(Migrate(database).ok());
  Result<void> inserted = database.Execute(
      "INSERT INTO tenants (slug, name, default_currency) VALUES ('acme', 'Acme Mobility', 'EUR');"
      "INSERT INTO tenant_parties (tenant_id, country_code, party_id) "
      "SELECT id, 'DE', 'ACM' FROM tenants WHERE slug = 'acme'");
  ASSERT_TRUE(inserted.ok()) << inserted.error().ToString();
  EXPECT_EQ(database
                .QueryText("SELECT t.name FROM tenants t JOIN tenant_parties p ON p.tenant_id = t.id "
                           "WHERE p.country_code = 'DE' AND p.party_id = 'ACM'")
                ->value_or(""),
            "Acme Mobility");
  EXPECT_TRUE(database.QueryText("SELECT created_at FROM tenants WHERE slug = 'acme'")->has_value());

  EXPECT_FALSE(database
                   .Execute("INSERT INTO tenants (slug, name, default_currency) "
                            "VALUES ('acme', 'Another', 'EUR')")
                   .ok());
  EXPECT_FALSE(database
                   .Execute("INSERT INTO tenant_parties (tenant_id, country_code, party_id) "
                            "SELECT id, 'DE', 'ACM' FROM tenants WHERE slug = 'acme'")
                   .ok());
}

TYPED_TEST(MigrationsTest, ConcurrentMigrationsBothSucceedAndApplyEachStepOnce) {
  auto first = this->backend_.Open();
  auto second = this->backend_.Open();
  Result<MigrationReport> first_report = Error{};
  Result<MigrationReport> second_report = Error{};
  {
    std::jthread racer([&] { second_report = Migrate(second); });
    first_report = Migrate(first);
  }
  ASSERT_TRUE(first_report.ok()) << first_report.error().ToString();
  ASSERT_TRUE(second_report.ok()) << second_report.error().ToString();
  EXPECT_EQ(first_report->version, LatestSchemaVersion());
  EXPECT_EQ(second_report->version, LatestSchemaVersion());
  EXPECT_EQ(first_report->applied + second_report->applied, LatestSchemaVersion());
}

TYPED_TEST(MigrationsTest, OpenAndMigrateTakesAUrlOfEitherBackEnd) {
  Result<DatabaseUrl> url = ParseDatabaseUrl(this->backend_.Url());
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  Result<MigrationReport> report = OpenAndMigrate(*url);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->version, LatestSchemaVersion());
  EXPECT_EQ(OpenAndMigrate(*url)->applied, 0);
}

TYPED_TEST(MigrationsTest, RefusesADatabaseNewerThanTheBinary) {
  auto database = this->backend_.Open();
  ASSERT_TRUE(Migrate(database).ok());
  ASSERT_TRUE(database
                  .Execute("INSERT INTO schema_migrations (version) VALUES (" +
                           std::to_string(LatestSchemaVersion() + 1) + ")")
                  .ok());
  Result<MigrationReport> report = Migrate(database);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(report.error().field, "database");
}

TEST(MigrationListTest, VersionsCountUpFromOneAndEveryBackEndHasItsSql) {
  int expected = 1;
  for (const Migration& migration : Migrations()) {
    EXPECT_EQ(migration.version, expected++);
    EXPECT_FALSE(migration.name.empty());
    EXPECT_FALSE(migration.sqlite_sql.empty());
    EXPECT_FALSE(migration.postgresql_sql.empty());
  }
  EXPECT_EQ(LatestSchemaVersion(), expected - 1);
}

}  // namespace
}  // namespace openmsp::store
