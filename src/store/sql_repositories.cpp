#include "store/sql_repositories.h"

#include <map>
#include <utility>

#include "store/sql_support.h"
#include "store/sql_unit_rows.h"

namespace openmsp::store {
namespace {

using domain::NewOrganisationUnit;
using domain::NewProfile;
using domain::NewTenant;
using domain::NewToken;
using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::Profile;
using domain::ProfileId;
using domain::Tenant;
using domain::TenantId;
using domain::Token;
using domain::TokenId;
using domain::TokenStatus;
using domain::TokenType;

constexpr std::string_view kTenantColumns = "id, slug, name, default_currency, ";

Result<std::vector<OrganisationUnit>> UnitsFromRows(const std::vector<SqlRow>& rows) {
  std::vector<OrganisationUnit> units;
  units.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(OrganisationUnit unit, UnitFromRow(row));
    units.push_back(std::move(unit));
  }
  return units;
}

Result<Profile> ProfileFromRow(const SqlRow& row) {
  Profile profile;
  OPENMSP_ASSIGN_OR_RETURN(profile.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(profile.tenant_id.value, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(profile.organisation_unit_id.value, ParseInteger(row[2]));
  profile.name = TextOf(row[3]);
  OPENMSP_ASSIGN_OR_RETURN(profile.kind, ParseStored(domain::ParseProfileKind, row[4]));
  profile.email = TextOf(row[5]);
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t prices_hidden, ParseInteger(row[6]));
  profile.prices_hidden = prices_hidden != 0;
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> created_at, ParseOptionalInstant(row[7]));
  if (!created_at) return Corrupt("profile " + std::to_string(profile.id.value) + " has no created_at");
  profile.created_at = *created_at;
  return profile;
}

Result<Token> TokenFromRow(const SqlRow& row) {
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t profile_id, ParseInteger(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(TokenType type, ParseStored(domain::ParseTokenType, row[4]));
  Result<EmaId> contract_id = EmaId::Parse(TextOf(row[5]));
  if (!contract_id)
    return Corrupt("token " + std::to_string(id) + " has the contract id '" + TextOf(row[5]) + "'");
  OPENMSP_ASSIGN_OR_RETURN(domain::TokenWhitelist whitelist,
                           ParseStored(domain::ParseTokenWhitelist, row[9]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> valid_from, ParseOptionalInstant(row[11]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> valid_until, ParseOptionalInstant(row[12]));
  OPENMSP_ASSIGN_OR_RETURN(TokenStatus status, ParseStored(domain::ParseTokenStatus, row[14]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> last_updated, ParseOptionalInstant(row[15]));
  if (!last_updated) return Corrupt("token " + std::to_string(id) + " has no last_updated");
  return Token{.id = TokenId{id},
               .tenant_id = TenantId{tenant_id},
               .profile_id = ProfileId{profile_id},
               .uid = TextOf(row[3]),
               .type = type,
               .contract_id = *std::move(contract_id),
               .visual_number = TextOf(row[6]),
               .issuer = TextOf(row[7]),
               .group_id = TextOf(row[8]),
               .whitelist = whitelist,
               .language = TextOf(row[10]),
               .valid_from = valid_from,
               .valid_until = valid_until,
               .cost_centre = TextOf(row[13]),
               .status = status,
               .last_updated = *last_updated};
}

}  // namespace

SqlTenantRepository::SqlTenantRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<Tenant> SqlTenantRepository::Create(const NewTenant& tenant) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewTenant(tenant));
  Tenant created{.id = {},
                 .slug = tenant.slug,
                 .name = tenant.name,
                 .default_currency = tenant.default_currency,
                 .parties = tenant.parties,
                 .created_at = clock_.Now()};
  return InTransaction(connection_, [&]() -> Result<Tenant> {
    const SqlParam tenant_params[] = {tenant.slug, tenant.name, std::string(tenant.default_currency.code()),
                                      InstantParam(created.created_at)};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO tenants (slug, name, default_currency, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        tenant_params);
    if (!inserted) {
      if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
      return Error{ErrorCode::kAlreadyExists, "slug",
                   "a tenant with the slug '" + tenant.slug + "' exists already"};
    }
    if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(created.id.value, ParseInteger(inserted->front()[0]));
    for (std::size_t i = 0; i < tenant.parties.size(); ++i) {
      const PartyId& party = tenant.parties[i];
      const SqlParam party_params[] = {created.id.value, std::string(party.country_code()),
                                       std::string(party.party_id()), static_cast<std::int64_t>(i)};
      Result<std::vector<SqlRow>> party_inserted = connection_.Query(
          "INSERT INTO tenant_parties (tenant_id, country_code, party_id, ordinal) VALUES ($1, $2, $3, $4)",
          party_params);
      if (!party_inserted) {
        if (party_inserted.error().code != ErrorCode::kAlreadyExists)
          return std::move(party_inserted).error();
        return Error{ErrorCode::kAlreadyExists, "parties[" + std::to_string(i) + "]",
                     "another tenant acts as eMSP " + party.ToString() + " already"};
      }
    }
    return created;
  });
}

Result<Tenant> SqlTenantRepository::FindById(TenantId id) {
  const SqlParam params[] = {id.value};
  return LoadOne("id = $1", params, "id");
}

Result<Tenant> SqlTenantRepository::FindBySlug(std::string_view slug) {
  const SqlParam params[] = {std::string(slug)};
  return LoadOne("slug = $1", params, "slug");
}

Result<Tenant> SqlTenantRepository::FindByParty(const PartyId& party) {
  const SqlParam params[] = {std::string(party.country_code()), std::string(party.party_id())};
  return LoadOne("id IN (SELECT tenant_id FROM tenant_parties WHERE country_code = $1 AND party_id = $2)",
                 params, "party_id");
}

Result<std::vector<Tenant>> SqlTenantRepository::List() { return Load("TRUE", {}); }

Result<Tenant> SqlTenantRepository::Update(TenantId id, const domain::TenantChanges& changes) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateTenantChanges(changes));
  const SqlParam params[] = {
      id.value, changes.name ? SqlParam(*changes.name) : SqlParam(nullptr),
      changes.default_currency ? SqlParam(std::string(changes.default_currency->code())) : SqlParam(nullptr)};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> updated,
                           connection_.Query("UPDATE tenants SET name = COALESCE($2, name), "
                                             "default_currency = COALESCE($3, default_currency) "
                                             "WHERE id = $1 RETURNING id",
                                             params));
  if (updated.empty()) return NotFound("tenant_id", "no such tenant");
  return FindById(id);
}

