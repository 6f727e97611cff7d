// Internal keys: a user key followed by 8 bytes packing (sequence << 8 | type), little-endian
// (docs/format/sst.md, "Internal keys"). For one user key, newer sequences sort first, so a
// seek to (key, snapshot) lands on the newest version visible at that snapshot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/coding.h"
#include "util/comparator.h"

namespace strata {

// Stored in internal keys: never renumber.
enum class ValueType : uint8_t { kDeletion = 0, kValue = 1 };
// The type that sorts first for a given sequence, used when building seek targets.
constexpr ValueType kValueTypeForSeek = ValueType::kValue;

constexpr uint64_t kMaxSequenceNumber = (uint64_t{1} << 56) - 1;
constexpr size_t kInternalKeySuffix = 8;

inline uint64_t PackSequenceAndType(uint64_t seq, ValueType t) {
  return (seq << 8) | static_cast<uint8_t>(t);
}

inline void AppendInternalKey(std::string* dst, std::string_view user_key, uint64_t seq,
                              ValueType t) {
  dst->append(user_key.data(), user_key.size());
  PutFixed64(dst, PackSequenceAndType(seq, t));
}

inline std::string_view ExtractUserKey(std::string_view internal_key) {
  return internal_key.substr(0, internal_key.size() - kInternalKeySuffix);
}

inline uint64_t ExtractTag(std::string_view internal_key) {
  return DecodeFixed64(internal_key.data() + internal_key.size() - kInternalKeySuffix);
}

struct ParsedInternalKey {
  std::string_view user_key;
  uint64_t sequence = 0;
  ValueType type = ValueType::kValue;
};

// False when internal_key is too short or has an unknown type.
inline bool ParseInternalKey(std::string_view internal_key, ParsedInternalKey* result) {
  if (internal_key.size() < kInternalKeySuffix) return false;
  uint64_t tag = ExtractTag(internal_key);
  uint8_t type = tag & 0xff;
  if (type > static_cast<uint8_t>(ValueType::kValue)) return false;
  result->user_key = ExtractUserKey(internal_key);
  result->sequence = tag >> 8;
  result->type = static_cast<ValueType>(type);
  return true;
}

// Orders internal keys: user key ascending, then sequence and type descending.
class InternalKeyComparator final : public Comparator {
 public:
  int Compare(std::string_view a, std::string_view b) const override {
    int r = ExtractUserKey(a).compare(ExtractUserKey(b));
    if (r != 0) return r;
    uint64_t ta = ExtractTag(a);
    uint64_t tb = ExtractTag(b);
    return ta > tb ? -1 : ta < tb ? 1 : 0;
  }
  const char* Name() const override { return "strata.InternalKey"; }
};

const InternalKeyComparator* GetInternalKeyComparator();

// A seek target for user_key at sequence: the first internal key at or after it is the newest
// version of user_key visible at sequence (or a later user key).
class LookupKey {
 public:
  LookupKey(std::string_view user_key, uint64_t sequence);
  // The memtable's entry format: varint32 internal key length + internal key.
  std::string_view memtable_key() const { return std::string_view(buf_); }
  std::string_view internal_key() const {
    return std::string_view(buf_).substr(static_cast<size_t>(kstart_));
  }
  std::string_view user_key() const {
    return std::string_view(buf_).substr(static_cast<size_t>(kstart_),
                                         buf_.size() - kstart_ - kInternalKeySuffix);
  }

 private:
  std::string buf_;
  std::ptrdiff_t kstart_;
};

}  // namespace strata
