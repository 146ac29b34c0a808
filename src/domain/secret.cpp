#include "domain/secret.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace openmsp::domain {
namespace {

constexpr std::size_t kTokenBytes = 32;

}  // namespace

void RequireSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

std::string GenerateCredentialsToken() {
  RequireSodium();
  std::array<unsigned char, kTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
  sodium_memzero(bytes.data(), bytes.size());
  text.resize(text.find('\0'));
  return text;
}

void FillRandomBytes(std::span<std::uint8_t> bytes) {
  RequireSodium();
  randombytes_buf(bytes.data(), bytes.size());
}

TokenDigest TokenDigest::Of(std::string_view token) {
  RequireSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return TokenDigest(std::move(hex));
}

Result<TokenDigest> TokenDigest::FromHex(std::string_view hex) {
  if (hex.size() != crypto_hash_sha256_BYTES * 2) return InvalidArgument("", "must be 64 hex digits");
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return InvalidArgument("", "must be 64 lower-case hex digits");
    }
  }
  return TokenDigest(std::string(hex));
}

bool operator==(const TokenDigest& a, const TokenDigest& b) { return ConstantTimeEquals(a.hex_, b.hex_); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  RequireSodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace openmsp::domain
