// TableBuilder: writes an SST (docs/format/sst.md) from internal keys added in sorted order.
// Data blocks are cut at block_size and at every boundary of the compression policy, so that a
// block never spans two key ranges, and each block is compressed as its range says. The blocks
// of page-compressed ranges are cut to fit a page and written as pages (table/page_writer.h).
//
// Thread safety: one thread at a time (a flush or compaction job).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "strata/compression.h"
#include "strata/env.h"
#include "strata/status.h"
#include "table/block_builder.h"
#include "table/format.h"
#include "table/page_writer.h"
#include "util/bloom.h"

namespace strata {

struct TableBuilderOptions {
  size_t block_size = 16 << 10;
  int block_restart_interval = 16;
  int bloom_bits_per_key = 10;
  // Filter on each user key minus this many trailing bytes (keys no longer than it: whole).
  uint32_t bloom_ignored_suffix_bytes = 0;
  uint32_t column_family = 0;
  // Never null.
  std::shared_ptr<const CompressionPolicy> policy;
  // The filesystem's allocation unit: pages save and release whole blocks of it.
  uint32_t file_system_block_size = 4096;
  // Whether the filesystem can reserve space and punch holes (FileSystemInfo::punch_hole).
  bool punch_holes = true;
  // This file's page statistics are added here by Finish. Not owned; may be null.
  PageCounters* counters = nullptr;
};

class TableBuilder {
 public:
  // file is not owned and must stay open until Finish or Abandon.
  TableBuilder(const TableBuilderOptions& options, WritableFile* file);
  ~TableBuilder();

  // REQUIRES: internal_key sorts after every key added before; Finish/Abandon not called.
  void Add(std::string_view internal_key, std::string_view value);
  // Writes the remaining blocks, filter, properties, index and footer.
  Status Finish();
  // Stops without finishing; the caller deletes the file.
  void Abandon();

  Status status() const { return status_; }
  uint64_t NumEntries() const { return num_entries_; }
  // Logical size of the file so far, page slots counted whole (exact after Finish).
  uint64_t FileSize() const { return offset_; }
  const PageStats& page_stats() const { return page_stats_; }

 private:
  void FlushDataBlock();
  // Writes payload as one packed block (compressing it when settings say so) at offset_.
  BlockHandle WriteBlock(std::string_view raw, BlockKind kind, const CompressionSettings& settings);
  BlockHandle WriteRawBlock(std::string_view stored, const BlockHeader& header);

  TableBuilderOptions options_;
  WritableFile* file_;
  Status status_;
  uint64_t offset_ = 0;
  uint64_t num_entries_ = 0;
  uint64_t num_deletions_ = 0;
  uint64_t num_data_blocks_ = 0;
  uint64_t raw_key_bytes_ = 0;
  uint64_t raw_value_bytes_ = 0;
  uint64_t data_bytes_ = 0;
  PageStats page_stats_;
  PageWriter page_writer_;
  bool closed_ = false;

  BlockBuilder data_block_;
  BlockBuilder index_block_;
  BloomFilterBuilder filter_;
  std::string last_user_key_;
  std::string last_key_;

  // Compression settings of the stretch of keys the current block belongs to.
  const CompressionSettings* block_settings_ = nullptr;
  std::string stretch_end_;
  bool stretch_unbounded_ = false;

  std::string compressed_scratch_;
};

}  // namespace strata
