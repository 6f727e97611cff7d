// must_* helpers in the manner of TiKV's action tests: each runs one action through the
// scheduler and asserts that it succeeded (or failed with the expected error), so that a test
// reads as the story of a few transactions.

import assert from 'node:assert/strict';

import { acquirePessimisticLock } from '../../../src/txn/actions/acquire-pessimistic-lock.js';
import { checkTxnStatus, type TxnStatus } from '../../../src/txn/actions/check-txn-status.js';
import { cleanup } from '../../../src/txn/actions/cleanup.js';
import { commit } from '../../../src/txn/actions/commit.js';
import { commitOnePhaseLocks } from '../../../src/txn/actions/one-phase-commit.js';
import { pessimisticRollback } from '../../../src/txn/actions/pessimistic-rollback.js';
import { prewrite, type TxnProps } from '../../../src/txn/actions/prewrite.js';
import type { TxnErrorCode } from '../../../src/txn/api.js';
import { TxnError } from '../../../src/txn/errors.js';
import { PointGetter } from '../../../src/txn/mvcc/point-getter.js';
import { WOULD_BLOCK } from '../../../src/txn/mvcc/storage.js';
import type { Lock } from '../../../src/txn/types/lock.js';
import { LockType } from '../../../src/txn/types/lock.js';
import { MutationOp, type Mutation } from '../../../src/txn/types/mutation.js';
import { MAX_TS, ZERO_TS } from '../../../src/txn/types/timestamp.js';
import { WriteType, type Write } from '../../../src/txn/types/write.js';
import { ref, runOn, toKey, type MvccEnv } from './mvcc-env.js';

type Key = string | Buffer;

export interface PrewriteOptions {
  ttlMs?: number;
  forUpdateTs?: bigint;
  /** The key holds this transaction's pessimistic lock. */
  pessimistic?: boolean;
  txnSize?: number;
}

function props(primary: Key, startTs: bigint, options: PrewriteOptions): TxnProps {
  return {
    startTs,
    primary: toKey(primary),
    lockTtlMs: options.ttlMs ?? 3000,
    txnSize: options.txnSize ?? 1,
    forUpdateTs: options.forUpdateTs ?? ZERO_TS,
  };
}

export function mutation(
  op: MutationOp,
  key: Key,
  value?: string | Buffer,
  pessimistic = false,
): Mutation {
  const m: Mutation = { op, ...ref(key), pessimisticLocked: pessimistic };
  if (value !== undefined) m.value = toKey(value);
  return m;
}

function doPrewrite(
  env: MvccEnv,
  m: Mutation,
  primary: Key,
  startTs: bigint,
  options: PrewriteOptions,
) {
  return runOn(env, [m.key], ({ txn, reader }) =>
    prewrite(txn, reader, props(primary, startTs, options), m),
  );
}

export async function mustPrewritePut(
  env: MvccEnv,
  key: Key,
  value: string | Buffer,
  primary: Key,
  startTs: bigint,
  options: PrewriteOptions = {},
): Promise<void> {
  await doPrewrite(
    env,
    mutation(MutationOp.Put, key, value, options.pessimistic),
    primary,
    startTs,
    options,
  );
}

export async function mustPrewriteDelete(
  env: MvccEnv,
  key: Key,
  primary: Key,
  startTs: bigint,
  options: PrewriteOptions = {},
): Promise<void> {
  await doPrewrite(
    env,
    mutation(MutationOp.Delete, key, undefined, options.pessimistic),
    primary,
    startTs,
    options,
  );
}

export async function mustPrewriteLock(
  env: MvccEnv,
  key: Key,
  primary: Key,
  startTs: bigint,
  options: PrewriteOptions = {},
): Promise<void> {
  await doPrewrite(
    env,
    mutation(MutationOp.Lock, key, undefined, options.pessimistic),
    primary,
    startTs,
    options,
  );
}

export async function mustPrewritePutErr(
  env: MvccEnv,
  key: Key,
  value: string | Buffer,
  primary: Key,
  startTs: bigint,
  code: TxnErrorCode,
  options: PrewriteOptions = {},
): Promise<TxnError> {
  return mustFail(
    doPrewrite(
      env,
      mutation(MutationOp.Put, key, value, options.pessimistic),
      primary,
      startTs,
      options,
    ),
    code,
  );
}

