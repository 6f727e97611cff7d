// Table: an open SST, immutable. Holds the index and filter blocks in memory; data blocks come
// from the block cache or the file.
//
// Thread safety: all methods may be called from many threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "db/dbformat.h"
#include "strata/env.h"
#include "strata/iterator.h"
#include "strata/options.h"
#include "table/block.h"
#include "table/format.h"
#include "util/lru_cache.h"

namespace strata {

using BlockCache = LruCache<Block>;

// Counters shared by every table of a DB.
struct TableStats {
  std::atomic<uint64_t> bytes_read{0};
  std::atomic<uint64_t> blocks_read{0};
};

struct TableOpenOptions {
  BlockCache* block_cache = nullptr;  // may be null
  TableStats* stats = nullptr;        // may be null
  bool verify_checksums = true;
};

// How one read may touch the file. Shared by the sub-iterators of a user iterator so that the
// tier can change between operations.
struct TableReadContext {
  std::atomic<ReadTier> tier{ReadTier::kAll};
  bool fill_cache = true;
  // Iterators only: read this many bytes at a time and serve the blocks that follow from them
  // (compactions, which read every block in order; with O_DIRECT there is no kernel readahead).
  // 0: one read per block.
  size_t readahead_bytes = 0;
};

// The bytes last read ahead by one iterator, and where they came from. One iterator at a time.
struct ReadaheadBuffer {
  std::string bytes;
  uint64_t offset = 0;
};

class Table {
 public:
  // Reads the footer, index, filter and properties of the file (file_size bytes long).
  static Status Open(const TableOpenOptions& options, std::string file_name,
                     std::unique_ptr<RandomAccessFile> file, uint64_t file_number,
                     uint64_t file_size, std::unique_ptr<Table>* table);

  // An iterator over internal keys. context must outlive the iterator.
  Iterator* NewIterator(const TableReadContext* context) const;

  // Finds the first entry at or after internal_key, if the filter allows user_key to be here,
  // and calls found(key, value) with it. OK when nothing is there.
  template <typename Found>
  Status Get(const TableReadContext& context, std::string_view internal_key,
             std::string_view user_key, Found&& found) const;

  const std::map<std::string, uint64_t>& properties() const { return properties_; }
  uint64_t Property(const char* name) const;
  uint64_t file_number() const { return file_number_; }
  const std::string& file_name() const { return file_name_; }
  // Memory held by the open table (index and filter), for the table cache's charge.
  size_t MemoryUsage() const;

  bool KeyMayMatch(std::string_view user_key) const;
  // Whether a key that starts with prefix may be here, for prefixes that are whole filter keys:
  // every key starting with prefix is prefix plus the file's ignored suffix
  // (props::kBloomIgnoredSuffix). Files filtering whole keys answer true.
  bool PrefixMayMatch(std::string_view prefix) const;
  // Reads (or finds in the cache) the data block an index entry points to, through readahead
  // when given.
  Status ReadDataBlock(const TableReadContext& context, const IndexValue& value,
                       std::shared_ptr<const Block>* block,
                       ReadaheadBuffer* readahead = nullptr) const;
  Iterator* NewIndexIterator() const;
  // Decodes an index entry's value as this file's format version writes them.
  Status DecodeIndexValue(std::string_view encoded, IndexValue* value) const;

  // The file range [*begin, *end) spanned by the data blocks that may hold user keys in
  // [start, end) (end empty: no upper bound), page slots counted whole; begin == end when no
  // block can. Block granularity: the blocks holding the range's edges count whole.
  Status DataSpan(std::string_view start, std::string_view end, uint64_t* span_begin,
                  uint64_t* span_end) const;

 private:
  Table() = default;
  Status ReadBlock(const IndexValue& value, BlockContents* contents,
                   ReadaheadBuffer* readahead = nullptr, size_t readahead_bytes = 0) const;
  // The block's bytes: from the readahead buffer (refilled when the block is not in it), or read
  // into *buffer.
  Status ReadBlockBytes(const BlockHandle& handle, ReadaheadBuffer* readahead,
                        size_t readahead_bytes, std::string* buffer, std::string_view* block) const;
  Status CorruptionAt(uint64_t offset, const Status& s) const;
  // As CorruptionAt, naming the page when the block is one.
  Status CorruptionIn(const IndexValue& value, const Status& s) const;

  TableOpenOptions options_;
  std::string file_name_;
  std::unique_ptr<RandomAccessFile> file_;
  uint64_t file_number_ = 0;
  uint64_t file_size_ = 0;
  TableFormatVersion version_ = TableFormatVersion::kLatest;
  uint64_t data_end_ = 0;  // where the blocks after the data blocks begin
  std::shared_ptr<const Block> index_;
  std::string filter_;
  uint64_t bloom_ignored_suffix_ = 0;
  std::map<std::string, uint64_t> properties_;
};

template <typename Found>
Status Table::Get(const TableReadContext& context, std::string_view internal_key,
                  std::string_view user_key, Found&& found) const {
  if (!KeyMayMatch(user_key)) return Status::OK();
  std::unique_ptr<Iterator> index(NewIndexIterator());
  index->Seek(internal_key);
  if (!index->Valid()) return index->status();
  IndexValue value;
  Status s = DecodeIndexValue(index->value(), &value);
  if (!s.ok()) return s;
  std::shared_ptr<const Block> block;
  s = ReadDataBlock(context, value, &block);
  if (!s.ok()) return s;
  std::unique_ptr<Iterator> it(Block::NewIterator(std::move(block), GetInternalKeyComparator()));
  it->Seek(internal_key);
  if (it->Valid()) found(it->key(), it->value());
  if (!it->status().ok()) return CorruptionIn(value, it->status());
  return Status::OK();
}

}  // namespace strata
