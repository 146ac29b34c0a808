#pragma once

#include <functional>
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
  domain::TenantSettingsRepository& tenant_settings();
  /// The job table (store/sql_job_queue.h), with the default backoff.
  domain::JobQueue& jobs();
  domain::LocationRepository& locations();
  domain::LocationGroupRepository& location_groups();
  domain::BusinessPartnerGroupRepository& business_partner_groups();
  domain::UserRepository& users();
  domain::PeerRepository& peers();
  domain::AuditLog& audit_log();

  /// Runs `change` and appends the audit entry it returns to `tenant_id`'s log, in one transaction: the
  /// change and its entry are both stored or neither is. `change` makes its changes through the
  /// `Repositories` it is given (bound to the open transaction; each of their own transactions becomes a
  /// savepoint of it) and returns the entry (typically with the object before and after). When it fails,
  /// or the entry is refused, everything rolls back and its error is returned.
  Result<domain::AuditEntry> ChangeWithAudit(
      domain::TenantId tenant_id, const std::function<Result<domain::NewAuditEntry>(Repositories&)>& change);

  /// Tariff codes and the tenant's tariff plan (store/sql_tariff_*_repository.h); the clock stamps
  /// `created_at` and decides which plan versions are already in force.
  domain::TariffCodeRepository& tariff_codes();
  domain::TariffPlanRepository& tariff_plans();
  domain::SessionRepository& sessions();
  domain::CpoCdrRepository& cpo_cdrs();
  /// MSP CDRs (store/sql_msp_cdr_repository.h); the clock stamps `rated_at`.
  domain::MspCdrRepository& msp_cdrs();

  /// Runs `work` in one transaction, like `ChangeWithAudit` but without an entry of its own: `work` makes
  /// its changes through the `Repositories` it is given (bound to the open transaction; each of their own
  /// transactions becomes a savepoint of it), and either all of them are committed or, when it fails,
  /// none is and its error is returned. For changes whose audit entry belongs to a tenant the change
  /// itself creates (`openmsp tenant create`), so that `work` appends the entry itself; everything else
  /// uses `ChangeWithAudit`.
  Result<void> InOneTransaction(const std::function<Result<void>(Repositories&)>& work);

  /// OCPI commands sent to CPOs (store/sql_command_repository.h); the clock stamps when each was
  /// requested, answered and given its result.
  domain::CommandRepository& commands();
  /// The tariffs CPOs push over OCPI (store/sql_cpo_tariff_repository.h).
  domain::CpoTariffRepository& cpo_tariffs();
  /// What hub peers reported about the parties behind them (store/sql_hub_client_repository.h).
  domain::HubClientRepository& hub_clients();
  /// The Control Centre API's sessions, API keys, reset tokens and failed logins, and its reads across
  /// units and users (store/sql_web_access_repository.h).
  domain::WebAccessRepository& web_access();
  domain::ControlCentreDirectory& control_centre_directory();
  /// Billing runs, invoices and credit notes (store/sql_invoice_repository.h); the clock stamps runs,
  /// drafts and status changes, and tells the year an invoice number is of.
  domain::InvoiceRepository& invoices();
  /// Tariff plan drafts: plan versions being prepared (store/sql_tariff_plan_draft_repository.h); the
  /// clock stamps when each was created and replaced.
  domain::TariffPlanDraftRepository& tariff_plan_drafts();
  /// The tenant's legal details as the issuer of its invoices (store/sql_issuer_details_repository.h).
  domain::IssuerDetailsRepository& issuer_details();
  /// The tenant's billing runs with what their drafts hold (store/sql_billing_run_directory.h).
  domain::BillingRunDirectory& billing_runs();

 private:
  struct State;

  explicit Repositories(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

/// A job queue on a connection of its own to the database `url` names, for one worker thread (a
/// connection serves one thread at a time): what each of a node's job workers opens. Fails like
/// `Repositories::Open`.
Result<std::unique_ptr<domain::JobQueue>> OpenJobQueue(const DatabaseUrl& url, domain::JobBackoff backoff = {});

/// The connection `Repositories::Open` would use for `url`, for components that need one of their own
/// (store::CpoCdrIngestor's writer). Fails like `Repositories::Open`.
Result<std::unique_ptr<SqlConnection>> OpenSqlConnection(const DatabaseUrl& url);

}  // namespace openmsp::store
