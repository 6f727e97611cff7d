// Commit (Percolator's second phase, TiKV's actions/commit.rs): turn this transaction's lock on one
// key into a write record at commit_ts. Committing the primary decides the transaction; the
// secondaries follow (or are rolled forward by whoever meets their locks).

import { TxnError, describeKey } from '../errors.js';
import type { MvccReader } from '../mvcc/reader.js';
import type { MvccTxn } from '../mvcc/txn.js';
import { writeTypeOfLock } from '../types/lock-info.js';
import { LockType, type Lock } from '../types/lock.js';
import type { Write } from '../types/write.js';

export type CommitOutcome = 'committed' | 'alreadyCommitted';

/**
 * Commits one key. Idempotent: a key already committed by this transaction is fine. Throws
 * ROLLED_BACK when the transaction was rolled back on this key, TXN_NOT_FOUND when it has neither
 * a lock nor a record here.
 */
export async function commit(
  txn: MvccTxn,
  reader: MvccReader,
  key: Buffer,
  encodedKey: Buffer,
  startTs: bigint,
  commitTs: bigint,
): Promise<CommitOutcome> {
  const loaded = await reader.loadLock(encodedKey);
  if (loaded !== undefined && loaded.lock.startTs === startTs) {
    const { lock } = loaded;
    if (lock.type === LockType.Pessimistic) {
      throw new Error(`key ${describeKey(key)} holds a pessimistic lock that was never prewritten`);
    }
    if (commitTs <= startTs) throw new RangeError(`commit_ts ${commitTs} ≤ start_ts ${startTs}`);
    txn.putWrite(encodedKey, commitTs, writeForCommit(lock));
    txn.unlockKey(encodedKey, false);
    return 'committed';
  }
  const record = await reader.getTxnCommitRecord(encodedKey, startTs);
  if (record.kind === 'committed') return 'alreadyCommitted';
  if (record.kind === 'rolledBack') {
    throw new TxnError(
      'ROLLED_BACK',
      `transaction ${startTs} was rolled back on key ${describeKey(key)} before it could commit`,
      { key, startTs },
    );
  }
  throw new TxnError(
    'TXN_NOT_FOUND',
    `transaction ${startTs} has no lock on key ${describeKey(key)} to commit`,
    { key, startTs },
  );
}

/**
 * The write record a lock becomes at commit. No other record can already sit at this key's
 * commit_ts: commit timestamps come fresh from the oracle, above every start_ts handed out, so no
 * Rollback (keyed by a start_ts) can share one (TiKV must check this because its async commit
 * derives commit_ts from max_ts; we never do).
 */
export function writeForCommit(lock: Lock): Write {
  const write: Write = { type: writeTypeOfLock(lock), startTs: lock.startTs };
  if (lock.shortValue !== undefined) write.shortValue = lock.shortValue;
  return write;
}
