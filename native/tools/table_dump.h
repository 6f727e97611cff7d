// Reads an SST block by block for `strata inspect sst` and `strata check` (docs/format/sst.md,
// docs/format/page.md): the footer, every block's header (page slot, compression, stored and raw
// lengths, allocated bytes) and checksum, and the order of every entry. Unlike Table, which stops
// at the first damaged block, it goes on, so that every problem is reported with its offset.
//
// Thread safety: a free function; concurrent calls on different files are fine.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "strata/env.h"
#include "strata/status.h"
#include "table/format.h"
#include "tools/problem.h"

namespace strata::tools {

struct BlockDump {
  BlockKind kind = BlockKind::kData;
  BlockHandle handle;            // offset and on-disk size, header included
  uint8_t page_shift = 0;        // 0: a packed block; else a page in a slot of 1 << page_shift
  uint64_t slot_bytes = 0;       // pages: the slot (whole pages); packed blocks: the handle's size
  uint64_t allocated_bytes = 0;  // of the slot or block, as the filesystem reports it now
  bool header_ok = false;        // header well formed and checksum matching
  BlockHeader header;
  uint64_t entries = 0;   // data blocks
  std::string first_key;  // data blocks: internal keys
  std::string last_key;
};

// One entry of a data block, for --entries.
struct EntryDump {
  std::string internal_key;
  uint64_t value_bytes = 0;
  std::string value_prefix;  // the value's first bytes, at most TableDumpOptions::value_prefix
};

struct TableDumpOptions {
  bool entries = false;      // collect entries (up to max_entries)
  uint64_t max_entries = 0;  // 0: all
  size_t value_prefix = 0;   // bytes of each value to keep
  bool allocation = true;    // measure allocated bytes per block (SEEK_DATA / SEEK_HOLE)
};

struct TableDump {
  uint64_t file_size = 0;
  uint64_t allocated_bytes = 0;
  bool footer_ok = false;
  Footer footer;
  std::map<std::string, uint64_t> properties;
  // Data blocks in index order, then the filter, properties and index blocks.
  std::vector<BlockDump> blocks;
  uint64_t entries = 0;
  std::string smallest;  // internal keys
  std::string largest;
  std::vector<EntryDump> entry_list;
  Findings findings;
};

// Fills *dump from the SST at path. Damage goes into dump->findings; the Status is not OK only when
// the file cannot be read at all.
Status DumpTable(Env* env, const std::string& path, const TableDumpOptions& options,
                 TableDump* dump);

}  // namespace strata::tools
