#include "db/version_edit.h"

#include "util/coding.h"

namespace strata {

namespace {
// Field tags (docs/format/manifest.md). On disk: never renumber; add new tags at the end.
enum Tag : uint32_t {
  kLogNumber = 1,
  kNextFileNumber = 2,
  kLastSequence = 3,
  kColumnFamily = 4,
  kDeletedFile = 5,
  kNewFile = 6,
};
}  // namespace

void VersionEdit::EncodeTo(std::string* dst) const {
  if (has_log_number_) {
    PutVarint32(dst, kLogNumber);
    PutVarint64(dst, log_number_);
  }
  if (has_next_file_number_) {
    PutVarint32(dst, kNextFileNumber);
    PutVarint64(dst, next_file_number_);
  }
  if (has_last_sequence_) {
    PutVarint32(dst, kLastSequence);
    PutVarint64(dst, last_sequence_);
  }
  for (const auto& [id, name] : column_families_) {
    PutVarint32(dst, kColumnFamily);
    PutVarint32(dst, id);
    PutLengthPrefixed(dst, name);
  }
  for (const auto& d : deleted_files_) {
    PutVarint32(dst, kDeletedFile);
    PutVarint32(dst, d.column_family);
    PutVarint32(dst, static_cast<uint32_t>(d.level));
    PutVarint64(dst, d.number);
  }
  for (const auto& f : new_files_) {
    PutVarint32(dst, kNewFile);
    PutVarint32(dst, f.column_family);
    PutVarint32(dst, static_cast<uint32_t>(f.level));
    PutVarint64(dst, f.meta.number);
    PutVarint64(dst, f.meta.file_size);
    PutVarint64(dst, f.meta.allocated_bytes);
    PutLengthPrefixed(dst, f.meta.smallest);
    PutLengthPrefixed(dst, f.meta.largest);
    PutVarint64(dst, f.meta.num_entries);
    PutVarint64(dst, f.meta.num_deletions);
  }
}

Status VersionEdit::DecodeFrom(std::string_view src) {
  *this = VersionEdit();
  std::string_view input = src;
  uint32_t tag;
  auto bad = [](const char* field) {
    return Status::Corruption("MANIFEST record has a malformed field", field);
  };
  while (!input.empty()) {
    if (!GetVarint32(&input, &tag)) return bad("tag");
    switch (tag) {
      case kLogNumber:
        if (!GetVarint64(&input, &log_number_)) return bad("log number");
        has_log_number_ = true;
        break;
      case kNextFileNumber:
        if (!GetVarint64(&input, &next_file_number_)) return bad("next file number");
        has_next_file_number_ = true;
        break;
      case kLastSequence:
        if (!GetVarint64(&input, &last_sequence_)) return bad("last sequence");
        has_last_sequence_ = true;
        break;
      case kColumnFamily: {
        uint32_t id;
        std::string_view name;
        if (!GetVarint32(&input, &id) || !GetLengthPrefixed(&input, &name)) {
          return bad("column family");
        }
        column_families_.emplace_back(id, std::string(name));
        break;
      }
      case kDeletedFile: {
        DeletedFile d{};
        uint32_t level;
        if (!GetVarint32(&input, &d.column_family) || !GetVarint32(&input, &level) ||
            level >= kNumLevels || !GetVarint64(&input, &d.number)) {
          return bad("deleted file");
        }
        d.level = static_cast<int>(level);
        deleted_files_.insert(d);
        break;
      }
      case kNewFile: {
        NewFile f{};
        uint32_t level;
        std::string_view smallest, largest;
        if (!GetVarint32(&input, &f.column_family) || !GetVarint32(&input, &level) ||
            level >= kNumLevels || !GetVarint64(&input, &f.meta.number) ||
            !GetVarint64(&input, &f.meta.file_size) ||
            !GetVarint64(&input, &f.meta.allocated_bytes) ||
            !GetLengthPrefixed(&input, &smallest) || !GetLengthPrefixed(&input, &largest) ||
            !GetVarint64(&input, &f.meta.num_entries) ||
            !GetVarint64(&input, &f.meta.num_deletions)) {
          return bad("new file");
        }
        f.level = static_cast<int>(level);
        f.meta.smallest.assign(smallest);
        f.meta.largest.assign(largest);
        new_files_.push_back(std::move(f));
        break;
      }
      default:
        return Status::Corruption("MANIFEST record has an unknown tag", std::to_string(tag));
    }
  }
  return Status::OK();
}

}  // namespace strata
