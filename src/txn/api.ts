// The transactional key-value API that the SQL layer plans onto (Percolator over the engine's
// `lock`, `write` and `default` column families, as TiKV does it). Keys and values are opaque
// bytes; keys compare bytewise. Implemented by TxnStore (src/txn/store.ts).

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

export type KvPair = [key: Buffer, value: Buffer];

/** Reads at one timestamp; seen by snapshots and by transactions (which add their own writes). */
export interface KvReader {
  readonly startTs: bigint;
  get(key: Buffer): Promise<Buffer | undefined>;
  /** Values in the order of keys; undefined where absent. */
  batchGet(keys: Buffer[]): Promise<Array<Buffer | undefined>>;
  /** Entries in [start, end). */
  scan(start: Buffer, end: Buffer, options?: ScanOptions): Promise<KvPair[]>;
  /** Entries in [start, end) fetched in batches, for scans too big to hold at once. */
  iterate(start: Buffer, end: Buffer, options?: ScanOptions): AsyncIterableIterator<KvPair>;
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
  | 'STORE_CLOSED';

/** Compression and page settings for one key range (passed to the engine unchanged). */
export type { CompressionRange } from '../engine/types.js';

/**
 * The store: TxnStore.open(engine, { settings }) in src/txn/store.ts implements it. The SQL
 * layer reaches the engine only through these methods.
 */
export interface TxnStoreApi {
  begin(options?: BeginOptions): Promise<Transaction>;
  /** A read-only view at ts (default: a fresh timestamp from the TSO). */
  snapshot(ts?: bigint): Promise<KvReader>;
  /** A fresh timestamp from the TSO. */
  timestamp(): Promise<bigint>;
  /** Per-key-range compression policy for data written from now on (PAGE_COMPRESSED tables). */
  setCompressionPolicy(ranges: import('../engine/types.js').CompressionRange[]): void;
  close(): Promise<void>;
}
