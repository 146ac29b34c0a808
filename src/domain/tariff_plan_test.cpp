#include "domain/tariff_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace openmsp::domain {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Decimal D(const char* text) { return Decimal::Parse(text).value(); }
Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
LocalDate Date(const char* text) { return ParseIsoDate(text).value(); }
Currency Eur() { return Currency::Find("EUR").value(); }

NewTariffPlanRule EnergyRule(const char* price) {
  return NewTariffPlanRule{.location_group = std::nullopt,
                           .business_partner_group = std::nullopt,
                           .tariff_code = TariffCodeId{1},
                           .unit_price = D(price),
                           .priority = 0,
                           .restrictions = {}};
}

NewTariffPlanVersion Version(std::vector<NewTariffPlanRule> rules) {
  return NewTariffPlanVersion{.valid_from = At("2026-04-01T00:00:00Z"),
                              .currency = Eur(),
                              .min_session_price = std::nullopt,
                              .max_session_price = std::nullopt,
                              .rules = std::move(rules)};
}

std::string FieldOf(const Result<void>& result) { return result ? "ok" : result.error().field; }

TariffPlanRule Rule(std::int64_t id, std::optional<std::int64_t> group, std::optional<std::int64_t> partners,
                    std::int32_t priority = 0) {
  TariffPlanRule rule{.id = TariffPlanRuleId{id},
                      .location_group = std::nullopt,
                      .business_partner_group = std::nullopt,
                      .tariff_code = TariffCodeId{1},
                      .unit_price = D("0.30"),
                      .priority = priority,
                      .restrictions = {}};
  if (group) rule.location_group = LocationGroupId{*group};
  if (partners) rule.business_partner_group = BusinessPartnerGroupId{*partners};
  return rule;
}

TariffPlanVersion StoredVersion(std::int64_t id, const char* valid_from) {
  return TariffPlanVersion{.id = TariffPlanVersionId{id},
                           .plan_id = TariffPlanId{1},
                           .tenant_id = TenantId{1},
                           .valid_from = At(valid_from),
                           .valid_until = std::nullopt,
                           .currency = Eur(),
                           .min_session_price = std::nullopt,
                           .max_session_price = std::nullopt,
                           .rules = {},
                           .created_at = Instant()};
}

TEST(TimeOfDayTest, ParsesAndFormatsHoursAndMinutes) {
  EXPECT_EQ(ParseTimeOfDay("00:00").value(), minutes(0));
  EXPECT_EQ(ParseTimeOfDay("07:30").value(), minutes(450));
  EXPECT_EQ(ParseTimeOfDay("23:59").value(), minutes(1439));
  for (const char* bad : {"24:00", "12:60", "7:30", "07:3", "07.30", "0730", "", " 07:30", "07:30 "}) {
    EXPECT_FALSE(ParseTimeOfDay(bad)) << bad;
  }
  EXPECT_EQ(FormatTimeOfDay(minutes(0)), "00:00");
  EXPECT_EQ(FormatTimeOfDay(minutes(450)), "07:30");
  EXPECT_EQ(FormatTimeOfDay(minutes(1439)), "23:59");
  for (int m = 0; m < 1440; m += 7) EXPECT_EQ(ParseTimeOfDay(FormatTimeOfDay(minutes(m))).value(), minutes(m));
}

TEST(TimeOfDayTest, WindowStartIsInclusiveEndExclusiveAndMayWrapMidnight) {
  const TimeOfDayWindow day{.start = hours(8), .end = hours(20)};
  EXPECT_FALSE(InWindow(day, minutes(479)));
  EXPECT_TRUE(InWindow(day, minutes(480)));
  EXPECT_TRUE(InWindow(day, minutes(1199)));
  EXPECT_FALSE(InWindow(day, minutes(1200)));

  const TimeOfDayWindow night{.start = hours(22), .end = hours(6)};
  EXPECT_TRUE(InWindow(night, minutes(1320)));
  EXPECT_TRUE(InWindow(night, minutes(1439)));
  EXPECT_TRUE(InWindow(night, minutes(0)));
  EXPECT_TRUE(InWindow(night, minutes(359)));
  EXPECT_FALSE(InWindow(night, minutes(360)));
  EXPECT_FALSE(InWindow(night, minutes(1319)));

  const TimeOfDayWindow to_midnight{.start = hours(8), .end = minutes(0)};
  EXPECT_TRUE(InWindow(to_midnight, minutes(1439)));
  EXPECT_FALSE(InWindow(to_midnight, minutes(0)));
  EXPECT_FALSE(InWindow(to_midnight, minutes(479)));
}

