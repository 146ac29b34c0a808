#include "pricing/tariff_json.h"

#include <array>
#include <chrono>
#include <string>

#include "core/ids/ascii.h"
#include "pricing/ocpi_field_json.h"

namespace openmsp::pricing {

namespace {

using ocpi_json::EnumName;
using ocpi_json::ReadMember;
using ocpi_json::ReadOptionalMember;

constexpr std::array<EnumName<TariffDimension>, 4> kDimensionNames = {{
    {"ENERGY", TariffDimension::kEnergy},
    {"FLAT", TariffDimension::kFlat},
    {"PARKING_TIME", TariffDimension::kParkingTime},
    {"TIME", TariffDimension::kTime},
}};

constexpr std::array<EnumName<TariffType>, 5> kTariffTypeNames = {{
    {"AD_HOC_PAYMENT", TariffType::kAdHocPayment},
    {"PROFILE_CHEAP", TariffType::kProfileCheap},
    {"PROFILE_FAST", TariffType::kProfileFast},
    {"PROFILE_GREEN", TariffType::kProfileGreen},
    {"REGULAR", TariffType::kRegular},
}};

constexpr std::array<EnumName<ReservationRestriction>, 2> kReservationNames = {{
    {"RESERVATION", ReservationRestriction::kReservation},
    {"RESERVATION_EXPIRES", ReservationRestriction::kReservationExpires},
}};

constexpr std::array<EnumName<DayOfWeek>, 7> kDayNames = {{
    {"MONDAY", DayOfWeek::kMonday},
    {"TUESDAY", DayOfWeek::kTuesday},
    {"WEDNESDAY", DayOfWeek::kWednesday},
    {"THURSDAY", DayOfWeek::kThursday},
    {"FRIDAY", DayOfWeek::kFriday},
    {"SATURDAY", DayOfWeek::kSaturday},
    {"SUNDAY", DayOfWeek::kSunday},
}};

int Digits(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!ascii::IsDigit(c)) return false;
  }
  return true;
}

// OCPI: `([0-1][0-9]|2[0-3]):[0-5][0-9]`.
Result<std::chrono::minutes> ReadTimeOfDay(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ocpi_json::ReadString(value));
  if (text.size() != 5 || text[2] != ':' || !AllDigits(text.substr(0, 2)) || !AllDigits(text.substr(3)) ||
      Digits(text.substr(0, 2)) > 23 || Digits(text.substr(3)) > 59) {
    return InvalidArgument("", ascii::Quote(text) + " must be a time of day HH:MM from 00:00 to 23:59");
  }
  return std::chrono::hours(Digits(text.substr(0, 2))) + std::chrono::minutes(Digits(text.substr(3)));
}

// OCPI: `([12][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])`, and the day must exist in its month.
Result<LocalDate> ReadDate(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::string_view text, ocpi_json::ReadString(value));
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !AllDigits(text.substr(0, 4)) ||
      !AllDigits(text.substr(5, 2)) || !AllDigits(text.substr(8, 2))) {
    return InvalidArgument("", ascii::Quote(text) + " must be a date YYYY-MM-DD");
  }
  const LocalDate date{Digits(text.substr(0, 4)), Digits(text.substr(5, 2)), Digits(text.substr(8, 2))};
  if (date.year < 1000 || date.year > 2999) {
    return InvalidArgument("", ascii::Quote(text) + " must have a year from 1000 to 2999");
  }
  if (date.month < 1 || date.month > 12) {
    return InvalidArgument("", ascii::Quote(text) + " has no month " + std::to_string(date.month));
  }
  const std::chrono::year_month_day day{std::chrono::year(date.year),
                                        std::chrono::month(static_cast<unsigned>(date.month)),
                                        std::chrono::day(static_cast<unsigned>(date.day))};
  if (date.day < 1 || !day.ok()) {
    return InvalidArgument("", ascii::Quote(text) + ": day " + std::to_string(date.day) +
                                   " does not exist in " + std::string(text.substr(0, 7)));
  }
  return date;
}

Result<std::int64_t> ReadNonNegativeInteger(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::int64_t integer, ocpi_json::ReadInteger(value));
  if (integer < 0) return InvalidArgument("", "must not be negative, got " + std::to_string(integer));
  return integer;
}

Result<std::chrono::seconds> ReadSeconds(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const std::int64_t seconds, ReadNonNegativeInteger(value));
  return std::chrono::seconds(seconds);
}

Result<TariffDimension> ReadDimension(const boost::json::value& value) {
  return ocpi_json::ReadEnum(value, kDimensionNames);
}

Result<DayOfWeek> ReadDay(const boost::json::value& value) { return ocpi_json::ReadEnum(value, kDayNames); }

Result<ReservationRestriction> ReadReservation(const boost::json::value& value) {
  return ocpi_json::ReadEnum(value, kReservationNames);
}

Result<TariffType> ReadTariffType(const boost::json::value& value) {
  return ocpi_json::ReadEnum(value, kTariffTypeNames);
}

