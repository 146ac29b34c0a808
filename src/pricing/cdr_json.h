#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "pricing/cdr.h"

namespace openmsp::pricing {

/// Whether `ParseCdr` reads the CDR's `tariffs`.
enum class CdrTariffs {
  kRead,    ///< read and check them into `Cdr::tariffs`
  kIgnore,  ///< skip them, leaving `Cdr::tariffs` empty: for pricing with tariffs from elsewhere, where they
            ///< would cost time (a CDR's tariff is often most of its members) and change nothing
};

/// Reads the parts of an OCPI 2.2.1 CDR (`mod_cdrs.asciidoc`) that determine its cost, from a document
/// parsed with `openmsp::ParseJson`. Token, location, signed data and every member OCPI does not define are
/// ignored.
///
/// Required: `start_date_time`, `end_date_time`, `currency`, `charging_periods` (at least one, each with
/// `start_date_time` and at least one dimension of `type` and `volume`), `total_energy` and `total_time`.
/// `country_code`, `party_id` and `id` identify the CDR but are not needed to price it, so they are
/// validated when present (CiString 2, 3 and 39) and otherwise left empty. The cost members (`total_cost`,
/// `total_fixed_cost`, …) are optional here, so that a CDR can be priced before a CPO has costed it; when
/// present they become `Cdr::stated`. Unless `tariffs` says to skip them, the CDR's `tariffs` are read with
/// `ParseTariff` (errors name `tariffs[0].elements…`). `null` counts as absent.
///
/// Every error is kInvalidArgument naming the path of the field
/// (`charging_periods[0].dimensions[2].volume: must be a number`).
Result<Cdr> ParseCdr(const boost::json::value& json, CdrTariffs tariffs = CdrTariffs::kRead);

/// The location's IANA time zone that our test vectors add as `cdr_location.time_zone` (OCPI's CdrLocation
/// has no such member; the zone belongs to the Location object). No value when `cdr_location` or its
/// `time_zone` is absent or `null`. Fails when `cdr_location` is not an object or `time_zone` is not a
/// string, naming `cdr_location.time_zone`. The view points into `json`. Whether the name is a known zone
/// is `TimeZone::Find`'s to say.
Result<std::optional<std::string_view>> CdrLocationTimeZone(const boost::json::value& json);

}  // namespace openmsp::pricing
