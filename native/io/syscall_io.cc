// The "threads" backend: every I/O is a syscall on the thread that asks for it. The engine asks
// only from its own threads (WAL, flush, compaction) and from the worker threads of reads that
// miss memory, so those threads are the pool that waits on the device.

#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "io/file_io.h"
#include "io/posix_util.h"
#include "io/statx_ext.h"

namespace strata {
namespace {

class SyscallWriteChannel final : public WriteChannel {
 public:
  SyscallWriteChannel(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  Status Write(const char* buf, size_t n, uint64_t offset, int rw_flags) override {
    return WriteFully(fd_, path_, buf, n, offset, rw_flags);
  }
  Status Start() override { return Status::OK(); }
  Status WaitAll() override { return Status::OK(); }
  Status Sync() override {
    if (::fdatasync(fd_) != 0) return PosixError(path_, errno);
    return Status::OK();
  }

 private:
  int fd_;
  std::string path_;
};

class SyscallFileIoImpl final : public FileIo {
 public:
  const char* Name() const override { return "threads"; }

  Status Read(int fd, const std::string& path, char* buf, size_t n, uint64_t offset,
              size_t* bytes_read) override {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return PosixError(path, errno);
      }
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    *bytes_read = done;
    return Status::OK();
  }

  char* AlignedReadBuffer(size_t n) override {
    struct Buffer {
      char* data = nullptr;
      size_t capacity = 0;
      ~Buffer() { std::free(data); }
    };
    thread_local Buffer buffer;
    if (buffer.capacity < n) {
      std::free(buffer.data);
      buffer.capacity =
          (n + kDirectIoMemoryAlignment - 1) / kDirectIoMemoryAlignment * kDirectIoMemoryAlignment;
      buffer.data =
          static_cast<char*>(std::aligned_alloc(kDirectIoMemoryAlignment, buffer.capacity));
    }
    return buffer.data;
  }

  std::unique_ptr<WriteChannel> NewWriteChannel(int fd, const std::string& path,
                                                const std::vector<iovec>&) override {
    return std::make_unique<SyscallWriteChannel>(fd, path);
  }
};

}  // namespace

Status WriteFully(int fd, const std::string& path, const char* buf, size_t n, uint64_t offset,
                  int rw_flags) {
  size_t done = 0;
  while (done < n) {
    iovec iov{const_cast<char*>(buf + done), n - done};
    ssize_t w = ::pwritev2(fd, &iov, 1, static_cast<off_t>(offset + done), rw_flags);
    if (w < 0) {
      if (errno == EINTR) continue;
      return PosixError(path, errno);
    }
    if (rw_flags & kRwfAtomic && static_cast<size_t>(w) != n) {
      return Status::IOError(path, "untorn write completed short");
    }
    done += static_cast<size_t>(w);
  }
  return Status::OK();
}

FileIo* SyscallFileIo() {
  static SyscallFileIoImpl* io = new SyscallFileIoImpl();
  return io;
}

}  // namespace strata
