// resolve_lock on one key (TiKV's commands/resolve_lock.rs, per key): once a transaction's fate
// is known from its primary, finish it here — commit its lock at commit_ts, or roll the lock back
// (commitTs 0). A key where the transaction holds no lock is left alone.

import type { MvccReader } from '../mvcc/reader.js';
import type { MvccTxn } from '../mvcc/txn.js';
import { commit } from './commit.js';
import { rollbackLock } from './rollback-lock.js';

/** Returns whether the key held a lock of the transaction (and it was resolved). */
export async function resolveLock(
  txn: MvccTxn,
  reader: MvccReader,
  key: Buffer,
  encodedKey: Buffer,
  startTs: bigint,
  commitTs: bigint,
): Promise<boolean> {
  const loaded = await reader.loadLock(encodedKey);
  if (loaded === undefined || loaded.lock.startTs !== startTs) return false;
  if (commitTs === 0n) {
    await rollbackLock(txn, reader, key, encodedKey, loaded.lock, loaded.inMemory, false);
  } else {
    await commit(txn, reader, key, encodedKey, startTs, commitTs);
  }
  return true;
}
