// DBImpl: the engine. One WAL thread applies writes (group commit), one flush thread turns frozen
// memtables into L0 SSTs, and compaction threads merge levels. Readers never take a lock for
// longer than it takes to copy the current SuperVersion.
//
// Locks, always taken in this order when nested: write_mutex_ (queue of pending writes),
// mutex_ (memtable list, SuperVersion, snapshots, compaction state, background errors), and the
// VersionSet's own mutex (inside LogAndApply).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "db/compaction.h"
#include "db/memstore_throttle.h"
#include "db/memtable.h"
#include "db/table_cache.h"
#include "db/version_set.h"
#include "io/io_modes.h"
#include "strata/compaction_filter.h"
#include "strata/db.h"
#include "strata/env.h"
#include "table/table.h"
#include "table/table_builder.h"
#include "wal/log_writer.h"

namespace strata {

// The memtables of every column family, frozen and flushed together, and the WAL that holds
// their writes.
struct MemTableSet {
  std::vector<std::shared_ptr<MemTable>> column_families;
  uint64_t wal_number = 0;

  size_t MemoryUsage() const;
  bool Empty() const;
};

// What a reader needs, captured together: the active memtables, the frozen ones (newest first)
// and the current Version. Immutable; replaced as a whole.
struct SuperVersion {
  std::shared_ptr<MemTableSet> mem;
  std::vector<std::shared_ptr<MemTableSet>> imm;
  std::shared_ptr<const Version> version;
};

class DBImpl final : public DB {
 public:
  DBImpl(const Options& options, std::string dir);
  ~DBImpl() override;

  Status Open();

  Status ColumnFamilyId(std::string_view name, uint32_t* id) const override;
  void WriteAsync(const WriteOptions& options, WriteBatch batch,
                  std::function<void(const Status&)> done) override;
  Status Write(const WriteOptions& options, WriteBatch batch) override;
  Status Get(const ReadOptions& options, uint32_t column_family, std::string_view key,
             std::string* value) override;
  Iterator* NewIterator(const ReadOptions& options, uint32_t column_family) override;
  void SetIteratorReadTier(Iterator* iterator, ReadTier tier) override;
  Iterator* NewPrefixIterator(const ReadOptions& options, uint32_t column_family,
                              std::string_view prefix) override;
  bool IteratorIsCurrent(const Iterator* iterator) override;
  void RefreshIterator(Iterator* iterator, uint64_t snapshot,
                       std::string_view upper_bound) override;
  uint64_t GetSnapshot() override;
  void ReleaseSnapshot(uint64_t snapshot) override;
  Status Flush() override;
  Status CompactRange(uint32_t column_family, const std::string* begin,
                      const std::string* end) override;
  Status SetCompressionPolicy(std::shared_ptr<const CompressionPolicy> policy) override;
  void SetGcSafepoint(uint64_t timestamp) override;
  void SetMemstoreThrottle(uint64_t limit_bytes, int trigger_percentage,
                           uint64_t max_duration_us) override;
  uint64_t ThrottleAcquire(uint64_t bytes) override;
  uint64_t ThrottleWaitMicros(uint64_t seq) override;
  uint64_t MemstoreBytes() override;
  DbStats GetStats() override;
  Status GetRangeSize(std::string_view start, std::string_view end, RangeSize* size) override;
  Status Checkpoint(const std::string& dest_dir, CheckpointInfo* info) override;
  Status Close() override;

 private:
  // One queued write. The writer at the front of the queue leads: it takes the writers behind it
  // as one group, writes them to the WAL and the memtables, and completes them. A synchronous
  // caller leads on its own thread; asynchronous writers (from JS) are led by the WAL thread.
  struct Writer {
    WriteBatch batch;
    WriteOptions options;
    // A request to freeze the memtables (Flush) rather than a write.
    bool switch_memtable = false;
    // Asynchronous writers complete through done (on the leader's thread) and are deleted after.
    std::function<void(const Status&)> done;
    // Synchronous writers wait on cv for finished.
    bool finished = false;
    Status status;
    std::condition_variable cv;

    bool async() const { return static_cast<bool>(done); }
  };

  // Open and recovery (db_impl.cc).
  Status CheckDataDir(bool* exists);
  Status RecoverWalFiles(const std::vector<uint64_t>& wal_numbers, VersionEdit* edit);
  Status ReplayWal(uint64_t number, bool last, uint64_t* max_sequence, VersionEdit* edit,
                   std::shared_ptr<MemTableSet>* mem);
  Status NewWal(uint64_t number);
  std::shared_ptr<MemTableSet> NewMemTableSet(uint64_t wal_number) const;
  // Removes files no version, pending output or log needs. Files still held by an older version
  // (a reader that has not refreshed yet) are retried by the compaction threads every
  // kObsoleteRetryMs until they go.
  void DeleteObsoleteFiles();
  // A file number for a table being written, protected from DeleteObsoleteFiles until the caller
  // erases it from pending_outputs_.
  uint64_t NewPendingOutput();
  uint64_t SmallestSnapshot();
  // The sequence number a read at snapshot (or kReadLatest) sees.
  uint64_t ReadSequence(uint64_t snapshot) const;

