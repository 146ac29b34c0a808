#include "ocpi/locations.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/string.hpp>
#include <span>
#include <utility>
#include <vector>

#include "core/ids/ascii.h"
#include "core/ids/country.h"
#include "core/json.h"
#include "core/time.h"
#include "ocpi/fields.h"
#include "pricing/ocpi_field_json.h"

namespace openmsp::ocpi {
namespace {

namespace json = boost::json;
namespace ocpi_json = pricing::ocpi_json;

// What a member of an OCPI object holds (§2.7, §5.2–§5.5).
enum class Kind {
  kCiString,  // CiString(max_length)
  kString,    // string(max_length), in code points
  kUrl,       // URL: string(255), absolute http(s)
  kDateTime,  // DateTime, strictly
  kBoolean,
  kInteger,    // int, within [min, max] when max > min
  kNumber,     // number, exact, within [min, max] when max > min
  kEnum,       // one of `values`, or accepted by `is_value`
  kTime,       // HH:MM, 00:00–23:59
  kLatitude,   // GeoLocation.latitude
  kLongitude,  // GeoLocation.longitude
  kObject,     // `object`
};

// OCPI cardinality: `1`, `?`, `*` (absent, null or a list) and `+` (a list of at least one).
enum class Card { kRequired, kOptional, kList, kNonEmptyList };

struct ObjectSpec;

struct FieldSpec {
  std::string_view name;
  Kind kind = Kind::kString;
  Card card = Card::kOptional;
  std::size_t max_length = 0;
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::span<const std::string_view> values = {};
  bool (*is_value)(std::string_view) = nullptr;
  const ObjectSpec* object = nullptr;
};

// An OCPI class: its members, and a rule across members where OCPI states one.
struct ObjectSpec {
  std::span<const FieldSpec> fields;
  Result<void> (*check)(const json::object& object) = nullptr;
};

constexpr FieldSpec CiString(std::string_view name, Card card, std::size_t max_length) {
  return {.name = name, .kind = Kind::kCiString, .card = card, .max_length = max_length};
}
constexpr FieldSpec Text(std::string_view name, Card card, std::size_t max_length) {
  return {.name = name, .kind = Kind::kString, .card = card, .max_length = max_length};
}
constexpr FieldSpec Plain(std::string_view name, Kind kind, Card card) {
  return {.name = name, .kind = kind, .card = card};
}
constexpr FieldSpec Bounded(std::string_view name, Kind kind, Card card, std::int64_t min, std::int64_t max) {
  return {.name = name, .kind = kind, .card = card, .min = min, .max = max};
}
constexpr FieldSpec Enum(std::string_view name, Card card, std::span<const std::string_view> values) {
  return {.name = name, .kind = Kind::kEnum, .card = card, .values = values};
}
constexpr FieldSpec EnumBy(std::string_view name, Card card, bool (*is_value)(std::string_view)) {
  return {.name = name, .kind = Kind::kEnum, .card = card, .is_value = is_value};
}
constexpr FieldSpec Object(std::string_view name, Card card, const ObjectSpec& object) {
  return {.name = name, .kind = Kind::kObject, .card = card, .object = &object};
}

constexpr Card k1 = Card::kRequired;
constexpr Card kOpt = Card::kOptional;
constexpr Card kAny = Card::kList;
constexpr Card kSome = Card::kNonEmptyList;

// §5.6 and §2.7 enums, spelled as OCPI spells them.
constexpr std::string_view kStatuses[] = {"AVAILABLE", "BLOCKED", "CHARGING", "INOPERATIVE", "OUTOFORDER",
                                          "PLANNED",   "REMOVED", "RESERVED", "UNKNOWN"};
constexpr std::string_view kCapabilities[] = {"CHARGING_PROFILE_CAPABLE",
                                              "CHARGING_PREFERENCES_CAPABLE",
                                              "CHIP_CARD_SUPPORT",
                                              "CONTACTLESS_CARD_SUPPORT",
                                              "CREDIT_CARD_PAYABLE",
                                              "DEBIT_CARD_PAYABLE",
                                              "PED_TERMINAL",
                                              "REMOTE_START_STOP_CAPABLE",
                                              "RESERVABLE",
                                              "RFID_READER",
                                              "START_SESSION_CONNECTOR_REQUIRED",
                                              "TOKEN_GROUP_CAPABLE",
                                              "UNLOCK_CAPABLE"};
constexpr std::string_view kFormats[] = {"SOCKET", "CABLE"};
constexpr std::string_view kPowerTypes[] = {"AC_1_PHASE", "AC_2_PHASE", "AC_2_PHASE_SPLIT", "AC_3_PHASE",
                                            "DC"};
constexpr std::string_view kParkingTypes[] = {"ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT",
                                              "ON_DRIVEWAY",    "ON_STREET",      "UNDERGROUND_GARAGE"};
constexpr std::string_view kParkingRestrictions[] = {"EV_ONLY", "PLUGGED", "DISABLED", "CUSTOMERS",
                                                     "MOTORCYCLES"};
constexpr std::string_view kImageCategories[] = {"CHARGER",  "ENTRANCE", "LOCATION", "NETWORK",
                                                 "OPERATOR", "OTHER",    "OWNER"};
constexpr std::string_view kEnergySources[] = {"NUCLEAR",       "GENERAL_FOSSIL", "COAL", "GAS",
                                               "GENERAL_GREEN", "SOLAR",          "WIND", "WATER"};
constexpr std::string_view kEnvironmentalImpacts[] = {"NUCLEAR_WASTE", "CARBON_DIOXIDE"};
constexpr std::string_view kTokenTypes[] = {"AD_HOC_USER", "APP_USER", "OTHER", "RFID"};

Result<void> CheckPublishToken(const json::object& object);

constexpr FieldSpec kDisplayTextFields[] = {Text("language", k1, 2), Text("text", k1, 512)};
constexpr ObjectSpec kDisplayText{kDisplayTextFields};

constexpr FieldSpec kGeoLocationFields[] = {Plain("latitude", Kind::kLatitude, k1),
                                            Plain("longitude", Kind::kLongitude, k1)};
constexpr ObjectSpec kGeoLocation{kGeoLocationFields};

constexpr FieldSpec kAdditionalGeoLocationFields[] = {Plain("latitude", Kind::kLatitude, k1),
                                                      Plain("longitude", Kind::kLongitude, k1),
                                                      Object("name", kOpt, kDisplayText)};
constexpr ObjectSpec kAdditionalGeoLocation{kAdditionalGeoLocationFields};

constexpr FieldSpec kImageFields[] = {Plain("url", Kind::kUrl, k1),
                                      Plain("thumbnail", Kind::kUrl, kOpt),
                                      Enum("category", k1, kImageCategories),
                                      CiString("type", k1, 4),
                                      Bounded("width", Kind::kInteger, kOpt, 0, 99999),
                                      Bounded("height", Kind::kInteger, kOpt, 0, 99999)};
constexpr ObjectSpec kImage{kImageFields};

constexpr FieldSpec kBusinessDetailsFields[] = {Text("name", k1, 100), Plain("website", Kind::kUrl, kOpt),
                                                Object("logo", kOpt, kImage)};
constexpr ObjectSpec kBusinessDetails{kBusinessDetailsFields};

constexpr FieldSpec kRegularHoursFields[] = {Bounded("weekday", Kind::kInteger, k1, 1, 7),
                                             Plain("period_begin", Kind::kTime, k1),
                                             Plain("period_end", Kind::kTime, k1)};
constexpr ObjectSpec kRegularHours{kRegularHoursFields};

constexpr FieldSpec kExceptionalPeriodFields[] = {Plain("period_begin", Kind::kDateTime, k1),
                                                  Plain("period_end", Kind::kDateTime, k1)};
constexpr ObjectSpec kExceptionalPeriod{kExceptionalPeriodFields};

constexpr FieldSpec kHoursFields[] = {Plain("twentyfourseven", Kind::kBoolean, k1),
                                      Object("regular_hours", kAny, kRegularHours),
                                      Object("exceptional_openings", kAny, kExceptionalPeriod),
                                      Object("exceptional_closings", kAny, kExceptionalPeriod)};
constexpr ObjectSpec kHours{kHoursFields};

constexpr FieldSpec kStatusScheduleFields[] = {Plain("period_begin", Kind::kDateTime, k1),
                                               Plain("period_end", Kind::kDateTime, kOpt),
                                               Enum("status", k1, kStatuses)};
constexpr ObjectSpec kStatusSchedule{kStatusScheduleFields};

constexpr FieldSpec kEnergySourceFields[] = {Enum("source", k1, kEnergySources),
                                             Bounded("percentage", Kind::kNumber, k1, 0, 100)};
constexpr ObjectSpec kEnergySource{kEnergySourceFields};

constexpr FieldSpec kEnvironmentalImpactFields[] = {Enum("category", k1, kEnvironmentalImpacts),
                                                    Plain("amount", Kind::kNumber, k1)};
constexpr ObjectSpec kEnvironmentalImpact{kEnvironmentalImpactFields};

constexpr FieldSpec kEnergyMixFields[] = {
    Plain("is_green_energy", Kind::kBoolean, k1), Object("energy_sources", kAny, kEnergySource),
    Object("environ_impact", kAny, kEnvironmentalImpact), Text("supplier_name", kOpt, 64),
    Text("energy_product_name", kOpt, 64)};
constexpr ObjectSpec kEnergyMix{kEnergyMixFields};

constexpr FieldSpec kPublishTokenFields[] = {CiString("uid", kOpt, 36), Enum("type", kOpt, kTokenTypes),
                                             Text("visual_number", kOpt, 64), Text("issuer", kOpt, 64),
                                             CiString("group_id", kOpt, 36)};
constexpr ObjectSpec kPublishToken{kPublishTokenFields, &CheckPublishToken};

constexpr FieldSpec kConnectorFields[] = {CiString("id", k1, 36),
                                          EnumBy("standard", k1, &domain::IsConnectorType),
                                          Enum("format", k1, kFormats),
                                          Enum("power_type", k1, kPowerTypes),
                                          Plain("max_voltage", Kind::kInteger, k1),
                                          Plain("max_amperage", Kind::kInteger, k1),
                                          Plain("max_electric_power", Kind::kInteger, kOpt),
                                          CiString("tariff_ids", kAny, 36),
                                          Plain("terms_and_conditions", Kind::kUrl, kOpt),
                                          Plain("last_updated", Kind::kDateTime, k1)};
constexpr ObjectSpec kConnector{kConnectorFields};

constexpr FieldSpec kEvseFields[] = {CiString("uid", k1, 36),
                                     CiString("evse_id", kOpt, 48),
                                     Enum("status", k1, kStatuses),
                                     Object("status_schedule", kAny, kStatusSchedule),
                                     Enum("capabilities", kAny, kCapabilities),
                                     Object("connectors", kSome, kConnector),
                                     Text("floor_level", kOpt, 4),
                                     Object("coordinates", kOpt, kGeoLocation),
                                     Text("physical_reference", kOpt, 16),
                                     Object("directions", kAny, kDisplayText),
                                     Enum("parking_restrictions", kAny, kParkingRestrictions),
                                     Object("images", kAny, kImage),
                                     Plain("last_updated", Kind::kDateTime, k1)};
constexpr ObjectSpec kEvse{kEvseFields};

constexpr FieldSpec kLocationFields[] = {CiString("country_code", k1, 2),
                                         CiString("party_id", k1, 3),
                                         CiString("id", k1, 36),
                                         Plain("publish", Kind::kBoolean, k1),
                                         Object("publish_allowed_to", kAny, kPublishToken),
                                         Text("name", kOpt, 255),
                                         Text("address", k1, 255),
                                         Text("city", k1, 45),
                                         Text("postal_code", kOpt, 10),
                                         Text("state", kOpt, 45),
                                         Text("country", k1, 3),
                                         Object("coordinates", k1, kGeoLocation),
                                         Object("related_locations", kAny, kAdditionalGeoLocation),
                                         Enum("parking_type", kOpt, kParkingTypes),
                                         Object("evses", kAny, kEvse),
                                         Object("directions", kAny, kDisplayText),
                                         Object("operator", kOpt, kBusinessDetails),
                                         Object("suboperator", kOpt, kBusinessDetails),
                                         Object("owner", kOpt, kBusinessDetails),
                                         EnumBy("facilities", kAny, &domain::IsFacility),
                                         Text("time_zone", k1, 255),
                                         Object("opening_times", kOpt, kHours),
                                         Plain("charging_when_closed", Kind::kBoolean, kOpt),
                                         Object("images", kAny, kImage),
                                         Object("energy_mix", kOpt, kEnergyMix),
                                         Plain("last_updated", Kind::kDateTime, k1)};
constexpr ObjectSpec kLocation{kLocationFields};

// §5.5 PublishTokenType: at least one of uid, visual_number, group_id; uid needs type; visual_number
// needs issuer.
Result<void> CheckPublishToken(const json::object& object) {
  auto has = [&](std::string_view key) { return ocpi_json::FindMember(object, key) != nullptr; };
  if (!has("uid") && !has("visual_number") && !has("group_id")) {
    return InvalidArgument("uid", "is required when neither visual_number nor group_id is given");
  }
  if (has("uid") && !has("type")) return InvalidArgument("type", "is required with uid");
  if (has("visual_number") && !has("issuer"))
    return InvalidArgument("issuer", "is required with visual_number");
  return Ok();
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), ascii::IsDigit);
}

