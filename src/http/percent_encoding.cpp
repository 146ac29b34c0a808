#include "http/percent_encoding.h"

namespace openmsp::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view encoded, std::string_view field, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c == '+' && plus_is_space) {
      decoded += ' ';
    } else if (c != '%') {
      decoded += c;
    } else {
      bool complete = i + 2 < encoded.size();
      int high = complete ? HexValue(encoded[i + 1]) : -1;
      int low = complete ? HexValue(encoded[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return Error{
            ErrorCode::kInvalidArgument, std::string(field),
            "'%' must be followed by two hexadecimal digits (at character " + std::to_string(i + 1) + ")"};
      }
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return decoded;
}

}  // namespace openmsp::http
