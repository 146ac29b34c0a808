#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/decimal.h"
#include "core/time.h"
#include "pricing/cdr.h"
#include "pricing/tariff.h"

/// Terse constructors of tariffs and CDRs for the engine's hand-computed tests.
namespace openmsp::pricing::testing {

/// The decimal `text` (test input: always valid).
inline Decimal Dec(std::string_view text) { return Decimal::Parse(text).value(); }

/// The instant of the OCPI DateTime `text`.
inline Instant At(std::string_view text) { return ParseOcpiDateTime(text).value(); }

/// A price component; `vat` empty means none.
inline PriceComponent Component(TariffDimension type, std::string_view price, std::string_view vat = "",
                                std::int64_t step_size = 1) {
  PriceComponent component;
  component.type = type;
  component.price = Dec(price);
  if (!vat.empty()) component.vat = Dec(vat);
  component.step_size = step_size;
  return component;
}

/// An element of `components`, restricted by `restrictions` when given.
inline TariffElement Element(std::vector<PriceComponent> components,
                             std::optional<TariffRestrictions> restrictions = std::nullopt) {
  return TariffElement{std::move(components), std::move(restrictions)};
}

/// A EUR tariff `id` of `elements`.
inline Tariff MakeTariff(std::string id, std::vector<TariffElement> elements) {
  Tariff tariff;
  tariff.country_code = "NL";
  tariff.party_id = "CPO";
  tariff.id = std::move(id);
  tariff.elements = std::move(elements);
  return tariff;
}

/// `hh:mm` as minutes since midnight.
inline std::chrono::minutes TimeOfDay(int hour, int minute) {
  return std::chrono::minutes(hour * 60 + minute);
}

/// A dimension of a charging period.
inline CdrDimensionVolume Volume(CdrDimension type, std::string_view volume) { return {type, Dec(volume)}; }

/// A charging period starting at `start` with `dimensions`.
inline ChargingPeriod Period(std::string_view start, std::vector<CdrDimensionVolume> dimensions,
                             std::optional<std::string> tariff_id = std::nullopt) {
  return ChargingPeriod{At(start), std::move(dimensions), std::move(tariff_id)};
}

/// A EUR CDR from `start` to `end` of `periods`; `total_energy` and `total_time` are the sums the periods
/// state (ENERGY) and the session's length, so that a test sees only the warnings it provokes.
inline Cdr MakeCdr(std::string_view start, std::string_view end, std::vector<ChargingPeriod> periods) {
  Cdr cdr;
  cdr.id = "CDR1";
  cdr.start_date_time = At(start);
  cdr.end_date_time = At(end);
  cdr.charging_periods = std::move(periods);
  for (const ChargingPeriod& period : cdr.charging_periods) {
    for (const CdrDimensionVolume& dimension : period.dimensions) {
      if (dimension.type == CdrDimension::kEnergy) cdr.total_energy += dimension.volume;
    }
  }
  cdr.total_time = Decimal((cdr.end_date_time - cdr.start_date_time).count())
                       .Divide(Decimal(3'600'000), 6, RoundingMode::kHalfUp)
                       .value();
  return cdr;
}

}  // namespace openmsp::pricing::testing