// `HH:MM`, 00:00 to 23:59 (§5.5 RegularHours).
Result<void> CheckTime(std::string_view text) {
  if (text.size() != 5 || text[2] != ':' || !AllDigits(text.substr(0, 2)) || !AllDigits(text.substr(3)) ||
      text.substr(0, 2) > "23" || text[3] > '5') {
    return InvalidArgument("", ascii::Quote(text) + " is not a time of day HH:MM (00:00 to 23:59)");
  }
  return Ok();
}

Result<void> CheckBounds(const Decimal& value, const FieldSpec& spec) {
  if (spec.max > spec.min && (value < Decimal(spec.min) || value > Decimal(spec.max))) {
    return InvalidArgument("",
                           "must be from " + std::to_string(spec.min) + " to " + std::to_string(spec.max));
  }
  return Ok();
}

Result<json::object> CheckObject(const json::value& value, const ObjectSpec& spec);

// One value of `spec` (one element of a list), as it is answered on a GET: DateTimes canonical, objects
// with only the members OCPI defines.
Result<json::value> CheckValue(const json::value& value, const FieldSpec& spec) {
  switch (spec.kind) {
    case Kind::kCiString: {
      OPENMSP_ASSIGN_OR_RETURN(std::string text, ocpi_json::ReadCiString(value, spec.max_length));
      return json::value(json::string(text));
    }
    case Kind::kString: {
      OPENMSP_ASSIGN_OR_RETURN(std::string text, ReadOcpiString(value, spec.max_length));
      return json::value(json::string(text));
    }
    case Kind::kUrl: {
      OPENMSP_ASSIGN_OR_RETURN(std::string url, ReadUrl(value));
      return json::value(json::string(url));
    }
    case Kind::kDateTime: {
      OPENMSP_ASSIGN_OR_RETURN(Instant instant, ocpi_json::ReadDateTime(value));
      return json::value(json::string(FormatOcpiDateTime(instant)));
    }
    case Kind::kBoolean:
      if (!value.is_bool()) return InvalidArgument("", "must be true or false");
      return value;
    case Kind::kInteger: {
      OPENMSP_ASSIGN_OR_RETURN(std::int64_t integer, ocpi_json::ReadInteger(value));
      OPENMSP_RETURN_IF_ERROR(CheckBounds(Decimal(integer), spec));
      return json::value(integer);
    }
    case Kind::kNumber: {
      OPENMSP_ASSIGN_OR_RETURN(Decimal number, ocpi_json::ReadDecimal(value));
      OPENMSP_RETURN_IF_ERROR(CheckBounds(number, spec));
      return value;
    }
    case Kind::kEnum: {
      OPENMSP_ASSIGN_OR_RETURN(std::string_view text, ocpi_json::ReadString(value));
      if (spec.is_value != nullptr) {
        if (!spec.is_value(text)) {
          return InvalidArgument("", ascii::Quote(text) + " is not an OCPI 2.2.1 value of this field " +
                                         "(values are case-sensitive)");
        }
      } else if (std::find(spec.values.begin(), spec.values.end(), text) == spec.values.end()) {
        return ocpi_json::internal::UnknownEnumName(
            text, std::vector<std::string_view>(spec.values.begin(), spec.values.end()));
      }
      return json::value(json::string(text));
    }
    case Kind::kTime: {
      OPENMSP_ASSIGN_OR_RETURN(std::string_view text, ocpi_json::ReadString(value));
      OPENMSP_RETURN_IF_ERROR(CheckTime(text));
      return json::value(json::string(text));
    }
    case Kind::kLatitude:
    case Kind::kLongitude: {
      OPENMSP_ASSIGN_OR_RETURN(std::string_view text, ocpi_json::ReadString(value));
      const bool latitude = spec.kind == Kind::kLatitude;
      OPENMSP_ASSIGN_OR_RETURN(std::string canonical,
                               domain::CanonicalCoordinate(text, latitude ? 2 : 3, latitude ? 90 : 180));
      return json::value(json::string(canonical));
    }
    case Kind::kObject: {
      OPENMSP_ASSIGN_OR_RETURN(json::object object, CheckObject(value, *spec.object));
      return json::value(std::move(object));
    }
  }
  return Error{ErrorCode::kInternal, std::string(spec.name), "unknown kind of member"};
}

