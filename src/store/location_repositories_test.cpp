// Locations, location groups and business partner groups on SQLite and on a real PostgreSQL 15.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "domain/repositories.h"
#include "store/repositories.h"
#include "store/repository_test_backends.h"

namespace openmsp::store {
namespace {

using domain::Accessibility;
using domain::BusinessPartnerGroup;
using domain::BusinessPartnerGroupId;
using domain::Connector;
using domain::ConnectorFormat;
using domain::Evse;
using domain::EvseStatus;
using domain::LocatedEvse;
using domain::Location;
using domain::LocationGroup;
using domain::LocationGroupCriteria;
using domain::LocationGroupId;
using domain::LocationId;
using domain::LocationKey;
using domain::NewBusinessPartnerGroup;
using domain::NewLocationGroup;
using domain::OrganisationUnit;
using domain::OrganisationUnitId;
using domain::PowerType;
using domain::StoredLocation;
using domain::TenantId;
using domain::UpsertOutcome;

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }
PartyId Party(const char* text) { return PartyId::Parse(text).value(); }
Country Alpha3(const char* code) { return CountryFromAlpha3(code).value(); }

Connector Plug(const char* id, PowerType power_type, std::int64_t volts, std::int64_t amperes,
               const char* last_updated) {
  return Connector{
      .id = id,
      .standard = power_type == PowerType::kDc ? "IEC_62196_T2_COMBO" : "IEC_62196_T2",
      .format = power_type == PowerType::kDc ? ConnectorFormat::kCable : ConnectorFormat::kSocket,
      .power_type = power_type,
      .max_voltage = volts,
      .max_amperage = amperes,
      .max_electric_power = std::nullopt,
      .tariff_ids = {"AC-1", "weekend tariff"},
      .last_updated = At(last_updated),
      .raw_json = std::string(R"({"id":")") + id + R"("})"};
}

Evse Point(const char* uid, const char* evse_id, std::vector<Connector> connectors,
           const char* last_updated) {
  return Evse{.uid = uid,
              .evse_id = evse_id,
              .status = EvseStatus::kAvailable,
              .last_updated = At(last_updated),
              .connectors = std::move(connectors),
              .raw_json = std::string(R"({"uid":")") + uid + R"("})"};
}

// A Dutch street location of NL-ALF with an AC EVSE (two connectors) and a DC EVSE.
Location Street(const char* location_id, const char* last_updated = "2026-01-01T10:00:00Z") {
  return Location{
      .key = {.party = Party("NL-ALF"), .location_id = location_id},
      .publish = true,
      .name = "Gravenhekje",
      .address = "Gravenhekje 1",
      .city = "Amsterdam",
      .postal_code = "1011 TG",
      .country = Alpha3("NLD"),
      .coordinates = {.latitude = "52.3740300", .longitude = "4.9000000"},
      .time_zone = "Europe/Amsterdam",
      .parking_type = domain::ParkingType::kOnStreet,
      .facilities = {"WIFI", "TRAM_STOP"},
      .last_updated = At(last_updated),
      .evses = {Point("AC-1", "NL*ALF*E0001",
                      {Plug("1", PowerType::kAc3Phase, 230, 16, last_updated),
                       Plug("2", PowerType::kAc1Phase, 230, 32, last_updated)},
                      last_updated),
                Point("DC-1", "NL*ALF*E0002", {Plug("1", PowerType::kDc, 920, 500, last_updated)},
                      last_updated)},
      // Received bytes, kept exactly: spacing, key order, escapes, UTF-8, and a number no double holds.
      .raw_json = "{ \"id\" : \"" + std::string(location_id) +
                  "\",\n\t\"name\":\"Gr\\u00e4venhekje ☕\", \"x\": 0.100000000000000000000000001 }"};
}

NewLocationGroup GroupNamed(const char* name, std::int32_t priority, LocationGroupCriteria criteria = {}) {
  return NewLocationGroup{.name = name, .priority = priority, .criteria = std::move(criteria)};
}

LocationGroupCriteria OnlyPowerTypes(std::vector<PowerType> power_types) {
  LocationGroupCriteria criteria;
  criteria.power_types = std::move(power_types);
  return criteria;
}

std::vector<std::string> ConnectorNames(const std::vector<domain::ConnectorRef>& refs) {
  std::vector<std::string> names;
  for (const domain::ConnectorRef& ref : refs) {
    names.push_back(ref.key.location_id + "/" + ref.evse_uid + "/" + ref.connector_id);
  }
  return names;
}

template <class Backend>
class LocationRepositoriesTest : public ::testing::Test {
 protected:
  domain::LocationRepository& locations() { return repositories_.locations(); }
  domain::LocationGroupRepository& groups() { return repositories_.location_groups(); }
  domain::BusinessPartnerGroupRepository& partners() { return repositories_.business_partner_groups(); }

  TenantId NewTenant(const char* slug, const char* party) {
    return repositories_.tenants()
        .Create(domain::NewTenant{.slug = slug,
                                  .name = slug,
                                  .default_currency = Currency::Find("EUR").value(),
                                  .parties = {Party(party)}})
        .value()
        .id;
  }

  // The stored form of `location`: its and each EVSE's last_updated is the latest of everything in it.
  static StoredLocation Stored(LocationId id, TenantId tenant_id, Location location) {
    location.last_updated = domain::EffectiveLastUpdated(location);
    for (Evse& evse : location.evses) evse.last_updated = domain::EffectiveLastUpdated(evse);
    return StoredLocation{.id = id,
                          .tenant_id = tenant_id,
                          .location = std::move(location),
                          .accessibility_override = std::nullopt};
  }

  LocationGroupId DefaultGroup(TenantId tenant_id) { return groups().List(tenant_id)->back().id; }

  ManualClock clock_{Instant::FromUnixMilliseconds(1'767'225'600'123)};
  Backend backend_;
  Repositories repositories_ = backend_.Open(clock_);
};

TYPED_TEST_SUITE(LocationRepositoriesTest, Backends, BackendNames);

TYPED_TEST(LocationRepositoriesTest, StoresALocationAsReceivedAndFindsItByKeyAndId) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  Location street = Street("LOC-1");
  street.evses[1].connectors[0].last_updated = At("2026-01-02T03:04:05.678Z");
  street.evses[1].connectors[0].max_electric_power = 350'000;
  street.postal_code = "";
  street.name = "";
  street.parking_type.reset();
  Result<UpsertOutcome> created = this->locations().Upsert(tenant, street);
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(*created, UpsertOutcome::kCreated);

  Result<StoredLocation> found =
      this->locations().Find(tenant, {.party = Party("nl-alf"), .location_id = "loc-1"});
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  EXPECT_EQ(*found, this->Stored(found->id, tenant, street));
  // The location's last_updated is the latest of its connectors' (OCPI).
  EXPECT_EQ(found->location.last_updated, At("2026-01-02T03:04:05.678Z"));
  EXPECT_EQ(found->location.raw_json, street.raw_json);           // byte for byte
  EXPECT_EQ(found->location.coordinates.latitude, "52.3740300");  // exact text, trailing zeros kept
  EXPECT_EQ(found->location.evses[0].connectors[0].tariff_ids,
            (std::vector<std::string>{"AC-1", "weekend tariff"}));
  EXPECT_EQ(this->locations().FindById(tenant, found->id).value(), *found);

  EXPECT_EQ(this->locations().Find(tenant, {.party = Party("NL-ALF"), .location_id = "LOC-2"}).error().field,
            "location_id");
  EXPECT_EQ(this->locations().Find(tenant, {.party = Party("NL-BET"), .location_id = "LOC-1"}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->locations().FindById(tenant, LocationId{987654}).error().field, "id");
}

TYPED_TEST(LocationRepositoriesTest, APutReplacesEvsesAndConnectorsAndAnOlderOneIsNotApplied) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  ASSERT_TRUE(this->locations().Upsert(tenant, Street("LOC-1")).ok());
  LocationId id = this->locations().Find(tenant, Street("LOC-1").key)->id;

  Location newer = Street("LOC-1", "2026-01-05T00:00:00Z");
  newer.name = "Gravenhekje (new)";
  newer.evses.erase(newer.evses.begin());  // AC-1 is gone
  newer.evses[0].connectors.push_back(Plug("2", PowerType::kDc, 400, 125, "2026-01-05T00:00:00Z"));
  newer.evses.push_back(Point("AC-2", "", {Plug("1", PowerType::kAc3Phase, 230, 32, "2026-01-04T00:00:00Z")},
                              "2026-01-04T00:00:00Z"));
  newer.raw_json = R"({"id":"LOC-1","v":2})";
  EXPECT_EQ(this->locations().Upsert(tenant, newer).value(), UpsertOutcome::kReplaced);
  EXPECT_EQ(this->locations().Find(tenant, newer.key).value(), this->Stored(id, tenant, newer));
  EXPECT_TRUE(this->locations().FindByEvseId(tenant, EvseId::Parse("NL*ALF*E0001").value())->empty());

  // Older than what is stored: not applied, nothing changes.
  Location older = Street("LOC-1", "2026-01-04T23:59:59.999Z");
  EXPECT_EQ(this->locations().Upsert(tenant, older).value(), UpsertOutcome::kStale);
  EXPECT_EQ(this->locations().Find(tenant, newer.key).value(), this->Stored(id, tenant, newer));
  // The same object again is applied again.
  EXPECT_EQ(this->locations().Upsert(tenant, newer).value(), UpsertOutcome::kReplaced);
}

TYPED_TEST(LocationRepositoriesTest, UpsertsOneEvseOrConnectorAndRaisesTheParentsLastUpdated) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  Location street = Street("LOC-1");
  ASSERT_TRUE(this->locations().Upsert(tenant, street).ok());
  const LocationKey key{.party = Party("NL-ALF"), .location_id = "loc-1"};

  // A new EVSE goes after the others.
  Evse added =
      Point("AC-9", "NL*ALF*E0009", {Plug("1", PowerType::kAc3Phase, 230, 16, "2026-01-02T00:00:00Z")},
            "2026-01-02T00:00:00Z");
  EXPECT_EQ(this->locations().UpsertEvse(tenant, key, added).value(), UpsertOutcome::kCreated);
  // A changed EVSE (status only) keeps its place; its connectors are replaced.
  Evse removed = street.evses[0];
  removed.status = EvseStatus::kRemoved;
  removed.last_updated = At("2026-01-03T00:00:00Z");
  removed.connectors.pop_back();
  removed.raw_json = R"({"status":"REMOVED"})";
  EXPECT_EQ(this->locations().UpsertEvse(tenant, key, removed).value(), UpsertOutcome::kReplaced);
  Evse stale = street.evses[0];
  stale.last_updated = At("2026-01-02T23:00:00Z");
  EXPECT_EQ(this->locations().UpsertEvse(tenant, key, stale).value(), UpsertOutcome::kStale);

  StoredLocation stored = this->locations().Find(tenant, key).value();
  ASSERT_EQ(stored.location.evses.size(), 3u);
  EXPECT_EQ(stored.location.evses[0], removed);
  EXPECT_EQ(stored.location.evses[1], street.evses[1]);
  EXPECT_EQ(stored.location.evses[2], added);
  EXPECT_EQ(stored.location.last_updated, At("2026-01-03T00:00:00Z"));
  EXPECT_EQ(stored.location.raw_json, street.raw_json);  // the last whole-location PUT, as received

  // One connector: a new one, then a change of it; each raises the EVSE's and the location's last_updated.
  Connector extra = Plug("3", PowerType::kDc, 920, 200, "2026-01-04T00:00:00Z");
  EXPECT_EQ(this->locations().UpsertConnector(tenant, key, "dc-1", extra).value(), UpsertOutcome::kCreated);
  extra.max_amperage = 300;
  extra.last_updated = At("2026-01-05T00:00:00Z");
  EXPECT_EQ(this->locations().UpsertConnector(tenant, key, "DC-1", extra).value(), UpsertOutcome::kReplaced);
  Connector older = extra;
  older.last_updated = At("2026-01-04T12:00:00Z");
  older.max_amperage = 1;
  EXPECT_EQ(this->locations().UpsertConnector(tenant, key, "DC-1", older).value(), UpsertOutcome::kStale);
  stored = this->locations().Find(tenant, key).value();
  EXPECT_EQ(stored.location.evses[1].connectors.back(), extra);
  EXPECT_EQ(stored.location.evses[1].last_updated, At("2026-01-05T00:00:00Z"));
  EXPECT_EQ(stored.location.last_updated, At("2026-01-05T00:00:00Z"));

  const LocationKey unknown{.party = Party("NL-ALF"), .location_id = "LOC-2"};
  EXPECT_EQ(this->locations().UpsertEvse(tenant, unknown, added).error().field, "location_id");
  EXPECT_EQ(this->locations().UpsertConnector(tenant, unknown, "DC-1", extra).error().field, "location_id");
  Result<UpsertOutcome> no_evse = this->locations().UpsertConnector(tenant, key, "DC-7", extra);
  ASSERT_FALSE(no_evse.ok());
  EXPECT_EQ(no_evse.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_evse.error().field, "evse_uid");
}

// Two writers on connections of their own, each making 50 locked read-modify-writes of one location in
// its own transaction, alternating between two counters: the location's name, written with the whole
// location (so its EVSEs and connectors are written back as read), and one connector's max_amperage,
// written alone. Every increment is there at the end: none was lost to a concurrent increment of the same
// counter, nor to a whole-location write carrying a connector read before the other writer changed it.
TYPED_TEST(LocationRepositoriesTest, LockedReadModifyWritesOfOneLocationLoseNothing) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  Location street = Street("LOC-1");
  street.name = "0";
  ASSERT_TRUE(this->locations().Upsert(tenant, street).ok());
  const LocationKey key = street.key;
  constexpr int kWriters = 2;
  constexpr int kChanges = 50;
  std::atomic<int> failures{0};
  std::latch start(kWriters);
  std::vector<std::thread> writers;
  for (int writer = 0; writer < kWriters; ++writer) {
    writers.emplace_back([&, writer] {
      Repositories own = this->backend_.Open(this->clock_);
      start.arrive_and_wait();
      for (int change = 0; change < kChanges; ++change) {
        const bool whole_location = (change + writer) % 2 == 0;
        Result<void> changed = own.InOneTransaction([&](Repositories& db) -> Result<void> {
          OPENMSP_ASSIGN_OR_RETURN(StoredLocation stored, db.locations().FindForUpdate(tenant, key));
          const Instant later = stored.location.last_updated + std::chrono::seconds(1);
          Result<UpsertOutcome> outcome = UpsertOutcome::kStale;
          if (whole_location) {
            Location location = stored.location;
            location.name = std::to_string(std::stoi(location.name) + 1);
            location.last_updated = later;
            outcome = db.locations().Upsert(tenant, location);
          } else {
            Connector plug = stored.location.evses[0].connectors[0];
            plug.max_amperage += 1;
            plug.last_updated = later;
            outcome = db.locations().UpsertConnector(tenant, key, stored.location.evses[0].uid, plug);
          }
          if (!outcome) return outcome.error();
          if (*outcome != UpsertOutcome::kReplaced) return Error{ErrorCode::kInternal, "", "not replaced"};
          return Ok();
        });
        if (!changed) {
          ++failures;
          ADD_FAILURE() << changed.error().ToString();
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  const StoredLocation stored = this->locations().Find(tenant, key).value();
  EXPECT_EQ(stored.location.name, std::to_string(kWriters * kChanges / 2));
  EXPECT_EQ(stored.location.evses[0].connectors[0].max_amperage, 16 + kWriters * kChanges / 2);
  EXPECT_EQ(stored.location.evses[1], street.evses[1]);

  // Outside a transaction it is `Find` (the lock ends with the read).
  EXPECT_EQ(this->locations().FindForUpdate(tenant, key).value(), stored);
  const Result<StoredLocation> unknown =
      this->locations().FindForUpdate(tenant, {.party = Party("NL-ALF"), .location_id = "LOC-2"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().field, "location_id");
}

TYPED_TEST(LocationRepositoriesTest, RefusesBadInputNamingTheFieldAndStoresNothing) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  Location bad = Street("LOC-1");
  bad.time_zone = "Mars/Olympus_Mons";
  Result<UpsertOutcome> refused = this->locations().Upsert(tenant, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "time_zone");
  bad = Street("LOC-1");
  bad.evses[1].evse_id = "NL-ALF-0002";
  EXPECT_EQ(this->locations().Upsert(tenant, bad).error().field, "evses[1].evse_id.operator_id");
  EXPECT_TRUE(this->locations().List(tenant, LocationId{0}, 10)->empty());

  ASSERT_TRUE(this->locations().Upsert(tenant, Street("LOC-1")).ok());
  Evse evse = Street("LOC-1").evses[0];
  evse.connectors[1].id = "1";
  EXPECT_EQ(this->locations().UpsertEvse(tenant, Street("LOC-1").key, evse).error().field,
            "evse.connectors[1].id");
  Connector connector = evse.connectors[0];
  connector.standard = "SCHUKO";
  EXPECT_EQ(this->locations().UpsertConnector(tenant, Street("LOC-1").key, "AC-1", connector).error().field,
            "connector.standard");
  EXPECT_EQ(this->locations().Find(tenant, Street("LOC-1").key)->location, Street("LOC-1"));

  Result<UpsertOutcome> no_tenant = this->locations().Upsert(TenantId{987654}, Street("LOC-1"));
  ASSERT_FALSE(no_tenant.ok());
  EXPECT_EQ(no_tenant.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_tenant.error().field, "tenant_id");
}

TYPED_TEST(LocationRepositoriesTest, FindsTheEvseACdrNamesByItsEvseId) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  ASSERT_TRUE(this->locations().Upsert(tenant, Street("LOC-1")).ok());
  Location other = Street("LOC-2");
  other.key.party = Party("NL-BET");
  other.evses.pop_back();
  other.evses[0].uid = "X";
  other.evses[0].evse_id = "NL*ALF*E0002";  // the id of LOC-1's DC EVSE, reused
  ASSERT_TRUE(this->locations().Upsert(tenant, other).ok());
  StoredLocation first = this->locations().Find(tenant, Street("LOC-1").key).value();
  StoredLocation second = this->locations().Find(tenant, other.key).value();

  // Any spelling of the id finds it: it is compared in canonical form.
  EXPECT_EQ(this->locations().FindByEvseId(tenant, EvseId::Parse("nlalfe0001").value()).value(),
            (std::vector{LocatedEvse{
                .location_id = first.id, .key = first.location.key, .evse = first.location.evses[0]}}));
  EXPECT_EQ(
      this->locations().FindByEvseId(tenant, EvseId::Parse("NL*ALF*E0002").value()).value(),
      (std::vector{
          LocatedEvse{.location_id = first.id, .key = first.location.key, .evse = first.location.evses[1]},
          LocatedEvse{.location_id = second.id, .key = other.key, .evse = second.location.evses[0]}}));
  EXPECT_TRUE(this->locations().FindByEvseId(tenant, EvseId::Parse("NL*ALF*E0003").value())->empty());
}

TYPED_TEST(LocationRepositoriesTest, ListsLocationsInKeysetPages) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  for (const char* id : {"A", "B", "C", "D", "E"})
    ASSERT_TRUE(this->locations().Upsert(tenant, Street(id)).ok());
  std::vector<std::string> seen;
  LocationId after{0};
  for (int page = 0; page < 4; ++page) {
    std::vector<StoredLocation> locations = this->locations().List(tenant, after, 2).value();
    EXPECT_LE(locations.size(), 2u);
    for (const StoredLocation& location : locations) {
      seen.push_back(location.location.key.location_id);
      EXPECT_EQ(location.location.evses.size(), 2u);
    }
    if (!locations.empty()) after = locations.back().id;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"A", "B", "C", "D", "E"}));
  EXPECT_EQ(this->locations().List(tenant, LocationId{0}, 0).error().field, "limit");
  EXPECT_EQ(this->locations().List(tenant, LocationId{0}, 1001).error().field, "limit");
}

// Tenant B receives the same location from the same CPO, and knows or guesses the ids of A's rows:
// B sees only its own copy, and nothing B does reaches A's.
TYPED_TEST(LocationRepositoriesTest, KeepsEveryTenantsLocationsToItself) {
  TenantId a = this->NewTenant("alpha", "DE-ALP");
  TenantId b = this->NewTenant("bravo", "DE-BRV");
  ASSERT_TRUE(this->locations().Upsert(a, Street("LOC-1")).ok());
  ASSERT_TRUE(this->locations().Upsert(a, Street("LOC-2")).ok());
  StoredLocation a_location = this->locations().Find(a, Street("LOC-1").key).value();
  const LocationKey key = Street("LOC-1").key;

  EXPECT_EQ(this->locations().Find(b, key).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->locations().FindById(b, a_location.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->locations().List(b, LocationId{0}, 100)->empty());
  EXPECT_TRUE(this->locations().FindByEvseId(b, EvseId::Parse("NL*ALF*E0001").value())->empty());
  EXPECT_EQ(this->locations().UpsertEvse(b, key, Street("LOC-1").evses[0]).error().field, "location_id");
  EXPECT_EQ(
      this->locations().SetAccessibilityOverride(b, a_location.id, Accessibility::kPrivate).error().code,
      ErrorCode::kNotFound);

  Location b_copy = Street("LOC-1", "2026-01-09T00:00:00Z");
  b_copy.name = "B's copy";
  EXPECT_EQ(this->locations().Upsert(b, b_copy).value(), UpsertOutcome::kCreated);
  StoredLocation b_location = this->locations().Find(b, key).value();
  EXPECT_NE(b_location.id, a_location.id);

  std::vector<LocationId> found;
  for (std::int64_t guess = 0; guess <= b_location.id.value + 10; ++guess) {
    if (Result<StoredLocation> location = this->locations().FindById(b, LocationId{guess}); location.ok()) {
      EXPECT_EQ(location->tenant_id, b);
      found.push_back(location->id);
    }
  }
  EXPECT_EQ(found, (std::vector{b_location.id}));
  EXPECT_EQ(this->locations().Find(a, key).value(), a_location);
  EXPECT_EQ(this->locations().FindByEvseId(a, EvseId::Parse("NL*ALF*E0001").value())->size(), 2u);
}

TYPED_TEST(LocationRepositoriesTest, EveryTenantHasADefaultGroupThatCannotBeChangedOrDeleted) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  std::vector<LocationGroup> groups = this->groups().List(tenant).value();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].name, "Default");
  EXPECT_TRUE(groups[0].is_default);
  EXPECT_EQ(groups[0].criteria, LocationGroupCriteria{});

  Result<void> deleted = this->groups().Delete(tenant, groups[0].id);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(deleted.error().field, "id");
  EXPECT_EQ(this->groups().Update(tenant, groups[0].id, GroupNamed("Other", 1)).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(this->groups().List(tenant).value(), groups);
}

