// Engine: the typed TypeScript face of the native LSM engine.
//
// Writes return promises that the engine's WAL thread resolves after the batch is in the WAL (and
// fdatasync'ed when `sync` is set) and applied to the memtable. Reads try a synchronous path that
// only looks at memory (memtables, open tables' index and filter blocks, the block cache); when the
// answer needs a disk read they continue on a native worker thread. No call blocks the event loop
// on disk I/O or fsync.

import { IteratorOp, native } from './binding.js';
import type { NativeDatabase, NativeIterator, NativeStepResult } from './binding.js';
import { EngineError, fromNative } from './errors.js';
import type {
  CheckpointResult,
  CompressionRange,
  SeekOptions,
  EngineOptions,
  EngineStats,
  IoBackend,
  IteratorOptions,
  RangeSize,
  ReadOptions,
  Snapshot,
  WriteOptions,
} from './types.js';
import { DEFAULT_COLUMN_FAMILIES } from './types.js';
import type { NativeWireEvent } from './binding.js';
import { MvccReader } from './mvcc-reader.js';
import { ThrottleWaiter } from './throttle.js';
import type { ThrottleLog, ThrottleWaitStats } from './throttle.js';
import { WireHub } from './wire-hub.js';
import { WriteBatch } from './write-batch.js';

/** Returned by tryGet when the answer is not in memory and an asynchronous read is needed. */
export const NEEDS_IO: unique symbol = Symbol('NEEDS_IO');

/** Entries fetched per crossing into the addon when reading a range. */
const READ_CHUNK_ENTRIES = 256;

/**
 * Defaults for the I/O path from the environment (STRATA_IO=uring|threads, STRATA_DIRECT_IO=0|1),
 * so that a whole test suite, child processes included, can run on each backend. Options given
 * explicitly win.
 */
function ioDefaultsFromEnvironment(): Pick<EngineOptions, 'io' | 'directIo'> {
  const defaults: Pick<EngineOptions, 'io' | 'directIo'> = {};
  const io = process.env.STRATA_IO;
  if (io !== undefined && io !== '') {
    if (io !== 'uring' && io !== 'threads') {
      throw new EngineError('INVALID_ARGUMENT', `STRATA_IO must be uring or threads, got '${io}'`);
    }
    defaults.io = io as IoBackend;
  }
  const directIo = process.env.STRATA_DIRECT_IO;
  if (directIo !== undefined && directIo !== '') {
    if (directIo !== '0' && directIo !== '1') {
      throw new EngineError(
        'INVALID_ARGUMENT',
        `STRATA_DIRECT_IO must be 0 or 1, got '${directIo}'`,
      );
    }
    defaults.directIo = directIo === '1';
  }
  return defaults;
}

function callNative<T>(invoke: (callback: (error: Error | null, result: T) => void) => void) {
  return new Promise<T>((resolve, reject) => {
    invoke((error, result) => (error ? reject(fromNative(error)) : resolve(result)));
  });
}

class EngineSnapshot implements Snapshot {
  private released = false;

  constructor(
    private readonly db: NativeDatabase,
    readonly sequence: bigint,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.db.releaseSnapshot(this.sequence);
  }
}

export interface MemstoreThrottleSettings {
  /** memstore_limit: memory the memtables may hold; 0 turns the limit and throttling off. */
  limitBytes: number;
  /** writing_throttling_trigger_percentage (1–100; 100 turns throttling off). */
  triggerPercentage: number;
  /** writing_throttling_maximum_duration. */
  maxDurationMs: number;
}

/**
 * How often cached read iterators (trySeek's, MvccReader's) are checked for staleness: an idle
 * stale one keeps the files a compaction replaced on disk until it is dropped.
 */
const STALE_ITERATOR_SWEEP_MS = 1_000;

export class Engine {
  private closed = false;
  private readonly staleSweep: NodeJS.Timeout;
  private readonly columnFamilyIds = new Map<string, number>();
  private throttled = false;
  private readonly throttle: ThrottleWaiter;

