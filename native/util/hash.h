// Non-cryptographic hashing for bloom filters and cache sharding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace strata {

// 64-bit hash of data (an FNV-1a/multiply mix; fast on short keys, stable across releases
// because bloom filters on disk depend on it).
uint64_t Hash64(const char* data, size_t n, uint64_t seed);

inline uint64_t Hash64(std::string_view s, uint64_t seed = 0) {
  return Hash64(s.data(), s.size(), seed);
}

}  // namespace strata