Result<Tenant> SqlTenantRepository::LoadOne(std::string_view where, std::span<const SqlParam> params,
                                            std::string_view field) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Tenant> tenants, Load(where, params));
  if (tenants.empty()) return NotFound(std::string(field), "no such tenant");
  return std::move(tenants.front());
}

Result<std::vector<Tenant>> SqlTenantRepository::Load(std::string_view where,
                                                      std::span<const SqlParam> params) {
  std::string select = std::string("SELECT ") + std::string(kTenantColumns) +
                       std::string(connection_.dialect().created_at) + " FROM tenants WHERE " +
                       std::string(where) + " ORDER BY id";
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(select, params));
  std::vector<Tenant> tenants;
  std::map<std::int64_t, std::size_t> index_by_id;
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    Result<Currency> currency = Currency::Find(TextOf(row[3]));
    if (!currency)
      return Corrupt("tenant " + std::to_string(id) + " has the currency '" + TextOf(row[3]) + "'");
    Result<Instant> created_at = ParseOcpiDateTime(TextOf(row[4]));
    if (!created_at)
      return Corrupt("tenant " + std::to_string(id) + " has created_at '" + TextOf(row[4]) + "'");
    index_by_id[id] = tenants.size();
    tenants.push_back(Tenant{.id = TenantId{id},
                             .slug = TextOf(row[1]),
                             .name = TextOf(row[2]),
                             .default_currency = *currency,
                             .parties = {},
                             .created_at = *created_at});
  }
  if (tenants.empty()) return tenants;
  std::string parties_select =
      "SELECT tenant_id, country_code, party_id FROM tenant_parties WHERE tenant_id IN (SELECT id FROM "
      "tenants "
      "WHERE " +
      std::string(where) + ") ORDER BY tenant_id, ordinal";
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> party_rows, connection_.Query(parties_select, params));
  for (const SqlRow& row : party_rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t tenant_id, ParseInteger(row[0]));
    Result<PartyId> party = PartyId::FromFields(TextOf(row[1]), TextOf(row[2]));
    auto tenant = index_by_id.find(tenant_id);
    if (!party || tenant == index_by_id.end()) {
      return Corrupt("tenant " + std::to_string(tenant_id) + " has a bad party id");
    }
    tenants[tenant->second].parties.push_back(*party);
  }
  return tenants;
}