Result<json::value> CheckMember(const json::value& value, const FieldSpec& spec) {
  if (spec.card == Card::kRequired || spec.card == Card::kOptional) return CheckValue(value, spec);
  const json::array* array = value.if_array();
  if (array == nullptr) return ocpi_json::internal::NotAnArray();
  if (spec.card == Card::kNonEmptyList && array->empty()) return ocpi_json::internal::TooFewElements(1);
  json::array checked;
  checked.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    Result<json::value> element = CheckValue((*array)[i], spec);
    if (!element) return element.error().Nested(ocpi_json::internal::IndexStep(i));
    checked.push_back(std::move(*element));
  }
  return json::value(std::move(checked));
}

// Checks every member `spec` defines and answers the object with those members only (`null` ones left
// out). Missing required members (`1`, and `+`: a list of at least one) are reported first, all of them
// in one message.
Result<json::object> CheckObject(const json::value& value, const ObjectSpec& spec) {
  OPENMSP_ASSIGN_OR_RETURN(const json::object* object, ocpi_json::ObjectOf(value));
  std::vector<std::string_view> missing;
  for (const FieldSpec& field : spec.fields) {
    const bool required = field.card == Card::kRequired || field.card == Card::kNonEmptyList;
    if (required && ocpi_json::FindMember(*object, field.name) == nullptr) {
      missing.push_back(field.name);
    }
  }
  if (!missing.empty()) {
    return ocpi_json::internal::MissingMembers(
        missing.front(), std::vector<std::string_view>(missing.begin() + 1, missing.end()));
  }
  json::object checked;
  for (const FieldSpec& field : spec.fields) {
    const json::value* member = ocpi_json::FindMember(*object, field.name);
    if (member == nullptr) continue;
    Result<json::value> value_checked = CheckMember(*member, field);
    if (!value_checked) return value_checked.error().Nested(field.name);
    checked[field.name] = std::move(*value_checked);
  }
  if (spec.check != nullptr) OPENMSP_RETURN_IF_ERROR(spec.check(*object));
  return checked;
}

