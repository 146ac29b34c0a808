#include "store/sql_tariff_plan_repository.h"

#include <chrono>
#include <set>
#include <string>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::BusinessPartnerGroupId;
using domain::LocationGroupId;
using domain::NewTariffPlan;
using domain::NewTariffPlanRule;
using domain::NewTariffPlanVersion;
using domain::TariffCodeId;
using domain::TariffPlan;
using domain::TariffPlanRule;
using domain::TariffPlanRuleId;
using domain::TariffPlanVersion;
using domain::TariffPlanVersionId;
using domain::TariffRuleRestrictions;
using domain::TenantId;
using domain::Weekday;

Result<std::optional<LocalDate>> StoredDate(const std::optional<std::string>& text) {
  if (!text) return std::optional<LocalDate>();
  Result<LocalDate> date = ParseIsoDate(*text);
  if (!date) return Corrupt("expected a date, found '" + *text + "'");
  return std::optional<LocalDate>(*date);
}

SqlParam DateParam(const std::optional<LocalDate>& date) {
  return date ? SqlParam(FormatIsoDate(*date)) : SqlParam(nullptr);
}

template <class Id>
SqlParam IdParam(const std::optional<Id>& id) {
  return id ? SqlParam(id->value) : SqlParam(nullptr);
}

template <class Id>
Result<std::optional<Id>> StoredId(const std::optional<std::string>& text) {
  if (!text) return std::optional<Id>();
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t value, ParseInteger(text));
  return std::optional<Id>(Id{value});
}

// Weekdays as a bit set, bit 0 = Monday: 0 is every day.
std::int64_t WeekdayMask(const std::vector<Weekday>& weekdays) {
  std::int64_t mask = 0;
  for (Weekday day : weekdays) mask |= std::int64_t{1} << (static_cast<int>(day) - 1);
  return mask;
}

// The weekdays of `mask`, Monday first: how they are stored, and so how they read back.
std::vector<Weekday> WeekdaysOf(std::int64_t mask) {
  std::vector<Weekday> weekdays;
  for (int day = 1; day <= 7; ++day) {
    if ((mask & (std::int64_t{1} << (day - 1))) != 0) weekdays.push_back(static_cast<Weekday>(day));
  }
  return weekdays;
}

Error NoPlan() { return NotFound("tariff_plan", "the tenant has no tariff plan"); }

Result<void> LockTenant(SqlConnection& connection, TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, connection.Query(connection.dialect().lock_tenant, params));
  if (rows.empty()) return NoPlan();
  return Ok();
}

Result<std::set<std::int64_t>> IdsOf(SqlConnection& connection, std::string_view table, TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                           connection.Query("SELECT id FROM " + std::string(table) + " WHERE tenant_id = $1", params));
  std::set<std::int64_t> ids;
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    ids.insert(id);
  }
  return ids;
}

constexpr std::string_view kRuleColumns =
    "r.id, r.tariff_plan_version_id, r.location_group_id, r.business_partner_group_id, r.tariff_code_id, "
    "r.unit_price, r.priority, r.start_minute, r.end_minute, r.weekdays, r.min_power_kw, r.max_power_kw, "
    "r.valid_from_date, r.valid_until_date";

