#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/decimal.h"
#include "core/ids/country.h"
#include "core/ids/party_id.h"
#include "core/result.h"
#include "core/time.h"
#include "domain/ids.h"

namespace openmsp::domain {

// Locations, EVSEs and connectors as a CPO sends them over OCPI 2.2.1 (`mod_locations`): the fields
// that queries, location groups and rating need, parsed and validated, beside the JSON text of each
// object exactly as it was received (`raw_json`), so nothing the CPO sent is ever lost. Building these
// from JSON is the OCPI module's job; the rules here need no JSON.

/// A stored location's id: the 64-bit integer its database row was given, unique across tenants. Not
/// the CPO's id (that is `LocationKey`).
struct LocationId {
  std::int64_t value = 0;

  friend auto operator<=>(const LocationId&, const LocationId&) = default;
};

/// OCPI `Status` of an EVSE. `kRemoved` is how OCPI deletes an EVSE: it stays stored.
enum class EvseStatus {
  kAvailable,
  kBlocked,
  kCharging,
  kInoperative,
  kOutOfOrder,
  kPlanned,
  kRemoved,
  kReserved,
  kUnknown,
};

/// OCPI `ConnectorFormat`.
enum class ConnectorFormat { kSocket, kCable };

/// OCPI `PowerType`.
enum class PowerType { kAc1Phase, kAc2Phase, kAc2PhaseSplit, kAc3Phase, kDc };

/// OCPI `ParkingType`.
enum class ParkingType {
  kAlongMotorway,
  kParkingGarage,
  kParkingLot,
  kOnDriveway,
  kOnStreet,
  kUndergroundGarage,
};

/// Who may charge at a location (domain.md §2): `PUBLIC`, `SEMI_PRIVATE` (privately owned, publicly
/// accessible: hotel, supermarket, parking garage) or `PRIVATE` (home chargers, not published).
enum class Accessibility { kPublic, kSemiPrivate, kPrivate };

/// The OCPI spellings (`AVAILABLE`, `SOCKET`, `AC_3_PHASE`, `ON_STREET`) and, for accessibility, the
/// domain's (`PUBLIC`, `SEMI_PRIVATE`, `PRIVATE`).
std::string_view EvseStatusName(EvseStatus status);
std::string_view ConnectorFormatName(ConnectorFormat format);
std::string_view PowerTypeName(PowerType power_type);
std::string_view ParkingTypeName(ParkingType parking_type);
std::string_view AccessibilityName(Accessibility accessibility);

/// The value spelled `name` exactly as the `...Name` functions above spell it (OCPI enums are
/// case-sensitive); kInvalidArgument with an empty field, for the caller to `Nested`, otherwise.
Result<EvseStatus> ParseEvseStatus(std::string_view name);
Result<ConnectorFormat> ParseConnectorFormat(std::string_view name);
Result<PowerType> ParsePowerType(std::string_view name);
Result<ParkingType> ParseParkingType(std::string_view name);
Result<Accessibility> ParseAccessibility(std::string_view name);

/// Whether `name` is an OCPI 2.2.1 `ConnectorType` (`IEC_62196_T2`, `CHADEMO`, …; case-sensitive).
bool IsConnectorType(std::string_view name);

/// Whether `name` is an OCPI 2.2.1 `Facility` (`HOTEL`, `SUPERMARKET`, …; case-sensitive).
bool IsFacility(std::string_view name);

/// What identifies a location across OCPI: the owning CPO's party and its location id (CiString(36),
/// compared ignoring ASCII case, as OCPI compares CiStrings).
struct LocationKey {
  PartyId party;
  std::string location_id;

  friend bool operator==(const LocationKey&, const LocationKey&) = default;
};

/// OCPI `GeoLocation`: WGS84 decimal degrees, kept as the exact text received (never a double).
struct GeoLocation {
  std::string latitude;
  std::string longitude;

