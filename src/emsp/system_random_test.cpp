// The server's random source hands out each drawn byte once, across its buffer's refills and threads.

#include "emsp/system_random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <thread>
#include <vector>

namespace openmsp::emsp {
namespace {

// 16-byte draws (a UUID's worth) never repeat, also across a refill of the 4 KiB buffer.
TEST(SystemRandomTest, DrawsNeverRepeatAcrossRefills) {
  SystemRandom random;
  std::set<std::array<std::uint8_t, 16>> seen;
  for (int i = 0; i < 1000; ++i) {  // 16,000 bytes: the buffer is refilled three times
    std::array<std::uint8_t, 16> draw{};
    random.Fill(draw);
    EXPECT_TRUE(seen.insert(draw).second) << "draw " << i;
  }
}

// A draw larger than the buffer is filled entirely (no zeros left from the wiped buffer).
TEST(SystemRandomTest, ADrawLargerThanTheBufferIsFilled) {
  SystemRandom random;
  std::vector<std::uint8_t> bytes(10'000, 0);
  random.Fill(bytes);
  // 10,000 random bytes hold about 39 zeros; a stretch of 64 is the untouched tail of a bug.
  const std::vector<std::uint8_t> zeros(64, 0);
  EXPECT_EQ(std::search(bytes.begin(), bytes.end(), zeros.begin(), zeros.end()), bytes.end());
  EXPECT_GT(std::set<std::uint8_t>(bytes.begin(), bytes.end()).size(), 200u);
}

TEST(SystemRandomTest, ThreadsDrawFromBuffersOfTheirOwn) {
  SystemRandom random;
  std::array<std::uint8_t, 32> first{};
  std::array<std::uint8_t, 32> second{};
  std::thread([&] { random.Fill(first); }).join();
  std::thread([&] { random.Fill(second); }).join();
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace openmsp::emsp