/** Prewrites and commits mutations in one command (one-phase commit); returns nothing. */
export async function mustOnePhaseCommit(
  env: MvccEnv,
  mutations: Mutation[],
  primary: Key,
  startTs: bigint,
  commitTs: bigint,
  options: PrewriteOptions = {},
): Promise<void> {
  await runOn(
    env,
    mutations.map((m) => m.key),
    async ({ txn, reader }) => {
      txn.onePcLocks = [];
      for (const m of mutations) await prewrite(txn, reader, props(primary, startTs, options), m);
      commitOnePhaseLocks(txn, commitTs);
    },
  );
}

export async function mustCommit(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  commitTs: bigint,
): Promise<void> {
  const r = ref(key);
  await runOn(env, [key], ({ txn, reader }) =>
    commit(txn, reader, r.key, r.encodedKey, startTs, commitTs),
  );
}

export function mustCommitErr(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  commitTs: bigint,
  code: TxnErrorCode,
): Promise<TxnError> {
  const r = ref(key);
  return mustFail(
    runOn(env, [key], ({ txn, reader }) =>
      commit(txn, reader, r.key, r.encodedKey, startTs, commitTs),
    ),
    code,
  );
}

/** Rolls back (cleanup without TTL check); the rollback is protected when asked. */
export async function mustRollback(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  protect = false,
): Promise<void> {
  const r = ref(key);
  await runOn(env, [key], ({ txn, reader }) =>
    cleanup(txn, reader, r.key, r.encodedKey, startTs, 0n, protect),
  );
}

export function mustRollbackErr(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  code: TxnErrorCode,
): Promise<TxnError> {
  const r = ref(key);
  return mustFail(
    runOn(env, [key], ({ txn, reader }) =>
      cleanup(txn, reader, r.key, r.encodedKey, startTs, 0n, false),
    ),
    code,
  );
}

export async function mustCleanup(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  currentTs: bigint,
): Promise<void> {
  const r = ref(key);
  await runOn(env, [key], ({ txn, reader }) =>
    cleanup(txn, reader, r.key, r.encodedKey, startTs, currentTs, false),
  );
}

export function mustCleanupErr(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  currentTs: bigint,
  code: TxnErrorCode,
): Promise<TxnError> {
  const r = ref(key);
  return mustFail(
    runOn(env, [key], ({ txn, reader }) =>
      cleanup(txn, reader, r.key, r.encodedKey, startTs, currentTs, false),
    ),
    code,
  );
}

export function mustCheckTxnStatus(
  env: MvccEnv,
  primary: Key,
  lockTs: bigint,
  currentTs: bigint,
  rollbackIfNotExist = true,
): Promise<TxnStatus> {
  const r = ref(primary);
  return runOn(env, [primary], ({ txn, reader }) =>
    checkTxnStatus(txn, reader, r.key, r.encodedKey, lockTs, currentTs, rollbackIfNotExist),
  );
}

export async function mustAcquirePessimisticLock(
  env: MvccEnv,
  key: Key,
  primary: Key,
  startTs: bigint,
  forUpdateTs: bigint,
): Promise<string | undefined> {
  const r = ref(key);
  const value = await runOn(env, [key], ({ txn, reader }) =>
    acquirePessimisticLock(
      txn,
      reader,
      { startTs, primary: toKey(primary), lockTtlMs: 20_000, forUpdateTs },
      r.key,
      r.encodedKey,
      true,
    ),
  );
  return value?.toString();
}

export function mustAcquirePessimisticLockErr(
  env: MvccEnv,
  key: Key,
  primary: Key,
  startTs: bigint,
  forUpdateTs: bigint,
  code: TxnErrorCode,
): Promise<TxnError> {
  const r = ref(key);
  return mustFail(
    runOn(env, [key], ({ txn, reader }) =>
      acquirePessimisticLock(
        txn,
        reader,
        { startTs, primary: toKey(primary), lockTtlMs: 20_000, forUpdateTs },
        r.key,
        r.encodedKey,
        false,
      ),
    ),
    code,
  );
}

export function mustPessimisticRollback(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  forUpdateTs: bigint,
): Promise<boolean> {
  const r = ref(key);
  return runOn(env, [key], ({ txn, reader }) =>
    pessimisticRollback(txn, reader, r.encodedKey, startTs, forUpdateTs),
  );
}

