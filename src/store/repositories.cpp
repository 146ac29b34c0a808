#include "store/repositories.h"

#include <utility>

#include "store/postgres/postgres_connection.h"
#include "store/sql_audit_log.h"
#include "store/sql_billing_run_directory.h"
#include "store/sql_business_partner_group_repository.h"
#include "store/sql_command_repository.h"
#include "store/sql_job_queue.h"
#include "store/sql_location_group_repository.h"
#include "store/sql_location_repository.h"
#include "store/sql_msp_cdr_repository.h"
#include "store/sql_peer_repository.h"
#include "store/sql_cpo_cdr_repository.h"
#include "store/sql_cpo_tariff_repository.h"
#include "store/sql_hub_client_repository.h"
#include "store/sql_invoice_repository.h"
#include "store/sql_issuer_details_repository.h"
#include "store/sql_repositories.h"
#include "store/sql_savepoint_connection.h"
#include "store/sql_support.h"
#include "store/sql_tariff_code_repository.h"
#include "store/sql_tariff_plan_repository.h"
#include "store/sql_session_repository.h"
#include "store/sql_tenant_settings_repository.h"
#include "store/sql_user_repository.h"
#include "store/sql_web_access_repository.h"
#include "store/sql_tariff_plan_draft_repository.h"
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
        tokens(*connection, clock),
        tenant_settings(*connection),
        jobs(*connection),
        locations(*connection),
        location_groups(*connection),
        business_partner_groups(*connection),
        injected_clock(clock),
        users(*connection, clock),
        peers(*connection, clock),
        audit_log(*connection, clock),
        tariff_codes(*connection, clock),
        tariff_plans(*connection, clock),
        sessions(*connection),
        cpo_cdrs(*connection),
        msp_cdrs(*connection, clock),
        commands(*connection, clock),
        cpo_tariffs(*connection),
        hub_clients(*connection),
        web_access(*connection),
        control_centre_directory(*connection, users),
        invoices(*connection, clock),
        tariff_plan_drafts(*connection, clock),
        issuer_details(*connection),
        billing_runs(*connection) {}

  std::unique_ptr<SqlConnection> connection;
  SqlTenantRepository tenants;
  SqlOrganisationUnitRepository organisation_units;
  SqlProfileRepository profiles;
  SqlTokenRepository tokens;
  SqlTenantSettingsRepository tenant_settings;
  SqlJobQueue jobs;
  SqlLocationRepository locations;
  SqlLocationGroupRepository location_groups;
  SqlBusinessPartnerGroupRepository business_partner_groups;
  const Clock& injected_clock;
  SqlUserRepository users;
  SqlPeerRepository peers;
  SqlAuditLog audit_log;
  SqlTariffCodeRepository tariff_codes;
  SqlTariffPlanRepository tariff_plans;
  SqlSessionRepository sessions;
  SqlCpoCdrRepository cpo_cdrs;
  SqlMspCdrRepository msp_cdrs;
  SqlCommandRepository commands;
  SqlCpoTariffRepository cpo_tariffs;
  SqlHubClientRepository hub_clients;
  SqlWebAccessRepository web_access;
  SqlControlCentreDirectory control_centre_directory;
  SqlInvoiceRepository invoices;
  SqlTariffPlanDraftRepository tariff_plan_drafts;
  SqlIssuerDetailsRepository issuer_details;
  SqlBillingRunDirectory billing_runs;
};

namespace {

// A job queue that owns its connection.
class ConnectedJobQueue final : public domain::JobQueue {
 public:
  ConnectedJobQueue(std::unique_ptr<SqlConnection> connection, domain::JobBackoff backoff)
      : connection_(std::move(connection)), queue_(*connection_, backoff) {}

