// DB: the engine's public interface. An LSM tree with column families that share one WAL and one
// sequence space, a background flush thread and compaction threads.
//
// Thread safety: every method may be called from any thread concurrently, except Close.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "strata/iterator.h"
#include "strata/options.h"
#include "strata/status.h"
#include "strata/write_batch.h"

namespace strata {

struct LevelStats {
  int files = 0;
  uint64_t bytes = 0;            // logical (file sizes)
  uint64_t allocated_bytes = 0;  // what the filesystem allocated when the files were written
};

// One live SST, for stats.
struct TableFileStats {
  uint64_t number = 0;
  uint32_t column_family = 0;
  int level = 0;
  uint64_t logical_bytes = 0;
  uint64_t allocated_bytes = 0;
};

// The SST bytes that hold a key range (GetRangeSize).
struct RangeSize {
  uint64_t logical_bytes = 0;
  uint64_t allocated_bytes = 0;
  int files = 0;  // SSTs overlapping the range
};

struct DbStats {
  uint64_t memtable_bytes = 0;
  int immutable_memtables = 0;
  std::vector<LevelStats> levels;  // summed over column families
  uint64_t bytes_written = 0;      // WAL + flush + compaction
  uint64_t bytes_read = 0;         // compaction reads + user reads from disk
  uint64_t wal_bytes_written = 0;
  uint64_t flush_bytes_written = 0;
  uint64_t compaction_bytes_read = 0;
  uint64_t compaction_bytes_written = 0;
  uint64_t user_bytes_written = 0;  // keys and values in acknowledged batches
  uint64_t block_cache_hits = 0;
  uint64_t block_cache_misses = 0;
  uint64_t block_cache_usage = 0;
  uint64_t stall_micros = 0;
  uint64_t memstore_limit_bytes = 0;
  uint64_t throttle_trigger_bytes = 0;
  double throttle_decay = 0;
  uint64_t throttle_acquisitions = 0;
  uint64_t memstore_limit_stalls = 0;
  uint64_t flushes = 0;
  uint64_t compactions = 0;
  uint64_t wal_syncs = 0;
  uint64_t wal_group_commits = 0;
  uint64_t sequence = 0;
  // Page compression since open (MariaDB's innodb_num_pages_page_compressed and friends).
  uint64_t pages_compressed = 0;
  uint64_t pages_plain = 0;
  uint64_t page_bytes_saved = 0;
  uint64_t punch_hole_calls = 0;
  // Live SSTs: logical size and allocated bytes, in total and per file.
  uint64_t table_logical_bytes = 0;
  uint64_t table_allocated_bytes = 0;
  std::vector<TableFileStats> tables;
  // The I/O path in use, after any fallback.
  std::string io_backend;  // "uring", "threads" or "mem"
  bool direct_io = false;
  bool atomic_writes = false;   // the WAL rewrites its tail block with untorn writes
  uint32_t wal_sync_unit = 0;   // without them: the block the WAL pads to after each sync
  std::string fallback_reason;  // why something asked for is not in use
};

// What Checkpoint made.
struct CheckpointInfo {
  uint64_t sequence = 0;  // the copy holds every write up to this sequence
  uint64_t manifest_number = 0;
  int table_files = 0;
  int linked_files = 0;      // hard links; the rest were copied (another filesystem)
  uint64_t table_bytes = 0;  // logical bytes of the tables
};

class DB {
 public:
  // Opens (creating when allowed) the database at path. With options.in_memory, path only names
  // the database inside its MemEnv.
  static Status Open(const Options& options, const std::string& path, std::unique_ptr<DB>* db);

  DB() = default;
  DB(const DB&) = delete;
  DB& operator=(const DB&) = delete;
  virtual ~DB() = default;

  // Column family id by name; InvalidArgument when unknown.
  virtual Status ColumnFamilyId(std::string_view name, uint32_t* id) const = 0;

  // Queues the batch for the WAL thread and returns at once; done runs on the WAL thread after
  // the batch is in the WAL (synced when asked) and visible to reads.
  virtual void WriteAsync(const WriteOptions& options, WriteBatch batch,
                          std::function<void(const Status&)> done) = 0;
  // Blocks until the batch is applied.
  virtual Status Write(const WriteOptions& options, WriteBatch batch) = 0;

  // NotFound when absent; Incomplete when options.read_tier is kCacheOnly and disk is needed.
  virtual Status Get(const ReadOptions& options, uint32_t column_family, std::string_view key,
                     std::string* value) = 0;

