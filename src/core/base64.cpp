#include "core/base64.h"

#include <array>
#include <cstdint>

#include "core/ids/ascii.h"

namespace openmsp {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr int kNotInAlphabet = -1;

constexpr std::array<int, 256> MakeDecodeTable() {
  std::array<int, 256> table{};
  table.fill(kNotInAlphabet);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  return table;
}

constexpr std::array<int, 256> kDecodeTable = MakeDecodeTable();

Error Refused(std::size_t position, std::string reason) {
  return InvalidArgument("", "is not Base64: " + reason + " at position " + std::to_string(position));
}

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t available = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      const std::uint32_t byte = j < available ? static_cast<unsigned char>(bytes[i + j]) : 0u;
      group = (group << 8) | byte;
    }
    for (std::size_t j = 0; j < 4; ++j) {
      text += j <= available ? kAlphabet[(group >> (18 - 6 * j)) & 0x3f] : '=';
    }
  }
  return text;
}

Result<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) {
    return InvalidArgument("", "is not Base64: its length " + std::to_string(text.size()) +
                                   " is not a multiple of 4");
  }
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::size_t padding = 0;
    if (last) padding = text[i + 3] == '=' ? (text[i + 2] == '=' ? 2 : 1) : 0;
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      int value = 0;
      if (j >= 4 - padding) {
        value = 0;
      } else {
        value = kDecodeTable[static_cast<unsigned char>(c)];
        if (value == kNotInAlphabet) {
          return Refused(i + j, c == '=' ? std::string("padding before the end") : ascii::DescribeByte(c));
        }
      }
      group = (group << 6) | static_cast<std::uint32_t>(value);
    }
    const std::size_t decoded = 3 - padding;
    if (padding > 0 && (group & ((1u << (8 * padding)) - 1)) != 0) {
      return Refused(i + 3 - padding, "bits after the last byte are not zero");
    }
    for (std::size_t j = 0; j < decoded; ++j) bytes += static_cast<char>((group >> (16 - 8 * j)) & 0xff);
  }
  return bytes;
}

}  // namespace openmsp
