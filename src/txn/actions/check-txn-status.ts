// check_txn_status (TiKV's actions/check_txn_status.rs): decide the state of a transaction from
// its primary key. A live lock stays unless its TTL ran out, in which case the transaction is
// rolled back; without a lock the write CF says committed or rolled back, and a transaction that
// left no trace at all is rolled back here (protected), so that it can never commit later.

import { TxnError, describeKey } from '../errors.js';
import type { MvccReader } from '../mvcc/reader.js';
import type { MvccTxn } from '../mvcc/txn.js';
import { isLockExpired } from '../types/lock-info.js';
import type { Lock } from '../types/lock.js';
import { collapsePreviousRollback, putRollbackRecord, rollbackLock } from './rollback-lock.js';

export type TxnStatus =
  | { kind: 'locked'; lock: Lock }
  | { kind: 'committed'; commitTs: bigint }
  | { kind: 'rolledBack'; cause: 'ttlExpired' | 'lockNotExist' | 'alreadyRolledBack' };

/**
 * The status of the transaction starting at lockTs, read from its primary key. currentTs decides
 * TTL expiry (MAX_TS: the owner is known to be gone). When there is neither lock nor record and
 * rollbackIfNotExist is false, throws TXN_NOT_FOUND.
 */
export async function checkTxnStatus(
  txn: MvccTxn,
  reader: MvccReader,
  primary: Buffer,
  encodedPrimary: Buffer,
  lockTs: bigint,
  currentTs: bigint,
  rollbackIfNotExist: boolean,
): Promise<TxnStatus> {
  const loaded = await reader.loadLock(encodedPrimary);
  if (loaded !== undefined && loaded.lock.startTs === lockTs) {
    const { lock, inMemory } = loaded;
    if (!isLockExpired(lock, currentTs)) return { kind: 'locked', lock };
    await rollbackLock(txn, reader, primary, encodedPrimary, lock, inMemory, true);
    return { kind: 'rolledBack', cause: 'ttlExpired' };
  }
  return checkTxnStatusMissingLock(
    txn,
    reader,
    primary,
    encodedPrimary,
    lockTs,
    rollbackIfNotExist,
    true,
  );
}

/** The status of a transaction that holds no lock on this key. */
export async function checkTxnStatusMissingLock(
  txn: MvccTxn,
  reader: MvccReader,
  key: Buffer,
  encodedKey: Buffer,
  startTs: bigint,
  rollbackIfNotExist: boolean,
  protect: boolean,
): Promise<TxnStatus> {
  const record = await reader.getTxnCommitRecord(encodedKey, startTs);
  switch (record.kind) {
    case 'committed':
      return { kind: 'committed', commitTs: record.commitTs };
    case 'rolledBack':
      return { kind: 'rolledBack', cause: 'alreadyRolledBack' };
    case 'none':
      if (!rollbackIfNotExist) {
        throw new TxnError(
          'TXN_NOT_FOUND',
          `transaction ${startTs} left neither lock nor record on key ${describeKey(key)}`,
          { key, startTs },
        );
      }
      putRollbackRecord(txn, encodedKey, startTs, protect, record.overlapped);
      if (!protect) await collapsePreviousRollback(txn, reader, encodedKey, startTs);
      return { kind: 'rolledBack', cause: 'lockNotExist' };
  }
}
