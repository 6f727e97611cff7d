// Checkpoint: a consistent copy of an open database (RocksDB's Checkpoint, for `strata backup`).
// The memtables are flushed, one version is pinned, its SSTs are hard-linked into the copy and a
// MANIFEST written for exactly that version, so nothing of the WAL is needed: the copy holds
// every write acknowledged before the call, and is a prefix of the history (batches are never
// split across memtables, and flushes install memtables oldest first).
//
// Env offers neither hard links nor removing a directory; the two calls below (link, rmdir) go
// to the operating system directly, for the POSIX-backed Envs only (an in-memory database has
// no files to link and refuses a checkpoint).

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "db/db_impl.h"
#include "db/filename.h"
#include "wal/log_writer.h"

namespace strata {

namespace {

constexpr const char* kStagingSuffix = ".tmp";
// Tables are copied (when they cannot be linked) through a buffer of this size.
constexpr size_t kCopyChunkBytes = 1 << 20;

std::string ParentDir(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Copies src to dst through env, leaving a hole wherever a whole filesystem block of src reads
// as zeros, so that page-compressed tables keep their punched slots.
Status CopySparse(Env* env, const std::string& src, const std::string& dst, uint64_t size,
                  uint32_t block_bytes) {
  std::unique_ptr<RandomAccessFile> in;
  Status s = env->NewRandomAccessFile(src, FileOptions(), &in);
  if (!s.ok()) return s;
  std::unique_ptr<WritableFile> out;
  s = env->NewWritableFile(dst, FileOptions(), &out);
  if (!s.ok()) return s;
  std::string buffer(kCopyChunkBytes, '\0');
  for (uint64_t offset = 0; offset < size && s.ok();) {
    size_t length = static_cast<size_t>(std::min<uint64_t>(kCopyChunkBytes, size - offset));
    std::string_view chunk;
    s = in->Read(offset, length, &chunk, buffer.data());
    if (!s.ok()) break;
    if (chunk.size() != length) {
      s = Status::IOError(src, "changed size while it was copied");
      break;
    }
    for (size_t start = 0; start < length && s.ok(); start += block_bytes) {
      std::string_view block = chunk.substr(start, block_bytes);
      bool last = offset + start + block.size() == size;
      // The last block is always written: the copy must end where the original does.
      if (!last && block.find_first_not_of('\0') == std::string_view::npos) continue;
      s = out->WriteAt(offset + start, block);
    }
    offset += length;
  }
  if (s.ok()) s = out->Sync();
  Status c = out->Close();
  return s.ok() ? c : s;
}

Status LinkOrCopy(Env* env, const std::string& src, const std::string& dst, uint64_t size,
                  uint32_t block_bytes, bool* linked) {
  *linked = ::link(src.c_str(), dst.c_str()) == 0;
  if (*linked) return Status::OK();
  int error = errno;
  // Another filesystem, or one without hard links: copy instead.
  if (error != EXDEV && error != EPERM && error != EMLINK && error != ENOTSUP) {
    return Status::IOError(src,
                           std::string("cannot link into the checkpoint: ") + std::strerror(error));
  }
  return CopySparse(env, src, dst, size, block_bytes);
}

void RemoveStaging(Env* env, const std::string& staging) {
  std::vector<std::string> children;
  if (env->GetChildren(staging, &children).ok()) {
    for (const std::string& name : children) env->RemoveFile(staging + "/" + name);
  }
  ::rmdir(staging.c_str());
}

Status WriteManifest(Env* env, const std::string& dir, uint64_t number, const VersionEdit& edit) {
  std::string path = ManifestFileName(dir, number);
  std::unique_ptr<WritableFile> file;
  Status s = env->NewWritableFile(path, FileOptions(), &file);
  if (!s.ok()) return s;
  log::Writer writer(file.get());
  std::string record;
  edit.EncodeTo(&record);
  s = writer.AddRecord(record);
  if (s.ok()) s = file->Sync();
  Status c = file->Close();
  if (!s.ok()) return s;
  if (!c.ok()) return c;
  std::unique_ptr<WritableFile> current;
  s = env->NewWritableFile(CurrentFileName(dir), FileOptions(), &current);
  if (s.ok()) s = current->Append(path.substr(dir.size() + 1) + "\n");
  if (s.ok()) s = current->Sync();
  c = current ? current->Close() : Status::OK();
  return s.ok() ? c : s;
}

}  // namespace

Status DBImpl::Checkpoint(const std::string& dest_dir, CheckpointInfo* info) {
  *info = CheckpointInfo();
  if (options_.in_memory) return Status::NotSupported("an in-memory database has no files to copy");
  std::string dest = dest_dir;
  while (dest.size() > 1 && dest.back() == '/') dest.pop_back();
  if (env_->FileExists(dest)) return Status::InvalidArgument(dest, "already exists");
  std::string staging = dest + kStagingSuffix;
  if (env_->FileExists(staging)) {
    return Status::InvalidArgument(staging, "exists (left by an interrupted backup?); remove it");
  }

  // Every write acknowledged so far has a sequence at or below this one, is in the memtables now,
  // and reaches an SST in the flush below.
  uint64_t acknowledged = versions_->LastSequence();
  Status s = Flush();
  if (!s.ok()) return s;
  std::shared_ptr<const Version> version;
  {
    std::lock_guard lock(mutex_);
    if (!super_version_) return Status::Closed();
    version = super_version_->version;  // held: DeleteObsoleteFiles keeps its files
  }
  uint64_t last_sequence = versions_->LastSequence();
  uint64_t manifest_number = versions_->NewFileNumber();

  s = env_->CreateDir(staging);
  if (!s.ok()) return s;
  VersionEdit edit;
  for (const auto& [name, id] : versions_->column_families()) edit.AddColumnFamily(id, name);
  // The copy has no WAL: recovery starts after every number the source has used.
  edit.SetLogNumber(manifest_number + 1);
  edit.SetNextFileNumber(manifest_number + 2);
  edit.SetLastSequence(last_sequence);
  for (uint32_t cf = 0; cf < version->num_column_families() && s.ok(); cf++) {
    for (int level = 0; level < kNumLevels && s.ok(); level++) {
      for (const FilePtr& f : version->files(cf, level)) {
        bool linked = false;
        s = LinkOrCopy(env_, TableFileName(dir_, f->number), TableFileName(staging, f->number),
                       f->file_size, fs_info_.block_size, &linked);
        if (!s.ok()) break;
        edit.AddFile(cf, level, *f);
        info->table_files++;
        info->linked_files += linked ? 1 : 0;
        info->table_bytes += f->file_size;
      }
    }
  }
  if (s.ok()) s = WriteManifest(env_, staging, manifest_number, edit);
  if (s.ok()) s = env_->SyncDir(staging);
  if (s.ok()) s = env_->RenameFile(staging, dest);
  if (s.ok()) s = env_->SyncDir(ParentDir(dest));
  if (!s.ok()) {
    RemoveStaging(env_, staging);
    return s;
  }
  info->sequence = acknowledged;
  info->manifest_number = manifest_number;
  return Status::OK();
}

}  // namespace strata
