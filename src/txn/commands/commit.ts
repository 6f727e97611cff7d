// The commit command: commit a group of a transaction's keys at commit_ts in one batch.

import { commit } from '../actions/commit.js';
import type { KeyRef } from '../types/mutation.js';
import type { Scheduler } from './scheduler.js';

/** Commits keys (all or none); `sync` for the primary, whose commit decides the transaction. */
export function runCommit(
  scheduler: Scheduler,
  keys: readonly KeyRef[],
  startTs: bigint,
  commitTs: bigint,
  sync: boolean,
): Promise<void> {
  return scheduler.run(
    keys.map((ref) => ref.encodedKey),
    async ({ txn, reader }) => {
      for (const { key, encodedKey } of keys) {
        await commit(txn, reader, key, encodedKey, startTs, commitTs);
      }
    },
    { sync },
  );
}
