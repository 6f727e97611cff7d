#include "wal/log_reader.h"

#include "util/coding.h"
#include "util/crc32c.h"

namespace strata::log {

Reader::Reader(SequentialFile* file, Reporter* reporter)
    : file_(file), reporter_(reporter), backing_store_(new char[kBlockSize]) {}

void Reader::Report(uint64_t offset, size_t bytes, const char* reason) {
  if (!had_problem_) had_problem_ = true;
  if (reporter_) reporter_->Corruption(offset, bytes, Status::Corruption(reason));
}

bool Reader::ReadRecord(std::string_view* record, std::string* scratch) {
  scratch->clear();
  bool in_fragmented_record = false;
  uint64_t prospective_offset = 0;
  while (true) {
    std::string_view fragment;
    uint64_t fragment_offset = 0;
    int type = ReadPhysicalRecord(&fragment, &fragment_offset);
    switch (type) {
      case kFullType:
        if (in_fragmented_record) {
          Report(prospective_offset, scratch->size(), "partial record without end");
          scratch->clear();
        }
        last_record_offset_ = fragment_offset;
        end_of_last_record_ = fragment_offset + kHeaderSize + fragment.size();
        if (had_problem_) valid_after_problem_ = true;
        *record = fragment;
        return true;
      case kFirstType:
        if (in_fragmented_record) {
          Report(prospective_offset, scratch->size(), "partial record without end");
        }
        prospective_offset = fragment_offset;
        scratch->assign(fragment.data(), fragment.size());
        in_fragmented_record = true;
        break;
      case kMiddleType:
        if (!in_fragmented_record) {
          Report(fragment_offset, fragment.size(), "missing start of fragmented record");
        } else {
          scratch->append(fragment.data(), fragment.size());
        }
        break;
      case kLastType:
        if (!in_fragmented_record) {
          Report(fragment_offset, fragment.size(), "missing start of fragmented record");
        } else {
          scratch->append(fragment.data(), fragment.size());
          last_record_offset_ = prospective_offset;
          end_of_last_record_ = fragment_offset + kHeaderSize + fragment.size();
          if (had_problem_) valid_after_problem_ = true;
          *record = *scratch;
          return true;
        }
        break;
      case kPaddingType:
        if (in_fragmented_record) {
          Report(prospective_offset, scratch->size(), "padding inside a fragmented record");
          in_fragmented_record = false;
          scratch->clear();
        }
        break;
      case kEof:
        // A record cut off by the end of the file is a torn tail: not reported here, the
        // caller sees EndOfLastRecord() < file size.
        scratch->clear();
        return false;
      case kBadRecord:
        if (in_fragmented_record) {
          Report(prospective_offset, scratch->size(), "error in middle of record");
          in_fragmented_record = false;
          scratch->clear();
        }
        break;
      default:
        Report(fragment_offset, fragment.size(), "unknown record type");
        in_fragmented_record = false;
        scratch->clear();
        break;
    }
  }
}

int Reader::ReadPhysicalRecord(std::string_view* result, uint64_t* fragment_offset) {
  while (true) {
    if (buffer_.size() < kHeaderSize) {
      if (!eof_) {
        // Skip the block's zero padding and read the next block.
        buffer_ = {};
        Status s = file_->Read(kBlockSize, &buffer_, backing_store_.get());
        end_of_buffer_offset_ += buffer_.size();
        if (!s.ok()) {
          Report(end_of_buffer_offset_, kBlockSize, "read error");
          buffer_ = {};
          eof_ = true;
          return kEof;
        }
        if (buffer_.size() < kBlockSize) eof_ = true;
        continue;
      }
      // A header cut short by the end of the file: a torn write.
      buffer_ = {};
      return kEof;
    }
    const char* header = buffer_.data();
    uint32_t length = DecodeFixed16(header + 4);
    unsigned type = static_cast<unsigned char>(header[6]);
    *fragment_offset = end_of_buffer_offset_ - buffer_.size();
    if (kHeaderSize + length > buffer_.size()) {
      size_t drop = buffer_.size();
      buffer_ = {};
      if (!eof_) {
        Report(*fragment_offset, drop, "bad record length");
        return kBadRecord;
      }
      // The record runs past the end of the file: a torn write.
      return kEof;
    }
    if (type == kZeroType && length == 0) {
      // Preallocated or padded space: nothing more in this block.
      buffer_ = {};
      continue;
    }
    uint32_t expected = crc32c::Unmask(DecodeFixed32(header));
    uint32_t actual = crc32c::Value(header + 6, 1 + length);
    if (actual != expected) {
      size_t drop = buffer_.size();
      buffer_ = {};
      Report(*fragment_offset, drop, "checksum mismatch");
      return kBadRecord;
    }
    buffer_.remove_prefix(kHeaderSize + length);
    *result = std::string_view(header + kHeaderSize, length);
    return static_cast<int>(type);
  }
}

}  // namespace strata::log