SqlOrganisationUnitRepository::SqlOrganisationUnitRepository(SqlConnection& connection)
    : connection_(connection) {}

Result<void> SqlOrganisationUnitRepository::LockTenant(TenantId tenant_id, std::string_view field) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection_.Query(connection_.dialect().lock_tenant, params));
  if (rows.empty()) return NotFound(std::string(field), "no such tenant");
  return Ok();
}

Result<OrganisationUnit> SqlOrganisationUnitRepository::Create(TenantId tenant_id,
                                                               const NewOrganisationUnit& unit) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewOrganisationUnit(unit));
  return InTransaction(connection_, [&]() -> Result<OrganisationUnit> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(tenant_id, "tenant_id"));
    if (unit.parent_id) {
      Result<OrganisationUnit> parent = FindById(tenant_id, *unit.parent_id);
      if (!parent) {
        Error error = std::move(parent).error();
        if (error.code == ErrorCode::kNotFound) error.field = "parent_id";
        return error;
      }
    }
    const domain::BillingDetails none;
    const domain::BillingDetails& billing = unit.billing ? *unit.billing : none;
    const SqlParam params[] = {tenant_id.value,
                               unit.parent_id ? SqlParam(unit.parent_id->value) : SqlParam(nullptr),
                               unit.name,
                               OptionalText(billing.legal_name),
                               OptionalText(billing.address),
                               OptionalText(billing.vat_number),
                               OptionalText(billing.email),
                               OptionalText(billing.cost_centre)};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO organisation_units (tenant_id, parent_id, name, billing_legal_name, billing_address, "
        "billing_vat_number, billing_email, billing_cost_centre) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        "RETURNING id",
        params);
    if (!inserted) {
      if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
      return Error{ErrorCode::kAlreadyExists, "parent_id", "the tenant has a root organisation unit already"};
    }
    if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(inserted->front()[0]));
    return OrganisationUnit{.id = OrganisationUnitId{id},
                            .tenant_id = tenant_id,
                            .parent_id = unit.parent_id,
                            .name = unit.name,
                            .billing = unit.billing};
  });
}

Result<OrganisationUnit> SqlOrganisationUnitRepository::FindById(TenantId tenant_id, OrganisationUnitId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT " + std::string(kUnitColumns) +
                            " FROM organisation_units ou WHERE ou.tenant_id = $1 AND ou.id = $2",
                        params));
  if (rows.empty()) return NotFound("id", "no such organisation unit");
  return UnitFromRow(rows.front());
}

Result<std::vector<OrganisationUnit>> SqlOrganisationUnitRepository::Children(TenantId tenant_id,
                                                                              OrganisationUnitId id) {
  OPENMSP_RETURN_IF_ERROR(FindById(tenant_id, id));
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT " + std::string(kUnitColumns) +
              " FROM organisation_units ou WHERE ou.tenant_id = $1 AND ou.parent_id = $2 ORDER BY ou.id",
          params));
  return UnitsFromRows(rows);
}

Result<std::vector<OrganisationUnit>> SqlOrganisationUnitRepository::Subtree(TenantId tenant_id,
                                                                             OrganisationUnitId root) {
  const SqlParam params[] = {tenant_id.value, root.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("WITH RECURSIVE tree (id, depth) AS ("
                        " SELECT id, 0 FROM organisation_units WHERE tenant_id = $1 AND id = $2"
                        " UNION ALL"
                        " SELECT child.id, tree.depth + 1 FROM organisation_units child"
                        " JOIN tree ON child.parent_id = tree.id WHERE child.tenant_id = $1"
                        ") SELECT " +
                            std::string(kUnitColumns) +
                            " FROM tree JOIN organisation_units ou ON ou.id = tree.id"
                            " WHERE ou.tenant_id = $1 ORDER BY tree.depth, ou.id",
                        params));
  if (rows.empty()) return NotFound("id", "no such organisation unit");
  return UnitsFromRows(rows);
}

