#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace openmsp {

/// The card technology a UID length belongs to.
enum class RfidUidType {
  kIso14443,  ///< ISO/IEC 14443 type A (MIFARE, most charging cards): 4, 7 or 10 bytes
  kIso15693,  ///< ISO/IEC 15693 (vicinity cards): 8 bytes
};

/// The UID of an RFID charging card as upper-case hex, most significant byte first, the way OCPI token
/// `uid`s, OICP `UIDType` and OCPP `idTag`s of type ISO14443/ISO15693 carry it. Use it to normalise UIDs
/// that people or card lists supply; a `uid` received over OCPI is an opaque CiString and is compared as
/// such, not re-parsed.
///
/// Separator policy: a UID may be written as bare hex (`04A22B5A3C1280`) or with one separator kind, `:`,
/// `-` or a space, between every pair of hex digits (`04:A2:2B:5A:3C:12:80`), because that is how reader
/// software and NFC apps print UIDs and retyping them invites mistakes. Anything looser, such as a
/// separator after only some bytes, a mix of kinds or a trailing one, is refused: it suggests a cut-off or
/// doubled copy, and then the bytes cannot be trusted. Surrounding blanks are not trimmed for the same
/// reason. Lower-case hex is accepted and upper-cased.
class RfidUid {
 public:
  /// Parses 4, 7, 10 (ISO 14443) or 8 (ISO 15693) bytes of hex as described above. Errors have an empty
  /// field for the caller to `Nested`.
  static Result<RfidUid> Parse(std::string_view text);

  /// The card technology implied by the UID's length.
  RfidUidType type() const { return type_; }

  /// The normalised UID: upper-case hex without separators, e.g. `04A22B5A3C1280`.
  const std::string& ToString() const { return hex_; }

  /// Same UID, however it was written (case, separators).
  friend bool operator==(const RfidUid&, const RfidUid&) = default;

 private:
  RfidUid(std::string hex, RfidUidType type) : hex_(std::move(hex)), type_(type) {}

  std::string hex_;
  RfidUidType type_;
};

}  // namespace openmsp
