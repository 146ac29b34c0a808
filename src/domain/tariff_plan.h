#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/decimal.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/business_partner_group.h"
#include "domain/ids.h"
#include "domain/location_group.h"
#include "domain/tariff_code.h"

namespace openmsp::domain {

/// A tariff plan's id: the 64-bit integer its database row was given, unique across tenants.
struct TariffPlanId {
  std::int64_t value = 0;

  friend auto operator<=>(const TariffPlanId&, const TariffPlanId&) = default;
};

/// A tariff plan version's id, unique across tenants; an MSP CDR names the version it was rated with.
struct TariffPlanVersionId {
  std::int64_t value = 0;

  friend auto operator<=>(const TariffPlanVersionId&, const TariffPlanVersionId&) = default;
};

/// A tariff plan rule's id, unique across tenants. Rules of one version get increasing ids in the order
/// they were given; the id is the last tie-breaker between equally specific rules.
struct TariffPlanRuleId {
  std::int64_t value = 0;

  friend auto operator<=>(const TariffPlanRuleId&, const TariffPlanRuleId&) = default;
};

/// A day of the week, numbered as ISO 8601 and OCPI's `day_of_week` (and `LocalDateTime::weekday`) do.
enum class Weekday { kMonday = 1, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

/// A window of local wall-clock time, from `start` (inclusive) to `end` (exclusive), each a time of day
/// in minutes since midnight (00:00–23:59). An `end` before `start` wraps past midnight: 22:00–06:00 is
/// the night; 08:00–00:00 runs to the end of the day. `start == end` is refused (leave the window out
/// for the whole day).
struct TimeOfDayWindow {
  std::chrono::minutes start{0};
  std::chrono::minutes end{0};

  friend bool operator==(const TimeOfDayWindow&, const TimeOfDayWindow&) = default;
};

/// Reads a time of day `HH:MM` (00:00 to 23:59, two digits each). The error has no field.
Result<std::chrono::minutes> ParseTimeOfDay(std::string_view text);

/// Writes a time of day (00:00–23:59) as `HH:MM`; `ParseTimeOfDay` gives it back.
std::string FormatTimeOfDay(std::chrono::minutes time_of_day);

/// Whether the local time of day `time_of_day` (minutes since midnight) is inside `window`.
bool InWindow(const TimeOfDayWindow& window, std::chrono::minutes time_of_day);

/// When a rule applies besides its place and customer (domain.md §3). Each restriction that is set must
/// hold; all unset: always. Times and dates are read in the **location's** local time zone (as OCPI
/// tariff restrictions are); applying them to a CDR, which splits a session at window boundaries, is
/// rating's job (src/rating).
struct TariffRuleRestrictions {
  /// Local time of day.
  std::optional<TimeOfDayWindow> time_of_day;
  /// Local days of the week, each at most once; empty: every day.
  std::vector<Weekday> weekdays;
  /// The connector's maximum power (`MaxPowerKw`) within these bounds, both inclusive as in location
  /// groups; either may be absent. Non-negative, at most 3 decimals, `min_power_kw ≤ max_power_kw`.
  std::optional<Decimal> min_power_kw;
  std::optional<Decimal> max_power_kw;
  /// Local dates: from `valid_from_date` (inclusive) until `valid_until_date` (exclusive, as every
  /// "until" in OpenMSP and OCPI's `end_date`); either may be absent; from before until. For a
  /// promotion inside one plan version ("December: 0.29 per kWh").
  std::optional<LocalDate> valid_from_date;
  std::optional<LocalDate> valid_until_date;

