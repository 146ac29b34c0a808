#include "store/repositories.h"

#include <utility>

#include "store/postgres/postgres_connection.h"
#include "store/sql_audit_log.h"
#include "store/sql_peer_repository.h"
#include "store/sql_repositories.h"
#include "store/sql_savepoint_connection.h"
#include "store/sql_support.h"
#include "store/sql_user_repository.h"
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
        injected_clock(clock),
        users(*connection, clock),
        peers(*connection, clock),
        audit_log(*connection, clock) {}

  std::unique_ptr<SqlConnection> connection;
  SqlTenantRepository tenants;
  SqlOrganisationUnitRepository organisation_units;
  SqlProfileRepository profiles;
  SqlTokenRepository tokens;
  const Clock& injected_clock;
  SqlUserRepository users;
  SqlPeerRepository peers;
  SqlAuditLog audit_log;
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
domain::UserRepository& Repositories::users() { return state_->users; }
domain::PeerRepository& Repositories::peers() { return state_->peers; }
domain::AuditLog& Repositories::audit_log() { return state_->audit_log; }

Result<domain::AuditEntry> Repositories::ChangeWithAudit(
    domain::TenantId tenant_id, const std::function<Result<domain::NewAuditEntry>(Repositories&)>& change) {
  SqlConnection& connection = *state_->connection;
  return InTransaction(connection, [&]() -> Result<domain::AuditEntry> {
    Repositories in_transaction(
        std::make_unique<State>(MakeSavepointConnection(connection), state_->injected_clock));
    OPENMSP_ASSIGN_OR_RETURN(domain::NewAuditEntry entry, change(in_transaction));
    return in_transaction.audit_log().Append(tenant_id, entry);
  });
}

}  // namespace openmsp::store
