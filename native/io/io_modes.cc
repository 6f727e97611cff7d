#include "io/io_modes.h"

#include <algorithm>

#include "wal/log_format.h"

namespace strata {
namespace {

// Torn writes happen in units of the device's physical sector, which is the filesystem block
// (4 KiB) or smaller on every device we meet; a WAL padded to the filesystem block never shares
// one with a later write.
constexpr uint32_t kMinWalSyncUnit = 512;

bool IsPowerOfTwo(uint32_t n) { return n != 0 && (n & (n - 1)) == 0; }

void AddReason(std::string* reasons, const std::string& reason) {
  if (!reasons->empty()) reasons->append("; ");
  reasons->append(reason);
}

}  // namespace

Env* EnvForBackend(IoBackend backend, std::string* fallback_reason) {
  if (backend == IoBackend::kUring) {
    std::string why_not;
    Env* env = UringEnv(&why_not);
    if (env != nullptr) return env;
    AddReason(fallback_reason, why_not + "; using the threads backend");
  }
  return PosixEnv();
}

Status ChooseIoModes(const Options& options, const FileSystemInfo& fs, const std::string& dir,
                     IoModes* modes) {
  std::string reasons = modes->fallback_reason;
  *modes = IoModes();
  bool direct = fs.dio_offset_align != 0;
  if (options.direct_io && !direct) {
    AddReason(&reasons,
              "the filesystem reports no O_DIRECT alignment (statx STATX_DIOALIGN); using "
              "buffered I/O");
  }
  if (!fs.punch_hole) {
    AddReason(&reasons,
              "the filesystem cannot punch holes (fallocate FALLOC_FL_PUNCH_HOLE); pages are "
              "written to their slots without reserving them");
  }
  modes->tables.direct_io = options.direct_io && direct;
  modes->wal.direct_io = modes->tables.direct_io;

  uint32_t block = std::clamp(IsPowerOfTwo(fs.block_size) ? fs.block_size : 4096u, kMinWalSyncUnit,
                              static_cast<uint32_t>(log::kBlockSize));
  bool untorn = fs.atomic_write_unit_min != 0 && direct;
  uint32_t unit =
      untorn ? std::clamp(block, fs.atomic_write_unit_min, fs.atomic_write_unit_max) : 0;
  untorn =
      untorn && IsPowerOfTwo(unit) && unit <= log::kBlockSize && unit % fs.dio_offset_align == 0;
  bool use_untorn = false;
  switch (options.atomic_writes) {
    case AtomicWritesMode::kOn:
      if (!untorn) {
        return Status::NotSupported(
            "atomic writes are on, but the filesystem under " + dir +
            " offers no untorn writes (statx STATX_WRITE_ATOMIC with O_DIRECT and RWF_ATOMIC)");
      }
      use_untorn = true;
      break;
    case AtomicWritesMode::kDefault:
      // Untorn writes need O_DIRECT; a WAL the user left buffered stays buffered.
      use_untorn = untorn && modes->wal.direct_io;
      break;
    case AtomicWritesMode::kOff:
      break;
  }
  if (use_untorn) {
    modes->wal.direct_io = true;
    modes->wal.atomic_write_unit = unit;
    modes->wal_sync_unit = 0;
  } else {
    modes->wal_sync_unit = block;
  }
  if (options.in_memory) reasons.clear();  // nothing was asked of a filesystem
  modes->fallback_reason = reasons;
  return Status::OK();
}

}  // namespace strata
