// Helpers shared by the posix-based Envs: errno → Status, file-system probing with statx.
#pragma once

#include <string>

#include "strata/env.h"
#include "strata/status.h"

namespace strata {

// ENOSPC/EDQUOT → NoSpace, ENOENT → NotFound, EWOULDBLOCK on a lock → Busy, else IOError.
Status PosixError(const std::string& context, int error_number);

// statx(STATX_DIOALIGN | STATX_WRITE_ATOMIC) of path, plus a hole-punch probe in dir.
Status ProbeFileSystem(const std::string& dir, FileSystemInfo* info);

}  // namespace strata
