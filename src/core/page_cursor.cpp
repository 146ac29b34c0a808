#include "core/page_cursor.h"

#include <utility>

#include "core/base64.h"
#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"

namespace openmsp {
namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kChecksumBytes = 4;

Error CursorError(std::string message) { return InvalidArgument("cursor", std::move(message)); }

std::uint32_t Fnv1a(std::string_view bytes) {
  std::uint32_t hash = 2166136261u;
  for (char byte : bytes) {
    hash ^= static_cast<std::uint8_t>(byte);
    hash *= 16777619u;
  }
  return hash;
}

void AppendBigEndian(std::string& out, std::uint64_t value, std::size_t bytes) {
  for (std::size_t i = bytes; i-- > 0;) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

bool IsListCharacter(char c) { return ascii::IsAlnum(c) || c == '_' || c == ':' || c == '.' || c == '-'; }

Result<void> ValidateList(std::string_view list) {
  if (list.empty() || list.size() > PageCursor::kMaxListLength) {
    return CursorError("its list name must have 1 to " + std::to_string(PageCursor::kMaxListLength) +
                       " characters");
  }
  for (char c : list) {
    if (!IsListCharacter(c)) return CursorError("its list name may hold letters, digits and _ : . - only");
  }
  return Ok();
}

Result<void> ValidateText(std::string_view text) {
  if (Result<void> valid = ValidateOcpiString(text, PageCursor::kMaxTextLength); !valid.ok()) {
    return CursorError("a text value is not allowed: " + valid.error().message);
  }
  return Ok();
}

Result<void> ValidateInstant(Instant instant) {
  if (instant < kMinInstant || instant > kMaxInstant) {
    return CursorError("an instant value is outside the years 0001 to 9999");
  }
  return Ok();
}

std::string ToBase64Url(std::string_view bytes) {
  std::string text = EncodeBase64(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

Result<std::string> FromBase64Url(std::string_view token) {
  std::string text(token);
  for (char& c : text) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (!ascii::IsAlnum(c)) {
      return CursorError("is not base64url: it holds a character other than A-Z a-z 0-9 - _");
    }
  }
  if (text.size() % 4 == 1) return CursorError("is not base64url: its length is impossible");
  while (text.size() % 4 != 0) text += '=';
  Result<std::string> bytes = DecodeBase64(text);
  if (!bytes.ok()) return CursorError("is not canonical base64url");
  return bytes;
}

// Reads the binary form front to back; every read checks that the bytes are there.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool Byte(std::uint8_t& value) {
    if (bytes_.empty()) return false;
    value = static_cast<std::uint8_t>(bytes_.front());
    bytes_.remove_prefix(1);
    return true;
  }

  bool BigEndian(std::size_t width, std::uint64_t& value) {
    if (bytes_.size() < width) return false;
    value = 0;
    for (std::size_t i = 0; i < width; ++i) value = (value << 8) | static_cast<std::uint8_t>(bytes_[i]);
    bytes_.remove_prefix(width);
    return true;
  }

  bool Bytes(std::size_t count, std::string_view& value) {
    if (bytes_.size() < count) return false;
    value = bytes_.substr(0, count);
    bytes_.remove_prefix(count);
    return true;
  }

  bool AtEnd() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

Result<PageCursorValue> ReadValue(Reader& reader) {
  const Error cut_short = CursorError("is cut short");
  std::uint8_t kind = 0;
  if (!reader.Byte(kind)) return cut_short;
  switch (static_cast<PageCursorValueKind>(kind)) {
    case PageCursorValueKind::kInteger: {
      std::uint64_t bits = 0;
      if (!reader.BigEndian(8, bits)) return cut_short;
      return PageCursorValue(static_cast<std::int64_t>(bits));
    }
    case PageCursorValueKind::kText: {
      std::uint64_t length = 0;
      std::string_view text;
      if (!reader.BigEndian(2, length) || !reader.Bytes(length, text)) return cut_short;
      OPENMSP_RETURN_IF_ERROR(ValidateText(text));
      return PageCursorValue(std::string(text));
    }
    case PageCursorValueKind::kInstant: {
      std::uint64_t bits = 0;
      if (!reader.BigEndian(8, bits)) return cut_short;
      Instant instant = Instant::FromUnixMilliseconds(static_cast<std::int64_t>(bits));
      OPENMSP_RETURN_IF_ERROR(ValidateInstant(instant));
      return PageCursorValue(instant);
    }
  }
  return CursorError("holds a value of unknown kind " + std::to_string(kind));
}

std::string_view KindName(PageCursorValueKind kind) {
  switch (kind) {
    case PageCursorValueKind::kInteger:
      return "an integer";
    case PageCursorValueKind::kText:
      return "a text";
    case PageCursorValueKind::kInstant:
      return "an instant";
  }
  return "a value";
}

}  // namespace

Result<std::string> PageCursor::Encode() const {
  OPENMSP_RETURN_IF_ERROR(ValidateList(list));
  if (position.size() > kMaxValues) {
    return CursorError("may hold at most " + std::to_string(kMaxValues) + " values");
  }
  std::string bytes;
  bytes += static_cast<char>(kVersion);
  bytes += static_cast<char>(list.size());
  bytes += list;
  bytes += static_cast<char>(position.size());
  for (const PageCursorValue& value : position) {
    bytes += static_cast<char>(value.index());
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      AppendBigEndian(bytes, static_cast<std::uint64_t>(*integer), 8);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      OPENMSP_RETURN_IF_ERROR(ValidateText(*text));
      AppendBigEndian(bytes, text->size(), 2);
      bytes += *text;
    } else {
      Instant instant = std::get<Instant>(value);
      OPENMSP_RETURN_IF_ERROR(ValidateInstant(instant));
      AppendBigEndian(bytes, static_cast<std::uint64_t>(instant.UnixMilliseconds()), 8);
    }
  }
  AppendBigEndian(bytes, Fnv1a(bytes), kChecksumBytes);
  return ToBase64Url(bytes);
}

