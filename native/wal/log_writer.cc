#include "wal/log_writer.h"

#include "util/coding.h"
#include "util/crc32c.h"

namespace strata::log {

namespace {
// Payload of the longest PADDING fragment: padding never crosses a block.
const char kZeros[kBlockSize] = {};
}  // namespace

Writer::Writer(WritableFile* dest, uint64_t dest_length, uint32_t sync_unit)
    : dest_(dest),
      sync_unit_(sync_unit),
      block_offset_(dest_length % kBlockSize),
      offset_(dest_length) {
  for (int i = 0; i <= kMaxRecordType; i++) {
    char t = static_cast<char>(i);
    type_crc_[i] = crc32c::Value(&t, 1);
  }
}

Status Writer::AddRecord(std::string_view payload) {
  const char* ptr = payload.data();
  size_t left = payload.size();
  bool begin = true;
  // An empty payload still emits one zero-length FULL fragment.
  do {
    size_t leftover = kBlockSize - block_offset_;
    if (leftover < kHeaderSize) {
      if (leftover > 0) {
        Status s = dest_->Append(std::string_view(kZeros, leftover));
        if (!s.ok()) return s;
        offset_ += leftover;
      }
      block_offset_ = 0;
    }
    size_t avail = kBlockSize - block_offset_ - kHeaderSize;
    size_t fragment = left < avail ? left : avail;
    bool end = left == fragment;
    RecordType type = begin && end ? kFullType : begin ? kFirstType : end ? kLastType : kMiddleType;
    Status s = EmitPhysicalRecord(type, ptr, fragment);
    if (!s.ok()) return s;
    ptr += fragment;
    left -= fragment;
    begin = false;
  } while (left > 0);
  return Status::OK();
}

Status Writer::Sync() {
  Status s = PadToSyncUnit();
  if (s.ok()) s = dest_->Sync();
  return s;
}

Status Writer::PadToSyncUnit() {
  if (sync_unit_ == 0 || offset_ % sync_unit_ == 0) return Status::OK();
  size_t gap = sync_unit_ - offset_ % sync_unit_;
  size_t block_left = kBlockSize - block_offset_;
  if (gap < kHeaderSize) {
    if (gap == block_left) {
      // The block's trailer: too short for a header, zeros by the framing's own rule.
      Status s = dest_->Append(std::string_view(kZeros, gap));
      if (!s.ok()) return s;
      offset_ += gap;
      block_offset_ = 0;
      return Status::OK();
    }
    // Too short for a header: pad through the following unit (still inside this block, since
    // the unit divides the block size).
    gap += sync_unit_;
  }
  return EmitPhysicalRecord(kPaddingType, kZeros, gap - kHeaderSize);
}

Status Writer::RewindTo(uint64_t offset) {
  Status s = dest_->Truncate(offset);
  if (!s.ok()) return s;
  offset_ = offset;
  block_offset_ = offset % kBlockSize;
  return Status::OK();
}

Status Writer::EmitPhysicalRecord(RecordType type, const char* ptr, size_t length) {
  char header[kHeaderSize];
  uint32_t crc = crc32c::Extend(type_crc_[type], ptr, length);
  EncodeFixed32(header, crc32c::Mask(crc));
  EncodeFixed16(header + 4, static_cast<uint16_t>(length));
  header[6] = static_cast<char>(type);
  Status s = dest_->Append(std::string_view(header, kHeaderSize));
  if (s.ok()) s = dest_->Append(std::string_view(ptr, length));
  if (s.ok()) {
    block_offset_ += kHeaderSize + length;
    offset_ += kHeaderSize + length;
  }
  return s;
}

}  // namespace strata::log
