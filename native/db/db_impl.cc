// DBImpl: opening (data dir checks, MANIFEST and WAL recovery), closing, snapshots, settings and
// stats. Writes, reads, flushes and compactions live in db_write.cc, db_read.cc, db_flush.cc and
// db_compaction.cc.

#include "db/db_impl.h"

#include <algorithm>

#include "db/dbformat.h"
#include "db/filename.h"
#include "db/mvcc_gc_filter.h"
#include "wal/log_reader.h"

namespace strata {

namespace {
constexpr const char* kInMemoryDir = "/strata-mem";
}  // namespace

size_t MemTableSet::MemoryUsage() const {
  size_t total = 0;
  for (const auto& m : column_families) total += m->ApproximateMemoryUsage();
  return total;
}

bool MemTableSet::Empty() const {
  return std::all_of(column_families.begin(), column_families.end(),
                     [](const std::shared_ptr<MemTable>& m) { return m->empty(); });
}

Status DB::Open(const Options& options, const std::string& path, std::unique_ptr<DB>* db) {
  auto impl = std::make_unique<DBImpl>(options, path);
  Status s = impl->Open();
  if (!s.ok()) return s;
  *db = std::move(impl);
  return Status::OK();
}

DBImpl::DBImpl(const Options& options, std::string dir)
    : options_(options), dir_(std::move(dir)), picker_(&options_) {
  if (options_.in_memory) {
    owned_env_ = NewMemEnv();
    env_ = owned_env_.get();
    if (dir_.empty()) dir_ = kInMemoryDir;
  } else {
    env_ = options_.env ? options_.env
                        : EnvForBackend(options_.io_backend, &io_modes_.fallback_reason);
  }
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
  compaction_filter_ = options_.compaction_filter;
  policy_ = std::make_shared<const CompressionPolicy>(options_.compression,
                                                      std::vector<CompressionRange>());
}

DBImpl::~DBImpl() { Close(); }

std::shared_ptr<MemTableSet> DBImpl::NewMemTableSet(uint64_t wal_number) const {
  auto set = std::make_shared<MemTableSet>();
  set->wal_number = wal_number;
  // One filter bit per 8 bytes of write buffer: 8 bits per key for entries of 64 bytes or more.
  size_t bloom_bits = options_.write_buffer_size / 8;
  for (uint32_t cf = 0; cf < versions_->NumColumnFamilies(); cf++) {
    set->column_families.push_back(std::make_shared<MemTable>(bloom_bits, BloomIgnoredSuffix(cf)));
  }
  return set;
}

Status DBImpl::CheckDataDir(bool* exists) {
  *exists = env_->FileExists(CurrentFileName(dir_));
  if (*exists) {
    if (options_.error_if_exists) {
      return Status::InvalidArgument(dir_, "a database already exists here");
    }
    return Status::OK();
  }
  std::vector<std::string> children;
  Status s = env_->GetChildren(dir_, &children);
  if (s.IsNotFound() || (s.ok() && !env_->FileExists(dir_) && children.empty())) {
    if (!options_.create_if_missing) {
      return Status::InvalidArgument(dir_, "no database here and create_if_missing is off");
    }
    return env_->CreateDir(dir_);
  }
  if (!s.ok()) return s;
  for (const auto& name : children) {
    if (name == "LOCK") continue;
    if (name.rfind('.', 0) == 0) continue;  // hidden files (e.g. a lost+found or probe)
    return Status::InvalidArgument(dir_,
                                   "is not a StrataDB data dir (it has files but no CURRENT file)");
  }
  if (!options_.create_if_missing) {
    return Status::InvalidArgument(dir_, "no database here and create_if_missing is off");
  }
  return Status::OK();
}

Status DBImpl::Open() {
  if (options_.write_buffer_size < (64 << 10)) {
    return Status::InvalidArgument("write buffer size must be at least 64 KiB");
  }
  if (options_.block_size < 1024 || options_.block_size > (4 << 20)) {
    return Status::InvalidArgument("block size must be from 1 KiB to 4 MiB");
  }
  bool exists = false;
  Status s = CheckDataDir(&exists);
  if (!s.ok()) return s;
  // Nothing is written before the lock is held and the existing state has been read.
  s = env_->LockFile(LockFileName(dir_), &lock_);
  if (!s.ok()) return s;
  versions_ = std::make_unique<VersionSet>(dir_, env_, &options_);
  VersionEdit edit;
  if (exists) {
    s = versions_->Recover();
    if (!s.ok()) return s;
    versions_->AddMissingColumnFamilies(&edit);
  } else {
    s = versions_->CreateNew();
    if (!s.ok()) return s;
  }

  std::string policy_problem = policy_->Validate();
  if (!policy_problem.empty()) return Status::InvalidArgument(policy_problem);
  env_->GetFileSystemInfo(dir_, &fs_info_);
  s = ChooseIoModes(options_, fs_info_, dir_, &io_modes_);
  if (!s.ok()) return s;
  file_options_ = io_modes_.tables;
  block_cache_ =
      std::make_unique<BlockCache>(options_.block_cache_bytes, options_.block_cache_shards_bits);
  TableOpenOptions table_options;
  table_options.block_cache = block_cache_.get();
  table_options.stats = &table_stats_;
  table_options.verify_checksums = options_.verify_checksums;
  table_cache_ = std::make_unique<TableCache>(dir_, env_, table_options, options_.max_open_files,
                                              file_options_);

  // WAL files at or after the MANIFEST's log number hold writes not yet in SSTs.
  std::vector<std::string> children;
  s = env_->GetChildren(dir_, &children);
  if (!s.ok()) return s;
  std::vector<uint64_t> wal_numbers;
  for (const auto& name : children) {
    uint64_t number;
    FileType type;
    if (ParseFileName(name, &number, &type)) {
      versions_->MarkFileNumberUsed(number);
      if (type == FileType::kWal && number >= versions_->LogNumber()) wal_numbers.push_back(number);
    }
  }
  std::sort(wal_numbers.begin(), wal_numbers.end());
  s = RecoverWalFiles(wal_numbers, &edit);
  if (!s.ok()) return s;

  // From here on the data dir changes: a new WAL, the recovered L0 files, a fresh MANIFEST.
  uint64_t new_wal = versions_->NewFileNumber();
  s = NewWal(new_wal);
  if (!s.ok()) return s;
  edit.SetLogNumber(new_wal);
  s = versions_->WriteSnapshotManifest();
  if (!s.ok()) return s;
  s = versions_->LogAndApply(&edit);
  if (!s.ok()) return s;

  if (!compaction_filter_) {
    // The transaction layer's MVCC garbage collector, idle until a safepoint is set.
    uint32_t write_cf, default_cf = 0;
    if (ColumnFamilyId("write", &write_cf).ok()) {
      compaction_filter_ = std::make_shared<MvccGcFilter>(&gc_safepoint_, write_cf, default_cf);
    }
  }
  {
    std::lock_guard lock(mutex_);
    mem_ = NewMemTableSet(new_wal);
    InstallSuperVersion();
  }
  DeleteObsoleteFiles();

  recovered_ = true;
  write_thread_ = std::thread([this] { WriteThreadMain(); });
  flush_thread_ = std::thread([this] { FlushThreadMain(); });
  for (int i = 0; i < std::max(1, options_.compaction_threads); i++) {
    compaction_threads_.emplace_back([this] { CompactionThreadMain(); });
  }
  {
    std::lock_guard lock(mutex_);
    MaybeScheduleCompaction();
  }
  return Status::OK();
}

Status DBImpl::NewWal(uint64_t number) {
  std::unique_ptr<WritableFile> file;
  Status s = env_->NewWritableFile(WalFileName(dir_, number), io_modes_.wal, &file);
  if (!s.ok()) return s;
  wal_file_ = std::move(file);
  wal_ = std::make_unique<log::Writer>(wal_file_.get(), 0, io_modes_.wal_sync_unit);
  wal_number_ = number;
  return Status::OK();
}

Status DBImpl::RecoverWalFiles(const std::vector<uint64_t>& wal_numbers, VersionEdit* edit) {
  uint64_t max_sequence = versions_->LastSequence();
  // Recovered writes go through memtables that are flushed to L0 as they fill (and at the end),
  // so recovery needs no more memory than normal operation.
  std::shared_ptr<MemTableSet> mem = NewMemTableSet(0);
  for (size_t i = 0; i < wal_numbers.size(); i++) {
    Status s = ReplayWal(wal_numbers[i], i + 1 == wal_numbers.size(), &max_sequence, edit, &mem);
    if (!s.ok()) return s;
  }
  for (uint32_t cf = 0; cf < mem->column_families.size(); cf++) {
    if (mem->column_families[cf]->empty()) continue;
    FileMetaData meta;
    Status s = WriteLevel0Table(mem->column_families[cf].get(), cf, &meta);
    if (!s.ok()) return s;
    edit->AddFile(cf, 0, meta);
  }
  versions_->SetLastSequence(max_sequence);
  return Status::OK();
}

namespace {

struct WalReporter final : public log::Reader::Reporter {
  std::string file;
  Status first_problem;
  void Corruption(uint64_t offset, size_t bytes, const Status& s) override {
    if (first_problem.ok()) {
      first_problem =
          Status::Corruption(file + " at offset " + std::to_string(offset), s.message());
    }
  }
};

class MemTableInserter final : public WriteBatch::Handler {
 public:
  MemTableInserter(uint64_t sequence, MemTableSet* mem) : sequence_(sequence), mem_(mem) {}

