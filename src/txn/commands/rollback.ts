// The rollback command: a transaction rolls itself back on a group of keys (TiKV's
// commands/rollback.rs: cleanup without TTL check). The primary's Rollback record is protected.

import { cleanup } from '../actions/cleanup.js';
import type { KeyRef } from '../types/mutation.js';
import type { Scheduler } from './scheduler.js';

/** Rolls back keys; throws COMMITTED when the transaction already committed on one of them. */
export function runRollback(
  scheduler: Scheduler,
  keys: readonly KeyRef[],
  startTs: bigint,
  primary: Buffer | undefined,
): Promise<void> {
  return scheduler.run(
    keys.map((ref) => ref.encodedKey),
    async ({ txn, reader }) => {
      for (const { key, encodedKey } of keys) {
        const protect = primary !== undefined && key.equals(primary);
        await cleanup(txn, reader, key, encodedKey, startTs, 0n, protect);
      }
    },
  );
}
