// Writes, replaces and removes rows of one table in a transaction, keeping every index in step
// and checking unique keys. In pessimistic transactions the keys checked are locked first (the
// lock returns their latest committed value); in optimistic ones they are read at the start
// timestamp and commit catches concurrent writers.

import { ER } from '../../server/constants/error-codes.js';
import type { Transaction } from '../../txn/api.js';
import type { IndexInfo, TableInfo } from '../catalog/schema.js';
import { sqlError } from '../errors.js';
import { formatDouble } from '../types/format.js';
import type { Row, Value } from '../types/value.js';
import type { TableCodec } from './table-codec.js';

export type Handle = number | bigint;

/** A unique key some row already holds. */
export interface Conflict {
  readonly index: IndexInfo | null;
  readonly handle: Handle;
}

function valueText(value: Value): string {
  if (value === null) return 'NULL';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number' && !Number.isInteger(value)) return formatDouble(value);
  return String(value);
}

/** The entry and key name that error 1062 quotes. */
export function duplicateEntry(
  table: TableInfo,
  index: IndexInfo | null,
  row: Row,
): { entry: string; key: string } {
  const parts = index
    ? index.columns.map((c) => valueText(row[c.offset]!))
    : [valueText(row[table.handleColumn]!)];
  return { entry: parts.join('-'), key: index ? index.name : 'PRIMARY' };
}

export function duplicateEntryError(table: TableInfo, index: IndexInfo | null, row: Row) {
  const { entry, key } = duplicateEntry(table, index, row);
  return sqlError(ER.DUP_ENTRY, entry, key);
}

export class RowWriter {
  readonly uniqueIndexes: IndexInfo[];
  readonly writeIndexes: IndexInfo[];

  constructor(
    readonly table: TableInfo,
    readonly codec: TableCodec,
    readonly txn: Transaction,
    private readonly pessimistic: boolean,
  ) {
    const clustered = table.handleColumn >= 0;
    this.writeIndexes = table.indexes.filter((i) => !(i.primary && clustered));
    this.uniqueIndexes = this.writeIndexes.filter((i) => i.unique);
  }

  /** Reads (locking when pessimistic) the current values of keys. */
  async read(keys: Buffer[]): Promise<Array<Buffer | undefined>> {
    if (keys.length === 0) return [];
    return this.pessimistic ? this.txn.lockKeys(keys) : this.txn.batchGet(keys);
  }

  /**
   * Unique keys the row would take that another row holds. checkHandle: whether the row key
   * itself may exist (an explicit handle rather than a freshly allocated one).
   */
  async conflicts(
    row: Row,
    handle: Handle,
    checkHandle: boolean,
    ignoreHandle: Handle | null = null,
  ): Promise<Conflict[]> {
    const keys: Buffer[] = [];
    const owners: Array<IndexInfo | null> = [];
    if (checkHandle) {
      keys.push(this.codec.rowKeys.encode(handle));
      owners.push(null);
    }
    for (const index of this.uniqueIndexes) {
      if (index.columns.some((c) => row[c.offset] === null)) continue;
      keys.push(this.codec.indexKey(index, row, handle));
      owners.push(index);
    }
    const values = await this.read(keys);
    const found: Conflict[] = [];
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      if (value === undefined) continue;
      const index = owners[i]!;
      const owner = index ? this.codec.handleOfEntry(index, keys[i]!, value) : handle;
      if (ignoreHandle !== null && owner === ignoreHandle) continue;
      found.push({ index, handle: owner });
    }
    return found;
  }

  /**
   * Locks the unique index entries a pessimistic transaction writes (they guard uniqueness, so
   * a concurrent writer of the same value must wait). Entries of non-unique indexes carry their
   * row's handle and change only with the row, whose lock the transaction holds: like TiDB, they
   * are written without locks of their own.
   */
  private async lockForWrite(indexes: readonly IndexInfo[], keys: readonly Buffer[]) {
    if (!this.pessimistic) return;
    let unique: Buffer[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      if (indexes[i]!.unique) (unique ??= []).push(keys[i]!);
    }
    if (unique !== undefined) await this.txn.lockKeys(unique);
  }

  /** Puts a new row and its index entries (uniqueness already checked). */
  async insert(row: Row, handle: Handle): Promise<void> {
    const entries = this.writeIndexes.map(
      (index) =>
        [
          this.codec.indexKey(index, row, handle),
          this.codec.indexValue(index, row, handle),
        ] as const,
    );
    await this.lockForWrite(
      this.writeIndexes,
      entries.map(([key]) => key),
    );
    this.txn.put(this.codec.rowKeys.encode(handle), this.codec.encodeRow(row));
    for (const [key, value] of entries) this.txn.put(key, value);
  }

  /** Removes a row and its index entries. */
  async remove(row: Row, handle: Handle): Promise<void> {
    const keys = this.writeIndexes.map((index) => this.codec.indexKey(index, row, handle));
    await this.lockForWrite(this.writeIndexes, keys);
    this.txn.delete(this.codec.rowKeys.encode(handle));
    for (const key of keys) this.txn.delete(key);
  }

  /** Replaces oldRow by newRow, touching only the index entries whose key changed. */
  async update(oldRow: Row, oldHandle: Handle, newRow: Row, newHandle: Handle): Promise<void> {
    const handleChanged = oldHandle !== newHandle;
    if (handleChanged || this.uniqueIndexes.length) {
      const changedUnique = this.uniqueIndexes.filter(
        (index) =>
          handleChanged ||
          !this.codec
            .indexKey(index, oldRow, oldHandle)
            .equals(this.codec.indexKey(index, newRow, newHandle)),
      );
      if (handleChanged || changedUnique.length) {
        const conflicts = await this.conflicts(newRow, newHandle, handleChanged, oldHandle);
        const relevant = conflicts.filter(
          (c) => c.index === null || changedUnique.includes(c.index),
        );
        if (relevant.length) throw duplicateEntryError(this.table, relevant[0]!.index, newRow);
      }
    }
    const changes: Array<{ oldKey: Buffer; newKey: Buffer; value: Buffer }> = [];
    const changedIndexes: IndexInfo[] = [];
    const changedKeys: Buffer[] = [];
    for (const index of this.writeIndexes) {
      const oldKey = this.codec.indexKey(index, oldRow, oldHandle);
      const newKey = this.codec.indexKey(index, newRow, newHandle);
      if (oldKey.equals(newKey) && !handleChanged) continue;
      changes.push({ oldKey, newKey, value: this.codec.indexValue(index, newRow, newHandle) });
      changedIndexes.push(index, index);
      changedKeys.push(oldKey, newKey);
    }
    await this.lockForWrite(changedIndexes, changedKeys);
    if (handleChanged) this.txn.delete(this.codec.rowKeys.encode(oldHandle));
    this.txn.put(this.codec.rowKeys.encode(newHandle), this.codec.encodeRow(newRow));
    for (const c of changes) {
      this.txn.delete(c.oldKey);
      this.txn.put(c.newKey, c.value);
    }
  }

  /** Reads a whole row by handle (for ON DUPLICATE KEY UPDATE and REPLACE). */
  async fetch(
    handle: Handle,
    width: number,
    decode: (value: Buffer, row: Row) => void,
  ): Promise<Row | undefined> {
    const [value] = await this.read([this.codec.rowKeys.encode(handle)]);
    if (value === undefined) return undefined;
    const row: Row = new Array(width).fill(null);
    decode(value, row);
    return row;
  }
}
