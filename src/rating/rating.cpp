#include "rating/rating.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "pricing/pricing.h"
#include "pricing/session_periods.h"
#include "rating/explanation.h"
#include "rating/plausibility.h"
#include "rating/session_measures.h"

namespace openmsp::rating {

namespace {

using domain::AttentionReason;
using domain::MspCdrLine;
using domain::NewMspCdr;
using domain::TariffCode;
using domain::TariffCodeKind;
using domain::TariffPlanRule;

// Energy cut out of a period by a time window is kept to 1 Wh… in kWh with 6 decimals (1 mWh).
constexpr int kEnergyScale = 6;
// A time shown in its unit (hours, minutes) keeps 6 decimals.
constexpr int kMeasuredTimeScale = 6;

Decimal Round(const Decimal& amount, const Currency& currency) {
  return amount.Rounded(currency.minor_units(), RoundingMode::kHalfUp);
}

LocalDate DateOf(const LocalDateTime& local) { return LocalDate{local.year, local.month, local.day}; }

// The measures of a session as functions of time: how much energy, charging and parking the session
// had from its start until an instant. Within a period they grow evenly (energy spread over its
// duration, domain.md §3 step 4), so that a window cutting a period takes its share; every value at a
// period boundary is exact, and the parts of a session always add up to the whole (they telescope).
class SessionMeasures {
 public:
  SessionMeasures(const pricing::SessionPeriods& periods, Instant start, Instant end)
      : periods_(periods), start_(start), end_(end) {}

  // In the code's base quantity (kWh or milliseconds) from the start until `at`.
  Decimal At(TariffCodeKind kind, Instant at) const {
    if (kind == TariffCodeKind::kSessionTime) return Decimal((std::min(at, end_) - start_).count());
    Decimal sum;
    for (const pricing::SessionPeriod& period : periods_) {
      const Decimal whole = Whole(kind, period);
      const std::int64_t length = (period.end - period.start).count();
      if (at >= end_ || (length > 0 ? at >= period.end : at > period.start)) {
        sum += whole;
      } else if (at > period.start) {
        const Decimal elapsed((at - period.start).count());
        const int scale = kind == TariffCodeKind::kEnergy ? kEnergyScale : 0;
        sum += (whole * elapsed).Divide(Decimal(length), scale, RoundingMode::kHalfUp).value();
      }
    }
    return sum;
  }

 private:
  static Decimal Whole(TariffCodeKind kind, const pricing::SessionPeriod& period) {
    switch (kind) {
      case TariffCodeKind::kEnergy:
        return period.energy;
      case TariffCodeKind::kParkingTime:
        return period.parking_time;
      case TariffCodeKind::kChargingTime:
        return ChargingMilliseconds(period);
      default:
        return Decimal(0);
    }
  }

