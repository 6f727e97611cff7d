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
import type { KvCursor, KvPair, KvReader, ScanOptions, Transaction } from '../../txn/api.js';
import { WOULD_BLOCK } from '../../txn/api.js';
import type { IndexInfo } from '../catalog/schema.js';
import type { Compiled } from '../expr/compiled.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { AccessPath, Bound } from '../planner/access-path.js';
import type { TableSource } from '../planner/table-scope.js';
import type { Row } from '../types/value.js';
import { keyBound } from './key-bounds.js';
import type { EntryDecoder } from './table-codec.js';
import type { BoundRole, KeyBound } from './key-bounds.js';
import type { Handle } from './row-writer.js';

/**
 * Receives one row and its handle; returns false to stop reading. A sink that must wait (a join
 * probe or a subquery that reads the disk) returns a promise, and reading resumes once it
 * settles (with false: stops).
 */
export type RowSink = (row: Row, handle: Handle) => boolean | void | Promise<boolean | void>;

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
  /**
   * Decode into this row (in place, as with reuseRow) and compute the access path's key values
   * from it: a join reads each table into its slots of the row joined so far.
   */
  readonly target?: Row;
}

/** Reads the rows of the path into sink: undefined when done without waiting, else a promise. */
export function readRows(
  path: AccessPath,
  source: TableSource,
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
      return rows.scanRows(start, end, path.reverse === true);
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
      return rows.scanIndex(
        source,
        index,
        start,
        end,
        { limit: path.unique ? 1 : undefined, reverse: path.reverse === true },
        options.lockIn ? null : coveringDecoder(source, index),
      );
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
  source: TableSource,
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
    const reading = rows.scanIndex(
      source,
      index,
      prefix,
      prefixEnd(prefix),
      {},
      rows.locking ? null : coveringDecoder(source, index),
    );
    if (reading !== undefined) await reading;
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
    const target = options.target;
    if (target !== undefined) {
      this.blank = target;
      this.shared = target;
      return;
    }
    const blank: Row = [];
    for (let i = 0; i < options.width; i++) blank.push(null);
    this.blank = blank;
    this.shared = options.reuseRow === true ? blank.slice() : undefined;
  }

  /**
   * Decodes one stored row and hands it to the sink: true to go on, false once the sink stopped,
   * or a promise of that when the sink has to wait.
   */
  emit(value: Buffer, handle: Handle): boolean | Promise<boolean> {
    const row = this.shared ?? this.blank.slice();
    this.options.decoder.decode(value, row);
    return this.deliver(row, handle);
  }

  /** Hands a decoded row to the sink: as emit(). */
  private deliver(row: Row, handle: Handle): boolean | Promise<boolean> {
    const result = this.sink(row, handle);
    if (result === true || result === undefined) return true;
    if (result === false) {
      this.stopped = true;
      return false;
    }
    return result.then(this.settled);
  }

  private readonly settled = (result: boolean | void): boolean => {
    if (result === false) this.stopped = true;
    return !this.stopped;
  };

  /** Reads (or locks and reads) the rows at keys, in order, skipping absent ones. */
  readKeys(keys: Buffer[], handles: Handle[]): Promise<void> | undefined {
    if (keys.length === 0) return undefined;
    const { lockIn, reader } = this.options;
    if (lockIn) return this.lockAndRead(lockIn, keys, handles);
    for (let i = 0; i < keys.length; i++) {
      const value = reader.tryGet(keys[i]!);
      if (value === WOULD_BLOCK) return this.readKeysFrom(keys, handles, i);
      if (value === undefined) continue;
      const going = this.emit(value, handles[i]!);
      if (going === true) continue;
      if (going === false) return undefined;
      const next = i + 1;
      return going.then((go) => (go ? this.readKeysFrom(keys, handles, next) : undefined));
    }
    return undefined;
  }

  private async readKeysFrom(keys: Buffer[], handles: Handle[], first: number): Promise<void> {
    const reader = this.options.reader;
    for (let i = first; i < keys.length; i++) {
      const fast = reader.tryGet(keys[i]!);
      const value = fast === WOULD_BLOCK ? await reader.get(keys[i]!) : fast;
      if (value === undefined) continue;
      const going = this.emit(value, handles[i]!);
      if (going !== true && !(going !== false && (await going))) return;
    }
  }

  private async lockAndRead(lockIn: Transaction, keys: Buffer[], handles: Handle[]) {
    const values = await lockIn.lockKeys(keys);
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      if (value === undefined) continue;
      const going = this.emit(value, handles[i]!);
      if (going !== true && !(going !== false && (await going))) return;
    }
  }

  /** The rows of the row-key range [start, end), in key order or reversed. */
  scanRows(start: Buffer, end: Buffer, reverse: boolean): Promise<void> | undefined {
    const { lockIn, reader } = this.options;
    if (lockIn) return this.lockRange(lockIn, start, end, reverse);
    const cursor = reader.cursor(start, end, { reverse });
    for (;;) {
      const chunk = cursor.tryNext();
      if (chunk === WOULD_BLOCK) return this.scanRowsAsync(cursor);
      if (chunk === null) return undefined;
      const going = this.emitChunk(chunk, 0);
      if (going === true) continue;
      if (going === false) return undefined;
      return going.then((go) => (go ? this.scanRowsAsync(cursor) : undefined));
    }
  }

  private async scanRowsAsync(cursor: KvCursor): Promise<void> {
    for (;;) {
      let chunk = cursor.tryNext();
      if (chunk === WOULD_BLOCK) chunk = await cursor.next();
      if (chunk === null) return;
      const going = this.emitChunk(chunk, 0);
      if (going !== true && !(going !== false && (await going))) return;
    }
  }

  /** Emits the chunk's rows from index `from`: as emit(), for the whole chunk. */
  private emitChunk(chunk: KvPair[], from: number): boolean | Promise<boolean> {
    for (let i = from; i < chunk.length; i++) {
      const entry = chunk[i]!;
      const going = this.emit(entry[1], decodeRowKeyHandle(entry[0]));
      if (going === true) continue;
      if (going === false) return false;
      const next = i + 1;
      return going.then((go) => (go ? this.emitChunk(chunk, next) : false));
    }
    return true;
  }

  private async lockRange(
    lockIn: Transaction,
    start: Buffer,
    end: Buffer,
    reverse: boolean,
  ): Promise<void> {
    const pairs = await this.options.reader.scan(start, end, { keyOnly: true, reverse });
    await this.lockAndRead(
      lockIn,
      pairs.map(([k]) => k),
      pairs.map(([k]) => decodeRowKeyHandle(k)),
    );
  }

  get locking(): boolean {
    return this.options.lockIn !== null;
  }

  /**
   * The rows an index range points at: read from the entries themselves when the index covers
   * every column read (covering), else fetched by handle, a chunk of entries at a time.
   */
  scanIndex(
    source: TableSource,
    index: IndexInfo,
    start: Buffer,
    end: Buffer,
    scan: ScanOptions,
    covering: EntryDecoder | null,
  ): Promise<void> | undefined {
    const codec = source.codec;
    const cursor = this.options.reader.cursor(start, end, scan);
    const process = (chunk: KvPair[] | null): boolean | Promise<boolean> => {
      if (chunk === null) return false;
      if (covering !== null) return this.emitEntries(chunk, 0, covering);
      const handles: Handle[] = new Array(chunk.length);
      const keys: Buffer[] = new Array(chunk.length);
      for (let i = 0; i < chunk.length; i++) {
        const [key, value] = chunk[i]!;
        const handle = codec.handleOfEntry(index, key, value);
        handles[i] = handle;
        keys[i] = codec.rowKeys.encode(handle);
      }
      const reading = this.readKeys(keys, handles);
      if (reading === undefined) return !this.stopped;
      return reading.then(() => !this.stopped);
    };
    return drive(() => {
      const chunk = cursor.tryNext();
      return chunk === WOULD_BLOCK ? cursor.next().then(process) : process(chunk);
    });
  }

  /** Emits the rows of index entries (covering read) from index `from`: as emitChunk(). */
  private emitEntries(
    chunk: KvPair[],
    from: number,
    decode: EntryDecoder,
  ): boolean | Promise<boolean> {
    for (let i = from; i < chunk.length; i++) {
      const [key, value] = chunk[i]!;
      const row = this.shared ?? this.blank.slice();
      const handle = decode(key, value, row);
      const going = this.deliver(row, handle);
      if (going === true) continue;
      if (going === false) return false;
      const next = i + 1;
      return going.then((go) => (go ? this.emitEntries(chunk, next, decode) : false));
    }
    return true;
  }
}

/**
 * Calls step until it returns false (done): synchronously while it returns true, and after
 * awaiting once it returns a promise. undefined when it finished without waiting.
 */
function drive(step: () => boolean | Promise<boolean>): Promise<void> | undefined {
  for (;;) {
    const going = step();
    if (going === true) continue;
    if (going === false) return undefined;
    return going.then((go) => (go ? driveAsync(step) : undefined));
  }
}

async function driveAsync(step: () => boolean | Promise<boolean>): Promise<void> {
  for (;;) {
    const going = step();
    if (!(going === true || (going !== false && (await going)))) return;
  }
}

const coveringCache = new WeakMap<TableSource, Map<number, EntryDecoder | null>>();

/** The decoder of a covering read of the index for the source's columns, or null. */
function coveringDecoder(source: TableSource, index: IndexInfo): EntryDecoder | null {
  let byIndex = coveringCache.get(source);
  if (!byIndex) {
    byIndex = new Map();
    coveringCache.set(source, byIndex);
  }
  let decoder = byIndex.get(index.id);
  if (decoder === undefined) {
    decoder = source.codec.entryDecoder(index, source.used, source.slotBase);
    byIndex.set(index.id, decoder);
  }
  return decoder;
}
