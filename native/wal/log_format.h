// The record framing shared by the WAL and the MANIFEST (docs/format/wal.md). A log is a sequence
// of 32 KiB blocks; a record is split into fragments that never cross a block boundary:
//   fixed32 masked crc32c(type byte + payload) | fixed16 payload length | u8 type | payload
// A block's last < 7 bytes are zero padding. A PADDING fragment (zeros) fills a log up to the next
// multiple of its sync unit after an fdatasync, when the device has no untorn writes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace strata::log {

enum RecordType : uint8_t {
  // Zero is reserved for preallocated or padded space.
  kZeroType = 0,
  kFullType = 1,
  // Fragments of a record that spans blocks.
  kFirstType = 2,
  kMiddleType = 3,
  kLastType = 4,
  // Zeros ending a synced group at a sync-unit boundary; readers skip it.
  kPaddingType = 5,
};
constexpr int kMaxRecordType = kPaddingType;

constexpr size_t kBlockSize = 32768;
constexpr size_t kHeaderSize = 4 + 2 + 1;

}  // namespace strata::log