/** The value a reader at ts sees (it must not be blocked). */
export async function readAt(env: MvccEnv, key: Key, ts: bigint): Promise<string | undefined> {
  const getter = new PointGetter(
    env.storage,
    {
      canReadPast: () => false,
      inflight: env.scheduler.inflight,
      slotOf: (encodedKey) => env.scheduler.latches.slotOf(encodedKey),
      lockPresence: env.scheduler.lockPresence,
    },
    ts,
  );
  const fast = getter.tryGet(toKey(key));
  if (fast !== WOULD_BLOCK) {
    const slow = await getter.get(toKey(key));
    assert.equal(slow.kind, 'value', 'the synchronous and asynchronous reads must agree');
    if (slow.kind === 'value') assert.deepEqual(slow.value, fast);
    return fast?.toString();
  }
  if (getter.blocked.kind !== 'io') {
    assert.fail(`read of ${String(key)} at ${ts} is blocked by a ${getter.blocked.kind}`);
  }
  const result = await getter.get(toKey(key));
  if (result.kind !== 'value')
    assert.fail(`read of ${String(key)} at ${ts} is blocked by a ${result.kind}`);
  return result.value?.toString();
}

export async function mustGet(env: MvccEnv, key: Key, ts: bigint, expected: string): Promise<void> {
  assert.equal(await readAt(env, key, ts), expected, `value of ${String(key)} at ${ts}`);
}

export async function mustGetNone(env: MvccEnv, key: Key, ts: bigint): Promise<void> {
  assert.equal(await readAt(env, key, ts), undefined, `${String(key)} must be absent at ${ts}`);
}

/** A read at ts must be blocked by the lock of the transaction at lockTs. */
export async function mustGetBlockedByLock(
  env: MvccEnv,
  key: Key,
  ts: bigint,
  lockTs: bigint,
): Promise<void> {
  const getter = new PointGetter(
    env.storage,
    {
      canReadPast: () => false,
      inflight: env.scheduler.inflight,
      slotOf: (encodedKey) => env.scheduler.latches.slotOf(encodedKey),
      lockPresence: env.scheduler.lockPresence,
    },
    ts,
  );
  const result = await getter.get(toKey(key));
  assert.equal(result.kind, 'lock');
  if (result.kind === 'lock') assert.equal(result.lock.startTs, lockTs);
}

export async function mustLocked(env: MvccEnv, key: Key, startTs: bigint): Promise<Lock> {
  const loaded = await env.scheduler.reader.loadLock(ref(key).encodedKey);
  assert.ok(loaded !== undefined, `${String(key)} must be locked`);
  assert.equal(loaded.lock.startTs, startTs, `lock of ${String(key)}`);
  return loaded.lock;
}

export async function mustPessimisticLocked(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  forUpdateTs: bigint,
): Promise<void> {
  const lock = await mustLocked(env, key, startTs);
  assert.equal(lock.type, LockType.Pessimistic);
  assert.equal(lock.forUpdateTs, forUpdateTs);
}

export async function mustUnlocked(env: MvccEnv, key: Key): Promise<void> {
  const loaded = await env.scheduler.reader.loadLock(ref(key).encodedKey);
  assert.equal(loaded, undefined, `${String(key)} must not be locked`);
}

/** The record of the transaction at startTs, committed at commitTs with the given type. */
export async function mustWritten(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  commitTs: bigint,
  type: Write['type'],
): Promise<Write> {
  const version = await env.scheduler.reader.seekWrite(ref(key).encodedKey, commitTs);
  assert.ok(version !== undefined && version.commitTs === commitTs, `record at ${commitTs}`);
  assert.equal(version.write.startTs, startTs);
  assert.equal(version.write.type, type);
  return version.write;
}

/** A Rollback record of the transaction at startTs, protected or not. */
export async function mustHaveRollback(
  env: MvccEnv,
  key: Key,
  startTs: bigint,
  isProtected: boolean,
): Promise<void> {
  const write = await mustWritten(env, key, startTs, startTs, WriteType.Rollback);
  assert.equal(write.isProtected === true, isProtected, 'protected flag of the rollback');
}

export async function mustHaveNoRecord(env: MvccEnv, key: Key, commitTs: bigint): Promise<void> {
  const version = await env.scheduler.reader.seekWrite(ref(key).encodedKey, commitTs);
  assert.ok(version === undefined || version.commitTs !== commitTs, `no record at ${commitTs}`);
}

/** Number of write-CF records of a key. */
export async function writeRecordCount(env: MvccEnv, key: Key): Promise<number> {
  let count = 0;
  for await (const version of env.scheduler.reader.versions(ref(key).encodedKey, MAX_TS)) {
    if (version !== undefined) count++;
  }
  return count;
}

export async function mustFail<T>(promise: Promise<T>, code: TxnErrorCode): Promise<TxnError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TxnError, `expected a TxnError ${code}, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected TxnError ${code}, but it succeeded`);
}
