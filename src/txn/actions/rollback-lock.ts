// Rolling back a transaction on one key (TiKV's rollback_lock, make_rollback and
// collapse_prev_rollback, shared by cleanup and check_txn_status): remove its lock and staged value
// and leave a Rollback record, so that a late prewrite or commit of the transaction fails.

import type { MvccReader, Version } from '../mvcc/reader.js';
import type { MvccTxn } from '../mvcc/txn.js';
import { LockType, type Lock } from '../types/lock.js';
import { WriteType } from '../types/write.js';

/**
 * Rolls back `lock` (owned by the transaction being rolled back) on one key. Rollbacks of the
 * primary key are protected; others may be collapsed by later rollbacks.
 */
export async function rollbackLock(
  txn: MvccTxn,
  reader: MvccReader,
  key: Buffer,
  encodedKey: Buffer,
  lock: Lock,
  inMemory: boolean,
  protect: boolean,
): Promise<void> {
  const record = await reader.getTxnCommitRecord(encodedKey, lock.startTs);
  if (record.kind === 'committed') {
    throw new Error(`transaction ${lock.startTs} both holds a lock and committed on one key`);
  }
  if (record.kind === 'none') {
    if (lock.type === LockType.Put && lock.shortValue === undefined) {
      txn.deleteValue(encodedKey, lock.startTs);
    }
    const isProtected = protect || key.equals(lock.primary);
    putRollbackRecord(txn, encodedKey, lock.startTs, isProtected, record.overlapped);
    if (!isProtected) await collapsePreviousRollback(txn, reader, encodedKey, lock.startTs);
  }
  txn.unlockKey(encodedKey, inMemory);
}

/**
 * Writes the Rollback record of the transaction starting at startTs. When another transaction's
 * record already sits at that key (its commit_ts equals this start_ts), the rollback is folded
 * into it as the overlapped-rollback flag instead (docs/format/mvcc.md).
 */
export function putRollbackRecord(
  txn: MvccTxn,
  encodedKey: Buffer,
  startTs: bigint,
  isProtected: boolean,
  overlapped: Version | undefined,
): void {
  if (overlapped === undefined) {
    txn.putWrite(encodedKey, startTs, { type: WriteType.Rollback, startTs, isProtected });
  } else if (overlapped.write.type !== WriteType.Rollback) {
    txn.putWrite(encodedKey, startTs, { ...overlapped.write, hasOverlappedRollback: true });
  }
}

/**
 * Deletes the previous Rollback record of the key when it is collapsible, so that repeated
 * rollbacks of secondary keys do not pile up between GCs.
 */
export async function collapsePreviousRollback(
  txn: MvccTxn,
  reader: MvccReader,
  encodedKey: Buffer,
  startTs: bigint,
): Promise<void> {
  if (startTs === 0n) return;
  const previous = await reader.seekWrite(encodedKey, startTs - 1n);
  if (
    previous !== undefined &&
    previous.write.type === WriteType.Rollback &&
    previous.write.isProtected !== true
  ) {
    txn.deleteWrite(encodedKey, previous.commitTs);
  }
}
