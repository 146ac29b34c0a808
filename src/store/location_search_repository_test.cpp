// The Control Centre's location search on SQLite and on a real PostgreSQL 15.
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
using domain::Evse;
using domain::EvseStatus;
using domain::GeoRadius;
using domain::Location;
using domain::LocationId;
using domain::LocationSearch;
using domain::LocationSearchPage;
using domain::PowerType;
using domain::StoredLocation;
using domain::TenantId;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }
Decimal Number(const char* text) { return Decimal::Parse(text).value(); }

Connector Plug(const char* id, PowerType power_type, std::int64_t volts, std::int64_t amperes,
               std::optional<std::int64_t> watts = std::nullopt) {
  return Connector{.id = id,
                   .standard = power_type == PowerType::kDc ? "IEC_62196_T2_COMBO" : "IEC_62196_T2",
                   .format = domain::ConnectorFormat::kCable,
                   .power_type = power_type,
                   .max_voltage = volts,
                   .max_amperage = amperes,
                   .max_electric_power = watts,
                   .tariff_ids = {},
                   .last_updated = At("2026-01-01T10:00:00Z"),
                   .raw_json = "{}"};
}

Evse Point(const char* uid, const char* evse_id, std::vector<Connector> connectors,
           EvseStatus status = EvseStatus::kAvailable) {
  return Evse{.uid = uid,
              .evse_id = evse_id,
              .status = status,
              .last_updated = At("2026-01-01T10:00:00Z"),
              .connectors = std::move(connectors),
              .raw_json = "{}"};
}

struct Place {
  const char* cpo;
  const char* id;
  const char* name;
  const char* city;
  const char* country;
  const char* latitude;
  const char* longitude;
  std::vector<Evse> evses;
};

Location LocationAt(Place place) {
  return Location{.key = {.party = Party(place.cpo), .location_id = place.id},
                  .publish = true,
                  .name = place.name,
                  .address = std::string(place.name) + " 1",
                  .city = place.city,
                  .postal_code = "",
                  .country = CountryFromAlpha3(place.country).value(),
                  .coordinates = {.latitude = place.latitude, .longitude = place.longitude},
                  .time_zone = "Europe/Amsterdam",
                  .parking_type = std::nullopt,
                  .facilities = {},
                  .last_updated = At("2026-01-01T10:00:00Z"),
                  .evses = std::move(place.evses),
                  .raw_json = "{}"};
}

std::vector<std::string> Ids(const LocationSearchPage& page) {
  std::vector<std::string> ids;
  for (const StoredLocation& stored : page.locations) ids.push_back(stored.location.key.location_id);
  return ids;
}

using Names = std::vector<std::string>;

