#include "domain/business_partner_group.h"

#include <gtest/gtest.h>

#include <vector>

namespace openmsp::domain {
namespace {

OrganisationUnit Unit(std::int64_t id, std::optional<std::int64_t> parent) {
  OrganisationUnit unit{.id = OrganisationUnitId{id},
                        .tenant_id = TenantId{1},
                        .parent_id = std::nullopt,
                        .name = "Unit " + std::to_string(id),
                        .billing = std::nullopt};
  if (parent) unit.parent_id = OrganisationUnitId{*parent};
  return unit;
}

BusinessPartnerGroup Group(std::int64_t id, std::vector<std::int64_t> units) {
  BusinessPartnerGroup group{.id = BusinessPartnerGroupId{id},
                             .tenant_id = TenantId{1},
                             .name = "Group " + std::to_string(id),
                             .units = {}};
  for (std::int64_t unit : units) group.units.push_back(OrganisationUnitId{unit});
  return group;
}

std::vector<BusinessPartnerGroupId> Ids(std::vector<std::int64_t> values) {
  std::vector<BusinessPartnerGroupId> ids;
  for (std::int64_t value : values) ids.push_back(BusinessPartnerGroupId{value});
  return ids;
}

// root 1 ─┬─ 2 (Lease companies) ── 4 (Lease Co A) ── 6 (its drivers)
//         └─ 3 (Employees)        ── 5
const std::vector<OrganisationUnit> kTree = {
    Unit(1, std::nullopt), Unit(2, 1), Unit(3, 1), Unit(4, 2), Unit(5, 3), Unit(6, 4)};

TEST(BusinessPartnerGroupsOfTest, AUnitsMembershipCoversItsSubtree) {
  std::vector<BusinessPartnerGroup> groups = {Group(10, {2}), Group(11, {3}), Group(12, {4, 5}),
                                              Group(13, {})};
  EXPECT_EQ(BusinessPartnerGroupsOf(kTree, OrganisationUnitId{6}, groups), Ids({10, 12}));
  EXPECT_EQ(BusinessPartnerGroupsOf(kTree, OrganisationUnitId{5}, groups), Ids({11, 12}));
  EXPECT_EQ(BusinessPartnerGroupsOf(kTree, OrganisationUnitId{2}, groups), Ids({10}));
  EXPECT_TRUE(BusinessPartnerGroupsOf(kTree, OrganisationUnitId{1}, groups).empty());
  EXPECT_TRUE(BusinessPartnerGroupsOf(kTree, OrganisationUnitId{99}, groups).empty());
}

TEST(BusinessPartnerGroupsOfTest, AnswersByIdWhateverTheOrderOfGroups) {
  std::vector<BusinessPartnerGroup> groups = {Group(30, {1}), Group(20, {6}), Group(25, {4})};
  EXPECT_EQ(BusinessPartnerGroupsOf(kTree, OrganisationUnitId{6}, groups), Ids({20, 25, 30}));
}

TEST(BusinessPartnerGroupsOfTest, StopsAtACycle) {
  std::vector<OrganisationUnit> broken = {Unit(1, 2), Unit(2, 1)};
  EXPECT_EQ(BusinessPartnerGroupsOf(broken, OrganisationUnitId{1}, std::vector{Group(7, {2})}), Ids({7}));
}

TEST(ValidateNewBusinessPartnerGroupTest, NamesTheFieldAtFault) {
  EXPECT_TRUE(
      ValidateNewBusinessPartnerGroup({.name = "Lease companies", .units = {OrganisationUnitId{2}}}).ok());
  EXPECT_EQ(ValidateNewBusinessPartnerGroup({.name = "", .units = {}}).error().field, "name");
  EXPECT_EQ(ValidateNewBusinessPartnerGroup({.name = "Tab\there", .units = {}}).error().field, "name");
  EXPECT_EQ(ValidateNewBusinessPartnerGroup(
                {.name = "x", .units = {OrganisationUnitId{2}, OrganisationUnitId{3}, OrganisationUnitId{2}}})
                .error()
                .field,
            "units[2]");
}

}  // namespace
}  // namespace openmsp::domain