  private constructor(
    private readonly db: NativeDatabase,
    readonly options: Readonly<EngineOptions>,
  ) {
    this.throttle = new ThrottleWaiter({
      waitMicros: (seq) => db.throttleWait(seq),
      reportFields: () => {
        const stats = this.stats();
        return {
          memstoreBytes: db.memstoreBytes(),
          triggerBytes: stats.throttleTriggerBytes,
          limitBytes: stats.memstoreLimitBytes,
          decayFactor: stats.throttleDecay,
        };
      },
    });
    this.staleSweep = setInterval(() => db.releaseStaleIterators(), STALE_ITERATOR_SWEEP_MS);
    this.staleSweep.unref();
  }

  /** Opens (and by default creates) a data dir, or an in-memory engine when no path is given. */
  static async open(options: EngineOptions = {}): Promise<Engine> {
    const db = new native.Database();
    const columnFamilies = [
      ...new Set([...DEFAULT_COLUMN_FAMILIES, ...(options.columnFamilies ?? [])]),
    ];
    const inMemory = options.inMemory === true || options.path === undefined;
    const nativeOptions: Record<string, unknown> = {
      ...ioDefaultsFromEnvironment(),
      ...options,
      inMemory,
      columnFamilies,
    };
    delete nativeOptions.path;
    await callNative<void>((cb) => db.open(inMemory ? null : options.path!, nativeOptions, cb));
    const engine = new Engine(db, { ...options, inMemory, columnFamilies });
    for (const name of columnFamilies) engine.columnFamilyIds.set(name, db.columnFamilyId(name));
    return engine;
  }

  /** The numeric handle of a column family, for WriteBatch and reads. */
  columnFamily(name: string): number {
    const id = this.columnFamilyIds.get(name);
    if (id === undefined) {
      throw new EngineError('INVALID_ARGUMENT', `unknown column family '${name}'`);
    }
    return id;
  }

  /**
   * Applies the batch atomically. Resolves once it is durable as `options.sync` asks. Under
   * memstore throttling the write first waits its turn (see throttle.ts).
   */
  write(batch: WriteBatch, options: WriteOptions = {}): Promise<void> {
    this.checkOpen();
    if (this.throttled) {
      const seq = this.db.throttleAcquire(batch.byteLength);
      if (seq > 0) {
        // The batch may be reused once write() returns: keep its bytes for after the wait.
        const bytes = Buffer.from(batch.encode());
        return this.throttle.wait(seq).then(() => this.writeEncoded(bytes, options));
      }
    }
    return this.writeEncoded(batch.encode(), options);
  }

  private writeEncoded(bytes: Buffer, options: WriteOptions): Promise<void> {
    if (this.closed) return Promise.reject(new EngineError('CLOSED', 'the engine is closed'));
    return callNative<void>((cb) =>
      this.db.write(bytes, options.sync === true, options.disableWal === true, cb),
    );
  }

  /** Sets the memstore limit and write throttling (OceanBase's variables); applies at once. */
  setMemstoreThrottle(settings: MemstoreThrottleSettings): void {
    this.checkOpen();
    this.db.setMemstoreThrottle(
      settings.limitBytes,
      settings.triggerPercentage,
      settings.maxDurationMs * 1000,
    );
    this.throttled = settings.limitBytes > 0;
  }

  /** Memory held by the active and frozen memtables. */
  memstoreBytes(): number {
    this.checkOpen();
    return this.db.memstoreBytes();
  }

  /** Throttle waits of every write so far (count, total and longest). */
  throttleWaits(): Readonly<ThrottleWaitStats> {
    return this.throttle.stats;
  }

  /** Where "report write throttle info" and "throttle situation" lines go (null: nowhere). */
  setThrottleLog(log: ThrottleLog | null): void {
    this.throttle.setLog(log);
  }

