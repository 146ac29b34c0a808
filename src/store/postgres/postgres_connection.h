#pragma once

#include <memory>

#include "store/postgres/postgres_database.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The repositories' `SqlConnection` over a PostgreSQL connection: statements run with their values as
/// parameters (`PQexecParams`), never in the SQL text; `QueryBatch` sends a whole batch in one round
/// trip (libpq pipeline mode, statements prepared once per connection). Serves one thread at a time.
std::unique_ptr<SqlConnection> MakeSqlConnection(PostgresDatabase database);

}  // namespace openmsp::store
