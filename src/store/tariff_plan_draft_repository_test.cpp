// Tariff plan drafts (plan versions being prepared) on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "domain/tariff_plan_draft.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::NewTariffPlanDraft;
using domain::NewTariffPlanRule;
using domain::TariffCodeId;
using domain::TariffPlanDraft;
using domain::TariffPlanDraftId;
using domain::TenantId;
using domain::Weekday;
using std::chrono::minutes;

Decimal D(const char* text) { return Decimal::Parse(text).value(); }
Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
Currency Eur() { return Currency::Find("EUR").value(); }

NewTariffPlanRule RuleFor(TariffCodeId code, const char* price) {
  return NewTariffPlanRule{.location_group = std::nullopt,
                           .business_partner_group = std::nullopt,
                           .tariff_code = code,
                           .unit_price = D(price),
                           .priority = 0,
                           .restrictions = {}};
}

template <class T>
void ExpectError(const Result<T>& result, ErrorCode code, const std::string& field) {
  ASSERT_FALSE(result) << "expected " << field;
  EXPECT_EQ(result.error().code, code) << result.error().ToString();
  EXPECT_EQ(result.error().field, field) << result.error().ToString();
}

template <class Backend>
class TariffPlanDraftRepositoryTest : public ::testing::Test {
 protected:
  domain::TariffPlanDraftRepository& drafts() { return repositories_.tariff_plan_drafts(); }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Eur(),
                                  .parties = {PartyId::Parse(party).value()}})
        .value()
        .id;
  }

  TariffCodeId NewEnergyCode(TenantId tenant) {
    return repositories_.tariff_codes()
        .Create(tenant, domain::NewTariffCode{.code = "ENERGY",
                                              .kind = domain::TariffCodeKind::kEnergy,
                                              .unit = domain::TariffUnit::kKwh,
                                              .step_size = D("0.001"),
                                              .free_units = D("0"),
                                              .grace_period = minutes(0),
                                              .description = "Energy"})
        .value()
        .id;
  }

  domain::LocationGroupId NewLocationGroup(TenantId tenant, const char* name) {
    return repositories_.location_groups()
        .Create(tenant, domain::NewLocationGroup{.name = name, .priority = 1, .criteria = {}})
        .value()
        .id;
  }

  // A draft of two rules: 0.2500 per kWh everywhere, 0.19 at night on weekends in `group` up to 22 kW.
  NewTariffPlanDraft TwoRules(TariffCodeId code, domain::LocationGroupId group) {
    NewTariffPlanRule night = RuleFor(code, "0.19");
    night.location_group = group;
    night.priority = -1;
    night.restrictions.time_of_day =
        domain::TimeOfDayWindow{.start = minutes(22 * 60), .end = minutes(6 * 60)};
    night.restrictions.weekdays = {Weekday::kSunday, Weekday::kSaturday};
    night.restrictions.max_power_kw = D("22.000");
    night.restrictions.valid_from_date = ParseIsoDate("2027-01-01").value();
    return NewTariffPlanDraft{.name = "Prices 2027",
                              .currency = Eur(),
                              .min_session_price = D("0.50"),
                              .max_session_price = std::nullopt,
                              .rules = {RuleFor(code, "0.2500"), night}};
  }

  ManualClock clock_{At("2026-03-01T09:15:00.123Z")};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(TariffPlanDraftRepositoryTest, Backends, BackendNames);

TYPED_TEST(TariffPlanDraftRepositoryTest, StoresADraftExactlyAndReadsItBack) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TariffCodeId code = this->NewEnergyCode(tenant);
  const domain::LocationGroupId group = this->NewLocationGroup(tenant, "AC");
  const TariffPlanDraft created = this->drafts().Create(tenant, this->TwoRules(code, group)).value();
  EXPECT_GT(created.id.value, 0);
  EXPECT_EQ(created.tenant_id, tenant);
  EXPECT_EQ(created.created_at, At("2026-03-01T09:15:00.123Z"));
  EXPECT_EQ(created.updated_at, created.created_at);
  ASSERT_EQ(created.rules.size(), 2u);
  EXPECT_LT(created.rules[0].id, created.rules[1].id);
  // Weekdays read back Monday first, whatever order they were given in.
  EXPECT_EQ(created.rules[1].restrictions.weekdays,
            (std::vector<Weekday>{Weekday::kSaturday, Weekday::kSunday}));

  const TariffPlanDraft found = this->drafts().Find(tenant, created.id).value();
  EXPECT_EQ(found, created);
  EXPECT_EQ(found.rules[0].unit_price.ToString(), "0.2500");  // the scale as given
  EXPECT_EQ(found.min_session_price->ToString(), "0.50");
  EXPECT_EQ(found.rules[1].location_group, group);
  EXPECT_EQ(found.rules[1].priority, -1);
  EXPECT_EQ(this->drafts().List(tenant).value(), std::vector<TariffPlanDraft>{created});
}