  put(columnFamily: number, key: Buffer, value: Buffer, options?: WriteOptions): Promise<void> {
    return this.write(new WriteBatch().put(columnFamily, key, value), options);
  }

  delete(columnFamily: number, key: Buffer, options?: WriteOptions): Promise<void> {
    return this.write(new WriteBatch().delete(columnFamily, key), options);
  }

  /**
   * The value if the answer is in memory: a Buffer, undefined when the key is absent, or NEEDS_IO
   * when a disk read would be needed (then call get()).
   */
  tryGet(
    columnFamily: number,
    key: Buffer,
    options: ReadOptions = {},
  ): Buffer | undefined | typeof NEEDS_IO {
    this.checkOpen();
    let result: Buffer | null | undefined;
    try {
      result = this.db.getSync(
        columnFamily,
        key,
        options.snapshot?.sequence ?? null,
        options.fillCache !== false,
      );
    } catch (error) {
      throw fromNative(error);
    }
    if (result === undefined) return NEEDS_IO;
    return result ?? undefined;
  }

  /** The value of a key, or undefined when absent. */
  async get(
    columnFamily: number,
    key: Buffer,
    options: ReadOptions = {},
  ): Promise<Buffer | undefined> {
    const fast = this.tryGet(columnFamily, key, options);
    if (fast !== NEEDS_IO) return fast;
    const value = await callNative<Buffer | null>((cb) =>
      this.db.get(
        columnFamily,
        key,
        options.snapshot?.sequence ?? null,
        options.fillCache !== false,
        cb,
      ),
    );
    return value ?? undefined;
  }

  /**
   * The first entry with key >= target (and < upperBound when given) if the answer is in memory:
   * [key, value], undefined when there is none, or NEEDS_IO (then call seek()). One synchronous
   * crossing into the addon, reusing a cached iterator: the point-read primitive of MVCC.
   */
  trySeek(
    columnFamily: number,
    target: Buffer,
    options: SeekOptions = {},
  ): [Buffer, Buffer] | undefined | typeof NEEDS_IO {
    this.checkOpen();
    let result: [Buffer, Buffer] | null | undefined;
    try {
      result = this.db.trySeek(
        columnFamily,
        target,
        options.upperBound ?? null,
        options.snapshot?.sequence ?? null,
      );
    } catch (error) {
      throw fromNative(error);
    }
    if (result === undefined) return NEEDS_IO;
    return result ?? undefined;
  }

  /** The same as trySeek, continuing on a worker thread when a disk read is needed. */
  async seek(
    columnFamily: number,
    target: Buffer,
    options: SeekOptions = {},
  ): Promise<[Buffer, Buffer] | undefined> {
    const fast = this.trySeek(columnFamily, target, options);
    if (fast !== NEEDS_IO) return fast;
    const entry = await callNative<[Buffer, Buffer] | null>((cb) =>
      this.db.seek(
        columnFamily,
        target,
        options.upperBound ?? null,
        options.snapshot?.sequence ?? null,
        cb,
      ),
    );
    return entry ?? undefined;
  }

  /**
   * Native snapshot reads of the transaction layer's MVCC data in the given column families
   * (docs/format/mvcc.md). Used from one thread (the JS thread) only.
   */
  mvccReader(lockCf: number, writeCf: number, defaultCf: number): MvccReader {
    this.checkOpen();
    return new MvccReader(this.db, lockCf, writeCf, defaultCf);
  }

  /** The native wire path over this engine's MVCC data (see wire-hub.ts). */
  wireHub(
    lockCf: number,
    writeCf: number,
    defaultCf: number,
    onEvents: (events: NativeWireEvent[]) => void,
  ): WireHub {
    this.checkOpen();
    return new WireHub(this.db, lockCf, writeCf, defaultCf, onEvents);
  }

  /** A consistent view of every column family as of now. */
  snapshot(): Snapshot {
    this.checkOpen();
    return new EngineSnapshot(this.db, this.db.snapshot());
  }

