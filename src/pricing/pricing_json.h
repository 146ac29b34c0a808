#pragma once

#include <string>
#include <string_view>

#include "core/decimal.h"
#include "core/result.h"
#include "core/time_zone.h"
#include "pricing/cdr.h"
#include "pricing/pricing.h"

namespace openmsp::pricing {

/// Appends to `out` the JSON of one priced CDR, as `openmsp price` prints it (compact, members in this
/// order; docs/pricing-cli.md has an example):
///
/// - `cdr` (`country_code`, `party_id`, `id`, those the CDR has; left out when it has none), `currency`
///   and `time_zone` (the IANA name the restrictions were evaluated in);
/// - `total_cost`, `total_fixed_cost`, `total_energy_cost`, `total_time_cost`, `total_parking_cost`,
///   `total_reservation_cost`, each `{excl_vat, incl_vat}`;
/// - `billed_energy` (kWh), `billed_time`, `billed_parking_time`, `billed_reservation_time` (hours),
///   `min_price_applied`, `max_price_applied`;
/// - `periods`: per charging period its `index`, `start_date_time`, `end_date_time`, `reservation` and
///   `dimensions`, each with `type` (ENERGY, FLAT, PARKING_TIME, TIME), `tariff_id`, `element_index`,
///   `component_index`, `price`, `vat` (left out when the component has none), `volume`, `billed_volume`
///   and `cost`;
/// - `warnings`: `{code, field, message}` each;
/// - when the CDR states costs: `cpo_stated`, the CPO's figures (only the subtotals it states, `incl_vat`
///   only where it states one), and `difference`, ours minus the CPO's for the same subtotals and parts.
///
/// Numbers as `AppendJsonNumber` writes them. The text is written directly rather than through a
/// `boost::json::value` and `SerializeJson`: building and serialising the value took more than half of the
/// `--cdrs` time (docs/performance.md). `ParseJson` reads it back with every number exact (unit-tested).
///
/// Fails (kOutOfRange) only when an amount has more than 15 digits before the decimal point, which only
/// absurd input produces (a price of 10^11 per kWh for 10^11 kWh); `out` is then left as it was.
Result<void> AppendPricingResultJson(const PricingResult& result, const Cdr& cdr, const TimeZone& time_zone,
                                     std::string& out);

/// `AppendPricingResultJson` without the enclosing braces: the members alone, for a caller that writes
/// members of its own in front (`openmsp price --cdrs` starts each line with `"line":N`).
Result<void> AppendPricingResultMembers(const PricingResult& result, const Cdr& cdr,
                                        const TimeZone& time_zone, std::string& out);

/// Appends `value` as a JSON number in plain notation (`0.25`, `-12.375`, `100`; never `2.5E-1`, no
/// trailing zeros). Exact when it has at most 15 significant digits, the most a JSON number carries
/// exactly through Boost.JSON and `ParseJson`; otherwise rounded half-even to 15 significant digits
/// (`0.0833333333333333`), which for any amount below 1000 keeps at least 12 decimals. Fails (kOutOfRange,
/// leaving `out` as it was) when the value has more than 15 digits before the decimal point.
Result<void> AppendJsonNumber(const Decimal& value, std::string& out);

/// Appends `instant` as `FormatOcpiDateTime` writes it, without a string of its own (the writer's
/// dates were a fifth of its allocations).
void AppendOcpiDateTime(Instant instant, std::string& out);

/// Appends `text` as a JSON string: in quotes, with `"`, `\` and control characters escaped; other bytes
/// (UTF-8) as they are.
void AppendJsonString(std::string_view text, std::string& out);

}  // namespace openmsp::pricing
