// The Env over the real filesystem: opening files (with O_DIRECT where asked and possible),
// directories, locks and probes. The files themselves (posix_files.cc) move their bytes through a
// FileIo: syscalls on the calling thread for PosixEnv, io_uring for UringEnv (env_uring.cc).

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "io/file_io.h"
#include "io/posix_files.h"
#include "io/posix_util.h"
#include "strata/env.h"

namespace strata {
namespace {

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  int fd_;
};

// Opens path, adding O_DIRECT when options ask for it and the file's filesystem reports an
// alignment for it; otherwise the file is buffered (the DB has already reported the fallback).
Status OpenFile(const std::string& path, int flags, const FileOptions& options, int* fd,
                PosixFileMode* mode) {
  constexpr mode_t kCreateMode = 0644;
  *mode = PosixFileMode();
  *fd = ::open(path.c_str(), flags | (options.direct_io ? O_DIRECT : 0), kCreateMode);
  if (*fd < 0 && options.direct_io && errno == EINVAL) {
    *fd = ::open(path.c_str(), flags, kCreateMode);
  }
  if (*fd < 0) return PosixError(path, errno);
  int status_flags = ::fcntl(*fd, F_GETFL);
  if (status_flags < 0 || !(status_flags & O_DIRECT)) return Status::OK();
  uint32_t align = DirectIoAlignment(*fd);
  if (align == 0) {
    ::fcntl(*fd, F_SETFL, status_flags & ~O_DIRECT);
    return Status::OK();
  }
  mode->direct_align = align;
  if (options.atomic_write_unit != 0 && options.atomic_write_unit % align == 0) {
    mode->atomic_write_unit = options.atomic_write_unit;
  }
  return Status::OK();
}

Status FileSize(int fd, const std::string& path, uint64_t* size) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return PosixError(path, errno);
  *size = static_cast<uint64_t>(st.st_size);
  return Status::OK();
}

class FileIoEnv final : public Env {
 public:
  explicit FileIoEnv(FileIo* io) : io_(io) {}

  Status NewSequentialFile(const std::string& path,
                           std::unique_ptr<SequentialFile>* result) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PosixError(path, errno);
    *result = NewPosixSequentialFile(path, fd);
    return Status::OK();
  }

  Status NewRandomAccessFile(const std::string& path, const FileOptions& options,
                             std::unique_ptr<RandomAccessFile>* result) override {
    FileOptions read_options = options;
    read_options.atomic_write_unit = 0;
    int fd;
    PosixFileMode mode;
    Status s = OpenFile(path, O_RDONLY | O_CLOEXEC, read_options, &fd, &mode);
    if (!s.ok()) return s;
    uint64_t size = 0;
    s = FileSize(fd, path, &size);
    if (!s.ok()) {
      ::close(fd);
      return s;
    }
    *result = NewPosixRandomAccessFile(path, fd, size, io_, mode);
    return Status::OK();
  }

  Status NewWritableFile(const std::string& path, const FileOptions& options,
                         std::unique_ptr<WritableFile>* result) override {
    int fd;
    PosixFileMode mode;
    Status s = OpenFile(path, O_TRUNC | O_RDWR | O_CREAT | O_CLOEXEC, options, &fd, &mode);
    if (!s.ok()) return s;
    *result = NewPosixWritableFile(path, fd, 0, io_, mode);
    return Status::OK();
  }

  Status NewAppendableFile(const std::string& path, const FileOptions& options,
                           std::unique_ptr<WritableFile>* result) override {
    int fd;
    PosixFileMode mode;
    Status s = OpenFile(path, O_RDWR | O_CREAT | O_CLOEXEC, options, &fd, &mode);
    if (!s.ok()) return s;
    uint64_t size = 0;
    s = FileSize(fd, path, &size);
    if (!s.ok()) {
      ::close(fd);
      return s;
    }
    *result = NewPosixWritableFile(path, fd, size, io_, mode);
    return Status::OK();
  }

  bool FileExists(const std::string& path) override { return ::access(path.c_str(), F_OK) == 0; }

  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override {
    names->clear();
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return PosixError(dir, errno);
    while (struct dirent* entry = ::readdir(d)) {
      if (std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0) continue;
      names->emplace_back(entry->d_name);
    }
    ::closedir(d);
    return Status::OK();
  }

  Status RemoveFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return PosixError(path, errno);
    return Status::OK();
  }

  Status CreateDir(const std::string& dir) override {
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return PosixError(dir, errno);
    return Status::OK();
  }

  Status GetFileSize(const std::string& path, uint64_t* size) override {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return PosixError(path, errno);
    *size = static_cast<uint64_t>(st.st_size);
    return Status::OK();
  }

  Status GetAllocatedBytes(const std::string& path, uint64_t* bytes) override {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return PosixError(path, errno);
    constexpr uint64_t kStatBlockBytes = 512;  // st_blocks counts 512-byte units
    *bytes = static_cast<uint64_t>(st.st_blocks) * kStatBlockBytes;
    return Status::OK();
  }

  Status GetAllocatedBytesInRange(const std::string& path, uint64_t offset, uint64_t length,
                                  uint64_t* bytes) override {
    *bytes = 0;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PosixError(path, errno);
    uint64_t end = offset + length;
    uint64_t position = offset;
    Status s;
    while (position < end) {
      off_t data = ::lseek(fd, static_cast<off_t>(position), SEEK_DATA);
      if (data < 0) {
        if (errno != ENXIO) s = PosixError(path, errno);
        break;  // ENXIO: no data after position
      }
      if (static_cast<uint64_t>(data) >= end) break;
      off_t hole = ::lseek(fd, data, SEEK_HOLE);
      if (hole < 0) {
        s = PosixError(path, errno);
        break;
      }
      uint64_t data_end = std::min<uint64_t>(static_cast<uint64_t>(hole), end);
      *bytes += data_end - static_cast<uint64_t>(data);
      position = data_end;
    }
    ::close(fd);
    return s;
  }

  Status RenameFile(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return PosixError(from, errno);
    return Status::OK();
  }

  Status SyncDir(const std::string& dir) override {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return PosixError(dir, errno);
    Status s;
    if (::fsync(fd) != 0) s = PosixError(dir, errno);
    ::close(fd);
    return s;
  }

  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return PosixError(path, errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      ::close(fd);
      if (e == EWOULDBLOCK) {
        return Status::Busy("the data dir is in use by another process", path);
      }
      return PosixError(path, e);
    }
    *lock = std::make_unique<PosixFileLock>(fd);
    return Status::OK();
  }

  Status GetFileSystemInfo(const std::string& dir, FileSystemInfo* info) override {
    return ProbeFileSystem(dir, info);
  }

  const char* Name() const override { return io_->Name(); }

  uint64_t NowMicros() override {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
  }

  void SleepMicros(uint64_t micros) override {
    std::this_thread::sleep_for(std::chrono::microseconds(micros));
  }

 private:
  FileIo* io_;
};

}  // namespace

std::unique_ptr<Env> NewFileIoEnv(FileIo* io) { return std::make_unique<FileIoEnv>(io); }

Env* PosixEnv() {
  static Env* env = NewFileIoEnv(SyscallFileIo()).release();
  return env;
}

}  // namespace strata