  iterator(columnFamily: number, options: IteratorOptions = {}): EngineIterator {
    this.checkOpen();
    const nativeIterator = this.db.newIterator(
      columnFamily,
      options.snapshot?.sequence ?? null,
      options.lowerBound ?? null,
      options.upperBound ?? null,
      options.fillCache !== false,
    );
    return new EngineIterator(nativeIterator);
  }

  /**
   * All entries in [start, end) in key order (or reverse), at most `limit` of them: a convenience
   * over iterator() for bounded range reads.
   */
  async scan(
    columnFamily: number,
    start: Buffer,
    end: Buffer,
    options: { limit?: number; reverse?: boolean; snapshot?: Snapshot } = {},
  ): Promise<Array<[Buffer, Buffer]>> {
    const it = this.iterator(columnFamily, {
      lowerBound: start,
      upperBound: end,
      snapshot: options.snapshot,
    });
    try {
      const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
      if (options.reverse) await it.seekToLast();
      else await it.seekToFirst();
      return await it.read(limit, options.reverse === true);
    } finally {
      it.close();
    }
  }

  /** Freezes the active memtable and resolves when every memtable is written to an L0 SST. */
  flush(): Promise<void> {
    this.checkOpen();
    return callNative<void>((cb) => this.db.flush(cb));
  }

  /** Compacts the key range (all of it when bounds are omitted) down to the last level. */
  compactRange(columnFamily: number, begin?: Buffer, end?: Buffer): Promise<void> {
    this.checkOpen();
    return callNative<void>((cb) =>
      this.db.compactRange(columnFamily, begin ?? null, end ?? null, cb),
    );
  }

  /** Replaces the per-key-range compression policy; applies to blocks written from now on. */
  setCompressionPolicy(ranges: CompressionRange[]): void {
    this.checkOpen();
    try {
      this.db.setCompressionPolicy(ranges.map((range) => ({ ...range })));
    } catch (error) {
      throw fromNative(error);
    }
  }

  /**
   * Sets the MVCC garbage-collection safepoint used by the compaction filter (see
   * docs/format/keys.md): versions that no read at or after this timestamp can see are dropped
   * when compaction rewrites them.
   */
  setGcSafepoint(timestamp: bigint): void {
    this.checkOpen();
    this.db.setGcSafepoint(timestamp);
  }

  stats(): EngineStats {
    this.checkOpen();
    return this.db.stats() as unknown as EngineStats;
  }

  /**
   * The SST bytes, logical and allocated, that hold keys in [start, end) across every column
   * family (end omitted: no upper bound); data still in memtables is not counted. Files wholly
   * inside the range count whole; a file straddling an edge counts the span of its data blocks
   * that may hold keys in the range (see DB::GetRangeSize in native/include/strata/db.h).
   */
  rangeSize(start: Buffer, end?: Buffer): Promise<RangeSize> {
    this.checkOpen();
    return callNative<RangeSize>((cb) => this.db.rangeSize(start, end ?? null, cb));
  }

  /**
   * Writes a consistent copy of the database into dest (which must not exist; its parent must)
   * while it stays open: the memtables are flushed and the SSTs of one version hard-linked (copied
   * across filesystems) with a MANIFEST for exactly that version. The copy opens as a data dir
   * holding every write acknowledged before the call (see DB::Checkpoint).
   */
  checkpoint(dest: string): Promise<CheckpointResult> {
    this.checkOpen();
    return callNative<CheckpointResult>((cb) => native.checkpoint(this.db, dest, cb));
  }

  /** Waits for in-flight writes, flushes nothing extra (the WAL holds it), and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.staleSweep);
    await callNative<void>((cb) => this.db.close(cb));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private checkOpen(): void {
    if (this.closed) throw new EngineError('CLOSED', 'the engine is closed');
  }
}

/**
 * A cursor over one column family. Operations are serialized: await each before the next.
 * Positioning and reading try memory first and continue on a worker thread when disk is needed.
 */
export class EngineIterator {
  private currentKey: Buffer | undefined;
  private currentValue: Buffer | undefined;
  private busy = false;
  private closed = false;

