#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"

namespace openmsp {

/// Validates an OCPI `CiString(max_length)`: printable ASCII (0x20–0x7E) only, at most `max_length`
/// characters (= bytes, since all are ASCII). Used for ids such as token `uid` (36), `country_code` (2) and
/// `party_id` (3). The error, with an empty field for the caller to `Nested`, names the limit and the actual
/// length, or the position (1-based) and value of the first offending byte.
Result<void> ValidateCiString(std::string_view text, std::size_t max_length);

/// Validates an OCPI `string(max_length)`: well-formed UTF-8 (no overlong forms, surrogates or code points
/// past U+10FFFF), no control characters (U+0000–U+001F, U+007F–U+009F: CR, LF and TAB included, as OCPI
/// forbids them), and at most `max_length` Unicode code points. Errors name the limit and the actual number
/// of code points, or the position (1-based, in code points) of the offending character or byte.
Result<void> ValidateOcpiString(std::string_view text, std::size_t max_length);

/// Whether two CiStrings are equal as OCPI defines it: ASCII letters compare without regard to case, every
/// other byte exactly. Use it for `uid`, `contract_id`, party ids and the like; never for `string` fields.
bool CiStringEquals(std::string_view a, std::string_view b);

}  // namespace openmsp
