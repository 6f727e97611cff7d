// DynamicBloom: a bloom filter that grows with a memtable, for skipping the memtable's skiplist
// on lookups of keys it does not hold. Cache-local like util/bloom.h: each key sets its probes in
// one 64-byte line.
//
// Thread safety: one writer (the WAL thread) adds keys while readers test them. Bits are set with
// relaxed atomic ORs; a reader that can see an entry (its sequence published with release, read
// with acquire) also sees the bits set before the entry was inserted.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "util/hash.h"

namespace strata {

class DynamicBloom {
 public:
  // total_bits is rounded up to whole 512-bit lines; probes per key.
  DynamicBloom(size_t total_bits, int probes)
      : lines_((total_bits + kLineBits - 1) / kLineBits),
        probes_(probes),
        words_(new std::atomic<uint64_t>[lines_ * kWordsPerLine]) {
    for (size_t i = 0; i < lines_ * kWordsPerLine; i++)
      words_[i].store(0, std::memory_order_relaxed);
  }

  void Add(std::string_view key) {
    uint64_t hash = Hash64(key, kSeed);
    std::atomic<uint64_t>* line = LineOf(hash);
    uint32_t h = static_cast<uint32_t>(hash);
    uint32_t delta = (h >> 17) | (h << 15);
    for (int i = 0; i < probes_; i++, h += delta) {
      uint32_t bit = h % kLineBits;
      line[bit / 64].fetch_or(uint64_t{1} << (bit % 64), std::memory_order_relaxed);
    }
  }

  bool MayContain(std::string_view key) const {
    uint64_t hash = Hash64(key, kSeed);
    const std::atomic<uint64_t>* line = LineOf(hash);
    uint32_t h = static_cast<uint32_t>(hash);
    uint32_t delta = (h >> 17) | (h << 15);
    for (int i = 0; i < probes_; i++, h += delta) {
      uint32_t bit = h % kLineBits;
      if ((line[bit / 64].load(std::memory_order_relaxed) & (uint64_t{1} << (bit % 64))) == 0) {
        return false;
      }
    }
    return true;
  }

  size_t MemoryUsage() const { return lines_ * kWordsPerLine * sizeof(uint64_t); }

 private:
  static constexpr size_t kLineBits = 512;
  static constexpr size_t kWordsPerLine = kLineBits / 64;
  static constexpr uint64_t kSeed = 0x7f4a7c15;

  std::atomic<uint64_t>* LineOf(uint64_t hash) const {
    return words_.get() + ((hash >> 32) % lines_) * kWordsPerLine;
  }

  size_t lines_;
  int probes_;
  std::unique_ptr<std::atomic<uint64_t>[]> words_;
};

}  // namespace strata
