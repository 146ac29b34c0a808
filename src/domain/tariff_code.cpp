#include "domain/tariff_code.h"

#include <array>
#include <utility>

#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"

namespace openmsp::domain {
namespace {

constexpr std::array<std::pair<TariffCodeKind, std::string_view>, 6> kKindNames = {{
    {TariffCodeKind::kEnergy, "ENERGY"},
    {TariffCodeKind::kChargingTime, "CHARGING_TIME"},
    {TariffCodeKind::kParkingTime, "PARKING_TIME"},
    {TariffCodeKind::kSessionTime, "SESSION_TIME"},
    {TariffCodeKind::kSessionFee, "SESSION_FEE"},
    {TariffCodeKind::kCpoCost, "CPO_COST"},
}};

constexpr std::array<std::pair<TariffUnit, std::string_view>, 5> kUnitNames = {{
    {TariffUnit::kKwh, "KWH"},
    {TariffUnit::kHour, "HOUR"},
    {TariffUnit::kMinute, "MINUTE"},
    {TariffUnit::kSession, "SESSION"},
    {TariffUnit::kCost, "COST"},
}};

const Decimal kMaxUnits(1'000'000);

// Seconds in one HOUR or MINUTE; 0 for units that are not time.
std::int64_t SecondsPerUnit(TariffUnit unit) {
  if (unit == TariffUnit::kHour) return 3600;
  if (unit == TariffUnit::kMinute) return 60;
  return 0;
}

// The rules shared by step size and free units: within 0..1,000,000, at most 6 decimals, and whole
// seconds for a time unit.
Result<void> CheckUnits(const Decimal& value, TariffUnit unit, std::string_view field) {
  if (value.Sign() < 0) return InvalidArgument(std::string(field), "must not be negative");
  if (kMaxUnits < value) return InvalidArgument(std::string(field), "must not exceed 1000000");
  if (value.Normalized().scale() > kMaxTariffDecimals) {
    return InvalidArgument(std::string(field), "must have at most 6 decimals, found " + value.ToString());
  }
  const std::int64_t seconds = SecondsPerUnit(unit);
  if (seconds != 0 && !(value * Decimal(seconds)).IsInteger()) {
    return InvalidArgument(std::string(field), "must be a whole number of seconds in " +
                                                   std::string(TariffUnitName(unit)) + ", found " +
                                                   value.ToString());
  }
  return Ok();
}

Result<void> CheckCodeName(std::string_view code) {
  if (code.empty()) return InvalidArgument("code", "must not be empty");
  if (code.size() > kMaxTariffCodeNameLength) {
    return InvalidArgument("code", "must have at most 36 characters, found " + std::to_string(code.size()));
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (!ascii::IsAlnum(c) && c != '-' && c != '_' && c != '.') {
      return InvalidArgument("code", "may hold only ASCII letters, digits, '-', '_' and '.', found " +
                                         ascii::DescribeByte(c) + " at position " + std::to_string(i + 1));
    }
  }
  return Ok();
}

}  // namespace

std::string_view TariffCodeKindName(TariffCodeKind kind) {
  for (const auto& [value, name] : kKindNames) {
    if (value == kind) return name;
  }
  return "?";
}

Result<TariffCodeKind> ParseTariffCodeKind(std::string_view name) {
  for (const auto& [value, spelling] : kKindNames) {
    if (spelling == name) return value;
  }
  return InvalidArgument("", "unknown tariff code kind " + ascii::Quote(name) +
                                 " (expected ENERGY, CHARGING_TIME, PARKING_TIME, SESSION_TIME, SESSION_FEE "
                                 "or CPO_COST)");
}

std::string_view TariffUnitName(TariffUnit unit) {
  for (const auto& [value, name] : kUnitNames) {
    if (value == unit) return name;
  }
  return "?";
}

Result<TariffUnit> ParseTariffUnit(std::string_view name) {
  for (const auto& [value, spelling] : kUnitNames) {
    if (spelling == name) return value;
  }
  return InvalidArgument("", "unknown tariff unit " + ascii::Quote(name) +
                                 " (expected KWH, HOUR, MINUTE, SESSION or COST)");
}

bool UnitFits(TariffCodeKind kind, TariffUnit unit) {
  switch (kind) {
    case TariffCodeKind::kEnergy: return unit == TariffUnit::kKwh;
    case TariffCodeKind::kChargingTime:
    case TariffCodeKind::kParkingTime:
    case TariffCodeKind::kSessionTime: return unit == TariffUnit::kHour || unit == TariffUnit::kMinute;
    case TariffCodeKind::kSessionFee: return unit == TariffUnit::kSession;
    case TariffCodeKind::kCpoCost: return unit == TariffUnit::kCost;
  }
  return false;
}

bool IsTimeKind(TariffCodeKind kind) {
  return kind == TariffCodeKind::kChargingTime || kind == TariffCodeKind::kParkingTime ||
         kind == TariffCodeKind::kSessionTime;
}

Result<void> ValidateNewTariffCode(const NewTariffCode& code) {
  OPENMSP_RETURN_IF_ERROR(CheckCodeName(code.code));
  if (!UnitFits(code.kind, code.unit)) {
    return InvalidArgument("unit", std::string(TariffCodeKindName(code.kind)) + " cannot be billed in " +
                                       std::string(TariffUnitName(code.unit)));
  }
  OPENMSP_RETURN_IF_ERROR(CheckUnits(code.step_size, code.unit, "step_size"));
  if (code.step_size.IsZero()) return InvalidArgument("step_size", "must be positive");
  OPENMSP_RETURN_IF_ERROR(CheckUnits(code.free_units, code.unit, "free_units"));
  if (code.kind == TariffCodeKind::kSessionFee) {
    if (code.step_size != Decimal(1)) return InvalidArgument("step_size", "must be 1 for SESSION_FEE");
    if (!code.free_units.IsZero()) return InvalidArgument("free_units", "must be 0 for SESSION_FEE");
  }
  if (code.grace_period.count() < 0 || code.grace_period > kMaxGracePeriod) {
    return InvalidArgument("grace_period", "must be between 0 and 1440 minutes");
  }
  if (code.grace_period.count() != 0 && code.kind != TariffCodeKind::kParkingTime) {
    return InvalidArgument("grace_period", "is only for PARKING_TIME");
  }
  if (code.description.empty()) return InvalidArgument("description", "must not be empty");
  if (Result<void> description = ValidateOcpiString(code.description, kMaxTariffCodeDescriptionLength);
      !description) {
    return description.error().Nested("description");
  }
  return Ok();
}

Decimal BasePerUnit(TariffUnit unit) {
  return unit == TariffUnit::kHour || unit == TariffUnit::kMinute ? Decimal(SecondsPerUnit(unit) * 1000)
                                                                   : Decimal(1);
}

Decimal Allowance(const TariffCode& code) {
  const Decimal free = code.free_units * BasePerUnit(code.unit);
  if (code.kind != TariffCodeKind::kParkingTime) return free;
  return free + Decimal(Duration(code.grace_period).count());
}

Decimal BilledQuantity(const TariffCode& code, const Decimal& billable) {
  if (billable.Sign() <= 0) return Decimal(0);
  const Decimal per_unit = BasePerUnit(code.unit);
  const Decimal rounded = billable.RoundedUpToMultipleOf(code.step_size * per_unit);
  if (per_unit == Decimal(1)) return rounded;
  // Whole steps of whole seconds, so the division is exact at the step's scale.
  return rounded.Divide(per_unit, code.step_size.scale(), RoundingMode::kDown).value();
}

}  // namespace openmsp::domain
