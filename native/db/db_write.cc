// The write path. Writers queue batches; the WAL thread takes every queued batch at once (group
// commit), writes them as one WAL record with one fdatasync when any of them asked for sync,
// inserts them into the memtables, publishes the new last sequence and completes each writer.

#include <chrono>

#include "db/db_impl.h"
#include "db/dbformat.h"

namespace strata {

namespace {

// A group stops growing at this many bytes so that one huge group does not delay the small
// writes queued behind it for long (1 MiB ≈ 0.3 ms of sequential writing on this class of
// device).
constexpr size_t kMaxGroupBytes = 1 << 20;
// What an entry costs a memtable beyond its key and value: the skiplist node (links for an
// average height of 4/3 levels, the key pointer), the 8-byte tag and the length varints, rounded
// up; plus the arena block a write may open. Used to keep writes under the memstore limit.
constexpr uint64_t kMemtableEntryOverheadBytes = 48;
constexpr uint64_t kArenaBlockSlackBytes = 4096;
// When L0 has level0_slowdown_trigger files, each group waits this long, so compaction can
// catch up before writes must stop outright.
constexpr uint64_t kSlowdownMicros = 1000;
// Without untorn writes the WAL pads every synced group to a filesystem block, so a run of small
// synced writes grows it by up to 4 KiB each: past this many times the write buffer size the
// memtables are frozen as if full, which starts a fresh WAL and bounds recovery's reading.
constexpr uint64_t kMaxWalBytesPerWriteBuffer = 4;

class BatchValidator final : public WriteBatch::Handler {
 public:
  explicit BatchValidator(size_t column_families) : column_families_(column_families) {}
  Status Put(uint32_t cf, std::string_view, std::string_view) override { return Check(cf); }
  Status Delete(uint32_t cf, std::string_view) override { return Check(cf); }

 private:
  Status Check(uint32_t cf) const {
    if (cf >= column_families_) {
      return Status::InvalidArgument("write batch names unknown column family " +
                                     std::to_string(cf));
    }
    return Status::OK();
  }
  size_t column_families_;
};

class Inserter final : public WriteBatch::Handler {
 public:
  Inserter(uint64_t sequence, MemTableSet* mem) : sequence_(sequence), mem_(mem) {}
  Status Put(uint32_t cf, std::string_view key, std::string_view value) override {
    mem_->column_families[cf]->Add(sequence_++, ValueType::kValue, key, value);
    return Status::OK();
  }
  Status Delete(uint32_t cf, std::string_view key) override {
    mem_->column_families[cf]->Add(sequence_++, ValueType::kDeletion, key, {});
    return Status::OK();
  }

