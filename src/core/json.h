#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/decimal.h"
#include "core/result.h"

namespace openmsp {

/// JSON for OpenMSP: Boost.JSON documents whose numbers are guaranteed to carry exact decimals.
///
/// Boost.JSON keeps a non-integer number as a `double`. `ParseJson` therefore checks every number against
/// its text: a number whose exact decimal value would not come back out of the `double` (more than 15
/// significant digits, or beyond `Decimal`'s parse limits) is refused with its path, never rounded.
/// `DecimalFromJson` reads a number back through the shortest round-trip representation, so the decimal
/// that comes out is exactly the decimal that went in (`0.2500` comes out as 0.25, `1e2` as 100). No
/// arithmetic ever happens on a `double`.

/// Parses one strict JSON document (RFC 8259; no comments, no trailing commas, depth ≤ 64). The error
/// names the path of the offending value (`elements[0].price_components[1].price`) when it is a number,
/// and otherwise the byte offset and the syntax problem.
Result<boost::json::value> ParseJson(std::string_view text);

/// `ParseJson` for a stream of documents (JSONL, bulk imports): the parser, its scratch space and an arena
/// for the document are kept between calls, so after the first few documents reading one allocates
/// nothing and dropping it costs nothing. Same rules and errors as `ParseJson`. Not thread-safe: one
/// reader per thread.
class JsonReader {
 public:
  JsonReader();
  ~JsonReader();
  JsonReader(const JsonReader&) = delete;
  JsonReader& operator=(const JsonReader&) = delete;

  /// Parses `text`. The document lives in the reader's arena and is valid until the next `Read`.
  Result<std::reference_wrapper<const boost::json::value>> Read(std::string_view text);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// The exact decimal of a JSON number. Fails (with an empty field, for the caller to `Nested`) when the
/// value is not a number or is outside `Decimal`'s parse limits.
Result<Decimal> DecimalFromJson(const boost::json::value& value);

/// `ParseJson`'s number rule for readers that take Boost.JSON's parser events themselves
/// (`boost::json::basic_parser` with their own handler) instead of a document. `text` is a number the
/// parser reported through `on_double`: one with a fraction or an exponent, or an integer beyond 64 bits.
/// Fails, with `ParseJson`'s message and an empty field, exactly for the numbers `ParseJson` refuses;
/// otherwise gives exactly what `DecimalFromJson` reads back from `ParseJson`'s document (value and scale:
/// `0.2500` → 0.25, `1e2` → 100, `-0.0` → 0), without going through a `double`. Integers the parser reports
/// through `on_int64` are `Decimal(value)`, and through `on_uint64` `DecimalFromJson` of that value.
Result<Decimal> DecimalFromJsonNumber(std::string_view text);

/// A JSON number that `SerializeJson` writes as exactly `value` (scale aside: `1.50` is written `1.5`).
/// Fails with kOutOfRange when the value has more significant digits than a JSON number can carry through
/// Boost.JSON (15): round it first.
Result<boost::json::value> DecimalToJson(const Decimal& value);

/// Compact JSON text. Unlike `boost::json::serialize`, non-integer numbers are written in plain decimal
/// notation (`0.25`, not `2.5E-1`), as OCPI peers expect.
std::string SerializeJson(const boost::json::value& value);

}  // namespace openmsp
