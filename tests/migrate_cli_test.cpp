#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "run_process.h"
#include "support/postgres_server.h"
#include "support/temp_directory.h"

namespace openmsp {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

// `openmsp migrate` on a SQLite database in a fresh temporary directory.
class MigrateCliTest : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("OPENMSP_DATABASE"); }

  std::string DatabaseUrl() const { return "sqlite:" + directory_.File("openmsp.db"); }

  test::TempDirectory directory_{"openmsp_migrate_test"};
};

TEST_F(MigrateCliTest, AppliesTheMigrationsOnceThenReportsUpToDate) {
  test::ProcessResult first = test::RunProcess({OPENMSP_BINARY, "migrate", "--database", DatabaseUrl()});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, MatchesRegex("applied [1-9][0-9]* migrations? \\(now at version [1-9][0-9]*\\)\n"));
  EXPECT_EQ(first.err, "");
  EXPECT_TRUE(std::filesystem::exists(directory_.path() / "openmsp.db"));

  std::string version = first.out.substr(first.out.rfind(' ') + 1);
  version.resize(version.size() - 2);
  test::ProcessResult second = test::RunProcess({OPENMSP_BINARY, "migrate", "--database", DatabaseUrl()});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "database is up to date (version " + version + ")\n");
}

TEST_F(MigrateCliTest, ReadsTheDatabaseFromTheEnvironment) {
  setenv("OPENMSP_DATABASE", DatabaseUrl().c_str(), 1);
  test::ProcessResult result = test::RunProcess({OPENMSP_BINARY, "migrate"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("applied"));
  EXPECT_TRUE(std::filesystem::exists(directory_.path() / "openmsp.db"));
}

TEST_F(MigrateCliTest, ABadUrlIsAUsageErrorNamingTheOption) {
  test::ProcessResult result =
      test::RunProcess({OPENMSP_BINARY, "migrate", "--database", "mysql://localhost/x"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err,
              HasSubstr("openmsp migrate: --database: 'mysql://localhost/x': expected sqlite:PATH"));

  setenv("OPENMSP_DATABASE", "nonsense", 1);
  test::ProcessResult from_environment = test::RunProcess({OPENMSP_BINARY, "migrate"});
  EXPECT_EQ(from_environment.exit_code, 2);
  EXPECT_THAT(from_environment.err, HasSubstr("openmsp migrate: OPENMSP_DATABASE: 'nonsense'"));
}

TEST_F(MigrateCliTest, AnUnreachableDatabaseIsAnErrorThatKeepsThePasswordSecret) {
  test::ProcessResult result = test::RunProcess(
      {OPENMSP_BINARY, "migrate", "--database", "postgresql://openmsp:s3cret-pw@127.0.0.1:1/openmsp"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("openmsp migrate: --database: cannot connect"));
  EXPECT_THAT(result.err, Not(HasSubstr("s3cret-pw")));
}

TEST_F(MigrateCliTest, ServeRefusesAnUnreachablePostgresqlDatabaseKeepingThePasswordSecret) {
  test::ProcessResult result = test::RunProcess({OPENMSP_BINARY, "serve", "--listen", "127.0.0.1:0",
                                                 "--database", "postgresql://openmsp:s3cret-pw@127.0.0.1:1/x"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("openmsp serve: --database: cannot connect"));
  EXPECT_THAT(result.err, Not(HasSubstr("s3cret-pw")));
}

TEST(MigrateCliPostgresqlTest, MigratesAPostgresqlDatabase) {
  test::PostgresServer server;
  test::ProcessResult first = test::RunProcess({OPENMSP_BINARY, "migrate", "--database", server.url()});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("applied"));
  EXPECT_EQ(first.err, "");
  test::ProcessResult second = test::RunProcess({OPENMSP_BINARY, "migrate", "--database", server.url()});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("database is up to date"));
}

}  // namespace
}  // namespace openmsp