TEST(ValidateTariffRuleRestrictionsTest, AcceptsEveryRestrictionTogether) {
  TariffRuleRestrictions restrictions{.time_of_day = TimeOfDayWindow{.start = hours(22), .end = hours(6)},
                                      .weekdays = {Weekday::kSaturday, Weekday::kSunday, Weekday::kMonday},
                                      .min_power_kw = D("50"),
                                      .max_power_kw = D("50.000"),
                                      .valid_from_date = Date("2026-12-01"),
                                      .valid_until_date = Date("2027-01-01")};
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(restrictions)), "ok");
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions({})), "ok");
}

TEST(ValidateTariffRuleRestrictionsTest, NamesTheFieldAtFault) {
  TariffRuleRestrictions window;
  window.time_of_day = TimeOfDayWindow{.start = hours(24), .end = hours(6)};
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(window)), "time_of_day.start");
  window.time_of_day = TimeOfDayWindow{.start = hours(6), .end = minutes(-1)};
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(window)), "time_of_day.end");
  window.time_of_day = TimeOfDayWindow{.start = hours(6), .end = hours(6)};
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(window)), "time_of_day.end");

  TariffRuleRestrictions days;
  days.weekdays = {Weekday::kMonday, Weekday::kFriday, Weekday::kMonday};
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(days)), "weekdays[2]");
  days.weekdays = {Weekday::kMonday, static_cast<Weekday>(8)};
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(days)), "weekdays[1]");

  TariffRuleRestrictions power;
  power.min_power_kw = D("-1");
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(power)), "min_power_kw");
  power.min_power_kw = D("22.0001");
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(power)), "min_power_kw");
  power.min_power_kw = D("22");
  power.max_power_kw = D("21.999");
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(power)), "max_power_kw");

  TariffRuleRestrictions dates;
  dates.valid_from_date = Date("2027-01-01");
  dates.valid_until_date = Date("2027-01-01");
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(dates)), "valid_until_date");
  dates.valid_until_date = Date("2027-01-02");
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(dates)), "ok");
  dates.valid_from_date.reset();
  EXPECT_EQ(FieldOf(ValidateTariffRuleRestrictions(dates)), "ok");
}

TEST(ValidateNewTariffPlanRuleTest, PricesAreExactNonNegativeAndBounded) {
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanRule(EnergyRule("0"))), "ok");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanRule(EnergyRule("0.345678"))), "ok");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanRule(EnergyRule("0.3456780000"))), "ok");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanRule(EnergyRule("0.3456789"))), "unit_price");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanRule(EnergyRule("-0.01"))), "unit_price");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanRule(EnergyRule("999999.999999"))), "ok");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanRule(EnergyRule("1000000"))), "unit_price");
  NewTariffPlanRule rule = EnergyRule("0.30");
  rule.restrictions.weekdays = {Weekday::kSunday, Weekday::kSunday};
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanRule(rule)), "restrictions.weekdays[1]");
}

TEST(ValidateNewTariffPlanVersionTest, NeedsRulesAndNamesTheRuleAtFault) {
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(Version({EnergyRule("0.30")}))), "ok");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(Version({}))), "rules");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(Version(std::vector(1001, EnergyRule("0.30"))))), "rules");

  NewTariffPlanRule night = EnergyRule("0.20");
  night.restrictions.time_of_day = TimeOfDayWindow{.start = hours(22), .end = hours(22)};
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(Version({EnergyRule("0.30"), night}))),
            "rules[1].restrictions.time_of_day.end");
}

TEST(ValidateNewTariffPlanVersionTest, RefusesARuleThatRepeatsAnotherButForItsPrice) {
  NewTariffPlanRule for_lease = EnergyRule("0.30");
  for_lease.business_partner_group = BusinessPartnerGroupId{4};
  NewTariffPlanRule again = for_lease;
  again.unit_price = D("0.25");
  Result<void> result = ValidateNewTariffPlanVersion(Version({EnergyRule("0.30"), for_lease, again}));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "rules[2]");
  EXPECT_NE(result.error().message.find("rules[1]"), std::string::npos);

  // Any difference besides the price makes it another rule.
  again.priority = 1;
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(Version({EnergyRule("0.30"), for_lease, again}))), "ok");
  again = for_lease;
  again.restrictions.weekdays = {Weekday::kSunday};
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(Version({EnergyRule("0.30"), for_lease, again}))), "ok");
  again = for_lease;
  again.tariff_code = TariffCodeId{2};
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(Version({EnergyRule("0.30"), for_lease, again}))), "ok");
}

