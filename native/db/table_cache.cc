#include "db/table_cache.h"

#include "db/filename.h"

namespace strata {

namespace {
// One shard: opening a table is rare and the table count small, so contention is negligible and
// a single LRU keeps the max_open_files bound exact.
constexpr int kTableCacheShardBits = 0;
}  // namespace

TableCache::TableCache(std::string dir, Env* env, const TableOpenOptions& table_options,
                       int max_open_files, const FileOptions& file_options)
    : dir_(std::move(dir)),
      env_(env),
      table_options_(table_options),
      file_options_(file_options),
      cache_(static_cast<size_t>(max_open_files), kTableCacheShardBits) {}

Status TableCache::FindTable(uint64_t file_number, uint64_t file_size, ReadTier tier,
                             std::shared_ptr<const Table>* table) {
  CacheKey key{file_number, 0};
  *table = cache_.Lookup(key);
  if (*table) return Status::OK();
  if (tier == ReadTier::kCacheOnly) return Status::Incomplete();
  std::string name = TableFileName(dir_, file_number);
  std::unique_ptr<RandomAccessFile> file;
  Status s = env_->NewRandomAccessFile(name, file_options_, &file);
  if (!s.ok()) return s;
  std::unique_ptr<Table> opened;
  s = Table::Open(table_options_, name, std::move(file), file_number, file_size, &opened);
  if (!s.ok()) return s;
  std::shared_ptr<const Table> shared(std::move(opened));
  cache_.Insert(key, shared, 1);
  *table = std::move(shared);
  return Status::OK();
}

void TableCache::Evict(uint64_t file_number) { cache_.Erase(CacheKey{file_number, 0}); }

}  // namespace strata
