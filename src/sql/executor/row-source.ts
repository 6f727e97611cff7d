// Reads the rows an access path names. Rows stream to a sink one by one (no promise per row);
// with a locking transaction (SELECT … FOR UPDATE, UPDATE, DELETE in pessimistic mode) the row
// keys are locked first and the rows decoded from the values the lock returned, which are the
// latest committed ones.

import { ByteWriter, decodeRowKeyHandle, prefixEnd } from '../../codec/index.js';
import type { RowDecoder } from '../../codec/index.js';
import type { KvCursor, KvReader, Transaction } from '../../txn/api.js';
import { WOULD_BLOCK } from '../../txn/api.js';
import type { IndexInfo } from '../catalog/schema.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { AccessPath, Bound } from '../planner/access-path.js';
import type { SourceTable } from '../planner/table-scope.js';
import type { Row } from '../types/value.js';
import { keyBound } from './key-bounds.js';
import type { BoundRole, KeyBound } from './key-bounds.js';

/** Receives one row and its handle; returns false to stop reading. */
export type RowSink = (row: Row, handle: number | bigint) => boolean | void;

export interface ReadOptions {
  readonly reader: KvReader;
  /** Lock every row read in this transaction (and read its latest committed version). */
  readonly lockIn: Transaction | null;
  readonly decoder: RowDecoder;
  /** Slots per row. */
  readonly width: number;
}

/** Row keys read per batch from an index before their rows are fetched. */
const LOOKUP_BATCH = 256;

export async function readRows(
  path: AccessPath,
  source: SourceTable,
  ctx: EvalContext,
  options: ReadOptions,
  sink: RowSink,
): Promise<void> {
  const codec = source.codec;
  const handleColumn = source.table.columns[source.table.handleColumn];
  switch (path.kind) {
    case 'PointGet': {
      const bound = keyBound(
        handleColumn!,
        path.handle.evaluate([], ctx),
        path.handle.type,
        'equal',
        ctx,
      );
      if (bound.kind !== 'value') return;
      await emitKeys(
        [codec.rowKeys.encode(bound.value as number | bigint)],
        [bound.value as number | bigint],
        options,
        sink,
      );
      return;
    }
    case 'BatchPointGet': {
      const handles = new Map<string, number | bigint>();
      for (const h of path.handles) {
        const bound = keyBound(handleColumn!, h.evaluate([], ctx), h.type, 'equal', ctx);
        if (bound.kind === 'value')
          handles.set(String(bound.value), bound.value as number | bigint);
      }
      const sorted = [...handles.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      await emitKeys(
        sorted.map((h) => codec.rowKeys.encode(h)),
        sorted,
        options,
        sink,
      );
      return;
    }
    case 'TableScan':
    case 'TableRange': {
      let [start, end] = codec.rowKeys.range();
      if (path.kind === 'TableRange') {
        const low = path.low ? bound(path.low, 'low') : null;
        const high = path.high ? bound(path.high, 'high') : null;
        if (low?.kind === 'none' || high?.kind === 'none') return;
        if (low?.kind === 'value') {
          const key = codec.rowKeys.encode(low.value as number | bigint);
          start = path.low!.inclusive || !low.exact ? key : prefixEnd(key);
        }
        if (high?.kind === 'value') {
          const key = codec.rowKeys.encode(high.value as number | bigint);
          end = path.high!.inclusive || !high.exact ? prefixEnd(key) : key;
        }
        if (Buffer.compare(start, end) >= 0) return;
      }
      await scanRowRange(start, end, options, sink);
      return;
    }
    case 'IndexLookup': {
      const index = path.index;
      const writer = new ByteWriter();
      writer.bytes(codec.indexBoundPrefix(index));
      for (let i = 0; i < path.equals.length; i++) {
        const value = path.equals[i]!;
        const b = keyBound(
          source.table.columns[index.columns[i]!.offset]!,
          value.evaluate([], ctx),
          value.type,
          'equal',
          ctx,
        );
        if (b.kind === 'none') return;
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
          path.low.value.evaluate([], ctx),
          path.low.value.type,
          'low',
          ctx,
        );
        if (b.kind === 'none') return;
        if (b.kind === 'value') {
          const key = rangeKey(b.value);
          start = path.low.inclusive || !b.exact ? key : prefixEnd(key);
        }
      }
      if (column && path.high) {
        const b = keyBound(
          column,
          path.high.value.evaluate([], ctx),
          path.high.value.type,
          'high',
          ctx,
        );
        if (b.kind === 'none') return;
        if (b.kind === 'value') {
          const key = rangeKey(b.value);
          end = path.high.inclusive || !b.exact ? prefixEnd(key) : key;
        }
      }
      if (Buffer.compare(start, end) >= 0) return;
      await scanIndexRange(source, index, start, end, path.unique ? 1 : undefined, options, sink);
      return;
    }
    case 'IndexIn': {
      const index = path.index;
      const column = source.table.columns[index.columns[0]!.offset]!;
      const seen = new Set<string>();
      for (const value of path.values) {
        const b = keyBound(column, value.evaluate([], ctx), value.type, 'equal', ctx);
        if (b.kind !== 'value') continue;
        const writer = new ByteWriter();
        writer.bytes(codec.indexBoundPrefix(index));
        codec.writeIndexDatum(writer, index, 0, b.value);
        const prefix = writer.toBuffer();
        const key = prefix.toString('latin1');
        if (seen.has(key)) continue;
        seen.add(key);
        let stop = false;
        await scanIndexRange(
          source,
          index,
          prefix,
          prefixEnd(prefix),
          undefined,
          options,
          (row, handle) => {
            if (sink(row, handle) === false) {
              stop = true;
              return false;
            }
          },
        );
        if (stop) return;
      }
      return;
    }
  }

  function bound(b: Bound, role: BoundRole): KeyBound {
    return keyBound(handleColumn!, b.value.evaluate([], ctx), b.value.type, role, ctx);
  }
}

