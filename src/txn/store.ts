// TxnStore: the transactional key-value store over an open engine (TxnStoreApi). It owns the
// timestamp oracle, the scheduler with its latches, the lock manager, the registry of live
// transactions, the lock resolver and the GC worker, and hands out snapshots and transactions.
// The engine stays the caller's: close() stops the store, not the engine.

import type { WireEvent, WireHub } from '../engine/index.js';
import type { Engine } from '../engine/engine.js';
import type { CompressionRange, RangeSize } from '../engine/types.js';
import { Settings } from '../config/index.js';
import { TXN_SETTINGS } from '../config/variables/txn.js';
import type { BeginOptions, KvReader, Transaction, TxnMode, TxnStoreApi } from './api.js';
import { Scheduler } from './commands/scheduler.js';
import { Latches } from './concurrency/latches.js';
import { LockManager } from './concurrency/lock-manager.js';
import { PessimisticLockTable } from './concurrency/pessimistic-locks.js';
import type { TxnConfig, TxnContext } from './context.js';
import { TxnError } from './errors.js';
import { GcWorker, type GcResult } from './gc/gc-worker.js';
import { LockResolver } from './lock-resolver.js';
import type { ReadPolicy } from './mvcc/point-getter.js';
import { LockPresence } from './mvcc/lock-presence.js';
import { MvccStorage, SCAN_CHUNK_ENTRIES } from './mvcc/storage.js';
import { TxnRegistry } from './registry.js';
import { SnapshotReader } from './snapshot.js';
import { TxnHandle } from './transaction.js';
import {
  FORMAT_MAGIC,
  FORMAT_VERSION,
  META_KEY_FORMAT,
  META_KEY_TSO_LIMIT,
} from './types/format.js';
import { TimestampOracle, type TsoLimitStore } from './tso/oracle.js';
import { encodeKey } from './types/key.js';
import { EngineError } from '../engine/errors.js';

const MS_PER_SECOND = 1000;

export interface TxnStoreOptions {
  /** Settings to read (and follow on SET GLOBAL); the defaults when omitted. */
  settings?: Settings;
  /** Overrides innodb_lock_wait_timeout. */
  lockWaitTimeoutMs?: number;
  /** Overrides tidb_gc_life_time. */
  gcLifeTimeMs?: number;
  /** Overrides tidb_gc_run_interval; 0 runs GC only when runGc() is called. */
  gcRunIntervalMs?: number;
  /** Overrides innodb_flush_log_at_trx_commit (true = 1). */
  syncCommit?: boolean;
  /** Overrides tidb_txn_1pc_max_size; -1 disables one-phase commit. */
  onePcMaxBytes?: number;
  /** Overrides tidb_pessimistic_lock_memory_limit. */
  pessimisticLockMemoryBytes?: number;
  /** Milliseconds of timestamps persisted ahead by the oracle. */
  tsoWindowMs?: number;
}

export interface TxnStoreStats {
  liveTransactions: number;
  commands: number;
  batches: number;
  lockWaiters: number;
  deadlocks: number;
  lockWaitTimeouts: number;
  resolvedLocks: number;
  memoryPessimisticLocks: number;
  gcSafepoint: bigint;
  lastTimestamp: bigint;
}

/** The store's internals, for tests and tools that drive commands directly. */
export interface TxnStoreInternals {
  readonly context: TxnContext;
  readonly gc: GcWorker;
}

export class TxnStore implements TxnStoreApi {
  private closing = false;
  private readonly context: TxnContext;
  private readonly gc: GcWorker;

