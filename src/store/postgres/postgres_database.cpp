#include "store/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <utility>

namespace openmsp::store {
namespace {

constexpr const char* kField = "database";

std::string Trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

void IgnoreNotice(void*, const char*) {}

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using QueryResult = std::unique_ptr<PGresult, ResultClearer>;

Result<QueryResult> Run(PGconn* connection, std::string_view sql) {
  std::string text(sql);
  QueryResult result(PQexec(connection, text.c_str()));
  ExecStatusType status = result != nullptr ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  std::string detail =
      result != nullptr ? Trimmed(PQresultErrorMessage(result.get())) : Trimmed(PQerrorMessage(connection));
  return Error{ErrorCode::kUnavailable, kField, "PostgreSQL: " + detail};
}

}  // namespace

void PostgresDatabase::Closer::operator()(pg_conn* connection) const { PQfinish(connection); }

PostgresDatabase::PostgresDatabase(std::unique_ptr<pg_conn, Closer> connection)
    : connection_(std::move(connection)) {}

PostgresDatabase::PostgresDatabase(PostgresDatabase&&) noexcept = default;
PostgresDatabase& PostgresDatabase::operator=(PostgresDatabase&&) noexcept = default;
PostgresDatabase::~PostgresDatabase() = default;

Result<PostgresDatabase> PostgresDatabase::Open(const std::string& url) {
  std::string timeout = std::to_string(kConnectTimeoutSeconds);
  const char* const keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* const values[] = {timeout.c_str(), "openmsp", url.c_str(), nullptr};
  std::unique_ptr<pg_conn, Closer> connection(PQconnectdbParams(keywords, values, 1));
  if (connection == nullptr) return Error{ErrorCode::kUnavailable, kField, "cannot connect: out of memory"};
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    return Error{ErrorCode::kUnavailable, kField,
                 "cannot connect: " + Trimmed(PQerrorMessage(connection.get()))};
  }
  PQsetNoticeProcessor(connection.get(), IgnoreNotice, nullptr);
  return PostgresDatabase(std::move(connection));
}

Result<void> PostgresDatabase::CheckReady() { return Execute("SELECT 1"); }

Result<void> PostgresDatabase::Execute(std::string_view sql) {
  OPENMSP_RETURN_IF_ERROR(Run(connection_.get(), sql));
  return Ok();
}

Result<std::optional<std::string>> PostgresDatabase::QueryText(std::string_view sql) {
  OPENMSP_ASSIGN_OR_RETURN(QueryResult result, Run(connection_.get(), sql));
  if (PQntuples(result.get()) == 0 || PQnfields(result.get()) == 0 || PQgetisnull(result.get(), 0, 0)) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(PQgetvalue(result.get(), 0, 0));
}

}  // namespace openmsp::store