Result<void> SqlOrganisationUnitRepository::Move(TenantId tenant_id, OrganisationUnitId id,
                                                 OrganisationUnitId new_parent) {
  return InTransaction(connection_, [&]() -> Result<void> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(tenant_id, "id"));
    OPENMSP_ASSIGN_OR_RETURN(std::vector<OrganisationUnit> subtree, Subtree(tenant_id, id));
    if (Result<OrganisationUnit> parent = FindById(tenant_id, new_parent); !parent) {
      if (parent.error().code != ErrorCode::kNotFound) return std::move(parent).error();
      return NotFound("parent_id", "no such organisation unit");
    }
    OPENMSP_RETURN_IF_ERROR(domain::CheckMove(subtree, new_parent));
    const SqlParam params[] = {tenant_id.value, id.value, new_parent.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "UPDATE organisation_units SET parent_id = $3 WHERE tenant_id = $1 AND id = $2", params));
    return Ok();
  });
}

SqlProfileRepository::SqlProfileRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<Profile> SqlProfileRepository::Create(TenantId tenant_id, const NewProfile& profile) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewProfile(profile));
  Profile created{.id = {},
                  .tenant_id = tenant_id,
                  .organisation_unit_id = profile.organisation_unit_id,
                  .name = profile.name,
                  .kind = profile.kind,
                  .email = profile.email,
                  .prices_hidden = profile.prices_hidden,
                  .created_at = clock_.Now()};
  const SqlParam params[] = {tenant_id.value,
                             profile.organisation_unit_id.value,
                             profile.name,
                             std::string(domain::ProfileKindName(profile.kind)),
                             OptionalText(profile.email),
                             std::int64_t{profile.prices_hidden ? 1 : 0},
                             InstantParam(created.created_at)};
  Result<std::vector<SqlRow>> inserted = connection_.Query(
      "INSERT INTO profiles (tenant_id, organisation_unit_id, name, kind, email, prices_hidden, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      params);
  if (!inserted) {
    if (inserted.error().code != ErrorCode::kNotFound) return std::move(inserted).error();
    return NotFound("organisation_unit_id", "no such organisation unit");
  }
  if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
  OPENMSP_ASSIGN_OR_RETURN(created.id.value, ParseInteger(inserted->front()[0]));
  return created;
}

Result<Profile> SqlProfileRepository::FindById(TenantId tenant_id, ProfileId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Profile> profiles, Load("id = $2", params));
  if (profiles.empty()) return NotFound("id", "no such profile");
  return std::move(profiles.front());
}

Result<std::vector<Profile>> SqlProfileRepository::ListInOrganisationUnit(TenantId tenant_id,
                                                                          OrganisationUnitId unit) {
  const SqlParam params[] = {tenant_id.value, unit.value};
  return Load("organisation_unit_id = $2", params);
}

Result<std::vector<Profile>> SqlProfileRepository::Load(std::string_view where,
                                                        std::span<const SqlParam> params) {
  std::string select =
      "SELECT id, tenant_id, organisation_unit_id, name, kind, email, "
      "CASE WHEN prices_hidden THEN 1 ELSE 0 END, " +
      InstantColumn(connection_.dialect(), "created_at") + " FROM profiles WHERE tenant_id = $1 AND " +
      std::string(where) + " ORDER BY id";
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(select, params));
  std::vector<Profile> profiles;
  profiles.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(Profile profile, ProfileFromRow(row));
    profiles.push_back(std::move(profile));
  }
  return profiles;
}