TYPED_TEST(TariffPlanDraftRepositoryTest, ReplacesADraftWholeWithNewRuleIds) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TariffCodeId code = this->NewEnergyCode(tenant);
  const TariffPlanDraft created =
      this->drafts().Create(tenant, this->TwoRules(code, this->NewLocationGroup(tenant, "AC"))).value();
  this->clock_.Advance(minutes(5));
  NewTariffPlanDraft changed{.name = "Prices 2027 (v2)",
                             .currency = Eur(),
                             .min_session_price = std::nullopt,
                             .max_session_price = D("80.00"),
                             .rules = {RuleFor(code, "0.31")}};
  const TariffPlanDraft replaced = this->drafts().Replace(tenant, created.id, changed).value();
  EXPECT_EQ(replaced.id, created.id);
  EXPECT_EQ(replaced.created_at, created.created_at);
  EXPECT_EQ(replaced.updated_at, At("2026-03-01T09:20:00.123Z"));
  ASSERT_EQ(replaced.rules.size(), 1u);
  EXPECT_EQ(replaced.rules[0].unit_price, D("0.31"));
  EXPECT_EQ(this->drafts().Find(tenant, created.id).value(), replaced);
  EXPECT_EQ(domain::ContentOfDraft(replaced).rules, changed.rules);
}

TYPED_TEST(TariffPlanDraftRepositoryTest, RefusesInvalidDraftsAndForeignReferencesStoringNothing) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TenantId other = this->NewTenant("beta", "NL-BET");
  const TariffCodeId code = this->NewEnergyCode(tenant);
  const domain::LocationGroupId foreign_group = this->NewLocationGroup(other, "Theirs");

  NewTariffPlanDraft draft = this->TwoRules(code, foreign_group);
  ExpectError(this->drafts().Create(tenant, draft), ErrorCode::kNotFound, "rules[1].location_group");
  draft.rules[1].location_group = std::nullopt;
  draft.rules[1].tariff_code = this->NewEnergyCode(other);
  ExpectError(this->drafts().Create(tenant, draft), ErrorCode::kNotFound, "rules[1].tariff_code");
  draft.rules[1].tariff_code = code;
  draft.rules[1].unit_price = D("-0.10");
  ExpectError(this->drafts().Create(tenant, draft), ErrorCode::kInvalidArgument, "rules[1].unit_price");
  draft.rules[1].unit_price = D("0.10");
  draft.name = "";
  ExpectError(this->drafts().Create(tenant, draft), ErrorCode::kInvalidArgument, "name");
  draft.name = "Empty";
  draft.rules.clear();
  ExpectError(this->drafts().Create(tenant, draft), ErrorCode::kInvalidArgument, "rules");
  EXPECT_TRUE(this->drafts().List(tenant).value().empty());

  // A replacement that fails leaves the draft as it was.
  const TariffPlanDraft stored =
      this->drafts().Create(tenant, this->TwoRules(code, this->NewLocationGroup(tenant, "AC"))).value();
  NewTariffPlanDraft bad = this->TwoRules(code, foreign_group);
  bad.name = "Renamed";
  ExpectError(this->drafts().Replace(tenant, stored.id, bad), ErrorCode::kNotFound,
              "rules[1].location_group");
  EXPECT_EQ(this->drafts().Find(tenant, stored.id).value(), stored);
}

TYPED_TEST(TariffPlanDraftRepositoryTest, AnotherTenantsDraftIsNotFoundAndDeletingRemovesTheRules) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TenantId other = this->NewTenant("beta", "NL-BET");
  const TariffCodeId code = this->NewEnergyCode(tenant);
  const TariffPlanDraft draft =
      this->drafts().Create(tenant, this->TwoRules(code, this->NewLocationGroup(tenant, "AC"))).value();

  ExpectError(this->drafts().Find(other, draft.id), ErrorCode::kNotFound, "id");
  ExpectError(this->drafts().Replace(other, draft.id, domain::ContentOfDraft(draft)), ErrorCode::kNotFound,
              "id");
  ExpectError(this->drafts().Delete(other, draft.id), ErrorCode::kNotFound, "id");
  EXPECT_TRUE(this->drafts().List(other).value().empty());
  ExpectError(this->drafts().Find(tenant, TariffPlanDraftId{draft.id.value + 100}), ErrorCode::kNotFound,
              "id");

  ASSERT_TRUE(this->drafts().Delete(tenant, draft.id).ok());
  ExpectError(this->drafts().Find(tenant, draft.id), ErrorCode::kNotFound, "id");
  ExpectError(this->drafts().Delete(tenant, draft.id), ErrorCode::kNotFound, "id");
  // The rules went with it: a rule row naming the deleted draft is refused by the foreign key, and
  // the tenant's codes are free to be referenced again by a new draft.
  EXPECT_TRUE(this->drafts().List(tenant).value().empty());
}

TYPED_TEST(TariffPlanDraftRepositoryTest, TheSchemaRefusesARuleOfADraftOfAnotherTenant) {
  const TenantId tenant = this->NewTenant("alpha", "NL-ALP");
  const TenantId other = this->NewTenant("beta", "NL-BET");
  const TariffCodeId code = this->NewEnergyCode(tenant);
  const TariffPlanDraft draft =
      this->drafts().Create(tenant, this->TwoRules(code, this->NewLocationGroup(tenant, "AC"))).value();
  // (tenant_id, tariff_plan_draft_id) must name a draft of that tenant.
  EXPECT_FALSE(
      this->backend_
          .Execute("INSERT INTO tariff_plan_draft_rules (tenant_id, tariff_plan_draft_id, tariff_code_id, "
                   "unit_price, priority, weekdays) VALUES (" +
                   std::to_string(other.value) + ", " + std::to_string(draft.id.value) + ", " +
                   std::to_string(code.value) + ", '1', 0, 0)")
          .ok());
}

}  // namespace
}  // namespace openmsp::store