  const pricing::SessionPeriods& periods_;
  Instant start_;
  Instant end_;
};

bool HasTimeRestriction(const TariffPlanRule& rule) {
  const domain::TariffRuleRestrictions& r = rule.restrictions;
  return r.time_of_day || !r.weekdays.empty() || r.valid_from_date || r.valid_until_date;
}

bool PowerHolds(const TariffPlanRule& rule, const std::optional<Decimal>& max_power_kw) {
  const domain::TariffRuleRestrictions& r = rule.restrictions;
  if (!r.min_power_kw && !r.max_power_kw) return true;
  if (!max_power_kw) return false;
  if (r.min_power_kw && *max_power_kw < *r.min_power_kw) return false;
  if (r.max_power_kw && *r.max_power_kw < *max_power_kw) return false;
  return true;
}

bool TimeHolds(const TariffPlanRule& rule, const LocalDateTime& local) {
  const domain::TariffRuleRestrictions& r = rule.restrictions;
  if (r.time_of_day &&
      !domain::InWindow(*r.time_of_day, std::chrono::minutes(local.hour * 60 + local.minute))) {
    return false;
  }
  if (!r.weekdays.empty() && std::find(r.weekdays.begin(), r.weekdays.end(),
                                       static_cast<domain::Weekday>(local.weekday)) == r.weekdays.end()) {
    return false;
  }
  const LocalDate date = DateOf(local);
  if (r.valid_from_date && date < *r.valid_from_date) return false;
  if (r.valid_until_date && !(date < *r.valid_until_date)) return false;
  return true;
}

// The first instant after `after` at which `rule`'s time restrictions may change whether they hold.
Instant NextBoundary(const TariffPlanRule& rule, Instant after, const TimeZone& zone) {
  const domain::TariffRuleRestrictions& r = rule.restrictions;
  Instant next = kMaxInstant;
  if (r.time_of_day) {
    next = std::min({next, zone.NextTimeOfDay(after, r.time_of_day->start),
                     zone.NextTimeOfDay(after, r.time_of_day->end)});
  }
  if (!r.weekdays.empty() || r.valid_from_date || r.valid_until_date) {
    next = std::min(next, zone.NextTimeOfDay(after, std::chrono::minutes(0)));
  }
  return next;
}

// A stretch of the session in which one rule (or none) prices a code.
struct Slice {
  Instant start;
  Instant end;
  const TariffPlanRule* rule = nullptr;
};

// The session cut where the winner among `candidates` (precedence order, each applying to the place
// and customer) changes, in the location's local time.
void SliceSession(std::span<const TariffPlanRule* const> candidates, Instant start, Instant end,
                  const TimeZone& zone, std::vector<Slice>& slices) {
  slices.clear();
  if (!HasTimeRestriction(*candidates.front())) {
    slices.push_back(Slice{start, end, candidates.front()});
    return;
  }
  Instant at = start;
  do {
    Instant next = end;
    for (const TariffPlanRule* rule : candidates) {
      if (HasTimeRestriction(*rule)) next = std::min(next, NextBoundary(*rule, at, zone));
    }
    const LocalDateTime local = zone.ToLocal(at);
    const TariffPlanRule* winner = nullptr;
    for (const TariffPlanRule* rule : candidates) {
      if (TimeHolds(*rule, local)) {
        winner = rule;
        break;
      }
    }
    if (!slices.empty() && slices.back().rule == winner) {
      slices.back().end = next;
    } else {
      slices.push_back(Slice{at, next, winner});
    }
    at = next;
  } while (at < end);
}

// One line in the making: a rule's share of a code.
struct LineTotal {
  const TariffPlanRule* rule = nullptr;
  Decimal measured;
  Decimal billable;
};

// Reusable scratch space, one per thread, so that rating allocates next to nothing.
struct Scratch {
  pricing::SessionPeriods periods;
  std::vector<pricing::PricingWarning> warnings;
  std::vector<const TariffPlanRule*> candidates;
  std::vector<Slice> slices;
  std::vector<LineTotal> line_totals;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

Decimal MeasuredInUnit(const TariffCode& code, const Decimal& base) {
  const Decimal per_unit = domain::BasePerUnit(code.unit);
  if (per_unit == Decimal(1)) return base;
  return base.Divide(per_unit, kMeasuredTimeScale, RoundingMode::kHalfUp).value();
}

bool InAnyGroup(const TariffPlanRule& rule, std::span<const domain::BusinessPartnerGroupId> groups) {
  return !rule.business_partner_group ||
         std::binary_search(groups.begin(), groups.end(), *rule.business_partner_group);
}

// Appends the lines of one code to `cdr`.
void AddLines(const CompiledPlanVersion& plan, const CompiledPlanVersion::CodeRules& code_rules,
              const Customer& customer, const Place& place, const SessionMeasures& measures, Instant start,
              Instant end, const Decimal& cpo_cost, Scratch& scratch, NewMspCdr& cdr) {
  const TariffCode& code = plan.codes()[code_rules.code];
  const std::span<const TariffPlanRule> rules = plan.version().rules;
  scratch.candidates.clear();
  for (const std::uint32_t index : code_rules.rules) {
    const TariffPlanRule& rule = rules[index];
    if (!InAnyGroup(rule, customer.business_partner_groups) || !PowerHolds(rule, place.max_power_kw))
      continue;
    scratch.candidates.push_back(&rule);
    if (!HasTimeRestriction(rule)) break;  // no rule after it can win
  }
  if (scratch.candidates.empty()) return;
  SliceSession(scratch.candidates, start, end, *place.time_zone, scratch.slices);

  scratch.line_totals.clear();
  const auto total_of = [&](const TariffPlanRule* rule) -> LineTotal& {
    for (LineTotal& total : scratch.line_totals) {
      if (total.rule == rule) return total;
    }
    return scratch.line_totals.emplace_back(LineTotal{rule, Decimal(0), Decimal(0)});
  };
  const bool per_session = code.kind == TariffCodeKind::kSessionFee || code.kind == TariffCodeKind::kCpoCost;
  Decimal allowance = domain::Allowance(code);
  for (const Slice& slice : scratch.slices) {
    if (slice.rule == nullptr) continue;
    Decimal measured;
    if (per_session) {
      // A session's fee and the CPO's cost belong to the rule in force when the session is first priced.
      measured = code.kind == TariffCodeKind::kSessionFee ? Decimal(1) : cpo_cost;
    } else {
      measured = measures.At(code.kind, slice.end) - measures.At(code.kind, slice.start);
    }
    const Decimal taken = std::min(allowance, std::max(measured, Decimal(0)));
    allowance -= taken;
    LineTotal& total = total_of(slice.rule);
    total.measured += measured;
    total.billable += measured - taken;
    if (per_session) break;
  }
  for (const LineTotal& total : scratch.line_totals) {
    MspCdrLine line{.kind = domain::MspCdrLineKind::kRule,
                    .tariff_code = code.id,
                    .rule = total.rule->id,
                    .unit = code.unit,
                    .measured = MeasuredInUnit(code, total.measured),
                    .quantity = domain::BilledQuantity(code, total.billable),
                    .unit_price = total.rule->unit_price,
                    .amount = Decimal(0),
                    .description = code.description};
    line.amount = Round(line.quantity * line.unit_price, cdr.currency);
    cdr.lines.push_back(std::move(line));
  }
}

// `cdr` held for `reason`: what was found stays, every MSP amount is 0 (never a price), the CPO's stated
// cost stays.
NewMspCdr NeedsAttention(NewMspCdr cdr, AttentionReason reason, std::string detail) {
  cdr.attention = reason;
  cdr.attention_detail = std::move(detail);
  cdr.currency = cdr.cpo_currency;
  cdr.lines.clear();
  cdr.total_excl_vat = cdr.vat_percent = cdr.vat_amount = cdr.total_incl_vat = Decimal(0);
  cdr.exchange_rate.reset();
  cdr.cpo_cost = cdr.margin = Decimal(0);
  cdr.cost_audit.reset();
  return cdr;
}

// The fields every MSP CDR has, rated or not.
NewMspCdr Skeleton(const RatingRequest& request, const TenantBook& book) {
  const pricing::Cdr& cdr = *request.cdr;
  NewMspCdr out{.tenant_id = book.tenant_id,
                .cpo_cdr_id = request.cpo_cdr_id,
                .cpo = request.cpo,
                .session_start = cdr.start_date_time,
                .session_end = cdr.end_date_time,
                .location_group_id = request.place.location_group,
                .currency = cdr.currency,
                .vat_country = request.place.country,
                .cpo_currency = cdr.currency};
  if (request.customer) {
    out.token_id = request.customer->token;
    out.profile_id = request.customer->profile;
    out.organisation_unit_id = request.customer->organisation_unit;
    out.billing_unit_id = request.customer->billing_unit;
    out.business_partner_groups = request.customer->business_partner_groups;
  }
  if (cdr.stated.total_cost) out.cpo_cost_excl_vat = cdr.stated.total_cost->excl_vat;
  return out;
}

// A credit CDR cancels the MSP CDR of the CDR it credits: the same lines, totals and CPO cost, negated
// (how the CPO states its credit, positive or negative, varies; settlement reads the CPO CDRs themselves).
NewMspCdr Credit(NewMspCdr out, const domain::MspCdr& credited) {
  const NewMspCdr& original = credited.rating;
  out.credit_of = credited.id;
  out.token_id = original.token_id;
  out.profile_id = original.profile_id;
  out.organisation_unit_id = original.organisation_unit_id;
  out.billing_unit_id = original.billing_unit_id;
  out.business_partner_groups = original.business_partner_groups;
  out.location_group_id = original.location_group_id;
  out.plan_version_id = original.plan_version_id;
  out.currency = original.currency;
  out.lines = original.lines;
  for (MspCdrLine& line : out.lines) {
    line.measured = -line.measured;
    line.quantity = -line.quantity;
    line.amount = -line.amount;
  }
  out.total_excl_vat = -original.total_excl_vat;
  out.vat_percent = original.vat_percent;
  out.vat_country = original.vat_country;
  out.vat_amount = -original.vat_amount;
  out.total_incl_vat = -original.total_incl_vat;
  out.cpo_currency = original.cpo_currency;
  out.cpo_cost_excl_vat = -original.cpo_cost_excl_vat;
  out.exchange_rate = original.exchange_rate;
  out.cpo_cost = -original.cpo_cost;
  out.margin = -original.margin;
  return out;
}

void ClampToSessionBounds(const domain::TariffPlanVersion& version, NewMspCdr& cdr) {
  Decimal subtotal;
  for (const MspCdrLine& line : cdr.lines) subtotal += line.amount;
  const auto clamp = [&](domain::MspCdrLineKind kind, const Decimal& bound, const char* description) {
    cdr.lines.push_back(MspCdrLine{.kind = kind,
                                   .tariff_code = std::nullopt,
                                   .rule = std::nullopt,
                                   .unit = domain::TariffUnit::kSession,
                                   .measured = Decimal(1),
                                   .quantity = Decimal(1),
                                   .unit_price = bound - subtotal,
                                   .amount = bound - subtotal,
                                   .description = description});
  };
  if (version.min_session_price && subtotal < *version.min_session_price) {
    clamp(domain::MspCdrLineKind::kMinimumPrice, *version.min_session_price, "Minimum price per session");
  } else if (version.max_session_price && *version.max_session_price < subtotal) {
    clamp(domain::MspCdrLineKind::kMaximumPrice, *version.max_session_price, "Maximum price per session");
  }
}

std::optional<domain::CostAudit> AuditCost(const pricing::Cdr& cdr, const TimeZone& zone,
                                           const Decimal& tolerance) {
  if (cdr.tariffs.empty() || !cdr.stated.total_cost) return std::nullopt;
  const Result<pricing::PricingResult> priced = pricing::PriceCdr(cdr, cdr.tariffs, zone);
  if (!priced) return std::nullopt;
  const Decimal recomputed = priced->total_cost.excl_vat;
  const Decimal difference = cdr.stated.total_cost->excl_vat - recomputed;
  return domain::CostAudit{.recomputed_cost_excl_vat = recomputed,
                           .difference = difference,
                           .discrepancy = tolerance < difference.Abs()};
}

// The rating of `request` without its explanation.
NewMspCdr RateUnexplained(const RatingRequest& request, const TenantBook& book) {
  const pricing::Cdr& cdr = *request.cdr;
  Scratch& scratch = ThreadScratch();
  NewMspCdr out = Skeleton(request, book);

  if (std::optional<Implausibility> implausible =
          CheckPlausibility(cdr, request.received_at, book.settings, scratch.periods, scratch.warnings)) {
    return NeedsAttention(std::move(out), implausible->reason, std::move(implausible->detail));
  }
  if (!cdr.stated.total_cost) {
    return NeedsAttention(std::move(out), AttentionReason::kUnreadableCdr,
                          "total_cost: a CDR states what the CPO charges, and this one does not");
  }
  if (cdr.credit) {
    if (request.credited == nullptr || request.credited->NeedsAttention()) {
      return NeedsAttention(std::move(out), AttentionReason::kUnknownCreditReference,
                            "credit_reference_id " + cdr.credit_reference_id.value_or("") +
                                " does not name a rated CDR of this CPO");
    }
    return Credit(std::move(out), *request.credited);
  }
  if (!request.customer) {
    return NeedsAttention(
        std::move(out), AttentionReason::kUnknownToken,
        cdr.token ? "token " + cdr.token->uid + " (" + cdr.token->type + ") is not a token of this tenant"
                  : "the CDR names no token (cdr_token)");
  }
  if (!request.place.time_zone || !request.place.country) {
    return NeedsAttention(std::move(out), AttentionReason::kUnknownTimeZone,
                          request.place.country
                              ? "the location was never synced and " +
                                    std::string(request.place.country->alpha3) +
                                    " has more than one time zone"
                              : "the location was never synced and the CDR names no country");
  }
  const TimeZone& zone = *request.place.time_zone;
  const CompiledPlanVersion* plan = PlanVersionInForceAt(book, cdr.start_date_time);
  if (plan == nullptr) {
    return NeedsAttention(std::move(out), AttentionReason::kNoPlanVersion,
                          "no tariff plan version is in force at " + FormatOcpiDateTime(cdr.start_date_time));
  }
  const domain::TariffPlanVersion& version = plan->version();
  out.plan_version_id = version.id;
  const LocalDate session_date = DateOf(zone.ToLocal(cdr.start_date_time));
  const Result<Decimal> vat = domain::VatRateOn(book.vat_rates, *request.place.country, session_date);
  if (!vat) {
    return NeedsAttention(std::move(out), AttentionReason::kNoVatRate,
                          "no VAT rate for " + std::string(request.place.country->alpha2) + " on " +
                              FormatIsoDate(session_date));
  }
  out.currency = version.currency;
  out.vat_percent = *vat;
  if (!(cdr.currency == version.currency)) {
    const Result<Decimal> rate =
        domain::ExchangeRateOn(book.exchange_rates, cdr.currency, version.currency, session_date);
    if (!rate) {
      return NeedsAttention(std::move(out), AttentionReason::kNoExchangeRate,
                            "the CDR is in " + std::string(cdr.currency.code()) + " and the plan in " +
                                std::string(version.currency.code()) +
                                ", and no exchange rate converts it on " + FormatIsoDate(session_date));
    }
    out.exchange_rate = *rate;
  }
  out.cpo_cost = Round(out.cpo_cost_excl_vat * out.exchange_rate.value_or(Decimal(1)), out.currency);

  const SessionMeasures measures(scratch.periods, cdr.start_date_time, cdr.end_date_time);
  for (const CompiledPlanVersion::CodeRules& code_rules : plan->RulesAt(request.place.location_group)) {
    AddLines(*plan, code_rules, *request.customer, request.place, measures, cdr.start_date_time,
             cdr.end_date_time, out.cpo_cost, scratch, out);
  }
  if (out.lines.empty()) {
    return NeedsAttention(std::move(out), AttentionReason::kNoMatchingRule,
                          "no rule of plan version " + std::to_string(version.id.value) +
                              " applies to this customer at this connector at this time");
  }
  ClampToSessionBounds(version, out);
  for (const MspCdrLine& line : out.lines) out.total_excl_vat += line.amount;
  out.vat_amount = Round(out.total_excl_vat * out.vat_percent * Decimal::FromCoefficient(1, 2), out.currency);
  out.total_incl_vat = out.total_excl_vat + out.vat_amount;
  out.margin = out.total_excl_vat - out.cpo_cost;
  out.cost_audit = AuditCost(cdr, zone, book.settings.cost_audit_tolerance);
  return out;
}

}  // namespace

const CompiledPlanVersion* PlanVersionInForceAt(const TenantBook& book, Instant at) {
  const CompiledPlanVersion* found = nullptr;
  for (const CompiledPlanVersion& version : book.plan_versions) {
    const Instant from = version.version().valid_from;
    if (from <= at && (found == nullptr || found->version().valid_from < from)) found = &version;
  }
  return found;
}

NewMspCdr Rate(const RatingRequest& request, const TenantBook& book) {
  NewMspCdr out = RateUnexplained(request, book);
  if (request.explain) out.explanation = Explain(out, book);
  return out;
}

}  // namespace openmsp::rating