  friend bool operator==(const TariffRuleRestrictions&, const TariffRuleRestrictions&) = default;
};

/// The most decimals of a restriction's power bound in kW.
inline constexpr int kMaxPowerDecimals = 3;

/// A unit price or session price is below this (so at most 999999.999999).
inline constexpr std::int64_t kMaxPrice = 1'000'000;

/// The most rules one plan version may have.
inline constexpr std::size_t kMaxRulesPerVersion = 1000;

/// One rule of a plan version as given: for sessions in `location_group` (nullopt: ANY) of customers
/// in `business_partner_group` (nullopt: ANY), bill `tariff_code` at `unit_price` per unit, excl. VAT,
/// when `restrictions` hold. Groups and code are the tenant's own.
struct NewTariffPlanRule {
  std::optional<LocationGroupId> location_group;
  std::optional<BusinessPartnerGroupId> business_partner_group;
  TariffCodeId tariff_code;
  /// Per unit of the code, excl. VAT, in the version's currency (a multiplier such as 1.15 for
  /// CPO_COST): 0 ≤ price < 1,000,000, at most 6 decimals; kept exactly as given (`0.2500` stays so).
  Decimal unit_price;
  /// Breaks ties between equally specific matching rules: lower wins. Give a restricted rule ("night")
  /// a lower number than the unrestricted rule it overrides, or the older rule wins by its lower id.
  std::int32_t priority = 0;
  TariffRuleRestrictions restrictions;

  friend bool operator==(const NewTariffPlanRule&, const NewTariffPlanRule&) = default;
};

/// A stored rule (the glossary's "Tariff Plan Rule"): `NewTariffPlanRule` with its id.
struct TariffPlanRule {
  TariffPlanRuleId id;
  std::optional<LocationGroupId> location_group;
  std::optional<BusinessPartnerGroupId> business_partner_group;
  TariffCodeId tariff_code;
  Decimal unit_price;
  std::int32_t priority = 0;
  TariffRuleRestrictions restrictions;

  friend bool operator==(const TariffPlanRule&, const TariffPlanRule&) = default;
};

/// What it takes to create a tenant's tariff plan. Prices, currency and rules come with its versions.
struct NewTariffPlan {
  /// 1 to 100 characters of OCPI string, for administrators ("Public charging 2026").
  std::string name;
};

/// A stored tariff plan (the glossary's "Tariff Plan"): the tenant's sales prices, as a sequence of
/// versions. Each tenant has at most one plan (domain.md: "the tenant's plan version valid at
/// start_date_time"); who pays what is told apart by the rules' business partner groups, not by plans.
struct TariffPlan {
  TariffPlanId id;
  TenantId tenant_id;
  std::string name;
  /// From the repository's clock.
  Instant created_at;

  friend bool operator==(const TariffPlan&, const TariffPlan&) = default;
};

/// A new version of the plan: every price of the plan from `valid_from` on, replacing the version
/// before it from that instant. A version is a complete snapshot — currency, session bounds, all
/// rules — so that a CDR rated with it comes out the same years later.
struct NewTariffPlanVersion {
  /// The instant the version comes into force (inclusive). An instant, not a local date: a tenant has no
  /// single time zone (it sells in several countries), and a CDR's start is an instant. The Control
  /// Centre turns "from 1 April in Europe/Amsterdam" into the instant with `TimeZone`. Within
  /// `kMinInstant`..`kMaxInstant`.
  Instant valid_from;
  /// The currency of every price of the version. Versioned, so a tenant can change it from a date (as
  /// Croatia did from HRK to EUR on 2023-01-01).
  Currency currency;
  /// Optional bounds of a session's subtotal excl. VAT: ≥ 0, below 1,000,000, at most the currency's
  /// minor-unit decimals, `min_session_price ≤ max_session_price`.
  std::optional<Decimal> min_session_price;
  std::optional<Decimal> max_session_price;
  /// 1 to 1000 rules, no two alike except for their price.
  std::vector<NewTariffPlanRule> rules;
};

/// A stored plan version.
struct TariffPlanVersion {
  TariffPlanVersionId id;
  TariffPlanId plan_id;
  TenantId tenant_id;
  Instant valid_from;
  /// The next version's `valid_from` (exclusive); nullopt while no later version exists.
  std::optional<Instant> valid_until;
  Currency currency;
  std::optional<Decimal> min_session_price;
  std::optional<Decimal> max_session_price;
  /// In the order given, ids increasing.
  std::vector<TariffPlanRule> rules;
  /// From the repository's clock.
  Instant created_at;