TYPED_TEST(LocationRepositoriesTest, ClassifiesEveryConnectorAndReclassifiesWhenGroupsOrLocationsChange) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  const LocationGroupId fallback = this->DefaultGroup(tenant);
  ASSERT_TRUE(this->locations().Upsert(tenant, Street("LOC-1")).ok());
  Location german = Street("LOC-2");
  german.country = Alpha3("DEU");
  german.time_zone = "Europe/Berlin";
  ASSERT_TRUE(this->locations().Upsert(tenant, german).ok());
  const LocationKey dutch_key = Street("LOC-1").key;
  EXPECT_EQ(this->groups().GroupOfConnector(tenant, dutch_key, "dc-1", "1").value(), fallback);
  EXPECT_EQ(this->groups().Connectors(tenant, fallback, 0, 100).value().size(), 6u);

  // Fast chargers first, then anything in the Netherlands.
  LocationGroupCriteria fast = OnlyPowerTypes({PowerType::kDc});
  fast.min_power_kw = Decimal(50);
  LocationGroup dc = this->groups().Create(tenant, GroupNamed("Fast", 10, fast)).value();
  LocationGroupCriteria dutch;
  dutch.countries = {Alpha3("NLD")};
  LocationGroup nl = this->groups().Create(tenant, GroupNamed("Netherlands", 20, dutch)).value();
  EXPECT_EQ(this->groups().List(tenant).value(),
            (std::vector{dc, nl, this->groups().FindById(tenant, fallback).value()}));
  EXPECT_EQ(ConnectorNames(this->groups().Connectors(tenant, dc.id, 0, 100).value()),
            (std::vector<std::string>{"LOC-1/DC-1/1", "LOC-2/DC-1/1"}));
  EXPECT_EQ(ConnectorNames(this->groups().Connectors(tenant, nl.id, 0, 100).value()),
            (std::vector<std::string>{"LOC-1/AC-1/1", "LOC-1/AC-1/2"}));
  EXPECT_EQ(ConnectorNames(this->groups().Connectors(tenant, fallback, 0, 100).value()),
            (std::vector<std::string>{"LOC-2/AC-1/1", "LOC-2/AC-1/2"}));
  // Paging through a group.
  std::vector<domain::ConnectorRef> first = this->groups().Connectors(tenant, dc.id, 0, 1).value();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(ConnectorNames(this->groups().Connectors(tenant, dc.id, first[0].position, 1).value()),
            (std::vector<std::string>{"LOC-2/DC-1/1"}));

  // Netherlands before Fast: the Dutch DC connector moves.
  Result<LocationGroup> moved = this->groups().Update(tenant, nl.id, GroupNamed("Netherlands", 5, dutch));
  ASSERT_TRUE(moved.ok()) << moved.error().ToString();
  EXPECT_EQ(this->groups().GroupOfConnector(tenant, dutch_key, "DC-1", "1").value(), nl.id);

  // A new connector written alone is classified on the way in.
  Connector slow_dc = Plug("2", PowerType::kDc, 400, 50, "2026-01-02T00:00:00Z");  // 20 kW: not "Fast"
  ASSERT_TRUE(this->locations().UpsertConnector(tenant, german.key, "DC-1", slow_dc).ok());
  EXPECT_EQ(this->groups().GroupOfConnector(tenant, german.key, "DC-1", "2").value(), fallback);

  // Deleting a group moves its connectors to the next group they match.
  ASSERT_TRUE(this->groups().Delete(tenant, nl.id).ok());
  EXPECT_EQ(this->groups().GroupOfConnector(tenant, dutch_key, "DC-1", "1").value(), dc.id);
  EXPECT_EQ(this->groups().GroupOfConnector(tenant, dutch_key, "AC-1", "2").value(), fallback);
  EXPECT_EQ(this->groups().FindById(tenant, nl.id).error().field, "id");
  EXPECT_EQ(this->groups().GroupOfConnector(tenant, dutch_key, "DC-1", "9").error().field, "connector_id");
}