// The members of a checked object, which `CheckObject` guarantees to be there and of their type.
std::string StringOf(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr ? std::string(value->as_string()) : std::string();
}

std::vector<std::string> StringsOf(const json::object& object, std::string_view key) {
  std::vector<std::string> strings;
  if (const json::value* value = object.if_contains(key)) {
    for (const json::value& element : value->as_array()) strings.emplace_back(element.as_string());
  }
  return strings;
}

Result<Instant> InstantOf(const json::object& object, std::string_view key) {
  return ParseOcpiDateTime(object.at(key).as_string());
}

// The domain's enum of a checked member; an unknown value cannot get here.
template <class Parse>
auto EnumOf(const json::object& object, std::string_view key, Parse parse) -> decltype(parse("")) {
  auto parsed = parse(object.at(key).as_string());
  if (!parsed) return std::move(parsed).error().Nested(key);
  return parsed;
}

Result<domain::Connector> ConnectorFrom(const json::object& checked, std::string raw_json) {
  domain::Connector connector;
  connector.id = StringOf(checked, "id");
  connector.standard = StringOf(checked, "standard");
  OPENMSP_ASSIGN_OR_RETURN(connector.format, EnumOf(checked, "format", domain::ParseConnectorFormat));
  OPENMSP_ASSIGN_OR_RETURN(connector.power_type, EnumOf(checked, "power_type", domain::ParsePowerType));
  connector.max_voltage = checked.at("max_voltage").as_int64();
  connector.max_amperage = checked.at("max_amperage").as_int64();
  if (const json::value* power = checked.if_contains("max_electric_power")) {
    connector.max_electric_power = power->as_int64();
  }
  connector.tariff_ids = StringsOf(checked, "tariff_ids");
  OPENMSP_ASSIGN_OR_RETURN(connector.last_updated, InstantOf(checked, "last_updated"));
  connector.raw_json = std::move(raw_json);
  return connector;
}

