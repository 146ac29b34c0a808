#pragma once

#include "domain/secret.h"
#include "ocpi/headers.h"

namespace openmsp::emsp {

/// The random source of a running server: libsodium's CSPRNG (`domain::FillRandomBytes`). Thread-safe.
class SystemRandom final : public ocpi::RandomSource {
 public:
  void Fill(std::span<std::uint8_t> bytes) override { domain::FillRandomBytes(bytes); }
};

}  // namespace openmsp::emsp
