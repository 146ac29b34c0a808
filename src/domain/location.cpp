#include "domain/location.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/enum_names.h"
#include "core/ids/ascii.h"
#include "core/ids/evse_id.h"
#include "core/ids/ocpi_string.h"
#include "core/time_zone.h"

namespace openmsp::domain {
namespace {

constexpr std::size_t kMaxIdLength = 36;

constexpr EnumNames<EvseStatus, 9> kEvseStatusNames = {{{EvseStatus::kAvailable, "AVAILABLE"},
                                                        {EvseStatus::kBlocked, "BLOCKED"},
                                                        {EvseStatus::kCharging, "CHARGING"},
                                                        {EvseStatus::kInoperative, "INOPERATIVE"},
                                                        {EvseStatus::kOutOfOrder, "OUTOFORDER"},
                                                        {EvseStatus::kPlanned, "PLANNED"},
                                                        {EvseStatus::kRemoved, "REMOVED"},
                                                        {EvseStatus::kReserved, "RESERVED"},
                                                        {EvseStatus::kUnknown, "UNKNOWN"}}};
constexpr EnumNames<ConnectorFormat, 2> kFormatNames = {
    {{ConnectorFormat::kSocket, "SOCKET"}, {ConnectorFormat::kCable, "CABLE"}}};
constexpr EnumNames<PowerType, 5> kPowerTypeNames = {{{PowerType::kAc1Phase, "AC_1_PHASE"},
                                                      {PowerType::kAc2Phase, "AC_2_PHASE"},
                                                      {PowerType::kAc2PhaseSplit, "AC_2_PHASE_SPLIT"},
                                                      {PowerType::kAc3Phase, "AC_3_PHASE"},
                                                      {PowerType::kDc, "DC"}}};
constexpr EnumNames<ParkingType, 6> kParkingTypeNames = {
    {{ParkingType::kAlongMotorway, "ALONG_MOTORWAY"},
     {ParkingType::kParkingGarage, "PARKING_GARAGE"},
     {ParkingType::kParkingLot, "PARKING_LOT"},
     {ParkingType::kOnDriveway, "ON_DRIVEWAY"},
     {ParkingType::kOnStreet, "ON_STREET"},
     {ParkingType::kUndergroundGarage, "UNDERGROUND_GARAGE"}}};
constexpr EnumNames<Accessibility, 3> kAccessibilityNames = {{{Accessibility::kPublic, "PUBLIC"},
                                                              {Accessibility::kSemiPrivate, "SEMI_PRIVATE"},
                                                              {Accessibility::kPrivate, "PRIVATE"}}};
constexpr EnumNames<UpsertOutcome, 3> kOutcomeNames = {{{UpsertOutcome::kCreated, "created"},
                                                        {UpsertOutcome::kReplaced, "replaced"},
                                                        {UpsertOutcome::kStale, "stale"}}};

constexpr auto kConnectorTypes = std::to_array<std::string_view>({"CHADEMO",
                                                                  "CHAOJI",
                                                                  "DOMESTIC_A",
                                                                  "DOMESTIC_B",
                                                                  "DOMESTIC_C",
                                                                  "DOMESTIC_D",
                                                                  "DOMESTIC_E",
                                                                  "DOMESTIC_F",
                                                                  "DOMESTIC_G",
                                                                  "DOMESTIC_H",
                                                                  "DOMESTIC_I",
                                                                  "DOMESTIC_J",
                                                                  "DOMESTIC_K",
                                                                  "DOMESTIC_L",
                                                                  "DOMESTIC_M",
                                                                  "DOMESTIC_N",
                                                                  "DOMESTIC_O",
                                                                  "GBT_AC",
                                                                  "GBT_DC",
                                                                  "IEC_60309_2_single_16",
                                                                  "IEC_60309_2_three_16",
                                                                  "IEC_60309_2_three_32",
                                                                  "IEC_60309_2_three_64",
                                                                  "IEC_62196_T1",
                                                                  "IEC_62196_T1_COMBO",
                                                                  "IEC_62196_T2",
                                                                  "IEC_62196_T2_COMBO",
                                                                  "IEC_62196_T3A",
                                                                  "IEC_62196_T3C",
                                                                  "NEMA_5_20",
                                                                  "NEMA_6_30",
                                                                  "NEMA_6_50",
                                                                  "NEMA_10_30",
                                                                  "NEMA_10_50",
                                                                  "NEMA_14_30",
                                                                  "NEMA_14_50",
                                                                  "PANTOGRAPH_BOTTOM_UP",
                                                                  "PANTOGRAPH_TOP_DOWN",
                                                                  "TESLA_R",
                                                                  "TESLA_S"});

constexpr auto kFacilities = std::to_array<std::string_view>(
    {"HOTEL",           "RESTAURANT",    "CAFE",          "MALL",         "SUPERMARKET", "SPORT",
     "RECREATION_AREA", "NATURE",        "MUSEUM",        "BIKE_SHARING", "BUS_STOP",    "TAXI_STAND",
     "TRAM_STOP",       "METRO_STATION", "TRAIN_STATION", "AIRPORT",      "PARKING_LOT", "CARPOOL_PARKING",
     "FUEL_STATION",    "WIFI"});

// Facilities that mean the chargers stand on private ground that is open to the public.
constexpr auto kSemiPrivateFacilities =
    std::to_array<std::string_view>({"HOTEL", "RESTAURANT", "CAFE", "MALL", "SUPERMARKET", "SPORT",
                                     "RECREATION_AREA", "MUSEUM", "AIRPORT", "FUEL_STATION"});

template <std::size_t kSize>
bool Contains(const std::array<std::string_view, kSize>& names, std::string_view name) {
  return !name.empty() && std::find(names.begin(), names.end(), name) != names.end();
}

std::string Indexed(std::string_view field, std::size_t index) {
  return std::string(field) + "[" + std::to_string(index) + "]";
}

// A required or optional CiString id: 1 to 36 printable ASCII characters.
Result<void> ValidateId(std::string_view id, std::string_view field) {
  if (id.empty()) return InvalidArgument(std::string(field), "must not be empty");
  if (Result<void> valid = ValidateCiString(id, kMaxIdLength); !valid) return valid.error().Nested(field);
  return Ok();
}

Result<void> ValidateText(std::string_view text, std::size_t max_length, bool required,
                          std::string_view field) {
  if (required && text.empty()) return InvalidArgument(std::string(field), "must not be empty");
  if (Result<void> valid = ValidateOcpiString(text, max_length); !valid) return valid.error().Nested(field);
  return Ok();
}

Result<void> ValidateCoordinate(std::string_view text, std::size_t max_integer_digits, int limit,
                                std::string_view field) {
  Result<std::string> canonical = CanonicalCoordinate(text, max_integer_digits, limit);
  if (!canonical) return canonical.error().Nested(field);
  if (*canonical != text) {
    return InvalidArgument(std::string(field), ascii::Quote(text) + " has redundant leading zeros: write " +
                                                   ascii::Quote(*canonical));
  }
  return Ok();
}

}  // namespace

std::string_view EvseStatusName(EvseStatus status) { return NameOf(kEvseStatusNames, status); }
std::string_view ConnectorFormatName(ConnectorFormat format) { return NameOf(kFormatNames, format); }
std::string_view PowerTypeName(PowerType power_type) { return NameOf(kPowerTypeNames, power_type); }
std::string_view ParkingTypeName(ParkingType parking_type) { return NameOf(kParkingTypeNames, parking_type); }
std::string_view AccessibilityName(Accessibility accessibility) {
  return NameOf(kAccessibilityNames, accessibility);
}
std::string_view UpsertOutcomeName(UpsertOutcome outcome) { return NameOf(kOutcomeNames, outcome); }

Result<EvseStatus> ParseEvseStatus(std::string_view name) { return ValueOf(kEvseStatusNames, name); }
Result<ConnectorFormat> ParseConnectorFormat(std::string_view name) { return ValueOf(kFormatNames, name); }
Result<PowerType> ParsePowerType(std::string_view name) { return ValueOf(kPowerTypeNames, name); }
Result<ParkingType> ParseParkingType(std::string_view name) { return ValueOf(kParkingTypeNames, name); }
Result<Accessibility> ParseAccessibility(std::string_view name) { return ValueOf(kAccessibilityNames, name); }

bool IsConnectorType(std::string_view name) { return Contains(kConnectorTypes, name); }
bool IsFacility(std::string_view name) { return Contains(kFacilities, name); }

UpsertOutcome DecideUpsert(std::optional<Instant> stored_last_updated, Instant received_last_updated) {
  if (!stored_last_updated) return UpsertOutcome::kCreated;
  if (received_last_updated < *stored_last_updated) return UpsertOutcome::kStale;
  return UpsertOutcome::kReplaced;
}

Instant EffectiveLastUpdated(const Evse& evse) {
  Instant latest = evse.last_updated;
  for (const Connector& connector : evse.connectors) latest = std::max(latest, connector.last_updated);
  return latest;
}

Instant EffectiveLastUpdated(const Location& location) {
  Instant latest = location.last_updated;
  for (const Evse& evse : location.evses) latest = std::max(latest, EffectiveLastUpdated(evse));
  return latest;
}

Result<void> ValidateConnector(const Connector& connector) {
  OPENMSP_RETURN_IF_ERROR(ValidateId(connector.id, "id"));
  if (!IsConnectorType(connector.standard)) {
    return InvalidArgument("standard",
                           ascii::Quote(connector.standard) + " is not an OCPI 2.2.1 ConnectorType");
  }
  if (connector.max_voltage < 0) return InvalidArgument("max_voltage", "must not be negative");
  if (connector.max_amperage < 0) return InvalidArgument("max_amperage", "must not be negative");
  if (connector.max_electric_power && *connector.max_electric_power < 0) {
    return InvalidArgument("max_electric_power", "must not be negative");
  }
  for (std::size_t i = 0; i < connector.tariff_ids.size(); ++i) {
    OPENMSP_RETURN_IF_ERROR(ValidateId(connector.tariff_ids[i], Indexed("tariff_ids", i)));
  }
  if (connector.raw_json.empty()) return InvalidArgument("raw_json", "must hold the connector as received");
  return Ok();
}

Result<void> ValidateEvse(const Evse& evse) {
  OPENMSP_RETURN_IF_ERROR(ValidateId(evse.uid, "uid"));
  if (!evse.evse_id.empty()) {
    if (Result<void> text = ValidateCiString(evse.evse_id, 48); !text) return text.error().Nested("evse_id");
    if (Result<EvseId> parsed = EvseId::Parse(evse.evse_id); !parsed) return parsed.error().Nested("evse_id");
  }
  if (evse.connectors.empty()) return InvalidArgument("connectors", "an EVSE has at least one connector");
  for (std::size_t i = 0; i < evse.connectors.size(); ++i) {
    const std::string field = Indexed("connectors", i);
    if (Result<void> valid = ValidateConnector(evse.connectors[i]); !valid)
      return valid.error().Nested(field);
    for (std::size_t j = 0; j < i; ++j) {
      if (CiStringEquals(evse.connectors[j].id, evse.connectors[i].id)) {
        return InvalidArgument(field + ".id", "repeats the id of " + Indexed("connectors", j));
      }
    }
  }
  if (evse.raw_json.empty()) return InvalidArgument("raw_json", "must hold the EVSE as received");
  return Ok();
}

Result<std::string> CanonicalCoordinate(std::string_view text, std::size_t max_integer_digits, int limit) {
  std::string_view rest = text;
  const bool negative = !rest.empty() && rest.front() == '-';
  if (negative) rest.remove_prefix(1);
  const std::size_t dot = rest.find('.');
  std::string_view integer = rest.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  auto all_digits = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), ascii::IsDigit);
  };
  if (dot == std::string_view::npos || integer.empty() || integer.size() > max_integer_digits ||
      fraction.empty() || fraction.size() > 7 || !all_digits(integer) || !all_digits(fraction)) {
    return InvalidArgument("", ascii::Quote(text) + " is not decimal degrees like '" +
                                   (max_integer_digits == 2 ? "52.37403" : "4.88969") + "'");
  }
  while (integer.size() > 1 && integer.front() == '0') integer.remove_prefix(1);
  std::string canonical =
      std::string(negative ? "-" : "") + std::string(integer) + "." + std::string(fraction);
  if (Decimal::Parse(canonical).value().Abs() > Decimal(limit)) {
    return InvalidArgument("", ascii::Quote(text) + " is beyond ±" + std::to_string(limit));
  }
  return canonical;
}

