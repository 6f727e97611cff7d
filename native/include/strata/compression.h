// Per-key-range compression policy. The layers above set it (one range per table, from
// PAGE_COMPRESSED / PAGE_COMPRESSION_LEVEL); the SST builder cuts data blocks at range
// boundaries so that a block never spans two ranges, and compresses each block as its range says.
//
// Thread safety: a CompressionPolicy is immutable once built; the engine swaps whole policies.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// Values are stored in block headers: never renumber (docs/format/sst.md).
enum class CompressionAlgorithm : uint8_t { kNone = 0, kLz4 = 1, kZstd = 2 };

struct CompressionSettings {
  CompressionAlgorithm algorithm = CompressionAlgorithm::kNone;
  // LZ4: 1–2 fast, 3–12 LZ4HC at that level. zstd: 1–22.
  int level = 1;
  // Store data blocks as pages in slots of page_size_bytes with the unused rest punched out
  // (docs/format/page.md). 16 KiB by measurement: see "Choosing the page size" there.
  bool page_compressed = false;
  uint32_t page_size_bytes = 16384;

  bool operator==(const CompressionSettings&) const = default;
};

struct CompressionRange {
  std::string start;  // inclusive
  std::string end;    // exclusive; empty means "to the end of the key space"
  CompressionSettings settings;
};

class CompressionPolicy {
 public:
  // ranges may be given in any order; overlapping ranges are rejected by Validate.
  CompressionPolicy(CompressionSettings fallback, std::vector<CompressionRange> ranges);

  // InvalidArgument-style message when ranges overlap or a setting is out of range; empty if ok.
  std::string Validate() const;

  // The settings for key, and the exclusive end of the stretch of keys sharing them (empty:
  // no end). The builder re-asks only once a key reaches that end.
  const CompressionSettings& Lookup(std::string_view key, std::string* stretch_end) const;

  const CompressionSettings& fallback() const { return fallback_; }
  const std::vector<CompressionRange>& ranges() const { return ranges_; }

 private:
  CompressionSettings fallback_;
  std::vector<CompressionRange> ranges_;  // sorted by start
};

}  // namespace strata
