#pragma once

#include <boost/json/value.hpp>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "pricing/tariff.h"

namespace openmsp::pricing {

/// Reads an OCPI 2.2.1 Tariff object (`mod_tariffs.asciidoc`) from a document parsed with
/// `openmsp::ParseJson`, keeping what pricing needs (display texts, `tariff_alt_url` and `energy_mix` are
/// ignored, as is every member OCPI does not define).
///
/// Required: `id`, `currency`, `elements` (at least one, each with at least one price component), and in
/// a price component `type`, `price` and `step_size`. `country_code`, `party_id` and `last_updated` are
/// required by OCPI but not needed to price, and CPO exports and the spec's own `tariff_put_example.json`
/// leave them out: they are validated when present and otherwise left empty. `null` counts as absent.
///
/// Checked as OCPI writes them: CiString lengths (`country_code` 2, `party_id` 3, `id` 36); enums in upper
/// case; `start_time`/`end_time` as `HH:MM` (00:00–23:59) and `start_date`/`end_date` as `YYYY-MM-DD`
/// (years 1000–2999, and the date must exist: `2026-02-30` is refused); DateTimes as `ParseOcpiDateTime`;
/// numbers exact; `step_size`, `min_duration` and `max_duration` non-negative integers. Values OCPI leaves
/// open (a negative price, `min_kwh` above `max_kwh`) are the engine's to judge.
///
/// Every error is kInvalidArgument naming the path of the field (`elements[1].restrictions.start_time`).
Result<Tariff> ParseTariff(const boost::json::value& json);

/// Reads a tariff file: one Tariff object, or an array of them (at least one). Errors in an array name the
/// element first (`[2].elements[0].price_components`).
Result<std::vector<Tariff>> ParseTariffs(const boost::json::value& json);

/// How OCPI writes a `TariffDimensionType`: `ENERGY`, `FLAT`, `PARKING_TIME`, `TIME`.
std::string_view TariffDimensionName(TariffDimension dimension);

}  // namespace openmsp::pricing
