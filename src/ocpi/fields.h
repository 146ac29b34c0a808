#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/result.h"

/// Field rules shared by the OCPI readers and writers of this module.
namespace openmsp::ocpi {

/// The longest OCPI `URL` (`types.asciidoc`: string(255)).
inline constexpr std::size_t kMaxUrlLength = 255;

/// Checks an OCPI `URL` as the peer model stores it (`domain::PeerEndpoint::url`): an absolute `http://` or
/// `https://` URI (the scheme in lower case) (RFC 3986: no blanks, no control characters, no fragment) with a
/// host, at most `max_length` characters. kInvalidArgument with an empty field (for the caller to `Nested`)
/// naming the reason.
Result<void> ValidateUrl(std::string_view url, std::size_t max_length = kMaxUrlLength);

/// Reads a non-negative decimal integer of 1 to 18 ASCII digits, nothing else (no sign, no blanks, no
/// exponent): a query parameter or header such as `offset` or `X-Total-Count`. kInvalidArgument with an
/// empty field otherwise.
Result<std::int64_t> ParseCount(std::string_view text);

}  // namespace openmsp::ocpi
