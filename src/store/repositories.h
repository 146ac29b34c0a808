#pragma once

#include <memory>

#include "core/clock.h"
#include "core/result.h"
#include "domain/repositories.h"
#include "store/database_url.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The repositories of src/domain on one database, SQLite or PostgreSQL: the SQL is written once
/// (sql_repositories.cpp) and each back end supplies only its connection. The database must be migrated
/// (`Migrate`). One connection, serving one thread at a time.
class Repositories {
 public:
  /// Connects to the database `url` names; `clock` stamps `created_at` and must outlive the
  /// repositories. Fails like `SqliteDatabase::Open` / `PostgresDatabase::Open`, with kUnavailable
  /// naming `database`.
  static Result<Repositories> Open(const DatabaseUrl& url, const Clock& clock);

  Repositories(Repositories&&) noexcept;
  Repositories& operator=(Repositories&&) noexcept;
  ~Repositories();

  domain::TenantRepository& tenants();
  domain::OrganisationUnitRepository& organisation_units();
  domain::ProfileRepository& profiles();
  domain::TokenRepository& tokens();
  domain::CpoCdrRepository& cpo_cdrs();

 private:
  struct State;

  explicit Repositories(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

/// The connection `Repositories::Open` would use for `url`, for components that need one of their own
/// (store::CpoCdrIngestor's writer). Fails like `Repositories::Open`.
Result<std::unique_ptr<SqlConnection>> OpenSqlConnection(const DatabaseUrl& url);

}  // namespace openmsp::store
