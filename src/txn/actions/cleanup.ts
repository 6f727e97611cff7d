// Cleanup (TiKV's actions/cleanup.rs): roll back a transaction on one key, the way a transaction
// aborts itself or a resolver rolls back a dead one. With a currentTs, a lock whose TTL has not
// run out is left alone (KEY_IS_LOCKED); a key where the transaction already committed is an
// error (COMMITTED).

import { TxnError, describeKey, keyIsLocked } from '../errors.js';
import type { MvccReader } from '../mvcc/reader.js';
import type { MvccTxn } from '../mvcc/txn.js';
import { isLockExpired } from '../types/lock-info.js';
import { checkTxnStatusMissingLock } from './check-txn-status.js';
import { rollbackLock } from './rollback-lock.js';

/**
 * Rolls back the transaction starting at startTs on one key. currentTs 0 ignores the TTL. A key
 * without a lock of the transaction gets a Rollback record (protected when protectRollback), so
 * that a late prewrite there fails.
 */
export async function cleanup(
  txn: MvccTxn,
  reader: MvccReader,
  key: Buffer,
  encodedKey: Buffer,
  startTs: bigint,
  currentTs: bigint,
  protectRollback: boolean,
): Promise<void> {
  const loaded = await reader.loadLock(encodedKey);
  if (loaded !== undefined && loaded.lock.startTs === startTs) {
    const { lock, inMemory } = loaded;
    if (currentTs !== 0n && !isLockExpired(lock, currentTs)) throw keyIsLocked(key, startTs, lock);
    await rollbackLock(txn, reader, key, encodedKey, lock, inMemory, protectRollback);
    return;
  }
  const status = await checkTxnStatusMissingLock(
    txn,
    reader,
    key,
    encodedKey,
    startTs,
    true,
    protectRollback,
  );
  if (status.kind === 'committed') {
    throw new TxnError(
      'COMMITTED',
      `transaction ${startTs} already committed on key ${describeKey(key)} (at ${status.commitTs})`,
      { key, startTs, conflictCommitTs: status.commitTs },
    );
  }
}