  private constructor(
    private readonly storage: MvccStorage,
    private readonly tso: TimestampOracle,
    private readonly config: TxnConfig,
    gcSafepoint: bigint,
    lockPresence: LockPresence,
    pessimisticLockMemoryBytes: number,
    deadlockDetection: boolean,
  ) {
    const latches = new Latches();
    const lockManager = new LockManager({ deadlockDetection });
    const memoryLocks = new PessimisticLockTable(pessimisticLockMemoryBytes);
    const scheduler = new Scheduler(storage, memoryLocks, latches, lockManager, lockPresence);
    const registry = new TxnRegistry();
    const resolver = new LockResolver(scheduler, registry, lockManager);
    const readPolicy: ReadPolicy = {
      canReadPast: (lockTs, readTs) => resolver.canReadPast(lockTs, readTs),
      inflight: scheduler.inflight,
      slotOf: (encodedKey) => latches.slotOf(encodedKey),
      lockPresence,
    };
    this.gc = new GcWorker(
      { storage, resolver, registry, tso, lifeTimeMs: () => config.gcLifeTimeMs },
      gcSafepoint,
    );
    const gc = this.gc;
    this.context = {
      storage,
      scheduler,
      resolver,
      registry,
      tso,
      lockManager,
      readPolicy,
      config,
      get gcSafepoint() {
        return gc.safepoint;
      },
      checkOpen: () => this.checkOpen(),
    };
  }

  /** Opens the store over an open engine: checks the format marker, starts the oracle and GC. */
  static async open(engine: Engine, options: TxnStoreOptions = {}): Promise<TxnStore> {
    const storage = new MvccStorage(engine);
    await checkFormat(storage);
    const tso = await TimestampOracle.open(tsoLimitStore(storage), {
      windowMs: options.tsoWindowMs,
    });
    const gcSafepoint = await GcWorker.loadSafepoint(storage);
    const lockPresence = await countLocks(storage);
    const settings = options.settings ?? new Settings(TXN_SETTINGS);
    const config: TxnConfig = {
      lockWaitTimeoutMs:
        options.lockWaitTimeoutMs ?? settings.getNumber('innodb_lock_wait_timeout') * MS_PER_SECOND,
      syncCommit: options.syncCommit ?? settings.getNumber('innodb_flush_log_at_trx_commit') === 1,
      onePcEnabled:
        options.onePcMaxBytes !== undefined
          ? options.onePcMaxBytes >= 0
          : settings.getBool('tidb_enable_1pc'),
      onePcMaxBytes: options.onePcMaxBytes ?? settings.getNumber('tidb_txn_1pc_max_size'),
      defaultMode: settings.getString('tidb_txn_mode') as TxnMode,
      gcLifeTimeMs: options.gcLifeTimeMs ?? settings.getNumber('tidb_gc_life_time'),
      gcRunIntervalMs: options.gcRunIntervalMs ?? settings.getNumber('tidb_gc_run_interval'),
    };
    const store = new TxnStore(
      storage,
      tso,
      config,
      gcSafepoint,
      lockPresence,
      options.pessimisticLockMemoryBytes ??
        settings.getNumber('tidb_pessimistic_lock_memory_limit'),
      settings.getBool('innodb_deadlock_detect'),
    );
    store.followSettings(settings, options);
    store.gc.schedule(config.gcRunIntervalMs);
    return store;
  }

  async begin(options: BeginOptions = {}): Promise<Transaction> {
    this.checkOpen();
    const startTs = options.startTs ?? this.tso.tryNext() ?? (await this.tso.next());
    this.checkReadTs(startTs);
    // Registered in the same synchronous step that validated startTs against the GC safepoint.
    const live = this.context.registry.register(startTs);
    return new TxnHandle(
      this.context,
      startTs,
      options.mode ?? this.config.defaultMode,
      options.lockWaitTimeoutMs ?? this.config.lockWaitTimeoutMs,
      live,
    );
  }

  async snapshot(ts?: bigint): Promise<KvReader> {
    this.checkOpen();
    const readTs = ts ?? this.tso.tryNext() ?? (await this.tso.next());
    this.checkReadTs(readTs);
    return new SnapshotReader(this.context, readTs);
  }

