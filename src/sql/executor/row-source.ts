// Reads the rows an access path names. Rows stream to a sink one by one (no promise per row);
// with a locking transaction (SELECT … FOR UPDATE, UPDATE, DELETE in pessimistic mode) the row
// keys are locked first and the rows decoded from the values the lock returned, which are the
// latest committed ones.
//
// Reading is synchronous for as long as the store answers from memory: readRows returns
// undefined when it finished without waiting, and a promise only from the first read that had to
// wait (a disk read, a lock, a landing commit). A point get on cached data therefore costs no
// promise at all, and a range costs none per chunk.

import { ByteWriter, decodeRowKeyHandle, prefixEnd } from '../../codec/index.js';
import type { RowDecoder } from '../../codec/index.js';
import type { KvCursor, KvPair, KvReader, Transaction } from '../../txn/api.js';
import { WOULD_BLOCK } from '../../txn/api.js';
import type { IndexInfo } from '../catalog/schema.js';
import type { Compiled } from '../expr/compiled.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { AccessPath, Bound } from '../planner/access-path.js';
import type { SourceTable } from '../planner/table-scope.js';
import type { Row } from '../types/value.js';
import { keyBound } from './key-bounds.js';
import type { BoundRole, KeyBound } from './key-bounds.js';
import type { Handle } from './row-writer.js';

/** Receives one row and its handle; returns false to stop reading. */
export type RowSink = (row: Row, handle: Handle) => boolean | void;

export interface ReadOptions {
  readonly reader: KvReader;
  /** Lock every row read in this transaction (and read its latest committed version). */
  readonly lockIn: Transaction | null;
  readonly decoder: RowDecoder;
  /** Slots per row. */
  readonly width: number;
  /**
   * The sink copies what it keeps of a row before returning: one row array serves every row
   * (slots the decoder does not fill stay null).
   */
  readonly reuseRow?: boolean;
}

/** Row keys read per batch from an index before their rows are fetched. */
const LOOKUP_BATCH = 256;

