// The txn_heart_beat command: extend the TTL of a transaction's primary lock.

import { txnHeartBeat } from '../actions/txn-heart-beat.js';
import type { KeyRef } from '../types/mutation.js';
import type { Scheduler } from './scheduler.js';

export function runTxnHeartBeat(
  scheduler: Scheduler,
  primary: KeyRef,
  startTs: bigint,
  adviseTtlMs: number,
): Promise<number> {
  return scheduler.run([primary.encodedKey], ({ txn, reader }) =>
    txnHeartBeat(txn, reader, primary.key, primary.encodedKey, startTs, adviseTtlMs),
  );
}
