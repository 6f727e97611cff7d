// Flushes: the flush thread writes the oldest frozen memtable set to L0 SSTs (one per column
// family with data), records them in the MANIFEST with the WAL number from which recovery must
// now start, and drops the memtables.

#include <chrono>

#include "db/db_impl.h"
#include "db/dbformat.h"
#include "db/filename.h"
#include "table/table_builder.h"

namespace strata {

namespace {
// After a failed flush (a full disk, say) the thread retries after this pause; writes fail with
// the error meanwhile and resume once a flush succeeds.
constexpr auto kFlushRetryDelay = std::chrono::milliseconds(1000);
}  // namespace

Status DBImpl::BuildTable(Iterator* input, uint32_t cf, FileMetaData* meta) {
  meta->number = NewPendingOutput();
  std::string path = TableFileName(dir_, meta->number);
  std::unique_ptr<WritableFile> file;
  Status s = env_->NewWritableFile(path, file_options_, &file);
  if (s.ok()) {
    TableBuilder builder(NewTableBuilderOptions(cf), file.get());
    input->SeekToFirst();
    if (input->Valid()) meta->smallest.assign(input->key());
    for (; input->Valid(); input->Next()) {
      meta->largest.assign(input->key());
      builder.Add(input->key(), input->value());
    }
    s = input->status();
    if (s.ok()) s = builder.Finish();
    if (s.ok()) s = file->Sync();
    Status c = file->Close();
    if (s.ok()) s = c;
    meta->file_size = builder.FileSize();
    meta->num_entries = builder.NumEntries();
    if (s.ok()) env_->GetAllocatedBytes(path, &meta->allocated_bytes);
  }
  if (!s.ok()) env_->RemoveFile(path);
  return s;
}

Status DBImpl::WriteLevel0Table(MemTable* mem, uint32_t cf, FileMetaData* meta) {
  std::unique_ptr<Iterator> it(mem->NewIterator());
  Status s = BuildTable(it.get(), cf, meta);
  if (s.ok()) {
    stat_flush_bytes_.fetch_add(meta->file_size, std::memory_order_relaxed);
  }
  return s;
}

void DBImpl::FlushThreadMain() {
  std::unique_lock lock(mutex_);
  while (true) {
    bg_cv_.wait(lock, [this] { return !imm_.empty() || shutting_down_; });
    if (shutting_down_) return;                      // the WAL holds everything not flushed
    std::shared_ptr<MemTableSet> set = imm_.back();  // oldest
    // Recovery must start from the WAL of the next newer memtable set.
    uint64_t next_log = imm_.size() > 1 ? imm_[imm_.size() - 2]->wal_number : mem_->wal_number;
    flush_running_ = true;
    lock.unlock();
    if (options_.flush_delay_ms > 0) env_->SleepMicros(uint64_t{options_.flush_delay_ms} * 1000);

    VersionEdit edit;
    std::vector<uint64_t> outputs;
    Status s;
    for (uint32_t cf = 0; cf < set->column_families.size() && s.ok(); cf++) {
      if (set->column_families[cf]->empty()) continue;
      FileMetaData meta;
      s = WriteLevel0Table(set->column_families[cf].get(), cf, &meta);
      outputs.push_back(meta.number);
      if (s.ok()) edit.AddFile(cf, 0, meta);
    }
    if (s.ok()) {
      edit.SetLogNumber(next_log);
      s = versions_->LogAndApply(&edit);
    }

    lock.lock();
    flush_running_ = false;
    for (uint64_t n : outputs) pending_outputs_.erase(n);
    if (s.ok()) {
      imm_.pop_back();
      InstallSuperVersion();
      stat_flushes_.fetch_add(1, std::memory_order_relaxed);
      flush_error_ = Status::OK();
      MaybeScheduleCompaction();
      bg_cv_.notify_all();
      lock.unlock();
      DeleteObsoleteFiles();
      lock.lock();
    } else {
      flush_error_ = s;
      bg_cv_.notify_all();
      bg_cv_.wait_for(lock, kFlushRetryDelay, [this] { return shutting_down_; });
    }
  }
}

}  // namespace strata
