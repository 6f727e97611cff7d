#include "db/dbformat.h"

namespace strata {

const InternalKeyComparator* GetInternalKeyComparator() {
  static const InternalKeyComparator kInstance;
  return &kInstance;
}

LookupKey::LookupKey(std::string_view user_key, uint64_t sequence) {
  buf_.reserve(user_key.size() + 13);
  PutVarint32(&buf_, static_cast<uint32_t>(user_key.size() + kInternalKeySuffix));
  kstart_ = static_cast<std::ptrdiff_t>(buf_.size());
  AppendInternalKey(&buf_, user_key, sequence, kValueTypeForSeek);
}

}  // namespace strata