 private:
  uint64_t sequence_;
  MemTableSet* mem_;
};

}  // namespace

Status DBImpl::ValidateBatch(const WriteBatch& batch) const {
  BatchValidator validator(versions_->NumColumnFamilies());
  return batch.Iterate(&validator);
}

bool DBImpl::Enqueue(Writer* w) {
  // REQUIRES: write_mutex_ held.
  if (write_thread_stop_) return false;
  write_queue_.push_back(w);
  if (w->async() && write_queue_.front() == w) write_cv_.notify_one();
  return true;
}

void DBImpl::WriteAsync(const WriteOptions& options, WriteBatch batch,
                        std::function<void(const Status&)> done) {
  Status s = ValidateBatch(batch);
  if (!s.ok()) {
    done(s);
    return;
  }
  auto* w = new Writer();
  w->batch = std::move(batch);
  w->options = options;
  w->done = std::move(done);
  bool queued;
  {
    std::lock_guard lock(write_mutex_);
    queued = Enqueue(w);
  }
  if (!queued) {
    w->done(Status::Closed());
    delete w;
  }
}

Status DBImpl::Write(const WriteOptions& options, WriteBatch batch) {
  Status s = ValidateBatch(batch);
  if (!s.ok()) return s;
  Writer w;
  w.batch = std::move(batch);
  w.options = options;
  std::unique_lock lock(write_mutex_);
  if (!Enqueue(&w)) return Status::Closed();
  w.cv.wait(lock, [&] { return w.finished || write_queue_.front() == &w; });
  if (w.finished) return w.status;
  LeadGroup(lock);
  return w.status;
}

void DBImpl::WriteThreadMain() {
  std::unique_lock lock(write_mutex_);
  while (true) {
    write_cv_.wait(lock, [this] {
      return (!write_queue_.empty() && write_queue_.front()->async()) ||
             (write_queue_.empty() && write_thread_stop_);
    });
    if (write_queue_.empty()) return;  // stopping, and every queued write is done
    LeadGroup(lock);
  }
}

void DBImpl::LeadGroup(std::unique_lock<std::mutex>& lock) {
  // A group holds writers of one kind: all logged or all unlogged, and a memtable switch
  // request alone.
  std::vector<Writer*> group;
  size_t bytes = 0;
  Writer* first = write_queue_.front();
  for (Writer* next : write_queue_) {
    if (!group.empty() && (next->switch_memtable || first->switch_memtable ||
                           next->options.disable_wal != first->options.disable_wal ||
                           bytes + next->batch.ByteSize() > kMaxGroupBytes)) {
      break;
    }
    bytes += next->batch.ByteSize();
    group.push_back(next);
  }
  // The group stays at the front of the queue while it is applied, so nobody else leads.
  lock.unlock();
  Status s = ApplyGroup(group);
  lock.lock();

  std::vector<Writer*> completed;
  for (size_t i = 0; i < group.size(); i++) {
    Writer* w = write_queue_.front();
    write_queue_.pop_front();
    if (w->async()) {
      completed.push_back(w);
    } else {
      w->status = s;
      w->finished = true;
      if (w != first) w->cv.notify_one();
    }
  }
  if (first->async() == false) first->status = s;
  if (!write_queue_.empty()) {
    Writer* front = write_queue_.front();
    if (front->async()) {
      write_cv_.notify_one();
    } else {
      front->cv.notify_one();
    }
  } else if (write_thread_stop_) {
    write_cv_.notify_one();
  }
  if (completed.empty()) return;
  lock.unlock();
  for (Writer* w : completed) {
    w->done(s);
    delete w;
  }
  lock.lock();
}

Status DBImpl::ApplyGroup(std::vector<Writer*>& group) {
  if (group.front()->switch_memtable) return MakeRoomForWrite(true, 0);
  bool ignore_stalls = false;
  uint64_t incoming_bytes = 0;
  for (Writer* w : group) {
    ignore_stalls |= w->options.ignore_stalls;
    incoming_bytes += w->batch.ByteSize() + w->batch.Count() * kMemtableEntryOverheadBytes;
  }
  incoming_bytes += kArenaBlockSlackBytes;
  Status s = ignore_stalls ? Status::OK() : MakeRoomForWrite(false, incoming_bytes);
  if (!s.ok()) return s;

  uint64_t sequence = versions_->LastSequence() + 1;
  uint64_t first_sequence = sequence;
  bool sync = false;
  size_t user_bytes = 0;
  for (Writer* w : group) {
    w->batch.SetSequence(sequence);
    sequence += w->batch.Count();
    sync |= w->options.sync;
    user_bytes += w->batch.ByteSize() - WriteBatch::kHeaderBytes;
  }
  uint64_t last_sequence = sequence - 1;

  if (!group.front()->options.disable_wal) {
    // One record for the whole group: recovery applies it all or (torn) not at all, and every
    // writer in it is acknowledged together.
    const WriteBatch* record = &group.front()->batch;
    WriteBatch merged;
    if (group.size() > 1) {
      merged = group.front()->batch;
      for (size_t i = 1; i < group.size(); i++) merged.Append(group[i]->batch);
      merged.SetSequence(first_sequence);
      record = &merged;
    }
    uint64_t good_offset = wal_->Offset();
    s = wal_->AddRecord(record->rep());
    // Hand the record to the OS even without sync, so that a process crash loses nothing.
    if (s.ok()) s = sync ? wal_->Sync() : wal_file_->Flush();
    if (!s.ok()) {
      // Cut the partial record off so later records never follow garbage. If even that fails,
      // the WAL cannot take more writes: stop accepting them until the database is reopened.
      Status rewind = wal_->RewindTo(good_offset);
      if (!rewind.ok()) {
        std::lock_guard lock(mutex_);
        if (bg_error_.ok()) bg_error_ = s;
      }
      return s;
    }
    stat_wal_bytes_.fetch_add(record->ByteSize(), std::memory_order_relaxed);
    if (sync) stat_wal_syncs_.fetch_add(1, std::memory_order_relaxed);
    stat_group_commits_.fetch_add(1, std::memory_order_relaxed);
  }

  for (Writer* w : group) {
    Inserter inserter(w->batch.Sequence(), mem_.get());
    w->batch.Iterate(&inserter);  // validated when queued
  }
  versions_->SetLastSequence(last_sequence);
  stat_user_bytes_.fetch_add(user_bytes, std::memory_order_relaxed);
  return Status::OK();
}

Status DBImpl::MakeRoomForWrite(bool force_switch, uint64_t incoming_bytes) {
  bool slowed = false;
  bool limit_stalled = false;  // counted once per write group, however many wake-ups it takes
  std::unique_lock lock(mutex_);
  while (true) {
    if (!bg_error_.ok()) return bg_error_;
    if (shutting_down_) return Status::Closed();
    auto version = versions_->current();
    size_t max_l0 = 0;
    for (uint32_t cf = 0; cf < version->num_column_families(); cf++) {
      max_l0 = std::max(max_l0, version->files(cf, 0).size());
    }
    if (!slowed && max_l0 >= static_cast<size_t>(options_.level0_slowdown_trigger)) {
      lock.unlock();
      env_->SleepMicros(kSlowdownMicros);
      stat_stall_micros_.fetch_add(kSlowdownMicros, std::memory_order_relaxed);
      slowed = true;
      lock.lock();
      continue;
    }
    // The memstore limit: writes wait for a flush rather than push memtable memory past it.
    uint64_t limit = memstore_limit_.load(std::memory_order_relaxed);
    if (limit > 0 && !force_switch) {
      uint64_t held = mem_->MemoryUsage();
      for (const auto& imm : imm_) held += imm->MemoryUsage();
      bool nothing_to_free = mem_->Empty() && imm_.empty();
      if (held + incoming_bytes > limit && !nothing_to_free) {
        if (imm_.empty()) {
          lock.unlock();
          Status s = SwitchMemTable();
          if (!s.ok()) return s;
          lock.lock();
          continue;
        }
        if (!flush_error_.ok()) return flush_error_;
        if (!limit_stalled) stat_memstore_limit_stalls_.fetch_add(1, std::memory_order_relaxed);
        limit_stalled = true;
        auto start = std::chrono::steady_clock::now();
        bg_cv_.wait_for(lock, std::chrono::milliseconds(100));
        stat_stall_micros_.fetch_add(std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::steady_clock::now() - start)
                                         .count(),
                                     std::memory_order_relaxed);
        continue;
      }
    }
    bool full = mem_->MemoryUsage() >= options_.write_buffer_size ||
                wal_->Offset() >= kMaxWalBytesPerWriteBuffer * options_.write_buffer_size;
    if (!full && !(force_switch && !mem_->Empty())) return Status::OK();
    if (static_cast<int>(imm_.size()) >= options_.max_immutable_memtables ||
        max_l0 >= static_cast<size_t>(options_.level0_stop_trigger)) {
      if (!flush_error_.ok()) return flush_error_;
      // Stall until a flush or compaction finishes.
      auto start = std::chrono::steady_clock::now();
      bg_cv_.wait_for(lock, std::chrono::milliseconds(100));
      auto waited = std::chrono::steady_clock::now() - start;
      stat_stall_micros_.fetch_add(
          std::chrono::duration_cast<std::chrono::microseconds>(waited).count(),
          std::memory_order_relaxed);
      continue;
    }
    lock.unlock();
    Status s = SwitchMemTable();
    return s;
  }
}

