#include "store/sql_web_access_repository.h"

#include <utility>

#include "store/sql_support.h"
#include "store/sql_unit_rows.h"

namespace openmsp::store {
namespace {

using domain::ApiKey;
using domain::ApiKeyId;
using domain::LoginFailureSubject;
using domain::NewApiKey;
using domain::NewPasswordReset;
using domain::NewWebSession;
using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::PasswordReset;
using domain::PasswordResetId;
using domain::RoleAssignment;
using domain::TenantId;
using domain::TokenDigest;
using domain::User;
using domain::UserId;
using domain::WebSession;
using domain::WebSessionId;

Error Unauthenticated(std::string field, std::string message) {
  return Error{ErrorCode::kUnauthenticated, std::move(field), std::move(message)};
}

Result<TokenDigest> ParseDigest(const std::optional<std::string>& text) {
  Result<TokenDigest> digest = TokenDigest::FromHex(TextOf(text));
  if (!digest) return Corrupt("a stored digest is not 64 hex digits");
  return digest;
}

// The user must exist in the tenant: a foreign key would refuse it too, but without naming the field.
Result<void> RequireUser(SqlConnection& connection, TenantId tenant_id, UserId user_id, std::string field) {
  const SqlParam params[] = {tenant_id.value, user_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection.Query("SELECT id FROM users WHERE tenant_id = $1 AND id = $2", params));
  if (rows.empty()) return NotFound(std::move(field), "no such user");
  return Ok();
}

std::string SessionColumns(const SqlDialect& dialect) {
  return "id, tenant_id, user_id, csrf_digest, " + InstantColumn(dialect, "created_at") + ", " +
         InstantColumn(dialect, "last_seen_at") + ", " + InstantColumn(dialect, "expires_at");
}

Result<WebSession> SessionFromRow(const SqlRow& row) {
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t user_id, ParseInteger(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(TokenDigest csrf_digest, ParseDigest(row[3]));
  OPENMSP_ASSIGN_OR_RETURN(Instant created_at, ParseRequiredInstant(row[4]));
  OPENMSP_ASSIGN_OR_RETURN(Instant last_seen_at, ParseRequiredInstant(row[5]));
  OPENMSP_ASSIGN_OR_RETURN(Instant expires_at, ParseRequiredInstant(row[6]));
  return WebSession{.id = WebSessionId{id},
                    .tenant_id = TenantId{tenant_id},
                    .user_id = UserId{user_id},
                    .csrf_digest = std::move(csrf_digest),
                    .created_at = created_at,
                    .last_seen_at = last_seen_at,
                    .expires_at = expires_at};
}

std::string ApiKeyColumns(const SqlDialect& dialect) {
  return "id, tenant_id, user_id, name, " + InstantColumn(dialect, "created_at") + ", " +
         InstantColumn(dialect, "expires_at") + ", " + InstantColumn(dialect, "revoked_at");
}

Result<ApiKey> ApiKeyFromRow(const SqlRow& row) {
  ApiKey key;
  OPENMSP_ASSIGN_OR_RETURN(key.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(key.tenant_id.value, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(key.user_id.value, ParseInteger(row[2]));
  key.name = TextOf(row[3]);
  OPENMSP_ASSIGN_OR_RETURN(key.created_at, ParseRequiredInstant(row[4]));
  OPENMSP_ASSIGN_OR_RETURN(key.expires_at, ParseRequiredInstant(row[5]));
  OPENMSP_ASSIGN_OR_RETURN(key.revoked_at, ParseOptionalInstant(row[6]));
  return key;
}

Result<PasswordReset> PasswordResetFromRow(const SqlRow& row) {
  PasswordReset reset;
  OPENMSP_ASSIGN_OR_RETURN(reset.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(reset.tenant_id.value, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(reset.user_id.value, ParseInteger(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(reset.created_by.value, ParseInteger(row[3]));
  OPENMSP_ASSIGN_OR_RETURN(reset.created_at, ParseRequiredInstant(row[4]));
  OPENMSP_ASSIGN_OR_RETURN(reset.expires_at, ParseRequiredInstant(row[5]));
  OPENMSP_ASSIGN_OR_RETURN(reset.used_at, ParseOptionalInstant(row[6]));
  return reset;
}

}  // namespace

Result<WebSession> SqlWebAccessRepository::CreateSession(TenantId tenant_id, const NewWebSession& session) {
  OPENMSP_RETURN_IF_ERROR(RequireUser(connection_, tenant_id, session.user_id, "user_id"));
  const SqlParam params[] = {tenant_id.value,
                             session.user_id.value,
                             session.token_digest.hex(),
                             session.csrf_digest.hex(),
                             InstantParam(session.created_at),
                             InstantParam(session.expires_at)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("INSERT INTO web_sessions (tenant_id, user_id, token_digest, csrf_digest, created_at, "
                        "last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
                        params));
  if (rows.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
  WebSession created{.id = {},
                     .tenant_id = tenant_id,
                     .user_id = session.user_id,
                     .csrf_digest = session.csrf_digest,
                     .created_at = session.created_at,
                     .last_seen_at = session.created_at,
                     .expires_at = session.expires_at};
  OPENMSP_ASSIGN_OR_RETURN(created.id.value, ParseInteger(rows.front()[0]));
  return created;
}

Result<WebSession> SqlWebAccessRepository::FindSession(const TokenDigest& digest) {
  const SqlParam params[] = {digest.hex()};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT " + SessionColumns(connection_.dialect()) +
                            " FROM web_sessions WHERE token_digest = $1",
                        params));
  if (rows.empty()) return Unauthenticated("", "no such session");
  return SessionFromRow(rows.front());
}

Result<void> SqlWebAccessRepository::TouchSession(TenantId tenant_id, WebSessionId id, Instant seen_at) {
  const SqlParam params[] = {tenant_id.value, id.value, InstantParam(seen_at)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "UPDATE web_sessions SET last_seen_at = $3 WHERE tenant_id = $1 AND id = $2 RETURNING id", params));
  if (rows.empty()) return NotFound("session", "the session has ended");
  return Ok();
}

Result<void> SqlWebAccessRepository::EndSession(TenantId tenant_id, WebSessionId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_RETURN_IF_ERROR(
      connection_.Query("DELETE FROM web_sessions WHERE tenant_id = $1 AND id = $2", params));
  return Ok();
}

Result<std::size_t> SqlWebAccessRepository::EndSessionsOfUser(TenantId tenant_id, UserId user_id,
                                                              std::optional<WebSessionId> keep) {
  const SqlParam params[] = {tenant_id.value, user_id.value, keep ? keep->value : std::int64_t{0}};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "DELETE FROM web_sessions WHERE tenant_id = $1 AND user_id = $2 AND id <> $3 RETURNING id", params));
  return rows.size();
}

Result<ApiKey> SqlWebAccessRepository::CreateApiKey(TenantId tenant_id, const NewApiKey& key) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateApiKeyName(key.name));
  return InTransaction(connection_, [&]() -> Result<ApiKey> {
    OPENMSP_RETURN_IF_ERROR(RequireUser(connection_, tenant_id, key.user_id, "user_id"));
    const SqlParam same_name_params[] = {tenant_id.value, key.user_id.value, key.name};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> same_name,
                             connection_.Query("SELECT id FROM api_keys WHERE tenant_id = $1 AND user_id = $2 "
                                               "AND name = $3 AND revoked_at IS NULL",
                                               same_name_params));
    if (!same_name.empty()) {
      return Error{ErrorCode::kAlreadyExists, "name", "you have an API key of this name already"};
    }
    const SqlParam params[] = {tenant_id.value, key.user_id.value, key.name, key.digest.hex(),
                               InstantParam(key.created_at), InstantParam(key.expires_at)};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        connection_.Query("INSERT INTO api_keys (tenant_id, user_id, name, digest, created_at, expires_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                          params));
    if (rows.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    ApiKey created{.id = {},
                   .tenant_id = tenant_id,
                   .user_id = key.user_id,
                   .name = key.name,
                   .created_at = key.created_at,
                   .expires_at = key.expires_at,
                   .revoked_at = std::nullopt};
    OPENMSP_ASSIGN_OR_RETURN(created.id.value, ParseInteger(rows.front()[0]));
    return created;
  });
}

Result<ApiKey> SqlWebAccessRepository::FindApiKey(const TokenDigest& digest) {
  const SqlParam params[] = {digest.hex()};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<ApiKey> keys, LoadApiKeys("digest = $1", params));
  if (keys.empty()) return Unauthenticated("", "no such API key");
  return std::move(keys.front());
}

Result<std::vector<ApiKey>> SqlWebAccessRepository::ListApiKeys(TenantId tenant_id, UserId user_id) {
  const SqlParam params[] = {tenant_id.value, user_id.value};
  return LoadApiKeys("tenant_id = $1 AND user_id = $2", params);
}

Result<ApiKey> SqlWebAccessRepository::RevokeApiKey(TenantId tenant_id, UserId user_id, ApiKeyId id,
                                                    Instant at) {
  const SqlParam params[] = {tenant_id.value, user_id.value, id.value, InstantParam(at)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $4) "
                        "WHERE tenant_id = $1 AND user_id = $2 AND id = $3 RETURNING id",
                        params));
  if (rows.empty()) return NotFound("api_key_id", "no such API key");
  const SqlParam load_params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<ApiKey> keys, LoadApiKeys("tenant_id = $1 AND id = $2", load_params));
  if (keys.empty()) return NotFound("api_key_id", "no such API key");
  return std::move(keys.front());
}

