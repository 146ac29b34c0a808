#pragma once

#include <memory>

#include "store/sql_connection.h"

namespace openmsp::store {

/// A `SqlConnection` for work inside a transaction already open on `outer` (which must outlive it):
/// the BEGIN, COMMIT and ROLLBACK of a repository's own transaction (`InTransaction`) become SAVEPOINT,
/// RELEASE and ROLLBACK TO, so several repository calls commit or roll back together with the open
/// transaction (`Repositories::ChangeWithAudit`). Everything else goes to `outer` as it is, so the
/// prepared statements of `outer` are reused.
std::unique_ptr<SqlConnection> MakeSavepointConnection(SqlConnection& outer);

}  // namespace openmsp::store
