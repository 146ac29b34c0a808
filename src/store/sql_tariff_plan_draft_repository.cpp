#include "store/sql_tariff_plan_draft_repository.h"

#include <map>
#include <string>
#include <utility>

#include "store/sql_support.h"
#include "store/sql_tariff_rule_rows.h"

namespace openmsp::store {
namespace {

using domain::NewTariffPlanDraft;
using domain::TariffPlanDraft;
using domain::TariffPlanDraftId;
using domain::TariffPlanRule;
using domain::TenantId;

Error NoDraft() { return NotFound("id", "no such tariff plan draft"); }

}  // namespace

SqlTariffPlanDraftRepository::SqlTariffPlanDraftRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<std::vector<TariffPlanRule>> SqlTariffPlanDraftRepository::InsertRules(
    TenantId tenant_id, TariffPlanDraftId id, const NewTariffPlanDraft& draft) {
  std::vector<TariffPlanRule> rules;
  rules.reserve(draft.rules.size());
  for (const domain::NewTariffPlanRule& rule : draft.rules) {
    std::vector<SqlParam> params = {tenant_id.value, id.value};
    for (SqlParam& param : RuleParams(rule)) params.push_back(std::move(param));
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> inserted,
        connection_.Query(
            "INSERT INTO tariff_plan_draft_rules (tenant_id, tariff_plan_draft_id, " +
                std::string(kRuleValueColumns) +
                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            params));
    if (inserted.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t rule_id, ParseInteger(inserted.front()[0]));
    rules.push_back(StoredRule(domain::TariffPlanRuleId{rule_id}, rule));
  }
  return rules;
}

Result<TariffPlanDraft> SqlTariffPlanDraftRepository::Create(TenantId tenant_id,
                                                             const NewTariffPlanDraft& draft) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewTariffPlanDraft(draft));
  const Instant now = clock_.Now();
  return InTransaction(connection_, [&]() -> Result<TariffPlanDraft> {
    OPENMSP_RETURN_IF_ERROR(CheckRuleReferences(connection_, tenant_id, draft.rules));
    const SqlParam params[] = {tenant_id.value,
                               draft.name,
                               std::string(draft.currency.code()),
                               DecimalParam(draft.min_session_price),
                               DecimalParam(draft.max_session_price),
                               InstantParam(now),
                               InstantParam(now)};
    Result<std::vector<SqlRow>> inserted = connection_.Query(
        "INSERT INTO tariff_plan_drafts (tenant_id, name, currency, min_session_price, max_session_price, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        params);
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kNotFound) return NotFound("tenant_id", "no such tenant");
      return std::move(inserted).error();
    }
    if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    TariffPlanDraft created{.id = {},
                            .tenant_id = tenant_id,
                            .name = draft.name,
                            .currency = draft.currency,
                            .min_session_price = draft.min_session_price,
                            .max_session_price = draft.max_session_price,
                            .rules = {},
                            .created_at = now,
                            .updated_at = now};
    OPENMSP_ASSIGN_OR_RETURN(created.id.value, ParseInteger(inserted->front()[0]));
    OPENMSP_ASSIGN_OR_RETURN(created.rules, InsertRules(tenant_id, created.id, draft));
    return created;
  });
}

Result<TariffPlanDraft> SqlTariffPlanDraftRepository::Find(TenantId tenant_id, TariffPlanDraftId id) {
  OPENMSP_ASSIGN_OR_RETURN(std::vector<TariffPlanDraft> drafts, Load(tenant_id, id));
  if (drafts.empty()) return NoDraft();
  return std::move(drafts.front());
}

Result<std::vector<TariffPlanDraft>> SqlTariffPlanDraftRepository::List(TenantId tenant_id) {
  return Load(tenant_id, std::nullopt);
}

