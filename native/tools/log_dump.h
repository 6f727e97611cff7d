// Reads a log file (a WAL or a MANIFEST, which share the record framing of docs/format/wal.md)
// record by record for `strata inspect wal` and `strata check`: each record's offset and size,
// and for a WAL the write batch it holds. Every damaged fragment is reported with its offset.
//
// Thread safety: a free function; concurrent calls on different files are fine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "strata/env.h"
#include "strata/status.h"
#include "tools/problem.h"

namespace strata::tools {

struct BatchOperationDump {
  bool put = true;  // else a delete
  uint32_t column_family = 0;
  std::string key;
  uint64_t value_bytes = 0;
};

struct LogRecordDump {
  uint64_t offset = 0;  // of the record's first fragment
  uint64_t bytes = 0;   // payload bytes
  // WAL records: the write batch.
  uint64_t sequence = 0;
  uint32_t count = 0;
  std::vector<BatchOperationDump> operations;  // when LogDumpOptions::operations
};

struct LogDumpOptions {
  bool batches = false;     // records are write batches (a WAL): decode and check them
  bool operations = false;  // keep each batch's operations
  // Column families a batch may name (0: any): a batch naming another one is corruption.
  uint32_t column_families = 0;
  // The newest log of its kind: damage at its very end with nothing valid after it is a write
  // torn by a crash, which recovery cuts off, so it is a note rather than a problem.
  bool newest = false;
  // Keep the records (inspect); check only needs the findings.
  bool keep_records = true;
};

struct LogDump {
  uint64_t file_size = 0;
  uint64_t records = 0;
  uint64_t end_of_last_record = 0;  // where recovery cuts a torn tail
  std::vector<LogRecordDump> record_list;
  // The payloads, for MANIFEST records (kept only when batches is false and keep_records true).
  std::vector<std::string> payloads;
  Findings findings;
};

// Fills *dump from the log at path. Damage goes into dump->findings; the Status is not OK only
// when the file cannot be read at all.
Status DumpLog(Env* env, const std::string& path, const LogDumpOptions& options, LogDump* dump);

}  // namespace strata::tools
