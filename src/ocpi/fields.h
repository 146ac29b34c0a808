#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/peer.h"

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

/// An OCPI string(n) in a JSON document: a string, checked by `ValidateOcpiString` (printable UTF-8, at
/// most `max_length` code points). Empty strings pass; callers that need a value say so. Errors have an
/// empty field, for the caller to `Nested`.
Result<std::string> ReadOcpiString(const boost::json::value& value, std::size_t max_length);

/// An OCPI `URL` in a JSON document (`ValidateUrl`).
Result<std::string> ReadUrl(const boost::json::value& value);

/// Checks an OCPI `CiString(max_length)` id that must not be empty (`location_id`, `session_id`, …).
/// The error names `field`.
Result<void> ValidateId(std::string_view id, std::size_t max_length, std::string_view field);

/// An OCPI `Role` (`CPO`, `EMSP`, `HUB`, `NAP`, `NSP`, `OTHER`, `SCSP`; case-sensitive) in a JSON document.
Result<domain::OcpiRole> ReadOcpiRole(const boost::json::value& value);

/// OCPI `DisplayText`: a text in one language, as CPOs attach to command answers and eMSPs to
/// authorizations.
struct DisplayText {
  /// ISO 639-1 language code: string(2).
  std::string language;
  /// Plain text without markup: string(512).
  std::string text;

  friend bool operator==(const DisplayText&, const DisplayText&) = default;
};

/// Reads a `DisplayText` object (`language` and `text` required, their lengths checked).
Result<DisplayText> ReadDisplayText(const boost::json::value& value);

/// Reads an OCPI `DisplayText *` list: absent, `null` and `[]` are all an empty list.
Result<std::vector<DisplayText>> ReadDisplayTexts(const boost::json::value* value);

/// Checks a `DisplayText` we write (both fields required, their lengths); the error names the field.
Result<void> ValidateDisplayText(const DisplayText& text);

/// `{"language": …, "text": …}`.
boost::json::value DisplayTextJson(const DisplayText& text);

}  // namespace openmsp::ocpi