SqlTokenRepository::SqlTokenRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<Token> SqlTokenRepository::Create(TenantId tenant_id, const NewToken& token) {
  OPENMSP_ASSIGN_OR_RETURN(NewToken valid, domain::ValidateNewToken(token));
  const Instant now = clock_.Now();
  const SqlParam params[] = {tenant_id.value,
                             valid.profile_id.value,
                             valid.uid,
                             std::string(domain::TokenTypeName(valid.type)),
                             valid.contract_id.ToString(),
                             OptionalText(valid.visual_number),
                             valid.issuer,
                             OptionalText(valid.group_id),
                             std::string(domain::TokenWhitelistName(valid.whitelist)),
                             OptionalText(valid.language),
                             OptionalInstant(valid.valid_from),
                             OptionalInstant(valid.valid_until),
                             OptionalText(valid.cost_centre),
                             std::string(domain::TokenStatusName(TokenStatus::kPending)),
                             InstantParam(now)};
  Result<std::vector<SqlRow>> inserted = connection_.Query(
      "INSERT INTO tokens (tenant_id, profile_id, uid, type, contract_id, visual_number, issuer, group_id, "
      "whitelist, language, valid_from, valid_until, cost_centre, status, last_updated) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
      params);
  if (!inserted) {
    if (inserted.error().code == ErrorCode::kNotFound) return NotFound("profile_id", "no such profile");
    if (inserted.error().code != ErrorCode::kAlreadyExists) return std::move(inserted).error();
    return Error{ErrorCode::kAlreadyExists, "uid",
                 "the tenant has a " + std::string(domain::TokenTypeName(valid.type)) + " token '" +
                     valid.uid + "' already"};
  }
  if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(inserted->front()[0]));
  return Token{.id = TokenId{id},
               .tenant_id = tenant_id,
               .profile_id = valid.profile_id,
               .uid = valid.uid,
               .type = valid.type,
               .contract_id = valid.contract_id,
               .visual_number = valid.visual_number,
               .issuer = valid.issuer,
               .group_id = valid.group_id,
               .whitelist = valid.whitelist,
               .language = valid.language,
               .valid_from = valid.valid_from,
               .valid_until = valid.valid_until,
               .cost_centre = valid.cost_centre,
               .status = TokenStatus::kPending,
               .last_updated = now};
}

Result<Token> SqlTokenRepository::FindById(TenantId tenant_id, TokenId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  return LoadOne("id = $2", params, "id");
}

Result<Token> SqlTokenRepository::FindByUid(TenantId tenant_id, std::string_view uid, TokenType type) {
  Result<std::string> normalised = domain::NormaliseTokenUid(uid, type);
  if (!normalised) return NotFound("uid", "no such token");
  const SqlParam params[] = {tenant_id.value, *std::move(normalised),
                             std::string(domain::TokenTypeName(type))};
  return LoadOne("type = $3 AND upper(uid) = upper($2) ORDER BY id", params, "uid");
}

Result<std::optional<domain::SessionCustomer>> SqlTokenRepository::FindCustomer(TenantId tenant_id,
                                                                                std::string_view uid,
                                                                                TokenType type) {
  Result<std::string> normalised = domain::NormaliseTokenUid(uid, type);
  if (!normalised) return std::optional<domain::SessionCustomer>();
  const SqlParam params[] = {tenant_id.value, *std::move(normalised), std::string(domain::TokenTypeName(type))};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT t.id, t.profile_id, p.organisation_unit_id FROM tokens t "
                        "JOIN profiles p ON p.tenant_id = t.tenant_id AND p.id = t.profile_id "
                        "WHERE t.tenant_id = $1 AND t.type = $3 AND upper(t.uid) = upper($2) ORDER BY t.id LIMIT 1",
                        params));
  if (rows.empty()) return std::optional<domain::SessionCustomer>();
  const SqlRow& row = rows.front();
  OPENMSP_ASSIGN_OR_RETURN(const std::int64_t token_id, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(const std::int64_t profile_id, ParseInteger(row[1]));
  OPENMSP_ASSIGN_OR_RETURN(const std::int64_t unit_id, ParseInteger(row[2]));
  return std::optional<domain::SessionCustomer>(
      domain::SessionCustomer{.token_id = TokenId{token_id},
                              .profile_id = ProfileId{profile_id},
                              .organisation_unit_id = domain::OrganisationUnitId{unit_id}});
}

Result<std::vector<Token>> SqlTokenRepository::FindByContractId(TenantId tenant_id,
                                                                const EmaId& contract_id) {
  const SqlParam params[] = {tenant_id.value, contract_id.ToString()};
  return Load("contract_id = $2 ORDER BY id", params);
}

Result<std::vector<Token>> SqlTokenRepository::ListForProfile(TenantId tenant_id, ProfileId profile) {
  const SqlParam params[] = {tenant_id.value, profile.value};
  return Load("profile_id = $2 ORDER BY id", params);
}

Result<Token> SqlTokenRepository::SetStatus(TenantId tenant_id, TokenId id, TokenStatus target) {
  return Change(tenant_id, id, [target](Token token) -> Result<Token> {
    OPENMSP_ASSIGN_OR_RETURN(token.status, domain::TransitionToken(token.status, target));
    return token;
  });
}

Result<Token> SqlTokenRepository::Update(TenantId tenant_id, TokenId id, const domain::TokenChanges& changes) {
  return Change(tenant_id, id, [&changes](Token token) { return domain::ApplyTokenChanges(std::move(token), changes); });
}

