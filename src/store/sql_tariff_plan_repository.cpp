#include "store/sql_tariff_plan_repository.h"

#include <chrono>
#include <set>
#include <string>
#include <utility>

#include "store/sql_support.h"
#include "store/sql_tariff_rule_rows.h"

namespace openmsp::store {
namespace {

using domain::NewTariffPlan;
using domain::NewTariffPlanRule;
using domain::NewTariffPlanVersion;
using domain::TariffPlan;
using domain::TariffPlanRule;
using domain::TariffPlanRuleId;
using domain::TariffPlanVersion;
using domain::TariffPlanVersionId;
using domain::TenantId;

Error NoPlan() { return NotFound("tariff_plan", "the tenant has no tariff plan"); }

Result<void> LockTenant(SqlConnection& connection, TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection.Query(connection.dialect().lock_tenant, params));
  if (rows.empty()) return NoPlan();
  return Ok();
}

}  // namespace

SqlTariffPlanRepository::SqlTariffPlanRepository(SqlConnection& connection, const Clock& clock)
    : connection_(connection), clock_(clock) {}

Result<TariffPlan> SqlTariffPlanRepository::Create(TenantId tenant_id, const NewTariffPlan& plan) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewTariffPlan(plan));
  TariffPlan created{.id = {}, .tenant_id = tenant_id, .name = plan.name, .created_at = clock_.Now()};
  const SqlParam params[] = {tenant_id.value, plan.name, InstantParam(created.created_at)};
  Result<std::vector<SqlRow>> inserted = connection_.Query(
      "INSERT INTO tariff_plans (tenant_id, name, created_at) VALUES ($1, $2, $3) RETURNING id", params);
  if (!inserted) {
    if (inserted.error().code == ErrorCode::kAlreadyExists) {
      return Error{ErrorCode::kAlreadyExists, "tenant_id",
                   "the tenant has a tariff plan already (one per tenant; prices change by new versions)"};
    }
    if (inserted.error().code == ErrorCode::kNotFound) return NotFound("tenant_id", "no such tenant");
    return std::move(inserted).error();
  }
  if (inserted->size() != 1) return Corrupt("INSERT … RETURNING gave no id");
  OPENMSP_ASSIGN_OR_RETURN(created.id.value, ParseInteger(inserted->front()[0]));
  return created;
}

Result<TariffPlan> SqlTariffPlanRepository::Find(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT id, name, " + InstantColumn(connection_.dialect(), "created_at") +
                            " FROM tariff_plans WHERE tenant_id = $1",
                        params));
  if (rows.empty()) return NoPlan();
  TariffPlan plan{.id = {}, .tenant_id = tenant_id, .name = TextOf(rows.front()[1]), .created_at = {}};
  OPENMSP_ASSIGN_OR_RETURN(plan.id.value, ParseInteger(rows.front()[0]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> created_at, ParseOptionalInstant(rows.front()[2]));
  if (!created_at) return Corrupt("tariff plan " + std::to_string(plan.id.value) + " has no created_at");
  plan.created_at = *created_at;
  return plan;
}

Result<void> SqlTariffPlanRepository::CheckReferences(TenantId tenant_id, const NewTariffPlanVersion& version) {
  return CheckRuleReferences(connection_, tenant_id, version.rules);
}