// `received` is the EVSE as it came (for each connector's `raw_json`), `checked` what `CheckObject` made of
// it.
Result<domain::Evse> EvseFrom(const json::object& received, const json::object& checked,
                              std::string raw_json) {
  domain::Evse evse;
  evse.uid = StringOf(checked, "uid");
  evse.evse_id = StringOf(checked, "evse_id");
  OPENMSP_ASSIGN_OR_RETURN(evse.status, EnumOf(checked, "status", domain::ParseEvseStatus));
  OPENMSP_ASSIGN_OR_RETURN(evse.last_updated, InstantOf(checked, "last_updated"));
  const json::array& connectors = checked.at("connectors").as_array();
  // The EVSE as received must carry the same connectors as the checked one; when it does not (a body the
  // checks read differently, found by fuzzing), it is refused rather than read out of bounds.
  const json::value* received_value = received.if_contains("connectors");
  if (received_value == nullptr || !received_value->is_array() ||
      received_value->get_array().size() != connectors.size()) {
    return InvalidArgument("connectors", "must be an array of Connector objects");
  }
  const json::array& received_connectors = received_value->get_array();
  for (std::size_t i = 0; i < connectors.size(); ++i) {
    Result<domain::Connector> connector =
        ConnectorFrom(connectors[i].as_object(), SerializeJson(received_connectors[i]));
    if (!connector) return connector.error().Nested("connectors[" + std::to_string(i) + "]");
    evse.connectors.push_back(std::move(*connector));
  }
  evse.raw_json = std::move(raw_json);
  return evse;
}

