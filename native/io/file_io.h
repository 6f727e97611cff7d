// FileIo: how the files of the posix-based Envs move bytes (positional reads, writes, data syncs),
// so that one set of file classes (O_DIRECT alignment, write-behind buffers, preallocation, hole
// punching; native/io/posix_files.h) runs over plain syscalls on the calling thread (the "threads"
// backend, syscall_io.cc) or over io_uring (env_uring.cc). Tests wrap a FileIo to see every write
// the device would see, for instance to tear them at a simulated power cut.
//
// Thread safety: Read and AlignedReadBuffer may be called from many threads at once. A
// WriteChannel belongs to one WritableFile and is used by one thread at a time.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "strata/env.h"
#include "strata/status.h"

namespace strata {

// Memory alignment of every buffer handed to O_DIRECT I/O. statx reports 512 bytes on ext4 and
// XFS here; a page is always enough, so buffers are page-aligned whatever the device says.
constexpr size_t kDirectIoMemoryAlignment = 4096;

// The writes of one open file. Writes may run in the background until WaitAll or Sync.
class WriteChannel {
 public:
  virtual ~WriteChannel() = default;
  // Queues a write of n bytes of buf at offset with pwritev2 flags (RWF_ATOMIC or 0). buf must
  // stay unchanged until WaitAll or Sync returns. Writes queued together may run in any order:
  // REQUIRES no overlap with a queued write that has not completed.
  virtual Status Write(const char* buf, size_t n, uint64_t offset, int rw_flags) = 0;
  // Starts every queued write without waiting for it to complete.
  virtual Status Start() = 0;
  // Waits until every queued write has completed. Returns the first failure.
  virtual Status WaitAll() = 0;
  // Waits for every queued write, then makes the file's data durable (fdatasync).
  virtual Status Sync() = 0;
};

class FileIo {
 public:
  virtual ~FileIo() = default;

  // "threads" or "uring": the backend named in stats.
  virtual const char* Name() const = 0;

  // Reads n bytes at offset into buf, looping over short transfers; *bytes_read < n only at the
  // end of the file. path is for error messages.
  virtual Status Read(int fd, const std::string& path, char* buf, size_t n, uint64_t offset,
                      size_t* bytes_read) = 0;

  // A buffer for O_DIRECT reads: kDirectIoMemoryAlignment-aligned, at least n bytes, owned by the
  // calling thread and valid until that thread's next call.
  virtual char* AlignedReadBuffer(size_t n) = 0;

  // The write channel of an open file. buffers are the file's own write buffers (which a backend
  // may register with the kernel); writes may also come from elsewhere.
  virtual std::unique_ptr<WriteChannel> NewWriteChannel(int fd, const std::string& path,
                                                        const std::vector<iovec>& buffers) = 0;
};

// Syscalls on the calling thread: pread, pwritev2, fdatasync. Lives for the process.
FileIo* SyscallFileIo();

// io_uring through liburing, or nullptr (with the reason in *why_not) when this process cannot set
// up a ring. Lives for the process.
FileIo* UringFileIo(std::string* why_not);

// An Env over the real filesystem whose files do their I/O through io (not owned; it must outlive
// the Env). PosixEnv() and UringEnv() are two of these.
std::unique_ptr<Env> NewFileIoEnv(FileIo* io);

}  // namespace strata
