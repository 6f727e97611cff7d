#include "db/mvcc_gc_filter.h"

#include <string>
#include <vector>

namespace strata {

namespace {

// docs/format/keys.md: the timestamp suffix of write- and default-CF keys.
constexpr size_t kTimestampBytes = 8;
// docs/format/mvcc.md, "Write record".
constexpr char kTypePut = 'P';
constexpr char kTypeDelete = 'D';
constexpr char kTypeLock = 'L';
constexpr char kTypeRollback = 'R';
constexpr size_t kStartTsOffset = 1;
constexpr size_t kFixedBytes = 1 + kTimestampBytes;
constexpr char kTagShortValue = 'v';

uint64_t DecodeBigEndian64(const char* p) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; i++) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

void AppendBigEndian64(std::string* dst, uint64_t v) {
  for (int i = 7; i >= 0; i--) dst->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// Whether a Put record carries its value inline (the first tagged field is 'v').
bool HasInlineValue(std::string_view record) {
  return record.size() > kFixedBytes && record[kFixedBytes] == kTagShortValue;
}

class GcContext final : public CompactionFilter::Context {
 public:
  GcContext(uint64_t safepoint, uint32_t default_cf)
      : safepoint_(safepoint), default_cf_(default_cf) {}

  CompactionFilter::Decision Filter(uint32_t, std::string_view key, std::string_view value,
                                    bool bottommost) override {
    if (key.size() <= kTimestampBytes || value.size() < kFixedBytes) return Decision::kKeep;
    std::string_view user_key = key.substr(0, key.size() - kTimestampBytes);
    uint64_t commit_ts = ~DecodeBigEndian64(key.data() + user_key.size());
    if (user_key != std::string_view(current_user_key_)) {
      current_user_key_.assign(user_key);
      seen_visible_version_ = false;
    }
    if (commit_ts > safepoint_) return Decision::kKeep;
    switch (value[0]) {
      case kTypeRollback:
      case kTypeLock:
        return Decision::kRemove;
      case kTypePut:
      case kTypeDelete:
        break;
      default:
        return Decision::kKeep;  // never drop what cannot be read
    }
    if (!seen_visible_version_) {
      // The version every read at or after the safepoint sees.
      seen_visible_version_ = true;
      if (value[0] == kTypePut || !bottommost) return Decision::kKeep;
      return Decision::kRemove;
    }
    if (value[0] == kTypePut && !HasInlineValue(value)) {
      std::string default_key(user_key);
      AppendBigEndian64(&default_key, ~DecodeBigEndian64(value.data() + kStartTsOffset));
      side_deletes_.emplace_back(default_cf_, std::move(default_key));
    }
    return Decision::kRemove;
  }

  void TakeSideDeletes(std::vector<std::pair<uint32_t, std::string>>* out) override {
    out->swap(side_deletes_);
    side_deletes_.clear();
  }

 private:
  using Decision = CompactionFilter::Decision;

  uint64_t safepoint_;
  uint32_t default_cf_;
  std::string current_user_key_;
  bool seen_visible_version_ = false;
  std::vector<std::pair<uint32_t, std::string>> side_deletes_;
};

}  // namespace

MvccGcFilter::MvccGcFilter(const std::atomic<uint64_t>* safepoint, uint32_t write_cf,
                           uint32_t default_cf)
    : safepoint_(safepoint), write_cf_(write_cf), default_cf_(default_cf) {}

std::unique_ptr<CompactionFilter::Context> MvccGcFilter::NewContext(uint32_t column_family) {
  uint64_t safepoint = safepoint_->load(std::memory_order_relaxed);
  if (column_family != write_cf_ || safepoint == 0) return nullptr;
  return std::make_unique<GcContext>(safepoint, default_cf_);
}

}  // namespace strata
