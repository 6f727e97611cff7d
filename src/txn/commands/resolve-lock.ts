// The resolve_lock command (TiKV's commands/resolve_lock.rs): finish a transaction whose fate is
// known on a group of keys, in one batch.

import { resolveLock } from '../actions/resolve-lock.js';
import type { KeyRef } from '../types/mutation.js';
import type { Scheduler } from './scheduler.js';

/** Commits (commitTs > 0) or rolls back (0) the transaction's locks on keys; returns how many. */
export function runResolveLock(
  scheduler: Scheduler,
  keys: readonly KeyRef[],
  startTs: bigint,
  commitTs: bigint,
): Promise<number> {
  return scheduler.run(
    keys.map((ref) => ref.encodedKey),
    async ({ txn, reader }) => {
      let resolved = 0;
      for (const { key, encodedKey } of keys) {
        if (await resolveLock(txn, reader, key, encodedKey, startTs, commitTs)) resolved++;
      }
      return resolved;
    },
  );
}
