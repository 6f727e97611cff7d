// The only loader of the native addon (build/Release/strata.node) and the shape of what it exports.
// Everything else reaches the addon through Engine.

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type NativeCallback<T = void> = (error: Error | null, result: T) => void;

/** Iterator positioning operations, numbered as native/binding/iterator_wrap.cc expects. */
export const enum IteratorOp {
  None = 0,
  SeekToFirst = 1,
  SeekToLast = 2,
  Seek = 3,
  SeekForPrev = 4,
  Next = 5,
  Prev = 6,
}

/**
 * What an iterator step returns: the entries read, flattened as key, value, key, value…, and
 * whether the iterator is still valid after them. `undefined` from a *Sync call means the step
 * would have to read from disk and must be retried asynchronously.
 */
export type NativeStepResult = { entries: Buffer[]; valid: boolean };

export interface NativeIterator {
  stepSync(op: IteratorOp, target: Buffer | null, limit: number): NativeStepResult | undefined;
  step(
    op: IteratorOp,
    target: Buffer | null,
    limit: number,
    callback: NativeCallback<NativeStepResult>,
  ): void;
  close(): void;
}

export interface NativeDatabase {
  open(path: string | null, options: Record<string, unknown>, callback: NativeCallback): void;
  close(callback: NativeCallback): void;
  columnFamilyId(name: string): number;
  write(batch: Buffer, sync: boolean, disableWal: boolean, callback: NativeCallback): void;
  /** A value, null when absent, or undefined when the answer is not in memory. */
  getSync(
    columnFamily: number,
    key: Buffer,
    snapshot: bigint | null,
    fillCache: boolean,
  ): Buffer | null | undefined;
  get(
    columnFamily: number,
    key: Buffer,
    snapshot: bigint | null,
    fillCache: boolean,
    callback: NativeCallback<Buffer | null>,
  ): void;
  /** The first entry at or after target (below upperBound), null when none, undefined when
   *  the answer is not in memory. */
  trySeek(
    columnFamily: number,
    target: Buffer,
    upperBound: Buffer | null,
    snapshot: bigint | null,
  ): [Buffer, Buffer] | null | undefined;
  seek(
    columnFamily: number,
    target: Buffer,
    upperBound: Buffer | null,
    snapshot: bigint | null,
    callback: NativeCallback<[Buffer, Buffer] | null>,
  ): void;
  snapshot(): bigint;
  releaseSnapshot(sequence: bigint): void;
  newIterator(
    columnFamily: number,
    snapshot: bigint | null,
    lowerBound: Buffer | null,
    upperBound: Buffer | null,
    fillCache: boolean,
  ): NativeIterator;
  flush(callback: NativeCallback): void;
  compactRange(
    columnFamily: number,
    begin: Buffer | null,
    end: Buffer | null,
    callback: NativeCallback,
  ): void;
  setCompressionPolicy(ranges: Array<Record<string, unknown>>): void;
  setGcSafepoint(timestamp: bigint): void;
  setMemstoreThrottle(
    limitBytes: number,
    triggerPercentage: number,
    maxDurationMicros: number,
  ): void;
  /** 0: go on; else the sequence to wait for. */
  throttleAcquire(bytes: number): number;
  /** Microseconds still to wait for seq (0: released). */
  throttleWait(seq: number): number;
  memstoreBytes(): number;
  /** Drops cached read iterators that a flush or compaction made stale (they pin old files). */
  releaseStaleIterators(): void;
  stats(): Record<string, unknown>;
  rangeSize(
    start: Buffer,
    end: Buffer | null,
    callback: NativeCallback<{ logicalBytes: number; allocatedBytes: number; files: number }>,
  ): void;
}

export interface NativeBenchConfig {
  benchmarks: string[];
  num: number;
  reads?: number;
  keySize: number;
  valueSize: number;
  compressionRatio?: number;
  seed?: number;
  sync?: boolean;
}

export interface NativeBenchResult {
  name: string;
  ops: number;
  seconds: number;
  bytes: number;
  found: number;
}

/** A value, null when absent, or the lock record in the way. */
export type NativeMvccGet = Buffer | null | { lock: Buffer };

