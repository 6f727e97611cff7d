// MemstoreThrottle: OceanBase-style write throttling (docs/throttling.md). When the memory held by
// memtables (active and frozen) passes writing_throttling_trigger_percentage of the memstore
// limit, every allocation takes a sequence number (the running sum of bytes allocated above the
// trigger) and its writer waits until a release clock passes it. The clock advances at a speed
// that makes the memory left above the trigger last writing_throttling_maximum_duration: the k-th
// 2 MiB page above the trigger is released MIN_INTERVAL + decay·k³ after the previous one, with
//   decay = (duration − N·MIN_INTERVAL) / (N²(N+1)²/4),  N = memory above the trigger / 2 MiB,
// so that the sum over all N pages is the duration. When memory drops below the trigger (a
// flush), every waiter is released at once.
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

namespace strata {

struct ThrottleConfig {
  uint64_t limit_bytes = 0;     // memstore_limit; 0: no limit (never throttled)
  int trigger_percentage = 60;  // 100: throttling off
  uint64_t max_duration_us = 2ull * 3600 * 1000 * 1000;
};

struct ThrottleStats {
  uint64_t acquisitions = 0;  // allocations that had to take a sequence
  uint64_t releases_by_flush = 0;
  double decay = 0;
  uint64_t trigger_bytes = 0;
};

class MemstoreThrottle {
 public:
  // The 2 MiB page of OceanBase's memstore: the unit the decay curve counts in.
  static constexpr uint64_t kPageBytes = 2 << 20;
  // The shortest interval between two pages (OceanBase's MIN_INTERVAL).
  static constexpr uint64_t kMinIntervalUs = 20000;

  void Configure(const ThrottleConfig& config);
  ThrottleConfig config();

  // An allocation of bytes while held_bytes are held: 0 when the writer may go on, else the
  // sequence it must wait for (pass it to WaitMicros).
  uint64_t Acquire(uint64_t bytes, uint64_t held_bytes);
  // How long the holder of seq should still wait: 0 once the clock has passed it or memory is
  // back below the trigger. Advances the clock.
  uint64_t WaitMicros(uint64_t seq, uint64_t held_bytes);

  ThrottleStats Stats();
  // The decay factor for a configuration (0 when the duration is shorter than N·MIN_INTERVAL).
  static double Decay(const ThrottleConfig& config);
  // Bytes the clock may release in dt_us while held_bytes are held (exposed for tests).
  static uint64_t Releasable(const ThrottleConfig& config, double decay, uint64_t held_bytes,
                             uint64_t dt_us);

 private:
  uint64_t TriggerBytes() const;
  void AdvanceClock(uint64_t held_bytes);

  std::mutex mutex_;
  ThrottleConfig config_;
  double decay_ = 0;
  uint64_t max_seq_ = 0;
  uint64_t clock_ = 0;
  uint64_t last_advance_us_ = 0;
  ThrottleStats stats_;
};

}  // namespace strata
