#pragma once

#include <string>
#include <string_view>

/// Byte-level ASCII helpers shared by the identifier parsers. They never consult the C locale (so `é` in
/// Latin-1 or a UTF-8 lead byte is never a "letter") and are safe for every `char` value, including
/// negative ones, unlike `<cctype>`.
namespace openmsp::ascii {

/// `0`–`9` only; Arabic-Indic and other Unicode digits are not digits here.
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// `A`–`Z` or `a`–`z`.
constexpr bool IsAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/// A letter or a digit as above: the alphabet of every part of an EMA-ID, EVSE id and party id.
constexpr bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }

/// `0`–`9`, `A`–`F` or `a`–`f`.
constexpr bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

/// Printable ASCII, 0x20 (space) to 0x7E (`~`): the alphabet of an OCPI `CiString`.
constexpr bool IsPrintable(char c) { return c >= 0x20 && c <= 0x7E; }

/// `c` in upper case when it is an ASCII letter, otherwise unchanged.
constexpr char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

/// `c` in lower case when it is an ASCII letter, otherwise unchanged.
constexpr char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

/// `text` with every ASCII letter upper-cased and every other byte unchanged.
std::string ToUpper(std::string_view text);

/// Whether `a` and `b` are equal when ASCII letters are compared without regard to case.
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

/// `text` without leading and trailing spaces and tabs: what a person pasting an id tends to add.
std::string_view TrimBlanks(std::string_view text);

/// `text` in single quotes for an error message, with bytes that are not printable ASCII written as `\xNN`
/// and anything past 32 bytes cut off (`'AAAA...' (1000 bytes)`), so that a message never carries control
/// bytes, broken UTF-8 or a huge input.
std::string Quote(std::string_view text);

/// The byte `c` for an error message: `'|'` when printable, otherwise its code such as `byte 0xD0`.
std::string DescribeByte(char c);

}  // namespace openmsp::ascii