Status DBImpl::SwitchMemTable() {
  // The old WAL is made durable before it stops being the tail: recovery treats damage in any
  // WAL but the last as corruption.
  Status s = wal_->Sync();
  if (!s.ok()) return s;
  uint64_t number = versions_->NewFileNumber();
  std::unique_ptr<WritableFile> old_file = std::move(wal_file_);
  std::unique_ptr<log::Writer> old_writer = std::move(wal_);
  uint64_t old_number = wal_number_;
  s = NewWal(number);
  if (!s.ok()) {
    wal_file_ = std::move(old_file);
    wal_ = std::move(old_writer);
    wal_number_ = old_number;
    return s;
  }
  old_file->Close();
  std::lock_guard lock(mutex_);
  imm_.push_front(mem_);
  mem_ = NewMemTableSet(number);
  InstallSuperVersion();
  bg_cv_.notify_all();
  return Status::OK();
}

Status DBImpl::Flush() {
  Writer request;
  request.switch_memtable = true;
  {
    std::unique_lock lock(write_mutex_);
    if (!Enqueue(&request)) return Status::Closed();
    request.cv.wait(lock, [&] { return request.finished || write_queue_.front() == &request; });
    if (!request.finished) LeadGroup(lock);
  }
  if (!request.status.ok()) return request.status;
  std::unique_lock lock(mutex_);
  bg_cv_.wait(lock, [this] {
    return imm_.empty() || !bg_error_.ok() || !flush_error_.ok() || shutting_down_;
  });
  if (!bg_error_.ok()) return bg_error_;
  if (!flush_error_.ok()) return flush_error_;
  return Status::OK();
}

}  // namespace strata
