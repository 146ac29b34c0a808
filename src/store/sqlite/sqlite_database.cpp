#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <system_error>
#include <thread>
#include <utility>

namespace openmsp::store {
namespace {

constexpr const char* kField = "database";
constexpr const char* kInMemory = ":memory:";

Error Failure(sqlite3* connection, int code, const std::string& doing) {
  std::string detail = connection != nullptr ? sqlite3_errmsg(connection) : sqlite3_errstr(code);
  ErrorCode error_code =
      (code & 0xff) == SQLITE_NOTADB ? ErrorCode::kInvalidArgument : ErrorCode::kUnavailable;
  return Error{error_code, kField, doing + ": " + detail};
}

Result<std::optional<std::string>> QueryFirst(sqlite3* connection, std::string_view sql,
                                              const std::string& doing) {
  sqlite3_stmt* statement = nullptr;
  int code = sqlite3_prepare_v2(connection, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (code == SQLITE_OK) code = sqlite3_step(statement);
  std::optional<std::string> text;
  if (code == SQLITE_ROW) {
    const unsigned char* value = sqlite3_column_text(statement, 0);
    if (value != nullptr) text = reinterpret_cast<const char*>(value);
  }
  Result<std::optional<std::string>> result =
      code == SQLITE_ROW || code == SQLITE_DONE
          ? Result<std::optional<std::string>>(std::move(text))
          : Result<std::optional<std::string>>(Failure(connection, code, doing));
  sqlite3_finalize(statement);
  return result;
}

Result<std::string> QueryValue(sqlite3* connection, const char* sql, const std::string& doing) {
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> text, QueryFirst(connection, sql, doing));
  return text.value_or("");
}

// How a connection waits for a lock another connection holds (SQLite's busy handler), instead of SQLite's
// own `sqlite3_busy_timeout` handler: that one sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and then
// 100 ms between tries, so a writer that finds the write lock taken for 3 ms often sleeps 50 or 100 ms —
// which set the p99 of a durable CDR POST (the ingestor's group commit waiting behind the rating job's
// or the job queue's transactions: docs/performance.md). This one tries again every 100 µs for the first
// 10 ms, then every millisecond, and gives up after `kBusyTimeout` (counted in tries: sleeping may
// overshoot, so it waits at least that long). Waiting writers cost a failed lock attempt per try.
int WaitForLock(void*, int tries_before) {
  constexpr int kShortTries = 100;
  constexpr std::chrono::microseconds kShortWait{100};
  constexpr std::chrono::microseconds kLongWait{1000};
  constexpr auto kLongTries = (SqliteDatabase::kBusyTimeout - kShortTries * kShortWait) / kLongWait;
  if (tries_before >= kShortTries + kLongTries) return 0;
  std::this_thread::sleep_for(tries_before < kShortTries ? kShortWait : kLongWait);
  return 1;
}

}  // namespace

void SqliteDatabase::Closer::operator()(sqlite3* connection) const { sqlite3_close_v2(connection); }

SqliteDatabase::SqliteDatabase(std::unique_ptr<sqlite3, Closer> connection, std::string path)
    : connection_(std::move(connection)), path_(std::move(path)) {}

SqliteDatabase::SqliteDatabase(SqliteDatabase&&) noexcept = default;
SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&&) noexcept = default;
SqliteDatabase::~SqliteDatabase() = default;

Result<SqliteDatabase> SqliteDatabase::Open(const std::string& path) {
  bool in_memory = path == kInMemory;
  if (!in_memory) {
    std::filesystem::path directory = std::filesystem::path(path).parent_path();
    std::error_code ignored;
    if (!directory.empty() && !std::filesystem::is_directory(directory, ignored)) {
      return InvalidArgument(
          kField, "cannot create " + path + ": the directory " + directory.string() + " does not exist");
    }
  }

  sqlite3* handle = nullptr;
  int code = sqlite3_open_v2(
      path.c_str(), &handle,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE, nullptr);
  std::unique_ptr<sqlite3, Closer> connection(handle);
  std::string doing = "cannot open " + path;
  if (code != SQLITE_OK) return Failure(connection.get(), code, doing);
  sqlite3_busy_handler(connection.get(), WaitForLock, nullptr);

  OPENMSP_ASSIGN_OR_RETURN(std::string journal_mode,
                           QueryValue(connection.get(), "PRAGMA journal_mode=WAL", doing));
  if (journal_mode != "wal" && !in_memory) {
    return Error{ErrorCode::kUnavailable, kField,
                 doing + ": the file system does not allow WAL mode (journal_mode is " + journal_mode + ")"};
  }
  OPENMSP_RETURN_IF_ERROR(QueryValue(connection.get(), "PRAGMA synchronous=FULL", doing));
  OPENMSP_RETURN_IF_ERROR(QueryValue(connection.get(), "PRAGMA foreign_keys=ON", doing));
  return SqliteDatabase(std::move(connection), path);
}

Result<void> SqliteDatabase::CheckReady() {
  OPENMSP_RETURN_IF_ERROR(
      QueryValue(connection_.get(), "SELECT count(*) FROM sqlite_schema", "cannot read " + path_));
  return Ok();
}

Result<void> SqliteDatabase::Execute(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int code = sqlite3_exec(connection_.get(), text.c_str(), nullptr, nullptr, &message);
  if (code == SQLITE_OK) return Ok();
  std::string detail = message != nullptr ? message : sqlite3_errstr(code);
  sqlite3_free(message);
  return Error{ErrorCode::kUnavailable, kField, path_ + ": " + detail};
}

Result<std::optional<std::string>> SqliteDatabase::QueryText(std::string_view sql) {
  return QueryFirst(connection_.get(), sql, path_);
}

}  // namespace openmsp::store
