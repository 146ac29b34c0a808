#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <filesystem>
#include <system_error>
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
  sqlite3_busy_timeout(connection.get(), static_cast<int>(kBusyTimeout.count()));

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