  trySnapshot(): KvReader | undefined {
    this.checkOpen();
    const readTs = this.tso.tryNext();
    if (readTs === undefined) return undefined;
    this.checkReadTs(readTs);
    return new SnapshotReader(this.context, readTs);
  }

  async timestamp(): Promise<bigint> {
    this.checkOpen();
    return this.tso.tryNext() ?? this.tso.next();
  }

  /** Ranges come as raw keys; the engine holds memcomparable-encoded ones (docs/format/keys.md). */
  setCompressionPolicy(ranges: CompressionRange[]): void {
    this.checkOpen();
    this.storage.engine.setCompressionPolicy(
      ranges.map((range) => ({
        ...range,
        start: encodeKey(range.start),
        end: encodeKey(range.end),
      })),
    );
  }

  async compactRange(start: Buffer, end: Buffer): Promise<void> {
    this.checkOpen();
    const { engine, lockCf, writeCf, defaultCf } = this.storage;
    const [low, high] = [encodeKey(start), encodeKey(end)];
    for (const cf of [lockCf, writeCf, defaultCf]) await engine.compactRange(cf, low, high);
  }

  rangeSize(start: Buffer, end: Buffer): Promise<RangeSize> {
    this.checkOpen();
    return this.storage.engine.rangeSize(encodeKey(start), encodeKey(end));
  }
  wireHub(onEvents: (events: WireEvent[]) => void): WireHub {
    const storage = this.storage;
    return storage.engine.wireHub(storage.lockCf, storage.writeCf, storage.defaultCf, onEvents);
  }

  /**
   * Runs garbage collection now: advances the safepoint to `safepoint` (default: now minus
   * tidb_gc_life_time), never past a live transaction.
   */
  runGc(safepoint?: bigint): Promise<GcResult> {
    this.checkOpen();
    return this.gc.run(safepoint);
  }

  get gcSafepoint(): bigint {
    return this.gc.safepoint;
  }

  stats(): TxnStoreStats {
    const { scheduler, lockManager, registry, resolver } = this.context;
    const locks = lockManager.stats;
    return {
      liveTransactions: registry.size,
      commands: scheduler.stats.commands,
      batches: scheduler.stats.batches,
      lockWaiters: locks.waiters,
      deadlocks: locks.deadlocks,
      lockWaitTimeouts: locks.lockWaitTimeouts,
      resolvedLocks: resolver.resolvedLocks,
      memoryPessimisticLocks: scheduler.memoryLocks.size,
      gcSafepoint: this.gc.safepoint,
      lastTimestamp: this.tso.last,
    };
  }

  get internals(): TxnStoreInternals {
    return { context: this.context, gc: this.gc };
  }

  /** Stops GC, fails lock waits with STORE_CLOSED and waits for the oracle. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.gc.stop();
    this.context.lockManager.cancelAll(storeClosed());
    await this.tso.close();
  }

  private checkOpen(): void {
    if (this.closing) throw storeClosed();
  }

  /** A read timestamp must not be below the GC safepoint nor above what the oracle handed out. */
  private checkReadTs(ts: bigint): void {
    if (ts > this.tso.last) {
      throw new RangeError(`timestamp ${ts} has not been handed out yet (last: ${this.tso.last})`);
    }
    if (ts < this.gc.safepoint) {
      throw new TxnError(
        'SNAPSHOT_TOO_OLD',
        `GC life time is shorter than transaction duration: timestamp ${ts} is below the GC safepoint ${this.gc.safepoint}`,
        { startTs: ts },
      );
    }
  }

