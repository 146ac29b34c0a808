#include "domain/msp_cdr.h"

#include <set>
#include <utility>

#include "core/enum_names.h"
#include "core/money.h"

namespace openmsp::domain {
namespace {

constexpr EnumNames<AttentionReason, 13> kReasonNames = {{
    {AttentionReason::kUnreadableCdr, "UNREADABLE_CDR"},
    {AttentionReason::kUnknownToken, "UNKNOWN_TOKEN"},
    {AttentionReason::kUnknownTimeZone, "UNKNOWN_TIME_ZONE"},
    {AttentionReason::kNoPlanVersion, "NO_PLAN_VERSION"},
    {AttentionReason::kNoMatchingRule, "NO_MATCHING_RULE"},
    {AttentionReason::kNoExchangeRate, "NO_EXCHANGE_RATE"},
    {AttentionReason::kNoVatRate, "NO_VAT_RATE"},
    {AttentionReason::kUnknownCreditReference, "UNKNOWN_CREDIT_REFERENCE"},
    {AttentionReason::kEndBeforeStart, "END_BEFORE_START"},
    {AttentionReason::kEnergyOutOfRange, "ENERGY_OUT_OF_RANGE"},
    {AttentionReason::kDurationTooLong, "DURATION_TOO_LONG"},
    {AttentionReason::kTotalsInconsistent, "TOTALS_INCONSISTENT"},
    {AttentionReason::kInFuture, "IN_FUTURE"},
}};

constexpr EnumNames<MspCdrLineKind, 3> kLineKindNames = {{
    {MspCdrLineKind::kRule, "RULE"},
    {MspCdrLineKind::kMinimumPrice, "MINIMUM_PRICE"},
    {MspCdrLineKind::kMaximumPrice, "MAXIMUM_PRICE"},
}};

// As a tenant's VAT table (domain/tenant.cpp) allows.
constexpr int kMaxVatDecimals = 4;

// 0.01: turns a percentage into a factor, exactly.
const Decimal kPercent = Decimal::FromCoefficient(1, 2);

Result<void> CheckInstant(Instant instant, const std::string& field) {
  if (instant < kMinInstant || instant > kMaxInstant) {
    return InvalidArgument(field, "must lie in the years 0001 to 9999");
  }
  return Ok();
}

// What the store can read back: `Decimal::Parse` takes at most 18 digits and 18 decimals.
Result<void> CheckStorable(const Decimal& value, const std::string& field) {
  if (!Decimal::Parse(value.ToString())) {
    return InvalidArgument(field, value.ToString() + " has more than " +
                                      std::to_string(Decimal::kMaxParsedDigits) +
                                      " digits or decimal places");
  }
  return Ok();
}

Result<void> CheckText(const std::string& text, const std::string& field) {
  if (!IsUtf8WithoutNul(text)) return InvalidArgument(field, "must be UTF-8 text without NUL bytes");
  return Ok();
}

// An amount in `currency`: storable and rounded to its minor unit.
Result<void> CheckAmount(const Decimal& amount, const Currency& currency, const std::string& field) {
  OPENMSP_RETURN_IF_ERROR(CheckStorable(amount, field));
  if (!Money(amount, currency).IsRoundedToMinorUnit()) {
    return InvalidArgument(field, amount.ToString() + " is not rounded to the " +
                                      std::to_string(currency.minor_units()) + " decimals of " +
                                      std::string(currency.code()));
  }
  return Ok();
}

Result<void> CheckEquals(const Decimal& stated, const Decimal& expected, const std::string& field,
                         const std::string& how) {
  if (stated != expected) {
    return InvalidArgument(field, "is " + stated.ToString() + " but " + how + " is " + expected.ToString());
  }
  return Ok();
}

Result<void> CheckNotPositiveInCredit(const Decimal& amount, const NewMspCdr& cdr, const std::string& field) {
  if (cdr.credit_of && amount.Sign() > 0) {
    return InvalidArgument(field, "must not be positive in a credit MSP CDR, found " + amount.ToString());
  }
  return Ok();
}

Result<void> CheckLine(const MspCdrLine& line, const NewMspCdr& cdr, const std::string& at) {
  const bool credit = cdr.credit_of.has_value();
  OPENMSP_RETURN_IF_ERROR(CheckStorable(line.measured, at + ".measured"));
  OPENMSP_RETURN_IF_ERROR(CheckStorable(line.quantity, at + ".quantity"));
  OPENMSP_RETURN_IF_ERROR(CheckStorable(line.unit_price, at + ".unit_price"));
  OPENMSP_RETURN_IF_ERROR(CheckAmount(line.amount, cdr.currency, at + ".amount"));
  if (line.description.empty()) return InvalidArgument(at + ".description", "must not be empty");
  OPENMSP_RETURN_IF_ERROR(CheckText(line.description, at + ".description"));
  if (line.kind == MspCdrLineKind::kRule) {
    if (!line.tariff_code) return InvalidArgument(at + ".tariff_code", "a RULE line names its tariff code");
    if (!line.rule) return InvalidArgument(at + ".rule", "a RULE line names its tariff plan rule");
    if (!credit) {
      if (line.measured.Sign() < 0) return InvalidArgument(at + ".measured", "must not be negative");
      if (line.quantity.Sign() < 0) return InvalidArgument(at + ".quantity", "must not be negative");
      if (line.unit_price.Sign() < 0) return InvalidArgument(at + ".unit_price", "must not be negative");
    }
  } else {
    const std::string kind(MspCdrLineKindName(line.kind));
    if (line.tariff_code)
      return InvalidArgument(at + ".tariff_code", "a " + kind + " line names no tariff code");
    if (line.rule) return InvalidArgument(at + ".rule", "a " + kind + " line names no rule");
    if (line.unit != TariffUnit::kSession)
      return InvalidArgument(at + ".unit", "a " + kind + " line is SESSION");
    if (line.quantity != Decimal(1)) return InvalidArgument(at + ".quantity", "a " + kind + " line bills 1");
    // The minimum raises the subtotal and the maximum lowers it; a credit negates both.
    const int raises = line.kind == MspCdrLineKind::kMinimumPrice ? 1 : -1;
    if (line.amount.Sign() != (credit ? -raises : raises)) {
      return InvalidArgument(at + ".amount", "a " + kind + " line must " +
                                                 ((raises > 0) != credit ? "add to" : "take from") +
                                                 " the subtotal, found " + line.amount.ToString());
    }
  }
  if (line.kind == MspCdrLineKind::kRule) {
    OPENMSP_RETURN_IF_ERROR(CheckNotPositiveInCredit(line.amount, cdr, at + ".amount"));
  }
  return CheckEquals(
      line.amount,
      (line.quantity * line.unit_price).Rounded(cdr.currency.minor_units(), RoundingMode::kHalfUp),
      at + ".amount", "quantity × unit_price rounded half-up");
}

Result<void> CheckRated(const NewMspCdr& cdr) {
  if (!cdr.attention_detail.empty()) {
    return InvalidArgument("attention_detail", "must be empty when the MSP CDR is rated");
  }
  if (!cdr.token_id) return InvalidArgument("token_id", "a rated MSP CDR names the token");
  if (!cdr.profile_id) return InvalidArgument("profile_id", "a rated MSP CDR names the profile");
  if (!cdr.organisation_unit_id) {
    return InvalidArgument("organisation_unit_id", "a rated MSP CDR names the organisation unit");
  }
  if (!cdr.location_group_id) return InvalidArgument("location_group_id", "a rated MSP CDR names the place");
  if (!cdr.plan_version_id) {
    return InvalidArgument("plan_version_id", "a rated MSP CDR names the plan version it was rated with");
  }
  if (!cdr.vat_country)
    return InvalidArgument("vat_country", "a rated MSP CDR names the country of charging");
  if (cdr.explanation.empty()) return InvalidArgument("explanation", "a rated MSP CDR explains its price");
  if (cdr.lines.empty()) return InvalidArgument("lines", "a rated MSP CDR has at least one line");

  Decimal sum;
  int clamps = 0;
  for (std::size_t i = 0; i < cdr.lines.size(); ++i) {
    const std::string at = "lines[" + std::to_string(i) + "]";
    OPENMSP_RETURN_IF_ERROR(CheckLine(cdr.lines[i], cdr, at));
    if (cdr.lines[i].kind != MspCdrLineKind::kRule && ++clamps > 1) {
      return InvalidArgument(at + ".kind", "only one line may clamp the subtotal to the minimum or maximum");
    }
    sum += cdr.lines[i].amount;
  }
  const int minor_units = cdr.currency.minor_units();
  OPENMSP_RETURN_IF_ERROR(CheckEquals(cdr.total_excl_vat, sum, "total_excl_vat", "the sum of the lines"));
  // Normalized: a storable value may carry up to 18 trailing zeros, which the product need not.
  const Decimal vat = cdr.total_excl_vat.Normalized() * cdr.vat_percent.Normalized() * kPercent;
  OPENMSP_RETURN_IF_ERROR(CheckEquals(cdr.vat_amount, vat.Rounded(minor_units, RoundingMode::kHalfUp),
                                      "vat_amount", "total_excl_vat × vat_percent / 100 rounded half-up"));
  OPENMSP_RETURN_IF_ERROR(CheckEquals(cdr.total_incl_vat, cdr.total_excl_vat + cdr.vat_amount,
                                      "total_incl_vat", "total_excl_vat + vat_amount"));
  if (cdr.currency != cdr.cpo_currency && !cdr.exchange_rate) {
    return InvalidArgument("exchange_rate", "converts the CPO's " + std::string(cdr.cpo_currency.code()) +
                                                " to " + std::string(cdr.currency.code()) +
                                                "; it is missing");
  }
  const Decimal converted = cdr.cpo_cost_excl_vat * cdr.exchange_rate.value_or(Decimal(1));
  OPENMSP_RETURN_IF_ERROR(CheckEquals(cdr.cpo_cost, converted.Rounded(minor_units, RoundingMode::kHalfUp),
                                      "cpo_cost", "cpo_cost_excl_vat × exchange_rate rounded half-up"));
  return CheckEquals(cdr.margin, cdr.total_excl_vat - cdr.cpo_cost, "margin", "total_excl_vat − cpo_cost");
}

Result<void> CheckNeedingAttention(const NewMspCdr& cdr) {
  if (cdr.attention_detail.empty()) {
    return InvalidArgument("attention_detail", "must say what needs attention");
  }
  if (!cdr.lines.empty()) return InvalidArgument("lines", "an MSP CDR needing attention has no lines");
  const std::pair<const Decimal*, const char*> amounts[] = {{&cdr.total_excl_vat, "total_excl_vat"},
                                                            {&cdr.vat_amount, "vat_amount"},
                                                            {&cdr.total_incl_vat, "total_incl_vat"},
                                                            {&cdr.cpo_cost, "cpo_cost"},
                                                            {&cdr.margin, "margin"}};
  for (const auto& [amount, field] : amounts) {
    if (!amount->IsZero()) {
      return InvalidArgument(field,
                             "must be 0 while the MSP CDR needs attention, found " + amount->ToString());
    }
  }
  return Ok();
}

}  // namespace

std::string_view AttentionReasonName(AttentionReason reason) { return NameOf(kReasonNames, reason); }

Result<AttentionReason> ParseAttentionReason(std::string_view name) { return ValueOf(kReasonNames, name); }

std::string_view MspCdrLineKindName(MspCdrLineKind kind) { return NameOf(kLineKindNames, kind); }

Result<MspCdrLineKind> ParseMspCdrLineKind(std::string_view name) { return ValueOf(kLineKindNames, name); }

Result<void> ValidateNewMspCdr(const NewMspCdr& cdr) {
  OPENMSP_RETURN_IF_ERROR(CheckInstant(cdr.session_start, "session_start"));
  OPENMSP_RETURN_IF_ERROR(CheckInstant(cdr.session_end, "session_end"));
  OPENMSP_RETURN_IF_ERROR(CheckText(cdr.attention_detail, "attention_detail"));
  OPENMSP_RETURN_IF_ERROR(CheckText(cdr.explanation, "explanation"));
  std::set<std::int64_t> groups;
  for (std::size_t i = 0; i < cdr.business_partner_groups.size(); ++i) {
    if (!groups.insert(cdr.business_partner_groups[i].value).second) {
      return InvalidArgument("business_partner_groups[" + std::to_string(i) + "]",
                             "repeats the group " + std::to_string(cdr.business_partner_groups[i].value));
    }
  }

  OPENMSP_RETURN_IF_ERROR(CheckAmount(cdr.total_excl_vat, cdr.currency, "total_excl_vat"));
  OPENMSP_RETURN_IF_ERROR(CheckStorable(cdr.vat_percent, "vat_percent"));
  if (cdr.vat_percent.Sign() < 0 || Decimal(100) <= cdr.vat_percent) {
    return InvalidArgument("vat_percent",
                           "must be at least 0 and below 100, found " + cdr.vat_percent.ToString());
  }
  if (cdr.vat_percent.Rounded(kMaxVatDecimals, RoundingMode::kDown) != cdr.vat_percent) {
    return InvalidArgument("vat_percent",
                           "has more than 4 decimals, as no VAT table states: " + cdr.vat_percent.ToString());
  }
  OPENMSP_RETURN_IF_ERROR(CheckAmount(cdr.vat_amount, cdr.currency, "vat_amount"));
  OPENMSP_RETURN_IF_ERROR(CheckAmount(cdr.total_incl_vat, cdr.currency, "total_incl_vat"));
  OPENMSP_RETURN_IF_ERROR(CheckStorable(cdr.cpo_cost_excl_vat, "cpo_cost_excl_vat"));
  if (cdr.exchange_rate) {
    OPENMSP_RETURN_IF_ERROR(CheckStorable(*cdr.exchange_rate, "exchange_rate"));
    if (cdr.exchange_rate->Sign() <= 0) return InvalidArgument("exchange_rate", "must be positive");
    if (cdr.currency == cdr.cpo_currency) {
      return InvalidArgument("exchange_rate", "must be absent: the CPO's currency is the MSP CDR's");
    }
  }
  OPENMSP_RETURN_IF_ERROR(CheckAmount(cdr.cpo_cost, cdr.currency, "cpo_cost"));
  OPENMSP_RETURN_IF_ERROR(CheckAmount(cdr.margin, cdr.currency, "margin"));
  if (cdr.cost_audit) {
    OPENMSP_RETURN_IF_ERROR(
        CheckStorable(cdr.cost_audit->recomputed_cost_excl_vat, "cost_audit.recomputed_cost_excl_vat"));
    OPENMSP_RETURN_IF_ERROR(CheckStorable(cdr.cost_audit->difference, "cost_audit.difference"));
    OPENMSP_RETURN_IF_ERROR(CheckEquals(
        cdr.cost_audit->difference, cdr.cpo_cost_excl_vat - cdr.cost_audit->recomputed_cost_excl_vat,
        "cost_audit.difference", "cpo_cost_excl_vat − recomputed_cost_excl_vat"));
  }
  for (const auto& [amount, field] :
       {std::pair{&cdr.total_excl_vat, "total_excl_vat"}, std::pair{&cdr.vat_amount, "vat_amount"},
        std::pair{&cdr.total_incl_vat, "total_incl_vat"}, std::pair{&cdr.cpo_cost, "cpo_cost"}}) {
    OPENMSP_RETURN_IF_ERROR(CheckNotPositiveInCredit(*amount, cdr, field));
  }
  return cdr.attention ? CheckNeedingAttention(cdr) : CheckRated(cdr);
}

}  // namespace openmsp::domain
