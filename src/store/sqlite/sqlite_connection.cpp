#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <utility>

#include "store/sqlite/sqlite_database.h"

namespace openmsp::store {
namespace {

constexpr SqlDialect kDialect{
    .begin = "BEGIN IMMEDIATE",
    .created_at = "created_at",
    .lock_tenant = "SELECT id FROM tenants WHERE id = $1",
    .instant_open = "",
    .instant_close = "",
    .skip_locked = "",
    .lock_rows = "",
    .utc_month_open = "substr(",  // instants are fixed-width OCPI text: `2026-03-01T10:00:00.000Z`
    .utc_month_close = ", 1, 7)",
    .decimal_sum_open = "openmsp_decimal_sum(",
    .decimal_sum_close = ")",
};

struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using StatementPointer = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// One connection with its prepared statements, each prepared on first use and kept.
class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(SqliteDatabase database) : database_(std::move(database)) {}

  const SqlDialect& dialect() const override { return kDialect; }

  Result<std::vector<SqlRow>> Query(std::string_view sql, std::span<const SqlParam> params) override {
    OPENMSP_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
    int code = Bind(statement, params);
    std::vector<SqlRow> rows;
    while (code == SQLITE_OK || code == SQLITE_ROW) {
      code = sqlite3_step(statement);
      if (code == SQLITE_ROW) rows.push_back(Row(statement));
    }
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    if (code != SQLITE_DONE) return Failure(code);
    return rows;
  }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    auto cached = statements_.find(key);
    if (cached != statements_.end()) return cached->second.get();
    // The shared SQL numbers its parameters `$1`, `$2`, …; SQLite's spelling of that is `?1`, `?2`, ….
    std::string text = key;
    std::replace(text.begin(), text.end(), '$', '?');
    sqlite3_stmt* statement = nullptr;
    int code = sqlite3_prepare_v2(database_.handle(), text.c_str(), static_cast<int>(text.size()), &statement,
                                  nullptr);
    StatementPointer owned(statement);
    if (code != SQLITE_OK) return Failure(code);
    return statements_.emplace(std::move(key), std::move(owned)).first->second.get();
  }

  static int Bind(sqlite3_stmt* statement, std::span<const SqlParam> params) {
    int code = SQLITE_OK;
    for (std::size_t i = 0; i < params.size() && code == SQLITE_OK; ++i) {
      int index = static_cast<int>(i) + 1;
      if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
        code = sqlite3_bind_int64(statement, index, *integer);
      } else if (const auto* text = std::get_if<std::string>(&params[i])) {
        // No destructor (SQLITE_STATIC): the text outlives the statement's use of it.
        code = sqlite3_bind_text(statement, index, text->data(), static_cast<int>(text->size()), nullptr);
      } else {
        code = sqlite3_bind_null(statement, index);
      }
    }
    return code;
  }

  static SqlRow Row(sqlite3_stmt* statement) {
    SqlRow row;
    int columns = sqlite3_column_count(statement);
    for (int column = 0; column < columns; ++column) {
      if (sqlite3_column_type(statement, column) == SQLITE_NULL) {
        row.emplace_back();
      } else {
        row.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, column)),
                                     static_cast<std::size_t>(sqlite3_column_bytes(statement, column))));
      }
    }
    return row;
  }

  Error Failure(int code) const {
    ErrorCode error_code = ErrorCode::kUnavailable;
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
      error_code = ErrorCode::kAlreadyExists;
    } else if (code == SQLITE_CONSTRAINT_FOREIGNKEY) {
      error_code = ErrorCode::kNotFound;
    }
    std::string field = error_code == ErrorCode::kUnavailable ? "database" : "";
    return Error{error_code, std::move(field), std::string("SQLite: ") + sqlite3_errmsg(database_.handle())};
  }

  SqliteDatabase database_;
  std::unordered_map<std::string, StatementPointer> statements_;  // finalized before the database closes
};

}  // namespace

std::unique_ptr<SqlConnection> MakeSqlConnection(SqliteDatabase database) {
  return std::make_unique<SqliteConnection>(std::move(database));
}

}  // namespace openmsp::store
