#include "rating/explanation.h"

#include <algorithm>
#include <string_view>

namespace openmsp::rating {

namespace {

using domain::MspCdrLine;
using domain::MspCdrLineKind;
using domain::NewMspCdr;
using domain::TariffCode;
using domain::TariffPlanRule;
using domain::TariffUnit;

std::string_view UnitText(TariffUnit unit) {
  switch (unit) {
    case TariffUnit::kKwh:
      return "kWh";
    case TariffUnit::kHour:
      return "h";
    case TariffUnit::kMinute:
      return "min";
    case TariffUnit::kSession:
      return "session";
    case TariffUnit::kCost:
      return "of cost";
  }
  return "";
}

constexpr std::string_view kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

template <class Id>
std::string Named(const std::map<Id, std::string>& names, Id id) {
  const auto found = names.find(id);
  if (found == names.end()) return "#" + std::to_string(id.value);
  return "\"" + found->second + "\" (#" + std::to_string(id.value) + ")";
}

const CompiledPlanVersion* FindVersion(const TenantBook& book,
                                       std::optional<domain::TariffPlanVersionId> id) {
  if (!id) return nullptr;
  for (const CompiledPlanVersion& version : book.plan_versions) {
    if (version.version().id == *id) return &version;
  }
  return nullptr;
}

void AppendRule(const TariffPlanRule& rule, const TenantBook& book, std::string& out) {
  out += "rule #" + std::to_string(rule.id.value) + " (";
  out += rule.location_group ? "location group " + Named(book.location_group_names, *rule.location_group)
                             : std::string("any place");
  out += ", ";
  out += rule.business_partner_group ? "business partner group " + Named(book.business_partner_group_names,
                                                                         *rule.business_partner_group)
                                     : std::string("any customer");
  const domain::TariffRuleRestrictions& r = rule.restrictions;
  if (r.time_of_day) {
    out += ", " + domain::FormatTimeOfDay(r.time_of_day->start) + "–" +
           domain::FormatTimeOfDay(r.time_of_day->end);
  }
  if (!r.weekdays.empty()) {
    out += ",";
    for (const domain::Weekday day : r.weekdays) {
      out += " ";
      out += kWeekdays[static_cast<int>(day) - 1];
    }
  }
  if (r.min_power_kw) out += ", from " + r.min_power_kw->ToString() + " kW";
  if (r.max_power_kw) out += ", up to " + r.max_power_kw->ToString() + " kW";
  if (r.valid_from_date) out += ", from " + FormatIsoDate(*r.valid_from_date);
  if (r.valid_until_date) out += ", until " + FormatIsoDate(*r.valid_until_date);
  out += ", priority " + std::to_string(rule.priority) + ")";
}

void AppendLine(std::size_t number, const MspCdrLine& line, const CompiledPlanVersion* plan,
                const TenantBook& book, std::string& out) {
  out += "Line " + std::to_string(number) + ": ";
  if (line.kind != MspCdrLineKind::kRule) {
    out += line.description + ": " + line.amount.ToString() + ".\n";
    return;
  }
  const TariffCode* code = nullptr;
  const TariffPlanRule* rule = nullptr;
  if (plan != nullptr) {
    const auto codes = plan->codes();
    const auto found = std::find_if(codes.begin(), codes.end(),
                                    [&](const TariffCode& c) { return c.id == line.tariff_code; });
    if (found != codes.end()) code = &*found;
    const auto& rules = plan->version().rules;
    const auto found_rule =
        std::find_if(rules.begin(), rules.end(), [&](const TariffPlanRule& r) { return r.id == line.rule; });
    if (found_rule != rules.end()) rule = &*found_rule;
  }
  const std::string unit(UnitText(line.unit));
  out += "\"" + line.description + "\"";
  if (code != nullptr) out += " (code " + code->code + ")";
  out += ": measured " + line.measured.ToString() + " " + unit;
  if (code != nullptr) {
    if (code->grace_period.count() > 0 && code->kind == domain::TariffCodeKind::kParkingTime) {
      out += ", first " + std::to_string(code->grace_period.count()) + " min grace";
    }
    if (!code->free_units.IsZero()) out += ", " + code->free_units.ToString() + " " + unit + " free";
    if (code->step_size != Decimal(1) || code->unit == TariffUnit::kKwh) {
      out += ", per started " + code->step_size.ToString() + " " + unit;
    }
  }
  out += ": " + line.quantity.ToString() + " " + unit + " × " + line.unit_price.ToString() + " = " +
         line.amount.ToString();
  if (rule != nullptr) {
    out += ", by ";
    AppendRule(*rule, book, out);
  } else if (line.rule) {
    out += ", by rule #" + std::to_string(line.rule->value);
  }
  out += ".\n";
}

}  // namespace

std::string Explain(const NewMspCdr& cdr, const TenantBook& book) {
  std::string out;
  const std::string currency(cdr.currency.code());
  if (cdr.attention) {
    out += "Needs attention (" + std::string(domain::AttentionReasonName(*cdr.attention)) +
           "): " + cdr.attention_detail + ".\n";
    return out;
  }
  const CompiledPlanVersion* plan = FindVersion(book, cdr.plan_version_id);
  if (cdr.credit_of) {
    out += "Credit: cancels MSP CDR #" + std::to_string(cdr.credit_of->value) +
           "; every line is that CDR's, negated.\n";
  }
  if (cdr.plan_version_id) {
    out += "Plan version #" + std::to_string(cdr.plan_version_id->value);
    if (plan != nullptr) out += ", in force from " + FormatOcpiDateTime(plan->version().valid_from);
    out += "; prices in " + currency + " excl. VAT.\n";
  }
  if (cdr.profile_id && cdr.organisation_unit_id) {
    out += "Customer: profile #" + std::to_string(cdr.profile_id->value) + " in unit #" +
           std::to_string(cdr.organisation_unit_id->value) + ", invoiced ";
    out += cdr.billing_unit_id ? "to unit #" + std::to_string(cdr.billing_unit_id->value)
                               : std::string("to the profile itself");
    out += "; business partner groups: ";
    if (cdr.business_partner_groups.empty()) out += "none";
    for (std::size_t i = 0; i < cdr.business_partner_groups.size(); ++i) {
      if (i > 0) out += ", ";
      out += Named(book.business_partner_group_names, cdr.business_partner_groups[i]);
    }
    out += ".\n";
  }
  if (cdr.location_group_id) {
    out += "Place: location group " + Named(book.location_group_names, *cdr.location_group_id) + ".\n";
  }
  for (std::size_t i = 0; i < cdr.lines.size(); ++i) AppendLine(i + 1, cdr.lines[i], plan, book, out);
  out += "Total " + cdr.total_excl_vat.ToString() + " " + currency + " excl. VAT + VAT " +
         cdr.vat_percent.ToString() + "%";
  if (cdr.vat_country) out += " (" + std::string(cdr.vat_country->alpha2) + ")";
  out += " " + cdr.vat_amount.ToString() + " = " + cdr.total_incl_vat.ToString() + " " + currency +
         " incl. VAT.\n";
  out += "CPO cost " + cdr.cpo_cost_excl_vat.ToString() + " " + std::string(cdr.cpo_currency.code()) +
         " excl. VAT";
  if (cdr.exchange_rate) {
    out += " × " + cdr.exchange_rate->ToString() + " = " + cdr.cpo_cost.ToString() + " " + currency;
  }
  out += "; margin " + cdr.margin.ToString() + " " + currency + ".\n";
  if (cdr.cost_audit) {
    out +=
        "Cost audit: the CPO's tariff gives " + cdr.cost_audit->recomputed_cost_excl_vat.ToString() +
        ", the CDR states " + cdr.cpo_cost_excl_vat.ToString() + ", difference " +
        cdr.cost_audit->difference.ToString() +
        (cdr.cost_audit->discrepancy ? " (above the tolerance: flagged).\n" : " (within the tolerance).\n");
  }
  return out;
}

}  // namespace openmsp::rating
