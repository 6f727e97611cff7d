// acquire_pessimistic_lock (TiKV's actions/acquire_pessimistic_lock.rs): lock one key for a
// pessimistic transaction at DML or SELECT … FOR UPDATE time, at for_update_ts. The key must not
// have changed after for_update_ts (else WRITE_CONFLICT: the caller retries with a fresh
// for_update_ts, as TiDB does) and must not be locked by another transaction (KEY_IS_LOCKED: the
// caller waits for the owner). Returns the key's latest value when asked.

import { TxnError, describeKey, keyIsLocked, writeConflict } from '../errors.js';
import type { MvccReader } from '../mvcc/reader.js';
import { WOULD_BLOCK } from '../mvcc/storage.js';
import type { MvccTxn } from '../mvcc/txn.js';
import { LockType, type Lock } from '../types/lock.js';
import { MAX_TS, ZERO_TS } from '../types/timestamp.js';
import { WriteType } from '../types/write.js';

export interface PessimisticLockProps {
  startTs: bigint;
  /** Raw user key of the transaction's primary lock. */
  primary: Buffer;
  lockTtlMs: number;
  forUpdateTs: bigint;
}

/**
 * Locks the key; synchronous when the common case (no lock on the key, no write after
 * for_update_ts or at start_ts) is settled from memory, else a promise.
 */
export function acquirePessimisticLock(
  txn: MvccTxn,
  reader: MvccReader,
  props: PessimisticLockProps,
  key: Buffer,
  encodedKey: Buffer,
  needValue: boolean,
): Buffer | undefined | Promise<Buffer | undefined> {
  const fast = tryAcquire(txn, reader, props, key, encodedKey, needValue);
  if (fast !== WOULD_BLOCK) return fast;
  return acquireWaiting(txn, reader, props, key, encodedKey, needValue);
}

/**
 * The lock of a key nobody holds and nobody wrote after for_update_ts, decided from memory;
 * WOULD_BLOCK (before changing anything) for the rest: disk reads, a lock of this transaction,
 * the write-conflict and rollback checks.
 */
function tryAcquire(
  txn: MvccTxn,
  reader: MvccReader,
  props: PessimisticLockProps,
  key: Buffer,
  encodedKey: Buffer,
  needValue: boolean,
): Buffer | undefined | typeof WOULD_BLOCK {
  const { startTs, forUpdateTs } = props;
  const loaded = reader.tryLoadLock(encodedKey);
  if (loaded === WOULD_BLOCK) return WOULD_BLOCK;
  if (loaded !== undefined) {
    if (loaded.lock.startTs !== startTs) throw keyIsLocked(key, startTs, loaded.lock);
    return WOULD_BLOCK;
  }
  const newest = reader.trySeekWrite(encodedKey, MAX_TS);
  if (newest === WOULD_BLOCK) return WOULD_BLOCK;
  if (newest !== undefined && (newest.commitTs > forUpdateTs || newest.commitTs >= startTs)) {
    return WOULD_BLOCK;
  }
  let value: Buffer | undefined | typeof WOULD_BLOCK = undefined;
  if (needValue && newest !== undefined) {
    const { write } = newest;
    if (write.type === WriteType.Put) value = write.shortValue ?? WOULD_BLOCK;
    else if (write.type !== WriteType.Delete) value = reader.tryGetValue(encodedKey, MAX_TS);
  }
  if (value === WOULD_BLOCK) return WOULD_BLOCK;
  txn.putPessimisticLock(encodedKey, pessimisticLock(props), 'none');
  return value;
}

function pessimisticLock(props: PessimisticLockProps): Lock {
  return {
    type: LockType.Pessimistic,
    primary: props.primary,
    startTs: props.startTs,
    ttlMs: props.lockTtlMs,
    forUpdateTs: props.forUpdateTs,
    txnSize: 0,
    minCommitTs: ZERO_TS,
  };
}

/** The whole action with asynchronous reads. */
async function acquireWaiting(
  txn: MvccTxn,
  reader: MvccReader,
  props: PessimisticLockProps,
  key: Buffer,
  encodedKey: Buffer,
  needValue: boolean,
): Promise<Buffer | undefined> {
  const { startTs, forUpdateTs } = props;
  const loaded = await reader.loadLock(encodedKey);
  if (loaded !== undefined) {
    const { lock, inMemory } = loaded;
    if (lock.startTs !== startTs) throw keyIsLocked(key, startTs, lock);
    if (lock.type === LockType.Pessimistic && forUpdateTs > lock.forUpdateTs) {
      txn.putPessimisticLock(encodedKey, { ...lock, forUpdateTs }, inMemory ? 'memory' : 'cf');
    }
    // The key is ours: nothing can have committed on it since it was locked.
    return needValue ? reader.getValue(encodedKey, MAX_TS) : undefined;
  }

  const newest = await reader.seekWrite(encodedKey, MAX_TS);
  if (newest !== undefined && newest.commitTs > forUpdateTs) {
    const conflict = await reader.newerDataVersion(encodedKey, forUpdateTs);
    if (conflict !== undefined) {
      throw writeConflict(key, startTs, conflict.write.startTs, conflict.commitTs);
    }
  }
  if (newest !== undefined && newest.commitTs >= startTs) {
    const atStart = await reader.seekWrite(encodedKey, startTs);
    if (
      atStart !== undefined &&
      atStart.commitTs === startTs &&
      ((atStart.write.type === WriteType.Rollback && atStart.write.startTs === startTs) ||
        atStart.write.hasOverlappedRollback === true)
    ) {
      throw new TxnError(
        'ROLLED_BACK',
        `transaction ${startTs} was rolled back on key ${describeKey(key)}`,
        { key, startTs },
      );
    }
  }

  txn.putPessimisticLock(encodedKey, pessimisticLock(props), 'none');
  if (!needValue) return undefined;
  if (newest === undefined) return undefined;
  const { write } = newest;
  if (write.type === WriteType.Delete) return undefined;
  if (write.type === WriteType.Put) {
    return write.shortValue ?? reader.loadValue(encodedKey, write.startTs);
  }
  return reader.getValue(encodedKey, MAX_TS);
}
