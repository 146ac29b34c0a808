#include "core/ids/ascii.h"

#include <algorithm>

namespace openmsp::ascii {

namespace {

constexpr std::size_t kMaxQuotedLength = 32;

std::string HexByte(char c) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  const auto byte = static_cast<unsigned char>(c);
  return {kHex[byte >> 4U], kHex[byte & 0x0FU]};
}

}  // namespace

std::string ToUpper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = ToUpper(c);
  return upper;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) { return ToUpper(x) == ToUpper(y); });
}

std::string_view TrimBlanks(std::string_view text) {
  auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

std::string Quote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text.substr(0, kMaxQuotedLength)) {
    if (IsPrintable(c)) {
      quoted += c;
    } else {
      quoted += "\\x";
      quoted += HexByte(c);
    }
  }
  if (text.size() > kMaxQuotedLength) return quoted + "...' (" + std::to_string(text.size()) + " bytes)";
  return quoted + "'";
}

std::string DescribeByte(char c) {
  if (IsPrintable(c)) return std::string{'\'', c, '\''};
  return "byte 0x" + HexByte(c);
}

}  // namespace openmsp::ascii
