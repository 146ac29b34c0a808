#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace openmsp::domain {

// Passwords of users (e-mail + password logins). A password in clear exists only in the memory of the
// request that carries it: it is never stored, logged or put in an error message. What is stored is an
// argon2id hash made by libsodium (`crypto_pwhash_str`), which carries its own salt and cost.

/// How expensive one argon2id hash is: libsodium's `opslimit` and `memlimit`.
struct PasswordHashCost {
  std::uint64_t operations = 0;
  std::size_t memory_bytes = 0;

  /// libsodium's "interactive" cost (2 passes over 64 MiB, well under a second per login): the cost of
  /// every password a person sets.
  static PasswordHashCost Interactive();
  /// The least libsodium accepts (1 pass, 8 KiB): only for tests that hash many passwords.
  static PasswordHashCost Minimum();

  friend bool operator==(const PasswordHashCost&, const PasswordHashCost&) = default;
};

/// A stored password hash: libsodium's argon2id string (`$argon2id$v=19$m=…,t=…,p=1$salt$hash`). Not
/// secret in itself, but never shown to anyone either. A default-constructed hash verifies no password.
class PasswordHash {
 public:
  PasswordHash() = default;

  /// A hash read back from storage: an `$argon2id$` string of at most 127 bytes; kInvalidArgument with
  /// an empty field otherwise.
  static Result<PasswordHash> FromStored(std::string encoded);

  /// The argon2id string as `crypto_pwhash_str` wrote it.
  const std::string& encoded() const { return encoded_; }
  /// Whether this is the default, empty hash.
  bool empty() const { return encoded_.empty(); }

  friend bool operator==(const PasswordHash&, const PasswordHash&) = default;

 private:
  explicit PasswordHash(std::string encoded) : encoded_(std::move(encoded)) {}

  friend Result<PasswordHash> HashPassword(std::string_view, std::string_view, PasswordHashCost);

  std::string encoded_;
};

/// The shortest password accepted, in characters (Unicode code points).
inline constexpr std::size_t kMinPasswordLength = 12;
/// The longest password accepted, in bytes: long enough for any passphrase, short enough that hashing
/// cannot be made expensive by sending megabytes.
inline constexpr std::size_t kMaxPasswordBytes = 256;

/// The password policy, after NIST SP 800-63B: length matters, composition rules do not. `password`
/// must be UTF-8 text without control characters, at least `kMinPasswordLength` characters and at most
/// `kMaxPasswordBytes` bytes long, not one character repeated, and neither the account's e-mail address
/// nor its local part (ignoring ASCII case). Errors name the field `password` and never quote the
/// password.
Result<void> CheckPasswordPolicy(std::string_view password, std::string_view email);

/// Checks `password` against the policy for the account `email` (`CheckPasswordPolicy`), then hashes it
/// with argon2id at `cost` and a fresh random salt. kUnavailable naming `password` when libsodium cannot
/// get the memory.
Result<PasswordHash> HashPassword(std::string_view password, std::string_view email,
                                  PasswordHashCost cost = PasswordHashCost::Interactive());

/// Whether `password` is the one `hash` was made from (`crypto_pwhash_str_verify`, whose comparison
/// takes the same time whatever the bytes). False for an empty or malformed hash and for a password
/// longer than `kMaxPasswordBytes`.
bool VerifyPassword(const PasswordHash& hash, std::string_view password);

/// Whether `hash` was made at another cost than `cost` and should be replaced by a new hash of the
/// same password after the next successful login.
bool PasswordNeedsRehash(const PasswordHash& hash, PasswordHashCost cost = PasswordHashCost::Interactive());

}  // namespace openmsp::domain
