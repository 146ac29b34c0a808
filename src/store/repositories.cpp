#include "store/repositories.h"

#include <utility>

#include "store/postgres/postgres_connection.h"
#include "store/sql_cpo_cdr_repository.h"
#include "store/sql_repositories.h"
#include "store/sqlite/sqlite_connection.h"

namespace openmsp::store {
namespace {

Result<std::unique_ptr<SqlConnection>> Connect(const DatabaseUrl& url) {
  if (url.backend == DatabaseUrl::Backend::kPostgresql) {
    OPENMSP_ASSIGN_OR_RETURN(PostgresDatabase database, PostgresDatabase::Open(url.postgresql_url));
    return MakeSqlConnection(std::move(database));
  }
  OPENMSP_ASSIGN_OR_RETURN(SqliteDatabase database, SqliteDatabase::Open(url.sqlite_path));
  return MakeSqlConnection(std::move(database));
}

}  // namespace

struct Repositories::State {
  State(std::unique_ptr<SqlConnection> sql, const Clock& clock)
      : connection(std::move(sql)),
        tenants(*connection, clock),
        organisation_units(*connection),
        profiles(*connection, clock),
        tokens(*connection),
        cpo_cdrs(*connection) {}

  std::unique_ptr<SqlConnection> connection;
  SqlTenantRepository tenants;
  SqlOrganisationUnitRepository organisation_units;
  SqlProfileRepository profiles;
  SqlTokenRepository tokens;
  SqlCpoCdrRepository cpo_cdrs;
};

Repositories::Repositories(std::unique_ptr<State> state) : state_(std::move(state)) {}
Repositories::Repositories(Repositories&&) noexcept = default;
Repositories& Repositories::operator=(Repositories&&) noexcept = default;
Repositories::~Repositories() = default;

Result<Repositories> Repositories::Open(const DatabaseUrl& url, const Clock& clock) {
  OPENMSP_ASSIGN_OR_RETURN(std::unique_ptr<SqlConnection> connection, Connect(url));
  return Repositories(std::make_unique<State>(std::move(connection), clock));
}

domain::TenantRepository& Repositories::tenants() { return state_->tenants; }
domain::OrganisationUnitRepository& Repositories::organisation_units() { return state_->organisation_units; }
domain::ProfileRepository& Repositories::profiles() { return state_->profiles; }
domain::TokenRepository& Repositories::tokens() { return state_->tokens; }
domain::CpoCdrRepository& Repositories::cpo_cdrs() { return state_->cpo_cdrs; }

Result<std::unique_ptr<SqlConnection>> OpenSqlConnection(const DatabaseUrl& url) { return Connect(url); }

}  // namespace openmsp::store