template <class Backend>
class LocationSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alpha_ = NewTenant("alpha", "NL-AAA");
    beta_ = NewTenant("beta", "NL-BBB");
    // Amsterdam, NL-ALF: 11.04 kW (230 V × 16 A × 3), 7.36 kW (230 V × 32 A) and 460 kW DC (920 V × 500 A).
    Store(alpha_,
          {"NL-ALF",
           "AMS-1",
           "Gravenhekje",
           "Amsterdam",
           "NLD",
           "52.3740300",
           "4.9000000",
           {Point("AC-1", "NL*ALF*E0001",
                  {Plug("1", PowerType::kAc3Phase, 230, 16), Plug("2", PowerType::kAc1Phase, 230, 32)}),
            Point("DC-1", "NL*ALF*E0002", {Plug("1", PowerType::kDc, 920, 500)})}});
    // Utrecht, NL-BET: 3.68 kW (230 V × 16 A); its 150 kW EVSE is REMOVED.
    Store(
        alpha_,
        {"NL-BET",
         "UTR-1",
         "Stationsplein",
         "Utrecht",
         "NLD",
         "52.0907",
         "5.1214",
         {Point("A", "NL*BET*E0100", {Plug("1", PowerType::kAc1Phase, 230, 16)}),
          Point("B", "NL*BET*E0101", {Plug("1", PowerType::kDc, 500, 300, 150'000)}, EvseStatus::kRemoved)}});
    // Brussels, BE-BEC: 50 kW stated (more than 400 V × 100 A would say).
    Store(alpha_, {"BE-BEC",
                   "BRU-1",
                   "100% Groen_Laden",
                   "Brussel",
                   "BEL",
                   "50.8467",
                   "4.3525",
                   {Point("A", "BE*BEC*E7", {Plug("1", PowerType::kDc, 400, 100, 50'000)})}});
    // 0.0065° north and 0.0107° east of AMS-1: inside the 1 km box around it, but 1,024.7 m away.
    Store(alpha_, {"NL-ALF",
                   "AMS-CORNER",
                   "Hoek",
                   "Amsterdam",
                   "NLD",
                   "52.38053",
                   "4.9107",
                   {Point("A", "", {Plug("1", PowerType::kAc3Phase, 230, 32, 22'000)})}});
    // 0.005° north of AMS-1: R × 0.005° = 556.0 m away.
    Store(alpha_, {"NL-ALF",
                   "AMS-NEAR",
                   "Dam",
                   "Amsterdam",
                   "NLD",
                   "52.37903",
                   "4.9000000",
                   {Point("A", "", {Plug("1", PowerType::kAc1Phase, 230, 16)})}});
    // Another tenant's copy of AMS-1, and a location of its own next to it.
    Store(beta_, {"NL-ALF",
                  "AMS-1",
                  "Gravenhekje",
                  "Amsterdam",
                  "NLD",
                  "52.3740300",
                  "4.9000000",
                  {Point("AC-1", "NL*ALF*E0001", {Plug("1", PowerType::kDc, 920, 500)})}});
    Store(beta_, {"NL-ALF",
                  "AMS-BETA",
                  "Gravenhekje",
                  "Amsterdam",
                  "NLD",
                  "52.3740301",
                  "4.9000000",
                  {Point("AC-1", "NL*ALF*E0009", {Plug("1", PowerType::kDc, 920, 500)})}});
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

  void Store(TenantId tenant, Place place) {
    ASSERT_TRUE(repositories_.locations().Upsert(tenant, LocationAt(std::move(place))));
  }

  Names Search(TenantId tenant, LocationSearch search) {
    Result<LocationSearchPage> page = repositories_.locations().Search(tenant, search);
    EXPECT_TRUE(page) << page.error().ToString();
    return page ? Ids(*page) : Names{"error"};
  }

  static GeoRadius Around(const char* latitude, const char* longitude, std::int64_t metres) {
    return GeoRadius{.centre = {.latitude = latitude, .longitude = longitude}, .radius_m = metres};
  }

  Backend backend_;
  ManualClock clock_{At("2026-03-01T10:00:00Z")};
  Repositories repositories_ = backend_.Open(clock_);
  TenantId alpha_;
  TenantId beta_;
};

TYPED_TEST_SUITE(LocationSearchTest, Backends, BackendNames);

TYPED_TEST(LocationSearchTest, WithoutCriteriaListsTheTenantsLocationsByIdWithTheirEvses) {
  Result<LocationSearchPage> page = this->repositories_.locations().Search(this->alpha_, {});
  ASSERT_TRUE(page) << page.error().ToString();
  EXPECT_EQ(Ids(*page), (Names{"AMS-1", "UTR-1", "BRU-1", "AMS-CORNER", "AMS-NEAR"}));
  EXPECT_FALSE(page->next);
  ASSERT_EQ(page->locations.front().location.evses.size(), 2u);
  EXPECT_EQ(page->locations.front().location.evses[1].connectors.front().max_voltage, 920);
  EXPECT_EQ(this->Search(this->beta_, {}), (Names{"AMS-1", "AMS-BETA"}));
}

TYPED_TEST(LocationSearchTest, TextMatchesNameAddressCityIdAndEvseIdIgnoringCase) {
  EXPECT_EQ(this->Search(this->alpha_, {.text = "gravenHEK"}), (Names{"AMS-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.text = "UTRECHT"}), (Names{"UTR-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.text = "dam 1"}), (Names{"AMS-NEAR"}));
  EXPECT_EQ(this->Search(this->alpha_, {.text = "ams-"}), (Names{"AMS-1", "AMS-CORNER", "AMS-NEAR"}));
  // EVSE ids as received and canonical (`NL*BET*E0100`), of a REMOVED EVSE too.
  EXPECT_EQ(this->Search(this->alpha_, {.text = "bet*e0101"}), (Names{"UTR-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.text = "e0002"}), (Names{"AMS-1"}));
  // LIKE's wildcards match only themselves.
  EXPECT_EQ(this->Search(this->alpha_, {.text = "0% g"}), (Names{"BRU-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.text = "_"}), (Names{"BRU-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.text = "%"}), (Names{"BRU-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.text = "\\"}), (Names{}));
  EXPECT_EQ(this->Search(this->alpha_, {.text = "zwolle"}), (Names{}));
}

TYPED_TEST(LocationSearchTest, CountryCpoAndPowerNarrowTheList) {
  EXPECT_EQ(this->Search(this->alpha_, {.country = CountryFromAlpha3("BEL").value()}), (Names{"BRU-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.cpo = Party("NL-BET")}), (Names{"UTR-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.cpo = Party("NL-ZZZ")}), (Names{}));
  // Bounds are inclusive: 50 kW stated reaches 50, not 50.001; 3.68 kW (230 × 16) reaches 3.68.
  EXPECT_EQ(this->Search(this->alpha_, {.min_power_kw = Number("50")}), (Names{"AMS-1", "BRU-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.min_power_kw = Number("50.001")}), (Names{"AMS-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.min_power_kw = Number("22")}),
            (Names{"AMS-1", "BRU-1", "AMS-CORNER"}));
  EXPECT_EQ(this->Search(this->alpha_, {.min_power_kw = Number("3.68")}),
            (Names{"AMS-1", "UTR-1", "BRU-1", "AMS-CORNER", "AMS-NEAR"}));
  EXPECT_EQ(this->Search(this->alpha_, {.min_power_kw = Number("3.681")}),
            (Names{"AMS-1", "BRU-1", "AMS-CORNER"}));
  // UTR-1's 150 kW EVSE is REMOVED.
  EXPECT_EQ(this->Search(this->alpha_, {.min_power_kw = Number("100")}), (Names{"AMS-1"}));
  EXPECT_EQ(this->Search(this->alpha_, {.text = "amsterdam", .min_power_kw = Number("11.04")}),
            (Names{"AMS-1", "AMS-CORNER"}));
}

TYPED_TEST(LocationSearchTest, NearKeepsOnlyWhatIsWithinTheRadius) {
  EXPECT_EQ(this->Search(this->alpha_, {.near = this->Around("52.37403", "4.9", 1000)}),
            (Names{"AMS-1", "AMS-NEAR"}));
  EXPECT_EQ(this->Search(this->alpha_, {.near = this->Around("52.37403", "4.9", 1025)}),
            (Names{"AMS-1", "AMS-CORNER", "AMS-NEAR"}));
  EXPECT_EQ(this->Search(this->alpha_, {.near = this->Around("52.37403", "4.9", 555)}), (Names{"AMS-1"}));
  // Amsterdam to Utrecht is about 35 km; to Brussels about 173 km.
  EXPECT_EQ(this->Search(this->alpha_, {.near = this->Around("52.37403", "4.9", 40'000)}),
            (Names{"AMS-1", "UTR-1", "AMS-CORNER", "AMS-NEAR"}));
  EXPECT_EQ(this->Search(this->alpha_, {.near = this->Around("52.37403", "4.9", 200'000)}),
            (Names{"AMS-1", "UTR-1", "BRU-1", "AMS-CORNER", "AMS-NEAR"}));
  EXPECT_EQ(this->Search(this->beta_, {.near = this->Around("52.37403", "4.9", 1)}),
            (Names{"AMS-1", "AMS-BETA"}));
}

TYPED_TEST(LocationSearchTest, PagesFollowOneAnotherWithoutGapsOrRepeats) {
  Result<LocationSearchPage> first = this->repositories_.locations().Search(this->alpha_, {.limit = 2});
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(Ids(*first), (Names{"AMS-1", "UTR-1"}));
  ASSERT_TRUE(first->next);
  Result<LocationSearchPage> second =
      this->repositories_.locations().Search(this->alpha_, {.after = *first->next, .limit = 2});
  EXPECT_EQ(Ids(*second), (Names{"BRU-1", "AMS-CORNER"}));
  ASSERT_TRUE(second->next);
  Result<LocationSearchPage> last =
      this->repositories_.locations().Search(this->alpha_, {.after = *second->next, .limit = 2});
  EXPECT_EQ(Ids(*last), (Names{"AMS-NEAR"}));
  EXPECT_FALSE(last->next);

  // With `near`, rows of the box that are too far are skipped on the way: AMS-CORNER lies between.
  const GeoRadius radius = this->Around("52.37403", "4.9", 1000);
  Result<LocationSearchPage> near =
      this->repositories_.locations().Search(this->alpha_, {.near = radius, .limit = 1});
  ASSERT_TRUE(near) << near.error().ToString();
  EXPECT_EQ(Ids(*near), (Names{"AMS-1"}));
  ASSERT_TRUE(near->next);
  Result<LocationSearchPage> near_last = this->repositories_.locations().Search(
      this->alpha_, {.near = radius, .after = *near->next, .limit = 1});
  EXPECT_EQ(Ids(*near_last), (Names{"AMS-NEAR"}));
  EXPECT_FALSE(near_last->next);
}

TYPED_TEST(LocationSearchTest, AnotherTenantsLocationsAreNeverFound) {
  // Through beta, every criterion that finds alpha's locations finds only beta's own.
  EXPECT_EQ(this->Search(this->beta_, {.text = "utrecht"}), (Names{}));
  EXPECT_EQ(this->Search(this->beta_, {.country = CountryFromAlpha3("BEL").value()}), (Names{}));
  EXPECT_EQ(this->Search(this->beta_, {.text = "gravenhekje"}), (Names{"AMS-1", "AMS-BETA"}));
  // A keyset position taken from alpha's ids gives nothing of alpha's.
  EXPECT_EQ(this->Search(this->beta_, {.after = LocationId{0}, .limit = 100}), (Names{"AMS-1", "AMS-BETA"}));
  Result<LocationSearchPage> page = this->repositories_.locations().Search(this->beta_, {});
  for (const StoredLocation& stored : page->locations) EXPECT_EQ(stored.tenant_id, this->beta_);
  EXPECT_EQ(this->Search(TenantId{999'999}, {}), (Names{}));
}

TYPED_TEST(LocationSearchTest, RefusesABadQueryNamingTheField) {
  Result<LocationSearchPage> page = this->repositories_.locations().Search(this->alpha_, {.limit = 101});
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(page.error().field, "limit");
  page = this->repositories_.locations().Search(this->alpha_, {.near = this->Around("91", "4", 10)});
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().field, "near.centre.latitude");
}

}  // namespace
}  // namespace openmsp::store
