#include "domain/tariff_plan.h"

#include <algorithm>
#include <utility>

#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxPlanNameLength = 100;
constexpr std::chrono::minutes kMinutesPerDay{24 * 60};

bool IsTimeOfDay(std::chrono::minutes time_of_day) {
  return time_of_day.count() >= 0 && time_of_day < kMinutesPerDay;
}

std::string Indexed(std::string_view field, std::size_t index) {
  return std::string(field) + "[" + std::to_string(index) + "]";
}

Result<void> CheckPowerBound(const std::optional<Decimal>& power, std::string_view field) {
  if (!power) return Ok();
  if (power->Sign() < 0) return InvalidArgument(std::string(field), "must not be negative");
  if (power->Normalized().scale() > kMaxPowerDecimals) {
    return InvalidArgument(std::string(field), "must have at most 3 decimals, found " + power->ToString());
  }
  return Ok();
}

Result<void> CheckSessionPrice(const std::optional<Decimal>& price, const Currency& currency,
                               std::string_view field) {
  if (!price) return Ok();
  if (price->Sign() < 0) return InvalidArgument(std::string(field), "must not be negative");
  if (Decimal(kMaxPrice) <= *price) return InvalidArgument(std::string(field), "must be below 1000000");
  if (price->Normalized().scale() > currency.minor_units()) {
    return InvalidArgument(std::string(field), "must have at most " + std::to_string(currency.minor_units()) +
                                                   " decimals in " + std::string(currency.code()) +
                                                   ", found " + price->ToString());
  }
  return Ok();
}

// Two rules alike but for their price: the second is a typing error, never a deliberate rule.
bool AlikeButForPrice(const NewTariffPlanRule& a, const NewTariffPlanRule& b) {
  return a.location_group == b.location_group && a.business_partner_group == b.business_partner_group &&
         a.tariff_code == b.tariff_code && a.priority == b.priority && a.restrictions == b.restrictions;
}

}  // namespace

Result<std::chrono::minutes> ParseTimeOfDay(std::string_view text) {
  const auto digit = [&](std::size_t i) { return text[i] - '0'; };
  if (text.size() != 5 || text[2] != ':' || !ascii::IsDigit(text[0]) || !ascii::IsDigit(text[1]) ||
      !ascii::IsDigit(text[3]) || !ascii::IsDigit(text[4])) {
    return InvalidArgument("", "expected a time of day HH:MM, found " + ascii::Quote(text));
  }
  const int hours = digit(0) * 10 + digit(1);
  const int minutes = digit(3) * 10 + digit(4);
  if (hours > 23 || minutes > 59) {
    return InvalidArgument("", "expected a time of day from 00:00 to 23:59, found " + ascii::Quote(text));
  }
  return std::chrono::minutes(hours * 60 + minutes);
}

std::string FormatTimeOfDay(std::chrono::minutes time_of_day) {
  const auto total = time_of_day.count();
  std::string text = "00:00";
  text[0] = static_cast<char>('0' + total / 600);
  text[1] = static_cast<char>('0' + total / 60 % 10);
  text[3] = static_cast<char>('0' + total % 60 / 10);
  text[4] = static_cast<char>('0' + total % 10);
  return text;
}

bool InWindow(const TimeOfDayWindow& window, std::chrono::minutes time_of_day) {
  if (window.start < window.end) return window.start <= time_of_day && time_of_day < window.end;
  return window.start <= time_of_day || time_of_day < window.end;
}

Result<void> ValidateNewTariffPlan(const NewTariffPlan& plan) {
  if (plan.name.empty()) return InvalidArgument("name", "must not be empty");
  if (Result<void> name = ValidateOcpiString(plan.name, kMaxPlanNameLength); !name) {
    return name.error().Nested("name");
  }
  return Ok();
}

Result<void> ValidateTariffRuleRestrictions(const TariffRuleRestrictions& restrictions) {
  if (restrictions.time_of_day) {
    const TimeOfDayWindow& window = *restrictions.time_of_day;
    if (!IsTimeOfDay(window.start)) return InvalidArgument("time_of_day.start", "must be from 00:00 to 23:59");
    if (!IsTimeOfDay(window.end)) return InvalidArgument("time_of_day.end", "must be from 00:00 to 23:59");
    if (window.start == window.end) {
      return InvalidArgument("time_of_day.end",
                             "must differ from start (leave the window out for the whole day)");
    }
  }
  for (std::size_t i = 0; i < restrictions.weekdays.size(); ++i) {
    const auto day = static_cast<int>(restrictions.weekdays[i]);
    if (day < 1 || day > 7) return InvalidArgument(Indexed("weekdays", i), "is not a day of the week");
    if (std::find(restrictions.weekdays.begin(), restrictions.weekdays.begin() + static_cast<std::ptrdiff_t>(i),
                  restrictions.weekdays[i]) != restrictions.weekdays.begin() + static_cast<std::ptrdiff_t>(i)) {
      return InvalidArgument(Indexed("weekdays", i), "is listed twice");
    }
  }
  OPENMSP_RETURN_IF_ERROR(CheckPowerBound(restrictions.min_power_kw, "min_power_kw"));
  OPENMSP_RETURN_IF_ERROR(CheckPowerBound(restrictions.max_power_kw, "max_power_kw"));
  if (restrictions.min_power_kw && restrictions.max_power_kw &&
      *restrictions.max_power_kw < *restrictions.min_power_kw) {
    return InvalidArgument("max_power_kw", "must not be below min_power_kw");
  }
  if (restrictions.valid_from_date && restrictions.valid_until_date &&
      !(*restrictions.valid_from_date < *restrictions.valid_until_date)) {
    return InvalidArgument("valid_until_date", "must be after valid_from_date (it is exclusive)");
  }
  return Ok();
}