  // A user iterator over one column family at options.snapshot (or now). The returned iterator
  // pins what it reads; delete it before closing the DB. read_tier may be changed between
  // operations through SetIteratorReadTier.
  virtual Iterator* NewIterator(const ReadOptions& options, uint32_t column_family) = 0;
  virtual void SetIteratorReadTier(Iterator* iterator, ReadTier tier) = 0;
  // A user iterator over the keys that start with prefix only, built from the memtables and the
  // files whose key range and prefix filter (Options::prefix_bloom) allow such keys: much cheaper
  // than NewIterator for a seek within one prefix. REQUIRES: every key that starts with prefix is
  // prefix plus the column family's ignored suffix (e.g. an MVCC key E ‖ ts for prefix E).
  virtual Iterator* NewPrefixIterator(const ReadOptions& options, uint32_t column_family,
                                      std::string_view prefix) = 0;
  // Re-targets an iterator from NewIterator at snapshot (kReadLatest: the latest data)
  // with a new upper bound (empty: none), reusing its memtable and table iterators when no
  // memtable switch, flush or compaction happened since. Position it again afterwards.
  // Much cheaper than a new iterator for short seeks (MVCC point reads).
  virtual void RefreshIterator(Iterator* iterator, uint64_t snapshot,
                               std::string_view upper_bound) = 0;
  // Whether an iterator from NewIterator still reads the current memtables and files. One that
  // does not keeps the files it pins on disk (after a compaction) until it is refreshed or
  // deleted: owners that cache iterators across calls delete stale ones when idle.
  virtual bool IteratorIsCurrent(const Iterator* iterator) = 0;

  // A sequence number to read at; pins versions at or below it from compaction until released.
  virtual uint64_t GetSnapshot() = 0;
  virtual void ReleaseSnapshot(uint64_t snapshot) = 0;

  // Freezes the memtables and waits until everything is in L0 SSTs.
  virtual Status Flush() = 0;
  // Compacts keys in [begin, end] (nullptr: unbounded) of a column family level by level, the
  // deepest level holding them rewritten in place, so that every key there goes through the
  // compaction filter and is written with the compression policy in force.
  virtual Status CompactRange(uint32_t column_family, const std::string* begin,
                              const std::string* end) = 0;

  // Replaces the per-key-range compression policy for blocks written from now on.
  virtual Status SetCompressionPolicy(std::shared_ptr<const CompressionPolicy> policy) = 0;
  // MVCC GC safepoint for the built-in compaction filter (docs/format/mvcc.md).
  virtual void SetGcSafepoint(uint64_t timestamp) = 0;

  // Memstore limit and write throttling (docs/throttling.md). Writes never push the memory held
  // by memtables past limit_bytes (they wait for a flush); above the trigger, callers that want
  // to be throttled take a sequence with ThrottleAcquire and wait ThrottleWaitMicros slices.
  virtual void SetMemstoreThrottle(uint64_t limit_bytes, int trigger_percentage,
                                   uint64_t max_duration_us) = 0;
  // 0: go on; else the sequence to wait for.
  virtual uint64_t ThrottleAcquire(uint64_t bytes) = 0;
  // Microseconds still to wait for seq; 0 when released.
  virtual uint64_t ThrottleWaitMicros(uint64_t seq) = 0;
  // Memory held by the active and frozen memtables of every column family.
  virtual uint64_t MemstoreBytes() = 0;

  virtual DbStats GetStats() = 0;

  // The SST bytes holding user keys in [start, end) (end empty: no upper bound) across every
  // column family; memtables are not counted. A file wholly inside the range counts whole
  // (its logical size and the allocated bytes measured when it was written); a file that
  // straddles an edge counts the span of its data blocks that may hold keys in the range, and
  // the bytes of that span the filesystem has allocated now (SEEK_DATA/SEEK_HOLE).
  virtual Status GetRangeSize(std::string_view start, std::string_view end, RangeSize* size) = 0;

  // Writes a consistent copy of the database into dest_dir, which must not exist (its parent
  // must), while the database stays open for reads and writes: freezes and flushes the memtables,
  // pins the version that holds their SSTs, hard-links those SSTs (copying them, holes kept, when
  // dest_dir is on another filesystem) and writes a MANIFEST and CURRENT describing exactly that
  // version. The copy is built under dest_dir + ".tmp" and renamed into place, so dest_dir either
  // does not exist or is complete. Opened as a database, it holds every write acknowledged
  // before the call. NotSupported for an in-memory database.
  virtual Status Checkpoint(const std::string& dest_dir, CheckpointInfo* info) = 0;

  // Waits for queued writes and background work, then closes files. Idempotent.
  virtual Status Close() = 0;
};

}  // namespace strata