Result<TariffPlanVersion> SqlTariffPlanRepository::AddVersion(TenantId tenant_id,
                                                              const NewTariffPlanVersion& version) {
  OPENMSP_RETURN_IF_ERROR(domain::ValidateNewTariffPlanVersion(version));
  const Instant now = clock_.Now();
  return InTransaction(connection_, [&]() -> Result<TariffPlanVersion> {
    OPENMSP_RETURN_IF_ERROR(LockTenant(connection_, tenant_id));
    OPENMSP_ASSIGN_OR_RETURN(TariffPlan plan, Find(tenant_id));
    const SqlParam tenant[] = {tenant_id.value};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> latest_rows,
        connection_.Query("SELECT " + InstantColumn(connection_.dialect(), "max(valid_from)") +
                              " FROM tariff_plan_versions WHERE tenant_id = $1",
                          tenant));
    std::optional<Instant> latest;
    if (!latest_rows.empty()) {
      OPENMSP_ASSIGN_OR_RETURN(latest, ParseOptionalInstant(latest_rows.front()[0]));
    }
    OPENMSP_RETURN_IF_ERROR(domain::CheckNewVersionStart(latest, version.valid_from, now));
    OPENMSP_RETURN_IF_ERROR(CheckReferences(tenant_id, version));

    TariffPlanVersion stored{.id = {},
                             .plan_id = plan.id,
                             .tenant_id = tenant_id,
                             .valid_from = version.valid_from,
                             .valid_until = std::nullopt,
                             .currency = version.currency,
                             .min_session_price = version.min_session_price,
                             .max_session_price = version.max_session_price,
                             .rules = {},
                             .created_at = now};
    const SqlParam params[] = {tenant_id.value,
                               plan.id.value,
                               InstantParam(version.valid_from),
                               std::string(version.currency.code()),
                               DecimalParam(version.min_session_price),
                               DecimalParam(version.max_session_price),
                               InstantParam(now)};
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> inserted,
        connection_.Query("INSERT INTO tariff_plan_versions (tenant_id, tariff_plan_id, valid_from, currency, "
                          "min_session_price, max_session_price, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                          "RETURNING id",
                          params));
    if (inserted.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
    OPENMSP_ASSIGN_OR_RETURN(stored.id.value, ParseInteger(inserted.front()[0]));

    stored.rules.reserve(version.rules.size());
    for (const NewTariffPlanRule& rule : version.rules) {
      std::vector<SqlParam> rule_params = {tenant_id.value, stored.id.value};
      for (SqlParam& param : RuleParams(rule)) rule_params.push_back(std::move(param));
      OPENMSP_ASSIGN_OR_RETURN(
          std::vector<SqlRow> rule_row,
          connection_.Query("INSERT INTO tariff_plan_rules (tenant_id, tariff_plan_version_id, " +
                                std::string(kRuleValueColumns) +
                                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                            rule_params));
      if (rule_row.size() != 1) return Corrupt("INSERT … RETURNING gave no id");
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t rule_id, ParseInteger(rule_row.front()[0]));
      stored.rules.push_back(StoredRule(TariffPlanRuleId{rule_id}, rule));
    }
    return stored;
  });
}

Result<TariffPlanVersion> SqlTariffPlanRepository::FindInForce(TenantId tenant_id, Instant at) {
  if (at < kMinInstant || kMaxInstant < at) return InvalidArgument("at", "must be within the years 0001 to 9999");
  const SqlParam params[] = {tenant_id.value, InstantParam(at)};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<TariffPlanVersion> versions,
                           LoadVersions(tenant_id, "v.valid_from <= $2", "v.valid_from DESC LIMIT 1", params));
  if (versions.empty()) {
    return NotFound("valid_from", "no version of the tenant's tariff plan is in force at " + FormatOcpiDateTime(at));
  }
  return std::move(versions.front());
}

Result<TariffPlanVersion> SqlTariffPlanRepository::FindVersion(TenantId tenant_id, TariffPlanVersionId id) {
  const SqlParam params[] = {tenant_id.value, id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<TariffPlanVersion> versions,
                           LoadVersions(tenant_id, "v.id = $2", "v.valid_from", params));
  if (versions.empty()) return NotFound("id", "no such tariff plan version");
  return std::move(versions.front());
}

Result<std::vector<TariffPlanVersion>> SqlTariffPlanRepository::ListVersions(TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  return LoadVersions(tenant_id, "TRUE", "v.valid_from", params);
}

Result<void> SqlTariffPlanRepository::WithdrawScheduledVersion(TenantId tenant_id, TariffPlanVersionId id) {
  const Instant now = clock_.Now();
  return InTransaction(connection_, [&]() -> Result<void> {
    const SqlParam params[] = {tenant_id.value, id.value};
    if (Result<void> locked = LockTenant(connection_, tenant_id); !locked) {
      return NotFound("id", "no such tariff plan version");
    }
    OPENMSP_ASSIGN_OR_RETURN(
        std::vector<SqlRow> rows,
        connection_.Query("SELECT " + InstantColumn(connection_.dialect(), "valid_from") +
                              " FROM tariff_plan_versions WHERE tenant_id = $1 AND id = $2",
                          params));
    if (rows.empty()) return NotFound("id", "no such tariff plan version");
    OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> valid_from, ParseOptionalInstant(rows.front()[0]));
    if (!valid_from) return Corrupt("tariff plan version " + std::to_string(id.value) + " has no valid_from");
    OPENMSP_RETURN_IF_ERROR(domain::CheckScheduledVersion(*valid_from, now));
    OPENMSP_RETURN_IF_ERROR(connection_.Query(
        "DELETE FROM tariff_plan_rules WHERE tenant_id = $1 AND tariff_plan_version_id = $2", params));
    OPENMSP_RETURN_IF_ERROR(
        connection_.Query("DELETE FROM tariff_plan_versions WHERE tenant_id = $1 AND id = $2", params));
    return Ok();
  });
}

