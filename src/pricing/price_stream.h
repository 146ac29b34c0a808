#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time_zone.h"
#include "pricing/cdr_json.h"
#include "pricing/tariff.h"

namespace openmsp::pricing {

/// What `openmsp price` prices a CDR with, besides the CDR itself.
struct PriceOptions {
  /// The tariffs to price with (`--tariff`). Empty: each CDR's own `tariffs`.
  std::span<const Tariff> tariffs;
  /// The zone given on the command line (`--time-zone`). It wins over a CDR's `cdr_location.time_zone`;
  /// without either, restrictions are evaluated in UTC.
  std::optional<TimeZone> time_zone;
};

/// Prices one CDR, given as its JSON text, and appends the result's JSON to `out`: `CdrReader::Read`
/// (skipping the CDR's own tariffs when `options` has some), the time zone as `options` says,
/// `PriceCdr`, and `AppendPricingResultJson`. Fails with the first error of those, its field naming the
/// path within the CDR (`charging_periods[0].dimensions[1].volume`, `cdr_location.time_zone`), and leaves
/// `out` as it was. `reader` is reused from CDR to CDR.
Result<void> PriceCdrJson(CdrReader& reader, std::string_view text, const PriceOptions& options,
                          std::string& out);

/// `PriceCdrJson` with a reader of its own, for a single CDR (`openmsp price --cdr`).
Result<void> PriceCdrJson(std::string_view text, const PriceOptions& options, std::string& out);

/// How a `PriceStream` went.
struct StreamSummary {
  std::size_t priced = 0;     ///< lines that gave a result
  std::size_t failed = 0;     ///< lines that gave an error line
  bool read_failed = false;   ///< the input could not be read to its end
  bool write_failed = false;  ///< the output refused data (a closed pipe, a full disk); writing stopped
};

/// Prices a JSON Lines stream of CDRs (`openmsp price --cdrs`): for each input line that is not blank, one
/// output line, in order, each starting with the 1-based input line number, then the members
/// `PriceCdrJson` writes:
///
///     {"line":1,"currency":"EUR","time_zone":"UTC","total_cost":{…},…}
///     {"line":2,"error":{"field":"charging_periods[0].start_date_time","message":"is required"}}
///
/// A line that is not JSON, not a CDR, or cannot be priced gives the error line and the stream goes on.
/// Blank lines (spaces, tabs, a lone `\r`) are skipped but counted; a `\r` before `\n` is ignored.
/// Reads `in` in 1 MiB blocks and writes `out` in blocks of about 1 MiB, so memory stays small whatever
/// the input's size; a line may be of any length.
StreamSummary PriceStream(std::istream& in, std::ostream& out, const PriceOptions& options);

}  // namespace openmsp::pricing
