// VersionEdit: one change to the set of live files, as recorded in the MANIFEST
// (docs/format/manifest.md). Encoded as tagged fields so that new fields can be added.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "strata/status.h"

namespace strata {

constexpr int kNumLevels = 7;

// One SST as the version set knows it. Immutable once in a Version, except being_compacted,
// which the compaction picker changes under the DB mutex.
struct FileMetaData {
  uint64_t number = 0;
  uint64_t file_size = 0;
  uint64_t allocated_bytes = 0;  // st_blocks * 512 when the file was written
  std::string smallest;          // internal keys
  std::string largest;
  uint64_t num_entries = 0;
  uint64_t num_deletions = 0;
  bool being_compacted = false;
};

class VersionEdit {
 public:
  struct NewFile {
    uint32_t column_family;
    int level;
    FileMetaData meta;
  };
  struct DeletedFile {
    uint32_t column_family;
    int level;
    uint64_t number;
    auto operator<=>(const DeletedFile&) const = default;
  };

  void SetLogNumber(uint64_t n) {
    has_log_number_ = true;
    log_number_ = n;
  }
  void SetNextFileNumber(uint64_t n) {
    has_next_file_number_ = true;
    next_file_number_ = n;
  }
  void SetLastSequence(uint64_t s) {
    has_last_sequence_ = true;
    last_sequence_ = s;
  }
  void AddColumnFamily(uint32_t id, std::string name) {
    column_families_.emplace_back(id, std::move(name));
  }
  void AddFile(uint32_t column_family, int level, const FileMetaData& meta) {
    new_files_.push_back(NewFile{column_family, level, meta});
  }
  void RemoveFile(uint32_t column_family, int level, uint64_t number) {
    deleted_files_.insert(DeletedFile{column_family, level, number});
  }

  void EncodeTo(std::string* dst) const;
  Status DecodeFrom(std::string_view src);

 private:
  friend class VersionSet;
  friend struct VersionEditView;

  bool has_log_number_ = false;
  bool has_next_file_number_ = false;
  bool has_last_sequence_ = false;
  uint64_t log_number_ = 0;
  uint64_t next_file_number_ = 0;
  uint64_t last_sequence_ = 0;
  std::vector<std::pair<uint32_t, std::string>> column_families_;
  std::vector<NewFile> new_files_;
  std::set<DeletedFile> deleted_files_;
};

}  // namespace strata
