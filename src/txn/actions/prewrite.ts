// Prewrite (Percolator's first phase, TiKV's actions/prewrite.rs): lock one key for the
// transaction and stage its value, after checking that no other transaction holds a lock on it and,
// in optimistic transactions, that nothing changed it after start_ts.

import { TxnError, describeKey, keyIsLocked, writeConflict } from '../errors.js';
import type { PrefetchedVersions } from '../mvcc/prefetched-versions.js';
import type { LoadedLock, MvccReader, Version } from '../mvcc/reader.js';
import { WOULD_BLOCK } from '../mvcc/storage.js';
import type { LockPlace, MvccTxn } from '../mvcc/txn.js';
import { SHORT_VALUE_MAX_BYTES } from '../types/format.js';
import { LockType, type Lock } from '../types/lock.js';
import { MutationOp, type Mutation } from '../types/mutation.js';
import { MAX_TS, ZERO_TS } from '../types/timestamp.js';
import { WriteType } from '../types/write.js';

/** What every lock of one transaction shares (TiKV's TransactionProperties). */
export interface TxnProps {
  startTs: bigint;
  /** Raw user key of the primary lock. */
  primary: Buffer;
  lockTtlMs: number;
  /** Keys the transaction writes. */
  txnSize: number;
  /** Pessimistic transactions: the for_update_ts their locks carry. ZERO_TS when optimistic. */
  forUpdateTs: bigint;
}

const LOCK_TYPE_OF_OP: Record<MutationOp, Lock['type']> = {
  [MutationOp.Put]: LockType.Put,
  [MutationOp.Delete]: LockType.Delete,
  [MutationOp.Lock]: LockType.Lock,
};

/**
 * Prewrites one mutation. Throws KEY_IS_LOCKED (another transaction's lock), WRITE_CONFLICT (a
 * newer Put or Delete), ROLLED_BACK (this transaction was rolled back on the key, or its
 * pessimistic lock is gone).
 */
export function prewrite(
  txn: MvccTxn,
  reader: MvccReader,
  props: TxnProps,
  mutation: Mutation,
  prefetched?: PrefetchedVersions,
): Promise<void> | undefined {
  const existing = reader.tryLoadLock(mutation.encodedKey);
  if (existing === WOULD_BLOCK) {
    return reader
      .loadLock(mutation.encodedKey)
      .then((loaded) => prewriteOver(loaded, txn, reader, props, mutation, prefetched));
  }
  return prewriteOver(existing, txn, reader, props, mutation, prefetched);
}

/** prewrite() once the key's current lock is known: synchronous unless a record must be sought. */
function prewriteOver(
  existing: LoadedLock | undefined,
  txn: MvccTxn,
  reader: MvccReader,
  props: TxnProps,
  mutation: Mutation,
  prefetched: PrefetchedVersions | undefined,
): Promise<void> | undefined {
  const { key } = mutation;
  let replaces: LockPlace = 'none';
  if (existing !== undefined) {
    const { lock, inMemory } = existing;
    if (lock.startTs !== props.startTs) throw keyIsLocked(key, props.startTs, lock);
    if (lock.type !== LockType.Pessimistic) return undefined; // already prewritten: a retry
    replaces = inMemory ? 'memory' : 'cf';
  } else if (mutation.pessimisticLocked) {
    throw new TxnError(
      'ROLLED_BACK',
      `the pessimistic lock of transaction ${props.startTs} on key ${describeKey(key)} is gone`,
      { key, startTs: props.startTs },
    );
  }
  // A pessimistic transaction checked its keys for newer writes when it locked them; the keys it
  // writes unlocked are guarded by a locked key (a secondary index entry by its row), so prewrite
  // checks nothing more (TiKV skips the constraint check of pessimistic prewrites likewise).
  if (replaces === 'none' && props.forUpdateTs === ZERO_TS) {
    if (prefetched === undefined) {
      return checkNoNewerVersion(reader, props.startTs, mutation).then(() =>
        stageLock(txn, props, mutation, replaces),
      );
    }
    for (const version of prefetched.of(mutation.encodedKey)) {
      if (version.commitTs < props.startTs) break;
      checkVersion(version, props.startTs, mutation);
    }
  }
  stageLock(txn, props, mutation, replaces);
  return undefined;
}

/** Writes the prewrite lock (and a long value to the default CF). */
function stageLock(txn: MvccTxn, props: TxnProps, mutation: Mutation, replaces: LockPlace): void {
  const lock: Lock = {
    type: LOCK_TYPE_OF_OP[mutation.op],
    primary: props.primary,
    startTs: props.startTs,
    ttlMs: props.lockTtlMs,
    forUpdateTs: props.forUpdateTs,
    txnSize: props.txnSize,
    minCommitTs: ZERO_TS,
  };
  if (mutation.op === MutationOp.Put) {
    const value = mutation.value!;
    if (value.length <= SHORT_VALUE_MAX_BYTES) lock.shortValue = value;
    else txn.putValue(mutation.encodedKey, props.startTs, value);
  }
  txn.putLock(mutation.encodedKey, lock, replaces);
}

/** Optimistic check: no Put or Delete after start_ts, and no rollback of this transaction. */
async function checkNoNewerVersion(
  reader: MvccReader,
  startTs: bigint,
  mutation: Mutation,
): Promise<void> {
  // A plain loop rather than reader.versions(): this runs for every optimistically written key.
  for (let ts = MAX_TS; ;) {
    const version = await reader.seekWrite(mutation.encodedKey, ts);
    if (version === undefined || version.commitTs < startTs) return;
    checkVersion(version, startTs, mutation);
    if (version.commitTs === 0n) return;
    ts = version.commitTs - 1n;
  }
}

/** Throws when a record at or after start_ts is this transaction's rollback or a newer write. */
function checkVersion(version: Version, startTs: bigint, mutation: Mutation): void {
  const { commitTs, write } = version;
  const rolledBackHere =
    (write.type === WriteType.Rollback && write.startTs === startTs) ||
    (commitTs === startTs && write.hasOverlappedRollback === true);
  if (rolledBackHere) {
    throw new TxnError(
      'ROLLED_BACK',
      `transaction ${startTs} was rolled back on key ${describeKey(mutation.key)}`,
      { key: mutation.key, startTs },
    );
  }
  if (commitTs > startTs && (write.type === WriteType.Put || write.type === WriteType.Delete)) {
    throw writeConflict(mutation.key, startTs, write.startTs, commitTs);
  }
}
