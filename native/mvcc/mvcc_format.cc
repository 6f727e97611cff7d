#include "mvcc/mvcc_format.h"

namespace strata::mvcc {

bool DecodeUserKey(std::string_view encoded, std::string* raw) {
  raw->clear();
  if (encoded.empty() || encoded.size() % kEncodedGroupBytes != 0) return false;
  for (size_t group = 0; group < encoded.size(); group += kEncodedGroupBytes) {
    auto marker = static_cast<unsigned char>(encoded[group + kGroupBytes]);
    if (marker == kMarkerFull) {
      raw->append(encoded.data() + group, kGroupBytes);
      continue;
    }
    if (marker < kMarkerMin || group + kEncodedGroupBytes != encoded.size()) return false;
    size_t padding = kMarkerFull - marker;
    size_t used = kGroupBytes - padding;
    for (size_t i = used; i < kGroupBytes; i++) {
      if (encoded[group + i] != 0) return false;
    }
    raw->append(encoded.data() + group, used);
    return true;
  }
  return false;  // no final group
}

}  // namespace strata::mvcc
