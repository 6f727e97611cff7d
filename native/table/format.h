// The SST file format's constants, handles, block header and footer (docs/format/sst.md).
// Reader and writer share everything here; nothing about the layout is inferred elsewhere.
//
//   [data block | page slot]… [filter block] [properties block] [index block] [footer: 64 bytes]
//
// Every block starts with a 16-byte BlockHeader (the page header of page compression) and its
// checksum covers the header and the stored payload. Data blocks of page-compressed key ranges
// are pages: each starts a slot at a multiple of its page size, and the rest of the slot is a
// punched hole (docs/format/page.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/compression.h"
#include "strata/status.h"

namespace strata {

// Format versions are an ordered enum: readers accept every version up to kLatest.
enum class TableFormatVersion : uint32_t {
  kV1 = 1,  // blocks with page headers, whole-file bloom filter, fixed 64-byte footer
  kV2 = 2,  // page slots: index entries and header byte 3 carry log2 of the page size
  kLatest = kV2,
};

// Page sizes are powers of two from 4 KiB to 64 KiB; headers and index entries store the
// exponent ("page shift"), 0 meaning a packed block that is not a page.
constexpr uint8_t kMinPageShift = 12;
constexpr uint8_t kMaxPageShift = 16;

constexpr uint64_t kTableMagicNumber = 0x5453535f41544153ull;  // "SATA_SST" little-endian

// Where a block lives: its offset and its total size on disk, header included.
struct BlockHandle {
  uint64_t offset = 0;
  uint64_t size = 0;

  void EncodeTo(std::string* dst) const;
  // Consumes a varint64 offset and varint64 size from the front of input.
  Status DecodeFrom(std::string_view* input);
};

// Page types: a block is stored plain or compressed. Values are on disk; never renumber.
enum class PageType : uint8_t { kPlain = 1, kCompressed = 2 };

// What a block holds, recorded for tools that dump files (`strata inspect sst`).
enum class BlockKind : uint8_t { kData = 0, kIndex = 1, kFilter = 2, kProperties = 3 };

struct BlockHeader {
  static constexpr size_t kSize = 16;

  PageType page_type = PageType::kPlain;
  CompressionAlgorithm algorithm = CompressionAlgorithm::kNone;
  BlockKind kind = BlockKind::kData;
  uint8_t page_shift = 0;      // 0: a packed block; else a page in a slot of 1 << page_shift
  uint32_t stored_length = 0;  // payload bytes after the header
  uint32_t raw_length = 0;     // payload bytes once decompressed

  // Writes the header for payload into dst[0, kSize), checksum included.
  void EncodeTo(char* dst, std::string_view payload) const;
  // Parses and checks a header and its payload (the kSize + stored_length bytes at block): known
  // page type, algorithm and page shift, lengths that agree with the block and with each other,
  // and (when asked) the checksum.
  static Status DecodeAndVerify(std::string_view block, bool verify_checksum, BlockHeader* header);
};

// The value of an index entry: where a data block is and (from V2 on) whether it is a page.
struct IndexValue {
  BlockHandle handle;
  uint8_t page_shift = 0;  // as in BlockHeader

  uint64_t page_size() const { return page_shift == 0 ? 0 : uint64_t{1} << page_shift; }
  uint64_t page_number() const { return page_shift == 0 ? 0 : handle.offset >> page_shift; }

  // V2 encoding: varint64 offset, varint64 size, u8 page shift.
  void EncodeTo(std::string* dst) const;
  // Consumes the whole of input as a version's encoding (V1: no page shift).
  Status DecodeFrom(std::string_view input, TableFormatVersion version);
};

struct Footer {
  static constexpr size_t kSize = 64;

  BlockHandle index;
  BlockHandle filter;
  BlockHandle properties;
  TableFormatVersion version = TableFormatVersion::kLatest;

  void EncodeTo(std::string* dst) const;
  Status DecodeFrom(std::string_view input);
};

// Block contents once decompressed, owned.
struct BlockContents {
  std::string data;
  BlockKind kind = BlockKind::kData;
};

// Keys of the properties block (docs/format/sst.md, "Properties block").
namespace props {
inline constexpr char kEntries[] = "strata.entries";
inline constexpr char kDeletions[] = "strata.deletions";
inline constexpr char kDataBlocks[] = "strata.data.blocks";
inline constexpr char kRawKeyBytes[] = "strata.raw.key.bytes";
inline constexpr char kRawValueBytes[] = "strata.raw.value.bytes";
inline constexpr char kDataBytes[] = "strata.data.bytes";
inline constexpr char kPagesCompressed[] = "strata.pages.compressed";
inline constexpr char kPagesPlain[] = "strata.pages.plain";
// Trailing bytes of each user key left out of the bloom filter (0: the whole key). With N > 0 the
// filter answers for the key minus its last N bytes, so a seek within that prefix can use it.
inline constexpr char kBloomIgnoredSuffix[] = "strata.bloom.ignored.suffix";
inline constexpr char kBytesSaved[] = "strata.bytes.saved";
inline constexpr char kColumnFamily[] = "strata.column.family";
inline constexpr char kPunchHoleCalls[] = "strata.punch.hole.calls";
}  // namespace props

}  // namespace strata
