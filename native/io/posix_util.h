// Helpers shared by the posix-based Envs: errno → Status, complete positional writes, and probing
// what a filesystem can do (statx, O_DIRECT, RWF_ATOMIC, hole punching).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "strata/env.h"
#include "strata/status.h"

namespace strata {

// ENOSPC/EDQUOT → NoSpace, ENOENT → NotFound, EWOULDBLOCK on a lock → Busy, else IOError.
Status PosixError(const std::string& context, int error_number);

// pwritev2 until all n bytes are written (an RWF_ATOMIC write is never split).
Status WriteFully(int fd, const std::string& path, const char* buf, size_t n, uint64_t offset,
                  int rw_flags);

// What the filesystem under dir can do, measured on a scratch file created (and removed) there:
// statx reports O_DIRECT alignment and untorn write units for regular files only.
Status ProbeFileSystem(const std::string& dir, FileSystemInfo* info);

// The O_DIRECT offset alignment statx reports for an open file; 0 when it reports none.
uint32_t DirectIoAlignment(int fd);

}  // namespace strata
