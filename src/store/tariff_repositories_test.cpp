// Tariff codes and tariff plans with their versions and rules, on SQLite and on a real PostgreSQL 15.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::BusinessPartnerGroupId;
using domain::LocationGroupId;
using domain::NewTariffCode;
using domain::NewTariffPlanRule;
using domain::NewTariffPlanVersion;
using domain::TariffCode;
using domain::TariffCodeId;
using domain::TariffCodeKind;
using domain::TariffPlanRule;
using domain::TariffPlanVersion;
using domain::TariffPlanVersionId;
using domain::TariffUnit;
using domain::TenantId;
using domain::Weekday;
using std::chrono::hours;
using std::chrono::minutes;

Decimal D(const char* text) { return Decimal::Parse(text).value(); }
Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
LocalDate Date(const char* text) { return ParseIsoDate(text).value(); }
Currency Eur() { return Currency::Find("EUR").value(); }

constexpr Duration kDay = hours(24);

NewTariffCode EnergyCode(const char* code = "ENERGY") {
  return NewTariffCode{.code = code,
                       .kind = TariffCodeKind::kEnergy,
                       .unit = TariffUnit::kKwh,
                       .step_size = D("0.100"),
                       .free_units = D("2.50"),
                       .grace_period = minutes(0),
                       .description = "Énergie / energy"};
}

NewTariffCode ParkingCode() {
  return NewTariffCode{.code = "Parking",
                       .kind = TariffCodeKind::kParkingTime,
                       .unit = TariffUnit::kMinute,
                       .step_size = D("1"),
                       .free_units = D("0"),
                       .grace_period = minutes(60),
                       .description = "Idle fee after 60 min"};
}

NewTariffPlanRule RuleFor(TariffCodeId code, const char* price) {
  return NewTariffPlanRule{.location_group = std::nullopt,
                           .business_partner_group = std::nullopt,
                           .tariff_code = code,
                           .unit_price = D(price),
                           .priority = 0,
                           .restrictions = {}};
}

NewTariffPlanVersion VersionFrom(Instant valid_from, std::vector<NewTariffPlanRule> rules) {
  return NewTariffPlanVersion{.valid_from = valid_from,
                              .currency = Eur(),
                              .min_session_price = std::nullopt,
                              .max_session_price = std::nullopt,
                              .rules = std::move(rules)};
}

template <class T>
void ExpectError(const Result<T>& result, ErrorCode code, const std::string& field) {
  ASSERT_FALSE(result) << "expected " << field;
  EXPECT_EQ(result.error().code, code) << result.error().ToString();
  EXPECT_EQ(result.error().field, field) << result.error().ToString();
}

template <class Backend>
class TariffRepositoriesTest : public ::testing::Test {
 protected:
  domain::TariffCodeRepository& codes() { return repositories_.tariff_codes(); }
  domain::TariffPlanRepository& plans() { return repositories_.tariff_plans(); }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Eur(),
                                  .parties = {PartyId::Parse(party).value()}})
        .value()
        .id;
  }

  LocationGroupId NewLocationGroup(TenantId tenant, const char* name) {
    return repositories_.location_groups()
        .Create(tenant, domain::NewLocationGroup{.name = name, .priority = 1, .criteria = {}})
        .value()
        .id;
  }

  BusinessPartnerGroupId NewPartnerGroup(TenantId tenant, const char* name) {
    const domain::OrganisationUnitId root =
        repositories_.organisation_units()
            .Create(tenant, domain::NewOrganisationUnit{.parent_id = std::nullopt, .name = "Root", .billing = {}})
            .value()
            .id;
    return repositories_.business_partner_groups()
        .Create(tenant, domain::NewBusinessPartnerGroup{.name = name, .units = {root}})
        .value()
        .id;
  }

  // 2026-03-01T09:15:00.123Z: milliseconds, so that they must survive.
  ManualClock clock_{At("2026-03-01T09:15:00.123Z")};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(TariffRepositoriesTest, Backends, BackendNames);

