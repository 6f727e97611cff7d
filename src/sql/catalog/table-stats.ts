// A table's row count and sizes, for information_schema.TABLES, SHOW TABLE STATUS and
// information_schema.INNODB_SYS_TABLESPACES. Rows are counted exactly (a key-only scan of the
// row range at a fresh snapshot). Sizes are the engine's SST bytes in the table's key ranges
// (data still in memtables counts once flushed): logical bytes as the pages would be
// uncompressed, and allocated bytes, which are fewer for PAGE_COMPRESSED tables whose pages' slots
// have punched holes.

import {
  INDEX_SEPARATOR,
  prefixEnd,
  RECORD_SEPARATOR,
  tableKeyRange,
  tablePrefix,
} from '../../codec/index.js';
import { WOULD_BLOCK } from '../../txn/api.js';
import type { TxnStoreApi } from '../../txn/api.js';
import type { TableInfo } from './schema.js';

export interface TableStats {
  readonly rows: number;
  /** Logical SST bytes of the rows. */
  readonly dataBytes: number;
  /** Logical SST bytes of the index entries. */
  readonly indexBytes: number;
  /** Logical SST bytes of rows and index entries together. */
  readonly logicalBytes: number;
  /** SST bytes of rows and index entries as allocated on disk. */
  readonly allocatedBytes: number;
}

function range(table: TableInfo, separator: Buffer): [Buffer, Buffer] {
  const start = Buffer.concat([tablePrefix(table.id), separator]);
  return [start, prefixEnd(start)];
}

async function countRows(store: TxnStoreApi, table: TableInfo): Promise<number> {
  const reader = store.trySnapshot() ?? (await store.snapshot());
  const cursor = reader.cursor(...range(table, RECORD_SEPARATOR), { keyOnly: true });
  let rows = 0;
  for (;;) {
    let chunk = cursor.tryNext();
    if (chunk === WOULD_BLOCK) chunk = await cursor.next();
    if (chunk === null) return rows;
    rows += chunk.length;
  }
}

export async function tableStats(store: TxnStoreApi, table: TableInfo): Promise<TableStats> {
  const [rows, data, index, whole] = await Promise.all([
    countRows(store, table),
    store.rangeSize(...range(table, RECORD_SEPARATOR)),
    store.rangeSize(...range(table, INDEX_SEPARATOR)),
    store.rangeSize(...tableKeyRange(table.id)),
  ]);
  return {
    rows,
    dataBytes: data.logicalBytes,
    indexBytes: index.logicalBytes,
    logicalBytes: whole.logicalBytes,
    allocatedBytes: whole.allocatedBytes,
  };
}