  friend bool operator==(const TariffPlanVersion&, const TariffPlanVersion&) = default;
};

/// Checks `NewTariffPlan`; the error names `name`.
Result<void> ValidateNewTariffPlan(const NewTariffPlan& plan);

/// Checks `restrictions`; the error names the field relative to them (`time_of_day.start`,
/// `time_of_day.end`, `weekdays[2]`, `min_power_kw`, `max_power_kw`, `valid_until_date`).
Result<void> ValidateTariffRuleRestrictions(const TariffRuleRestrictions& restrictions);

/// Checks one rule; the error names the field (`unit_price`, `restrictions.weekdays[1]`, …).
Result<void> ValidateNewTariffPlanRule(const NewTariffPlanRule& rule);

/// Checks every rule of `NewTariffPlanVersion` that needs no stored state; the error names the field
/// (`valid_from`, `min_session_price`, `max_session_price`, `rules` when there are none or too many,
/// `rules[3].unit_price`, and `rules[5]` for a rule that repeats an earlier one but for its price).
/// Whether the groups and codes are the tenant's is the repository's check.
Result<void> ValidateNewTariffPlanVersion(const NewTariffPlanVersion& version);

/// The rule for when a new version may start: strictly after the latest existing version's
/// `valid_from` (`latest`, nullopt for the first version) and not before `now`, so that no CDR already
/// rated (its session started before `now`) would be rated differently. The first version may start in
/// the past: without a version no CDR was ever rated (each was held as `NO_PLAN_VERSION`), so it
/// changes no price, and it lets a new MSP price the sessions that arrived before its plan was ready.
/// kFailedPrecondition naming `valid_from` otherwise.
Result<void> CheckNewVersionStart(std::optional<Instant> latest, Instant valid_from, Instant now);

/// Whether a version starting at `valid_from` may still be withdrawn at `now`: only while it is not in
/// force (`valid_from > now`); kFailedPrecondition naming `valid_from` otherwise. A version in force is
/// never changed or removed: prices change by a new version.
Result<void> CheckScheduledVersion(Instant valid_from, Instant now);

/// The version in force at `at`: the one with the latest `valid_from` not after `at`, whatever order
/// `versions` are in. nullptr when every version starts later (or there is none): such a CDR cannot be
/// rated. A version is in force from its `valid_from` (inclusive) until the next one's (exclusive).
const TariffPlanVersion* VersionInForceAt(std::span<const TariffPlanVersion> versions, Instant at);

/// How specific a rule is about place and customer, from least to most (domain.md §3, rating step 4).
enum class RuleSpecificity {
  kAnyPlaceAnyCustomer = 0,    ///< ANY location group, ANY business partner group
  kAnyPlaceCustomerGroup = 1,  ///< ANY location group, a business partner group
  kPlaceAnyCustomer = 2,       ///< a location group, ANY business partner group
  kPlaceAndCustomerGroup = 3,  ///< a location group and a business partner group
};

/// The specificity of `rule`.
RuleSpecificity SpecificityOf(const TariffPlanRule& rule);

/// The order among rules that match a session for the same tariff code: more specific first (group+BPG,
/// group+ANY, ANY+BPG, ANY+ANY), then lower priority, then lower id. A strict total order on rules with
/// distinct ids, usable with `std::sort`; the first rule in it wins.
bool TakesPrecedence(const TariffPlanRule& a, const TariffPlanRule& b);

/// Whether `rule` is for a session at a connector in `place_group` of a customer in `customer_groups`
/// (the business partner groups of the profile's unit and its ancestors): its location group is ANY or
/// `place_group`, and its business partner group is ANY or one of `customer_groups`. Restrictions are
/// not looked at (rating applies them per charging period).
bool AppliesTo(const TariffPlanRule& rule, LocationGroupId place_group,
               std::span<const BusinessPartnerGroupId> customer_groups);

/// The winner among `candidates` (rules already known to match, e.g. of one tariff code): the first in
/// `TakesPrecedence` order. nullptr when there is none.
const TariffPlanRule* MostSpecificRule(std::span<const TariffPlanRule* const> candidates);

}  // namespace openmsp::domain
