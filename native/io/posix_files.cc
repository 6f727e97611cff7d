#include "io/posix_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "io/posix_util.h"
#include "io/statx_ext.h"

namespace strata {
namespace {

// Appends gather in a buffer of this size before one write: WAL records and SST blocks arrive in
// pieces of a few hundred bytes to a few KiB, and 256 KiB writes run at the device's sequential
// rate (3–4 GiB/s here) while a flush or compaction fills the second buffer.
constexpr size_t kWriteBufferBytes = 256 << 10;

uint64_t RoundDown(uint64_t n, uint64_t unit) { return n / unit * unit; }
uint64_t RoundUp(uint64_t n, uint64_t unit) { return (n + unit - 1) / unit * unit; }

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};
using AlignedBuffer = std::unique_ptr<char, FreeDeleter>;

AlignedBuffer NewAlignedBuffer(size_t bytes) {
  return AlignedBuffer(static_cast<char*>(std::aligned_alloc(kDirectIoMemoryAlignment, bytes)));
}

class PosixSequentialFile final : public SequentialFile {
 public:
  PosixSequentialFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixSequentialFile() override { ::close(fd_); }

  Status Read(size_t n, std::string_view* result, char* scratch) override {
    while (true) {
      ssize_t r = ::read(fd_, scratch, n);
      if (r < 0) {
        if (errno == EINTR) continue;
        return PosixError(path_, errno);
      }
      *result = std::string_view(scratch, static_cast<size_t>(r));
      return Status::OK();
    }
  }

  Status Skip(uint64_t n) override {
    if (::lseek(fd_, static_cast<off_t>(n), SEEK_CUR) < 0) return PosixError(path_, errno);
    return Status::OK();
  }

 private:
  std::string path_;
  int fd_;
};

class PosixRandomAccessFile final : public RandomAccessFile {
 public:
  PosixRandomAccessFile(std::string path, int fd, uint64_t size, FileIo* io, uint32_t align)
      : path_(std::move(path)), fd_(fd), size_(size), io_(io), align_(align) {}
  ~PosixRandomAccessFile() override { ::close(fd_); }

  Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const override {
    size_t got = 0;
    if (align_ == 0) {
      Status s = io_->Read(fd_, path_, scratch, n, offset, &got);
      if (!s.ok()) return s;
      *result = std::string_view(scratch, got);
      return Status::OK();
    }
    // O_DIRECT: read the aligned span around the request into the thread's aligned buffer.
    uint64_t begin = RoundDown(offset, align_);
    size_t length = static_cast<size_t>(RoundUp(offset + n, align_) - begin);
    char* aligned = io_->AlignedReadBuffer(length);
    Status s = io_->Read(fd_, path_, aligned, length, begin, &got);
    if (!s.ok()) return s;
    size_t skip = static_cast<size_t>(offset - begin);
    size_t available = got > skip ? std::min(n, got - skip) : 0;
    std::memcpy(scratch, aligned + skip, available);
    *result = std::string_view(scratch, available);
    return Status::OK();
  }