TYPED_TEST(TariffRepositoriesTest, StoresTariffCodesExactlyAndFindsThemByIdAndCode) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TariffCode energy = this->codes().Create(tenant, EnergyCode()).value();
  const TariffCode parking = this->codes().Create(tenant, ParkingCode()).value();
  EXPECT_LT(energy.id, parking.id);
  EXPECT_EQ(energy.tenant_id, tenant);
  EXPECT_EQ(energy.created_at, At("2026-03-01T09:15:00.123Z"));

  const TariffCode found = this->codes().FindById(tenant, energy.id).value();
  EXPECT_EQ(found, energy);
  EXPECT_EQ(found.step_size.ToString(), "0.100");  // the scale as given
  EXPECT_EQ(found.free_units.ToString(), "2.50");
  EXPECT_EQ(found.description, "Énergie / energy");
  const TariffCode parking_found = this->codes().FindByCode(tenant, "PARKING").value();  // any case
  EXPECT_EQ(parking_found, parking);
  EXPECT_EQ(parking_found.grace_period, minutes(60));
  EXPECT_EQ(parking_found.kind, TariffCodeKind::kParkingTime);
  EXPECT_EQ(parking_found.unit, TariffUnit::kMinute);
  EXPECT_EQ(this->codes().List(tenant).value(), (std::vector<TariffCode>{energy, parking}));

  ExpectError(this->codes().Create(tenant, EnergyCode("energy")), ErrorCode::kAlreadyExists, "code");
  NewTariffCode bad = EnergyCode("ENERGY-2");
  bad.unit = TariffUnit::kHour;
  ExpectError(this->codes().Create(tenant, bad), ErrorCode::kInvalidArgument, "unit");
  ExpectError(this->codes().Create(TenantId{999}, EnergyCode()), ErrorCode::kNotFound, "tenant_id");
  ExpectError(this->codes().FindById(tenant, TariffCodeId{999}), ErrorCode::kNotFound, "id");
  ExpectError(this->codes().FindByCode(tenant, "NOPE"), ErrorCode::kNotFound, "code");
  EXPECT_EQ(this->codes().List(tenant)->size(), 2U);
}

TYPED_TEST(TariffRepositoriesTest, OnePlanPerTenant) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  ExpectError(this->plans().Find(tenant), ErrorCode::kNotFound, "tariff_plan");
  const domain::TariffPlan plan = this->plans().Create(tenant, {.name = "Public charging"}).value();
  EXPECT_EQ(plan.name, "Public charging");
  EXPECT_EQ(plan.created_at, At("2026-03-01T09:15:00.123Z"));
  EXPECT_EQ(this->plans().Find(tenant).value(), plan);
  ExpectError(this->plans().Create(tenant, {.name = "Another"}), ErrorCode::kAlreadyExists, "tenant_id");
  ExpectError(this->plans().Create(tenant, {.name = ""}), ErrorCode::kInvalidArgument, "name");
  ExpectError(this->plans().Create(TenantId{999}, {.name = "Nobody's"}), ErrorCode::kNotFound, "tenant_id");
}

