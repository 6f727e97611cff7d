// Writes, replaces and removes rows of one table in a transaction, keeping every index in step
// and checking unique keys. In pessimistic transactions the keys checked are locked first (the
// lock returns their latest committed value); in optimistic ones they are read at the start
// timestamp and commit catches concurrent writers.

import { ER } from '../../server/constants/error-codes.js';
import { WOULD_BLOCK, type Transaction } from '../../txn/api.js';
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

/**
 * Whether the index's columns hold the very same values in both rows (then its entry keeps its
 * key). Only identical primitives count; anything else is left to the key comparison.
 */
function sameIndexValues(index: IndexInfo, oldRow: Row, newRow: Row): boolean {
  for (const part of index.columns) {
    const before = oldRow[part.offset];
    if (!Object.is(before, newRow[part.offset]) || (typeof before === 'object' && before !== null))
      return false;
  }
  return true;
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
  readonly uniqueIndexes: readonly IndexInfo[];
  readonly writeIndexes: readonly IndexInfo[];

  constructor(
    readonly table: TableInfo,
    readonly codec: TableCodec,
    readonly txn: Transaction,
    private readonly pessimistic: boolean,
  ) {
    this.writeIndexes = codec.writeIndexes;
    this.uniqueIndexes = codec.uniqueIndexes;
  }

  /** Reads (locking when pessimistic) the current values of keys. */
  async read(keys: Buffer[]): Promise<Array<Buffer | undefined>> {
    if (keys.length === 0) return [];
    return this.pessimistic ? this.txn.lockKeys(keys) : this.txn.batchGet(keys);
  }

  /**
   * Unique keys the row would take that another row holds. checkHandle: whether the row key
   * itself may exist (an explicit handle rather than a freshly allocated one). Synchronous when
   * there is nothing to check, or (optimistic) when the values are in memory.
   */
  conflicts(
    row: Row,
    handle: Handle,
    checkHandle: boolean,
    ignoreHandle: Handle | null = null,
  ): Conflict[] | Promise<Conflict[]> {
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
    if (keys.length === 0) return [];
    const found = (values: ReadonlyArray<Buffer | undefined>) =>
      this.conflictsIn(keys, owners, values, handle, ignoreHandle);
    if (this.pessimistic) return this.txn.lockKeys(keys).then(found);
    const values: Array<Buffer | undefined> = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const value = this.txn.tryGet(keys[i]!);
      if (value === WOULD_BLOCK) return this.txn.batchGet(keys).then(found);
      values[i] = value;
    }
    return found(values);
  }

  private conflictsIn(
    keys: readonly Buffer[],
    owners: ReadonlyArray<IndexInfo | null>,
    values: ReadonlyArray<Buffer | undefined>,
    handle: Handle,
    ignoreHandle: Handle | null,
  ): Conflict[] {
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
   * are written without locks of their own. Undefined when there is nothing to lock.
   */
  private lockForWrite(
    indexes: readonly IndexInfo[],
    keys: readonly Buffer[],
  ): Promise<unknown> | undefined {
    if (!this.pessimistic) return undefined;
    let unique: Buffer[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      if (indexes[i]!.unique) (unique ??= []).push(keys[i]!);
    }
    return unique === undefined ? undefined : this.txn.lockKeys(unique);
  }

  /** Puts a new row and its index entries (uniqueness already checked). */
  insert(row: Row, handle: Handle): Promise<void> | undefined {
    const indexes = this.writeIndexes;
    const rowKey = this.codec.rowKeys.encode(handle);
    const rowValue = this.codec.encodeRow(row);
    if (indexes.length === 0) {
      this.txn.put(rowKey, rowValue);
      return undefined;
    }
    const keys = indexes.map((index) => this.codec.indexKey(index, row, handle));
    const values = indexes.map((index) => this.codec.indexValue(index, row, handle));
    const put = () => {
      this.txn.put(rowKey, rowValue);
      for (let i = 0; i < keys.length; i++) this.txn.put(keys[i]!, values[i]!);
    };
    const locking = this.lockForWrite(indexes, keys);
    if (locking === undefined) {
      put();
      return undefined;
    }
    return locking.then(put);
  }

  /** Removes a row and its index entries. */
  async remove(row: Row, handle: Handle): Promise<void> {
    const keys = this.writeIndexes.map((index) => this.codec.indexKey(index, row, handle));
    await this.lockForWrite(this.writeIndexes, keys);
    this.txn.delete(this.codec.rowKeys.encode(handle));
    for (const key of keys) this.txn.delete(key);
  }

  /**
   * Replaces oldRow by newRow, touching only the index entries whose key changed. newValue:
   * newRow already encoded, when the caller has it.
   */
  async update(
    oldRow: Row,
    oldHandle: Handle,
    newRow: Row,
    newHandle: Handle,
    newValue?: Buffer,
  ): Promise<void> {
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
      if (!handleChanged && sameIndexValues(index, oldRow, newRow)) continue;
      const oldKey = this.codec.indexKey(index, oldRow, oldHandle);
      const newKey = this.codec.indexKey(index, newRow, newHandle);
      if (oldKey.equals(newKey) && !handleChanged) continue;
      changes.push({ oldKey, newKey, value: this.codec.indexValue(index, newRow, newHandle) });
      changedIndexes.push(index, index);
      changedKeys.push(oldKey, newKey);
    }
    await this.lockForWrite(changedIndexes, changedKeys);
    if (handleChanged) this.txn.delete(this.codec.rowKeys.encode(oldHandle));
    this.txn.put(this.codec.rowKeys.encode(newHandle), newValue ?? this.codec.encodeRow(newRow));
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