Result<PriceComponent> ReadPriceComponent(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto required,
                           ocpi_json::RequiredMembers<3>(*object, {"type", "price", "step_size"}));
  const auto& [type, price, step_size] = required;
  PriceComponent component;
  OPENMSP_ASSIGN_OR_RETURN(component.type, ReadMember(*type, "type", ReadDimension));
  OPENMSP_ASSIGN_OR_RETURN(component.price, ReadMember(*price, "price", ocpi_json::ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(component.vat, ReadOptionalMember(*object, "vat", ocpi_json::ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(component.step_size, ReadMember(*step_size, "step_size", ReadNonNegativeInteger));
  return component;
}

Result<TariffRestrictions> ReadRestrictions(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(value));
  const boost::json::object& json = *object;
  TariffRestrictions restrictions;
  OPENMSP_ASSIGN_OR_RETURN(restrictions.start_time, ReadOptionalMember(json, "start_time", ReadTimeOfDay));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.end_time, ReadOptionalMember(json, "end_time", ReadTimeOfDay));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.start_date, ReadOptionalMember(json, "start_date", ReadDate));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.end_date, ReadOptionalMember(json, "end_date", ReadDate));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.min_kwh, ReadOptionalMember(json, "min_kwh", ocpi_json::ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.max_kwh, ReadOptionalMember(json, "max_kwh", ocpi_json::ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.min_current,
                           ReadOptionalMember(json, "min_current", ocpi_json::ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.max_current,
                           ReadOptionalMember(json, "max_current", ocpi_json::ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.min_power,
                           ReadOptionalMember(json, "min_power", ocpi_json::ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.max_power,
                           ReadOptionalMember(json, "max_power", ocpi_json::ReadDecimal));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.min_duration, ReadOptionalMember(json, "min_duration", ReadSeconds));
  OPENMSP_ASSIGN_OR_RETURN(restrictions.max_duration, ReadOptionalMember(json, "max_duration", ReadSeconds));
  if (const boost::json::value* days = ocpi_json::FindMember(json, "day_of_week")) {
    OPENMSP_ASSIGN_OR_RETURN(restrictions.day_of_week,
                             ReadMember(*days, "day_of_week", [](const boost::json::value& list) {
                               return ocpi_json::ReadArray(list, ReadDay);
                             }));
  }
  OPENMSP_ASSIGN_OR_RETURN(restrictions.reservation,
                           ReadOptionalMember(json, "reservation", ReadReservation));
  return restrictions;
}

Result<TariffElement> ReadElement(const boost::json::value& value) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(value));
  OPENMSP_ASSIGN_OR_RETURN(const auto required, ocpi_json::RequiredMembers<1>(*object, {"price_components"}));
  TariffElement element;
  OPENMSP_ASSIGN_OR_RETURN(element.price_components,
                           ReadMember(*required[0], "price_components", [](const boost::json::value& list) {
                             return ocpi_json::ReadArray(list, ReadPriceComponent, 1);
                           }));
  OPENMSP_ASSIGN_OR_RETURN(element.restrictions,
                           ReadOptionalMember(*object, "restrictions", ReadRestrictions));
  return element;
}

auto CiStringOf(std::size_t max_length) {
  return [max_length](const boost::json::value& value) { return ocpi_json::ReadCiString(value, max_length); };
}

}  // namespace

Result<Tariff> ParseTariff(const boost::json::value& json) {
  OPENMSP_ASSIGN_OR_RETURN(const boost::json::object* object, ocpi_json::ObjectOf(json));
  OPENMSP_ASSIGN_OR_RETURN(const auto required,
                           ocpi_json::RequiredMembers<3>(*object, {"id", "currency", "elements"}));
  const auto& [id, currency, elements] = required;
  Tariff tariff;
  OPENMSP_ASSIGN_OR_RETURN(tariff.id, ReadMember(*id, "id", CiStringOf(36)));
  OPENMSP_ASSIGN_OR_RETURN(const auto country_code,
                           ReadOptionalMember(*object, "country_code", CiStringOf(2)));
  OPENMSP_ASSIGN_OR_RETURN(const auto party_id, ReadOptionalMember(*object, "party_id", CiStringOf(3)));
  tariff.country_code = country_code.value_or(std::string());
  tariff.party_id = party_id.value_or(std::string());
  OPENMSP_ASSIGN_OR_RETURN(tariff.currency, ReadMember(*currency, "currency", ocpi_json::ReadCurrency));
  OPENMSP_ASSIGN_OR_RETURN(tariff.type, ReadOptionalMember(*object, "type", ReadTariffType));
  OPENMSP_ASSIGN_OR_RETURN(tariff.min_price, ReadOptionalMember(*object, "min_price", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(tariff.max_price, ReadOptionalMember(*object, "max_price", ocpi_json::ReadPrice));
  OPENMSP_ASSIGN_OR_RETURN(tariff.elements,
                           ReadMember(*elements, "elements", [](const boost::json::value& list) {
                             return ocpi_json::ReadArray(list, ReadElement, 1);
                           }));
  OPENMSP_ASSIGN_OR_RETURN(tariff.start_date_time,
                           ReadOptionalMember(*object, "start_date_time", ocpi_json::ReadDateTime));
  OPENMSP_ASSIGN_OR_RETURN(tariff.end_date_time,
                           ReadOptionalMember(*object, "end_date_time", ocpi_json::ReadDateTime));
  OPENMSP_ASSIGN_OR_RETURN(tariff.last_updated,
                           ReadOptionalMember(*object, "last_updated", ocpi_json::ReadDateTime));
  return tariff;
}

Result<std::vector<Tariff>> ParseTariffs(const boost::json::value& json) {
  if (json.is_array()) return ocpi_json::ReadArray(json, ParseTariff, 1);
  OPENMSP_ASSIGN_OR_RETURN(Tariff tariff, ParseTariff(json));
  std::vector<Tariff> tariffs;
  tariffs.push_back(std::move(tariff));
  return tariffs;
}

std::string_view TariffDimensionName(TariffDimension dimension) {
  return ocpi_json::EnumNameOf(dimension, kDimensionNames);
}

}  // namespace openmsp::pricing
