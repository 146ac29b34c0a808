#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp::http {

/// `encoded` with every `%XY` replaced by the byte 0xXY, and with `+` read as a space when `plus_is_space`
/// (query strings; paths keep their `+`). kInvalidArgument naming `field` when a `%` is not followed by
/// two hex digits.
Result<std::string> PercentDecode(std::string_view encoded, std::string_view field, bool plus_is_space);

}  // namespace openmsp::http
