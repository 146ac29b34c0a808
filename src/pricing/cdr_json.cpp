#include "pricing/cdr_json.h"

#include <array>
#include <string>

#include "pricing/ocpi_field_json.h"
#include "pricing/tariff_json.h"

namespace openmsp::pricing {

namespace {

using ocpi_json::EnumName;
using ocpi_json::ReadDecimal;
using ocpi_json::ReadMember;
using ocpi_json::ReadOptionalMember;

constexpr std::array<EnumName<CdrDimension>, 13> kDimensionNames = {{
    {"CURRENT", CdrDimension::kCurrent},
    {"ENERGY", CdrDimension::kEnergy},
    {"ENERGY_EXPORT", CdrDimension::kEnergyExport},
    {"ENERGY_IMPORT", CdrDimension::kEnergyImport},
    {"MAX_CURRENT", CdrDimension::kMaxCurrent},
    {"MIN_CURRENT", CdrDimension::kMinCurrent},
    {"MAX_POWER", CdrDimension::kMaxPower},
    {"MIN_POWER", CdrDimension::kMinPower},
    {"PARKING_TIME", CdrDimension::kParkingTime},
    {"POWER", CdrDimension::kPower},
    {"RESERVATION_TIME", CdrDimension::kReservationTime},
    {"STATE_OF_CHARGE", CdrDimension::kStateOfCharge},
    {"TIME", CdrDimension::kTime},
}};

Result<CdrDimension> ReadDimensionType(const boost::json::value& value) {
  return ocpi_json::ReadEnum(value, kDimensionNames);
}

Result<CdrDimensionVolume> ReadDimension(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto required, ocpi_json::RequiredMembers<2>(*object, {"type", "volume"}));
  const auto& [type, volume] = required;
  CdrDimensionVolume dimension;
  OPENMSP_ASSIGN_OR_RETURN(dimension.type, ReadMember(*type, "type", ReadDimensionType));
  OPENMSP_ASSIGN_OR_RETURN(dimension.volume, ReadMember(*volume, "volume", ReadDecimal));
  return dimension;
}

Result<std::string> ReadTariffId(const boost::json::value& value) {
  return ocpi_json::ReadCiString(value, 36);
}

Result<ChargingPeriod> ReadChargingPeriod(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto required,
                           ocpi_json::RequiredMembers<2>(*object, {"start_date_time", "dimensions"}));
  const auto& [start, dimensions] = required;
  ChargingPeriod period;
  OPENMSP_ASSIGN_OR_RETURN(period.start_date_time,
                           ReadMember(*start, "start_date_time", ocpi_json::ReadDateTime));
  OPENMSP_ASSIGN_OR_RETURN(period.dimensions,
                           ReadMember(*dimensions, "dimensions", [](const boost::json::value& list) {
                             return ocpi_json::ReadArray(list, ReadDimension, 1);
                           }));
  OPENMSP_ASSIGN_OR_RETURN(period.tariff_id, ReadOptionalMember(*object, "tariff_id", ReadTariffId));
  return period;
}

Result<std::string> ReadIdentity(const boost::json::object& object, std::string_view key,
                                 std::size_t max_length) {
  const boost::json::value* value = ocpi_json::FindMember(object, key);
  if (value == nullptr) return std::string();
  Result<std::string> text = ocpi_json::ReadCiString(*value, max_length);
  if (!text) return std::move(text).error().Nested(key);
  return text;
}

Result<StatedCosts> ReadStatedCosts(const boost::json::object& object) {
  StatedCosts stated;
  OPENMSP_ASSIGN_OR_RETURN(stated.total_cost, ReadOptionalMember(object, "total_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_fixed_cost,
                           ReadOptionalMember(object, "total_fixed_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_energy_cost,
                           ReadOptionalMember(object, "total_energy_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_time_cost,
                           ReadOptionalMember(object, "total_time_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_parking_cost,
                           ReadOptionalMember(object, "total_parking_cost", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(stated.total_reservation_cost,
                           ReadOptionalMember(object, "total_reservation_cost", ocpi_json::ReadPrice));
  return stated;
}

}  // namespace

Result<Cdr> ParseCdr(const boost::json::value& json, CdrTariffs tariffs) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(json));
  OPENMSP_ASSIGN_OR_RETURN(
      const auto required,
      ocpi_json::RequiredMembers<6>(*object, {"start_date_time", "end_date_time", "currency",
                                              "charging_periods", "total_energy", "total_time"}));
  const auto& [start, end, currency, periods, total_energy, total_time] = required;
  Cdr cdr;
  OPENMSP_ASSIGN_OR_RETURN(cdr.country_code, ReadIdentity(*object, "country_code", 2));
  OPENMSP_ASSIGN_OR_RETURN(cdr.party_id, ReadIdentity(*object, "party_id", 3));
  OPENMSP_ASSIGN_OR_RETURN(cdr.id, ReadIdentity(*object, "id", 39));
  OPENMSP_ASSIGN_OR_RETURN(cdr.start_date_time,
                           ReadMember(*start, "start_date_time", ocpi_json::ReadDateTime));
  OPENMSP_ASSIGN_OR_RETURN(cdr.end_date_time, ReadMember(*end, "end_date_time", ocpi_json::ReadDateTime));
  OPENMSP_ASSIGN_OR_RETURN(cdr.currency, ReadMember(*currency, "currency", ocpi_json::ReadCurrency));
  const boost::json::value* own_tariffs = ocpi_json::FindMember(*object, "tariffs");
  if (own_tariffs != nullptr && tariffs == CdrTariffs::kRead) {
    OPENMSP_ASSIGN_OR_RETURN(cdr.tariffs,
                             ReadMember(*own_tariffs, "tariffs", [](const boost::json::value& list) {
                               return ocpi_json::ReadArray(list, ParseTariff);
                             }));
  }
  OPENMSP_ASSIGN_OR_RETURN(cdr.charging_periods,
                           ReadMember(*periods, "charging_periods", [](const boost::json::value& list) {
                             return ocpi_json::ReadArray(list, ReadChargingPeriod, 1);
                           }));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_energy, ReadMember(*total_energy, "total_energy", ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_time, ReadMember(*total_time, "total_time", ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_parking_time,
                           ReadOptionalMember(*object, "total_parking_time", ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(cdr.total_reservation_time,
                           ReadOptionalMember(*object, "total_reservation_time", ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(cdr.stated, ReadStatedCosts(*object));
  return cdr;
}

Result<std::optional<std::string_view>> CdrLocationTimeZone(const boost::json::value& json) {
  const boost::json::object* object = json.if_object();
  if (object == nullptr) return InvalidArgument("", "must be an object");
  const boost::json::value* location = ocpi_json::FindMember(*object, "cdr_location");
  if (location == nullptr) return std::optional<std::string_view>();
  if (!location->is_object()) return InvalidArgument("cdr_location", "must be an object");
  const boost::json::value* zone = ocpi_json::FindMember(location->get_object(), "time_zone");
  if (zone == nullptr) return std::optional<std::string_view>();
  if (!zone->is_string()) return InvalidArgument("cdr_location.time_zone", "must be a string");
  return std::optional<std::string_view>(
      std::string_view(zone->get_string().data(), zone->get_string().size()));
}

}  // namespace openmsp::pricing
