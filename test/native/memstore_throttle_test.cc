// Write throttling follows OceanBase's curve: the decay factor makes the memory above the trigger
// last the maximum duration, a shorter duration or a lower trigger changes waits as the formula
// says, trigger 100 turns throttling off, and a flush releases every waiter.
#include <cmath>

#include "db/memstore_throttle.h"
#include "harness.h"

namespace strata {
namespace {

constexpr uint64_t kMiB = 1 << 20;

ThrottleConfig Config(uint64_t limit, int trigger, uint64_t duration_us) {
  ThrottleConfig c;
  c.limit_bytes = limit;
  c.trigger_percentage = trigger;
  c.max_duration_us = duration_us;
  return c;
}

// The time the pages above the trigger take to release, summed the long way.
double CurveDuration(const ThrottleConfig& c) {
  double decay = MemstoreThrottle::Decay(c);
  double n = static_cast<double>(c.limit_bytes) * (100 - c.trigger_percentage) / 100 /
             MemstoreThrottle::kPageBytes;
  double total = 0;
  for (int k = 1; k <= static_cast<int>(std::round(n)); k++) {
    total += MemstoreThrottle::kMinIntervalUs + decay * k * k * k;
  }
  return total;
}

TEST(MemstoreThrottle, TheDecayFactorSpreadsTheMemoryAboveTheTriggerOverTheDuration) {
  ThrottleConfig c = Config(100 * kMiB, 60, 60ull * 1000 * 1000);
  // N = 40 MiB / 2 MiB = 20 pages: decay = (60 s − 20·20 ms) / (20²·21²/4).
  double expected = (60e6 - 20 * 20000.0) / (20.0 * 20 * 21 * 21 / 4);
  ASSERT_TRUE(std::abs(MemstoreThrottle::Decay(c) - expected) < 1e-6);
  ASSERT_TRUE(std::abs(CurveDuration(c) - 60e6) < 1);
}

TEST(MemstoreThrottle, AShorterDurationOrALowerTriggerReleasesFaster) {
  ThrottleConfig base = Config(100 * kMiB, 60, 60ull * 1000 * 1000);
  ThrottleConfig shorter = Config(100 * kMiB, 60, 10ull * 1000 * 1000);
  ThrottleConfig lower = Config(100 * kMiB, 40, 60ull * 1000 * 1000);
  ASSERT_TRUE(MemstoreThrottle::Decay(shorter) < MemstoreThrottle::Decay(base));
  // A lower trigger spreads the same duration over more pages.
  ASSERT_TRUE(MemstoreThrottle::Decay(lower) < MemstoreThrottle::Decay(base));
  // 30 MiB above the trigger, over one second: more is released with the shorter duration.
  uint64_t held = 90 * kMiB;
  uint64_t second = 1000 * 1000;
  uint64_t released_base =
      MemstoreThrottle::Releasable(base, MemstoreThrottle::Decay(base), held, second);
  uint64_t released_short =
      MemstoreThrottle::Releasable(shorter, MemstoreThrottle::Decay(shorter), held, second);
  ASSERT_TRUE(released_short > released_base);
  // And it matches the curve: page k (k = 16 here) takes MIN_INTERVAL + decay·k³.
  double page_interval =
      MemstoreThrottle::kMinIntervalUs + MemstoreThrottle::Decay(base) * 16 * 16 * 16;
  double expected = 1e6 / page_interval * MemstoreThrottle::kPageBytes;
  ASSERT_TRUE(std::abs(static_cast<double>(released_base) - expected) / expected < 0.05);
}

TEST(MemstoreThrottle, TriggerHundredTurnsThrottlingOff) {
  MemstoreThrottle t;
  t.Configure(Config(10 * kMiB, 100, 1000000));
  ASSERT_EQ(t.Acquire(1 * kMiB, 9 * kMiB), uint64_t{0});
}

TEST(MemstoreThrottle, WritersBelowTheTriggerDoNotWait) {
  MemstoreThrottle t;
  t.Configure(Config(10 * kMiB, 60, 1000000));
  ASSERT_EQ(t.Acquire(kMiB, 4 * kMiB), uint64_t{0});
}

TEST(MemstoreThrottle, AFlushReleasesEveryWaiter) {
  MemstoreThrottle t;
  t.Configure(Config(10 * kMiB, 60, 60ull * 1000 * 1000));
  uint64_t seq = t.Acquire(kMiB, 8 * kMiB);
  ASSERT_TRUE(seq > 0);
  ASSERT_TRUE(t.WaitMicros(seq, 8 * kMiB) > 0);
  // Memory back under the trigger: no more waiting.
  ASSERT_EQ(t.WaitMicros(seq, 2 * kMiB), uint64_t{0});
}

}  // namespace
}  // namespace strata
