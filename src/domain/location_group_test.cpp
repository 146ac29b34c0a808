#include "domain/location_group.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace openmsp::domain {
namespace {

Country Alpha3(const char* code) { return CountryFromAlpha3(code).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }
Decimal Kw(const char* text) { return Decimal::Parse(text).value(); }

// Criteria with one field set (GCC warns about designated initializers that leave fields out).
template <class Field, class Value>
LocationGroupCriteria Only(Field LocationGroupCriteria::*field, Value value) {
  LocationGroupCriteria criteria;
  criteria.*field = std::move(value);
  return criteria;
}

LocationGroupCriteria MinMax(const char* min, const char* max) {
  LocationGroupCriteria criteria;
  criteria.min_power_kw = Kw(min);
  criteria.max_power_kw = Kw(max);
  return criteria;
}

LocationGroup Group(std::int64_t id, std::int32_t priority, LocationGroupCriteria criteria) {
  return LocationGroup{.id = LocationGroupId{id},
                       .tenant_id = TenantId{1},
                       .name = "Group " + std::to_string(id),
                       .priority = priority,
                       .is_default = false,
                       .criteria = std::move(criteria)};
}

LocationGroup DefaultGroup(std::int64_t id) {
  LocationGroup group = Group(id, 0, {});
  group.name = "Default";
  group.is_default = true;
  return group;
}

// A Dutch public 11 kW AC connector of NL-ALF at location 7.
ConnectorPlace DutchAc() {
  return ConnectorPlace{.country = Alpha3("NLD"),
                        .party = Party("NL-ALF"),
                        .power_type = PowerType::kAc3Phase,
                        .max_power_kw = Kw("11.04"),
                        .accessibility = Accessibility::kPublic,
                        .location = LocationId{7},
                        .evse_id = EvseId::Parse("NL*ALF*E000000001").value()};
}

TEST(MatchesTest, EmptyCriteriaMatchEverything) {
  EXPECT_TRUE(Matches({}, DutchAc()));
  EXPECT_TRUE(Matches({}, ConnectorPlace{}));
}

TEST(MatchesTest, EveryCriterionMustHoldAndAnyValueWithinOne) {
  LocationGroupCriteria criteria{.countries = {Alpha3("BEL"), Alpha3("NLD")},
                                 .parties = {Party("NL-ALF")},
                                 .power_types = {PowerType::kAc1Phase, PowerType::kAc3Phase},
                                 .min_power_kw = Kw("11.04"),
                                 .max_power_kw = Kw("22"),
                                 .accessibilities = {Accessibility::kPublic},
                                 .locations = {},
                                 .evse_ids = {}};
  EXPECT_TRUE(Matches(criteria, DutchAc()));

  ConnectorPlace place = DutchAc();
  place.country = Alpha3("DEU");
  EXPECT_FALSE(Matches(criteria, place));
  place = DutchAc();
  place.party = Party("NL-BET");
  EXPECT_FALSE(Matches(criteria, place));
  place = DutchAc();
  place.power_type = PowerType::kDc;
  EXPECT_FALSE(Matches(criteria, place));
  place = DutchAc();
  place.accessibility = Accessibility::kSemiPrivate;
  EXPECT_FALSE(Matches(criteria, place));
  // The power bounds are inclusive on both ends.
  place = DutchAc();
  place.max_power_kw = Kw("22.000");
  EXPECT_TRUE(Matches(criteria, place));
  place.max_power_kw = Kw("22.001");
  EXPECT_FALSE(Matches(criteria, place));
  place.max_power_kw = Kw("11.039");
  EXPECT_FALSE(Matches(criteria, place));
}

TEST(MatchesTest, ACriterionAboutAnUnknownFactDoesNotHold) {
  // A CDR of a never-synced location tells country, party, power type and EVSE id, but not the power.
  ConnectorPlace from_cdr = DutchAc();
  from_cdr.max_power_kw.reset();
  from_cdr.accessibility.reset();
  from_cdr.location.reset();
  EXPECT_TRUE(Matches(Only(&LocationGroupCriteria::countries, std::vector{Alpha3("NLD")}), from_cdr));
  EXPECT_FALSE(Matches(Only(&LocationGroupCriteria::min_power_kw, std::optional(Kw("0"))), from_cdr));
  EXPECT_FALSE(
      Matches(Only(&LocationGroupCriteria::accessibilities, std::vector{Accessibility::kPublic}), from_cdr));
  EXPECT_FALSE(Matches(Only(&LocationGroupCriteria::locations, std::vector{LocationId{7}}), from_cdr));
}

TEST(MatchesTest, ExplicitLocationsAndEvseIdsAreOneCriterion) {
  LocationGroupCriteria listed = Only(&LocationGroupCriteria::locations, std::vector{LocationId{8}});
  listed.evse_ids = {EvseId::Parse("nl*alf*e000000001").value()};
  EXPECT_TRUE(Matches(listed, DutchAc()));  // by its EVSE id, in any spelling
  ConnectorPlace place = DutchAc();
  place.evse_id = EvseId::Parse("NL*ALF*E000000002").value();
  EXPECT_FALSE(Matches(listed, place));
  place.location = LocationId{8};
  EXPECT_TRUE(Matches(listed, place));  // by its location
}

TEST(ClassifyConnectorTest, TheFirstMatchingGroupByPriorityWins) {
  std::vector<LocationGroup> groups = {
      DefaultGroup(1), Group(2, 20, Only(&LocationGroupCriteria::countries, std::vector{Alpha3("NLD")})),
      Group(3, 10, Only(&LocationGroupCriteria::power_types, std::vector{PowerType::kDc})),
      Group(4, 20,
            Only(&LocationGroupCriteria::parties,
                 std::vector{Party("NL-ALF")})),  // same priority as 2: the lower id is tried first
  };
  EXPECT_EQ(ClassifyConnector(groups, DutchAc()), LocationGroupId{2});

  ConnectorPlace fast = DutchAc();
  fast.power_type = PowerType::kDc;
  EXPECT_EQ(ClassifyConnector(groups, fast), LocationGroupId{3});

  ConnectorPlace german = DutchAc();
  german.country = Alpha3("DEU");
  EXPECT_EQ(ClassifyConnector(groups, german), LocationGroupId{4});
  german.party = Party("DE-ION");
  EXPECT_EQ(ClassifyConnector(groups, german), LocationGroupId{1});  // nothing else: Default
}

TEST(ClassifyConnectorTest, TheDefaultGroupIsTriedLastWhateverItsPriority) {
  LocationGroup fallback = DefaultGroup(1);
  fallback.priority = -1000;
  std::vector<LocationGroup> groups = {
      fallback, Group(2, 5, Only(&LocationGroupCriteria::countries, std::vector{Alpha3("NLD")}))};
  EXPECT_EQ(ClassifyConnector(groups, DutchAc()), LocationGroupId{2});
  EXPECT_EQ(ClassifyConnector(groups, ConnectorPlace{}), LocationGroupId{1});
  EXPECT_EQ(ClassifyConnector(
                std::vector{Group(2, 5, Only(&LocationGroupCriteria::countries, std::vector{Alpha3("DEU")}))},
                DutchAc()),
            std::nullopt);
}

TEST(ValidateNewLocationGroupTest, NamesTheFieldAtFault) {
  auto field = [](const NewLocationGroup& group) {
    Result<void> result = ValidateNewLocationGroup(group);
    return result.ok() ? std::string("(ok)") : result.error().field;
  };
  EXPECT_EQ(field({.name = "Fast chargers", .priority = 1, .criteria = {}}), "(ok)");
  EXPECT_EQ(field({.name = "", .priority = 1, .criteria = {}}), "name");
  EXPECT_EQ(field({.name = std::string(101, 'x'), .priority = 1, .criteria = {}}), "name");
  EXPECT_EQ(field({.name = "x",
                   .priority = 1,
                   .criteria = Only(&LocationGroupCriteria::min_power_kw, std::optional(Kw("-1")))}),
            "criteria.min_power_kw");
  EXPECT_EQ(field({.name = "x", .priority = 1, .criteria = MinMax("50", "22")}), "criteria.max_power_kw");
  EXPECT_EQ(field({.name = "x",
                   .priority = 1,
                   .criteria = Only(&LocationGroupCriteria::countries,
                                    std::vector{Alpha3("NLD"), Alpha3("BEL"), Alpha3("NLD")})}),
            "criteria.countries[2]");
  EXPECT_EQ(field({.name = "x",
                   .priority = 1,
                   .criteria =
                       Only(&LocationGroupCriteria::parties, std::vector{Party("NL-ALF"), Party("nlalf")})}),
            "criteria.parties[1]");
  EXPECT_EQ(field({.name = "x",
                   .priority = 1,
                   .criteria = Only(
                       &LocationGroupCriteria::evse_ids,
                       std::vector{EvseId::Parse("NL*ALF*E1").value(), EvseId::Parse("NLALFE1").value()})}),
            "criteria.evse_ids[1]");
}

}  // namespace
}  // namespace openmsp::domain
