#include "emsp/system_random.h"

#include <algorithm>
#include <array>
#include <cstddef>

#include "domain/secret.h"

namespace openmsp::emsp {
namespace {

class RandomBuffer {
 public:
  void Take(std::span<std::uint8_t> bytes) {
    while (!bytes.empty()) {
      if (next_ == buffer_.size()) {
        domain::FillRandomBytes(buffer_);
        next_ = 0;
      }
      const std::size_t count = std::min(bytes.size(), buffer_.size() - next_);
      std::copy_n(buffer_.begin() + static_cast<std::ptrdiff_t>(next_), count, bytes.begin());
      std::fill_n(buffer_.begin() + static_cast<std::ptrdiff_t>(next_), count, std::uint8_t{0});
      next_ += count;
      bytes = bytes.subspan(count);
    }
  }

 private:
  std::array<std::uint8_t, 4096> buffer_{};
  std::size_t next_ = buffer_.size();
};

}  // namespace

void SystemRandom::Fill(std::span<std::uint8_t> bytes) {
  thread_local RandomBuffer buffer;
  buffer.Take(bytes);
}

}  // namespace openmsp::emsp
