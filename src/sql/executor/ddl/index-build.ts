// Building a new key from a table's rows while writes go on (CREATE INDEX, ALTER TABLE … ADD
// INDEX): the key is published write-only (DML maintains it), filled from the rows here, then
// made public. Each batch locks its rows, so a concurrent UPDATE either finished before (and the
// batch sees its row) or waits and then maintains the write-only key itself.

import { decodeRowKeyHandle, indexPrefix, prefixEnd } from '../../../codec/index.js';
import type { TxnStoreApi } from '../../../txn/api.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { IndexInfo } from '../../catalog/schema.js';
import { codecOf } from '../../planner/table-scope.js';
import type { Row } from '../../types/value.js';
import { duplicateEntryError } from '../row-writer.js';

/** Rows backfilled per transaction. */
const BACKFILL_BATCH_ROWS = 2_000;
/** Index entries deleted per transaction when a key is dropped. */
const CLEAR_BATCH_KEYS = 10_000;

/** Writes the index entries of every row of the table (as the catalog has it now). */
export async function backfillIndex(
  catalog: Catalog,
  store: TxnStoreApi,
  tableId: number,
  index: IndexInfo,
): Promise<void> {
  const table = catalog.schema.tableById(tableId);
  if (!table) return;
  const codec = codecOf(table);
  // Only the indexed columns: the entries need nothing else of the rows.
  const decoder = codec.decoder(index.columns.map((c) => c.offset));
  const [rangeStart, end] = codec.rowKeys.range();
  let start = rangeStart;
  for (;;) {
    const txn = await store.begin({ mode: 'pessimistic' });
    try {
      const pairs = await txn.scan(start, end, { limit: BACKFILL_BATCH_ROWS, keyOnly: true });
      if (pairs.length === 0) {
        await txn.rollback();
        return;
      }
      const keys = pairs.map(([k]) => k);
      const values = await txn.lockKeys(keys);
      const entries: Array<{ key: Buffer; value: Buffer; row: Row }> = [];
      for (let i = 0; i < keys.length; i++) {
        const value = values[i];
        if (value === undefined) continue;
        const row: Row = new Array(table.columns.length).fill(null);
        decoder.decode(value, row);
        const handle = decodeRowKeyHandle(keys[i]!);
        entries.push({
          key: codec.indexKey(index, row, handle),
          value: codec.indexValue(index, row, handle),
          row,
        });
      }
      if (index.unique) {
        const existing = await txn.lockKeys(entries.map((e) => e.key));
        const seen = new Set<string>();
        entries.forEach((e, i) => {
          const k = e.key.toString('latin1');
          if ((existing[i] !== undefined && !existing[i]!.equals(e.value)) || seen.has(k)) {
            throw duplicateEntryError(table, index, e.row);
          }
          seen.add(k);
        });
      }
      for (const e of entries) txn.put(e.key, e.value);
      await txn.commit();
      if (pairs.length < BACKFILL_BATCH_ROWS) return;
      start = Buffer.concat([keys[keys.length - 1]!, Buffer.from([0])]);
    } catch (error) {
      if (!txn.finished) await txn.rollback();
      throw error;
    }
  }
}

/** Deletes every entry of a key, in batches. */
export async function clearIndexData(
  store: TxnStoreApi,
  tableId: number,
  indexId: number,
): Promise<void> {
  const start = indexPrefix(tableId, indexId);
  const end = prefixEnd(start);
  for (;;) {
    const txn = await store.begin({ mode: 'optimistic' });
    try {
      const pairs = await txn.scan(start, end, { limit: CLEAR_BATCH_KEYS, keyOnly: true });
      for (const [key] of pairs) txn.delete(key);
      await txn.commit();
      if (pairs.length < CLEAR_BATCH_KEYS) return;
    } catch (error) {
      if (!txn.finished) await txn.rollback();
      throw error;
    }
  }
}
