#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The statement that records which CDR closed a session (`SessionRepository::LinkCdr`), also run by
/// `StoreCpoCdrs` for the CDRs it stores. Parameters: the tenant id, the session's `country_code`,
/// `party_id` and `session_id` (compared ignoring case), then the CDR's `country_code`, `party_id` and `id`.
/// Returns the id of the session it linked, no row when there is none.
inline constexpr std::string_view kLinkSessionToCdr =
    "UPDATE sessions SET cdr_country_code = $5, cdr_party_id = $6, cdr_id = $7 "
    "WHERE tenant_id = $1 AND country_code = $2 AND party_id = $3 AND upper(session_id) = upper($4) "
    "RETURNING id";

/// The session repository over either back end: one `sessions` row per CPO session, with the JSON it was
/// last received as. Upserts take no tenant-wide lock (sessions are the busiest write of the eMSP): the
/// stale rule is one conditional UPDATE, and a concurrent first insert of the same session is retried as
/// an update.
class SqlSessionRepository final : public domain::SessionRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlSessionRepository(SqlConnection& connection);

  /// As `domain::SessionRepository` documents them.
  Result<domain::UpsertOutcome> Upsert(domain::TenantId tenant_id, const domain::Session& session) override;
  Result<domain::StoredSession> Find(domain::TenantId tenant_id, const domain::SessionKey& key) override;
  Result<domain::StoredSession> FindForUpdate(domain::TenantId tenant_id,
                                              const domain::SessionKey& key) override;
  Result<domain::StoredSession> FindById(domain::TenantId tenant_id, domain::SessionId id) override;
  Result<domain::SessionPage> ListLive(domain::TenantId tenant_id, const domain::LiveSessionFilter& filter,
                                       std::optional<domain::SessionCursor> after, std::size_t limit) override;
  Result<void> LinkCdr(domain::TenantId tenant_id, const domain::SessionKey& key,
                       const domain::CdrKey& cdr) override;

 private:
  // The sessions of `tenant_id` (always `$1`) matching `where` (over `sessions s`), then `suffix`.
  Result<std::vector<domain::StoredSession>> Load(std::string_view prefix, std::string_view where,
                                                  std::span<const SqlParam> params, std::string_view suffix);
  // The session `key`, read with `lock` after the WHERE (`SqlDialect::lock_rows` or nothing); kNotFound
  // naming `session_id` when there is none.
  Result<domain::StoredSession> FindByKey(domain::TenantId tenant_id, const domain::SessionKey& key,
                                          std::string_view lock);
  // kNotFound naming the `customer.*` field that is not a row of `tenant_id`.
  Result<void> CheckCustomer(domain::TenantId tenant_id, const domain::SessionCustomer& customer);

  SqlConnection& connection_;
};

}  // namespace openmsp::store
