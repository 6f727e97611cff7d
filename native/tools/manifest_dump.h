// Reads a data dir's CURRENT file and the MANIFEST it names (docs/format/manifest.md) for
// `strata inspect manifest` and `strata check`: every version edit with its offset, and the state
// they add up to (column families, log and file numbers, the live SSTs level by level), replayed
// as VersionSet::Recover replays them.
//
// Thread safety: a free function; concurrent calls are fine.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "db/version_edit.h"
#include "strata/env.h"
#include "strata/status.h"
#include "tools/problem.h"
#include "tools/version_edit_view.h"

namespace strata::tools {

struct ManifestEditDump {
  uint64_t offset = 0;
  VersionEditView edit;
};

struct LiveFile {
  uint32_t column_family = 0;
  int level = 0;
  FileMetaData meta;
};

struct ManifestDump {
  std::string manifest_name;  // as CURRENT names it; empty when CURRENT is unusable
  uint64_t manifest_size = 0;
  std::vector<ManifestEditDump> edits;
  // The state the edits add up to; meaningful only when state_ok.
  bool state_ok = false;
  std::map<std::string, uint32_t> column_families;
  uint64_t log_number = 0;
  uint64_t next_file_number = 0;
  uint64_t last_sequence = 0;
  std::vector<LiveFile> live_files;  // by column family, then level, then file number
  Findings findings;
};

// Fills *dump from dir/CURRENT and the MANIFEST it names. Damage goes into dump->findings; the
// Status is not OK only when a file cannot be read at all.
Status DumpManifest(Env* env, const std::string& dir, ManifestDump* dump);

}  // namespace strata::tools
