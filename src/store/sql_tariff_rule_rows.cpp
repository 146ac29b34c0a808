#include "store/sql_tariff_rule_rows.h"

#include <chrono>
#include <set>
#include <string>
#include <utility>

#include "store/sql_support.h"

namespace openmsp::store {
namespace {

using domain::BusinessPartnerGroupId;
using domain::LocationGroupId;
using domain::NewTariffPlanRule;
using domain::TariffPlanRule;
using domain::TariffRuleRestrictions;
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

Result<std::set<std::int64_t>> IdsOf(SqlConnection& connection, std::string_view table,
                                     domain::TenantId tenant_id) {
  const SqlParam params[] = {tenant_id.value};
  OPENMSP_ASSIGN_OR_RETURN(
      std::vector<SqlRow> rows,
      connection.Query("SELECT id FROM " + std::string(table) + " WHERE tenant_id = $1", params));
  std::set<std::int64_t> ids;
  for (const SqlRow& row : rows) {
    OPENMSP_ASSIGN_OR_RETURN(std::int64_t id, ParseInteger(row[0]));
    ids.insert(id);
  }
  return ids;
}

}  // namespace

std::string RuleColumns(std::string_view parent) {
  return "r.id, r." + std::string(parent) +
         ", r.location_group_id, r.business_partner_group_id, r.tariff_code_id, r.unit_price, r.priority, "
         "r.start_minute, r.end_minute, r.weekdays, r.min_power_kw, r.max_power_kw, r.valid_from_date, "
         "r.valid_until_date";
}

std::vector<SqlParam> RuleParams(const NewTariffPlanRule& rule) {
  const TariffRuleRestrictions& restrictions = rule.restrictions;
  const std::optional<domain::TimeOfDayWindow>& window = restrictions.time_of_day;
  return {IdParam(rule.location_group),
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
}

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

TariffPlanRule StoredRule(domain::TariffPlanRuleId id, const NewTariffPlanRule& rule) {
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

Result<void> CheckRuleReferences(SqlConnection& connection, domain::TenantId tenant_id,
                                 std::span<const NewTariffPlanRule> rules) {
  OPENMSP_ASSIGN_OR_RETURN(std::set<std::int64_t> codes, IdsOf(connection, "tariff_codes", tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(std::set<std::int64_t> places, IdsOf(connection, "location_groups", tenant_id));
  OPENMSP_ASSIGN_OR_RETURN(std::set<std::int64_t> partners,
                           IdsOf(connection, "business_partner_groups", tenant_id));
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const NewTariffPlanRule& rule = rules[i];
    const std::string prefix = "rules[" + std::to_string(i) + "].";
    if (rule.location_group && !places.contains(rule.location_group->value)) {
      return NotFound(prefix + "location_group", "no such location group");
    }
    if (rule.business_partner_group && !partners.contains(rule.business_partner_group->value)) {
      return NotFound(prefix + "business_partner_group", "no such business partner group");
    }
    if (!codes.contains(rule.tariff_code.value))
      return NotFound(prefix + "tariff_code", "no such tariff code");
  }
  return Ok();
}

}  // namespace openmsp::store