  constructor(private readonly it: NativeIterator) {}

  get valid(): boolean {
    return this.currentKey !== undefined;
  }

  /** The current key. REQUIRES: valid. */
  get key(): Buffer {
    if (this.currentKey === undefined)
      throw new EngineError('INVALID_ARGUMENT', 'iterator is not valid');
    return this.currentKey;
  }

  /** The current value. REQUIRES: valid. */
  get value(): Buffer {
    if (this.currentValue === undefined) {
      throw new EngineError('INVALID_ARGUMENT', 'iterator is not valid');
    }
    return this.currentValue;
  }

  seekToFirst(): Promise<void> {
    return this.position(IteratorOp.SeekToFirst, null);
  }

  seekToLast(): Promise<void> {
    return this.position(IteratorOp.SeekToLast, null);
  }

  /** Positions at the first key at or after target. */
  seek(target: Buffer): Promise<void> {
    return this.position(IteratorOp.Seek, target);
  }

  /** Positions at the last key at or before target. */
  seekForPrev(target: Buffer): Promise<void> {
    return this.position(IteratorOp.SeekForPrev, target);
  }

  next(): Promise<void> {
    return this.position(IteratorOp.Next, null);
  }

  prev(): Promise<void> {
    return this.position(IteratorOp.Prev, null);
  }

  /**
   * Reads up to `limit` entries starting with the current one, moving forward (or backward when
   * `reverse`). Leaves the iterator on the last entry returned, or invalid when the range ran out
   * before `limit` entries.
   */
  async read(limit: number, reverse = false): Promise<Array<[Buffer, Buffer]>> {
    const out: Array<[Buffer, Buffer]> = [];
    if (!this.valid || limit <= 0) return out;
    out.push([this.currentKey!, this.currentValue!]);
    const step = reverse ? IteratorOp.Prev : IteratorOp.Next;
    while (out.length < limit) {
      // One crossing into the addon moves off the last entry and collects up to `chunk` more.
      const chunk = Math.min(limit - out.length, READ_CHUNK_ENTRIES);
      const result = await this.run(step, null, chunk);
      const entries = result.entries;
      for (let i = 0; i + 1 < entries.length; i += 2) out.push([entries[i]!, entries[i + 1]!]);
      if (!result.valid) break;
    }
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.currentKey = this.currentValue = undefined;
    this.it.close();
  }

  private async position(op: IteratorOp, target: Buffer | null): Promise<void> {
    await this.run(op, target, 1);
  }

  /**
   * Runs op, then collects up to `limit` entries starting at the position it lands on, moving in
   * the op's direction between them. The iterator ends on the last entry collected (valid), or
   * past the end of the range (invalid); currentKey/currentValue mirror that position.
   */
  private async run(
    op: IteratorOp,
    target: Buffer | null,
    limit: number,
  ): Promise<NativeStepResult> {
    if (this.closed) throw new EngineError('CLOSED', 'iterator is closed');
    if (this.busy)
      throw new EngineError('INVALID_ARGUMENT', 'iterator operations must not overlap');
    this.busy = true;
    try {
      let result: NativeStepResult | undefined;
      try {
        result = this.it.stepSync(op, target, limit);
      } catch (error) {
        throw fromNative(error);
      }
      if (result === undefined) {
        result = await callNative<NativeStepResult>((cb) => this.it.step(op, target, limit, cb));
      }
      const entries = result.entries;
      if (result.valid && entries.length >= 2) {
        this.currentKey = entries[entries.length - 2];
        this.currentValue = entries[entries.length - 1];
      } else {
        this.currentKey = this.currentValue = undefined;
      }
      return result;
    } finally {
      this.busy = false;
    }
  }
}
