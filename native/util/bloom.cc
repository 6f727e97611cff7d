#include "util/bloom.h"

#include <algorithm>
#include <cmath>

#include "util/coding.h"
#include "util/hash.h"

namespace strata {
namespace {

constexpr size_t kLineBytes = 64;
constexpr uint32_t kLineBits = kLineBytes * 8;
constexpr size_t kTrailerBytes = 5;
constexpr uint64_t kSeed = 0x51ed270b;

inline void ProbeBits(uint64_t hash, int probes, uint32_t lines, const uint8_t* data, bool* all_set,
                      uint8_t* mutable_data) {
  uint32_t line = static_cast<uint32_t>((hash >> 32) % lines);
  uint32_t h = static_cast<uint32_t>(hash);
  uint32_t delta = (h >> 17) | (h << 15);
  size_t base = static_cast<size_t>(line) * kLineBytes;
  for (int i = 0; i < probes; i++) {
    uint32_t bit = h % kLineBits;
    if (mutable_data) {
      mutable_data[base + bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
    } else if ((data[base + bit / 8] & (1u << (bit % 8))) == 0) {
      *all_set = false;
      return;
    }
    h += delta;
  }
}

}  // namespace

void BloomFilterBuilder::AddKey(std::string_view key) { hashes_.push_back(Hash64(key, kSeed)); }

void BloomFilterBuilder::Finish(std::string* dst) {
  // ln(2) * bits per key probes minimises false positives; clamp to a sane range.
  int probes = std::clamp(static_cast<int>(bits_per_key_ * 0.69), 1, 30);
  uint64_t total_bits = std::max<uint64_t>(hashes_.size() * bits_per_key_, kLineBits);
  auto lines = static_cast<uint32_t>((total_bits + kLineBits - 1) / kLineBits);
  size_t start = dst->size();
  dst->resize(start + static_cast<size_t>(lines) * kLineBytes, '\0');
  auto* data = reinterpret_cast<uint8_t*>(dst->data() + start);
  for (uint64_t hash : hashes_) ProbeBits(hash, probes, lines, nullptr, nullptr, data);
  dst->push_back(static_cast<char>(probes));
  PutFixed32(dst, lines);
  hashes_.clear();
}

bool BloomFilterMayContain(std::string_view filter, std::string_view key) {
  if (filter.size() < kTrailerBytes) return true;
  const char* trailer = filter.data() + filter.size() - kTrailerBytes;
  int probes = static_cast<uint8_t>(trailer[0]);
  uint32_t lines = DecodeFixed32(trailer + 1);
  if (lines == 0 || probes == 0 ||
      static_cast<uint64_t>(lines) * kLineBytes != filter.size() - kTrailerBytes) {
    return true;
  }
  bool all_set = true;
  ProbeBits(Hash64(key, kSeed), probes, lines, reinterpret_cast<const uint8_t*>(filter.data()),
            &all_set, nullptr);
  return all_set;
}

}  // namespace strata
