#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace openmsp {

/// One value of a keyset position: the sort key of the last row of a page, such as a session start (an
/// `Instant`), a name (text) or an id (an integer).
using PageCursorValue = std::variant<std::int64_t, std::string, Instant>;

/// The type of one value of a position, in the order of `PageCursorValue`'s alternatives.
enum class PageCursorValueKind { kInteger = 0, kText = 1, kInstant = 2 };

/// Where a list page ends, as an opaque token the client sends back to get the next page ("cursor
/// pagination"): the list it belongs to (a name that also says the sort order, e.g. `msp_cdrs:newest`)
/// and the sort key of the page's last row (e.g. its session start and id).
///
/// **A cursor carries a position, nothing else**: no tenant, no filter, no permission. Whoever decodes
/// it adds the caller's tenant and scope filters again, exactly as for the first page, so a cursor made
/// by one tenant and sent by another (or edited by hand) can at most move the start of the second
/// tenant's own list. The checksum in it detects damage and casual editing, not forgery (there is no
/// key); a forged position is harmless for the reason above, and every value is validated on decoding.
///
/// The token is base64url without padding (RFC 4648 §5: `A–Z a–z 0–9 - _`, safe in a query string as
/// it is) of a versioned binary form:
///
///     version 1 (1 byte) | list length (1) | list | value count (1) |
///     per value: kind (1) then an integer or instant as 8 bytes big-endian (an instant as Unix
///                milliseconds), or a text as its length (2 bytes big-endian) and UTF-8 bytes |
///     FNV-1a 32-bit checksum of everything before it (4 bytes big-endian)
///
/// Every position has exactly one token and every accepted token decodes to one position, so
/// `Encode(Decode(token)) == token`.
struct PageCursor {
  /// What list and order the position is in: letters, digits and `_ : . -`, 1 to `kMaxListLength`.
  std::string list;
  /// The sort key of the last row returned, 0 to `kMaxValues` values.
  std::vector<PageCursorValue> position;

  static constexpr std::size_t kMaxListLength = 64;
  static constexpr std::size_t kMaxValues = 8;
  /// Longest text value, in code points.
  static constexpr std::size_t kMaxTextLength = 256;
  /// Longest token `Decode` reads (a longer one is refused before it is decoded).
  static constexpr std::size_t kMaxTokenLength = 2048;

  /// The token of this position. Refuses (kInvalidArgument, field `cursor`) what `Decode` would refuse:
  /// a list name outside the rules above, too many values, a text that is not UTF-8 without control
  /// characters of at most `kMaxTextLength` code points, an instant outside `kMinInstant`–`kMaxInstant`.
  Result<std::string> Encode() const;

  /// The position in `token`, which must belong to `list` and hold values of the kinds `shape` lists,
  /// in that order. Anything else — not base64url, too long, another version, damaged (checksum), cut
  /// short or with bytes left over, a value of another kind, another list or sort order — is
  /// kInvalidArgument naming the field `cursor` with the reason, never a crash.
  static Result<PageCursor> Decode(std::string_view token, std::string_view list,
                                   std::span<const PageCursorValueKind> shape);

  /// `Decode` without the expectations: any list, any values. For tools and the fuzz target.
  static Result<PageCursor> DecodeAny(std::string_view token);

  friend bool operator==(const PageCursor&, const PageCursor&) = default;
};

}  // namespace openmsp