TYPED_TEST(LocationRepositoriesTest, GroupsByAccessibilityAndExplicitLocations) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  ASSERT_TRUE(this->locations().Upsert(tenant, Street("LOC-1")).ok());
  ASSERT_TRUE(this->locations().Upsert(tenant, Street("LOC-2")).ok());
  const LocationId loc2 = this->locations().Find(tenant, Street("LOC-2").key)->id;
  LocationGroupCriteria semi;
  semi.accessibilities = {Accessibility::kSemiPrivate};
  LocationGroup hotels = this->groups().Create(tenant, GroupNamed("Hotels", 1, semi)).value();
  LocationGroupCriteria listed;
  listed.locations = {loc2};
  listed.evse_ids = {EvseId::Parse("NL*ALF*E0002").value()};
  LocationGroup chosen = this->groups().Create(tenant, GroupNamed("Chosen", 2, listed)).value();
  EXPECT_EQ(this->groups().FindById(tenant, chosen.id).value(), chosen);
  EXPECT_EQ(ConnectorNames(this->groups().Connectors(tenant, chosen.id, 0, 100).value()),
            (std::vector<std::string>{"LOC-1/DC-1/1", "LOC-2/AC-1/1", "LOC-2/AC-1/2", "LOC-2/DC-1/1"}));
  EXPECT_TRUE(this->groups().Connectors(tenant, hotels.id, 0, 100)->empty());

  // The administrator says LOC-2 is a hotel car park: its connectors move to "Hotels".
  ASSERT_TRUE(this->locations().SetAccessibilityOverride(tenant, loc2, Accessibility::kSemiPrivate).ok());
  EXPECT_EQ(this->locations().FindById(tenant, loc2)->accessibility_override, Accessibility::kSemiPrivate);
  EXPECT_EQ(this->groups().Connectors(tenant, hotels.id, 0, 100)->size(), 3u);
  // …and the override survives the CPO's next PUT.
  ASSERT_TRUE(this->locations().Upsert(tenant, Street("LOC-2", "2026-02-01T00:00:00Z")).ok());
  EXPECT_EQ(this->groups().Connectors(tenant, hotels.id, 0, 100)->size(), 3u);
  ASSERT_TRUE(this->locations().SetAccessibilityOverride(tenant, loc2, std::nullopt).ok());
  EXPECT_TRUE(this->groups().Connectors(tenant, hotels.id, 0, 100)->empty());
}

