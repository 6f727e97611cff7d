// One-phase commit (TiKV's 1PC in commands/prewrite.rs): when every key of a transaction is
// prewritten by one command, its locks need never reach the engine. Prewrite runs as usual with
// MvccTxn.onePcLocks set; this turns the collected locks into write records at commit_ts, in the
// same batch as the staged values, and releases the pessimistic locks they replace.

import type { MvccTxn } from '../mvcc/txn.js';
import { writeForCommit } from './commit.js';

/** Converts the one-phase locks collected in txn into write records at commitTs. */
export function commitOnePhaseLocks(txn: MvccTxn, commitTs: bigint): void {
  const locks = txn.onePcLocks;
  if (locks === undefined) throw new Error('the command did not prewrite in one-phase mode');
  txn.onePcLocks = undefined;
  for (const { encodedKey, lock, replaces } of locks) {
    if (commitTs <= lock.startTs) {
      throw new RangeError(`commit_ts ${commitTs} ≤ start_ts ${lock.startTs}`);
    }
    txn.putWrite(encodedKey, commitTs, writeForCommit(lock));
    if (replaces !== 'none') txn.unlockKey(encodedKey, replaces === 'memory');
  }
}
