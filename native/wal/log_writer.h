// log::Writer appends records to a log file (WAL or MANIFEST) in the framing of log_format.h.
//
// Thread safety: one thread at a time (the WAL thread, or the MANIFEST writer under the DB mutex).
#pragma once

#include <cstdint>
#include <string_view>

#include "strata/env.h"
#include "strata/status.h"
#include "wal/log_format.h"

namespace strata::log {

class Writer {
 public:
  // dest must be empty, or hold dest_length bytes of complete records. Not owned. sync_unit: 0,
  // or a power of two dividing kBlockSize that Sync pads the log to (docs/format/wal.md, "Torn
  // writes").
  explicit Writer(WritableFile* dest, uint64_t dest_length = 0, uint32_t sync_unit = 0);

  // Appends one record (buffered in the file; call Flush/Sync to push it out).
  Status AddRecord(std::string_view payload);

  // Makes every record added so far durable (fdatasync). With a sync unit, first pads the log
  // with a PADDING fragment to the next multiple of the unit, in the same write as the records,
  // so that no later write touches a block holding records made durable here.
  Status Sync();

  // Bytes written so far, counting framing.
  uint64_t Offset() const { return offset_; }
  WritableFile* file() const { return dest_; }

  // After a failed append: drops everything after offset (the end of the last good record) so
  // that the log holds only complete records again.
  Status RewindTo(uint64_t offset);

 private:
  Status EmitPhysicalRecord(RecordType type, const char* ptr, size_t length);
  Status PadToSyncUnit();

  WritableFile* dest_;
  uint32_t sync_unit_;
  size_t block_offset_;  // position in the current block
  uint64_t offset_;
  // crc32c of each record type byte, precomputed (the CRC covers type + payload).
  uint32_t type_crc_[kMaxRecordType + 1];
};

}  // namespace strata::log
