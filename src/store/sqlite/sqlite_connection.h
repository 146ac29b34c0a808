#pragma once

#include <memory>

#include "store/sql_connection.h"
#include "store/sqlite/sqlite_database.h"

namespace openmsp::store {

/// The repositories' `SqlConnection` over a SQLite database: each statement is prepared on first use
/// and kept for the life of the connection. Serves one thread at a time.
std::unique_ptr<SqlConnection> MakeSqlConnection(SqliteDatabase database);

}  // namespace openmsp::store