Result<TariffPlanRule> RuleOf(const SqlRow& row) {
  TariffPlanRule rule;
  OPENMSP_ASSIGN_OR_RETURN(rule.id.value, ParseInteger(row[0]));
  OPENMSP_ASSIGN_OR_RETURN(rule.location_group, StoredId<LocationGroupId>(row[2]));
  OPENMSP_ASSIGN_OR_RETURN(rule.business_partner_group, StoredId<BusinessPartnerGroupId>(row[3]));
  OPENMSP_ASSIGN_OR_RETURN(rule.tariff_code.value, ParseInteger(row[4]));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<Decimal> price, ParseOptionalDecimal(row[5]));
  if (!price) return Corrupt("tariff plan rule " + std::to_string(rule.id.value) + " has no unit_price");
  rule.unit_price = *price;
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t priority, ParseInteger(row[6]));
  rule.priority = static_cast<std::int32_t>(priority);
  if (row[7] && row[8]) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t start, ParseInteger(row[7]));
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t end, ParseInteger(row[8]));
    rule.restrictions.time_of_day =
        domain::TimeOfDayWindow{.start = std::chrono::minutes(start), .end = std::chrono::minutes(end)};
  }
  OPENMSP_ASSIGN_OR_RETURN(std::int64_t weekdays, ParseInteger(row[9]));
  rule.restrictions.weekdays = WeekdaysOf(weekdays);
  OPENMSP_ASSIGN_OR_RETURN(rule.restrictions.min_power_kw, ParseOptionalDecimal(row[10]));
  OPENMSP_ASSIGN_OR_RETURN(rule.restrictions.max_power_kw, ParseOptionalDecimal(row[11]));
  OPENMSP_ASSIGN_OR_RETURN(rule.restrictions.valid_from_date, StoredDate(row[12]));
  OPENMSP_ASSIGN_OR_RETURN(rule.restrictions.valid_until_date, StoredDate(row[13]));
  return rule;
}

// The rule as it reads back: `rule` with its id and its weekdays in stored order.
TariffPlanRule StoredRule(TariffPlanRuleId id, const NewTariffPlanRule& rule) {
  TariffRuleRestrictions restrictions = rule.restrictions;
  restrictions.weekdays = WeekdaysOf(WeekdayMask(restrictions.weekdays));
  return TariffPlanRule{.id = id,
                        .location_group = rule.location_group,
                        .business_partner_group = rule.business_partner_group,
                        .tariff_code = rule.tariff_code,
                        .unit_price = rule.unit_price,
                        .priority = rule.priority,
                        .restrictions = std::move(restrictions)};
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
  OPENMSP_ASSIGN_OR_RETURN(std::set<std::int64_t> codes, IdsOf(connection_, "tariff_codes", tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(std::set<std::int64_t> places, IdsOf(connection_, "location_groups", tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(std::set<std::int64_t> partners,
                           IdsOf(connection_, "business_partner_groups", tenant_id));
  for (std::size_t i = 0; i < version.rules.size(); ++i) {
    const NewTariffPlanRule& rule = version.rules[i];
    const std::string prefix = "rules[" + std::to_string(i) + "].";
    if (rule.location_group && !places.contains(rule.location_group->value)) {
      return NotFound(prefix + "location_group", "no such location group");
    }
    if (rule.business_partner_group && !partners.contains(rule.business_partner_group->value)) {
      return NotFound(prefix + "business_partner_group", "no such business partner group");
    }
    if (!codes.contains(rule.tariff_code.value)) return NotFound(prefix + "tariff_code", "no such tariff code");
  }
  return Ok();
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
      const TariffRuleRestrictions& restrictions = rule.restrictions;
      const std::optional<domain::TimeOfDayWindow>& window = restrictions.time_of_day;
      const SqlParam rule_params[] = {
          tenant_id.value,
          stored.id.value,
          IdParam(rule.location_group),
          IdParam(rule.business_partner_group),
          rule.tariff_code.value,
          rule.unit_price.ToString(),
          std::int64_t{rule.priority},
          window ? SqlParam(static_cast<std::int64_t>(window->start.count())) : SqlParam(nullptr),
          window ? SqlParam(static_cast<std::int64_t>(window->end.count())) : SqlParam(nullptr),
          WeekdayMask(restrictions.weekdays),
          DecimalParam(restrictions.min_power_kw),
          DecimalParam(restrictions.max_power_kw),
          DateParam(restrictions.valid_from_date),
          DateParam(restrictions.valid_until_date)};
      OPENMSP_ASSIGN_OR_RETURN(
          std::vector<SqlRow> rule_row,
          connection_.Query("INSERT INTO tariff_plan_rules (tenant_id, tariff_plan_version_id, location_group_id, "
                            "business_partner_group_id, tariff_code_id, unit_price, priority, start_minute, "
                            "end_minute, weekdays, min_power_kw, max_power_kw, valid_from_date, valid_until_date) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
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
      connection_.Query("SELECT " + std::string(kRuleColumns) + " FROM tariff_plan_rules r WHERE r.tenant_id = $1" +
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