Result<PageCursor> PageCursor::DecodeAny(std::string_view token) {
  if (token.empty()) return CursorError("is empty");
  if (token.size() > kMaxTokenLength) {
    return CursorError("is longer than " + std::to_string(kMaxTokenLength) + " characters");
  }
  OPENMSP_ASSIGN_OR_RETURN(std::string bytes, FromBase64Url(token));
  if (bytes.size() < 1 + kChecksumBytes) return CursorError("is cut short");
  std::string_view content = std::string_view(bytes).substr(0, bytes.size() - kChecksumBytes);
  Reader checksum_reader(std::string_view(bytes).substr(content.size()));
  std::uint64_t checksum = 0;
  checksum_reader.BigEndian(kChecksumBytes, checksum);
  if (static_cast<std::uint8_t>(content.front()) != kVersion) {
    return CursorError("has version " + std::to_string(static_cast<std::uint8_t>(content.front())) +
                       ", this server reads version " + std::to_string(kVersion));
  }
  if (checksum != Fnv1a(content)) return CursorError("is damaged (its checksum does not match)");

  Reader reader(content.substr(1));
  PageCursor cursor;
  std::uint8_t list_length = 0;
  std::string_view list;
  if (!reader.Byte(list_length) || !reader.Bytes(list_length, list)) return CursorError("is cut short");
  OPENMSP_RETURN_IF_ERROR(ValidateList(list));
  cursor.list = std::string(list);
  std::uint8_t count = 0;
  if (!reader.Byte(count)) return CursorError("is cut short");
  if (count > kMaxValues) return CursorError("may hold at most " + std::to_string(kMaxValues) + " values");
  for (std::uint8_t i = 0; i < count; ++i) {
    OPENMSP_ASSIGN_OR_RETURN(PageCursorValue value, ReadValue(reader));
    cursor.position.push_back(std::move(value));
  }
  if (!reader.AtEnd()) return CursorError("has bytes after its last value");
  return cursor;
}

Result<PageCursor> PageCursor::Decode(std::string_view token, std::string_view list,
                                      std::span<const PageCursorValueKind> shape) {
  OPENMSP_ASSIGN_OR_RETURN(PageCursor cursor, DecodeAny(token));
  if (cursor.list != list) {
    return CursorError("belongs to the list '" + cursor.list + "', not to '" + std::string(list) +
                       "' (another list or sort order); start again without a cursor");
  }
  if (cursor.position.size() != shape.size()) {
    return CursorError("holds " + std::to_string(cursor.position.size()) + " values where this list has " +
                       std::to_string(shape.size()));
  }
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (cursor.position[i].index() != static_cast<std::size_t>(shape[i])) {
      return CursorError("value " + std::to_string(i + 1) + " should be " + std::string(KindName(shape[i])));
    }
  }
  return cursor;
}

}  // namespace openmsp
