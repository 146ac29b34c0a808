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

TEST(DatabaseUrlTest, PostgresqlIsRecognisedButNotYetSupported) {
  for (const char* text : {"postgresql://openmsp@db.example.com/openmsp", "postgres://localhost/openmsp"}) {
    Result<DatabaseUrl> url = ParseDatabaseUrl(text);
    ASSERT_FALSE(url.ok()) << text;
    EXPECT_EQ(url.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(url.error().field, "database");
    EXPECT_EQ(url.error().message,
              "PostgreSQL support arrives with the storage issue; use sqlite:PATH for now");
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