Result<void> ValidateLocation(const Location& location) {
  OPENMSP_RETURN_IF_ERROR(ValidateId(location.key.location_id, "location_id"));
  OPENMSP_RETURN_IF_ERROR(ValidateText(location.name, 255, false, "name"));
  OPENMSP_RETURN_IF_ERROR(ValidateText(location.address, 255, true, "address"));
  OPENMSP_RETURN_IF_ERROR(ValidateText(location.city, 45, true, "city"));
  OPENMSP_RETURN_IF_ERROR(ValidateText(location.postal_code, 10, false, "postal_code"));
  if (Result<Country> country = CountryFromAlpha3(location.country.alpha3);
      !country || country->alpha3 != location.country.alpha3) {
    return InvalidArgument(
        "country", ascii::Quote(location.country.alpha3) + " is not an ISO 3166-1 alpha-3 country code");
  }
  OPENMSP_RETURN_IF_ERROR(ValidateCoordinate(location.coordinates.latitude, 2, 90, "coordinates.latitude"));
  OPENMSP_RETURN_IF_ERROR(
      ValidateCoordinate(location.coordinates.longitude, 3, 180, "coordinates.longitude"));
  if (Result<TimeZone> zone = TimeZone::Find(location.time_zone); !zone) {
    Error error = std::move(zone).error();
    error.field = "time_zone";
    return error;
  }
  for (std::size_t i = 0; i < location.facilities.size(); ++i) {
    if (!IsFacility(location.facilities[i])) {
      return InvalidArgument(Indexed("facilities", i),
                             ascii::Quote(location.facilities[i]) + " is not an OCPI 2.2.1 Facility");
    }
  }
  for (std::size_t i = 0; i < location.evses.size(); ++i) {
    const std::string field = Indexed("evses", i);
    if (Result<void> valid = ValidateEvse(location.evses[i]); !valid) return valid.error().Nested(field);
    for (std::size_t j = 0; j < i; ++j) {
      if (CiStringEquals(location.evses[j].uid, location.evses[i].uid)) {
        return InvalidArgument(field + ".uid", "repeats the uid of " + Indexed("evses", j));
      }
    }
  }
  if (location.raw_json.empty()) return InvalidArgument("raw_json", "must hold the location as received");
  return Ok();
}

