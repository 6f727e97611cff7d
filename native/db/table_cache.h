// TableCache: open SSTs by file number, bounded by max_open_files, so that reads do not reopen
// files and re-read their index and filter blocks.
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "strata/env.h"
#include "strata/options.h"
#include "table/table.h"
#include "util/lru_cache.h"

namespace strata {

class TableCache {
 public:
  TableCache(std::string dir, Env* env, const TableOpenOptions& table_options, int max_open_files,
             const FileOptions& file_options);

  // The open table for a file; opens it unless tier is kCacheOnly (then Incomplete).
  Status FindTable(uint64_t file_number, uint64_t file_size, ReadTier tier,
                   std::shared_ptr<const Table>* table);

  // Drops a file's open table (before the file is deleted). Its cached blocks age out: file
  // numbers are never reused.
  void Evict(uint64_t file_number);

 private:
  std::string dir_;
  Env* env_;
  TableOpenOptions table_options_;
  FileOptions file_options_;
  LruCache<Table> cache_;
};

}  // namespace strata
