// MemEnv: an in-memory filesystem. Used by in-memory databases (Options::in_memory) and by tests
// that need an Env they can corrupt or fill at will. Files survive until removed or until the Env
// is destroyed; a "crash" in tests is simulated by reopening a DB on the same MemEnv.

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "strata/env.h"

namespace strata {
namespace {

// Hole punching frees whole blocks of this size, as ext4 and XFS do.
constexpr uint64_t kMemBlockBytes = 4096;

// A sparse file: blocks are allocated by writes and Allocate and freed by PunchHole, as on disk,
// so that tests can check what page compression leaves allocated.
struct MemFile {
  std::mutex mutex;
  std::string data;
  std::vector<bool> allocated;  // by block

  // REQUIRES: mutex held.
  void MarkAllocated(uint64_t offset, uint64_t length, bool value) {
    if (length == 0) return;
    uint64_t first = offset / kMemBlockBytes;
    uint64_t last = (offset + length - 1) / kMemBlockBytes;
    if (allocated.size() <= last) allocated.resize(last + 1, false);
    for (uint64_t b = first; b <= last; b++) allocated[b] = value;
  }

  // REQUIRES: mutex held.
  void Write(uint64_t offset, std::string_view bytes) {
    if (data.size() < offset + bytes.size()) data.resize(offset + bytes.size(), '\0');
    std::copy(bytes.begin(), bytes.end(), data.begin() + static_cast<ptrdiff_t>(offset));
    MarkAllocated(offset, bytes.size(), true);
  }

  uint64_t AllocatedBytesInRange(uint64_t offset, uint64_t length) {
    std::lock_guard lock(mutex);
    uint64_t end = offset + length;
    uint64_t bytes = 0;
    for (uint64_t b = offset / kMemBlockBytes; b < allocated.size() && b * kMemBlockBytes < end;
         b++) {
      if (!allocated[b]) continue;
      uint64_t begin = std::max(b * kMemBlockBytes, offset);
      bytes += std::min((b + 1) * kMemBlockBytes, end) - begin;
    }
    return bytes;
  }

  uint64_t AllocatedBytes() {
    std::lock_guard lock(mutex);
    return static_cast<uint64_t>(std::count(allocated.begin(), allocated.end(), true)) *
           kMemBlockBytes;
  }
};

class MemSequentialFile final : public SequentialFile {
 public:
  explicit MemSequentialFile(std::shared_ptr<MemFile> file) : file_(std::move(file)) {}

  Status Read(size_t n, std::string_view* result, char* scratch) override {
    std::lock_guard lock(file_->mutex);
    size_t available = pos_ < file_->data.size() ? file_->data.size() - pos_ : 0;
    size_t take = std::min(n, available);
    std::copy_n(file_->data.data() + pos_, take, scratch);
    pos_ += take;
    *result = std::string_view(scratch, take);
    return Status::OK();
  }

  Status Skip(uint64_t n) override {
    pos_ += n;
    return Status::OK();
  }

 private:
  std::shared_ptr<MemFile> file_;
  size_t pos_ = 0;
};

class MemRandomAccessFile final : public RandomAccessFile {
 public:
  explicit MemRandomAccessFile(std::shared_ptr<MemFile> file) : file_(std::move(file)) {}

  Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const override {
    std::lock_guard lock(file_->mutex);
    size_t size = file_->data.size();
    size_t take = offset < size ? std::min<size_t>(n, size - offset) : 0;
    std::copy_n(file_->data.data() + offset, take, scratch);
    *result = std::string_view(scratch, take);
    return Status::OK();
  }

  uint64_t Size() const override {
    std::lock_guard lock(file_->mutex);
    return file_->data.size();
  }

 private:
  std::shared_ptr<MemFile> file_;
};

class MemWritableFile final : public WritableFile {
 public:
  explicit MemWritableFile(std::shared_ptr<MemFile> file) : file_(std::move(file)) {}

  Status Append(std::string_view data) override {
    std::lock_guard lock(file_->mutex);
    file_->Write(file_->data.size(), data);
    return Status::OK();
  }

  Status WriteAt(uint64_t offset, std::string_view data) override {
    std::lock_guard lock(file_->mutex);
    if (offset < file_->data.size()) {
      return Status::InvalidArgument("WriteAt before the end of the file");
    }
    file_->Write(offset, data);
    return Status::OK();
  }

  Status Flush() override { return Status::OK(); }
  Status Sync() override { return Status::OK(); }

  Status Close() override {
    // Space reserved past the end is released, as ftruncate does on disk.
    std::lock_guard lock(file_->mutex);
    uint64_t blocks = (file_->data.size() + kMemBlockBytes - 1) / kMemBlockBytes;
    if (file_->allocated.size() > blocks) file_->allocated.resize(blocks);
    return Status::OK();
  }

  uint64_t Size() const override {
    std::lock_guard lock(file_->mutex);
    return file_->data.size();
  }

  Status Truncate(uint64_t size) override {
    std::lock_guard lock(file_->mutex);
    file_->data.resize(size);
    uint64_t blocks = (size + kMemBlockBytes - 1) / kMemBlockBytes;
    if (file_->allocated.size() > blocks) file_->allocated.resize(blocks);
    return Status::OK();
  }

  Status Allocate(uint64_t offset, uint64_t length) override {
    std::lock_guard lock(file_->mutex);
    file_->MarkAllocated(offset, length, true);
    return Status::OK();
  }