Result<TariffPlanDraft> SqlTariffPlanDraftRepository::Replace(TenantId tenant_id, TariffPlanDraftId id,
                                                              const NewTariffPlanDraft& draft) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewTariffPlanDraft(draft));
  const Instant now = clock_.Now();
  return InTransaction(connection_, [&]() -> Result<TariffPlanDraft> {
    const SqlParam params[] = {tenant_id.value,
                               id.value,
                               draft.name,
                               std::string(draft.currency.code()),
                               DecimalParam(draft.min_session_price),
                               DecimalParam(draft.max_session_price),
                               InstantParam(now)};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> updated,
        connection_.Query(
            "UPDATE tariff_plan_drafts SET name = $3, currency = $4, min_session_price = $5, "
            "max_session_price = $6, updated_at = $7 WHERE tenant_id = $1 AND id = $2 RETURNING " +
                InstantColumn(connection_.dialect(), "created_at"),
            params));
    if (updated.empty()) return NoDraft();
    OPENMSP_RETURN_IF_ERROR(CheckRuleReferences(connection_, tenant_id, draft.rules));
    OPENMSP_ASSIGN_OR_RETURN(Instant created_at, ParseRequiredInstant(updated.front()[0]));
    const SqlParam keys[] = {tenant_id.value, id.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "DELETE FROM tariff_plan_draft_rules WHERE tenant_id = $1 AND tariff_plan_draft_id = $2", keys));
    TariffPlanDraft replaced{.id = id,
                             .tenant_id = tenant_id,
                             .name = draft.name,
                             .currency = draft.currency,
                             .min_session_price = draft.min_session_price,
                             .max_session_price = draft.max_session_price,
                             .rules = {},
                             .created_at = created_at,
                             .updated_at = now};
    OPENMSP_ASSIGN_OR_RETURN(replaced.rules, InsertRules(tenant_id, id, draft));
    return replaced;
  });
}

Result<void> SqlTariffPlanDraftRepository::Delete(TenantId tenant_id, TariffPlanDraftId id) {
  return InTransaction(connection_, [&]() -> Result<void> {
    const SqlParam params[] = {tenant_id.value, id.value};
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "DELETE FROM tariff_plan_draft_rules WHERE tenant_id = $1 AND tariff_plan_draft_id = $2", params));
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> deleted,
        connection_.Query("DELETE FROM tariff_plan_drafts WHERE tenant_id = $1 AND id = $2 RETURNING id",
                          params));
    if (deleted.empty()) return NoDraft();
    return Ok();
  });
}

Result<std::vector<TariffPlanDraft>> SqlTariffPlanDraftRepository::Load(
    TenantId tenant_id, std::optional<TariffPlanDraftId> only) {
  const SqlDialect& dialect = connection_.dialect();
  std::vector<SqlParam> params = {tenant_id.value};
  if (only) params.emplace_back(only->value);
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT d.id, d.name, d.currency, d.min_session_price, d.max_session_price, " +
                            InstantColumn(dialect, "d.created_at") + ", " +
                            InstantColumn(dialect, "d.updated_at") +
                            " FROM tariff_plan_drafts d WHERE d.tenant_id = $1" +
                            (only ? " AND d.id = $2" : "") + " ORDER BY d.id",
                        params));
  std::vector<TariffPlanDraft> drafts;
  drafts.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    Result<Currency> currency = Currency::Find(TextOf(row[2]));
    if (!currency) return Corrupt("tariff plan draft " + std::to_string(id) + " has no currency");
    TariffPlanDraft draft{.id = TariffPlanDraftId{id},
                          .tenant_id = tenant_id,
                          .name = TextOf(row[1]),
                          .currency = *currency,
                          .min_session_price = std::nullopt,
                          .max_session_price = std::nullopt,
                          .rules = {},
                          .created_at = {},
                          .updated_at = {}};
    OPENMSP_ASSIGN_OR_RETURN(draft.min_session_price, ParseOptionalDecimal(row[3]));
    OPENMSP_ASSIGN_OR_RETURN(draft.max_session_price, ParseOptionalDecimal(row[4]));
    OPENMSP_ASSIGN_OR_RETURN(draft.created_at, ParseRequiredInstant(row[5]));
    OPENMSP_ASSIGN_OR_RETURN(draft.updated_at, ParseRequiredInstant(row[6]));
    drafts.push_back(std::move(draft));
  }
  if (drafts.empty()) return drafts;
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rule_rows,
                           connection_.Query("SELECT " + RuleColumns("tariff_plan_draft_id") +
                                                 " FROM tariff_plan_draft_rules r WHERE r.tenant_id = $1" +
                                                 (only ? " AND r.tariff_plan_draft_id = $2" : "") +
                                                 " ORDER BY r.tariff_plan_draft_id, r.id",
                                             params));
  std::map<std::int64_t, std::vector<TariffPlanRule>> rules;
  for (const SqlRow& row : rule_rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t draft_id, ParseInteger(row[1]));
    OPENMSP_ASSIGN_OR_RETURN(TariffPlanRule rule, RuleOf(row));
    rules[draft_id].push_back(std::move(rule));
  }
  for (TariffPlanDraft& draft : drafts) {
    if (auto found = rules.find(draft.id.value); found != rules.end()) draft.rules = std::move(found->second);
  }
  return drafts;
}

}  // namespace openmsp::store
