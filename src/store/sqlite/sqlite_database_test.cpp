#include "store/sqlite/sqlite_database.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <string>
#include <thread>

#include "support/temp_directory.h"

namespace openmsp::store {
namespace {

using test::TempDirectory;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

TEST(SqliteDatabaseTest, CreatesTheFileInWalModeAndIsReady) {
  TempDirectory directory("openmsp_store_test");
  std::string path = directory.File("openmsp.db");

  Result<SqliteDatabase> database = SqliteDatabase::Open(path);

  ASSERT_TRUE(database.ok()) << database.error().ToString();
  EXPECT_TRUE(database->CheckReady().ok());
  std::string header = ReadFile(path);
  ASSERT_GE(header.size(), 100u);
  EXPECT_EQ(header.substr(0, 16), std::string("SQLite format 3\0", 16));
  EXPECT_EQ(header[18], 2) << "file format write version 2 means WAL";
  EXPECT_EQ(header[19], 2) << "file format read version 2 means WAL";
}

TEST(SqliteDatabaseTest, AWriterWaitsForAnotherWritersTransactionInsteadOfFailing) {
  TempDirectory directory("openmsp_store_test");
  const std::string path = directory.File("openmsp.db");
  SqliteDatabase first = SqliteDatabase::Open(path).value();
  SqliteDatabase second = SqliteDatabase::Open(path).value();
  ASSERT_TRUE(first.Execute("CREATE TABLE cdrs (id INTEGER PRIMARY KEY)").ok());
  ASSERT_TRUE(first.Execute("BEGIN IMMEDIATE; INSERT INTO cdrs VALUES (1)").ok());

  // The second writer asks for the write lock while the first holds it, and gets it once the first commits.
  std::future<Result<void>> waiting = std::async(std::launch::async, [&second] {
    return second.Execute("BEGIN IMMEDIATE; INSERT INTO cdrs VALUES (2); COMMIT");
  });
  ASSERT_EQ(waiting.wait_for(std::chrono::milliseconds(150)), std::future_status::timeout)
      << "the second writer must wait while the first holds the lock";
  ASSERT_TRUE(first.Execute("COMMIT").ok());
  const Result<void> written = waiting.get();

  ASSERT_TRUE(written.ok()) << written.error().ToString();
  EXPECT_EQ(first.QueryText("SELECT group_concat(id) FROM cdrs").value(), "1,2");
}

TEST(SqliteDatabaseTest, ReopensAnExistingDatabase) {
  TempDirectory directory("openmsp_store_test");
  std::string path = directory.File("openmsp.db");
  ASSERT_TRUE(SqliteDatabase::Open(path).ok());

  Result<SqliteDatabase> again = SqliteDatabase::Open(path);

  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_TRUE(again->CheckReady().ok());
}

TEST(SqliteDatabaseTest, OpensInMemory) {
  Result<SqliteDatabase> database = SqliteDatabase::Open(":memory:");

  ASSERT_TRUE(database.ok()) << database.error().ToString();
  EXPECT_TRUE(database->CheckReady().ok());
}

TEST(SqliteDatabaseTest, StaysUsableAfterAMove) {
  Result<SqliteDatabase> opened = SqliteDatabase::Open(":memory:");
  ASSERT_TRUE(opened.ok());

  SqliteDatabase database = std::move(opened).value();

  EXPECT_TRUE(database.CheckReady().ok());
}

TEST(SqliteDatabaseTest, RefusesADirectoryThatDoesNotExist) {
  TempDirectory directory("openmsp_store_test");
  std::string path = directory.File("missing/openmsp.db");

  Result<SqliteDatabase> database = SqliteDatabase::Open(path);

  ASSERT_FALSE(database.ok());
  EXPECT_EQ(database.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(database.error().field, "database");
  EXPECT_EQ(database.error().message,
            "cannot create " + path + ": the directory " + directory.File("missing") + " does not exist");
  EXPECT_FALSE(std::filesystem::exists(directory.File("missing")));
}

TEST(SqliteDatabaseTest, RefusesAFileThatIsNotASqliteDatabase) {
  TempDirectory directory("openmsp_store_test");
  std::string path = directory.File("notes.txt");
  std::ofstream(path) << "These are not the pages you are looking for. " << std::string(4096, 'x');

  Result<SqliteDatabase> database = SqliteDatabase::Open(path);

  ASSERT_FALSE(database.ok());
  EXPECT_EQ(database.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(database.error().field, "database");
  EXPECT_EQ(database.error().message, "cannot open " + path + ": file is not a database");
}

TEST(SqliteDatabaseTest, RefusesADirectoryAsTheFile) {
  TempDirectory directory("openmsp_store_test");

  Result<SqliteDatabase> database = SqliteDatabase::Open(directory.File(""));

  ASSERT_FALSE(database.ok());
  EXPECT_EQ(database.error().field, "database");
}

}  // namespace
}  // namespace openmsp::store