TEST(ValidateNewTariffPlanVersionTest, SessionBoundsInTheCurrencysMinorUnitsAndMinNotAboveMax) {
  NewTariffPlanVersion version = Version({EnergyRule("0.30")});
  version.min_session_price = D("1.00");
  version.max_session_price = D("75.5");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "ok");
  version.max_session_price = D("1.00");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "ok");
  version.max_session_price = D("0.99");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "max_session_price");
  version.max_session_price.reset();
  version.min_session_price = D("1.005");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "min_session_price");
  version.min_session_price = D("-1");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "min_session_price");
  version.min_session_price.reset();
  version.max_session_price = D("1000000");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "max_session_price");

  version.currency = Currency::Find("JPY").value();  // no minor unit
  version.max_session_price = D("500.0");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "ok");
  version.max_session_price = D("500.5");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "max_session_price");
}

TEST(ValidateNewTariffPlanVersionTest, ValidFromWithinStorableInstants) {
  NewTariffPlanVersion version = Version({EnergyRule("0.30")});
  version.valid_from = kMaxInstant;
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "ok");
  version.valid_from = kMaxInstant + Duration(1);
  EXPECT_EQ(FieldOf(ValidateNewTariffPlanVersion(version)), "valid_from");
}

TEST(ValidateNewTariffPlanTest, NameIsRequiredOcpiText) {
  EXPECT_EQ(FieldOf(ValidateNewTariffPlan({.name = "Public charging 2026"})), "ok");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlan({.name = ""})), "name");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlan({.name = std::string(101, 'p')})), "name");
  EXPECT_EQ(FieldOf(ValidateNewTariffPlan({.name = "tab\there"})), "name");
}

TEST(CheckNewVersionStartTest, AfterTheLatestVersionAndNotInThePastUnlessTheFirst) {
  const Instant now = At("2026-03-15T12:00:00Z");
  const Instant latest = At("2026-04-01T00:00:00Z");
  EXPECT_TRUE(CheckNewVersionStart(std::nullopt, now, now));
  EXPECT_TRUE(CheckNewVersionStart(latest, latest + Duration(1), now));

  Result<void> same = CheckNewVersionStart(latest, latest, now);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(same.error().field, "valid_from");
  EXPECT_FALSE(CheckNewVersionStart(latest, latest - Duration(1), now));

  // The first version may start in the past: no CDR was rated without one.
  EXPECT_TRUE(CheckNewVersionStart(std::nullopt, now - Duration(1), now));
  EXPECT_TRUE(CheckNewVersionStart(std::nullopt, At("2025-01-01T00:00:00Z"), now));
  // After the latest but in the past: refused, sessions since then were rated already.
  EXPECT_FALSE(CheckNewVersionStart(At("2026-01-01T00:00:00Z"), At("2026-02-01T00:00:00Z"), now));
}

TEST(CheckScheduledVersionTest, OnlyAVersionNotYetInForceMayBeWithdrawn) {
  const Instant now = At("2026-03-15T12:00:00Z");
  EXPECT_TRUE(CheckScheduledVersion(now + Duration(1), now));
  Result<void> in_force = CheckScheduledVersion(now, now);
  ASSERT_FALSE(in_force);
  EXPECT_EQ(in_force.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(in_force.error().field, "valid_from");
}

TEST(VersionInForceAtTest, LatestStartNotAfterTheInstantWhateverTheOrder) {
  const std::vector<TariffPlanVersion> versions = {StoredVersion(3, "2026-07-01T00:00:00Z"),
                                                   StoredVersion(1, "2026-01-01T00:00:00Z"),
                                                   StoredVersion(2, "2026-04-01T00:00:00Z")};
  const auto id_at = [&](const char* at) -> std::int64_t {
    const TariffPlanVersion* version = VersionInForceAt(versions, At(at));
    return version == nullptr ? 0 : version->id.value;
  };
  EXPECT_EQ(id_at("2025-12-31T23:59:59.999Z"), 0);
  EXPECT_EQ(id_at("2026-01-01T00:00:00Z"), 1);  // from valid_from, inclusive
  EXPECT_EQ(id_at("2026-03-31T23:59:59.999Z"), 1);
  EXPECT_EQ(id_at("2026-04-01T00:00:00Z"), 2);  // until the next, exclusive
  EXPECT_EQ(id_at("2026-06-30T23:59:59.999Z"), 2);
  EXPECT_EQ(id_at("2026-07-01T00:00:00Z"), 3);
  EXPECT_EQ(id_at("2099-01-01T00:00:00Z"), 3);  // the latest stays in force
  EXPECT_EQ(VersionInForceAt({}, At("2026-05-01T00:00:00Z")), nullptr);
}

TEST(RuleSpecificityTest, GroupAndPartnerGroupBeatGroupBeatsPartnerGroupBeatsAny) {
  EXPECT_EQ(SpecificityOf(Rule(1, 7, 9)), RuleSpecificity::kPlaceAndCustomerGroup);
  EXPECT_EQ(SpecificityOf(Rule(1, 7, std::nullopt)), RuleSpecificity::kPlaceAnyCustomer);
  EXPECT_EQ(SpecificityOf(Rule(1, std::nullopt, 9)), RuleSpecificity::kAnyPlaceCustomerGroup);
  EXPECT_EQ(SpecificityOf(Rule(1, std::nullopt, std::nullopt)), RuleSpecificity::kAnyPlaceAnyCustomer);

  // Priority and id never outweigh specificity: the less specific rules have better priorities and ids.
  std::vector<TariffPlanRule> rules = {Rule(1, std::nullopt, std::nullopt, -100), Rule(2, std::nullopt, 9, -50),
                                       Rule(3, 7, std::nullopt, -10), Rule(4, 7, 9, 10)};
  std::vector<TariffPlanRule> sorted = rules;
  std::sort(sorted.begin(), sorted.end(), TakesPrecedence);
  std::vector<std::int64_t> ids;
  for (const TariffPlanRule& rule : sorted) ids.push_back(rule.id.value);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{4, 3, 2, 1}));
}

