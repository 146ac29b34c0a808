#include "store/postgres/postgres_connection.h"

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <unordered_map>
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
    .lock_rows = " FOR UPDATE",
    .utc_month_open = "to_char(",
    .utc_month_close = " AT TIME ZONE 'UTC', 'YYYY-MM')",
    .decimal_sum_open = "CAST(SUM(CAST(",
    .decimal_sum_close = " AS NUMERIC)) AS TEXT)",
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

  Result<std::vector<std::vector<SqlRow>>> QueryBatch(std::span<const SqlStatement> statements) override {
    PGconn* connection = database_.handle();
    std::vector<const std::string*> names;
    names.reserve(statements.size());
    for (const SqlStatement& statement : statements) {
      OPENMSP_ASSIGN_OR_RETURN(const std::string* name, Prepared(statement.sql));
      names.push_back(name);
    }
    if (PQenterPipelineMode(connection) != 1) return Failure(nullptr);
    std::size_t sent = 0;
    for (; sent < statements.size(); ++sent) {
      ParamTexts texts(statements[sent].params);
      if (PQsendQueryPrepared(connection, names[sent]->c_str(), static_cast<int>(texts.values.size()),
                              texts.values.data(), nullptr, nullptr, 0) != 1) {
        break;
      }
    }
    std::optional<Error> failure;
    if (sent < statements.size() || PQpipelineSync(connection) != 1) failure = Failure(nullptr);
    std::vector<std::vector<SqlRow>> results(sent);
    for (std::size_t i = 0; i < sent; ++i) {
      // Each statement's result, then a null pointer. After a failure the server skips the rest
      // (PGRES_PIPELINE_ABORTED) until the sync point.
      while (PGresult* raw = PQgetResult(connection)) {
        std::unique_ptr<PGresult, ResultClearer> result(raw);
        ExecStatusType status = PQresultStatus(result.get());
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
          results[i] = Rows(result.get());
        } else if (!failure) {
          failure = Failure(result.get());
        }
      }
      if (PQstatus(connection) == CONNECTION_BAD) {
        if (!failure) failure = Failure(nullptr);
        return *std::move(failure);
      }
    }
    if (sent == statements.size()) {
      std::unique_ptr<PGresult, ResultClearer> sync(PQgetResult(connection));
      if (sync == nullptr || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) {
        if (!failure) failure = Failure(sync.get());
      }
    }
    if (PQexitPipelineMode(connection) != 1 && !failure) failure = Failure(nullptr);
    if (failure) return *std::move(failure);
    return results;
  }

 private:
  // The parameters as libpq takes them: text, or a null pointer for NULL.
  struct ParamTexts {
    explicit ParamTexts(std::span<const SqlParam> params) : integers(params.size()), values(params.size()) {
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (const auto* integer = std::get_if<std::int64_t>(&params[i])) {
          integers[i] = std::to_string(*integer);
          values[i] = integers[i].c_str();
        } else if (const auto* text = std::get_if<std::string>(&params[i])) {
          values[i] = text->c_str();
        }
      }
    }
    std::vector<std::string> integers;
    std::vector<const char*> values;
  };

  static std::vector<SqlRow> Rows(const PGresult* result) {
    std::vector<SqlRow> rows(static_cast<std::size_t>(PQntuples(result)));
    int columns = PQnfields(result);
    for (std::size_t row = 0; row < rows.size(); ++row) {
      int row_number = static_cast<int>(row);
      for (int column = 0; column < columns; ++column) {
        if (PQgetisnull(result, row_number, column)) {
          rows[row].emplace_back();
        } else {
          rows[row].emplace_back(
              std::string(PQgetvalue(result, row_number, column),
                          static_cast<std::size_t>(PQgetlength(result, row_number, column))));
        }
      }
    }
    return rows;
  }

  // The name of `sql` prepared on this connection, preparing it on first use.
  Result<const std::string*> Prepared(std::string_view sql) {
    std::string key(sql);
    auto found = prepared_.find(key);
    if (found != prepared_.end()) return &found->second;
    std::string name = "openmsp_batch_" + std::to_string(prepared_.size() + 1);
    std::unique_ptr<PGresult, ResultClearer> result(
        PQprepare(database_.handle(), name.c_str(), key.c_str(), 0, nullptr));
    if (result == nullptr || PQresultStatus(result.get()) != PGRES_COMMAND_OK) return Failure(result.get());
    return &prepared_.emplace(std::move(key), std::move(name)).first->second;
  }

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
  std::unordered_map<std::string, std::string> prepared_;  // SQL text → name of its prepared statement
};

}  // namespace

std::unique_ptr<SqlConnection> MakeSqlConnection(PostgresDatabase database) {
  return std::make_unique<PostgresConnection>(std::move(database));
}

}  // namespace openmsp::store