TYPED_TEST(TariffRepositoriesTest, AVersionWithEveryKindOfRuleRoundTripsExactly) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TariffCodeId energy = this->codes().Create(tenant, EnergyCode()).value().id;
  const TariffCodeId parking = this->codes().Create(tenant, ParkingCode()).value().id;
  const LocationGroupId fast = this->NewLocationGroup(tenant, "Fast chargers");
  const BusinessPartnerGroupId lease = this->NewPartnerGroup(tenant, "Lease companies");
  const domain::TariffPlanId plan = this->plans().Create(tenant, {.name = "Public charging"}).value().id;

  NewTariffPlanRule base = RuleFor(energy, "0.2500");
  NewTariffPlanRule fast_for_lease = RuleFor(energy, "0.345678");
  fast_for_lease.location_group = fast;
  fast_for_lease.business_partner_group = lease;
  fast_for_lease.priority = -3;
  fast_for_lease.restrictions = {.time_of_day = domain::TimeOfDayWindow{.start = hours(22), .end = minutes(390)},
                                 .weekdays = {Weekday::kSunday, Weekday::kSaturday},
                                 .min_power_kw = D("50.5"),
                                 .max_power_kw = D("350.000"),
                                 .valid_from_date = Date("2026-12-01"),
                                 .valid_until_date = Date("2027-01-01")};
  NewTariffPlanRule idle = RuleFor(parking, "0.10");
  idle.location_group = fast;
  NewTariffPlanRule for_lease = RuleFor(parking, "0");
  for_lease.business_partner_group = lease;
  NewTariffPlanVersion version = VersionFrom(At("2026-04-01T00:00:00.250Z"), {base, fast_for_lease, idle, for_lease});
  version.min_session_price = D("1.00");
  version.max_session_price = D("75.5");

  this->clock_.Advance(minutes(1));
  const TariffPlanVersion added = this->plans().AddVersion(tenant, version).value();
  EXPECT_EQ(added.plan_id, plan);
  EXPECT_EQ(added.tenant_id, tenant);
  EXPECT_EQ(added.valid_from, At("2026-04-01T00:00:00.250Z"));
  EXPECT_EQ(added.valid_until, std::nullopt);
  EXPECT_EQ(added.created_at, At("2026-03-01T09:16:00.123Z"));
  ASSERT_EQ(added.rules.size(), 4U);
  for (std::size_t i = 1; i < added.rules.size(); ++i) EXPECT_LT(added.rules[i - 1].id, added.rules[i].id);
  // Weekdays come back Monday first, whatever order they were given in.
  EXPECT_EQ(added.rules[1].restrictions.weekdays, (std::vector<Weekday>{Weekday::kSaturday, Weekday::kSunday}));

  const TariffPlanVersion found = this->plans().FindVersion(tenant, added.id).value();
  EXPECT_EQ(found, added);
  EXPECT_EQ(this->plans().FindInForce(tenant, At("2026-04-01T00:00:00.250Z")).value(), added);
  EXPECT_EQ(this->plans().ListVersions(tenant).value(), std::vector<TariffPlanVersion>{added});

  // Exactly as given, scale included, on both back ends.
  EXPECT_EQ(found.currency, Eur());
  EXPECT_EQ(found.min_session_price->ToString(), "1.00");
  EXPECT_EQ(found.max_session_price->ToString(), "75.5");
  EXPECT_EQ(found.rules[0].unit_price.ToString(), "0.2500");
  EXPECT_EQ(found.rules[0].restrictions, domain::TariffRuleRestrictions{});
  EXPECT_EQ(found.rules[0].location_group, std::nullopt);
  EXPECT_EQ(found.rules[0].business_partner_group, std::nullopt);
  const TariffPlanRule& rule = found.rules[1];
  EXPECT_EQ(rule.unit_price.ToString(), "0.345678");
  EXPECT_EQ(rule.location_group, fast);
  EXPECT_EQ(rule.business_partner_group, lease);
  EXPECT_EQ(rule.tariff_code, energy);
  EXPECT_EQ(rule.priority, -3);
  EXPECT_EQ(rule.restrictions.time_of_day, (domain::TimeOfDayWindow{.start = hours(22), .end = minutes(390)}));
  EXPECT_EQ(rule.restrictions.min_power_kw->ToString(), "50.5");
  EXPECT_EQ(rule.restrictions.max_power_kw->ToString(), "350.000");
  EXPECT_EQ(rule.restrictions.valid_from_date, Date("2026-12-01"));
  EXPECT_EQ(rule.restrictions.valid_until_date, Date("2027-01-01"));
  EXPECT_EQ(found.rules[2].unit_price.ToString(), "0.10");
  EXPECT_EQ(found.rules[3].unit_price.ToString(), "0");
}

