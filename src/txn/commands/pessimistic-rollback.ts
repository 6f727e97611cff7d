// The pessimistic_rollback command: release a transaction's pessimistic locks on a group of keys.

import { pessimisticRollback } from '../actions/pessimistic-rollback.js';
import type { KeyRef } from '../types/mutation.js';
import type { Scheduler } from './scheduler.js';

/** Returns the number of locks released. */
export function runPessimisticRollback(
  scheduler: Scheduler,
  keys: readonly KeyRef[],
  startTs: bigint,
  forUpdateTs: bigint,
): Promise<number> {
  return scheduler.run(
    keys.map((ref) => ref.encodedKey),
    async ({ txn, reader }) => {
      let released = 0;
      for (const { encodedKey } of keys) {
        if (await pessimisticRollback(txn, reader, encodedKey, startTs, forUpdateTs)) released++;
      }
      return released;
    },
  );
}