  friend bool operator==(const GeoLocation&, const GeoLocation&) = default;
};

/// An OCPI `Connector`: the plug. Identified by its EVSE and `id`.
struct Connector {
  /// CiString(36), unique within its EVSE (ignoring case).
  std::string id;
  /// OCPI `ConnectorType`, e.g. `IEC_62196_T2` (`IsConnectorType`).
  std::string standard;
  ConnectorFormat format = ConnectorFormat::kSocket;
  PowerType power_type = PowerType::kAc3Phase;
  /// Volts (line to neutral for three-phase AC) and amperes, each ≥ 0.
  std::int64_t max_voltage = 0;
  std::int64_t max_amperage = 0;
  /// Watts, when the CPO states it (it is lower than what voltage and current allow).
  std::optional<std::int64_t> max_electric_power;
  /// The CPO tariffs that apply, each a non-empty CiString(36), in the order received.
  std::vector<std::string> tariff_ids;
  Instant last_updated;
  /// The connector's JSON exactly as received; stored byte for byte.
  std::string raw_json;

  friend bool operator==(const Connector&, const Connector&) = default;
};

/// An OCPI `EVSE` with its connectors.
struct Evse {
  /// CiString(36), unique within its location (ignoring case); the CPO's technical id.
  std::string uid;
  /// The eMI3/DIN EVSE id (`NL*ALF*E000000001`) exactly as received, or empty when absent (OCPI allows
  /// that, e.g. for a REMOVED EVSE). Must parse as `EvseId`.
  std::string evse_id;
  EvseStatus status = EvseStatus::kUnknown;
  Instant last_updated;
  /// At least one, as OCPI requires.
  std::vector<Connector> connectors;
  /// The EVSE's JSON exactly as received; stored byte for byte.
  std::string raw_json;

  friend bool operator==(const Evse&, const Evse&) = default;
};

/// An OCPI `Location` with its EVSEs, as the CPO sent it.
struct Location {
  /// The owning CPO (`country_code`, `party_id`) and its location `id`.
  LocationKey key;
  bool publish = true;
  /// OCPI string(255), optional: empty when absent.
  std::string name;
  /// OCPI string(255) (errata; 2.2.1-d2 said 45), required.
  std::string address;
  /// OCPI string(45), required.
  std::string city;
  /// OCPI string(10), optional: empty when absent.
  std::string postal_code;
  /// ISO 3166-1 alpha-3, as OCPI sends it (`NLD`).
  Country country;
  GeoLocation coordinates;
  /// An IANA zone name (`Europe/Amsterdam`) that `TimeZone::Find` knows: tariff restrictions are in this
  /// local time.
  std::string time_zone;
  std::optional<ParkingType> parking_type;
  /// OCPI `Facility` values, in the order received.
  std::vector<std::string> facilities;
  /// As received. What is stored is `EffectiveLastUpdated` (OCPI: the latest of the location, its EVSEs
  /// and their connectors).
  Instant last_updated;
  std::vector<Evse> evses;
  /// The whole Location JSON exactly as received (EVSEs included); stored byte for byte.
  std::string raw_json;

  friend bool operator==(const Location&, const Location&) = default;
};

/// A location as stored for a tenant: the CPO's data, the row id, and the tenant's own setting.
struct StoredLocation {
  LocationId id;
  TenantId tenant_id;
  Location location;
  /// An administrator's choice that replaces `DeriveAccessibility`; absent when not set. Kept when the
  /// CPO sends the location again.
  std::optional<Accessibility> accessibility_override;