TYPED_TEST(TariffRepositoriesTest, VersionsFollowEachOtherAndTheOneInForceIsFoundAtItsBoundaries) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TariffCodeId energy = this->codes().Create(tenant, EnergyCode()).value().id;
  ASSERT_TRUE(this->plans().Create(tenant, {.name = "Public charging"}));
  const Instant april = At("2026-04-01T00:00:00Z");
  const Instant may = At("2026-05-01T00:00:00.001Z");
  const Instant july = At("2026-07-01T00:00:00Z");
  const TariffPlanVersionId v1 = this->plans().AddVersion(tenant, VersionFrom(april, {RuleFor(energy, "0.30")}))->id;
  const TariffPlanVersionId v2 = this->plans().AddVersion(tenant, VersionFrom(may, {RuleFor(energy, "0.35")}))->id;
  const TariffPlanVersionId v3 = this->plans().AddVersion(tenant, VersionFrom(july, {RuleFor(energy, "0.40")}))->id;

  const std::vector<TariffPlanVersion> versions = this->plans().ListVersions(tenant).value();
  ASSERT_EQ(versions.size(), 3U);
  EXPECT_EQ(versions[0].id, v1);
  EXPECT_EQ(versions[0].valid_until, may);
  EXPECT_EQ(versions[1].id, v2);
  EXPECT_EQ(versions[1].valid_until, july);
  EXPECT_EQ(versions[2].id, v3);
  EXPECT_EQ(versions[2].valid_until, std::nullopt);
  EXPECT_EQ(versions[1].rules.at(0).unit_price.ToString(), "0.35");

  const auto in_force = [&](Instant at) { return this->plans().FindInForce(tenant, at); };
  ExpectError(in_force(april - Duration(1)), ErrorCode::kNotFound, "valid_from");
  EXPECT_EQ(in_force(april)->id, v1);
  EXPECT_EQ(in_force(may - Duration(1))->id, v1);
  EXPECT_EQ(in_force(may)->id, v2);
  EXPECT_EQ(in_force(may)->valid_until, july);
  EXPECT_EQ(in_force(may)->rules.at(0).unit_price, D("0.35"));
  EXPECT_EQ(in_force(july - Duration(1))->id, v2);
  EXPECT_EQ(in_force(july)->id, v3);
  EXPECT_EQ(in_force(kMaxInstant)->id, v3);
  ExpectError(in_force(kMaxInstant + Duration(1)), ErrorCode::kInvalidArgument, "at");
  // What the pure rule says about the same versions.
  for (Instant at : {april - Duration(1), april, may - Duration(1), may, july, At("2030-01-01T00:00:00Z")}) {
    const TariffPlanVersion* expected = domain::VersionInForceAt(versions, at);
    Result<TariffPlanVersion> stored = in_force(at);
    ASSERT_EQ(expected != nullptr, stored.ok()) << at;
    if (expected != nullptr) {
      EXPECT_EQ(*expected, *stored) << at;
    }
  }
}

