// Constants of the transaction layer's on-disk formats that the engine reads natively: the key
// layout of docs/format/keys.md and the records of docs/format/mvcc.md. Written by
// src/txn/types/*.ts; read here by the native MVCC reader and the GC compaction filter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::mvcc {

// keys.md: E ‖ ~ts, the timestamp 8 bytes big-endian and bitwise inverted.
constexpr size_t kTimestampBytes = 8;
// keys.md: memcomparable groups of 8 bytes, each followed by a marker 0xFF - padding.
constexpr size_t kGroupBytes = 8;
constexpr size_t kEncodedGroupBytes = kGroupBytes + 1;
constexpr unsigned char kMarkerFull = 0xff;
constexpr unsigned char kMarkerMin = 0xff - kGroupBytes;

// mvcc.md, "Write record".
constexpr char kWritePut = 'P';
constexpr char kWriteDelete = 'D';
constexpr char kWriteLock = 'L';
constexpr char kWriteRollback = 'R';
constexpr size_t kWriteStartTsOffset = 1;
constexpr size_t kWriteFixedBytes = 1 + kTimestampBytes;
constexpr char kTagShortValue = 'v';

// mvcc.md, "Lock record": type, primary (varint length + bytes), start_ts.
constexpr char kLockPut = 'P';
constexpr char kLockDelete = 'D';

inline uint64_t DecodeBigEndian64(const char* p) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; i++) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

inline void AppendBigEndian64(std::string* dst, uint64_t v) {
  for (int i = 7; i >= 0; i--) dst->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// The timestamp of a write- or default-CF key. REQUIRES: key.size() > kTimestampBytes.
inline uint64_t KeyTimestamp(std::string_view key) {
  return ~DecodeBigEndian64(key.data() + key.size() - kTimestampBytes);
}

// Decodes an encoded user key E (keys.md) into its raw bytes; false when malformed.
bool DecodeUserKey(std::string_view encoded, std::string* raw);

// The first key past every E ‖ ts: E with its last byte raised by one. E ends with a final
// marker in [0xF7, 0xFE], so this never carries.
inline std::string PrefixEnd(std::string_view encoded) {
  std::string end(encoded);
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

}  // namespace strata::mvcc