  private followSettings(settings: Settings, options: TxnStoreOptions): void {
    const config = this.config;
    if (options.lockWaitTimeoutMs === undefined) {
      settings.onChange('innodb_lock_wait_timeout', (value) => {
        config.lockWaitTimeoutMs = (value as number) * MS_PER_SECOND;
      });
    }
    if (options.syncCommit === undefined) {
      settings.onChange('innodb_flush_log_at_trx_commit', (value) => {
        config.syncCommit = value === 1;
      });
    }
    if (options.onePcMaxBytes === undefined) {
      settings.onChange('tidb_enable_1pc', (value) => {
        config.onePcEnabled = value as boolean;
      });
      settings.onChange('tidb_txn_1pc_max_size', (value) => {
        config.onePcMaxBytes = value as number;
      });
    }
    settings.onChange('tidb_txn_mode', (value) => {
      config.defaultMode = value as TxnMode;
    });
    if (options.gcLifeTimeMs === undefined) {
      settings.onChange('tidb_gc_life_time', (value) => {
        config.gcLifeTimeMs = value as number;
      });
    }
    if (options.gcRunIntervalMs === undefined) {
      settings.onChange('tidb_gc_run_interval', (value) => {
        config.gcRunIntervalMs = value as number;
        this.gc.schedule(config.gcRunIntervalMs);
      });
    }
    if (options.pessimisticLockMemoryBytes === undefined) {
      settings.onChange('tidb_pessimistic_lock_memory_limit', (value) => {
        this.context.scheduler.memoryLocks.limitBytes = value as number;
      });
    }
    settings.onChange('innodb_deadlock_detect', (value) => {
      this.context.lockManager.deadlockDetection = value as boolean;
    });
  }
}

function storeClosed(): TxnError {
  return new TxnError('STORE_CLOSED', 'the transaction store is closed');
}

/** Checks the format marker of the data dir, writing it on first use (docs/format/keys.md). */
async function checkFormat(storage: MvccStorage): Promise<void> {
  const marker = await storage.get(storage.defaultCf, META_KEY_FORMAT);
  if (marker === undefined) {
    const value = Buffer.alloc(FORMAT_MAGIC.length + 2);
    FORMAT_MAGIC.copy(value, 0);
    value.writeUInt16BE(FORMAT_VERSION, FORMAT_MAGIC.length);
    await storage.engine.put(storage.defaultCf, META_KEY_FORMAT, value, { sync: true });
    return;
  }
  const magicOk =
    marker.length === FORMAT_MAGIC.length + 2 &&
    marker.subarray(0, FORMAT_MAGIC.length).equals(FORMAT_MAGIC);
  if (!magicOk) {
    throw new EngineError(
      'CORRUPTION',
      `bad transaction format marker 0x${marker.toString('hex')}`,
    );
  }
  const version = marker.readUInt16BE(FORMAT_MAGIC.length);
  if (version !== FORMAT_VERSION) {
    throw new EngineError(
      'NOT_SUPPORTED',
      `the data dir holds transaction format version ${version}; this build reads version ${FORMAT_VERSION}`,
    );
  }
}

/** Counts the locks in the lock CF: what transactions of earlier runs left behind. */
async function countLocks(storage: MvccStorage): Promise<LockPresence> {
  const presence = new LockPresence();
  let lower = Buffer.alloc(0);
  for (;;) {
    const locks = await storage.scan(storage.lockCf, lower, undefined, SCAN_CHUNK_ENTRIES);
    for (const [encodedKey] of locks) presence.added(encodedKey);
    if (locks.length < SCAN_CHUNK_ENTRIES) return presence;
    lower = Buffer.concat([locks[locks.length - 1]![0], Buffer.from([0])]);
  }
}

function tsoLimitStore(storage: MvccStorage): TsoLimitStore {
  return {
    async load() {
      const bytes = await storage.get(storage.defaultCf, META_KEY_TSO_LIMIT);
      return bytes === undefined ? undefined : bytes.readBigUInt64BE(0);
    },
    async save(limit) {
      const bytes = Buffer.allocUnsafe(8);
      bytes.writeBigUInt64BE(limit);
      await storage.engine.put(storage.defaultCf, META_KEY_TSO_LIMIT, bytes, { sync: true });
    },
  };
}