TYPED_TEST(TariffRepositoriesTest, RefusesABackDatedVersionAndWritesNothing) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TariffCodeId energy = this->codes().Create(tenant, EnergyCode()).value().id;
  const Instant now = this->clock_.Now();
  ExpectError(this->plans().AddVersion(tenant, VersionFrom(now, {RuleFor(energy, "0.30")})), ErrorCode::kNotFound,
              "tariff_plan");
  ASSERT_TRUE(this->plans().Create(tenant, {.name = "Public charging"}));

  // The first version may start in the past: no CDR was rated without a version.
  ASSERT_TRUE(this->plans().AddVersion(tenant, VersionFrom(now - kDay, {RuleFor(energy, "0.30")})));
  // A later one may not, even by a millisecond; from now on is fine.
  ExpectError(this->plans().AddVersion(tenant, VersionFrom(now - Duration(1), {RuleFor(energy, "0.32")})),
              ErrorCode::kFailedPrecondition, "valid_from");
  ASSERT_TRUE(this->plans().AddVersion(tenant, VersionFrom(now, {RuleFor(energy, "0.31")})));
  const Instant june = At("2026-06-01T00:00:00Z");
  ASSERT_TRUE(this->plans().AddVersion(tenant, VersionFrom(june, {RuleFor(energy, "0.35")})));
  // Not after the latest version: the same instant or earlier, though still in the future.
  ExpectError(this->plans().AddVersion(tenant, VersionFrom(june, {RuleFor(energy, "0.40")})),
              ErrorCode::kFailedPrecondition, "valid_from");
  ExpectError(this->plans().AddVersion(tenant, VersionFrom(june - kDay, {RuleFor(energy, "0.40")})),
              ErrorCode::kFailedPrecondition, "valid_from");
  // Once June has come, a version from a day ago is in the past.
  this->clock_.Set(june + kDay);
  ExpectError(this->plans().AddVersion(tenant, VersionFrom(june + kDay - Duration(1), {RuleFor(energy, "0.40")})),
              ErrorCode::kFailedPrecondition, "valid_from");

  const std::vector<TariffPlanVersion> versions = this->plans().ListVersions(tenant).value();
  ASSERT_EQ(versions.size(), 3U);
  EXPECT_EQ(versions[0].valid_from, now - kDay);
  EXPECT_EQ(versions[2].rules.at(0).unit_price, D("0.35"));
}

TYPED_TEST(TariffRepositoriesTest, AVersionWithABadRuleLeavesNothingBehind) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TariffCodeId energy = this->codes().Create(tenant, EnergyCode()).value().id;
  ASSERT_TRUE(this->plans().Create(tenant, {.name = "Public charging"}));
  const Instant april = At("2026-04-01T00:00:00Z");

  ExpectError(this->plans().AddVersion(tenant, VersionFrom(april, {RuleFor(energy, "0.30"),
                                                                    RuleFor(TariffCodeId{energy.value + 100}, "1")})),
              ErrorCode::kNotFound, "rules[1].tariff_code");
  NewTariffPlanRule unknown_group = RuleFor(energy, "0.40");
  unknown_group.location_group = LocationGroupId{987654};
  ExpectError(this->plans().AddVersion(tenant, VersionFrom(april, {RuleFor(energy, "0.30"), unknown_group})),
              ErrorCode::kNotFound, "rules[1].location_group");
  ExpectError(this->plans().AddVersion(tenant, VersionFrom(april, {RuleFor(energy, "0.30"), RuleFor(energy, "-1")})),
              ErrorCode::kInvalidArgument, "rules[1].unit_price");
  EXPECT_TRUE(this->plans().ListVersions(tenant)->empty());
  ExpectError(this->plans().FindInForce(tenant, april), ErrorCode::kNotFound, "valid_from");
}

