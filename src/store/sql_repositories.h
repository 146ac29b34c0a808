#pragma once

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/sql_connection.h"

namespace openmsp::store {

/// The tenant repository over either back end: the SQL is shared, the connection says how it runs.
class SqlTenantRepository final : public domain::TenantRepository {
 public:
  /// Uses `connection` and `clock`, which must outlive the repository.
  SqlTenantRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::TenantRepository` documents them.
  Result<domain::Tenant> Create(const domain::NewTenant& tenant) override;
  Result<domain::Tenant> FindById(domain::TenantId id) override;
  Result<domain::Tenant> FindBySlug(std::string_view slug) override;
  Result<domain::Tenant> FindByParty(const PartyId& party) override;
  Result<std::vector<domain::Tenant>> List() override;
  Result<domain::Tenant> Update(domain::TenantId id, const domain::TenantChanges& changes) override;

 private:
  Result<std::vector<domain::Tenant>> Load(std::string_view where, std::span<const SqlParam> params);
  Result<domain::Tenant> LoadOne(std::string_view where, std::span<const SqlParam> params,
                                 std::string_view field);

  SqlConnection& connection_;
  const Clock& clock_;
};

/// The organisation unit repository over either back end.
class SqlOrganisationUnitRepository final : public domain::OrganisationUnitRepository {
 public:
  /// Uses `connection`, which must outlive the repository.
  explicit SqlOrganisationUnitRepository(SqlConnection& connection);

  /// As `domain::OrganisationUnitRepository` documents them.
  Result<domain::OrganisationUnit> Create(domain::TenantId tenant_id,
                                          const domain::NewOrganisationUnit& unit) override;
  Result<domain::OrganisationUnit> FindById(domain::TenantId tenant_id,
                                            domain::OrganisationUnitId id) override;
  Result<std::vector<domain::OrganisationUnit>> Children(domain::TenantId tenant_id,
                                                         domain::OrganisationUnitId id) override;
  Result<std::vector<domain::OrganisationUnit>> Subtree(domain::TenantId tenant_id,
                                                        domain::OrganisationUnitId root) override;
  Result<void> Move(domain::TenantId tenant_id, domain::OrganisationUnitId id,
                    domain::OrganisationUnitId new_parent) override;

 private:
  Result<void> LockTenant(domain::TenantId tenant_id, std::string_view field);

  SqlConnection& connection_;
};

/// The profile repository over either back end.
class SqlProfileRepository final : public domain::ProfileRepository {
 public:
  /// Uses `connection` and `clock`, which must outlive the repository.
  SqlProfileRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::ProfileRepository` documents them.
  Result<domain::Profile> Create(domain::TenantId tenant_id, const domain::NewProfile& profile) override;
  Result<domain::Profile> FindById(domain::TenantId tenant_id, domain::ProfileId id) override;
  Result<std::vector<domain::Profile>> ListInOrganisationUnit(domain::TenantId tenant_id,
                                                              domain::OrganisationUnitId unit) override;
  /// Defined in sql_profile_list_repository.cpp.
  Result<domain::ProfilePage> List(domain::TenantId tenant_id, const domain::ProfileListQuery& query) override;
  /// Defined in sql_profile_update_repository.cpp.
  Result<domain::Profile> Update(domain::TenantId tenant_id, domain::ProfileId id,
                                 const domain::ProfileChanges& changes) override;
  /// Defined in sql_profile_batch_repository.cpp.
  Result<std::vector<domain::Profile>> FindByIds(domain::TenantId tenant_id,
                                                 std::span<const domain::ProfileId> ids) override;

 private:
  Result<std::vector<domain::Profile>> Load(std::string_view where, std::span<const SqlParam> params);

  SqlConnection& connection_;
  const Clock& clock_;
};

/// The token repository over either back end.
class SqlTokenRepository final : public domain::TokenRepository {
 public:
  /// Uses `connection` and `clock` (which stamps `last_updated`), both of which must outlive the
  /// repository.
  SqlTokenRepository(SqlConnection& connection, const Clock& clock);

  /// As `domain::TokenRepository` documents them.
  Result<domain::Token> Create(domain::TenantId tenant_id, const domain::NewToken& token) override;
  Result<domain::Token> FindById(domain::TenantId tenant_id, domain::TokenId id) override;
  Result<domain::Token> FindByUid(domain::TenantId tenant_id, std::string_view uid,
                                  domain::TokenType type) override;
  Result<std::optional<domain::SessionCustomer>> FindCustomer(domain::TenantId tenant_id, std::string_view uid,
                                                              domain::TokenType type) override;
  Result<std::vector<domain::Token>> FindByContractId(domain::TenantId tenant_id,
                                                      const EmaId& contract_id) override;
  Result<std::vector<domain::Token>> ListForProfile(domain::TenantId tenant_id,
                                                    domain::ProfileId profile) override;
  Result<domain::Token> SetStatus(domain::TenantId tenant_id, domain::TokenId id,
                                  domain::TokenStatus target) override;
  Result<domain::Token> Update(domain::TenantId tenant_id, domain::TokenId id,
                               const domain::TokenChanges& changes) override;
  Result<domain::TokenPage> ListUpdated(domain::TenantId tenant_id, std::optional<Instant> from,
                                        std::optional<Instant> to, std::int64_t offset,
                                        std::int64_t limit) override;
  /// Defined in sql_token_list_repository.cpp.
  Result<domain::TokenListPage> List(domain::TenantId tenant_id, const domain::TokenListQuery& query) override;
  Result<domain::Token> Issue(domain::TenantId tenant_id, const PartyId& party,
                              const domain::TokenToIssue& token) override;

  /// The largest page `ListUpdated` gives.
  static constexpr std::int64_t kMaxTokenPage = 1000;

 private:
  // Loads token `id`, applies `edit` to it, stamps and stores it, in one transaction.
  template <class Edit>
  Result<domain::Token> Change(domain::TenantId tenant_id, domain::TokenId id, Edit edit);

  Result<std::vector<domain::Token>> Load(std::string_view where, std::span<const SqlParam> params);
  Result<domain::Token> LoadOne(std::string_view where, std::span<const SqlParam> params,
                                std::string_view field);

  SqlConnection& connection_;
  const Clock& clock_;
};

}  // namespace openmsp::store