Error StoredJsonError(std::string_view what, const Error& error) {
  return Error{ErrorCode::kInternal, std::string(what),
               "the stored JSON does not read back: " + error.ToString()};
}

Result<json::object> StoredObject(std::string_view raw_json, std::string_view what) {
  Result<json::value> parsed = ParseJson(raw_json);
  if (!parsed) return StoredJsonError(what, parsed.error());
  if (!parsed->is_object()) return Error{ErrorCode::kInternal, std::string(what), "is not a JSON object"};
  return std::move(parsed->as_object());
}

Result<json::object> StoredChecked(std::string_view raw_json, const ObjectSpec& spec, std::string_view what) {
  OPENMSP_ASSIGN_OR_RETURN(json::object stored, StoredObject(raw_json, what));
  Result<json::object> checked = CheckObject(stored, spec);
  if (!checked) return StoredJsonError(what, checked.error());
  return checked;
}

}  // namespace

Result<domain::Connector> ParseConnector(const json::value& json, std::string raw_json) {
  OPENMSP_ASSIGN_OR_RETURN(json::object checked, CheckObject(json, kConnector));
  OPENMSP_ASSIGN_OR_RETURN(domain::Connector connector, ConnectorFrom(checked, std::move(raw_json)));
  OPENMSP_RETURN_IF_ERROR(domain::ValidateConnector(connector));
  return connector;
}