Accessibility DeriveAccessibility(const Location& location) {
  if (!location.publish || location.parking_type == ParkingType::kOnDriveway) return Accessibility::kPrivate;
  if (location.parking_type == ParkingType::kParkingGarage ||
      location.parking_type == ParkingType::kUndergroundGarage) {
    return Accessibility::kSemiPrivate;
  }
  for (const std::string& facility : location.facilities) {
    if (Contains(kSemiPrivateFacilities, facility)) return Accessibility::kSemiPrivate;
  }
  return Accessibility::kPublic;
}

Accessibility EffectiveAccessibility(const StoredLocation& location) {
  return location.accessibility_override.value_or(DeriveAccessibility(location.location));
}

Decimal MaxPowerKw(const Connector& connector) {
  if (connector.max_electric_power) return Decimal::FromCoefficient(*connector.max_electric_power, 3);
  std::int64_t phases = 1;
  if (connector.power_type == PowerType::kAc3Phase) phases = 3;
  if (connector.power_type == PowerType::kAc2Phase || connector.power_type == PowerType::kAc2PhaseSplit) {
    phases = 2;
  }
  Decimal watts = Decimal(connector.max_voltage) * Decimal(connector.max_amperage) * Decimal(phases);
  return Decimal::FromCoefficient(watts.coefficient(), 3);
}

const Evse* FindEvse(const Location& location, std::string_view uid) {
  for (const Evse& evse : location.evses) {
    if (CiStringEquals(evse.uid, uid)) return &evse;
  }
  return nullptr;
}

const Connector* FindConnector(const Location& location, std::string_view evse_uid,
                               std::string_view connector_id) {
  const Evse* evse = FindEvse(location, evse_uid);
  if (evse == nullptr) return nullptr;
  for (const Connector& connector : evse->connectors) {
    if (CiStringEquals(connector.id, connector_id)) return &connector;
  }
  return nullptr;
}

}  // namespace openmsp::domain
