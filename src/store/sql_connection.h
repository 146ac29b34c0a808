#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"

namespace openmsp::store {

/// A value bound to a statement parameter: NULL, an integer or text.
using SqlParam = std::variant<std::nullptr_t, std::int64_t, std::string>;

/// One result row, every column as text (nullopt for NULL).
using SqlRow = std::vector<std::optional<std::string>>;

/// One statement of `SqlConnection::QueryBatch` with its parameters.
struct SqlStatement {
  std::string_view sql;
  std::span<const SqlParam> params;
};

/// The statements in which the back ends differ.
struct SqlDialect {
  /// Opens a transaction that writes.
  std::string_view begin;
  /// The expression reading `tenants.created_at` as an OCPI DateTime.
  std::string_view created_at;
  /// Locks tenant `$1` until the transaction ends and returns its id (no row when it does not exist).
  std::string_view lock_tenant;
  /// Put around a column of instants (`instant_open`, column, `instant_close`) to read it as an OCPI
  /// DateTime; NULL stays NULL.
  std::string_view instant_open;
  std::string_view instant_close;
  /// Ends the `SELECT` of a job claim (store/sql_job_queue.cpp) so that concurrent claimers skip each
  /// other's rows: ` FOR UPDATE SKIP LOCKED` on PostgreSQL; empty on SQLite, where the claim's write
  /// transaction already admits one writer at a time.
  std::string_view skip_locked;
  /// Ends a `SELECT` that reads rows in order to write them back in the same transaction (an OCPI PATCH's
  /// read-merge-write), so that a concurrent writer of those rows waits for the commit: ` FOR UPDATE` on
  /// PostgreSQL; empty on SQLite, where the write transaction (`begin`) already admits one writer at a
  /// time, from its first statement on.
  std::string_view lock_rows;
  /// Put around an instant column to read its month in UTC as `YYYY-MM` (GROUP BY month).
  std::string_view utc_month_open;
  std::string_view utc_month_close;
  /// Put around a column of decimal texts to sum them exactly, as decimal text (NULL when none): NUMERIC
  /// on PostgreSQL, the function `openmsp_decimal_sum` each SQLite connection has (store/sqlite).
  std::string_view decimal_sum_open;
  std::string_view decimal_sum_close;
};

/// The little the shared repository code needs of a connection (store/sql_repositories.h): run one
/// statement with parameters, read the rows. Implemented in store/sqlite and store/postgres, where the
/// C API stays.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  /// The back end's spelling of the statements in `SqlDialect`.
  virtual const SqlDialect& dialect() const = 0;

  /// Runs one statement with the parameters `$1`, `$2`, … bound to `params` (never spliced into the
  /// text) and returns its rows. A unique violation fails with kAlreadyExists, a foreign key violation
  /// with kNotFound, both without a field for the caller to fill in; anything else with kUnavailable
  /// naming `database`.
  virtual Result<std::vector<SqlRow>> Query(std::string_view sql, std::span<const SqlParam> params) = 0;

  /// Runs `statements` in order, as that many `Query` calls would, and returns each one's rows. Meant for
  /// many small statements inside a transaction the caller opened (the CDR ingestor's batches): on
  /// PostgreSQL they reach the server in one round trip (libpq pipeline mode), each distinct statement
  /// prepared once per connection; SQLite, in-process, runs them one after another (this default).
  /// Stops at the first failure and returns its error, coded as `Query` codes it; the caller must then
  /// roll back, as PostgreSQL has aborted the transaction. Results are read only after everything was
  /// sent, so keep them small (ids, digests): a few hundred statements returning a row each are fine.
  virtual Result<std::vector<std::vector<SqlRow>>> QueryBatch(std::span<const SqlStatement> statements) {
    std::vector<std::vector<SqlRow>> results;
    results.reserve(statements.size());
    for (const SqlStatement& statement : statements) {
      OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, Query(statement.sql, statement.params));
      results.push_back(std::move(rows));
    }
    return results;
  }
};

}  // namespace openmsp::store
