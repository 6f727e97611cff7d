#include "io/posix_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/statx_ext.h"

namespace strata {

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

Status ProbeFileSystem(const std::string& dir, FileSystemInfo* info) {
  *info = FileSystemInfo();
  StatxExt st{};
  if (CallStatx(AT_FDCWD, dir.c_str(), 0, kStatxDioAlign | kStatxWriteAtomic | STATX_BLOCKS, &st) ==
      0) {
    if (st.stx_mask & kStatxDioAlign) {
      info->dio_mem_align = st.stx_dio_mem_align;
      info->dio_offset_align = st.stx_dio_offset_align;
    }
    if (st.stx_mask & kStatxWriteAtomic) {
      info->atomic_write_unit_min = st.stx_atomic_write_unit_min;
      info->atomic_write_unit_max = st.stx_atomic_write_unit_max;
    }
    if (st.stx_blksize > 0) info->block_size = st.stx_blksize;
  }
  // Hole punching: try it on a scratch file of two blocks.
  std::string probe = dir + "/.punch-probe";
  int fd = ::open(probe.c_str(), O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0644);
  if (fd >= 0) {
    off_t len = static_cast<off_t>(info->block_size) * 2;
    if (::fallocate(fd, 0, 0, len) == 0 &&
        ::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, info->block_size) == 0) {
      info->punch_hole = true;
    }
    ::close(fd);
    ::unlink(probe.c_str());
  }
  return Status::OK();
}

}  // namespace strata
