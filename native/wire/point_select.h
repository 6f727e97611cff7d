// The native fast path for a prepared point select by integer primary key
// (`SELECT cols FROM t WHERE pk = ?`): decode the COM_STMT_EXECUTE parameter, build the row key
// (docs/format/row.md), read the newest committed version with the native MVCC reader, decode
// the selected columns and write the binary result set, all without JavaScript.
//
// The SQL layer decides which statements qualify and describes them (src/sql/session/
// fast-path.ts); anything this code cannot answer exactly as the JavaScript path would (a lock
// in the way, a NULL or non-integer parameter, a column missing from an old row, a cursor) is
// handed back to JavaScript untouched.
//
// Reads are at the latest committed version: for one row read outside a transaction that is
// what a fresh snapshot sees, and a prewritten but uncommitted change (a lock) sends the
// statement to the JavaScript path, which waits or resolves as Percolator requires.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mvcc/reader.h"

namespace strata::wire {

// How a selected column is stored in the row value and sent in a binary row.
struct FastColumn {
  enum class Kind : uint8_t { kInt, kUint, kFloat, kBytes };
  uint32_t id = 0;  // the column's stable id in the row format
  Kind kind = Kind::kBytes;
  uint8_t wire_type = 0;  // MYSQL_TYPE_* of its column definition
};

struct PointSelectPlan {
  // The catalog's schema version the plan was made at; a newer version retires it.
  uint64_t schema_version = 0;
  // Raw row-key prefix: 74 | int64(tableId) | 5F 72.
  std::string row_key_prefix;
  std::vector<FastColumn> columns;
  // The column count packet's payload, then each column definition's payload.
  std::string column_count_payload;
  std::vector<std::string> column_payloads;
};

enum class FastOutcome { kAnswered, kFallback };

// Executes a COM_STMT_EXECUTE payload (command byte included) for plan, appending the whole
// response to *out. param_types holds the parameter type remembered from an earlier execute
// (0: none yet) and is updated when the packet binds new types.
FastOutcome ExecutePointSelect(mvcc::Reader* reader, const PointSelectPlan& plan,
                               std::string_view payload, uint16_t* param_type,
                               uint16_t status_flags, bool deprecate_eof, std::string* out,
                               Status* error);

}  // namespace strata::wire
