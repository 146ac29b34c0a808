// Location group previews (which connectors a change would move) on SQLite and a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::Connector;
using domain::ConnectorMove;
using domain::Evse;
using domain::Location;
using domain::LocationGroupCriteria;
using domain::LocationGroupId;
using domain::LocationGroupPreview;
using domain::NewLocationGroup;
using domain::PowerType;
using domain::TenantId;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }
Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

Connector Plug(const char* id, PowerType power_type, std::int64_t volts, std::int64_t amperes) {
  return Connector{.id = id,
                   .standard = "IEC_62196_T2",
                   .format = domain::ConnectorFormat::kCable,
                   .power_type = power_type,
                   .max_voltage = volts,
                   .max_amperage = amperes,
                   .max_electric_power = std::nullopt,
                   .tariff_ids = {},
                   .last_updated = At("2026-01-01T10:00:00Z"),
                   .raw_json = "{}"};
}

Evse Point(const char* uid, std::vector<Connector> connectors) {
  return Evse{.uid = uid,
              .evse_id = "",
              .status = domain::EvseStatus::kAvailable,
              .last_updated = At("2026-01-01T10:00:00Z"),
              .connectors = std::move(connectors),
              .raw_json = "{}"};
}

Location Site(const char* cpo, const char* id, const char* country, std::vector<Evse> evses) {
  return Location{.key = {.party = Party(cpo), .location_id = id},
                  .publish = true,
                  .name = id,
                  .address = "Street 1",
                  .city = "City",
                  .postal_code = "",
                  .country = CountryFromAlpha3(country).value(),
                  .coordinates = {.latitude = "52.0", .longitude = "4.0"},
                  .time_zone = "Europe/Amsterdam",
                  .parking_type = std::nullopt,
                  .facilities = {},
                  .last_updated = At("2026-01-01T10:00:00Z"),
                  .evses = std::move(evses),
                  .raw_json = "{}"};
}

NewLocationGroup Group(const char* name, std::int32_t priority, LocationGroupCriteria criteria) {
  return NewLocationGroup{.name = name, .priority = priority, .criteria = std::move(criteria)};
}

LocationGroupCriteria AtLeastKw(const char* kw) {
  LocationGroupCriteria criteria;
  criteria.min_power_kw = Number(kw);
  return criteria;
}

// `location/evse/connector from→to` with the group names of `names`.
std::vector<std::string> Moves(const std::vector<ConnectorMove>& moves,
                               const std::vector<std::pair<LocationGroupId, std::string>>& names) {
  auto name = [&](LocationGroupId id) {
    for (const auto& [group, text] : names) {
      if (group == id) return text;
    }
    return std::string("?");
  };
  std::vector<std::string> described;
  for (const ConnectorMove& move : moves) {
    described.push_back(move.connector.key.location_id + "/" + move.connector.evse_uid + "/" +
                        move.connector.connector_id + " " + name(move.from) + "→" + name(move.to));
  }
  return described;
}

using Names = std::vector<std::string>;

template <class Backend>
class LocationGroupPreviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alpha_ = NewTenant("alpha", "NL-AAA");
    beta_ = NewTenant("beta", "NL-BBB");
    // AMS: 11.04 kW (230 V × 16 A × 3 phases), 7.36 kW (230 V × 32 A) and 460 kW DC; BRU: 50 kW DC.
    ASSERT_TRUE(repositories_.locations().Upsert(
        alpha_, Site("NL-ALF", "AMS", "NLD",
                     {Point("AC", {Plug("1", PowerType::kAc3Phase, 230, 16),
                                   Plug("2", PowerType::kAc1Phase, 230, 32)}),
                      Point("DC", {Plug("1", PowerType::kDc, 920, 500)})})));
    ASSERT_TRUE(repositories_.locations().Upsert(
        alpha_, Site("BE-BEC", "BRU", "BEL", {Point("DC", {Plug("1", PowerType::kDc, 500, 100)})})));
    ASSERT_TRUE(repositories_.locations().Upsert(
        beta_, Site("NL-ALF", "AMS", "NLD", {Point("AC", {Plug("1", PowerType::kAc3Phase, 230, 16)})})));
    fast_ = repositories_.location_groups().Create(alpha_, Group("Fast", 10, AtLeastKw("50"))).value().id;
    default_ = repositories_.location_groups().List(alpha_)->back().id;
    names_ = {{fast_, "Fast"}, {default_, "Default"}, {LocationGroupId{0}, "new"}};
  }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {Party(party)}})
        .value()
        .id;
  }

  LocationGroupPreview Preview(TenantId tenant, std::optional<LocationGroupId> id, NewLocationGroup group) {
    Result<LocationGroupPreview> preview = repositories_.location_groups().Preview(tenant, id, group);
    EXPECT_TRUE(preview) << preview.error().ToString();
    return preview ? *std::move(preview) : LocationGroupPreview{};
  }

  Names GroupsOfAlphasConnectors() {
    Names groups;
    for (const auto& [location, evse, connector] :
         std::vector<std::tuple<const char*, const char*, const char*>>{
             {"AMS", "AC", "1"}, {"AMS", "AC", "2"}, {"AMS", "DC", "1"}, {"BRU", "DC", "1"}}) {
      const domain::LocationKey key{.party = Party(location == std::string("AMS") ? "NL-ALF" : "BE-BEC"),
                                    .location_id = location};
      Result<LocationGroupId> group =
          repositories_.location_groups().GroupOfConnector(alpha_, key, evse, connector);
      groups.push_back(group ? (*group == fast_ ? "Fast" : "Default") : group.error().ToString());
    }
    return groups;
  }

  Backend backend_;
  ManualClock clock_{At("2026-03-01T10:00:00Z")};
  Repositories repositories_ = backend_.Open(clock_);
  TenantId alpha_, beta_;
  LocationGroupId fast_, default_;
  std::vector<std::pair<LocationGroupId, std::string>> names_;
};

