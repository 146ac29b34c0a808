#include "core/ids/rfid_uid.h"

#include "core/ids/ascii.h"

namespace openmsp {

namespace {

bool IsSeparator(char c) { return c == ':' || c == '-' || c == ' '; }

}  // namespace

Result<RfidUid> RfidUid::Parse(std::string_view text) {
  if (text.empty()) return InvalidArgument("", "RFID UID is empty");
  const char separator = text.size() > 2 && IsSeparator(text[2]) ? text[2] : '\0';
  std::string hex;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (separator != '\0' && i % 3 == 2) {
      if (c == separator) continue;
      return InvalidArgument("", ascii::DescribeByte(c) + " at position " + std::to_string(i + 1) +
                                     " should be " + ascii::DescribeByte(separator) +
                                     ": a separator must stand between every two hex digits");
    }
    if (!ascii::IsHexDigit(c)) {
      return InvalidArgument(
          "", ascii::DescribeByte(c) + " at position " + std::to_string(i + 1) + " is not a hex digit");
    }
    hex += ascii::ToUpper(c);
  }
  if (separator != '\0' && text.size() % 3 == 0) return InvalidArgument("", "RFID UID ends in a separator");
  switch (hex.size()) {
    case 8:
    case 14:
    case 20: return RfidUid(std::move(hex), RfidUidType::kIso14443);
    case 16: return RfidUid(std::move(hex), RfidUidType::kIso15693);
    default:
      return InvalidArgument("",
                             "RFID UID must have 4, 7 or 10 bytes (ISO 14443) or 8 (ISO 15693), that is 8, "
                             "14, 20 or 16 hex digits; got " +
                                 std::to_string(hex.size()) + " hex digits");
  }
}

}  // namespace openmsp
