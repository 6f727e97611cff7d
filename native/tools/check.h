// `strata check DATADIR`: verifies every checksum of a data dir offline, as RocksDB's
// `ldb checkconsistency` does: CURRENT and the MANIFEST (every record), every live SST (footer,
// index, filter, properties and every data block, page slots included; entry order; the sizes,
// keys and counts the MANIFEST recorded) and every WAL recovery would replay (every record and
// the write batch inside). Each problem names its file and offset.
//
// Thread safety: a free function. It holds the data dir's LOCK while it reads, so it never runs
// beside a server on the same data dir.
#pragma once

#include <cstdint>
#include <string>

#include "strata/env.h"
#include "strata/status.h"
#include "tools/problem.h"

namespace strata::tools {

struct CheckReport {
  Findings findings;
  uint64_t manifest_records = 0;
  uint64_t table_files = 0;
  uint64_t blocks = 0;
  uint64_t entries = 0;
  uint64_t wal_files = 0;
  uint64_t wal_records = 0;
  uint64_t bytes = 0;  // logical bytes of the files read
};

// InvalidArgument when dir is not a data dir, Busy when a server has it open; otherwise OK with
// what was found in *report.
Status CheckDataDir(Env* env, const std::string& dir, CheckReport* report);

}  // namespace strata::tools
