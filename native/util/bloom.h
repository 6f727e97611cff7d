// A cache-local bloom filter over a whole SST: each key sets its probes inside one 64-byte line,
// so a lookup touches one cache line. Layout (docs/format/sst.md, "Filter block"):
//   lines * 64 bytes of bits | u8 probes | fixed32 lines
// With 10 bits per key and 6 probes the false-positive rate is about 1%.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

class BloomFilterBuilder {
 public:
  explicit BloomFilterBuilder(int bits_per_key) : bits_per_key_(bits_per_key) {}

  void AddKey(std::string_view key);
  size_t NumKeys() const { return hashes_.size(); }
  // Appends the filter for every key added to dst.
  void Finish(std::string* dst);

 private:
  int bits_per_key_;
  std::vector<uint64_t> hashes_;
};

// True when key may be in the set the filter was built from; false means certainly absent.
// Malformed filters answer true (they cannot rule anything out).
bool BloomFilterMayContain(std::string_view filter, std::string_view key);

}  // namespace strata