  friend bool operator==(const StoredLocation&, const StoredLocation&) = default;
};

/// What an upsert did. OCPI receivers must not let an older object overwrite a newer one.
enum class UpsertOutcome {
  kCreated,   ///< nothing was stored under that key; now it is
  kReplaced,  ///< the stored object was replaced (its `last_updated` was not newer)
  kStale,     ///< not applied: the stored object's `last_updated` is newer than the one received
};

/// `created`, `replaced` or `stale`.
std::string_view UpsertOutcomeName(UpsertOutcome outcome);

/// The rule every location, EVSE and connector upsert follows: nothing stored → `kCreated`; a received
/// `last_updated` older than the stored one → `kStale` (nothing changes); otherwise (newer, or equal: a
/// repeated push) → `kReplaced`.
UpsertOutcome DecideUpsert(std::optional<Instant> stored_last_updated, Instant received_last_updated);

/// The latest `last_updated` of `evse` and its connectors.
Instant EffectiveLastUpdated(const Evse& evse);

/// The latest `last_updated` of `location`, its EVSEs and their connectors, as OCPI defines a location's
/// `last_updated`.
Instant EffectiveLastUpdated(const Location& location);

/// Checks a connector; errors name the field (`id`, `standard`, `max_voltage`, `max_amperage`,
/// `max_electric_power`, `tariff_ids[1]`, `raw_json`) for the caller to `Nested`.
Result<void> ValidateConnector(const Connector& connector);

/// Checks an EVSE and its connectors; errors name the field (`uid`, `evse_id`, `connectors`,
/// `connectors[0].standard`, a repeated `connectors[2].id`, `raw_json`).
Result<void> ValidateEvse(const Evse& evse);

/// A GeoLocation's latitude (`max_integer_digits` 2, `limit` 90) or longitude (3, 180) in OCPI's pattern
/// `-?[0-9]{1,2}\.[0-9]{5,7}`, taking 1 to 7 decimals (docs/storage.md), within ±`limit`; answers the text
/// without the redundant leading zeros the pattern allows ("05.37300" → "5.37300"), as it is stored.
/// Errors name no field: the caller knows which coordinate it read.
Result<std::string> CanonicalCoordinate(std::string_view text, std::size_t max_integer_digits, int limit);

/// Checks a location and everything in it; errors name the field: `location_id`, `name`, `address`,
/// `city`, `postal_code`, `country` (must be an assigned alpha-3 code), `coordinates.latitude`/
/// `coordinates.longitude` (canonical: see `CanonicalCoordinate`; see docs/storage.md for the accepted
/// number of decimals), `time_zone` (an IANA zone), `facilities[0]`, `evses[1].uid` (also when
/// repeated), `evses[0].connectors[0].max_voltage`, `raw_json`.
Result<void> ValidateLocation(const Location& location);

/// `PUBLIC`, `SEMI_PRIVATE` or `PRIVATE` from what the CPO sent (domain.md §2):
/// - not published (`publish` false: home chargers, limited visibility) or `ON_DRIVEWAY` → `PRIVATE`;
/// - a parking garage (`PARKING_GARAGE`, `UNDERGROUND_GARAGE`), or a facility that marks private ground
///   open to the public (`HOTEL`, `RESTAURANT`, `CAFE`, `MALL`, `SUPERMARKET`, `SPORT`,
///   `RECREATION_AREA`, `MUSEUM`, `AIRPORT`, `FUEL_STATION`) → `SEMI_PRIVATE`;
/// - otherwise (street, motorway, open parking lot) → `PUBLIC`.
Accessibility DeriveAccessibility(const Location& location);

/// The accessibility that counts: the override when set, else `DeriveAccessibility`.
Accessibility EffectiveAccessibility(const StoredLocation& location);

/// The most a connector can deliver, in kW, exactly: `max_electric_power` when given, else
/// voltage × current × phases (3 for `AC_3_PHASE`, 2 for `AC_2_PHASE` and `AC_2_PHASE_SPLIT`, 1
/// otherwise), divided by 1000.
Decimal MaxPowerKw(const Connector& connector);

/// Finds the connector `connector_id` of EVSE `evse_uid` in `location`, comparing both ignoring ASCII
/// case; nullptr when there is none.
const Connector* FindConnector(const Location& location, std::string_view evse_uid,
                               std::string_view connector_id);

/// Finds the EVSE `uid` in `location`, ignoring ASCII case; nullptr when there is none.
const Evse* FindEvse(const Location& location, std::string_view uid);

}  // namespace openmsp::domain