Result<void> ValidateNewTariffPlanRule(const NewTariffPlanRule& rule) {
  if (rule.unit_price.Sign() < 0) return InvalidArgument("unit_price", "must not be negative");
  if (Decimal(kMaxPrice) <= rule.unit_price) return InvalidArgument("unit_price", "must be below 1000000");
  if (rule.unit_price.Normalized().scale() > kMaxTariffDecimals) {
    return InvalidArgument("unit_price", "must have at most 6 decimals, found " + rule.unit_price.ToString());
  }
  if (Result<void> restrictions = ValidateTariffRuleRestrictions(rule.restrictions); !restrictions) {
    return restrictions.error().Nested("restrictions");
  }
  return Ok();
}

Result<void> ValidateNewTariffPlanVersion(const NewTariffPlanVersion& version) {
  if (version.valid_from < kMinInstant || kMaxInstant < version.valid_from) {
    return InvalidArgument("valid_from", "must be within the years 0001 to 9999");
  }
  OPENMSP_RETURN_IF_ERROR(CheckSessionPrice(version.min_session_price, version.currency, "min_session_price"));
  OPENMSP_RETURN_IF_ERROR(CheckSessionPrice(version.max_session_price, version.currency, "max_session_price"));
  if (version.min_session_price && version.max_session_price &&
      *version.max_session_price < *version.min_session_price) {
    return InvalidArgument("max_session_price", "must not be below min_session_price");
  }
  if (version.rules.empty()) return InvalidArgument("rules", "a plan version needs at least one rule");
  if (version.rules.size() > kMaxRulesPerVersion) {
    return InvalidArgument("rules", "a plan version may have at most 1000 rules, found " +
                                        std::to_string(version.rules.size()));
  }
  for (std::size_t i = 0; i < version.rules.size(); ++i) {
    if (Result<void> rule = ValidateNewTariffPlanRule(version.rules[i]); !rule) {
      return rule.error().Nested(Indexed("rules", i));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (AlikeButForPrice(version.rules[j], version.rules[i])) {
        return InvalidArgument(Indexed("rules", i), "repeats rules[" + std::to_string(j) +
                                                        "] (same groups, code, priority and restrictions)");
      }
    }
  }
  return Ok();
}

Result<void> CheckNewVersionStart(std::optional<Instant> latest, Instant valid_from, Instant now) {
  if (latest && valid_from <= *latest) {
    return Error{ErrorCode::kFailedPrecondition, "valid_from",
                 "must be after the latest version's valid_from " + FormatOcpiDateTime(*latest)};
  }
  if (latest && valid_from < now) {
    return Error{ErrorCode::kFailedPrecondition, "valid_from",
                 "must not be in the past (now is " + FormatOcpiDateTime(now) +
                     "): sessions already rated would change"};
  }
  return Ok();
}

Result<void> CheckScheduledVersion(Instant valid_from, Instant now) {
  if (valid_from <= now) {
    return Error{ErrorCode::kFailedPrecondition, "valid_from",
                 "the version is in force since " + FormatOcpiDateTime(valid_from) +
                     " and can no longer be withdrawn; add a new version instead"};
  }
  return Ok();
}

const TariffPlanVersion* VersionInForceAt(std::span<const TariffPlanVersion> versions, Instant at) {
  const TariffPlanVersion* in_force = nullptr;
  for (const TariffPlanVersion& version : versions) {
    if (version.valid_from <= at && (in_force == nullptr || in_force->valid_from < version.valid_from)) {
      in_force = &version;
    }
  }
  return in_force;
}

RuleSpecificity SpecificityOf(const TariffPlanRule& rule) {
  if (rule.location_group) {
    return rule.business_partner_group ? RuleSpecificity::kPlaceAndCustomerGroup
                                       : RuleSpecificity::kPlaceAnyCustomer;
  }
  return rule.business_partner_group ? RuleSpecificity::kAnyPlaceCustomerGroup
                                     : RuleSpecificity::kAnyPlaceAnyCustomer;
}

bool TakesPrecedence(const TariffPlanRule& a, const TariffPlanRule& b) {
  const RuleSpecificity specificity_a = SpecificityOf(a);
  const RuleSpecificity specificity_b = SpecificityOf(b);
  if (specificity_a != specificity_b) return specificity_a > specificity_b;
  if (a.priority != b.priority) return a.priority < b.priority;
  return a.id < b.id;
}

bool AppliesTo(const TariffPlanRule& rule, LocationGroupId place_group,
               std::span<const BusinessPartnerGroupId> customer_groups) {
  if (rule.location_group && *rule.location_group != place_group) return false;
  if (rule.business_partner_group &&
      std::find(customer_groups.begin(), customer_groups.end(), *rule.business_partner_group) ==
          customer_groups.end()) {
    return false;
  }
  return true;
}

const TariffPlanRule* MostSpecificRule(std::span<const TariffPlanRule* const> candidates) {
  const TariffPlanRule* winner = nullptr;
  for (const TariffPlanRule* candidate : candidates) {
    if (winner == nullptr || TakesPrecedence(*candidate, *winner)) winner = candidate;
  }
  return winner;
}

}  // namespace openmsp::domain