Result<PasswordReset> SqlWebAccessRepository::CreatePasswordReset(TenantId tenant_id,
                                                                  const NewPasswordReset& reset) {
  OPENMSP_RETURN_IF_ERROR(RequireUser(connection_, tenant_id, reset.user_id, "user_id"));
  OPENMSP_RETURN_IF_ERROR(RequireUser(connection_, tenant_id, reset.created_by, "created_by"));
  const SqlParam params[] = {tenant_id.value,
                             reset.user_id.value,
                             reset.created_by.value,
                             reset.digest.hex(),
                             InstantParam(reset.created_at),
                             InstantParam(reset.expires_at)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("INSERT INTO password_resets (tenant_id, user_id, created_by, digest, created_at, "
                        "expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        params));
  if (rows.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(rows.front()[0]));
  return LoadPasswordReset(tenant_id, PasswordResetId{id});
}

Result<PasswordReset> SqlWebAccessRepository::RedeemPasswordReset(TenantId tenant_id, const TokenDigest& digest,
                                                                  Instant now) {
  const SqlParam params[] = {tenant_id.value, digest.hex(), InstantParam(now)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("UPDATE password_resets SET used_at = $3 WHERE tenant_id = $1 AND digest = $2 "
                        "AND used_at IS NULL AND expires_at > $3 RETURNING id",
                        params));
  if (rows.empty()) return Unauthenticated("token", "the reset token is unknown, used or expired");
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(rows.front()[0]));
  return LoadPasswordReset(tenant_id, PasswordResetId{id});
}

Result<void> SqlWebAccessRepository::RecordLoginFailure(TenantId tenant_id, LoginFailureSubject kind,
                                                        std::string_view subject, Instant at) {
  const SqlParam params[] = {tenant_id.value, std::string(domain::LoginFailureSubjectName(kind)),
                             std::string(subject), InstantParam(at)};
  OPENMSP_RETURN_IF_ERROR(connection_.Query(
      "INSERT INTO login_failures (tenant_id, subject_kind, subject, failed_at) VALUES ($1, $2, $3, $4)",
      params));
  return Ok();
}

Result<std::int64_t> SqlWebAccessRepository::CountLoginFailures(TenantId tenant_id, LoginFailureSubject kind,
                                                                std::string_view subject, Instant since) {
  const SqlParam params[] = {tenant_id.value, std::string(domain::LoginFailureSubjectName(kind)),
                             std::string(subject), InstantParam(since)};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT count(*) FROM login_failures WHERE tenant_id = $1 AND "
                                             "subject_kind = $2 AND subject = $3 AND failed_at >= $4",
                                             params));
  if (rows.size() != 1) return Corrupt("count(*) gave no row");
  return ParseInteger(rows.front()[0]);
}