  Result<domain::Job> Enqueue(std::optional<domain::TenantId> tenant_id, const domain::NewJob& job,
                              Instant now) override {
    return queue_.Enqueue(tenant_id, job, now);
  }
  Result<std::vector<domain::Job>> Claim(std::string_view worker_id, std::span<const std::string> kinds,
                                         Instant now, Duration lease, int max_count) override {
    return queue_.Claim(worker_id, kinds, now, lease, max_count);
  }
  Result<domain::Job> ExtendLease(domain::JobId id, std::string_view worker_id, Instant now,
                                  Duration lease) override {
    return queue_.ExtendLease(id, worker_id, now, lease);
  }
  Result<domain::Job> Complete(domain::JobId id, std::string_view worker_id, Instant now) override {
    return queue_.Complete(id, worker_id, now);
  }
  Result<domain::Job> Fail(domain::JobId id, std::string_view worker_id, std::string_view error,
                           Instant now) override {
    return queue_.Fail(id, worker_id, error, now);
  }
  Result<domain::Job> Release(domain::JobId id, std::string_view worker_id, Instant now) override {
    return queue_.Release(id, worker_id, now);
  }
  Result<domain::Job> Requeue(domain::JobScope scope, domain::JobId id, Instant now) override {
    return queue_.Requeue(scope, id, now);
  }
  Result<domain::Job> FindById(domain::JobScope scope, domain::JobId id) override {
    return queue_.FindById(scope, id);
  }
  Result<std::vector<domain::Job>> List(domain::JobScope scope, domain::JobState state, int limit) override {
    return queue_.List(scope, state, limit);
  }
  Result<std::vector<domain::JobCount>> Counts(domain::JobScope scope) override { return queue_.Counts(scope); }

 private:
  std::unique_ptr<SqlConnection> connection_;
  SqlJobQueue queue_;
};

}  // namespace

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
domain::TenantSettingsRepository& Repositories::tenant_settings() { return state_->tenant_settings; }
domain::JobQueue& Repositories::jobs() { return state_->jobs; }

Result<std::unique_ptr<domain::JobQueue>> OpenJobQueue(const DatabaseUrl& url, domain::JobBackoff backoff) {
  OPENMSP_ASSIGN_OR_RETURN(std::unique_ptr<SqlConnection> connection, Connect(url));
  return std::unique_ptr<domain::JobQueue>(std::make_unique<ConnectedJobQueue>(std::move(connection), backoff));
}

domain::LocationRepository& Repositories::locations() { return state_->locations; }
domain::LocationGroupRepository& Repositories::location_groups() { return state_->location_groups; }
domain::BusinessPartnerGroupRepository& Repositories::business_partner_groups() {
  return state_->business_partner_groups;
}
domain::TariffCodeRepository& Repositories::tariff_codes() { return state_->tariff_codes; }
domain::TariffPlanRepository& Repositories::tariff_plans() { return state_->tariff_plans; }

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

domain::SessionRepository& Repositories::sessions() { return state_->sessions; }

domain::CpoCdrRepository& Repositories::cpo_cdrs() { return state_->cpo_cdrs; }

domain::MspCdrRepository& Repositories::msp_cdrs() { return state_->msp_cdrs; }

Result<void> Repositories::InOneTransaction(const std::function<Result<void>(Repositories&)>& work) {
  SqlConnection& connection = *state_->connection;
  return InTransaction(connection, [&]() -> Result<void> {
    Repositories in_transaction(
        std::make_unique<State>(MakeSavepointConnection(connection), state_->injected_clock));
    return work(in_transaction);
  });
}

Result<std::unique_ptr<SqlConnection>> OpenSqlConnection(const DatabaseUrl& url) { return Connect(url); }

domain::CommandRepository& Repositories::commands() { return state_->commands; }
domain::CpoTariffRepository& Repositories::cpo_tariffs() { return state_->cpo_tariffs; }
domain::HubClientRepository& Repositories::hub_clients() { return state_->hub_clients; }
domain::WebAccessRepository& Repositories::web_access() { return state_->web_access; }
domain::ControlCentreDirectory& Repositories::control_centre_directory() {
  return state_->control_centre_directory;
}

domain::InvoiceRepository& Repositories::invoices() { return state_->invoices; }
domain::TariffPlanDraftRepository& Repositories::tariff_plan_drafts() { return state_->tariff_plan_drafts; }
domain::IssuerDetailsRepository& Repositories::issuer_details() { return state_->issuer_details; }
domain::BillingRunDirectory& Repositories::billing_runs() { return state_->billing_runs; }

}  // namespace openmsp::store