TYPED_TEST(LocationRepositoriesTest, RefusesDuplicateNamesAndPrioritiesAndForeignLocations) {
  TenantId a = this->NewTenant("alpha", "DE-ALP");
  TenantId b = this->NewTenant("bravo", "DE-BRV");
  ASSERT_TRUE(this->locations().Upsert(a, Street("LOC-1")).ok());
  const LocationId a_location = this->locations().Find(a, Street("LOC-1").key)->id;
  LocationGroup fast = this->groups().Create(a, GroupNamed("Fast", 1)).value();

  Result<LocationGroup> same_name = this->groups().Create(a, GroupNamed("FAST", 2));
  ASSERT_FALSE(same_name.ok());
  EXPECT_EQ(same_name.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_name.error().field, "name");
  EXPECT_EQ(this->groups().Create(a, GroupNamed("default", 2)).error().field, "name");
  EXPECT_EQ(this->groups().Create(a, GroupNamed("Slow", 1)).error().field, "priority");
  EXPECT_EQ(this->groups().Create(a, GroupNamed("", 3)).error().field, "name");
  // Keeping its own name and priority is no conflict.
  EXPECT_TRUE(this->groups().Update(a, fast.id, GroupNamed("fast", 1)).ok());
  // The same name in another tenant is another tenant's group.
  EXPECT_TRUE(this->groups().Create(b, GroupNamed("Fast", 1)).ok());

  LocationGroupCriteria foreign;
  foreign.locations = {a_location};
  Result<LocationGroup> grafted = this->groups().Create(b, GroupNamed("Graft", 2, foreign));
  ASSERT_FALSE(grafted.ok());
  EXPECT_EQ(grafted.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(grafted.error().field, "criteria.locations[0]");
  EXPECT_EQ(this->groups().List(b)->size(), 2u);
}

TYPED_TEST(LocationRepositoriesTest, KeepsEveryTenantsGroupsToItself) {
  TenantId a = this->NewTenant("alpha", "DE-ALP");
  TenantId b = this->NewTenant("bravo", "DE-BRV");
  ASSERT_TRUE(this->locations().Upsert(a, Street("LOC-1")).ok());
  LocationGroup a_group = this->groups().Create(a, GroupNamed("Everything", 1)).value();
  const LocationGroupId a_default = this->DefaultGroup(a);

  for (LocationGroupId foreign : {a_group.id, a_default}) {
    EXPECT_EQ(this->groups().FindById(b, foreign).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->groups().Update(b, foreign, GroupNamed("Mine", 5)).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->groups().Delete(b, foreign).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->groups().Connectors(b, foreign, 0, 100).error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(this->groups().GroupOfConnector(b, Street("LOC-1").key, "AC-1", "1").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->groups().List(b)->size(), 1u);
  EXPECT_EQ(this->groups().FindById(a, a_group.id).value(), a_group);
  EXPECT_EQ(this->groups().Connectors(a, a_group.id, 0, 100)->size(), 3u);
}

TYPED_TEST(LocationRepositoriesTest, StoresBusinessPartnerGroupsOfUnitsAndTheirSubtrees) {
  TenantId tenant = this->NewTenant("alpha", "DE-ALP");
  domain::OrganisationUnitRepository& units = this->repositories_.organisation_units();
  OrganisationUnit root =
      units.Create(tenant, {.parent_id = std::nullopt, .name = "Root", .billing = {}}).value();
  OrganisationUnit lease =
      units.Create(tenant, {.parent_id = root.id, .name = "Lease", .billing = {}}).value();
  OrganisationUnit lease_a =
      units.Create(tenant, {.parent_id = lease.id, .name = "Lease A", .billing = {}}).value();
  OrganisationUnit staff =
      units.Create(tenant, {.parent_id = root.id, .name = "Staff", .billing = {}}).value();

  Result<BusinessPartnerGroup> leasing =
      this->partners().Create(tenant, {.name = "Lease companies", .units = {lease_a.id, lease.id}});
  ASSERT_TRUE(leasing.ok()) << leasing.error().ToString();
  EXPECT_EQ(leasing->units, (std::vector{lease.id, lease_a.id}));  // by id
  BusinessPartnerGroup employees =
      this->partners().Create(tenant, {.name = "Employees", .units = {staff.id}}).value();
  BusinessPartnerGroup everyone =
      this->partners().Create(tenant, {.name = "Everyone", .units = {root.id}}).value();
  BusinessPartnerGroup empty = this->partners().Create(tenant, {.name = "Not yet", .units = {}}).value();

  EXPECT_EQ(this->partners().FindById(tenant, leasing->id).value(), *leasing);
  EXPECT_EQ(this->partners().List(tenant).value(), (std::vector{*leasing, employees, everyone, empty}));
  EXPECT_EQ(this->partners().ListForOrganisationUnit(tenant, lease_a.id).value(),
            (std::vector{*leasing, everyone}));
  EXPECT_EQ(this->partners().ListForOrganisationUnit(tenant, staff.id).value(),
            (std::vector{employees, everyone}));
  EXPECT_EQ(this->partners().ListForOrganisationUnit(tenant, root.id).value(), (std::vector{everyone}));
  EXPECT_EQ(this->partners().ListForOrganisationUnit(tenant, OrganisationUnitId{987654}).error().field,
            "organisation_unit_id");

  BusinessPartnerGroup renamed =
      this->partners().Update(tenant, employees.id, {.name = "Staff", .units = {lease_a.id}}).value();
  EXPECT_EQ(this->partners().FindById(tenant, employees.id).value(), renamed);
  EXPECT_EQ(this->partners().ListForOrganisationUnit(tenant, staff.id).value(), (std::vector{everyone}));
  ASSERT_TRUE(this->partners().Delete(tenant, everyone.id).ok());
  EXPECT_EQ(this->partners().ListForOrganisationUnit(tenant, lease_a.id).value(),
            (std::vector{*leasing, renamed}));
  EXPECT_EQ(this->partners().Delete(tenant, everyone.id).error().field, "id");

  Result<BusinessPartnerGroup> same_name =
      this->partners().Create(tenant, {.name = "LEASE COMPANIES", .units = {}});
  ASSERT_FALSE(same_name.ok());
  EXPECT_EQ(same_name.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(same_name.error().field, "name");
  EXPECT_EQ(
      this->partners().Update(tenant, renamed.id, {.name = "Lease companies", .units = {}}).error().field,
      "name");
  EXPECT_EQ(this->partners().Create(tenant, {.name = "Twice", .units = {root.id, root.id}}).error().field,
            "units[1]");
  Result<BusinessPartnerGroup> missing =
      this->partners().Create(tenant, {.name = "Missing", .units = {root.id, OrganisationUnitId{987654}}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "units[1]");
  EXPECT_EQ(this->partners().List(tenant)->size(), 3u);  // nothing half-written
}

TYPED_TEST(LocationRepositoriesTest, KeepsEveryTenantsBusinessPartnerGroupsToItself) {
  TenantId a = this->NewTenant("alpha", "DE-ALP");
  TenantId b = this->NewTenant("bravo", "DE-BRV");
  domain::OrganisationUnitRepository& units = this->repositories_.organisation_units();
  OrganisationUnit a_root = units.Create(a, {.parent_id = std::nullopt, .name = "A", .billing = {}}).value();
  OrganisationUnit b_root = units.Create(b, {.parent_id = std::nullopt, .name = "B", .billing = {}}).value();
  BusinessPartnerGroup a_group =
      this->partners().Create(a, {.name = "Partners", .units = {a_root.id}}).value();

  EXPECT_EQ(this->partners().FindById(b, a_group.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->partners().Update(b, a_group.id, {.name = "Mine", .units = {}}).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->partners().Delete(b, a_group.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(this->partners().List(b)->empty());
  EXPECT_EQ(this->partners().ListForOrganisationUnit(b, a_root.id).error().code, ErrorCode::kNotFound);
  // B cannot put A's unit into its own group.
  EXPECT_EQ(this->partners().Create(b, {.name = "Graft", .units = {b_root.id, a_root.id}}).error().field,
            "units[1]");
  BusinessPartnerGroup b_group =
      this->partners().Create(b, {.name = "Partners", .units = {b_root.id}}).value();

  std::vector<BusinessPartnerGroupId> found;
  for (std::int64_t guess = 0; guess <= b_group.id.value + 10; ++guess) {
    if (Result<BusinessPartnerGroup> group = this->partners().FindById(b, BusinessPartnerGroupId{guess});
        group.ok()) {
      EXPECT_EQ(group->tenant_id, b);
      found.push_back(group->id);
    }
  }
  EXPECT_EQ(found, (std::vector{b_group.id}));
  EXPECT_EQ(this->partners().FindById(a, a_group.id).value(), a_group);
}

// The schema holds the tenant boundary on its own, for writers that bypass the repositories: no row
// can point at a row of another tenant.
TYPED_TEST(LocationRepositoriesTest, TheSchemaRefusesRowsAcrossTenants) {
  TenantId a = this->NewTenant("alpha", "DE-ALP");
  TenantId b = this->NewTenant("bravo", "DE-BRV");
  ASSERT_TRUE(this->locations().Upsert(a, Street("LOC-1")).ok());
  ASSERT_TRUE(this->locations().Upsert(b, Street("LOC-1")).ok());
  const std::string a_location = std::to_string(this->locations().Find(a, Street("LOC-1").key)->id.value);
  const std::string b_location = std::to_string(this->locations().Find(b, Street("LOC-1").key)->id.value);
  const std::string a_group = std::to_string(this->DefaultGroup(a).value);
  const std::string b_group = std::to_string(this->groups().Create(b, GroupNamed("B", 1))->id.value);
  const std::string b_id = std::to_string(b.value);
  OrganisationUnit a_root = this->repositories_.organisation_units()
                                .Create(a, {.parent_id = std::nullopt, .name = "A", .billing = {}})
                                .value();
  const std::string b_partners =
      std::to_string(this->partners().Create(b, {.name = "P", .units = {}})->id.value);

  const std::string evse =
      "INSERT INTO evses (tenant_id, location_row_id, ordinal, uid, status, last_updated, "
      "raw_json) VALUES (" +
      b_id + ", ";
  const std::string evse_rest = ", 9, 'X', 'AVAILABLE', '2026-01-01T00:00:00Z', '{}')";
  EXPECT_FALSE(this->backend_.Execute(evse + a_location + evse_rest).ok());
  EXPECT_TRUE(this->backend_.Execute(evse + b_location + evse_rest).ok());

  const std::string b_evse = "(SELECT id FROM evses WHERE tenant_id = " + b_id + " AND uid = 'X')";
  const std::string connector =
      "INSERT INTO connectors (tenant_id, evse_row_id, ordinal, connector_id, standard, format, power_type, "
      "max_voltage, max_amperage, last_updated, raw_json, location_group_id) VALUES (" +
      b_id + ", " + b_evse + ", 0, '1', 'IEC_62196_T2', 'SOCKET', 'DC', 1, 1, '2026-01-01T00:00:00Z', '{}', ";
  EXPECT_FALSE(this->backend_.Execute(connector + a_group + ")").ok());
  EXPECT_TRUE(this->backend_.Execute(connector + b_group + ")").ok());

  const std::string member =
      "INSERT INTO location_group_locations (tenant_id, location_group_id, ordinal, "
      "location_row_id) VALUES (" +
      b_id + ", " + b_group + ", 0, ";
  EXPECT_FALSE(this->backend_.Execute(member + a_location + ")").ok());
  EXPECT_TRUE(this->backend_.Execute(member + b_location + ")").ok());

  EXPECT_FALSE(this->backend_
                   .Execute("INSERT INTO business_partner_group_units (tenant_id, business_partner_group_id, "
                            "organisation_unit_id) VALUES (" +
                            b_id + ", " + b_partners + ", " + std::to_string(a_root.id.value) + ")")
                   .ok());
  // A second default group is refused too.
  EXPECT_FALSE(this->backend_
                   .Execute("INSERT INTO location_groups (tenant_id, name, priority, is_default) VALUES (" +
                            b_id + ", 'Second default', 99, TRUE)")
                   .ok());
}

}  // namespace
}  // namespace openmsp::store