TYPED_TEST(TariffRepositoriesTest, OnlyAVersionNotYetInForceMayBeWithdrawn) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TariffCodeId energy = this->codes().Create(tenant, EnergyCode()).value().id;
  ASSERT_TRUE(this->plans().Create(tenant, {.name = "Public charging"}));
  const Instant april = At("2026-04-01T00:00:00Z");
  const Instant june = At("2026-06-01T00:00:00Z");
  const TariffPlanVersionId v1 = this->plans().AddVersion(tenant, VersionFrom(april, {RuleFor(energy, "0.30")}))->id;
  const TariffPlanVersionId v2 = this->plans().AddVersion(tenant, VersionFrom(june, {RuleFor(energy, "0.99")}))->id;

  this->clock_.Set(april);  // v1 in force, v2 scheduled
  ExpectError(this->plans().WithdrawScheduledVersion(tenant, v1), ErrorCode::kFailedPrecondition, "valid_from");
  ASSERT_TRUE(this->plans().WithdrawScheduledVersion(tenant, v2));
  ExpectError(this->plans().WithdrawScheduledVersion(tenant, v2), ErrorCode::kNotFound, "id");
  ExpectError(this->plans().FindVersion(tenant, v2), ErrorCode::kNotFound, "id");
  const TariffPlanVersion still = this->plans().FindInForce(tenant, june).value();
  EXPECT_EQ(still.id, v1);
  EXPECT_EQ(still.valid_until, std::nullopt);
  // The corrected version takes its place.
  const TariffPlanVersionId fixed = this->plans().AddVersion(tenant, VersionFrom(june, {RuleFor(energy, "0.39")}))->id;
  EXPECT_EQ(this->plans().FindInForce(tenant, june)->id, fixed);
}

TYPED_TEST(TariffRepositoriesTest, AGroupOrCodeUsedByARuleCannotBeDeletedFromUnderIt) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TariffCodeId energy = this->codes().Create(tenant, EnergyCode()).value().id;
  const LocationGroupId fast = this->NewLocationGroup(tenant, "Fast chargers");
  const BusinessPartnerGroupId lease = this->NewPartnerGroup(tenant, "Lease companies");
  ASSERT_TRUE(this->plans().Create(tenant, {.name = "Public charging"}));
  NewTariffPlanRule rule = RuleFor(energy, "0.30");
  rule.location_group = fast;
  rule.business_partner_group = lease;
  const TariffPlanVersion version =
      this->plans().AddVersion(tenant, VersionFrom(At("2026-04-01T00:00:00Z"), {rule})).value();

  for (Result<void> refused : {this->repositories_.business_partner_groups().Delete(tenant, lease),
                               this->repositories_.location_groups().Delete(tenant, fast)}) {
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().field, "id");
    EXPECT_THAT(refused.error().message, ::testing::HasSubstr("used by tariff plan rules"));
  }
  EXPECT_TRUE(this->repositories_.location_groups().FindById(tenant, fast)) << "nothing deleted";
  EXPECT_FALSE(this->backend_.Execute("DELETE FROM tariff_codes WHERE id = " + std::to_string(energy.value)));
  EXPECT_EQ(this->plans().FindVersion(tenant, version.id).value(), version);
}

