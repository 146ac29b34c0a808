#include "store/postgres/postgres_connection.h"

#include <libpq-fe.h>

#include <memory>
#include <utility>

#include "store/postgres/postgres_database.h"

namespace openmsp::store {
namespace {

// Moves of a tenant's tree (and the creation of its root) are serialised on the tenant's row.
constexpr SqlDialect kDialect{
    .begin = "BEGIN",
    .created_at = R"(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))",
    .lock_tenant = "SELECT id FROM tenants WHERE id = $1 FOR UPDATE",
    .instant_open = "to_char(",
    .instant_close = R"( AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))",
    .skip_locked = " FOR UPDATE SKIP LOCKED",
};

constexpr std::string_view kUniqueViolation = "23505";
constexpr std::string_view kForeignKeyViolation = "23503";

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};

std::string Trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(PostgresDatabase database) : database_(std::move(database)) {}

  const SqlDialect& dialect() const override { return kDialect; }

  Result<std::vector<SqlRow>> Query(std::string_view sql, std::span<const SqlParam> params) override {
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
        texts[i] = std::to_string(*integer);
        values[i] = texts[i].c_str();
      } else if (const auto* text = std::get_if<std::string>(&params[i])) {
        values[i] = text->c_str();
      }
    }
    std::string statement(sql);
    std::unique_ptr<PGresult, ResultClearer> result(PQexecParams(database_.handle(), statement.c_str(),
                                                                 static_cast<int>(values.size()), nullptr,
                                                                 values.data(), nullptr, nullptr, 0));
    ExecStatusType status = result != nullptr ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Failure(result.get());
    std::vector<SqlRow> rows(static_cast<std::size_t>(PQntuples(result.get())));
    int columns = PQnfields(result.get());
    for (std::size_t row = 0; row < rows.size(); ++row) {
      int row_number = static_cast<int>(row);
      for (int column = 0; column < columns; ++column) {
        if (PQgetisnull(result.get(), row_number, column)) {
          rows[row].emplace_back();
        } else {
          rows[row].emplace_back(PQgetvalue(result.get(), row_number, column));
        }
      }
    }
    return rows;
  }

 private:
  Error Failure(const PGresult* result) const {
    if (result == nullptr) {
      return Error{ErrorCode::kUnavailable, "database",
                   "PostgreSQL: " + Trimmed(PQerrorMessage(database_.handle()))};
    }
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    std::string_view sql_state = state != nullptr ? state : "";
    std::string message = "PostgreSQL: " + Trimmed(PQresultErrorMessage(result));
    if (sql_state == kUniqueViolation) return Error{ErrorCode::kAlreadyExists, "", message};
    if (sql_state == kForeignKeyViolation) return Error{ErrorCode::kNotFound, "", message};
    return Error{ErrorCode::kUnavailable, "database", message};
  }

  PostgresDatabase database_;
};

}  // namespace

std::unique_ptr<SqlConnection> MakeSqlConnection(PostgresDatabase database) {
  return std::make_unique<PostgresConnection>(std::move(database));
}

}  // namespace openmsp::store
