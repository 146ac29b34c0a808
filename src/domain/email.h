#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace openmsp::domain {

/// The longest e-mail address accepted, in bytes (RFC 5321's path limit less the angle brackets).
inline constexpr std::size_t kMaxEmailLength = 254;

/// `email` in the form users are stored and looked up by: ASCII letters lower-cased, everything else as
/// given. Refused (kInvalidArgument with an empty field): blanks or control characters anywhere, not
/// exactly one `@`, an empty or longer than 64 bytes local part, an empty domain or one with an empty
/// label (`a@.b`, `a@b..c`, `a@b.`), more than 254 bytes, bytes that are not UTF-8. Blanks are refused
/// rather than trimmed: what a person typed is shown back, not silently changed. Deliverability is not
/// checked (only a mail sent can tell).
Result<std::string> NormaliseEmail(std::string_view email);

/// Whether `address` is accepted by `NormaliseEmail`, for addresses kept as given (a profile's, a
/// tenant's support address). The error has no field; the caller names it.
Result<void> ValidateEmailAddress(std::string_view address);

}  // namespace openmsp::domain