  Status Put(uint32_t cf, std::string_view key, std::string_view value) override {
    if (cf >= mem_->column_families.size()) return Status::Corruption("unknown column family");
    mem_->column_families[cf]->Add(sequence_++, ValueType::kValue, key, value);
    return Status::OK();
  }
  Status Delete(uint32_t cf, std::string_view key) override {
    if (cf >= mem_->column_families.size()) return Status::Corruption("unknown column family");
    mem_->column_families[cf]->Add(sequence_++, ValueType::kDeletion, key, {});
    return Status::OK();
  }

 private:
  uint64_t sequence_;
  MemTableSet* mem_;
};

}  // namespace

Status DBImpl::ReplayWal(uint64_t number, bool last, uint64_t* max_sequence, VersionEdit* edit,
                         std::shared_ptr<MemTableSet>* mem) {
  std::string path = WalFileName(dir_, number);
  std::unique_ptr<SequentialFile> file;
  Status s = env_->NewSequentialFile(path, &file);
  if (!s.ok()) return s;
  WalReporter reporter;
  reporter.file = path;
  log::Reader reader(file.get(), &reporter);
  std::string scratch;
  std::string_view record;
  while (reader.ReadRecord(&record, &scratch)) {
    if (record.size() < WriteBatch::kHeaderBytes) {
      return Status::Corruption(path + " at offset " + std::to_string(reader.LastRecordOffset()),
                                "WAL record too small for a batch");
    }
    WriteBatch batch{std::string(record)};
    MemTableInserter inserter(batch.Sequence(), mem->get());
    s = batch.Iterate(&inserter);
    if (!s.ok()) {
      return Status::Corruption(path + " at offset " + std::to_string(reader.LastRecordOffset()),
                                s.message());
    }
    uint64_t end = batch.Sequence() + batch.Count() - 1;
    if (batch.Count() > 0 && end > *max_sequence) *max_sequence = end;
    if ((*mem)->MemoryUsage() >= options_.write_buffer_size) {
      for (uint32_t cf = 0; cf < (*mem)->column_families.size(); cf++) {
        if ((*mem)->column_families[cf]->empty()) continue;
        FileMetaData meta;
        s = WriteLevel0Table((*mem)->column_families[cf].get(), cf, &meta);
        if (!s.ok()) return s;
        edit->AddFile(cf, 0, meta);
      }
      *mem = NewMemTableSet(0);
    }
  }
  if (!reporter.first_problem.ok()) {
    // Damage with valid records after it is corruption: those records were acknowledged.
    // Damage at the very end of the last WAL is a write torn by a crash: nothing after it was
    // acknowledged, so the tail is cut off.
    if (!last || reader.ValidRecordAfterProblem()) return reporter.first_problem;
  }
  if (last) {
    uint64_t size = 0;
    s = env_->GetFileSize(path, &size);
    if (s.ok() && size > reader.EndOfLastRecord()) {
      std::unique_ptr<WritableFile> tail;
      s = env_->NewAppendableFile(path, FileOptions(), &tail);
      if (s.ok()) s = tail->Truncate(reader.EndOfLastRecord());
      if (s.ok()) s = tail->Sync();
      if (!s.ok()) return s;
    }
  }
  return Status::OK();
}

Status DBImpl::ColumnFamilyId(std::string_view name, uint32_t* id) const {
  const auto& ids = versions_->column_families();
  auto it = ids.find(std::string(name));
  if (it == ids.end()) return Status::InvalidArgument("unknown column family", name);
  *id = it->second;
  return Status::OK();
}

uint64_t DBImpl::GetSnapshot() {
  std::lock_guard lock(mutex_);
  uint64_t seq = versions_->LastSequence();
  snapshots_.insert(seq);
  return seq;
}

void DBImpl::ReleaseSnapshot(uint64_t snapshot) {
  std::lock_guard lock(mutex_);
  auto it = snapshots_.find(snapshot);
  if (it != snapshots_.end()) snapshots_.erase(it);
}

uint64_t DBImpl::SmallestSnapshot() {
  // REQUIRES: mutex_ held.
  return snapshots_.empty() ? versions_->LastSequence() : *snapshots_.begin();
}

Status DBImpl::SetCompressionPolicy(std::shared_ptr<const CompressionPolicy> policy) {
  std::string problem = policy->Validate();
  if (!problem.empty()) return Status::InvalidArgument(problem);
  std::lock_guard lock(mutex_);
  policy_ = std::move(policy);
  return Status::OK();
}

std::shared_ptr<const CompressionPolicy> DBImpl::compression_policy() const {
  std::lock_guard lock(mutex_);
  return policy_;
}

uint32_t DBImpl::BloomIgnoredSuffix(uint32_t column_family) const {
  for (const auto& [name, bytes] : options_.prefix_bloom) {
    uint32_t id;
    if (ColumnFamilyId(name, &id).ok() && id == column_family) return bytes;
  }
  return 0;
}

TableBuilderOptions DBImpl::NewTableBuilderOptions(uint32_t column_family) {
  TableBuilderOptions builder_options;
  builder_options.block_size = options_.block_size;
  builder_options.block_restart_interval = options_.block_restart_interval;
  builder_options.bloom_bits_per_key = options_.bloom_bits_per_key;
  builder_options.bloom_ignored_suffix_bytes = BloomIgnoredSuffix(column_family);
  builder_options.column_family = column_family;
  builder_options.policy = compression_policy();
  builder_options.file_system_block_size = fs_info_.block_size;
  builder_options.punch_holes = fs_info_.punch_hole;
  builder_options.counters = &page_counters_;
  return builder_options;
}

void DBImpl::SetGcSafepoint(uint64_t timestamp) {
  gc_safepoint_.store(timestamp, std::memory_order_relaxed);
}

void DBImpl::SetMemstoreThrottle(uint64_t limit_bytes, int trigger_percentage,
                                 uint64_t max_duration_us) {
  ThrottleConfig config;
  config.limit_bytes = limit_bytes;
  config.trigger_percentage = trigger_percentage;
  config.max_duration_us = max_duration_us;
  throttle_.Configure(config);
  memstore_limit_.store(limit_bytes, std::memory_order_relaxed);
  bg_cv_.notify_all();
}

uint64_t DBImpl::MemstoreBytes() {
  auto sv = GetSuperVersion();
  if (!sv) return 0;
  uint64_t total = sv->mem->MemoryUsage();
  for (const auto& imm : sv->imm) total += imm->MemoryUsage();
  return total;
}

uint64_t DBImpl::ThrottleAcquire(uint64_t bytes) {
  if (memstore_limit_.load(std::memory_order_relaxed) == 0) return 0;
  return throttle_.Acquire(bytes, MemstoreBytes());
}

uint64_t DBImpl::ThrottleWaitMicros(uint64_t seq) {
  return throttle_.WaitMicros(seq, MemstoreBytes());
}

uint64_t DBImpl::NewPendingOutput() {
  std::lock_guard lock(mutex_);
  uint64_t number = versions_->NewFileNumber();
  pending_outputs_.insert(number);
  return number;
}

void DBImpl::DeleteObsoleteFiles() {
  std::set<uint64_t> live;
  uint64_t log_number, manifest_number, current_wal, next_file;
  {
    std::lock_guard lock(mutex_);
    // Files numbered from here on are created after this point and are never obsolete yet;
    // numbers below it are live, pending (inserted with their number under this mutex) or dead.
    next_file = versions_->PeekNextFileNumber();
    live = pending_outputs_;
    obsolete_deferred_.store(versions_->AddLiveFiles(&live) > 0, std::memory_order_relaxed);
    log_number = versions_->LogNumber();
    manifest_number = versions_->ManifestFileNumber();
    current_wal = wal_number_;
  }
  if (obsolete_deferred_.load(std::memory_order_relaxed)) {
    std::lock_guard lock(mutex_);
    bg_cv_.notify_all();  // a compaction thread retries them
  }
  std::vector<std::string> children;
  if (!env_->GetChildren(dir_, &children).ok()) return;
  for (const auto& name : children) {
    uint64_t number;
    FileType type;
    if (!ParseFileName(name, &number, &type)) continue;
    bool keep = true;
    switch (type) {
      case FileType::kWal:
        keep = number >= log_number || number == current_wal;
        break;
      case FileType::kTable:
        keep = live.count(number) > 0 || number >= next_file;
        break;
      case FileType::kManifest:
        keep = number >= manifest_number;
        break;
      case FileType::kTemp:
        keep = live.count(number) > 0 || number >= next_file;
        break;
      default:
        break;
    }
    if (keep) continue;
    if (type == FileType::kTable) table_cache_->Evict(number);
    env_->RemoveFile(dir_ + "/" + name);
  }
}

Status DBImpl::Close() {
  {
    std::lock_guard lock(write_mutex_);
    if (write_thread_stop_) return Status::OK();
    write_thread_stop_ = true;
  }
  write_cv_.notify_all();
  if (write_thread_.joinable()) write_thread_.join();
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
  }
  bg_cv_.notify_all();
  if (flush_thread_.joinable()) flush_thread_.join();
  for (auto& t : compaction_threads_) {
    if (t.joinable()) t.join();
  }
  // A last sweep for files readers held until now. Never after a failed open: a version that
  // was not recovered would make every table look obsolete.
  if (recovered_) DeleteObsoleteFiles();
  Status s;
  if (wal_file_) {
    s = wal_file_->Sync();
    Status c = wal_file_->Close();
    if (s.ok()) s = c;
    wal_.reset();
    wal_file_.reset();
  }
  {
    std::lock_guard lock(mutex_);
    super_version_.reset();
    imm_.clear();
    mem_.reset();
    closed_ = true;
  }
  table_cache_.reset();
  versions_.reset();
  lock_.reset();
  return s;
}