TEST(RuleSpecificityTest, TiesByPriorityThenId) {
  const TariffPlanRule low_priority = Rule(1, 7, std::nullopt, 5);
  const TariffPlanRule high_priority = Rule(2, 7, std::nullopt, -1);
  const TariffPlanRule high_priority_later = Rule(3, 7, std::nullopt, -1);
  EXPECT_TRUE(TakesPrecedence(high_priority, low_priority));
  EXPECT_FALSE(TakesPrecedence(low_priority, high_priority));
  EXPECT_TRUE(TakesPrecedence(high_priority, high_priority_later));
  EXPECT_FALSE(TakesPrecedence(high_priority_later, high_priority));
  EXPECT_FALSE(TakesPrecedence(high_priority, high_priority));  // irreflexive, so std::sort may use it

  const std::vector<const TariffPlanRule*> candidates = {&low_priority, &high_priority_later, &high_priority};
  EXPECT_EQ(MostSpecificRule(candidates), &high_priority);
  EXPECT_EQ(MostSpecificRule({}), nullptr);
}

TEST(RuleSpecificityTest, AppliesToThePlaceGroupAndOneOfTheCustomersGroups) {
  const std::vector<BusinessPartnerGroupId> customer = {BusinessPartnerGroupId{8}, BusinessPartnerGroupId{9}};
  const LocationGroupId place{7};
  EXPECT_TRUE(AppliesTo(Rule(1, std::nullopt, std::nullopt), place, customer));
  EXPECT_TRUE(AppliesTo(Rule(1, 7, std::nullopt), place, customer));
  EXPECT_TRUE(AppliesTo(Rule(1, std::nullopt, 9), place, customer));
  EXPECT_TRUE(AppliesTo(Rule(1, 7, 8), place, customer));
  EXPECT_FALSE(AppliesTo(Rule(1, 6, std::nullopt), place, customer));
  EXPECT_FALSE(AppliesTo(Rule(1, std::nullopt, 10), place, customer));
  EXPECT_FALSE(AppliesTo(Rule(1, 7, 10), place, customer));
  EXPECT_FALSE(AppliesTo(Rule(1, std::nullopt, 9), place, {}));  // a private customer in no group

  // The whole selection for one customer and place: the group+BPG rule wins over the rest.
  const std::vector<TariffPlanRule> rules = {Rule(1, std::nullopt, std::nullopt), Rule(2, 7, std::nullopt),
                                             Rule(3, std::nullopt, 9), Rule(4, 7, 10), Rule(5, 7, 8),
                                             Rule(6, 6, 8)};
  std::vector<const TariffPlanRule*> matching;
  for (const TariffPlanRule& rule : rules) {
    if (AppliesTo(rule, place, customer)) matching.push_back(&rule);
  }
  ASSERT_EQ(matching.size(), 4U);
  EXPECT_EQ(MostSpecificRule(matching)->id, TariffPlanRuleId{5});
}

}  // namespace
}  // namespace openmsp::domain
