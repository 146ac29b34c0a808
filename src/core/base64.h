#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp {

/// Encodes `bytes` in standard Base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, padded with `=`), as OCPI 2.2.1
/// encodes credentials tokens in the `Authorization: Token …` header and as binary data is kept in text
/// columns.
std::string EncodeBase64(std::string_view bytes);

/// Decodes standard, padded Base64. Refuses, naming the position, a length that is not a multiple of 4,
/// a character outside the alphabet, padding anywhere but at the end, and non-zero bits after the last
/// byte (so every byte string has exactly one accepted encoding). The error has no field.
Result<std::string> DecodeBase64(std::string_view text);

}  // namespace openmsp