DbStats DBImpl::GetStats() {
  DbStats stats;
  auto sv = GetSuperVersion();
  if (!sv) return stats;
  stats.memtable_bytes = sv->mem->MemoryUsage();
  for (const auto& imm : sv->imm) stats.memtable_bytes += imm->MemoryUsage();
  stats.immutable_memtables = static_cast<int>(sv->imm.size());
  stats.levels.resize(kNumLevels);
  for (uint32_t cf = 0; cf < sv->version->num_column_families(); cf++) {
    for (int level = 0; level < kNumLevels; level++) {
      for (const auto& f : sv->version->files(cf, level)) {
        stats.levels[level].files++;
        stats.levels[level].bytes += f->file_size;
        stats.levels[level].allocated_bytes += f->allocated_bytes;
        stats.tables.push_back(
            TableFileStats{f->number, cf, level, f->file_size, f->allocated_bytes});
        stats.table_logical_bytes += f->file_size;
        stats.table_allocated_bytes += f->allocated_bytes;
      }
    }
  }
  stats.wal_bytes_written = stat_wal_bytes_.load();
  stats.flush_bytes_written = stat_flush_bytes_.load();
  stats.compaction_bytes_read = stat_compaction_read_.load();
  stats.compaction_bytes_written = stat_compaction_written_.load();
  stats.bytes_written =
      stats.wal_bytes_written + stats.flush_bytes_written + stats.compaction_bytes_written;
  stats.bytes_read = stats.compaction_bytes_read + table_stats_.bytes_read.load();
  stats.user_bytes_written = stat_user_bytes_.load();
  stats.block_cache_hits = block_cache_->hits();
  stats.block_cache_misses = block_cache_->misses();
  stats.block_cache_usage = block_cache_->Usage();
  stats.stall_micros = stat_stall_micros_.load();
  ThrottleStats throttle = throttle_.Stats();
  stats.memstore_limit_bytes = memstore_limit_.load();
  stats.throttle_trigger_bytes = throttle.trigger_bytes;
  stats.throttle_decay = throttle.decay;
  stats.throttle_acquisitions = throttle.acquisitions;
  stats.memstore_limit_stalls = stat_memstore_limit_stalls_.load();
  stats.flushes = stat_flushes_.load();
  stats.compactions = stat_compactions_.load();
  stats.wal_syncs = stat_wal_syncs_.load();
  stats.wal_group_commits = stat_group_commits_.load();
  stats.sequence = versions_->LastSequence();
  stats.pages_compressed = page_counters_.pages_compressed.load(std::memory_order_relaxed);
  stats.pages_plain = page_counters_.pages_plain.load(std::memory_order_relaxed);
  stats.page_bytes_saved = page_counters_.bytes_saved.load(std::memory_order_relaxed);
  stats.punch_hole_calls = page_counters_.punch_hole_calls.load(std::memory_order_relaxed);
  stats.io_backend = env_->Name();
  stats.direct_io = file_options_.direct_io;
  stats.atomic_writes = io_modes_.wal.atomic_write_unit != 0;
  stats.wal_sync_unit = io_modes_.wal_sync_unit;
  stats.fallback_reason = io_modes_.fallback_reason;
  return stats;
}

}  // namespace strata
