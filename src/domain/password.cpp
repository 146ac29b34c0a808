#include "domain/password.h"

#include <sodium.h>

#include <array>

#include "core/ids/ascii.h"
#include "core/ids/ocpi_string.h"
#include "domain/secret.h"

namespace openmsp::domain {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

std::size_t CodePoints(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

bool IsOneCharacterRepeated(std::string_view text) {
  std::size_t first_length = 1;
  while (first_length < text.size() && (static_cast<unsigned char>(text[first_length]) & 0xC0U) == 0x80U) {
    ++first_length;
  }
  std::string_view first = text.substr(0, first_length);
  if (text.size() % first_length != 0) return false;
  for (std::size_t at = first_length; at < text.size(); at += first_length) {
    if (text.substr(at, first_length) != first) return false;
  }
  return true;
}

}  // namespace

PasswordHashCost PasswordHashCost::Interactive() {
  return PasswordHashCost{.operations = crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          .memory_bytes = crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHashCost PasswordHashCost::Minimum() {
  return PasswordHashCost{.operations = crypto_pwhash_OPSLIMIT_MIN,
                          .memory_bytes = crypto_pwhash_MEMLIMIT_MIN};
}

Result<PasswordHash> PasswordHash::FromStored(std::string encoded) {
  if (encoded.size() >= crypto_pwhash_STRBYTES ||
      encoded.compare(0, kArgon2idPrefix.size(), kArgon2idPrefix) != 0) {
    return InvalidArgument("", "is not an argon2id password hash");
  }
  return PasswordHash(std::move(encoded));
}

Result<void> CheckPasswordPolicy(std::string_view password, std::string_view email) {
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgument("password",
                           "must be at most " + std::to_string(kMaxPasswordBytes) + " bytes long");
  }
  if (!ValidateOcpiString(password, kMaxPasswordBytes).ok()) {
    return InvalidArgument("password", "must be UTF-8 text without control characters");
  }
  if (CodePoints(password) < kMinPasswordLength) {
    return InvalidArgument("password",
                           "must be at least " + std::to_string(kMinPasswordLength) + " characters long");
  }
  if (IsOneCharacterRepeated(password)) {
    return InvalidArgument("password", "must not be one character repeated");
  }
  std::string_view local_part = email.substr(0, email.find('@'));
  if (!email.empty() &&
      (ascii::EqualsIgnoringCase(password, email) || ascii::EqualsIgnoringCase(password, local_part))) {
    return InvalidArgument("password", "must not be the e-mail address or its part before the @");
  }
  return Ok();
}

Result<PasswordHash> HashPassword(std::string_view password, std::string_view email, PasswordHashCost cost) {
  OPENMSP_RETURN_IF_ERROR(CheckPasswordPolicy(password, email));
  RequireSodium();
  std::array<char, crypto_pwhash_STRBYTES> encoded{};
  if (crypto_pwhash_str(encoded.data(), password.data(), password.size(), cost.operations,
                        cost.memory_bytes) != 0) {
    return Error{ErrorCode::kUnavailable, "password", "there is not enough memory to hash the password now"};
  }
  return PasswordHash(std::string(encoded.data()));
}

bool VerifyPassword(const PasswordHash& hash, std::string_view password) {
  if (hash.empty() || password.size() > kMaxPasswordBytes) return false;
  RequireSodium();
  return crypto_pwhash_str_verify(hash.encoded().c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(const PasswordHash& hash, PasswordHashCost cost) {
  if (hash.empty()) return true;
  RequireSodium();
  return crypto_pwhash_str_needs_rehash(hash.encoded().c_str(), cost.operations, cost.memory_bytes) != 0;
}

}  // namespace openmsp::domain
