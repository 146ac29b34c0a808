#include <string>
#include <utility>
#include <vector>

#include "store/sql_query_builder.h"
#include "store/sql_repositories.h"
#include "store/sql_support.h"

namespace openmsp::store {

using domain::TenantId;
using domain::Token;
using domain::TokenListPage;
using domain::TokenListQuery;

namespace {

// How many taken contract numbers in a row `Issue` skips before it gives up: imported cards do not
// come in such runs, and the limit keeps one call from walking a hundred million numbers.
constexpr std::int64_t kMaxSkippedContractNumbers = 10'000;

}  // namespace

Result<TokenListPage> SqlTokenRepository::List(TenantId tenant_id, const TokenListQuery& query) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateTokenListQuery(query));
  SqlQueryBuilder sql({tenant_id.value, query.after.value});
  sql.Where("id > $2");
  if (query.profile) sql.Where("profile_id = " + sql.Param(query.profile->value));
  if (query.organisation_unit) {
    const std::int64_t root[] = {query.organisation_unit->value};
    sql.Where(
        "profile_id IN (SELECT p.id FROM profiles p WHERE p.tenant_id = $1 AND p.organisation_unit_id IN (" +
        SubtreeUnitIds(sql, root) + "))");
  }
  if (query.status) sql.Where("status = " + sql.Param(std::string(domain::TokenStatusName(*query.status))));
  if (!query.text.empty()) {
    sql.Where(AnyContains({"uid", "visual_number", "contract_id"}, sql.Param(ContainsPattern(query.text))));
  }
  const std::string limit = sql.Param(static_cast<std::int64_t>(query.limit + 1));
  OPENMSP_ASSIGN_OR_RETURN(std::vector<Token> tokens,
                           Load(sql.where() + " ORDER BY id LIMIT " + limit, sql.params()));
  TokenListPage page;
  if (tokens.size() > query.limit) {
    tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(query.limit), tokens.end());
    page.next = tokens.back().id;
  }
  page.tokens = std::move(tokens);
  return page;
}

Result<Token> SqlTokenRepository::Issue(TenantId tenant_id, const PartyId& party,
                                        const domain::TokenToIssue& token) {
  return InTransaction(connection_, [&]() -> Result<Token> {
    const SqlParam party_params[] = {tenant_id.value, std::string(party.country_code()),
                                     std::string(party.party_id())};
    OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> locked, connection_.Query(connection_.dialect().lock_tenant,
                                                                           std::span(party_params).first(1)));
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> owned,
        connection_.Query(
            "SELECT 1 FROM tenant_parties WHERE tenant_id = $1 AND country_code = $2 AND party_id = $3",
            party_params));
    if (locked.empty() || owned.empty()) {
      return NotFound("party", party.ToString() + " is not an eMSP party of the tenant");
    }
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> counter,
        connection_.Query(
            "SELECT last_number FROM contract_id_counters WHERE tenant_id = $1 AND country_code = $2 "
            "AND party_id = $3",
            party_params));
    std::int64_t last = 0;
    if (!counter.empty()) {
      OPENMSP_ASSIGN_OR_RETURN(last, ParseInteger(counter.front()[0]));
    }
    std::int64_t number = last;
    std::optional<EmaId> contract_id;
    while (!contract_id) {
      ++number;
      if (number - last > kMaxSkippedContractNumbers) {
        return Error{ErrorCode::kFailedPrecondition, "contract_id",
                     "the " + std::to_string(kMaxSkippedContractNumbers) + " contract numbers after " +
                         std::to_string(last) + " are all carried by tokens already"};
      }
      OPENMSP_ASSIGN_OR_RETURN(EmaId candidate, domain::IssuedContractId(party, number));
      const SqlParam taken_params[] = {tenant_id.value, candidate.ToString()};
      OPENMSP_ASSIGN_OR_RETURN(
          std::vector<SqlRow> taken,
          connection_.Query("SELECT 1 FROM tokens WHERE tenant_id = $1 AND contract_id = $2 LIMIT 1",
                            taken_params));
      if (taken.empty()) contract_id = std::move(candidate);
    }
    OPENMSP_ASSIGN_OR_RETURN(Token created, Create(tenant_id, domain::WithContractId(token, *contract_id)));
    const SqlParam counter_params[] = {tenant_id.value, std::string(party.country_code()),
                                       std::string(party.party_id()), number};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "INSERT INTO contract_id_counters (tenant_id, country_code, party_id, last_number) VALUES ($1, $2, "
        "$3, $4) "
        "ON CONFLICT (tenant_id, country_code, party_id) DO UPDATE SET last_number = excluded.last_number",
        counter_params));
    return created;
  });
}

}  // namespace openmsp::store
