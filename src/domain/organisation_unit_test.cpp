#include "domain/organisation_unit.h"

#include <gtest/gtest.h>

#include <vector>

namespace openmsp::domain {
namespace {

constexpr TenantId kTenant{1};

OrganisationUnit Unit(std::int64_t id, std::optional<std::int64_t> parent, bool billed = false) {
  OrganisationUnit unit{
      .id = OrganisationUnitId{id}, .tenant_id = kTenant, .parent_id = {}, .name = "unit", .billing = {}};
  if (parent) unit.parent_id = OrganisationUnitId{*parent};
  if (billed) {
    unit.billing.emplace();
    unit.billing->legal_name = "Unit " + std::to_string(id) + " GmbH";
  }
  return unit;
}

TEST(ValidateNewOrganisationUnitTest, NamesTheFieldAtFault) {
  EXPECT_TRUE(ValidateNewOrganisationUnit({.parent_id = {}, .name = "Acme", .billing = {}}).ok());
  EXPECT_EQ(ValidateNewOrganisationUnit({.parent_id = {}, .name = "", .billing = {}}).error().field, "name");
  EXPECT_EQ(ValidateNewOrganisationUnit({.parent_id = {}, .name = std::string(201, 'x'), .billing = {}})
                .error()
                .field,
            "name");
  BillingDetails vat_only;
  vat_only.vat_number = "DE123456789";
  Result<void> no_legal_name =
      ValidateNewOrganisationUnit({.parent_id = {}, .name = "Acme", .billing = vat_only});
  ASSERT_FALSE(no_legal_name.ok());
  EXPECT_EQ(no_legal_name.error().field, "billing.legal_name");
}

TEST(CheckMoveTest, RefusesAParentInsideTheMovedSubtree) {
  // 2 is moved; its subtree is 2 → 3 → 4.
  const std::vector<OrganisationUnit> subtree = {Unit(2, 1), Unit(3, 2), Unit(4, 3)};
  for (std::int64_t inside : {2, 3, 4}) {
    Result<void> result = CheckMove(subtree, OrganisationUnitId{inside});
    ASSERT_FALSE(result.ok()) << inside;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().field, "parent_id");
  }
  EXPECT_TRUE(CheckMove(subtree, OrganisationUnitId{5}).ok());
}

TEST(NearestBillingTargetTest, WalksUpToTheFirstUnitWithBillingDetails) {
  const std::vector<OrganisationUnit> tree = {Unit(1, {}, true), Unit(2, 1, true), Unit(3, 2), Unit(4, 3),
                                              Unit(5, 1)};
  EXPECT_EQ(NearestBillingTarget(tree, OrganisationUnitId{4})->id, OrganisationUnitId{2});
  EXPECT_EQ(NearestBillingTarget(tree, OrganisationUnitId{2})->id, OrganisationUnitId{2});
  EXPECT_EQ(NearestBillingTarget(tree, OrganisationUnitId{5})->id, OrganisationUnitId{1});
  EXPECT_EQ(NearestBillingTarget(tree, OrganisationUnitId{9}), nullptr);
}

TEST(NearestBillingTargetTest, ReturnsNullWhenNoUnitOnThePathIsBilledOrThePathLoops) {
  const std::vector<OrganisationUnit> unbilled = {Unit(1, {}), Unit(2, 1)};
  EXPECT_EQ(NearestBillingTarget(unbilled, OrganisationUnitId{2}), nullptr);
  const std::vector<OrganisationUnit> corrupt = {Unit(1, 2), Unit(2, 1)};
  EXPECT_EQ(NearestBillingTarget(corrupt, OrganisationUnitId{1}), nullptr);
}

}  // namespace
}  // namespace openmsp::domain
