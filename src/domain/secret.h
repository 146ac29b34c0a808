#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace openmsp::domain {

// Secrets through libsodium: random tokens, their digests and comparisons that take the same time
// whatever the bytes.

/// Initialises libsodium once per process (`sodium_init`); every function here and in password.h calls
/// it first. Throws std::runtime_error when libsodium cannot start.
void RequireSodium();

/// A fresh credentials token for a peer: 32 bytes from libsodium's CSPRNG (`randombytes_buf`) as
/// base64url without padding, 43 printable ASCII characters. Fits OCPI's `string(64)` token and needs
/// no escaping in a header.
std::string GenerateCredentialsToken();

/// Fills `bytes` from libsodium's CSPRNG (`randombytes_buf`).
void FillRandomBytes(std::span<std::uint8_t> bytes);

/// The SHA-256 digest of a credentials token, as 64 lower-case hex digits. What the store keeps of the
/// tokens peers call us with, so a copy of the database does not let anyone call us; a token has 256
/// random bits, so no salt or slow hash is needed to protect it.
class TokenDigest {
 public:
  /// The digest of `token`'s bytes as they are (no trimming, no case folding).
  static TokenDigest Of(std::string_view token);

  /// A digest read back from storage: exactly 64 lower-case hex digits; kInvalidArgument with an empty
  /// field otherwise.
  static Result<TokenDigest> FromHex(std::string_view hex);

  /// The 64 lower-case hex digits.
  const std::string& hex() const { return hex_; }

  /// Compares in constant time (`ConstantTimeEquals`).
  friend bool operator==(const TokenDigest& a, const TokenDigest& b);

 private:
  explicit TokenDigest(std::string hex) : hex_(std::move(hex)) {}

  std::string hex_;
};

/// Whether `a` and `b` hold the same bytes, taking a time that depends only on their lengths
/// (`sodium_memcmp`), so a caller cannot learn a secret byte by byte from response times.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace openmsp::domain