Result<domain::Evse> ParseEvse(const json::value& json, std::string raw_json) {
  OPENMSP_ASSIGN_OR_RETURN(json::object checked, CheckObject(json, kEvse));
  OPENMSP_ASSIGN_OR_RETURN(domain::Evse evse, EvseFrom(json.as_object(), checked, std::move(raw_json)));
  OPENMSP_RETURN_IF_ERROR(domain::ValidateEvse(evse));
  return evse;
}

Result<domain::Location> ParseLocation(const json::value& json, std::string raw_json) {
  OPENMSP_ASSIGN_OR_RETURN(json::object checked, CheckObject(json, kLocation));
  OPENMSP_ASSIGN_OR_RETURN(
      PartyId party, PartyId::FromFields(StringOf(checked, "country_code"), StringOf(checked, "party_id")));
  Result<Country> country = CountryFromAlpha3(StringOf(checked, "country"));
  if (!country) return country.error().Nested("country");
  const json::object& coordinates = checked.at("coordinates").as_object();
  domain::Location location{.key = {.party = party, .location_id = StringOf(checked, "id")},
                            .publish = checked.at("publish").as_bool(),
                            .name = StringOf(checked, "name"),
                            .address = StringOf(checked, "address"),
                            .city = StringOf(checked, "city"),
                            .postal_code = StringOf(checked, "postal_code"),
                            .country = *country,
                            .coordinates = {.latitude = StringOf(coordinates, "latitude"),
                                            .longitude = StringOf(coordinates, "longitude")},
                            .time_zone = StringOf(checked, "time_zone"),
                            .parking_type = std::nullopt,
                            .facilities = StringsOf(checked, "facilities"),
                            .last_updated = {},
                            .evses = {},
                            .raw_json = {}};
  if (checked.contains("parking_type")) {
    OPENMSP_ASSIGN_OR_RETURN(location.parking_type,
                             EnumOf(checked, "parking_type", domain::ParseParkingType));
  }
  OPENMSP_ASSIGN_OR_RETURN(location.last_updated, InstantOf(checked, "last_updated"));
  if (const json::value* evses = checked.if_contains("evses")) {
    // As for an EVSE's connectors: the location as received must carry the EVSEs the checks read.
    const json::value* received_value = json.as_object().if_contains("evses");
    if (received_value == nullptr || !received_value->is_array() ||
        received_value->get_array().size() != evses->as_array().size()) {
      return InvalidArgument("evses", "must be an array of EVSE objects");
    }
    const json::array& received = received_value->get_array();
    for (std::size_t i = 0; i < evses->as_array().size(); ++i) {
      if (!received[i].is_object()) return InvalidArgument("evses", "must be an array of EVSE objects");
      Result<domain::Evse> evse =
          EvseFrom(received[i].as_object(), evses->as_array()[i].as_object(), SerializeJson(received[i]));
      if (!evse) return evse.error().Nested("evses[" + std::to_string(i) + "]");
      location.evses.push_back(std::move(*evse));
    }
  }
  location.raw_json = std::move(raw_json);
  if (Result<void> valid = domain::ValidateLocation(location); !valid) {
    // The domain names the location's id `location_id`; the JSON member is `id`.
    if (valid.error().field == "location_id") return InvalidArgument("id", valid.error().message);
    return valid.error();
  }
  return location;
}

