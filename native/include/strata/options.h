// Options that shape a database, and per-call read and write options.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "strata/compression.h"

namespace strata {

class Env;
class CompactionFilter;

// kThreads: every engine thread does its own pread/pwrite. kUring: the same files through
// io_uring (docs/format/wal.md), falling back to kThreads where io_uring cannot be set up.
enum class IoBackend { kThreads, kUring };
// Untorn writes (RWF_ATOMIC) for the WAL's partly written last block (docs/format/wal.md, "Torn
// writes"). kOn: required (open fails with NotSupported without them; the WAL then uses O_DIRECT
// even when direct_io is off). kDefault: used when the filesystem offers them and direct_io is
// on. kOff: never; the WAL pads each synced group to a filesystem block instead.
enum class AtomicWritesMode { kOff, kOn, kDefault };

struct Options {
  // Where files go. Not owned. nullptr: PosixEnv() (or a MemEnv when in_memory).
  Env* env = nullptr;
  bool in_memory = false;
  bool create_if_missing = true;
  bool error_if_exists = false;
  // Column families to open, created when missing. "default" (id 0) always exists.
  std::vector<std::string> column_families = {"default", "lock", "write"};

  // The memtables of all column families are frozen together once they hold this many bytes.
  size_t write_buffer_size = 64 << 20;
  // Frozen memtable sets allowed before writers stall until a flush finishes.
  int max_immutable_memtables = 4;

  size_t block_cache_bytes = 256 << 20;
  int block_cache_shards_bits = 4;
  // Target size of a data block before compression. Blocks of page-compressed ranges are cut to
  // fit their page instead (docs/format/page.md).
  size_t block_size = 16 << 10;
  int block_restart_interval = 16;
  int bloom_bits_per_key = 10;
  // Column families whose bloom filters cover each key minus its last N bytes, so that seeks
  // within such a prefix skip files: the transaction layer's `write` CF, whose keys end with an
  // 8-byte timestamp (docs/format/keys.md).
  std::vector<std::pair<std::string, uint32_t>> prefix_bloom = {{"write", 8}};
  int max_open_files = 2000;

  int level0_compaction_trigger = 4;
  int level0_slowdown_trigger = 12;
  int level0_stop_trigger = 20;
  uint64_t max_bytes_for_level_base = 256ull << 20;
  int level_size_multiplier = 10;
  uint64_t target_file_size = 64ull << 20;
  int compaction_threads = 2;
  // Pause before each flush. For tests and drills of back-pressure (a slow disk); 0 in service.
  uint32_t flush_delay_ms = 0;

  // Compression for keys outside every policy range.
  CompressionSettings compression;

  IoBackend io_backend = IoBackend::kUring;
  // O_DIRECT for SST and WAL I/O where the filesystem reports an alignment for it (statx
  // STATX_DIOALIGN); buffered otherwise, with the reason in DbStats::fallback_reason.
  bool direct_io = false;
  AtomicWritesMode atomic_writes = AtomicWritesMode::kDefault;

  bool verify_checksums = true;

  // Consulted by every compaction. Not owned; must outlive the DB. nullptr: none.
  std::shared_ptr<CompactionFilter> compaction_filter;
};

enum class ReadTier {
  kAll,        // read from disk when needed
  kCacheOnly,  // memtables, open tables and the block cache only; Incomplete otherwise
};

// ReadOptions::snapshot for "the latest": every sequence number, 0 included, names a snapshot (a
// snapshot of an empty database is at sequence 0 and must see nothing written after it).
constexpr uint64_t kReadLatest = ~uint64_t{0};

struct ReadOptions {
  // Read as of this sequence number, or the latest.
  uint64_t snapshot = kReadLatest;
  bool fill_cache = true;
  ReadTier read_tier = ReadTier::kAll;
  // Iterators only: never return keys below / at-or-above these bounds (empty: unbounded).
  std::string lower_bound;
  std::string upper_bound;
};

struct WriteOptions {
  // fdatasync the WAL before acknowledging.
  bool sync = false;
  // Skip the WAL (data survives only a clean close that flushes).
  bool disable_wal = false;
  // Never wait for flushes or compactions to catch up (the engine's own maintenance writes, which
  // those background jobs may themselves be waiting on).
  bool ignore_stalls = false;
};

}  // namespace strata
