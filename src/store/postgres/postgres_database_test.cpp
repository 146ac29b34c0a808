#include "store/postgres/postgres_database.h"

#include <gtest/gtest.h>

#include "support/postgres_server.h"

namespace openmsp::store {
namespace {

TEST(PostgresDatabaseTest, OpensAndAnswers) {
  test::PostgresServer server;
  Result<PostgresDatabase> database = PostgresDatabase::Open(server.url());
  ASSERT_TRUE(database.ok()) << database.error().ToString();
  EXPECT_TRUE(database->CheckReady().ok());
  EXPECT_EQ(database->QueryText("SELECT current_database()")->value_or(""), "openmsp_test");
  EXPECT_EQ(database->QueryText("SELECT NULL")->has_value(), false);

  Result<void> bad = database->Execute("SELECT * FROM no_such_table");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "database");
  EXPECT_NE(bad.error().message.find("no_such_table"), std::string::npos) << bad.error().message;
  EXPECT_TRUE(database->CheckReady().ok());
}

TEST(PostgresDatabaseTest, AnUnreachableServerIsUnavailableAndThePasswordStaysSecret) {
  Result<PostgresDatabase> database =
      PostgresDatabase::Open("postgresql://openmsp:s3cret-pw@127.0.0.1:1/openmsp?connect_timeout=2");
  ASSERT_FALSE(database.ok());
  EXPECT_EQ(database.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(database.error().field, "database");
  EXPECT_EQ(database.error().message.find("s3cret-pw"), std::string::npos) << database.error().message;
  EXPECT_NE(database.error().message.find("127.0.0.1"), std::string::npos) << database.error().message;
}

}  // namespace
}  // namespace openmsp::store
