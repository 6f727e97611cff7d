// UringEnv: the files of env_posix.cc doing their I/O through io_uring (liburing).
//
// Reads use one ring per thread, so the read path takes no lock: a point lookup or compaction read
// that misses the cache submits one read and waits for it in a single io_uring_enter, into a
// buffer registered with the kernel when it is an O_DIRECT read (no page pinning per read).
// Each writable file has its own ring: a flush or compaction queues one buffer's write and goes on
// filling the other (write-behind). Writes that are waited for at once, the WAL's among them, and
// fdatasync are syscalls on the calling thread (see UringWriteChannel for why).

#include <liburing.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "io/file_io.h"
#include "io/posix_util.h"
#include "io/statx_ext.h"

namespace strata {
namespace {

// Reads are synchronous (one in flight per thread), so a small ring is enough.
constexpr unsigned kReadRingEntries = 4;
// A writable file has at most one buffer's write (two around an untorn unit) in flight.
constexpr unsigned kWriteRingEntries = 8;
// The per-thread buffer registered for O_DIRECT reads: the largest read on the hot path is a
// 64 KiB page plus alignment, and compaction reads blocks of at most a few hundred KiB.
constexpr size_t kRegisteredReadBufferBytes = 256 << 10;

// A ring for the calling thread only: SINGLE_ISSUER and DEFER_TASKRUN (Linux 6.1) let the kernel
// skip cross-thread bookkeeping and run completions when this thread waits.
int InitThreadRing(io_uring* ring) {
  int r = io_uring_queue_init(kReadRingEntries, ring,
                              IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
  if (r == -EINVAL) r = io_uring_queue_init(kReadRingEntries, ring, 0);
  return r;
}

// Submits what is queued and waits for at least one completion.
int SubmitAndWait(io_uring* ring) {
  int r;
  do {
    r = io_uring_submit_and_wait(ring, 1);
  } while (r == -EINTR);
  return r < 0 ? r : 0;
}

struct ThreadRing {
  io_uring ring{};
  bool ready = false;
  char* registered = nullptr;  // kRegisteredReadBufferBytes, registered as buffer 0
  char* spill = nullptr;       // aligned buffer for larger reads
  size_t spill_bytes = 0;

  ThreadRing() {
    ready = InitThreadRing(&ring) == 0;
    if (!ready) return;
    registered = static_cast<char*>(
        std::aligned_alloc(kDirectIoMemoryAlignment, kRegisteredReadBufferBytes));
    iovec iov{registered, kRegisteredReadBufferBytes};
    if (registered == nullptr || io_uring_register_buffers(&ring, &iov, 1) != 0) {
      std::free(registered);
      registered = nullptr;
    }
  }
  ~ThreadRing() {
    if (ready) io_uring_queue_exit(&ring);
    std::free(registered);
    std::free(spill);
  }

  bool IsRegistered(const char* buf, size_t n) const {
    return registered != nullptr && buf >= registered &&
           buf + n <= registered + kRegisteredReadBufferBytes;
  }
};

ThreadRing& CurrentThreadRing() {
  thread_local ThreadRing ring;
  return ring;
}

// Writes are kept in a list until they must start. Start (write-behind: a flush or compaction
// filling its next buffer) submits them to the ring and returns; WaitAll reaps what was
// submitted. A write that is waited for as soon as it is queued (a WAL group, the last buffer of
// an SST) is instead done with pwritev2 on the calling thread: io_uring cannot issue an
// appending write inline on ext4, buffered or O_DIRECT, and hands it to a kernel worker thread,
// which made each such write slower through the ring (measured here: 17 µs against 3.3 µs per
// unsynced buffered WAL group; 80–115 µs against 63–78 µs per appending 512-byte O_DIRECT write).
class UringWriteChannel final : public WriteChannel {
 public:
  UringWriteChannel(int fd, std::string path, const std::vector<iovec>& buffers)
      : fd_(fd), path_(std::move(path)), buffers_(buffers) {
    // Any thread may own the file next (the WAL is written by whichever writer leads a group),
    // so this ring takes no single-issuer flag.
    ready_ = io_uring_queue_init(kWriteRingEntries, &ring_, 0) == 0;
    if (ready_ && !buffers_.empty()) {
      registered_ = io_uring_register_buffers(&ring_, buffers_.data(),
                                              static_cast<unsigned>(buffers_.size())) == 0;
    }
  }
  ~UringWriteChannel() override {
    if (!ready_) return;
    WaitAll();
    io_uring_queue_exit(&ring_);
  }

  Status Write(const char* buf, size_t n, uint64_t offset, int rw_flags) override {
    if (!ready_) return WriteFully(fd_, path_, buf, n, offset, rw_flags);
    writes_.push_back(QueuedWrite{buf, n, offset, rw_flags, false});
    return Status::OK();
  }

  Status Start() override {
    if (!ready_) return Status::OK();
    Status s = Prepare(/*waited_for=*/false);
    if (!s.ok()) return s;
    int r = io_uring_submit(&ring_);
    if (r < 0 && r != -EINTR) return PosixError(path_, -r);
    return Status::OK();
  }

  Status WaitAll() override {
    if (!ready_) return Status::OK();
    Status s = Prepare(/*waited_for=*/true);
    Status reaped = Reap();
    return s.ok() ? reaped : s;
  }

  // The fdatasync runs on the calling thread once the writes have completed: io_uring always
  // hands fsync to a kernel worker thread, and the extra wake-ups made a synced WAL group slower
  // through the ring than with the syscall (measured here with O_DIRECT: 310–560 µs against
  // 205–290 µs per synced single-key group).
  Status Sync() override {
    Status s = WaitAll();
    if (!s.ok()) return s;
    if (::fdatasync(fd_) != 0) return PosixError(path_, errno);
    return Status::OK();
  }

 private:
  struct QueuedWrite {
    const char* buf;
    size_t n;
    uint64_t offset;
    int rw_flags;
    bool submitted;
  };

  // Turns the writes not yet submitted into SQEs, or, when they are about to be waited for, does
  // them on this thread.
  Status Prepare(bool waited_for) {
    for (size_t i = 0; i < writes_.size(); i++) {
      QueuedWrite& w = writes_[i];
      if (w.submitted) continue;
      w.submitted = true;
      if (waited_for) {
        Status s = WriteFully(fd_, path_, w.buf, w.n, w.offset, w.rw_flags);
        if (!s.ok()) return s;
        continue;
      }
      io_uring_sqe* sqe = GetSqe();
      if (sqe == nullptr) return Status::IOError(path_, "io_uring submission queue is full");
      // Linux 6.18 refuses RWF_ATOMIC on a registered buffer (EINVAL): untorn writes go
      // unregistered.
      int index = (w.rw_flags & kRwfAtomic) ? -1 : RegisteredIndex(w.buf, w.n);
      if (index >= 0) {
        io_uring_prep_write_fixed(sqe, fd_, w.buf, static_cast<unsigned>(w.n), w.offset, index);
      } else {
        io_uring_prep_write(sqe, fd_, w.buf, static_cast<unsigned>(w.n), w.offset);
      }
      sqe->rw_flags = w.rw_flags;
      io_uring_sqe_set_data64(sqe, i);
      outstanding_++;
    }
    return Status::OK();
  }

  // Submits what is prepared and waits for every completion.
  Status Reap() {
    while (outstanding_ > 0) {
      int r = SubmitAndWait(&ring_);
      if (r < 0) return PosixError(path_, -r);
      io_uring_cqe* cqe;
      while (outstanding_ > 0 && io_uring_peek_cqe(&ring_, &cqe) == 0) {
        Complete(io_uring_cqe_get_data64(cqe), cqe->res);
        io_uring_cqe_seen(&ring_, cqe);
        outstanding_--;
      }
    }
    writes_.clear();
    Status s = error_;
    error_ = Status::OK();
    return s;
  }

  io_uring_sqe* GetSqe() {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (sqe == nullptr && io_uring_submit(&ring_) >= 0) sqe = io_uring_get_sqe(&ring_);
    return sqe;
  }

  int RegisteredIndex(const char* buf, size_t n) const {
    if (!registered_) return -1;
    for (size_t i = 0; i < buffers_.size(); i++) {
      const char* base = static_cast<const char*>(buffers_[i].iov_base);
      if (buf >= base && buf + n <= base + buffers_[i].iov_len) return static_cast<int>(i);
    }
    return -1;
  }

  void Complete(uint64_t user_data, int res) {
    Status s;
    const QueuedWrite& w = writes_[user_data];
    if (res < 0) {
      s = PosixError(path_, -res);
    } else if (static_cast<size_t>(res) < w.n) {
      // Short writes happen at a full disk; finishing on this thread reports the real cause.
      if (w.rw_flags & kRwfAtomic) {
        s = Status::IOError(path_, "untorn write completed short");
      } else {
        s = WriteFully(fd_, path_, w.buf + res, w.n - res, w.offset + res, 0);
      }
    }
    if (error_.ok() && !s.ok()) error_ = s;
  }

  int fd_;
  std::string path_;
  std::vector<iovec> buffers_;
  io_uring ring_{};
  bool ready_ = false;
  bool registered_ = false;
  std::vector<QueuedWrite> writes_;  // indexed by user_data, cleared once all have completed
  unsigned outstanding_ = 0;
  Status error_;
};

class UringFileIoImpl final : public FileIo {
 public:
  const char* Name() const override { return "uring"; }

  Status Read(int fd, const std::string& path, char* buf, size_t n, uint64_t offset,
              size_t* bytes_read) override {
    ThreadRing& thread = CurrentThreadRing();
    // A thread that could not get a ring (out of memory, say) does its reads directly.
    if (!thread.ready) return SyscallFileIo()->Read(fd, path, buf, n, offset, bytes_read);
    bool fixed = thread.IsRegistered(buf, n);
    size_t done = 0;
    while (done < n) {
      io_uring_sqe* sqe = io_uring_get_sqe(&thread.ring);
      unsigned length = static_cast<unsigned>(n - done);
      if (fixed) {
        io_uring_prep_read_fixed(sqe, fd, buf + done, length, offset + done, 0);
      } else {
        io_uring_prep_read(sqe, fd, buf + done, length, offset + done);
      }
      int r = SubmitAndWait(&thread.ring);
      if (r < 0) return PosixError(path, -r);
      io_uring_cqe* cqe;
      r = io_uring_peek_cqe(&thread.ring, &cqe);
      if (r < 0) return PosixError(path, -r);
      int res = cqe->res;
      io_uring_cqe_seen(&thread.ring, cqe);
      if (res == -EINTR || res == -EAGAIN) continue;
      if (res < 0) return PosixError(path, -res);
      if (res == 0) break;
      done += static_cast<size_t>(res);
    }
    *bytes_read = done;
    return Status::OK();
  }

  char* AlignedReadBuffer(size_t n) override {
    ThreadRing& thread = CurrentThreadRing();
    if (thread.registered != nullptr && n <= kRegisteredReadBufferBytes) return thread.registered;
    if (thread.spill_bytes < n) {
      std::free(thread.spill);
      thread.spill_bytes =
          (n + kDirectIoMemoryAlignment - 1) / kDirectIoMemoryAlignment * kDirectIoMemoryAlignment;
      thread.spill =
          static_cast<char*>(std::aligned_alloc(kDirectIoMemoryAlignment, thread.spill_bytes));
    }
    return thread.spill;
  }

  std::unique_ptr<WriteChannel> NewWriteChannel(int fd, const std::string& path,
                                                const std::vector<iovec>& buffers) override {
    return std::make_unique<UringWriteChannel>(fd, path, buffers);
  }
};

}  // namespace

FileIo* UringFileIo(std::string* why_not) {
  static std::string setup_error;
  static FileIo* io = []() -> FileIo* {
    io_uring ring;
    int r = io_uring_queue_init(kReadRingEntries, &ring, 0);
    if (r < 0) {
      setup_error = std::string("io_uring setup failed: ") + std::strerror(-r);
      return nullptr;
    }
    io_uring_queue_exit(&ring);
    return new UringFileIoImpl();
  }();
  if (io == nullptr && why_not != nullptr) *why_not = setup_error;
  return io;
}

Env* UringEnv(std::string* why_not) {
  static Env* env = []() -> Env* {
    FileIo* io = UringFileIo(nullptr);
    return io == nullptr ? nullptr : NewFileIoEnv(io).release();
  }();
  if (env == nullptr) UringFileIo(why_not);
  return env;
}

}  // namespace strata