Result<void> SqlWebAccessRepository::ClearLoginFailures(TenantId tenant_id, LoginFailureSubject kind,
                                                        std::string_view subject) {
  const SqlParam params[] = {tenant_id.value, std::string(domain::LoginFailureSubjectName(kind)),
                             std::string(subject)};
  OPENMSP_RETURN_IF_ERROR(connection_.Query(
      "DELETE FROM login_failures WHERE tenant_id = $1 AND subject_kind = $2 AND subject = $3", params));
  return Ok();
}

Result<std::vector<ApiKey>> SqlWebAccessRepository::LoadApiKeys(std::string_view where,
                                                                std::span<const SqlParam> params) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT " + ApiKeyColumns(connection_.dialect()) +
                                                 " FROM api_keys WHERE " + std::string(where) + " ORDER BY id",
                                             params));
  std::vector<ApiKey> keys;
  keys.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(ApiKey key, ApiKeyFromRow(row));
    keys.push_back(std::move(key));
  }
  return keys;
}

Result<PasswordReset> SqlWebAccessRepository::LoadPasswordReset(TenantId tenant_id, PasswordResetId id) {
  const SqlDialect& dialect = connection_.dialect();
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT id, tenant_id, user_id, created_by, " + InstantColumn(dialect, "created_at") +
                            ", " + InstantColumn(dialect, "expires_at") + ", " + InstantColumn(dialect, "used_at") +
                            " FROM password_resets WHERE tenant_id = $1 AND id = $2",
                        params));
  if (rows.empty()) return NotFound("id", "no such password reset");
  return PasswordResetFromRow(rows.front());
}