Result<std::vector<TariffPlanVersion>> SqlTariffPlanRepository::LoadVersions(TenantId tenant_id,
                                                                             std::string_view where,
                                                                             std::string_view order,
                                                                             std::span<const SqlParam> params) {
  const SqlDialect& dialect = connection_.dialect();
  // valid_until: the next version's valid_from, from the (tenant_id, valid_from) index.
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query(
          "SELECT v.id, v.tariff_plan_id, " + InstantColumn(dialect, "v.valid_from") + ", " +
              InstantColumn(dialect,
                            "(SELECT min(n.valid_from) FROM tariff_plan_versions n WHERE n.tenant_id = v.tenant_id "
                            "AND n.valid_from > v.valid_from)") +
              ", v.currency, v.min_session_price, v.max_session_price, " + InstantColumn(dialect, "v.created_at") +
              " FROM tariff_plan_versions v WHERE v.tenant_id = $1 AND " + std::string(where) + " ORDER BY " +
              std::string(order),
          params));
  std::vector<TariffPlanVersion> versions;
  versions.reserve(rows.size());
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t plan_id, ParseInteger(row[1]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> valid_from, ParseOptionalInstant(row[2]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> valid_until, ParseOptionalInstant(row[3]));
    Result<Currency> currency = Currency::Find(TextOf(row[4]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<Decimal> min_price, ParseOptionalDecimal(row[5]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<Decimal> max_price, ParseOptionalDecimal(row[6]));
    OPENMSP_ASSIGN_OR_RETURN(std::optional<Instant> created_at, ParseOptionalInstant(row[7]));
    if (!valid_from || !created_at || !currency) {
      return Corrupt("tariff plan version " + std::to_string(id) + " does not read back");
    }
    versions.push_back(TariffPlanVersion{.id = TariffPlanVersionId{id},
                                         .plan_id = domain::TariffPlanId{plan_id},
                                         .tenant_id = tenant_id,
                                         .valid_from = *valid_from,
                                         .valid_until = valid_until,
                                         .currency = *currency,
                                         .min_session_price = min_price,
                                         .max_session_price = max_price,
                                         .rules = {},
                                         .created_at = *created_at});
  }
  if (versions.empty()) return versions;
  std::optional<TariffPlanVersionId> only;
  if (versions.size() == 1) only = versions.front().id;
  OPENMSP_ASSIGN_OR_RETURN(auto rules, LoadRules(tenant_id, only));
  for (TariffPlanVersion& version : versions) {
    if (auto found = rules.find(version.id.value); found != rules.end()) version.rules = std::move(found->second);
  }
  return versions;
}

Result<std::map<std::int64_t, std::vector<TariffPlanRule>>> SqlTariffPlanRepository::LoadRules(
    TenantId tenant_id, std::optional<TariffPlanVersionId> only) {
  std::vector<SqlParam> params = {tenant_id.value};
  if (only) params.emplace_back(only->value);
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection_.Query("SELECT " + RuleColumns("tariff_plan_version_id") + " FROM tariff_plan_rules r WHERE r.tenant_id = $1" +
                            (only ? " AND r.tariff_plan_version_id = $2" : "") +
                            " ORDER BY r.tariff_plan_version_id, r.id",
                        params));
  std::map<std::int64_t, std::vector<TariffPlanRule>> rules;
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t version_id, ParseInteger(row[1]));
    OPENMSP_ASSIGN_OR_RETURN(TariffPlanRule rule, RuleOf(row));
    rules[version_id].push_back(std::move(rule));
  }
  return rules;
}

}  // namespace openmsp::store