Result<json::object> ConnectorJson(const domain::Connector& connector) {
  OPENMSP_ASSIGN_OR_RETURN(json::object object, StoredChecked(connector.raw_json, kConnector, "connector"));
  object["last_updated"] = FormatOcpiDateTime(connector.last_updated);
  return object;
}

Result<json::object> EvseJson(const domain::Evse& evse) {
  OPENMSP_ASSIGN_OR_RETURN(json::object object, StoredChecked(evse.raw_json, kEvse, "evse"));
  json::array connectors;
  for (const domain::Connector& connector : evse.connectors) {
    OPENMSP_ASSIGN_OR_RETURN(json::object written, ConnectorJson(connector));
    connectors.push_back(std::move(written));
  }
  object["connectors"] = std::move(connectors);
  object["last_updated"] = FormatOcpiDateTime(evse.last_updated);
  return object;
}

Result<json::object> LocationJson(const domain::Location& location) {
  OPENMSP_ASSIGN_OR_RETURN(json::object object, StoredChecked(location.raw_json, kLocation, "location"));
  json::array evses;
  for (const domain::Evse& evse : location.evses) {
    OPENMSP_ASSIGN_OR_RETURN(json::object written, EvseJson(evse));
    evses.push_back(std::move(written));
  }
  object["evses"] = std::move(evses);
  object["last_updated"] = FormatOcpiDateTime(location.last_updated);
  return object;
}

Result<json::object> ConnectorDocument(const domain::Connector& connector) {
  return StoredObject(connector.raw_json, "connector");
}

Result<json::object> EvseDocument(const domain::Evse& evse) {
  OPENMSP_ASSIGN_OR_RETURN(json::object object, StoredObject(evse.raw_json, "evse"));
  json::array connectors;
  for (const domain::Connector& connector : evse.connectors) {
    OPENMSP_ASSIGN_OR_RETURN(json::object document, ConnectorDocument(connector));
    connectors.push_back(std::move(document));
  }
  object["connectors"] = std::move(connectors);
  return object;
}

Result<json::object> LocationDocument(const domain::Location& location) {
  OPENMSP_ASSIGN_OR_RETURN(json::object object, StoredObject(location.raw_json, "location"));
  json::array evses;
  for (const domain::Evse& evse : location.evses) {
    OPENMSP_ASSIGN_OR_RETURN(json::object document, EvseDocument(evse));
    evses.push_back(std::move(document));
  }
  object["evses"] = std::move(evses);
  return object;
}

json::object ApplyPatch(json::object stored, const json::object& patch) {
  for (const auto& member : patch) {
    if (member.value().is_null()) continue;
    stored[member.key()] = member.value();
  }
  return stored;
}

}  // namespace openmsp::ocpi