function newRow(width: number): Row {
  return new Array(width).fill(null);
}

/** Reads (or locks and reads) the rows at keys, in order, skipping absent ones. */
async function emitKeys(
  keys: Buffer[],
  handles: Array<number | bigint>,
  options: ReadOptions,
  sink: RowSink,
): Promise<void> {
  if (keys.length === 0) return;
  let values: Array<Buffer | undefined>;
  if (options.lockIn) values = await options.lockIn.lockKeys(keys);
  else if (keys.length === 1) {
    const fast = options.reader.tryGet(keys[0]!);
    values = [fast === WOULD_BLOCK ? await options.reader.get(keys[0]!) : fast];
  } else values = await options.reader.batchGet(keys);
  for (let i = 0; i < keys.length; i++) {
    const value = values[i];
    if (value === undefined) continue;
    const row = newRow(options.width);
    options.decoder.decode(value, row);
    if (sink(row, handles[i]!) === false) return;
  }
}

/** Calls visit for every entry of the cursor until it returns false; no promise per chunk in memory. */
async function forEachEntry(
  cursor: KvCursor,
  visit: (key: Buffer, value: Buffer) => boolean,
): Promise<void> {
  for (;;) {
    let chunk = cursor.tryNext();
    if (chunk === WOULD_BLOCK) chunk = await cursor.next();
    if (chunk === null) return;
    for (let i = 0; i < chunk.length; i++) {
      const entry = chunk[i]!;
      if (!visit(entry[0], entry[1])) return;
    }
  }
}

async function scanRowRange(
  start: Buffer,
  end: Buffer,
  options: ReadOptions,
  sink: RowSink,
): Promise<void> {
  if (options.lockIn) {
    const pairs = await options.reader.scan(start, end, { keyOnly: true });
    await emitKeys(
      pairs.map(([k]) => k),
      pairs.map(([k]) => decodeRowKeyHandle(k)),
      options,
      sink,
    );
    return;
  }
  const { decoder, width } = options;
  await forEachEntry(options.reader.cursor(start, end), (key, value) => {
    const row = newRow(width);
    decoder.decode(value, row);
    return sink(row, decodeRowKeyHandle(key)) !== false;
  });
}

async function scanIndexRange(
  source: SourceTable,
  index: IndexInfo,
  start: Buffer,
  end: Buffer,
  limit: number | undefined,
  options: ReadOptions,
  sink: RowSink,
): Promise<void> {
  const codec = source.codec;
  let handles: Array<number | bigint> = [];
  let stopped = false;
  const flush = async () => {
    if (handles.length === 0) return;
    const batch = handles;
    handles = [];
    await emitKeys(
      batch.map((h) => codec.rowKeys.encode(h)),
      batch,
      options,
      (row, handle) => {
        if (sink(row, handle) === false) {
          stopped = true;
          return false;
        }
      },
    );
  };
  const cursor = options.reader.cursor(start, end, limit !== undefined ? { limit } : {});
  for (;;) {
    let chunk = cursor.tryNext();
    if (chunk === WOULD_BLOCK) chunk = await cursor.next();
    if (chunk === null) break;
    for (const [key, value] of chunk) {
      handles.push(codec.handleOfEntry(index, key, value));
      if (handles.length >= LOOKUP_BATCH) {
        await flush();
        if (stopped) return;
      }
    }
  }
  await flush();
}