TYPED_TEST_SUITE(LocationGroupPreviewTest, Backends, BackendNames);

TYPED_TEST(LocationGroupPreviewTest, LoweringABoundShowsWhoWouldJoinAndNothingIsStored) {
  ASSERT_EQ(this->GroupsOfAlphasConnectors(), (Names{"Default", "Default", "Fast", "Fast"}));
  LocationGroupPreview preview =
      this->Preview(this->alpha_, this->fast_, Group("Fast", 10, AtLeastKw("7.36")));
  EXPECT_EQ(Moves(preview.joining, this->names_), (Names{"AMS/AC/1 Default→Fast", "AMS/AC/2 Default→Fast"}));
  EXPECT_EQ(preview.joining_count, 2u);
  EXPECT_TRUE(preview.leaving.empty());
  EXPECT_EQ(preview.leaving_count, 0u);
  // 7.361 kW leaves AMS/AC/2 (7.36 kW) out.
  preview = this->Preview(this->alpha_, this->fast_, Group("Fast", 10, AtLeastKw("7.361")));
  EXPECT_EQ(Moves(preview.joining, this->names_), (Names{"AMS/AC/1 Default→Fast"}));
  // Nothing was stored.
  EXPECT_EQ(this->GroupsOfAlphasConnectors(), (Names{"Default", "Default", "Fast", "Fast"}));
  EXPECT_EQ(this->repositories_.location_groups().FindById(this->alpha_, this->fast_)->criteria.min_power_kw,
            Number("50"));
}

TYPED_TEST(LocationGroupPreviewTest, NarrowingCriteriaShowsWhoWouldLeaveAndWhereTo) {
  LocationGroupCriteria dutch_fast = AtLeastKw("50");
  dutch_fast.countries = {CountryFromAlpha3("NLD").value()};
  LocationGroupPreview preview = this->Preview(this->alpha_, this->fast_, Group("Fast", 10, dutch_fast));
  EXPECT_TRUE(preview.joining.empty());
  EXPECT_EQ(Moves(preview.leaving, this->names_), (Names{"BRU/DC/1 Fast→Default"}));
  EXPECT_EQ(preview.leaving_count, 1u);
}

TYPED_TEST(LocationGroupPreviewTest, ANewGroupTakesConnectorsFromTheGroupsTriedAfterIt) {
  LocationGroupCriteria belgian;
  belgian.countries = {CountryFromAlpha3("BEL").value()};
  // Tried before Fast (priority 5 < 10): BRU's connector would move from Fast to it.
  LocationGroupPreview before = this->Preview(this->alpha_, std::nullopt, Group("Belgium", 5, belgian));
  EXPECT_EQ(Moves(before.joining, this->names_), (Names{"BRU/DC/1 Fast→new"}));
  // Tried after Fast: only what Fast does not take.
  LocationGroupCriteria three_phase;
  three_phase.power_types = {PowerType::kAc3Phase, PowerType::kDc};
  LocationGroupPreview after = this->Preview(this->alpha_, std::nullopt, Group("AC", 20, three_phase));
  EXPECT_EQ(Moves(after.joining, this->names_), (Names{"AMS/AC/1 Default→new"}));
  EXPECT_TRUE(after.leaving.empty());
  EXPECT_EQ(this->repositories_.location_groups().List(this->alpha_)->size(), 2u);
}

TYPED_TEST(LocationGroupPreviewTest, RefusesWhatCreateOrUpdateWouldRefuse) {
  domain::LocationGroupRepository& groups = this->repositories_.location_groups();
  Result<LocationGroupPreview> preview = groups.Preview(this->alpha_, this->default_, Group("X", 1, {}));
  ASSERT_FALSE(preview);
  EXPECT_EQ(preview.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(preview.error().field, "id");
  preview = groups.Preview(this->alpha_, std::nullopt, Group("Other", 10, {}));
  ASSERT_FALSE(preview);
  EXPECT_EQ(preview.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(preview.error().field, "priority");
  preview = groups.Preview(this->alpha_, std::nullopt, Group("", 1, {}));
  ASSERT_FALSE(preview);
  EXPECT_EQ(preview.error().field, "name");
  preview = groups.Preview(this->alpha_, LocationGroupId{999'999}, Group("X", 1, {}));
  ASSERT_FALSE(preview);
  EXPECT_EQ(preview.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(LocationGroupPreviewTest, AnotherTenantsGroupsAndConnectorsStayOutOfSight) {
  // Alpha's group through beta is not found; a new group of beta moves only beta's connector.
  Result<LocationGroupPreview> preview =
      this->repositories_.location_groups().Preview(this->beta_, this->fast_, Group("Fast", 10, {}));
  ASSERT_FALSE(preview);
  EXPECT_EQ(preview.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(preview.error().field, "id");
  LocationGroupPreview everything = this->Preview(this->beta_, std::nullopt, Group("All", 1, {}));
  EXPECT_EQ(everything.joining_count, 1u);
  ASSERT_EQ(everything.joining.size(), 1u);
  EXPECT_EQ(everything.joining.front().connector.key.location_id, "AMS");
  EXPECT_EQ(everything.joining.front().connector.evse_uid, "AC");
}

}  // namespace
}  // namespace openmsp::store
