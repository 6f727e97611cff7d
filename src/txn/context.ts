// The parts of an open store that its snapshots and transactions share.

import type { Scheduler } from './commands/scheduler.js';
import type { LockManager } from './concurrency/lock-manager.js';
import type { LockResolver } from './lock-resolver.js';
import type { ReadPolicy } from './mvcc/point-getter.js';
import type { MvccStorage } from './mvcc/storage.js';
import type { TxnRegistry } from './registry.js';
import type { TimestampOracle } from './tso/oracle.js';
import type { TxnMode } from './api.js';

/** Live values of the store's settings (SET GLOBAL changes them in place). */
export interface TxnConfig {
  lockWaitTimeoutMs: number;
  /** innodb_flush_log_at_trx_commit = 1. */
  syncCommit: boolean;
  onePcEnabled: boolean;
  onePcMaxBytes: number;
  defaultMode: TxnMode;
  gcLifeTimeMs: number;
  gcRunIntervalMs: number;
}

export interface TxnContext {
  readonly storage: MvccStorage;
  readonly scheduler: Scheduler;
  readonly resolver: LockResolver;
  readonly registry: TxnRegistry;
  readonly tso: TimestampOracle;
  readonly lockManager: LockManager;
  readonly readPolicy: ReadPolicy;
  readonly config: TxnConfig;
  /** Reads below this timestamp are refused (their versions may be gone). */
  readonly gcSafepoint: bigint;
  /** Throws STORE_CLOSED once the store is closing. */
  checkOpen(): void;
}

/** TiDB's defaults: optimistic locks live 3 s without a heartbeat, pessimistic ones 20 s. */
export const OPTIMISTIC_LOCK_TTL_MS = 3000;
export const PESSIMISTIC_LOCK_TTL_MS = 20_000;