/** Reads the rows of the path into sink: undefined when done without waiting, else a promise. */
export function readRows(
  path: AccessPath,
  source: SourceTable,
  ctx: EvalContext,
  options: ReadOptions,
  sink: RowSink,
): Promise<void> | undefined {
  const codec = source.codec;
  const handleColumn = source.table.columns[source.table.handleColumn];
  const rows = new RowReader(options, sink);
  switch (path.kind) {
    case 'PointGet': {
      const bound = keyBound(
        handleColumn!,
        path.handle.evaluate(rows.blank, ctx),
        path.handle.type,
        'equal',
        ctx,
      );
      if (bound.kind !== 'value') return undefined;
      const handle = bound.value as Handle;
      return rows.readKeys([codec.rowKeys.encode(handle)], [handle]);
    }
    case 'BatchPointGet': {
      const handles = new Map<string, Handle>();
      for (const h of path.handles) {
        const bound = keyBound(handleColumn!, h.evaluate(rows.blank, ctx), h.type, 'equal', ctx);
        if (bound.kind === 'value') handles.set(String(bound.value), bound.value as Handle);
      }
      const sorted = [...handles.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return rows.readKeys(
        sorted.map((h) => codec.rowKeys.encode(h)),
        sorted,
      );
    }
    case 'TableScan':
    case 'TableRange': {
      let [start, end] = codec.rowKeys.range();
      if (path.kind === 'TableRange') {
        const low = path.low ? bound(path.low, 'low') : null;
        const high = path.high ? bound(path.high, 'high') : null;
        if (low?.kind === 'none' || high?.kind === 'none') return undefined;
        if (low?.kind === 'value') {
          const key = codec.rowKeys.encode(low.value as Handle);
          start = path.low!.inclusive || !low.exact ? key : prefixEnd(key);
        }
        if (high?.kind === 'value') {
          const key = codec.rowKeys.encode(high.value as Handle);
          end = path.high!.inclusive || !high.exact ? prefixEnd(key) : key;
        }
        if (Buffer.compare(start, end) >= 0) return undefined;
      }
      return rows.scanRows(start, end);
    }
    case 'IndexLookup': {
      const index = path.index;
      const writer = new ByteWriter();
      writer.bytes(codec.indexBoundPrefix(index));
      for (let i = 0; i < path.equals.length; i++) {
        const value = path.equals[i]!;
        const b = keyBound(
          source.table.columns[index.columns[i]!.offset]!,
          value.evaluate(rows.blank, ctx),
          value.type,
          'equal',
          ctx,
        );
        if (b.kind === 'none') return undefined;
        if (b.kind === 'open') break;
        codec.writeIndexDatum(writer, index, i, b.value);
      }
      const prefix = writer.toBuffer();
      let start = prefix;
      let end = prefixEnd(prefix);
      const part = path.equals.length;
      const column = index.columns[part]
        ? source.table.columns[index.columns[part]!.offset]
        : undefined;
      const rangeKey = (value: unknown) => {
        const w = new ByteWriter();
        w.bytes(prefix);
        codec.writeIndexDatum(w, index, part, value as never);
        return w.toBuffer();
      };
      if (column && path.low) {
        const b = keyBound(
          column,
          path.low.value.evaluate(rows.blank, ctx),
          path.low.value.type,
          'low',
          ctx,
        );
        if (b.kind === 'none') return undefined;
        if (b.kind === 'value') {
          const key = rangeKey(b.value);
          start = path.low.inclusive || !b.exact ? key : prefixEnd(key);
        }
      }
      if (column && path.high) {
        const b = keyBound(
          column,
          path.high.value.evaluate(rows.blank, ctx),
          path.high.value.type,
          'high',
          ctx,
        );
        if (b.kind === 'none') return undefined;
        if (b.kind === 'value') {
          const key = rangeKey(b.value);
          end = path.high.inclusive || !b.exact ? prefixEnd(key) : key;
        }
      }
      if (Buffer.compare(start, end) >= 0) return undefined;
      return rows.scanIndex(source, index, start, end, path.unique ? 1 : undefined);
    }
    case 'IndexIn':
      return readIndexIn(path.index, path.values, source, ctx, rows);
  }

  function bound(b: Bound, role: BoundRole): KeyBound {
    return keyBound(handleColumn!, b.value.evaluate(rows.blank, ctx), b.value.type, role, ctx);
  }
}

async function readIndexIn(
  index: IndexInfo,
  values: readonly Compiled[],
  source: SourceTable,
  ctx: EvalContext,
  rows: RowReader,
): Promise<void> {
  const codec = source.codec;
  const column = source.table.columns[index.columns[0]!.offset]!;
  const seen = new Set<string>();
  for (const value of values) {
    const b = keyBound(column, value.evaluate(rows.blank, ctx), value.type, 'equal', ctx);
    if (b.kind !== 'value') continue;
    const writer = new ByteWriter();
    writer.bytes(codec.indexBoundPrefix(index));
    codec.writeIndexDatum(writer, index, 0, b.value);
    const prefix = writer.toBuffer();
    const key = prefix.toString('latin1');
    if (seen.has(key)) continue;
    seen.add(key);
    await rows.scanIndex(source, index, prefix, prefixEnd(prefix), undefined);
    if (rows.stopped) return;
  }
}

/** Decodes values into rows for one sink, remembering when the sink asked to stop. */
class RowReader {
  /** A row of nulls: the template of new rows, and the input of row-independent expressions. */
  readonly blank: Row;
  private readonly shared: Row | undefined;
  stopped = false;

  constructor(
    private readonly options: ReadOptions,
    private readonly sink: RowSink,
  ) {
    const blank: Row = [];
    for (let i = 0; i < options.width; i++) blank.push(null);
    this.blank = blank;
    this.shared = options.reuseRow === true ? blank.slice() : undefined;
  }

  /** Decodes one stored row and hands it to the sink; false once the sink stops. */
  emit(value: Buffer, handle: Handle): boolean {
    const row = this.shared ?? this.blank.slice();
    this.options.decoder.decode(value, row);
    if (this.sink(row, handle) === false) this.stopped = true;
    return !this.stopped;
  }

  /** Reads (or locks and reads) the rows at keys, in order, skipping absent ones. */
  readKeys(keys: Buffer[], handles: Handle[]): Promise<void> | undefined {
    if (keys.length === 0) return undefined;
    const { lockIn, reader } = this.options;
    if (lockIn) return this.lockAndRead(lockIn, keys, handles);
    for (let i = 0; i < keys.length; i++) {
      const value = reader.tryGet(keys[i]!);
      if (value === WOULD_BLOCK) return this.readKeysFrom(keys, handles, i);
      if (value !== undefined && !this.emit(value, handles[i]!)) return undefined;
    }
    return undefined;
  }

  private async readKeysFrom(keys: Buffer[], handles: Handle[], first: number): Promise<void> {
    const reader = this.options.reader;
    for (let i = first; i < keys.length; i++) {
      const fast = reader.tryGet(keys[i]!);
      const value = fast === WOULD_BLOCK ? await reader.get(keys[i]!) : fast;
      if (value !== undefined && !this.emit(value, handles[i]!)) return;
    }
  }

  private async lockAndRead(lockIn: Transaction, keys: Buffer[], handles: Handle[]) {
    const values = await lockIn.lockKeys(keys);
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      if (value !== undefined && !this.emit(value, handles[i]!)) return;
    }
  }

  /** The rows of the row-key range [start, end). */
  scanRows(start: Buffer, end: Buffer): Promise<void> | undefined {
    const { lockIn, reader } = this.options;
    if (lockIn) return this.lockRange(lockIn, start, end);
    const cursor = reader.cursor(start, end);
    for (;;) {
      const chunk = cursor.tryNext();
      if (chunk === WOULD_BLOCK) return this.scanRowsAsync(cursor);
      if (chunk === null || !this.emitChunk(chunk)) return undefined;
    }
  }

  private async scanRowsAsync(cursor: KvCursor): Promise<void> {
    for (;;) {
      let chunk = cursor.tryNext();
      if (chunk === WOULD_BLOCK) chunk = await cursor.next();
      if (chunk === null || !this.emitChunk(chunk)) return;
    }
  }

  private emitChunk(chunk: KvPair[]): boolean {
    for (let i = 0; i < chunk.length; i++) {
      const entry = chunk[i]!;
      if (!this.emit(entry[1], decodeRowKeyHandle(entry[0]))) return false;
    }
    return true;
  }

  private async lockRange(lockIn: Transaction, start: Buffer, end: Buffer): Promise<void> {
    const pairs = await this.options.reader.scan(start, end, { keyOnly: true });
    await this.lockAndRead(
      lockIn,
      pairs.map(([k]) => k),
      pairs.map(([k]) => decodeRowKeyHandle(k)),
    );
  }

  /** The rows an index range points at, fetched in batches of LOOKUP_BATCH. */
  async scanIndex(
    source: SourceTable,
    index: IndexInfo,
    start: Buffer,
    end: Buffer,
    limit: number | undefined,
  ): Promise<void> {
    const codec = source.codec;
    const cursor = this.options.reader.cursor(start, end, limit !== undefined ? { limit } : {});
    let handles: Handle[] = [];
    const flush = async () => {
      const batch = handles;
      handles = [];
      await this.readKeys(
        batch.map((h) => codec.rowKeys.encode(h)),
        batch,
      );
    };
    for (;;) {
      let chunk = cursor.tryNext();
      if (chunk === WOULD_BLOCK) chunk = await cursor.next();
      if (chunk === null) break;
      for (const [key, value] of chunk) {
        handles.push(codec.handleOfEntry(index, key, value));
        if (handles.length >= LOOKUP_BATCH) {
          await flush();
          if (this.stopped) return;
        }
      }
    }
    if (handles.length > 0) await flush();
  }
}