export interface NativeMvccScan {
  /** Entries back to back: u32 LE key length, raw key, u32 LE value length, value. */
  packed: Buffer;
  count: number;
  /** Encoded key to continue from, or null when the range is exhausted. */
  resume: Buffer | null;
}

export interface NativeMvccReader {
  tryGet(encodedKey: Buffer, readTs: bigint, checkLock: boolean): NativeMvccGet | undefined;
  get(
    encodedKey: Buffer,
    readTs: bigint,
    checkLock: boolean,
    callback: NativeCallback<NativeMvccGet>,
  ): void;
  tryLatest(encodedKey: Buffer): [Buffer, Buffer] | null | undefined;
  latest(encodedKey: Buffer, callback: NativeCallback<[Buffer, Buffer] | null>): void;
  tryScan(
    lower: Buffer,
    upper: Buffer | null,
    readTs: bigint,
    limit: number,
    reverse: boolean,
    keyOnly: boolean,
  ): NativeMvccScan | undefined;
  scan(
    lower: Buffer,
    upper: Buffer | null,
    readTs: bigint,
    limit: number,
    reverse: boolean,
    keyOnly: boolean,
    callback: NativeCallback<NativeMvccScan>,
  ): void;
}

export interface NativeWireEvent {
  kind: 'packets' | 'closed' | 'drained';
  connection: number;
  bytes?: Buffer;
  sequence?: number;
}

export interface NativeWireHub {
  adopt(
    connection: number,
    fd: number,
    pending: Buffer,
    status: number,
    deprecateEof: boolean,
  ): void;
  send(connection: number, bytes: Buffer): number;
  resume(
    connection: number,
    sequence: number,
    status: number,
    fastPathAllowed: boolean,
    leftover: Buffer,
  ): void;
  close(connection: number): void;
  pause(connection: number, paused: boolean): void;
  registerStatement(connection: number, statement: number, plan: Record<string, unknown>): void;
  unregisterStatement(connection: number, statement: number): void;
  setParamType(connection: number, statement: number, type: number): void;
  setSchemaVersion(version: number): void;
  idleMs(connection: number): number;
  stats(): { fastQueries: number; fallbacks: number; bytesReceived: number; bytesSent: number };
  stop(): void;
}

export interface NativeBinding {
  Database: new () => NativeDatabase;
  WireHub: new (
    database: NativeDatabase,
    lockCf: number,
    writeCf: number,
    defaultCf: number,
    onEvents: (events: NativeWireEvent[]) => void,
  ) => NativeWireHub;
  MvccReader: new (
    database: NativeDatabase,
    lockCf: number,
    writeCf: number,
    defaultCf: number,
  ) => NativeMvccReader;
  runBenchmark(
    path: string,
    options: Record<string, unknown>,
    config: NativeBenchConfig,
    callback: NativeCallback<NativeBenchResult[]>,
  ): void;
  version: string;
  checkDataDir(dir: string, callback: NativeCallback<Record<string, unknown>>): void;
  inspectTable(
    path: string,
    options: { entries: boolean; maxEntries: number; valuePrefixBytes: number },
    callback: NativeCallback<Record<string, unknown>>,
  ): void;
  inspectLog(
    path: string,
    options: { operations: boolean; newest: boolean },
    callback: NativeCallback<Record<string, unknown>>,
  ): void;
  inspectManifest(dir: string, callback: NativeCallback<Record<string, unknown>>): void;
  checkpoint(
    database: NativeDatabase,
    dest: string,
    callback: NativeCallback<{
      sequence: bigint;
      manifestNumber: number;
      tableFiles: number;
      linkedFiles: number;
      tableBytes: number;
    }>,
  ): void;
}

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/src/engine → project root
const root = path.resolve(here, '..', '..', '..');

function load(): NativeBinding {
  const require = createRequire(import.meta.url);
  const candidates = [
    path.join(root, 'build', 'Release', 'strata.node'),
    path.join(root, 'build', 'Debug', 'strata.node'),
  ];
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      return require(candidate) as NativeBinding;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(
    `could not load the native engine (build/Release/strata.node); run npm install: ${String(lastError)}`,
  );
}

export const native: NativeBinding = load();
