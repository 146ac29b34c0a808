#pragma once

#include "ocpi/headers.h"

namespace openmsp::emsp {

/// The random source of a running server: libsodium's CSPRNG (`domain::FillRandomBytes`), drawn 4 KiB at
/// a time into a buffer of each thread, so that the ids of a request (a correlation id, an
/// authorization reference) cost no system call of their own. Bytes are handed out once and wiped from
/// the buffer as they go. Thread-safe: each thread draws from its own buffer.
class SystemRandom final : public ocpi::RandomSource {
 public:
  void Fill(std::span<std::uint8_t> bytes) override;
};

}  // namespace openmsp::emsp
