#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "pricing/cdr.h"

namespace openmsp::pricing {

/// Whether a CDR's `tariffs` are read.
enum class CdrTariffs {
  kRead,    ///< read and check them into `Cdr::tariffs`
  kIgnore,  ///< skip them, leaving `Cdr::tariffs` empty: for pricing with tariffs from elsewhere, where they
            ///< would cost time (a CDR's tariff is often most of its members) and change nothing
};

/// Reads the parts of an OCPI 2.2.1 CDR (`mod_cdrs.asciidoc`) that determine its cost, and those rating
/// needs to find the customer and classify the charge point (token, location, credit), straight from its
/// JSON text: the values go from Boost.JSON's parser events into `Cdr` without a document being built
/// (docs/pricing.md, "Reading CDRs"). Signed data, the location's address and coordinates, and every member
/// OCPI does not define are ignored. The one way OpenMSP reads a CDR: `openmsp price --cdr` and `--cdrs`
/// both use it.
///
/// The JSON rules are `openmsp::ParseJson`'s: strict RFC 8259, depth ≤ 64, every number exact (one that
/// would not be held exactly is refused with its path, anywhere in the document, ignored members too).
/// A document that breaks them gets `ParseJson`'s error. For a duplicate member the last one counts, as in
/// a Boost.JSON document.
///
/// Required: `start_date_time`, `end_date_time`, `currency`, `charging_periods` (at least one, each with
/// `start_date_time` and at least one dimension of `type` and `volume`), `total_energy` and `total_time`.
/// `country_code`, `party_id` and `id` identify the CDR but are not needed to price it, so they are
/// validated when present (CiString 2, 3 and 39) and otherwise left empty. The cost members (`total_cost`,
/// `total_fixed_cost`, …) are optional here, so that a CDR can be priced before a CPO has costed it; when
/// present they become `Cdr::stated`. Unless told to skip them, the CDR's `tariffs` are read with
/// `ParseTariff` (errors name `tariffs[0].elements…`). `null` counts as absent.
///
/// The members rating needs are optional here too (test vectors and CDRs given to `openmsp price` may lack
/// them), and checked when present:
/// - `cdr_token`: an object whose `uid` (CiString 1..36), `type` (OCPI 2.2.1 `TokenType`: `AD_HOC_USER`,
///   `APP_USER`, `OTHER`, `RFID`; 2.3.0's `EMAID` is refused) and `contract_id` (CiString 1..36) are
///   required; its other members (`country_code`, `party_id`) are ignored.
/// - `cdr_location`: an object whose `id` (CiString 36), `country` (ISO 3166-1 alpha-3, upper case, an
///   assigned code), `evse_uid` (CiString 36), `evse_id` (CiString 48, any form: `#NA` too),
///   `connector_id` (CiString 36) and `connector_power_type` (OCPI `PowerType`) are each optional (absent
///   or `null`: empty string); its other members are ignored but `time_zone` (see `LocationTimeZone`).
/// - `credit` (boolean) and `credit_reference_id` (CiString 1..39), which `credit: true` requires (OCPI:
///   "needs to be set"; "credit_reference_id: is required when credit is true"). A reference without
///   `credit: true` is kept: OCPI does not forbid it and it changes nothing.
/// Strings are kept as given (CiStrings are not case-folded).
///
/// Every error is kInvalidArgument naming the path of the field
/// (`charging_periods[0].dimensions[2].volume: must be a number`). When a CDR has several faults, the one
/// reported does not depend on the order of its members: missing required members first (all of them
/// listed), then the members in the order of the lists above (identity, dates, currency, tariffs, periods,
/// totals, stated costs, then `cdr_token`, `cdr_location`, `credit`, `credit_reference_id` — a credit CDR
/// without its reference is reported in the reference's place), within an array its first faulty element,
/// within `cdr_token` and `cdr_location` their missing members first, then their members in the order
/// listed.
///
/// Not thread-safe: one reader per thread. After the first few CDRs, reading one allocates next to nothing
/// (the reader keeps its parser, its scratch space and the `Cdr` with its vectors).
class CdrReader {
 public:
  CdrReader();
  ~CdrReader();
  CdrReader(const CdrReader&) = delete;
  CdrReader& operator=(const CdrReader&) = delete;

  /// Reads the CDR in `text`. The `Cdr` belongs to the reader and is valid until the next `Read`.
  Result<std::reference_wrapper<const Cdr>> Read(std::string_view text,
                                                 CdrTariffs tariffs = CdrTariffs::kRead);

  /// After a successful `Read`: the location's IANA time zone that our test vectors add as
  /// `cdr_location.time_zone` (OCPI's CdrLocation has no such member; the zone belongs to the Location
  /// object). No value when `cdr_location` or its `time_zone` is absent or `null`. Fails, naming
  /// `cdr_location.time_zone`, when `time_zone` is not a string: that is not the reader's fault to report,
  /// since the zone is needed only when no `--time-zone` is given (a `cdr_location` that is not an object
  /// is). The view is valid until the next `Read`. Whether the name is a known zone is `TimeZone::Find`'s
  /// to say.
  Result<std::optional<std::string_view>> LocationTimeZone() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// One CDR read with a reader of its own (see `CdrReader`).
Result<Cdr> ParseCdr(std::string_view text, CdrTariffs tariffs = CdrTariffs::kRead);

}  // namespace openmsp::pricing
