#include "io/posix_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "io/file_io.h"
#include "io/statx_ext.h"

namespace strata {

namespace {

constexpr const char* kProbeFileName = "/.strata-probe";

bool IsPowerOfTwo(uint32_t n) { return n != 0 && (n & (n - 1)) == 0; }

// Whether an RWF_ATOMIC write of unit bytes succeeds through an O_DIRECT descriptor: statx may
// report units the filesystem then refuses for this file (e.g. without reflink on XFS).
bool AtomicWriteWorks(int direct_fd, uint32_t unit) {
  void* buffer = std::aligned_alloc(kDirectIoMemoryAlignment, unit);
  if (buffer == nullptr) return false;
  std::memset(buffer, 0, unit);
  iovec iov{buffer, unit};
  ssize_t written = ::pwritev2(direct_fd, &iov, 1, 0, kRwfAtomic);
  std::free(buffer);
  return written == static_cast<ssize_t>(unit);
}

}  // namespace

Status PosixError(const std::string& context, int error_number) {
  std::string message = context + ": " + std::strerror(error_number);
  switch (error_number) {
    case ENOSPC:
    case EDQUOT:
      return Status::NoSpace(message);
    case ENOENT:
      return Status::NotFound(message);
    case EWOULDBLOCK:
      return Status::Busy(message);
    default:
      return Status::IOError(message);
  }
}

uint32_t DirectIoAlignment(int fd) {
  StatxExt st{};
  if (CallStatx(fd, "", AT_EMPTY_PATH, kStatxDioAlign, &st) != 0) return 0;
  if (!(st.stx_mask & kStatxDioAlign) || st.stx_dio_mem_align > kDirectIoMemoryAlignment) return 0;
  return st.stx_dio_offset_align;
}

Status ProbeFileSystem(const std::string& dir, FileSystemInfo* info) {
  *info = FileSystemInfo();
  std::string probe = dir + kProbeFileName;
  int fd = ::open(probe.c_str(), O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0) return PosixError(probe, errno);

  StatxExt st{};
  uint32_t atomic_min = 0, atomic_max = 0;
  if (CallStatx(fd, "", AT_EMPTY_PATH, kStatxDioAlign | kStatxWriteAtomic, &st) == 0) {
    if (st.stx_blksize > 0) info->block_size = st.stx_blksize;
    if ((st.stx_mask & kStatxWriteAtomic) && IsPowerOfTwo(st.stx_atomic_write_unit_min)) {
      atomic_min = st.stx_atomic_write_unit_min;
      atomic_max = st.stx_atomic_write_unit_max;
    }
  }
  uint32_t align = DirectIoAlignment(fd);

  off_t two_blocks = static_cast<off_t>(info->block_size) * 2;
  info->punch_hole =
      ::fallocate(fd, 0, 0, two_blocks) == 0 &&
      ::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, info->block_size) == 0;

  // tmpfs accepts O_DIRECT opens (Linux 6.6+) but reports no alignment: no alignment, no O_DIRECT.
  if (align != 0) {
    int direct_fd = ::open(probe.c_str(), O_RDWR | O_DIRECT | O_CLOEXEC);
    if (direct_fd >= 0) {
      info->dio_mem_align = static_cast<uint32_t>(std::max<uint64_t>(st.stx_dio_mem_align, 1));
      info->dio_offset_align = align;
      bool reported = atomic_min != 0 && atomic_max >= atomic_min;
      uint32_t unit = reported ? std::clamp(info->block_size, atomic_min, atomic_max) : 0;
      if (reported && IsPowerOfTwo(unit) && AtomicWriteWorks(direct_fd, unit)) {
        info->atomic_write_unit_min = atomic_min;
        info->atomic_write_unit_max = atomic_max;
      }
      ::close(direct_fd);
    }
  }
  ::close(fd);
  ::unlink(probe.c_str());
  return Status::OK();
}

}  // namespace strata
