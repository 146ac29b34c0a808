#pragma once

#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The Control Centre's sessions, API keys, password reset tokens and failed logins over either back end
/// (migration 19: `web_sessions`, `api_keys`, `password_resets`, `login_failures`).
class SqlWebAccessRepository final : public domain::WebAccessRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlWebAccessRepository(SqlConnection& connection) : connection_(connection) {}

  /// As `domain::WebAccessRepository` documents them.
  Result<domain::WebSession> CreateSession(domain::TenantId tenant_id,
                                           const domain::NewWebSession& session) override;
  Result<domain::WebSession> FindSession(const domain::TokenDigest& digest) override;
  Result<void> TouchSession(domain::TenantId tenant_id, domain::WebSessionId id, Instant seen_at) override;
  Result<void> EndSession(domain::TenantId tenant_id, domain::WebSessionId id) override;
  Result<std::size_t> EndSessionsOfUser(domain::TenantId tenant_id, domain::UserId user_id,
                                        std::optional<domain::WebSessionId> keep) override;
  Result<domain::ApiKey> CreateApiKey(domain::TenantId tenant_id, const domain::NewApiKey& key) override;
  Result<domain::ApiKey> FindApiKey(const domain::TokenDigest& digest) override;
  Result<std::vector<domain::ApiKey>> ListApiKeys(domain::TenantId tenant_id, domain::UserId user_id) override;
  Result<domain::ApiKey> RevokeApiKey(domain::TenantId tenant_id, domain::UserId user_id, domain::ApiKeyId id,
                                      Instant at) override;
  Result<domain::PasswordReset> CreatePasswordReset(domain::TenantId tenant_id,
                                                    const domain::NewPasswordReset& reset) override;
  Result<domain::PasswordReset> RedeemPasswordReset(domain::TenantId tenant_id, const domain::TokenDigest& digest,
                                                    Instant now) override;
  Result<void> RecordLoginFailure(domain::TenantId tenant_id, domain::LoginFailureSubject kind,
                                  std::string_view subject, Instant at) override;
  Result<std::int64_t> CountLoginFailures(domain::TenantId tenant_id, domain::LoginFailureSubject kind,
                                          std::string_view subject, Instant since) override;
  Result<void> ClearLoginFailures(domain::TenantId tenant_id, domain::LoginFailureSubject kind,
                                  std::string_view subject) override;

 private:
  Result<std::vector<domain::ApiKey>> LoadApiKeys(std::string_view where, std::span<const SqlParam> params);
  Result<domain::PasswordReset> LoadPasswordReset(domain::TenantId tenant_id, domain::PasswordResetId id);

  SqlConnection& connection_;
};

/// `domain::ControlCentreDirectory` over either back end.
class SqlControlCentreDirectory final : public domain::ControlCentreDirectory {
 public:
  /// Uses `connection` and reads users through `users` (one place knows how a user row reads); both must
  /// outlive the directory.
  SqlControlCentreDirectory(SqlConnection& connection, domain::UserRepository& users)
      : connection_(connection), users_(users) {}

  /// As `domain::ControlCentreDirectory` documents them.
  Result<std::vector<domain::OrganisationUnit>> Tree(domain::TenantId tenant_id) override;
  Result<domain::OrganisationUnit> RenameOrganisationUnit(domain::TenantId tenant_id, domain::OrganisationUnitId id,
                                                          std::string_view name) override;
  Result<std::vector<domain::User>> Users(domain::TenantId tenant_id) override;
  Result<std::vector<domain::RoleAssignment>> Assignments(domain::TenantId tenant_id) override;

 private:
  SqlConnection& connection_;
  domain::UserRepository& users_;
};

}  // namespace openmsp::store