Result<std::vector<OrganisationUnit>> SqlControlCentreDirectory::Tree(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT id, tenant_id, parent_id, name, billing_legal_name, billing_address, "
                        "billing_vat_number, billing_email, billing_cost_centre FROM organisation_units "
                        "WHERE tenant_id = $1 ORDER BY id",
                        params));
  std::vector<OrganisationUnit> units;
  units.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit, UnitFromRow(row));
    units.push_back(std::move(unit));
  }
  return units;
}

Result<OrganisationUnit> SqlControlCentreDirectory::RenameOrganisationUnit(TenantId tenant_id,
                                                                           OrganisationUnitId id,
                                                                           std::string_view name) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewOrganisationUnit(
      domain::NewOrganisationUnit{.parent_id = {}, .name = std::string(name), .billing = {}}));
  const SqlParam params[] = {tenant_id.value, id.value, std::string(name)};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("UPDATE organisation_units SET name = $3 WHERE tenant_id = $1 AND id = $2 "
                        "RETURNING id, tenant_id, parent_id, name, billing_legal_name, billing_address, "
                        "billing_vat_number, billing_email, billing_cost_centre",
                        params));
  if (rows.empty()) return NotFound("id", "no such organisation unit");
  return UnitFromRow(rows.front());
}

Result<std::vector<User>> SqlControlCentreDirectory::Users(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT id FROM users WHERE tenant_id = $1 ORDER BY id", params));
  std::vector<User> users;
  users.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(User user, users_.FindById(tenant_id, UserId{id}));
    users.push_back(std::move(user));
  }
  return users;
}

Result<std::vector<RoleAssignment>> SqlControlCentreDirectory::Assignments(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query("SELECT DISTINCT user_id FROM role_assignments WHERE tenant_id = $1 "
                                             "ORDER BY user_id",
                                             params));
  std::vector<RoleAssignment> assignments;
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(std::vector<RoleAssignment> of_user, users_.ListAssignments(tenant_id, UserId{id}));
    assignments.insert(assignments.end(), of_user.begin(), of_user.end());
  }
  return assignments;
}

}  // namespace openmsp::store