  // Writes (db_write.cc).
  void WriteThreadMain();
  Status ValidateBatch(const WriteBatch& batch) const;
  // Enqueues w; false (with w untouched) once the database is closing.
  bool Enqueue(Writer* w);
  // REQUIRES: write_mutex_ held via lock, and leader at the front of the queue.
  void LeadGroup(std::unique_lock<std::mutex>& lock);
  Status ApplyGroup(std::vector<Writer*>& group);
  // incoming_bytes: what the group will add to the memtables (for the memstore limit).
  Status MakeRoomForWrite(bool force_switch, uint64_t incoming_bytes);
  Status SwitchMemTable();

  // Reads (db_read.cc).
  std::shared_ptr<const SuperVersion> GetSuperVersion() const;
  void InstallSuperVersion();  // REQUIRES: mutex_ held
  Status GetFromVersion(const Version& version, const ReadOptions& options, uint32_t cf,
                        const LookupKey& key, std::string* value, bool* found);
  Iterator* NewLevelIterator(std::vector<FilePtr> files, const TableReadContext* context);
  Iterator* NewDBIterator(const SuperVersion& sv, uint32_t column_family,
                          const TableReadContext* context, uint64_t sequence,
                          const std::string& lower_bound, std::string upper_bound);

  // Flushes (db_flush.cc).
  void FlushThreadMain();
  Status WriteLevel0Table(MemTable* mem, uint32_t cf, FileMetaData* meta);
  Status BuildTable(Iterator* input, uint32_t cf, FileMetaData* meta);

  // Compactions (db_compaction.cc).
  void CompactionThreadMain();
  Status RunCompaction(Compaction* c);
  Status InstallCompaction(Compaction* c, const std::vector<FileMetaData>& outputs,
                           CompactionFilter::Context* filter);
  void MaybeScheduleCompaction();              // REQUIRES: mutex_ held
  void ReleaseCompactionFiles(Compaction* c);  // REQUIRES: mutex_ held

  std::shared_ptr<const CompressionPolicy> compression_policy() const;
  // How flushes and compactions write an SST of a column family: the current policy, the
  // filesystem's block size and hole punching, and the engine's page counters.
  TableBuilderOptions NewTableBuilderOptions(uint32_t column_family);
  // Options::prefix_bloom's setting for a column family (0: whole-key filters).
  uint32_t BloomIgnoredSuffix(uint32_t column_family) const;

  Options options_;
  std::string dir_;
  std::unique_ptr<Env> owned_env_;
  Env* env_;
  FileOptions file_options_;  // SSTs (io_modes_.tables)
  FileSystemInfo fs_info_;
  IoModes io_modes_;
  std::unique_ptr<FileLock> lock_;
  std::unique_ptr<BlockCache> block_cache_;
  TableStats table_stats_;
  std::unique_ptr<TableCache> table_cache_;
  std::unique_ptr<VersionSet> versions_;
  std::shared_ptr<CompactionFilter> compaction_filter_;

  // Write queue. write_cv_ wakes the WAL thread when an asynchronous writer reaches the front.
  std::mutex write_mutex_;
  std::condition_variable write_cv_;
  std::deque<Writer*> write_queue_;
  bool write_thread_stop_ = false;

  // Owned by the WAL thread once open.
  std::unique_ptr<WritableFile> wal_file_;
  std::unique_ptr<log::Writer> wal_;
  std::atomic<uint64_t> wal_number_{0};

  mutable std::mutex mutex_;
  std::condition_variable bg_cv_;
  std::atomic<bool> obsolete_deferred_{false};
  bool recovered_ = false;  // Open finished recovery and started the background threads
  static constexpr int kObsoleteRetryMs = 1000;
  std::shared_ptr<MemTableSet> mem_;
  std::deque<std::shared_ptr<MemTableSet>> imm_;  // newest first
  std::shared_ptr<const SuperVersion> super_version_;
  // Bumped whenever super_version_ changes, so iterators can tell without taking mutex_.
  std::atomic<uint64_t> super_version_number_{0};
  std::multiset<uint64_t> snapshots_;
  std::set<uint64_t> pending_outputs_;
  // A failure that stops all writes until reopening (the WAL could not be repaired).
  Status bg_error_;
  // The last flush failure (cleared when a flush succeeds); writes that must wait for a flush
  // fail with it instead of waiting.
  Status flush_error_;
  bool shutting_down_ = false;
  bool closed_ = false;
  bool flush_running_ = false;
  int compactions_running_ = 0;
  int manual_compactions_ = 0;
  CompactionPicker picker_;

  std::shared_ptr<const CompressionPolicy> policy_;  // guarded by mutex_

  std::thread write_thread_;
  std::thread flush_thread_;
  std::vector<std::thread> compaction_threads_;

  // Statistics.
  std::atomic<uint64_t> stat_wal_bytes_{0};
  std::atomic<uint64_t> stat_flush_bytes_{0};
  std::atomic<uint64_t> stat_compaction_read_{0};
  std::atomic<uint64_t> stat_compaction_written_{0};
  std::atomic<uint64_t> stat_user_bytes_{0};
  std::atomic<uint64_t> stat_stall_micros_{0};
  std::atomic<uint64_t> stat_flushes_{0};
  std::atomic<uint64_t> stat_compactions_{0};
  std::atomic<uint64_t> stat_wal_syncs_{0};
  std::atomic<uint64_t> stat_group_commits_{0};
  std::atomic<uint64_t> gc_safepoint_{0};
  MemstoreThrottle throttle_;
  std::atomic<uint64_t> memstore_limit_{0};
  std::atomic<uint64_t> stat_memstore_limit_stalls_{0};
  PageCounters page_counters_;
};

}  // namespace strata
