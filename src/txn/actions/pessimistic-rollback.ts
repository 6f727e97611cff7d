// pessimistic_rollback (TiKV's actions/pessimistic_rollback.rs): release a pessimistic lock that
// was taken but will not be prewritten (a failed or rolled-back statement, or a transaction that
// ends without writing the key). Leaves no record: the key never changed.

import type { MvccReader } from '../mvcc/reader.js';
import type { MvccTxn } from '../mvcc/txn.js';
import { LockType } from '../types/lock.js';

/** Releases the transaction's pessimistic lock on one key, if it holds one taken at or before forUpdateTs. */
export async function pessimisticRollback(
  txn: MvccTxn,
  reader: MvccReader,
  encodedKey: Buffer,
  startTs: bigint,
  forUpdateTs: bigint,
): Promise<boolean> {
  const loaded = await reader.loadLock(encodedKey);
  if (loaded === undefined) return false;
  const { lock, inMemory } = loaded;
  if (
    lock.startTs !== startTs ||
    lock.type !== LockType.Pessimistic ||
    lock.forUpdateTs > forUpdateTs
  ) {
    return false;
  }
  txn.unlockKey(encodedKey, inMemory);
  return true;
}
