#include "domain/location.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace openmsp::domain {
namespace {

Instant At(const char* text) { return ParseOcpiDateTime(text).value(); }

Connector Plug(const char* id, PowerType power_type, std::int64_t volts, std::int64_t amperes) {
  return Connector{.id = id,
                   .standard = "IEC_62196_T2",
                   .format = ConnectorFormat::kSocket,
                   .power_type = power_type,
                   .max_voltage = volts,
                   .max_amperage = amperes,
                   .max_electric_power = std::nullopt,
                   .tariff_ids = {"11"},
                   .last_updated = At("2026-01-01T10:00:00Z"),
                   .raw_json = "{}"};
}

Location Garage() {
  Evse evse{
      .uid = "3256",
      .evse_id = "BE*BEC*E041503001",
      .status = EvseStatus::kAvailable,
      .last_updated = At("2026-01-01T10:00:00Z"),
      .connectors = {Plug("1", PowerType::kAc3Phase, 230, 16), Plug("2", PowerType::kAc3Phase, 230, 16)},
      .raw_json = "{}"};
  return Location{.key = {.party = PartyId::Parse("BE-BEC").value(), .location_id = "LOC1"},
                  .publish = true,
                  .name = "Gent Zuid",
                  .address = "F.Rooseveltlaan 3A",
                  .city = "Gent",
                  .postal_code = "9000",
                  .country = CountryFromAlpha3("BEL").value(),
                  .coordinates = {.latitude = "51.047599", .longitude = "3.729944"},
                  .time_zone = "Europe/Brussels",
                  .parking_type = ParkingType::kOnStreet,
                  .facilities = {},
                  .last_updated = At("2026-01-01T10:00:00Z"),
                  .evses = {std::move(evse)},
                  .raw_json = R"({"id":"LOC1"})"};
}

std::string FieldAtFault(const Location& location) {
  Result<void> result = ValidateLocation(location);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  return result.error().field;
}

TEST(DecideUpsertTest, CreatesReplacesAndRefusesOlderObjects) {
  EXPECT_EQ(DecideUpsert(std::nullopt, At("2026-01-01T10:00:00Z")), UpsertOutcome::kCreated);
  EXPECT_EQ(DecideUpsert(At("2026-01-01T10:00:00Z"), At("2026-01-01T10:00:00.001Z")),
            UpsertOutcome::kReplaced);
  // The same object pushed twice is applied again: nothing newer is lost.
  EXPECT_EQ(DecideUpsert(At("2026-01-01T10:00:00Z"), At("2026-01-01T10:00:00Z")), UpsertOutcome::kReplaced);
  EXPECT_EQ(DecideUpsert(At("2026-01-01T10:00:00Z"), At("2026-01-01T09:59:59.999Z")), UpsertOutcome::kStale);
}

TEST(EffectiveLastUpdatedTest, IsTheLatestOfLocationEvsesAndConnectors) {
  Location location = Garage();
  EXPECT_EQ(EffectiveLastUpdated(location), At("2026-01-01T10:00:00Z"));
  location.evses[0].connectors[1].last_updated = At("2026-02-03T04:05:06Z");
  EXPECT_EQ(EffectiveLastUpdated(location), At("2026-02-03T04:05:06Z"));
  EXPECT_EQ(EffectiveLastUpdated(location.evses[0]), At("2026-02-03T04:05:06Z"));
}

TEST(ValidateLocationTest, AcceptsAWellFormedLocation) {
  Result<void> valid = ValidateLocation(Garage());
  EXPECT_TRUE(valid.ok()) << valid.error().ToString();
}

TEST(ValidateLocationTest, RefusesAnUnknownTimeZoneNamingTheField) {
  Location location = Garage();
  location.time_zone = "Europe/Gent";
  EXPECT_EQ(FieldAtFault(location), "time_zone");
  location.time_zone = "europe/brussels";
  EXPECT_EQ(FieldAtFault(location), "time_zone");
  location.time_zone = "";
  EXPECT_EQ(FieldAtFault(location), "time_zone");
}

TEST(ValidateLocationTest, ChecksCoordinatesAsTextWithoutRoundingThem) {
  Location location = Garage();
  for (const char* good : {"-89.1234567", "0.1", "90.00000"}) {
    location.coordinates.latitude = good;
    EXPECT_TRUE(ValidateLocation(location).ok()) << good;
  }
  for (const char* bad : {"51", "51.12345678", "151.123456", "90.000001", "5a.123456", "+51.123456",
                          " 51.12345", "51.", ".123456", ""}) {
    location.coordinates.latitude = bad;
    EXPECT_EQ(FieldAtFault(location), "coordinates.latitude") << bad;
  }
  location = Garage();
  location.coordinates.longitude = "-180.0000001";
  EXPECT_EQ(FieldAtFault(location), "coordinates.longitude");
  location.coordinates.longitude = "-179.9999999";
  EXPECT_TRUE(ValidateLocation(location).ok());
  location.coordinates.longitude = "004.89300";
  EXPECT_EQ(ValidateLocation(location).error().message,
            "'004.89300' has redundant leading zeros: write '4.89300'");
}

TEST(CanonicalCoordinateTest, DropsTheLeadingZerosOcpisPatternAllows) {
  EXPECT_EQ(CanonicalCoordinate("05.373000", 2, 90).value(), "5.373000");
  EXPECT_EQ(CanonicalCoordinate("-00.50000", 2, 90).value(), "-0.50000");
  EXPECT_EQ(CanonicalCoordinate("004.8930", 3, 180).value(), "4.8930");
  EXPECT_EQ(CanonicalCoordinate("52.37403", 2, 90).value(), "52.37403");
  EXPECT_EQ(CanonicalCoordinate("090.00001", 3, 90).error().message, "'090.00001' is beyond ±90");
  EXPECT_EQ(CanonicalCoordinate("005.1", 2, 90).error().field, "");
}

TEST(ValidateLocationTest, NamesTheFieldAtFault) {
  Location location = Garage();
  location.country = Country{.alpha2 = "BE", .alpha3 = "BEX"};
  EXPECT_EQ(FieldAtFault(location), "country");
  location = Garage();
  location.key.location_id = std::string(37, 'x');
  EXPECT_EQ(FieldAtFault(location), "location_id");
  location = Garage();
  location.address = "";
  EXPECT_EQ(FieldAtFault(location), "address");
  location = Garage();
  location.city = "Gent\n";
  EXPECT_EQ(FieldAtFault(location), "city");
  location = Garage();
  location.postal_code = "12345678901";
  EXPECT_EQ(FieldAtFault(location), "postal_code");
  location = Garage();
  location.facilities = {"HOTEL", "JACUZZI"};
  EXPECT_EQ(FieldAtFault(location), "facilities[1]");
  location = Garage();
  location.raw_json = "";
  EXPECT_EQ(FieldAtFault(location), "raw_json");
}

TEST(ValidateLocationTest, ChecksEvsesAndConnectorsWithTheirPath) {
  Location location = Garage();
  location.evses[0].evse_id = "BE*BEC*P041503001";  // a charging pool id, not an EVSE id
  EXPECT_EQ(FieldAtFault(location), "evses[0].evse_id");
  location.evses[0].evse_id = "";  // absent is allowed
  EXPECT_TRUE(ValidateLocation(location).ok());
  location.evses.push_back(location.evses[0]);
  location.evses[1].uid = "3256";
  EXPECT_EQ(FieldAtFault(location), "evses[1].uid");
  location.evses[1].uid = "3257";
  location.evses[1].connectors[1].id = "1";
  EXPECT_EQ(FieldAtFault(location), "evses[1].connectors[1].id");
  location.evses[1].connectors[1].id = "2";
  location.evses[1].connectors[1].standard = "IEC_62196_t2";
  EXPECT_EQ(FieldAtFault(location), "evses[1].connectors[1].standard");
  location.evses[1].connectors[1].standard = "IEC_60309_2_single_16";
  location.evses[1].connectors[0].max_voltage = -1;
  EXPECT_EQ(FieldAtFault(location), "evses[1].connectors[0].max_voltage");
  location.evses[1].connectors[0].max_voltage = 230;
  location.evses[1].connectors[0].tariff_ids = {"11", ""};
  EXPECT_EQ(FieldAtFault(location), "evses[1].connectors[0].tariff_ids[1]");
  location.evses[1].connectors.clear();
  EXPECT_EQ(FieldAtFault(location), "evses[1].connectors");
}

TEST(DeriveAccessibilityTest, FollowsPublishParkingAndFacilities) {
  Location location = Garage();
  EXPECT_EQ(DeriveAccessibility(location), Accessibility::kPublic);
  location.parking_type = ParkingType::kUndergroundGarage;
  EXPECT_EQ(DeriveAccessibility(location), Accessibility::kSemiPrivate);
  location.parking_type = ParkingType::kParkingLot;
  EXPECT_EQ(DeriveAccessibility(location), Accessibility::kPublic);
  location.facilities = {"WIFI", "SUPERMARKET"};
  EXPECT_EQ(DeriveAccessibility(location), Accessibility::kSemiPrivate);
  location.publish = false;
  EXPECT_EQ(DeriveAccessibility(location), Accessibility::kPrivate);
  location.publish = true;
  location.facilities.clear();
  location.parking_type = ParkingType::kOnDriveway;
  EXPECT_EQ(DeriveAccessibility(location), Accessibility::kPrivate);

  StoredLocation stored{.id = LocationId{1},
                        .tenant_id = TenantId{1},
                        .location = location,
                        .accessibility_override = std::nullopt};
  EXPECT_EQ(EffectiveAccessibility(stored), Accessibility::kPrivate);
  stored.accessibility_override = Accessibility::kSemiPrivate;
  EXPECT_EQ(EffectiveAccessibility(stored), Accessibility::kSemiPrivate);
}

TEST(MaxPowerKwTest, MultipliesPhasesOrTakesTheStatedPower) {
  EXPECT_EQ(MaxPowerKw(Plug("1", PowerType::kAc3Phase, 230, 16)), Decimal::Parse("11.04").value());
  EXPECT_EQ(MaxPowerKw(Plug("1", PowerType::kAc1Phase, 230, 32)), Decimal::Parse("7.36").value());
  EXPECT_EQ(MaxPowerKw(Plug("1", PowerType::kAc2PhaseSplit, 120, 40)), Decimal::Parse("9.6").value());
  EXPECT_EQ(MaxPowerKw(Plug("1", PowerType::kDc, 920, 500)), Decimal(460));
  Connector limited = Plug("1", PowerType::kDc, 920, 500);
  limited.max_electric_power = 350'001;
  EXPECT_EQ(MaxPowerKw(limited), Decimal::Parse("350.001").value());
}

TEST(FindConnectorTest, ComparesIdsIgnoringCase) {
  Location location = Garage();
  location.evses[0].uid = "evse-a";
  location.evses[0].connectors[1].id = "b";
  EXPECT_EQ(FindConnector(location, "EVSE-A", "B"), &location.evses[0].connectors[1]);
  EXPECT_EQ(FindConnector(location, "EVSE-A", "c"), nullptr);
  EXPECT_EQ(FindEvse(location, "evse-b"), nullptr);
}

TEST(EnumNamesTest, RoundTripAndRefuseOtherSpellings) {
  for (EvseStatus status : {EvseStatus::kAvailable, EvseStatus::kOutOfOrder, EvseStatus::kRemoved}) {
    EXPECT_EQ(ParseEvseStatus(EvseStatusName(status)).value(), status);
  }
  EXPECT_EQ(EvseStatusName(EvseStatus::kOutOfOrder), "OUTOFORDER");
  EXPECT_EQ(ParsePowerType("AC_2_PHASE_SPLIT").value(), PowerType::kAc2PhaseSplit);
  EXPECT_FALSE(ParsePowerType("ac_3_phase").ok());
  EXPECT_EQ(ParseAccessibility("SEMI_PRIVATE").value(), Accessibility::kSemiPrivate);
  EXPECT_EQ(ParseParkingType("UNDERGROUND_GARAGE").value(), ParkingType::kUndergroundGarage);
  EXPECT_EQ(ParseConnectorFormat("CABLE").value(), ConnectorFormat::kCable);
  EXPECT_TRUE(IsConnectorType("TESLA_S"));
  EXPECT_FALSE(IsConnectorType(""));
  EXPECT_TRUE(IsFacility("WIFI"));
  EXPECT_FALSE(IsFacility("wifi"));
}

}  // namespace
}  // namespace openmsp::domain
