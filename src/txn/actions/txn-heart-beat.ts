// txn_heart_beat (TiKV's actions/txn_heart_beat.rs): extend the TTL of a transaction's primary
// lock, so that a long transaction is not taken for dead by a resolver that cannot ask its owner.

import { TxnError, describeKey } from '../errors.js';
import type { MvccReader } from '../mvcc/reader.js';
import type { MvccTxn } from '../mvcc/txn.js';
import { LockType } from '../types/lock.js';

/** Raises the primary lock's TTL to adviseTtlMs (never lowers it); returns the TTL now in force. */
export async function txnHeartBeat(
  txn: MvccTxn,
  reader: MvccReader,
  primary: Buffer,
  encodedPrimary: Buffer,
  startTs: bigint,
  adviseTtlMs: number,
): Promise<number> {
  const loaded = await reader.loadLock(encodedPrimary);
  if (loaded === undefined || loaded.lock.startTs !== startTs) {
    throw new TxnError(
      'TXN_NOT_FOUND',
      `transaction ${startTs} holds no lock on its primary ${describeKey(primary)}`,
      { key: primary, startTs },
    );
  }
  const { lock, inMemory } = loaded;
  if (adviseTtlMs <= lock.ttlMs) return lock.ttlMs;
  const renewed = { ...lock, ttlMs: adviseTtlMs };
  if (lock.type === LockType.Pessimistic) {
    txn.putPessimisticLock(encodedPrimary, renewed, inMemory ? 'memory' : 'cf');
  } else {
    txn.putLock(encodedPrimary, renewed, 'cf');
  }
  return adviseTtlMs;
}
