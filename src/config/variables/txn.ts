// Settings owned by the txn layer (src/txn): lock waits, deadlock detection, commit durability,
// one-phase commit and garbage collection. Names are MySQL's where the idea is MySQL's, TiDB's
// where it is TiDB's.

import type { SettingDefinition } from '../definition.js';

const MINUTE_MS = 60_000;
const MIB = 1024 * 1024;

export const TXN_SETTINGS: readonly SettingDefinition[] = [
  {
    name: 'innodb_lock_wait_timeout',
    type: 'int',
    default: 50,
    min: 1,
    max: 1_073_741_824,
    scope: 'both',
    dynamic: true,
    description:
      'Seconds a transaction waits for a row lock held by another before giving up with error 1205 (lock wait timeout exceeded).',
  },
  {
    name: 'innodb_deadlock_detect',
    type: 'bool',
    default: true,
    scope: 'global',
    dynamic: true,
    description:
      'Detect deadlocks between transactions waiting for each other’s locks and fail one of them at once with error 1213; when OFF, deadlocks end by lock wait timeout.',
  },
  {
    name: 'innodb_flush_log_at_trx_commit',
    type: 'int',
    default: 1,
    min: 0,
    max: 2,
    scope: 'global',
    dynamic: true,
    description:
      '1: a commit returns once it is fsynced to the write-ahead log (durable). 0 or 2: once it is in the log, not yet fsynced (a crash may lose the last commits, never half of one).',
  },
  {
    name: 'tidb_txn_mode',
    type: 'enum',
    default: 'pessimistic',
    values: ['pessimistic', 'optimistic'],
    scope: 'both',
    dynamic: true,
    description:
      'Default mode of new transactions: pessimistic takes row locks at DML and SELECT … FOR UPDATE time; optimistic checks for conflicts at commit.',
  },
  {
    name: 'tidb_enable_1pc',
    type: 'bool',
    default: true,
    scope: 'global',
    dynamic: true,
    description:
      'Commit transactions whose writes fit in one engine batch in one phase: one atomic, durable write instead of prewrite and commit.',
  },
  {
    name: 'tidb_txn_1pc_max_size',
    type: 'size',
    default: 8 * MIB,
    min: 0,
    max: 256 * MIB,
    scope: 'global',
    dynamic: true,
    description:
      'Largest transaction (bytes of keys and values written) committed in one phase; larger ones use two-phase commit.',
  },
  {
    name: 'tidb_pessimistic_lock_memory_limit',
    type: 'size',
    default: 64 * MIB,
    min: 0,
    max: 16 * 1024 * MIB,
    scope: 'global',
    dynamic: true,
    description:
      'Memory for pessimistic locks held in memory; beyond it new pessimistic locks are written to the lock column family.',
  },
  {
    name: 'tidb_gc_life_time',
    type: 'duration',
    default: 10 * MINUTE_MS,
    min: 1000,
    max: 365 * 24 * 60 * MINUTE_MS,
    scope: 'global',
    dynamic: true,
    description:
      'How long old row versions are kept: garbage collection drops versions that no read newer than now minus this can see.',
  },
  {
    name: 'tidb_gc_run_interval',
    type: 'duration',
    default: 10 * MINUTE_MS,
    min: 1000,
    max: 365 * 24 * 60 * MINUTE_MS,
    scope: 'global',
    dynamic: true,
    description: 'How often garbage collection advances the safepoint.',
  },
];
