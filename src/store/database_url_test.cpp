#include "store/database_url.h"

#include <gtest/gtest.h>

namespace openmsp::store {
namespace {

TEST(DatabaseUrlTest, ParsesSqliteFilePaths) {
  EXPECT_EQ(ParseDatabaseUrl("sqlite:./openmsp.db")->sqlite_path, "./openmsp.db");
  EXPECT_EQ(ParseDatabaseUrl("sqlite:openmsp.db")->sqlite_path, "openmsp.db");
  EXPECT_EQ(ParseDatabaseUrl("sqlite:/var/lib/openmsp/openmsp.db")->sqlite_path,
            "/var/lib/openmsp/openmsp.db");
  EXPECT_EQ(ParseDatabaseUrl("sqlite:///var/lib/openmsp/openmsp.db")->sqlite_path,
            "/var/lib/openmsp/openmsp.db");
  EXPECT_EQ(ParseDatabaseUrl("sqlite:data dir/my db.sqlite")->sqlite_path, "data dir/my db.sqlite");
}

TEST(DatabaseUrlTest, ParsesInMemory) {
  EXPECT_EQ(ParseDatabaseUrl("sqlite::memory:")->sqlite_path, ":memory:");
}

TEST(DatabaseUrlTest, ToStringIsTheCanonicalUrl) {
  EXPECT_EQ(ParseDatabaseUrl("sqlite:./openmsp.db")->ToString(), "sqlite:./openmsp.db");
  EXPECT_EQ(ParseDatabaseUrl("sqlite:///tmp/x.db")->ToString(), "sqlite:/tmp/x.db");
  EXPECT_EQ(ParseDatabaseUrl("sqlite::memory:")->ToString(), "sqlite::memory:");
}

TEST(DatabaseUrlTest, KeepsPostgresqlUrlsForLibpq) {
  for (const char* text : {"postgresql://openmsp@db.example.com/openmsp", "postgres://localhost/openmsp",
                           "postgresql://openmsp@10.0.0.5:6432/openmsp?sslmode=require&connect_timeout=5",
                           "postgresql:///openmsp?host=/run/postgresql"}) {
    Result<DatabaseUrl> url = ParseDatabaseUrl(text);
    ASSERT_TRUE(url.ok()) << text << ": " << url.error().ToString();
    EXPECT_EQ(url->backend, DatabaseUrl::Backend::kPostgresql);
    EXPECT_EQ(url->postgresql_url, text);
    EXPECT_EQ(url->sqlite_path, "");
    EXPECT_EQ(url->ToString(), text);
  }
  EXPECT_EQ(ParseDatabaseUrl("sqlite:x.db")->backend, DatabaseUrl::Backend::kSqlite);
}

TEST(DatabaseUrlTest, ToStringHidesThePostgresqlPassword) {
  EXPECT_EQ(ParseDatabaseUrl("postgresql://openmsp:s3cret@db.example.com:5432/openmsp")->ToString(),
            "postgresql://openmsp:***@db.example.com:5432/openmsp");
  EXPECT_EQ(ParseDatabaseUrl("postgres://a:p@ss@db/openmsp?sslmode=require")->ToString(),
            "postgres://a:***@db/openmsp?sslmode=require");
  EXPECT_EQ(ParseDatabaseUrl("postgresql://db.example.com/x?user=a@b")->ToString(),
            "postgresql://db.example.com/x?user=a@b");
  EXPECT_EQ(ParseDatabaseUrl("postgresql://postgres:s@host/db")->ToString(),
            "postgresql://postgres:***@host/db");
}

TEST(DatabaseUrlTest, RefusesAPostgresqlUrlLibpqCannotReadWithoutShowingThePassword) {
  for (const char* text : {"postgresql://openmsp:s3cret@db.example.com/openmsp?nonsense=1",
                           "postgresql://openmsp:s3cret@[::1/openmsp"}) {
    Result<DatabaseUrl> url = ParseDatabaseUrl(text);
    ASSERT_FALSE(url.ok()) << text;
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(url.error().field, "database");
    EXPECT_EQ(url.error().message.find("s3cret"), std::string::npos) << url.error().message;
    EXPECT_NE(url.error().message.find("openmsp:***@"), std::string::npos) << url.error().message;
  }
}

TEST(DatabaseUrlTest, RefusesEverythingElseNamingTheField) {
  for (const char* text : {"", "openmsp.db", "./openmsp.db", "sqlite:", "sqlite://", "sqlite://host/x.db",
                           "SQLITE:x.db", "mysql://localhost/openmsp", "postgresql:/x", "file:x.db"}) {
    Result<DatabaseUrl> url = ParseDatabaseUrl(text);
    ASSERT_FALSE(url.ok()) << text;
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_EQ(url.error().field, "database") << text;
    EXPECT_NE(url.error().message.find(std::string("'") + text + "'"), std::string::npos)
        << url.error().message;
  }
}

TEST(DatabaseUrlTest, RefusesANulCharacterInThePath) {
  Result<DatabaseUrl> url = ParseDatabaseUrl(std::string_view("sqlite:a\0b", 10));
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().field, "database");
}

}  // namespace
}  // namespace openmsp::store