template <class Edit>
Result<Token> SqlTokenRepository::Change(TenantId tenant_id, TokenId id, Edit edit) {
  return InTransaction(connection_, [&]() -> Result<Token> {
    // The tenant's row lock serialises its token changes, so no two read the same token state.
    const SqlParam tenant_params[] = {tenant_id.value};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> tenant_rows,
                             connection_.Query(connection_.dialect().lock_tenant, tenant_params));
    if (tenant_rows.empty()) return NotFound("id", "no such token");
    const SqlParam token_params[] = {tenant_id.value, id.value};
    OPENMSP_ASSIGN_OR_RETURN(Token token, LoadOne("id = $2", token_params, "id"));
    OPENMSP_ASSIGN_OR_RETURN(token, edit(std::move(token)));
    token.last_updated = clock_.Now();
    const SqlParam params[] = {tenant_id.value,
                               id.value,
                               token.profile_id.value,
                               OptionalText(token.visual_number),
                               token.issuer,
                               OptionalText(token.group_id),
                               std::string(domain::TokenWhitelistName(token.whitelist)),
                               OptionalText(token.language),
                               OptionalInstant(token.valid_from),
                               OptionalInstant(token.valid_until),
                               OptionalText(token.cost_centre),
                               std::string(domain::TokenStatusName(token.status)),
                               InstantParam(token.last_updated)};
    Result<std::vector<SqlRow>> updated = connection_.Query(
        "UPDATE tokens SET profile_id = $3, visual_number = $4, issuer = $5, group_id = $6, whitelist = $7, "
        "language = $8, valid_from = $9, valid_until = $10, cost_centre = $11, status = $12, last_updated = $13 "
        "WHERE tenant_id = $1 AND id = $2",
        params);
    if (!updated && updated.error().code == ErrorCode::kNotFound) {
      return NotFound("profile_id", "no such profile");
    }
    OPENMSP_RETURN_IF_ERROR(updated);
    return token;
  });
}

Result<domain::TokenPage> SqlTokenRepository::ListUpdated(TenantId tenant_id, std::optional<Instant> from,
                                                          std::optional<Instant> to, std::int64_t offset,
                                                          std::int64_t limit) {
  if (limit < 1 || limit > kMaxTokenPage) {
    return InvalidArgument("limit", "must be 1 to 1000, not " + std::to_string(limit));
  }
  if (offset < 0) return InvalidArgument("offset", "must not be negative");
  // An absent bound is the widest instant an OCPI DateTime can name, so one statement serves every case.
  const SqlParam params[] = {tenant_id.value, InstantParam(from.value_or(kMinInstant)),
                             InstantParam(to.value_or(kMaxInstant)), limit, offset};
  const std::string window = "last_updated >= $2 AND last_updated < $3";
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> counted,
                           connection_.Query("SELECT count(*) FROM tokens WHERE tenant_id = $1 AND " + window,
                                             std::span(params).first(3)));
  domain::TokenPage page;
  OPENMSP_ASSIGN_OR_RETURN(page.total, ParseInteger(counted.front()[0]));
  OPENMSP_ASSIGN_OR_RETURN(page.tokens, Load(window + " ORDER BY last_updated, id LIMIT $4 OFFSET $5", params));
  return page;
}

Result<Token> SqlTokenRepository::LoadOne(std::string_view where, std::span<const SqlParam> params,
                                          std::string_view field) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Token> tokens, Load(where, params));
  if (tokens.empty()) return NotFound(std::string(field), "no such token");
  return std::move(tokens.front());
}

Result<std::vector<Token>> SqlTokenRepository::Load(std::string_view where,
                                                    std::span<const SqlParam> params) {
  const SqlDialect& dialect = connection_.dialect();
  std::string select =
      "SELECT id, tenant_id, profile_id, uid, type, contract_id, visual_number, issuer, group_id, whitelist, "
      "language, " +
      InstantColumn(dialect, "valid_from") + ", " + InstantColumn(dialect, "valid_until") +
      ", cost_centre, status, " + InstantColumn(dialect, "last_updated") +
      " FROM tokens WHERE tenant_id = $1 AND " + std::string(where);
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection_.Query(select, params));
  std::vector<Token> tokens;
  tokens.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(Token token, TokenFromRow(row));
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace openmsp::store
