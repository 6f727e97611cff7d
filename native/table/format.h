// The SST file format's constants, handles, block header and footer (docs/format/sst.md).
// Reader and writer share everything here; nothing about the layout is inferred elsewhere.
//
//   [data block]… [filter block] [properties block] [index block] [footer: 64 bytes]
//
// Every block starts with a 16-byte BlockHeader (the page header of page compression) and its
// checksum covers the header and the stored payload.
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
  kLatest = kV1,
};

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
  uint32_t stored_length = 0;  // payload bytes after the header
  uint32_t raw_length = 0;     // payload bytes once decompressed

  // Writes the header for payload into dst[0, kSize), checksum included.
  void EncodeTo(char* dst, std::string_view payload) const;
  // Parses and checks a header and its payload (the kSize + stored_length bytes at block).
  static Status DecodeAndVerify(std::string_view block, bool verify_checksum, BlockHeader* header);
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
inline constexpr char kBytesSaved[] = "strata.bytes.saved";
inline constexpr char kColumnFamily[] = "strata.column.family";
inline constexpr char kPageCompressed[] = "strata.page.compressed";
}  // namespace props

}  // namespace strata
