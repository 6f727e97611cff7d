// statx with the fields of Linux 6.11+ (DIO alignment, atomic write units), which the Debian 12
// system headers predate. Layout as in the kernel's uapi linux/stat.h.
#pragma once

#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

namespace strata {

struct StatxTimestampExt {
  int64_t tv_sec;
  uint32_t tv_nsec;
  int32_t reserved;
};

struct StatxExt {
  uint32_t stx_mask;
  uint32_t stx_blksize;
  uint64_t stx_attributes;
  uint32_t stx_nlink;
  uint32_t stx_uid;
  uint32_t stx_gid;
  uint16_t stx_mode;
  uint16_t spare0;
  uint64_t stx_ino;
  uint64_t stx_size;
  uint64_t stx_blocks;
  uint64_t stx_attributes_mask;
  StatxTimestampExt stx_atime, stx_btime, stx_ctime, stx_mtime;
  uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
  uint64_t stx_mnt_id;
  uint32_t stx_dio_mem_align;
  uint32_t stx_dio_offset_align;
  uint64_t stx_subvol;
  uint32_t stx_atomic_write_unit_min;
  uint32_t stx_atomic_write_unit_max;
  uint32_t stx_atomic_write_segments_max;
  uint32_t stx_dio_read_offset_align;
  uint32_t stx_atomic_write_unit_max_opt;
  uint32_t spare2;
  uint64_t spare3[8];
};
static_assert(sizeof(StatxExt) == 0x100, "statx layout");

constexpr uint32_t kStatxDioAlign = 0x00002000u;
constexpr uint32_t kStatxWriteAtomic = 0x00010000u;
// pwritev2 flag for untorn writes (Linux 6.11).
constexpr int kRwfAtomic = 0x00000040;

inline int CallStatx(int dirfd, const char* path, int flags, uint32_t mask, StatxExt* st) {
  return static_cast<int>(::syscall(SYS_statx, dirfd, path, flags, mask, st));
}

}  // namespace strata
