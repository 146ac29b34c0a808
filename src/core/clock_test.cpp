#include "core/clock.h"

#include <gtest/gtest.h>

#include <thread>

namespace openmsp {
namespace {

Instant Parse(std::string_view text) { return ParseOcpiDateTime(text).value(); }

TEST(ManualClock, ShowsWhatItIsToldAndMovesOnlyWhenTold) {
  ManualClock clock(Parse("2026-03-01T10:00:00Z"));
  const Clock& as_clock = clock;
  EXPECT_EQ(as_clock.Now(), Parse("2026-03-01T10:00:00Z"));
  EXPECT_EQ(as_clock.Now(), Parse("2026-03-01T10:00:00Z"));
  clock.Advance(std::chrono::minutes(15));
  EXPECT_EQ(as_clock.Now(), Parse("2026-03-01T10:15:00Z"));
  clock.Advance(-std::chrono::seconds(1));
  EXPECT_EQ(as_clock.Now(), Parse("2026-03-01T10:14:59Z"));
  clock.Set(Parse("2025-01-01T00:00:00Z"));
  EXPECT_EQ(as_clock.Now(), Parse("2025-01-01T00:00:00Z"));
}

TEST(ManualClock, MayBeAdvancedWhileOtherThreadsRead) {
  ManualClock clock(Instant{});
  std::thread reader([&clock] {
    Instant previous = clock.Now();
    for (int i = 0; i < 10000; ++i) {
      const Instant now = clock.Now();
      ASSERT_GE(now, previous);
      previous = now;
    }
  });
  for (int i = 0; i < 10000; ++i) clock.Advance(Duration(1));
  reader.join();
  EXPECT_EQ(clock.Now(), Instant::FromUnixMilliseconds(10000));
}

TEST(SystemClock, ReadsTheRealTimeToTheMillisecond) {
  const SystemClock clock;
  const Instant now = clock.Now();
  EXPECT_GT(now, Parse("2024-01-01T00:00:00Z"));
  EXPECT_LT(now, Parse("2100-01-01T00:00:00Z"));
}

}  // namespace
}  // namespace openmsp