TYPED_TEST(TariffRepositoriesTest, AnotherTenantsCodesGroupsPlanAndVersionsAreNeitherVisibleNorUsable) {
  const TenantId a = this->NewTenant("alpha", "NL-ALP");
  const TenantId b = this->NewTenant("bravo", "NL-BRV");
  const TariffCode a_code = this->codes().Create(a, EnergyCode()).value();
  const LocationGroupId a_group = this->NewLocationGroup(a, "Fast chargers");
  const BusinessPartnerGroupId a_partners = this->NewPartnerGroup(a, "Lease companies");
  ASSERT_TRUE(this->plans().Create(a, {.name = "Alpha prices"}));
  NewTariffPlanRule a_rule = RuleFor(a_code.id, "0.30");
  a_rule.location_group = a_group;
  a_rule.business_partner_group = a_partners;
  const Instant april = At("2026-04-01T00:00:00Z");
  const TariffPlanVersion a_version = this->plans().AddVersion(a, VersionFrom(april, {a_rule})).value();

  // Not visible through B.
  ExpectError(this->codes().FindById(b, a_code.id), ErrorCode::kNotFound, "id");
  ExpectError(this->codes().FindByCode(b, "ENERGY"), ErrorCode::kNotFound, "code");
  EXPECT_TRUE(this->codes().List(b)->empty());
  ExpectError(this->plans().Find(b), ErrorCode::kNotFound, "tariff_plan");
  ExpectError(this->plans().FindInForce(b, april), ErrorCode::kNotFound, "valid_from");
  ExpectError(this->plans().FindVersion(b, a_version.id), ErrorCode::kNotFound, "id");
  EXPECT_TRUE(this->plans().ListVersions(b)->empty());
  ExpectError(this->plans().WithdrawScheduledVersion(b, a_version.id), ErrorCode::kNotFound, "id");
  for (std::int64_t id = 0; id <= a_version.id.value + 2; ++id) {
    EXPECT_FALSE(this->plans().FindVersion(b, TariffPlanVersionId{id})) << id;
    EXPECT_FALSE(this->codes().FindById(b, TariffCodeId{id})) << id;
  }

  // Not usable by B: its plan cannot point at A's code or groups.
  const TariffCode b_code = this->codes().Create(b, EnergyCode()).value();  // the same name is B's own
  ASSERT_TRUE(this->plans().Create(b, {.name = "Bravo prices"}));
  ExpectError(this->plans().AddVersion(b, VersionFrom(april, {RuleFor(a_code.id, "0.30")})), ErrorCode::kNotFound,
              "rules[0].tariff_code");
  NewTariffPlanRule with_a_group = RuleFor(b_code.id, "0.30");
  with_a_group.location_group = a_group;
  ExpectError(this->plans().AddVersion(b, VersionFrom(april, {with_a_group})), ErrorCode::kNotFound,
              "rules[0].location_group");
  NewTariffPlanRule with_a_partners = RuleFor(b_code.id, "0.30");
  with_a_partners.business_partner_group = a_partners;
  ExpectError(this->plans().AddVersion(b, VersionFrom(april, {with_a_partners})), ErrorCode::kNotFound,
              "rules[0].business_partner_group");
  EXPECT_TRUE(this->plans().ListVersions(b)->empty());

  // B's own version works and does not disturb A's.
  const TariffPlanVersion b_version =
      this->plans().AddVersion(b, VersionFrom(april, {RuleFor(b_code.id, "0.20")})).value();
  EXPECT_EQ(this->plans().FindInForce(b, april).value(), b_version);
  EXPECT_EQ(this->plans().FindInForce(a, april).value(), a_version);
  EXPECT_EQ(this->codes().List(a).value(), std::vector<TariffCode>{a_code});

  // The schema refuses what the repository would: rows of B pointing at A's code, groups or version.
  const std::string b_id = std::to_string(b.value);
  const std::string insert =
      "INSERT INTO tariff_plan_rules (tenant_id, tariff_plan_version_id, location_group_id, "
      "business_partner_group_id, tariff_code_id, unit_price, priority, weekdays) VALUES (" +
      b_id + ", ";
  const std::string b_version_id = std::to_string(b_version.id.value);
  EXPECT_TRUE(this->backend_.Execute(insert + b_version_id + ", NULL, NULL, " + std::to_string(b_code.id.value) +
                                     ", 1, 0, 0)"));
  EXPECT_FALSE(this->backend_.Execute(insert + b_version_id + ", NULL, NULL, " +
                                      std::to_string(a_code.id.value) + ", 1, 0, 0)"));
  EXPECT_FALSE(this->backend_.Execute(insert + b_version_id + ", " + std::to_string(a_group.value) + ", NULL, " +
                                      std::to_string(b_code.id.value) + ", 1, 0, 0)"));
  EXPECT_FALSE(this->backend_.Execute(insert + b_version_id + ", NULL, " + std::to_string(a_partners.value) + ", " +
                                      std::to_string(b_code.id.value) + ", 1, 0, 0)"));
  EXPECT_FALSE(this->backend_.Execute(insert + std::to_string(a_version.id.value) + ", NULL, NULL, " +
                                      std::to_string(b_code.id.value) + ", 1, 0, 0)"));
  EXPECT_EQ(this->plans().FindVersion(a, a_version.id).value(), a_version);
}

}  // namespace
}  // namespace openmsp::store
