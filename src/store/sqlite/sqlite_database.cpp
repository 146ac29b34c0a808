#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <new>
#include <system_error>
#include <thread>
#include <utility>

#include "core/decimal.h"

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

// `openmsp_decimal_sum(text)`: the exact sum of decimal texts (core/decimal.h), NULLs skipped, NULL when
// there is none — what SQL's SUM would be if SQLite had exact decimals (its own SUM of text goes through
// binary floating point). PostgreSQL sums NUMERIC instead (SqlDialect::decimal_sum_open).
struct DecimalSum {
  bool started;  // false in the zeroed memory SQLite hands out first
  Decimal sum;
};

// The sum of this aggregate in the memory SQLite keeps for it (8-byte aligned: a Decimal needs 16, so the
// state sits at the first aligned place in a block with room to spare). nullptr when out of memory; with
// `allocate` false, nullptr too when no row was added.
DecimalSum* DecimalSumOf(sqlite3_context* context, bool allocate) {
  constexpr std::size_t kBytes = sizeof(DecimalSum) + alignof(DecimalSum);
  void* memory = sqlite3_aggregate_context(context, allocate ? static_cast<int>(kBytes) : 0);
  if (memory == nullptr) return nullptr;
  std::size_t space = kBytes;
  return static_cast<DecimalSum*>(std::align(alignof(DecimalSum), sizeof(DecimalSum), memory, space));
}

void AddDecimal(sqlite3_context* context, int, sqlite3_value** values) {
  if (sqlite3_value_type(values[0]) == SQLITE_NULL) return;
  DecimalSum* state = DecimalSumOf(context, true);
  if (state == nullptr) return sqlite3_result_error_nomem(context);
  if (!state->started) state = new (state) DecimalSum{.started = true, .sum = Decimal()};
  const unsigned char* text = sqlite3_value_text(values[0]);
  Result<Decimal> value = Decimal::Parse(text == nullptr ? "" : reinterpret_cast<const char*>(text));
  if (!value) return sqlite3_result_error(context, "openmsp_decimal_sum: a value is not a decimal", -1);
  try {
    state->sum += *value;
  } catch (const DecimalOverflow&) {
    sqlite3_result_error(context, "openmsp_decimal_sum: the sum has too many digits", -1);
  }
}

void FinishDecimalSum(sqlite3_context* context) {
  const DecimalSum* state = DecimalSumOf(context, false);
  if (state == nullptr || !state->started) return sqlite3_result_null(context);
  const std::string text = state->sum.ToString();
  sqlite3_result_text(context, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
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
  code = sqlite3_create_function_v2(connection.get(), "openmsp_decimal_sum", 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr, nullptr,
                                    AddDecimal, FinishDecimalSum, nullptr);
  if (code != SQLITE_OK) return Failure(connection.get(), code, doing);
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