  uint64_t Size() const override { return size_; }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
  FileIo* io_;
  uint32_t align_;  // 0: buffered
};

// Bytes append into the active buffer, which holds the file range [buffer_offset_,
// buffer_offset_ + fill_). A full buffer is handed to the write channel while appends continue
// in the other one. With O_DIRECT every write covers whole alignment units (zero-padded past the
// end), and the last partial unit is copied to the next buffer and written again with the bytes
// that follow it; with untorn writes that rewrite is one RWF_ATOMIC write of exactly the unit.
class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd, uint64_t size, FileIo* io, PosixFileMode mode)
      : path_(std::move(path)),
        fd_(fd),
        io_(io),
        align_(mode.direct_align == 0 ? 1 : mode.direct_align),
        direct_(mode.direct_align != 0),
        atomic_unit_(mode.direct_align != 0 ? mode.atomic_write_unit : 0),
        keep_unit_(std::max<uint64_t>(align_, atomic_unit_)),
        size_(size),
        disk_end_(size),
        physical_end_(size) {
    std::vector<iovec> registered;
    for (auto& b : buffers_) {
      b = NewAlignedBuffer(kWriteBufferBytes);
      registered.push_back(iovec{b.get(), kWriteBufferBytes});
    }
    channel_ = io_->NewWriteChannel(fd_, path_, registered);
    buffer_offset_ = size;
    if (direct_ && size % keep_unit_ != 0) {
      // Appending to a file whose last unit is partly written: continue from that unit.
      reload_status_ = ReloadTail(size);
    }
  }

  ~PosixWritableFile() override {
    if (fd_ >= 0) Close();
  }

  Status Append(std::string_view data) override {
    if (!reload_status_.ok()) return reload_status_;
    while (!data.empty()) {
      if (fill_ == kWriteBufferBytes) {
        Status s = WriteOut(Completion::kStart);
        if (!s.ok()) return s;
      }
      size_t take = std::min(kWriteBufferBytes - fill_, data.size());
      std::memcpy(buffers_[active_].get() + fill_, data.data(), take);
      fill_ += take;
      size_ += take;
      dirty_ = true;
      data.remove_prefix(take);
    }
    return Status::OK();
  }

  Status WriteAt(uint64_t offset, std::string_view data) override {
    if (offset < size_) {
      return Status::InvalidArgument(path_, "WriteAt before the end of the file");
    }
    if (offset > size_) {
      if (offset % align_ != 0) {
        return Status::InvalidArgument(path_, "WriteAt offset not aligned for O_DIRECT");
      }
      Status s = WriteOut(Completion::kStart);
      if (!s.ok()) return s;
      // The unit written last is complete on disk (zero-padded); the gap is never written.
      buffer_offset_ = offset;
      fill_ = 0;
      size_ = offset;
    }
    return Append(data);
  }

  Status Flush() override { return WriteOut(Completion::kWait); }

  Status Sync() override {
    Status s = WriteOut(Completion::kQueue);
    if (s.ok()) s = channel_->Sync();
    inflight_end_ = 0;
    return s;
  }

  Status Close() override {
    if (fd_ < 0) return Status::OK();
    Status s = WriteOut(Completion::kWait);
    if (s.ok()) s = Wait();
    // O_DIRECT padding and preallocation may reach past the logical end: cut them off.
    if (s.ok() && (physical_end_ > size_ || preallocated_end_ > size_)) {
      if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0) s = PosixError(path_, errno);
    }
    channel_.reset();
    if (::close(fd_) != 0 && s.ok()) s = PosixError(path_, errno);
    fd_ = -1;
    return s;
  }

  uint64_t Size() const override { return size_; }

  Status Truncate(uint64_t size) override {
    Status s = Wait();
    if (!s.ok()) return s;
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return PosixError(path_, errno);
    size_ = disk_end_ = physical_end_ = size;
    preallocated_end_ = std::min(preallocated_end_, size);
    fill_ = 0;
    buffer_offset_ = size;
    dirty_ = false;
    reload_status_ = Status::OK();
    if (direct_ && size % keep_unit_ != 0) reload_status_ = ReloadTail(size);
    return reload_status_;
  }

  Status Allocate(uint64_t offset, uint64_t length) override {
    if (::fallocate(fd_, 0, static_cast<off_t>(offset), static_cast<off_t>(length)) != 0) {
      if (errno == EOPNOTSUPP) return Status::NotSupported(path_, "fallocate");
      return PosixError(path_, errno);
    }
    preallocated_end_ = std::max(preallocated_end_, offset + length);
    return Status::OK();
  }

  Status PunchHole(uint64_t offset, uint64_t length) override {
    uint64_t end = offset + length;
    if (offset < inflight_end_ && end > inflight_begin_) {
      Status s = Wait();
      if (!s.ok()) return s;
    }
    if (offset < buffer_offset_ + fill_ && end > buffer_offset_) {
      Status s = WriteOut(Completion::kWait);
      if (!s.ok()) return s;
    }
    if (::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset),
                    static_cast<off_t>(length)) != 0) {
      if (errno == EOPNOTSUPP) return Status::NotSupported(path_, "punching holes");
      return PosixError(path_, errno);
    }
    return Status::OK();
  }

 private:
  enum class Completion {
    kQueue,  // leave the write queued (Sync submits it with the fdatasync)
    kStart,  // start it and return (write-behind)
    kWait,   // wait for it
  };

  Status Wait() {
    Status s = channel_->WaitAll();
    inflight_begin_ = inflight_end_ = 0;
    return s;
  }

  // Writes the active buffer and switches to the other one.
  Status WriteOut(Completion completion) {
    if (!dirty_) return completion == Completion::kWait ? Wait() : Status::OK();
    // One write in flight at a time: the previous one may cover the unit this one rewrites.
    Status s = Wait();
    if (!s.ok()) return s;
    char* buffer = buffers_[active_].get();
    uint64_t end = buffer_offset_ + fill_;
    size_t length = fill_;
    bool rewrites_unit = atomic_unit_ != 0 && buffer_offset_ < disk_end_;
    if (direct_) {
      length = static_cast<size_t>(RoundUp(fill_, align_));
      if (rewrites_unit) length = std::max<size_t>(length, atomic_unit_);
      std::memset(buffer + fill_, 0, length - fill_);
    }
    if (rewrites_unit) {
      s = channel_->Write(buffer, atomic_unit_, buffer_offset_, kRwfAtomic);
      if (s.ok() && length > atomic_unit_) {
        s = channel_->Write(buffer + atomic_unit_, length - atomic_unit_,
                            buffer_offset_ + atomic_unit_, 0);
      }
    } else {
      s = channel_->Write(buffer, length, buffer_offset_, 0);
    }
    if (!s.ok()) return s;
    inflight_begin_ = buffer_offset_;
    inflight_end_ = buffer_offset_ + length;
    disk_end_ = std::max(disk_end_, end);
    physical_end_ = std::max(physical_end_, buffer_offset_ + length);
    dirty_ = false;

    int next = 1 - active_;
    uint64_t tail_start = direct_ ? RoundDown(end, keep_unit_) : end;
    size_t tail = static_cast<size_t>(end - tail_start);
    std::memcpy(buffers_[next].get(), buffer + (tail_start - buffer_offset_), tail);
    buffer_offset_ = tail_start;
    fill_ = tail;
    active_ = next;

    switch (completion) {
      case Completion::kQueue:
        return Status::OK();
      case Completion::kStart:
        return channel_->Start();
      case Completion::kWait:
        return Wait();
    }
    return Status::OK();
  }

  // Loads the partly written last unit before size into the active buffer.
  Status ReloadTail(uint64_t size) {
    buffer_offset_ = RoundDown(size, keep_unit_);
    fill_ = static_cast<size_t>(size - buffer_offset_);
    size_t got = 0;
    Status s = io_->Read(fd_, path_, buffers_[active_].get(), RoundUp(fill_, align_),
                         buffer_offset_, &got);
    if (!s.ok()) return s;
    if (got < fill_) return Status::IOError(path_, "short read of the last block");
    return Status::OK();
  }

  std::string path_;
  int fd_;
  FileIo* io_;
  const uint64_t align_;  // 1 when buffered
  const bool direct_;
  const uint64_t atomic_unit_;  // 0: no untorn writes
  const uint64_t keep_unit_;    // a partial unit of this size is written again with what follows
  std::unique_ptr<WriteChannel> channel_;
  AlignedBuffer buffers_[2];
  int active_ = 0;
  uint64_t buffer_offset_ = 0;
  size_t fill_ = 0;
  bool dirty_ = false;  // the active buffer holds bytes not yet handed to the channel
  uint64_t size_;       // logical size
  uint64_t disk_end_;   // end of the logical bytes handed to the channel
  uint64_t physical_end_;
  uint64_t preallocated_end_ = 0;
  uint64_t inflight_begin_ = 0;  // the range of the write that may still be running
  uint64_t inflight_end_ = 0;
  Status reload_status_;
};

}  // namespace

std::unique_ptr<SequentialFile> NewPosixSequentialFile(std::string path, int fd) {
  return std::make_unique<PosixSequentialFile>(std::move(path), fd);
}

std::unique_ptr<RandomAccessFile> NewPosixRandomAccessFile(std::string path, int fd, uint64_t size,
                                                           FileIo* io, PosixFileMode mode) {
  return std::make_unique<PosixRandomAccessFile>(std::move(path), fd, size, io, mode.direct_align);
}

std::unique_ptr<WritableFile> NewPosixWritableFile(std::string path, int fd, uint64_t size,
                                                   FileIo* io, PosixFileMode mode) {
  return std::make_unique<PosixWritableFile>(std::move(path), fd, size, io, mode);
}

}  // namespace strata
