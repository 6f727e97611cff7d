// The transactional key-value API that the SQL layer plans onto (Percolator over the engine's
// `lock`, `write` and `default` column families, as TiKV does it). Keys and values are opaque
// bytes; keys compare bytewise. Implemented by TxnStore (src/txn/store.ts).

import type { CompressionRange, RangeSize } from '../engine/types.js';

export type TxnMode = 'optimistic' | 'pessimistic';

export interface BeginOptions {
  /** Pessimistic (MySQL's default) takes locks at DML and SELECT … FOR UPDATE time. */
  mode?: TxnMode;
  /** Lock wait timeout for this transaction (default: the store's, 50 s). */
  lockWaitTimeoutMs?: number;
  /** Start timestamp to read at (default: a fresh one from the TSO). */
  startTs?: bigint;
}

export interface ScanOptions {
  /** At most this many entries. */
  limit?: number;
  /** Return entries in descending key order. */
  reverse?: boolean;
  /** Values are not needed (returned as empty buffers). */
  keyOnly?: boolean;
}

import type { WireEvent, WireHub } from '../engine/index.js';

/**
 * The scope a statement's writes run in under memstore write throttling (its deadline, where to
 * record waits): the engine's, passed through for the SQL layer.
 */
export { throttleScope } from '../engine/index.js';
export type { ThrottleScope } from '../engine/index.js';

export type KvPair = [key: Buffer, value: Buffer];

/**
 * Returned by KvReader.tryGet when the answer is not at hand without waiting (a disk read, a lock
 * to resolve, a commit landing): call get() instead.
 */
export const WOULD_BLOCK: unique symbol = Symbol('WOULD_BLOCK');

/**
 * A range read handed out in chunks (KvReader.cursor): one crossing into the engine and no
 * promise per chunk when the data is in memory. Chunks are never empty and are the caller's to
 * keep. Not for concurrent use: call again only after the previous call has answered.
 */
export interface KvCursor {
  /** The next chunk without a promise, null once the range is exhausted, or WOULD_BLOCK. */
  tryNext(): KvPair[] | null | typeof WOULD_BLOCK;
  /** The next chunk, reading the disk and waiting for locks as needed; null at the end. */
  next(): Promise<KvPair[] | null>;
}

/** Reads at one timestamp; seen by snapshots and by transactions (which add their own writes). */
export interface KvReader {
  readonly startTs: bigint;
  get(key: Buffer): Promise<Buffer | undefined>;
  /**
   * get() without a promise when the answer is in memory and nothing is in the way: the value,
   * undefined when absent, or WOULD_BLOCK (then call get()). The point-select fast path.
   */
  tryGet(key: Buffer): Buffer | undefined | typeof WOULD_BLOCK;
  /** Values in the order of keys; undefined where absent. */
  batchGet(keys: Buffer[]): Promise<Array<Buffer | undefined>>;
  /** Entries in [start, end). */
  scan(start: Buffer, end: Buffer, options?: ScanOptions): Promise<KvPair[]>;
  /** Entries in [start, end) fetched in batches, for scans too big to hold at once. */
  iterate(start: Buffer, end: Buffer, options?: ScanOptions): AsyncIterableIterator<KvPair>;
  /** Entries in [start, end) in chunks, synchronously while they are in memory. */
  cursor(start: Buffer, end: Buffer, options?: ScanOptions): KvCursor;
}

export interface LockOptions {
  /** Overrides the transaction's lock wait timeout; 0 means NOWAIT. */
  waitTimeoutMs?: number;
}

export interface CommitResult {
  commitTs: bigint;
  /** True when the one-phase-commit fast path was taken. */
  onePhase: boolean;
}

export interface Transaction extends KvReader {
  readonly mode: TxnMode;
  /** True once commit or rollback has been called. */
  readonly finished: boolean;
  /** Number of buffered mutations. */
  readonly mutationCount: number;
  put(key: Buffer, value: Buffer): void;
  delete(key: Buffer): void;
  /**
   * Pessimistic lock on keys (DML and SELECT … FOR UPDATE). Returns the keys' latest committed
   * values (or this transaction's own buffered writes) read at the lock's for_update_ts.
   * Throws TxnError LOCK_WAIT_TIMEOUT or DEADLOCK. In optimistic mode this only records the keys
   * for conflict checking at commit and reads at startTs.
   *
   * A pessimistic transaction's commit checks no key for newer writes (as in TiKV): lock every
   * key whose write must not race another writer. A key that only ever changes together with a
   * key the writer locks (a secondary index entry with its row) needs no lock of its own.
   */
  lockKeys(keys: Buffer[], options?: LockOptions): Promise<Array<Buffer | undefined>>;
  /** Marks the current membuffer state; rollbackToSavepoint undoes later put/delete calls. */
  savepoint(): number;
  rollbackToSavepoint(savepoint: number): void;
  commit(): Promise<CommitResult>;
  rollback(): Promise<void>;
}

export type TxnErrorCode =
  | 'LOCK_WAIT_TIMEOUT' // MySQL 1205
  | 'DEADLOCK' // MySQL 1213
  | 'WRITE_CONFLICT' // TiDB 9007 (optimistic commit lost a race)
  | 'KEY_IS_LOCKED'
  | 'TXN_NOT_FOUND'
  | 'COMMITTED' // the transaction was already committed (e.g. rollback after commit)
  | 'ROLLED_BACK' // the transaction was rolled back by someone else (TTL expiry)
  | 'ALREADY_FINISHED'
  | 'STORE_CLOSED'
  | 'SNAPSHOT_TOO_OLD'; // TiDB 9006: the read timestamp is below the GC safepoint

/** Compression and page settings for one key range (passed to the engine unchanged). */
export type { CompressionRange, RangeSize };

/**
 * The store: TxnStore.open(engine, { settings }) in src/txn/store.ts implements it. The SQL
 * layer reaches the engine only through these methods.
 */
export interface TxnStoreApi {
  begin(options?: BeginOptions): Promise<Transaction>;
  /** A read-only view at ts (default: a fresh timestamp from the TSO). */
  snapshot(ts?: bigint): Promise<KvReader>;
  /**
   * A read-only view at a fresh timestamp when the TSO has one at hand without waiting, else
   * undefined (then call snapshot()). The autocommit read path.
   */
  trySnapshot(): KvReader | undefined;
  /** A fresh timestamp from the TSO. */
  timestamp(): Promise<bigint>;
  /** Per-key-range compression policy for data written from now on (PAGE_COMPRESSED tables). */
  setCompressionPolicy(ranges: CompressionRange[]): void;
  /**
   * Rewrites the keys of raw range [start, end) in every column family down to the last level,
   * under the current compression policy (OPTIMIZE TABLE). Resolves when done.
   */
  compactRange(start: Buffer, end: Buffer): Promise<void>;
  /**
   * The SST bytes, logical and allocated (after page compression's punched holes), holding keys
   * of raw range [start, end) in every column family; data still in memtables is not counted.
   * What information_schema reports as a table's data and index lengths.
   */
  rangeSize(start: Buffer, end: Buffer): Promise<RangeSize>;
  /**
   * The engine's native wire path over this store's column families (it reads MVCC data at the
   * latest committed version; see src/engine/wire-hub.ts).
   */
  wireHub(onEvents: (events: WireEvent[]) => void): WireHub;
  close(): Promise<void>;
}
