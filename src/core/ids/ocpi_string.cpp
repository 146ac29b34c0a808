#include "core/ids/ocpi_string.h"

#include <cstdint>
#include <string>

#include "core/ids/ascii.h"

namespace openmsp {

namespace {

struct CodePoint {
  std::uint32_t value = 0;
  std::size_t length = 0;  // 0: not well-formed UTF-8
};

CodePoint DecodeUtf8(std::string_view text, std::size_t offset) {
  const auto lead = static_cast<std::uint8_t>(text[offset]);
  if (lead < 0x80U) return {lead, 1};
  std::size_t length = 0;
  std::uint32_t value = 0;
  std::uint32_t smallest = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    value = lead & 0x1FU;
    smallest = 0x80U;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    value = lead & 0x0FU;
    smallest = 0x800U;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    value = lead & 0x07U;
    smallest = 0x10000U;
  } else {
    return {};
  }
  if (text.size() - offset < length) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<std::uint8_t>(text[offset + k]);
    if ((byte & 0xC0U) != 0x80U) return {};
    value = (value << 6U) | (byte & 0x3FU);
  }
  if (value < smallest || value > 0x10FFFFU || (value >= 0xD800U && value <= 0xDFFFU)) return {};
  return {value, length};
}

bool IsControl(std::uint32_t code_point) {
  return code_point < 0x20U || (code_point >= 0x7FU && code_point <= 0x9FU);
}

std::string CodePointName(std::uint32_t code_point) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string name = "U+";
  for (unsigned shift : {12U, 8U, 4U, 0U}) name += kHex[(code_point >> shift) & 0x0FU];
  return name;
}

Error TooLong(std::size_t max_length, std::size_t length) {
  return InvalidArgument(
      "", "must be at most " + std::to_string(max_length) + " characters, got " + std::to_string(length));
}

}  // namespace

Result<void> ValidateCiString(std::string_view text, std::size_t max_length) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!ascii::IsPrintable(text[i])) {
      return InvalidArgument("", "character " + std::to_string(i + 1) + " is " +
                                     ascii::DescribeByte(text[i]) +
                                     "; a CiString allows printable ASCII only");
    }
  }
  if (text.size() > max_length) return TooLong(max_length, text.size());
  return Ok();
}

Result<void> ValidateOcpiString(std::string_view text, std::size_t max_length) {
  std::size_t count = 0;
  for (std::size_t offset = 0; offset < text.size(); ++count) {
    const CodePoint code_point = DecodeUtf8(text, offset);
    if (code_point.length == 0) {
      return InvalidArgument("", "character " + std::to_string(count + 1) + " is not valid UTF-8 (" +
                                     ascii::DescribeByte(text[offset]) + ")");
    }
    if (IsControl(code_point.value)) {
      return InvalidArgument("", "character " + std::to_string(count + 1) + " is the control character " +
                                     CodePointName(code_point.value) +
                                     "; OCPI strings allow printable text only");
    }
    offset += code_point.length;
  }
  if (count > max_length) return TooLong(max_length, count);
  return Ok();
}

bool CiStringEquals(std::string_view a, std::string_view b) { return ascii::EqualsIgnoringCase(a, b); }

}  // namespace openmsp
