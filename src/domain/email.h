#pragma once

#include <string_view>

#include "core/result.h"

namespace openmsp::domain {

/// The longest e-mail address accepted (RFC 5321's path limit).
inline constexpr std::size_t kMaxEmailLength = 254;

/// Whether `address` is plausible as an e-mail address: at most 254 bytes, exactly one `@` with text on
/// both sides, no spaces or control characters. Deliverability is not checked (only a mail sent can
/// tell). The error has no field; the caller names it.
Result<void> ValidateEmailAddress(std::string_view address);

}  // namespace openmsp::domain
