// Which I/O backend and file modes a database uses, chosen once at open from what was asked
// (Options) and what the machine offers (io_uring setup, FileSystemInfo), with the reason for
// every fallback. docs/format/wal.md ("Torn writes") explains the two ways the WAL keeps
// acknowledged records safe.
#pragma once

#include <cstdint>
#include <string>

#include "strata/env.h"
#include "strata/options.h"
#include "strata/status.h"

namespace strata {

struct IoModes {
  // SST reads and writes.
  FileOptions tables;
  // The WAL. With untorn writes its partly written last block is rewritten in place with
  // RWF_ATOMIC (which needs O_DIRECT, so the WAL then bypasses the page cache even when tables
  // do not); without, the WAL pads each synced group to wal_sync_unit.
  FileOptions wal;
  // 0 when the WAL rewrites its tail with untorn writes; else the block size the WAL pads to
  // after each fdatasync, so that no later write touches a block holding synced records.
  uint32_t wal_sync_unit = 0;
  // Why something asked for is not in use ("" when everything is).
  std::string fallback_reason;
};

// The Env for a backend: UringEnv when kUring and io_uring works, else PosixEnv (with the reason
// appended to *fallback_reason).
Env* EnvForBackend(IoBackend backend, std::string* fallback_reason);

// NotSupported when atomic writes are kOn and the filesystem under dir has no untorn writes.
Status ChooseIoModes(const Options& options, const FileSystemInfo& fs, const std::string& dir,
                     IoModes* modes);

}  // namespace strata
