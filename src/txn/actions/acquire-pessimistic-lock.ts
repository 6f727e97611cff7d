// acquire_pessimistic_lock (TiKV's actions/acquire_pessimistic_lock.rs): lock one key for a
// pessimistic transaction at DML or SELECT … FOR UPDATE time, at for_update_ts. The key must not
// have changed after for_update_ts (else WRITE_CONFLICT: the caller retries with a fresh
// for_update_ts, as TiDB does) and must not be locked by another transaction (KEY_IS_LOCKED: the
// caller waits for the owner). Returns the key's latest value when asked.

import { TxnError, describeKey, keyIsLocked, writeConflict } from '../errors.js';
import type { MvccReader } from '../mvcc/reader.js';
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

export async function acquirePessimisticLock(
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

  const lock: Lock = {
    type: LockType.Pessimistic,
    primary: props.primary,
    startTs,
    ttlMs: props.lockTtlMs,
    forUpdateTs,
    txnSize: 0,
    minCommitTs: ZERO_TS,
  };
  txn.putPessimisticLock(encodedKey, lock, 'none');
  if (!needValue) return undefined;
  if (newest === undefined) return undefined;
  const { write } = newest;
  if (write.type === WriteType.Delete) return undefined;
  if (write.type === WriteType.Put) {
    return write.shortValue ?? reader.loadValue(encodedKey, write.startTs);
  }
  return reader.getValue(encodedKey, MAX_TS);
}
