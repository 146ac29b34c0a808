#include "domain/tariff_plan_draft.h"

#include <gtest/gtest.h>

#include <string>

namespace openmsp::domain {
namespace {

Decimal D(const char* text) { return Decimal::Parse(text).value(); }

NewTariffPlanDraft Draft(std::string name) {
  return NewTariffPlanDraft{.name = std::move(name),
                            .currency = Currency::Find("EUR").value(),
                            .min_session_price = D("0.50"),
                            .max_session_price = std::nullopt,
                            .rules = {NewTariffPlanRule{.location_group = LocationGroupId{3},
                                                        .business_partner_group = std::nullopt,
                                                        .tariff_code = TariffCodeId{7},
                                                        .unit_price = D("0.35"),
                                                        .priority = 2,
                                                        .restrictions = {}}}};
}

TEST(TariffPlanDraftTest, IsCheckedByTheRulesOfAVersionPlusItsName) {
  EXPECT_TRUE(ValidateNewTariffPlanDraft(Draft("Prices 2027")).ok());
  EXPECT_EQ(ValidateNewTariffPlanDraft(Draft("")).error().field, "name");
  EXPECT_EQ(ValidateNewTariffPlanDraft(Draft(std::string(101, 'x'))).error().field, "name");
  EXPECT_TRUE(ValidateNewTariffPlanDraft(Draft(std::string(100, 'x'))).ok());
  NewTariffPlanDraft bad = Draft("Bad");
  bad.rules[0].unit_price = D("0.1234567");
  EXPECT_EQ(ValidateNewTariffPlanDraft(bad).error().field, "rules[0].unit_price");
  bad = Draft("Bad");
  bad.min_session_price = D("0.505");  // more decimals than EUR has
  EXPECT_EQ(ValidateNewTariffPlanDraft(bad).error().field, "min_session_price");
}

TEST(TariffPlanDraftTest, BecomesTheVersionItIsPublishedAsAndReadsBackAsItsContent) {
  const NewTariffPlanDraft draft = Draft("Prices 2027");
  const Instant from = ParseOcpiDateTime("2027-01-01T00:00:00Z").value();
  const NewTariffPlanVersion version = VersionOfDraft(draft, from);
  EXPECT_EQ(version.valid_from, from);
  EXPECT_EQ(version.currency, draft.currency);
  EXPECT_EQ(version.min_session_price, draft.min_session_price);
  EXPECT_EQ(version.rules, draft.rules);

  const TariffPlanDraft stored{.id = TariffPlanDraftId{5},
                               .tenant_id = TenantId{1},
                               .name = draft.name,
                               .currency = draft.currency,
                               .min_session_price = draft.min_session_price,
                               .max_session_price = std::nullopt,
                               .rules = {TariffPlanRule{.id = TariffPlanRuleId{40},
                                                        .location_group = LocationGroupId{3},
                                                        .business_partner_group = std::nullopt,
                                                        .tariff_code = TariffCodeId{7},
                                                        .unit_price = D("0.35"),
                                                        .priority = 2,
                                                        .restrictions = {}}},
                               .created_at = from,
                               .updated_at = from};
  const NewTariffPlanDraft content = ContentOfDraft(stored);
  EXPECT_EQ(content.name, draft.name);
  EXPECT_EQ(content.rules, draft.rules);

  // Previewed as a version in force at any instant, with its own rule ids.
  const TariffPlanVersion as_version = DraftAsVersion(stored);
  EXPECT_EQ(as_version.id, TariffPlanVersionId{0});
  EXPECT_EQ(as_version.valid_from, kMinInstant);
  EXPECT_FALSE(as_version.valid_until.has_value());
  ASSERT_EQ(as_version.rules.size(), 1u);
  EXPECT_EQ(as_version.rules[0].id, TariffPlanRuleId{40});
  const TariffPlanVersion versions[] = {as_version};
  EXPECT_EQ(VersionInForceAt(versions, ParseOcpiDateTime("1999-06-01T00:00:00Z").value()), &versions[0]);
}

}  // namespace
}  // namespace openmsp::domain
