#include "wire/protocol.h"

namespace strata::wire {

void PutLengthEncodedInt(std::string* out, uint64_t v) {
  constexpr uint64_t kOneByte = 251;
  constexpr uint64_t kTwoBytes = 1u << 16;
  constexpr uint64_t kThreeBytes = 1u << 24;
  if (v < kOneByte) {
    out->push_back(static_cast<char>(v));
    return;
  }
  int bytes;
  if (v < kTwoBytes) {
    out->push_back(static_cast<char>(0xfc));
    bytes = 2;
  } else if (v < kThreeBytes) {
    out->push_back(static_cast<char>(0xfd));
    bytes = 3;
  } else {
    out->push_back(static_cast<char>(0xfe));
    bytes = 8;
  }
  for (int i = 0; i < bytes; i++) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void PutPacketHeader(std::string* out, size_t length, uint8_t sequence) {
  out->push_back(static_cast<char>(length & 0xff));
  out->push_back(static_cast<char>((length >> 8) & 0xff));
  out->push_back(static_cast<char>((length >> 16) & 0xff));
  out->push_back(static_cast<char>(sequence));
}

}  // namespace strata::wire
