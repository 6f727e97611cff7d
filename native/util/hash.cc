#include "util/hash.h"

#include <cstring>

namespace strata {
namespace {

inline uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace

uint64_t Hash64(const char* data, size_t n, uint64_t seed) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ull;
  uint64_t h = seed ^ (n * kMul);
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, data, 8);
    h = (h ^ Mix(word)) * kMul;
    data += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, data, n);
  h = (h ^ Mix(tail ^ (n << 56))) * kMul;
  return Mix(h);
}

}  // namespace strata
