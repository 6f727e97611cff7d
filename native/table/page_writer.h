// PageWriter: writes the data blocks of page-compressed key ranges as pages (docs/format/page.md).
// A page gets its own slot at a multiple of the page size. The page header and the payload
// (compressed when that frees at least one filesystem block, else plain) sit at the slot's start;
// the rest of the slot is released with fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE),
// so the file keeps its logical size while only the sectors in use stay allocated. Slots are
// reserved ahead with fallocate, as a page-compressed tablespace is preallocated, so that a
// full disk fails the flush or compaction before its pages are written rather than midway.
//
// Thread safety: one thread at a time (the table builder's).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "strata/compression.h"
#include "strata/env.h"
#include "strata/status.h"
#include "table/format.h"

namespace strata {

// Page compression counters of one file, for its properties block.
struct PageStats {
  uint64_t pages_compressed = 0;  // data blocks stored compressed (pages and packed blocks)
  uint64_t pages_plain = 0;       // data blocks of compressed ranges stored plain
  uint64_t bytes_saved = 0;       // uncompressed footprint minus what is stored
  uint64_t punch_hole_calls = 0;
};

// The same counters summed over every file a database has written since it opened.
struct PageCounters {
  std::atomic<uint64_t> pages_compressed{0};
  std::atomic<uint64_t> pages_plain{0};
  std::atomic<uint64_t> bytes_saved{0};
  std::atomic<uint64_t> punch_hole_calls{0};

  void Add(const PageStats& stats);
};

class PageWriter {
 public:
  // file and stats are not owned. file_system_block: the unit holes are punched in.
  // punch_holes: false where the filesystem cannot punch (or reserve); pages still go to their
  // slots, and nothing is reserved or released.
  PageWriter(WritableFile* file, uint32_t file_system_block, bool punch_holes, PageStats* stats);

  // Writes raw (a data block) as a page in the first slot at or after *offset, the file's
  // logical end, and moves *offset past the slot. *value says where the page is.
  // REQUIRES: settings.page_compressed.
  Status Write(std::string_view raw, const CompressionSettings& settings, uint64_t* offset,
               IndexValue* value);

  // How many raw bytes the next data block of a range with these settings should hold: as many
  // as fit a page, unless somewhat fewer compress into fewer whole filesystem blocks per raw
  // byte. Rows that compress 2:1 fill a 16 KiB page to about 8.2 KiB, one byte over two 4 KiB
  // blocks; cutting the block 4% shorter keeps two blocks instead of three. The compression ratio
  // is estimated from the pages written before with the same settings.
  size_t RawBlockTarget(const CompressionSettings& settings) const;

 private:
  // Reserves the file up to at least slot_end, from slot_begin on.
  Status Reserve(uint64_t slot_begin, uint64_t slot_end);
  // Punches the whole filesystem blocks of [begin, end) that lie in reserved space.
  Status Release(uint64_t begin, uint64_t end);

  WritableFile* file_;
  const uint64_t file_system_block_;
  bool punch_holes_;
  PageStats* stats_;
  // Compressed bytes per raw byte of recent pages written with ratio_settings_ (0: none yet).
  double ratio_ = 0;
  CompressionSettings ratio_settings_;
  uint64_t reserved_begin_ = 0;  // the latest reservation
  uint64_t reserved_end_ = 0;
  std::string compressed_;
  std::string page_;
};

}  // namespace strata
