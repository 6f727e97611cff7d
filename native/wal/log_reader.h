// log::Reader reads the records of a log file written by log::Writer, verifying every fragment's
// checksum. Problems are reported with the byte offset where they begin; the caller decides
// whether a problem is a torn tail (nothing valid follows it) or corruption.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "strata/env.h"
#include "strata/status.h"
#include "wal/log_format.h"

namespace strata::log {

class Reader {
 public:
  class Reporter {
   public:
    virtual ~Reporter() = default;
    // bytes were skipped starting at offset because of status.
    virtual void Corruption(uint64_t offset, size_t bytes, const Status& status) = 0;
  };

  // file is not owned; reporter may be nullptr.
  Reader(SequentialFile* file, Reporter* reporter);

  // Reads the next record into *record (which may point into *scratch). False at end of file.
  bool ReadRecord(std::string_view* record, std::string* scratch);

  // Offset of the first byte of the last record returned.
  uint64_t LastRecordOffset() const { return last_record_offset_; }
  // Offset just past the last complete record returned: where a torn tail begins.
  uint64_t EndOfLastRecord() const { return end_of_last_record_; }
  // Whether a valid record was read after the first reported problem.
  bool ValidRecordAfterProblem() const { return valid_after_problem_; }
  bool HadProblem() const { return had_problem_; }

 private:
  enum : int { kEof = kMaxRecordType + 1, kBadRecord = kMaxRecordType + 2 };

  int ReadPhysicalRecord(std::string_view* result, uint64_t* fragment_offset);
  void Report(uint64_t offset, size_t bytes, const char* reason);

  SequentialFile* file_;
  Reporter* reporter_;
  std::unique_ptr<char[]> backing_store_;
  std::string_view buffer_;
  bool eof_ = false;
  // Offset of the end of buffer_ in the file.
  uint64_t end_of_buffer_offset_ = 0;
  uint64_t last_record_offset_ = 0;
  uint64_t end_of_last_record_ = 0;
  bool had_problem_ = false;
  bool valid_after_problem_ = false;
};

}  // namespace strata::log