  Status PunchHole(uint64_t offset, uint64_t length) override {
    std::lock_guard lock(file_->mutex);
    uint64_t end = std::min<uint64_t>(offset + length, file_->data.size());
    for (uint64_t i = offset; i < end; i++) file_->data[i] = '\0';
    // Only blocks wholly inside the range are freed.
    uint64_t first = (offset + kMemBlockBytes - 1) / kMemBlockBytes;
    uint64_t last = (offset + length) / kMemBlockBytes;
    if (last > first)
      file_->MarkAllocated(first * kMemBlockBytes, (last - first) * kMemBlockBytes, false);
    return Status::OK();
  }

 private:
  std::shared_ptr<MemFile> file_;
};

class MemFileLock final : public FileLock {
 public:
  MemFileLock(std::mutex* mutex, std::set<std::string>* locks, std::string path)
      : mutex_(mutex), locks_(locks), path_(std::move(path)) {}
  ~MemFileLock() override {
    std::lock_guard lock(*mutex_);
    locks_->erase(path_);
  }

 private:
  std::mutex* mutex_;
  std::set<std::string>* locks_;
  std::string path_;
};

class MemEnv final : public Env {
 public:
  Status NewSequentialFile(const std::string& path,
                           std::unique_ptr<SequentialFile>* result) override {
    auto file = Find(path);
    if (!file) return Status::NotFound(path, "no such file");
    *result = std::make_unique<MemSequentialFile>(std::move(file));
    return Status::OK();
  }

  Status NewRandomAccessFile(const std::string& path, const FileOptions&,
                             std::unique_ptr<RandomAccessFile>* result) override {
    auto file = Find(path);
    if (!file) return Status::NotFound(path, "no such file");
    *result = std::make_unique<MemRandomAccessFile>(std::move(file));
    return Status::OK();
  }

  Status NewWritableFile(const std::string& path, const FileOptions&,
                         std::unique_ptr<WritableFile>* result) override {
    std::lock_guard lock(mutex_);
    auto file = std::make_shared<MemFile>();
    files_[path] = file;
    *result = std::make_unique<MemWritableFile>(std::move(file));
    return Status::OK();
  }

  Status NewAppendableFile(const std::string& path, const FileOptions&,
                           std::unique_ptr<WritableFile>* result) override {
    std::lock_guard lock(mutex_);
    auto& file = files_[path];
    if (!file) file = std::make_shared<MemFile>();
    *result = std::make_unique<MemWritableFile>(file);
    return Status::OK();
  }

  bool FileExists(const std::string& path) override {
    std::lock_guard lock(mutex_);
    return files_.count(path) > 0 || dirs_.count(path) > 0;
  }

  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override {
    std::lock_guard lock(mutex_);
    names->clear();
    std::string prefix = dir + "/";
    for (const auto& [path, file] : files_) {
      if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
          path.find('/', prefix.size()) == std::string::npos) {
        names->push_back(path.substr(prefix.size()));
      }
    }
    if (names->empty() && dirs_.count(dir) == 0) return Status::NotFound(dir, "no such directory");
    return Status::OK();
  }

  Status RemoveFile(const std::string& path) override {
    std::lock_guard lock(mutex_);
    if (files_.erase(path) == 0) return Status::NotFound(path, "no such file");
    return Status::OK();
  }

  Status CreateDir(const std::string& dir) override {
    std::lock_guard lock(mutex_);
    dirs_.insert(dir);
    return Status::OK();
  }

  Status GetFileSize(const std::string& path, uint64_t* size) override {
    auto file = Find(path);
    if (!file) return Status::NotFound(path, "no such file");
    std::lock_guard lock(file->mutex);
    *size = file->data.size();
    return Status::OK();
  }

  Status GetAllocatedBytes(const std::string& path, uint64_t* bytes) override {
    auto file = Find(path);
    if (!file) return Status::NotFound(path, "no such file");
    *bytes = file->AllocatedBytes();
    return Status::OK();
  }

  Status GetAllocatedBytesInRange(const std::string& path, uint64_t offset, uint64_t length,
                                  uint64_t* bytes) override {
    auto file = Find(path);
    if (!file) return Status::NotFound(path, "no such file");
    *bytes = file->AllocatedBytesInRange(offset, length);
    return Status::OK();
  }

  Status RenameFile(const std::string& from, const std::string& to) override {
    std::lock_guard lock(mutex_);
    auto it = files_.find(from);
    if (it == files_.end()) return Status::NotFound(from, "no such file");
    files_[to] = it->second;
    files_.erase(from);
    return Status::OK();
  }

  Status SyncDir(const std::string&) override { return Status::OK(); }

  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    std::lock_guard guard(mutex_);
    if (!locks_.insert(path).second) {
      return Status::Busy("the data dir is in use by another process", path);
    }
    if (!files_.count(path)) files_[path] = std::make_shared<MemFile>();
    *lock = std::make_unique<MemFileLock>(&mutex_, &locks_, path);
    return Status::OK();
  }

  Status GetFileSystemInfo(const std::string&, FileSystemInfo* info) override {
    *info = FileSystemInfo();
    info->block_size = kMemBlockBytes;
    info->punch_hole = true;
    return Status::OK();
  }

  const char* Name() const override { return "mem"; }

  uint64_t NowMicros() override {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
  }

  void SleepMicros(uint64_t micros) override {
    std::this_thread::sleep_for(std::chrono::microseconds(micros));
  }

 private:
  std::shared_ptr<MemFile> Find(const std::string& path) {
    std::lock_guard lock(mutex_);
    auto it = files_.find(path);
    return it == files_.end() ? nullptr : it->second;
  }

  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<MemFile>> files_;
  std::set<std::string> dirs_;
  std::set<std::string> locks_;
};

}  // namespace

std::unique_ptr<Env> NewMemEnv() { return std::make_unique<MemEnv>(); }

}  // namespace strata
