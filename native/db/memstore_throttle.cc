#include "db/memstore_throttle.h"

#include <algorithm>
#include <chrono>

namespace strata {

namespace {

uint64_t NowMicros() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

constexpr int kThrottleOff = 100;

}  // namespace

double MemstoreThrottle::Decay(const ThrottleConfig& config) {
  if (config.limit_bytes == 0 || config.trigger_percentage >= kThrottleOff) return 0;
  double available = static_cast<double>(config.limit_bytes) *
                     (kThrottleOff - config.trigger_percentage) / kThrottleOff;
  double n = available / static_cast<double>(kPageBytes);
  if (n <= 0) return 0;
  double remaining = static_cast<double>(config.max_duration_us) - n * kMinIntervalUs;
  if (remaining <= 0) return 0;
  return remaining / (n * n * (n + 1) * (n + 1) / 4);
}

uint64_t MemstoreThrottle::Releasable(const ThrottleConfig& config, double decay,
                                      uint64_t held_bytes, uint64_t dt_us) {
  uint64_t trigger =
      config.limit_bytes * static_cast<uint64_t>(config.trigger_percentage) / kThrottleOff;
  if (held_bytes <= trigger) return UINT64_MAX;
  uint64_t above = held_bytes - trigger;
  // Walk the pages from the current one: the rest of it, then whole pages, each released
  // MIN_INTERVAL + decay·k³ after the one before (k counts pages above the trigger from 1).
  double page = static_cast<double>(above / kPageBytes) + 1;
  uint64_t left_in_page = kPageBytes - above % kPageBytes;
  double elapsed = 0;
  uint64_t released = 0;
  double dt = static_cast<double>(dt_us);
  while (elapsed < dt) {
    double interval = (kMinIntervalUs + decay * page * page * page) *
                      static_cast<double>(left_in_page) / kPageBytes;
    if (elapsed + interval > dt) {
      released += static_cast<uint64_t>(left_in_page * (dt - elapsed) / interval);
      break;
    }
    elapsed += interval;
    released += left_in_page;
    left_in_page = kPageBytes;
    page += 1;
  }
  return released;
}

void MemstoreThrottle::Configure(const ThrottleConfig& config) {
  std::lock_guard lock(mutex_);
  config_ = config;
  decay_ = Decay(config);
  stats_.decay = decay_;
  stats_.trigger_bytes = TriggerBytes();
}

ThrottleConfig MemstoreThrottle::config() {
  std::lock_guard lock(mutex_);
  return config_;
}

uint64_t MemstoreThrottle::TriggerBytes() const {
  return config_.limit_bytes * static_cast<uint64_t>(config_.trigger_percentage) / kThrottleOff;
}

uint64_t MemstoreThrottle::Acquire(uint64_t bytes, uint64_t held_bytes) {
  std::lock_guard lock(mutex_);
  if (config_.limit_bytes == 0 || config_.trigger_percentage >= kThrottleOff ||
      held_bytes + bytes <= TriggerBytes()) {
    return 0;
  }
  if (max_seq_ == clock_) last_advance_us_ = NowMicros();  // the clock starts with the backlog
  max_seq_ += bytes;
  stats_.acquisitions++;
  return max_seq_;
}

void MemstoreThrottle::AdvanceClock(uint64_t held_bytes) {
  uint64_t now = NowMicros();
  uint64_t dt = now - last_advance_us_;
  last_advance_us_ = now;
  uint64_t releasable = Releasable(config_, decay_, held_bytes, dt);
  clock_ = releasable >= max_seq_ - clock_ ? max_seq_ : clock_ + releasable;
}

uint64_t MemstoreThrottle::WaitMicros(uint64_t seq, uint64_t held_bytes) {
  std::lock_guard lock(mutex_);
  if (held_bytes <= TriggerBytes() || config_.trigger_percentage >= kThrottleOff) {
    // Memory was freed (or throttling turned off): release everyone.
    if (clock_ < max_seq_) stats_.releases_by_flush++;
    clock_ = max_seq_;
    return 0;
  }
  AdvanceClock(held_bytes);
  if (clock_ >= seq) return 0;
  // Time until the clock reaches seq at the current page's speed.
  uint64_t behind = seq - clock_;
  uint64_t above = held_bytes - TriggerBytes();
  double page = static_cast<double>(above / kPageBytes) + 1;
  double page_interval_us = kMinIntervalUs + decay_ * page * page * page;
  double wait = page_interval_us * static_cast<double>(behind) / kPageBytes;
  return std::max<uint64_t>(1, static_cast<uint64_t>(wait));
}

ThrottleStats MemstoreThrottle::Stats() {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace strata
