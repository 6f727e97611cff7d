// The prewrite command: prewrite a group of a transaction's keys in one batch, or, in one-phase
// mode, prewrite all of them and commit them in that same batch (TiKV's commands/prewrite.rs).

import { commitOnePhaseLocks } from '../actions/one-phase-commit.js';
import { prewrite, type TxnProps } from '../actions/prewrite.js';
import type { TimestampOracle } from '../tso/oracle.js';
import type { MvccReader } from '../mvcc/reader.js';
import { PREFETCH_MIN_KEYS, PrefetchedVersions } from '../mvcc/prefetched-versions.js';
import type { Mutation } from '../types/mutation.js';
import { ZERO_TS } from '../types/timestamp.js';
import type { Scheduler } from './scheduler.js';

/** Prewrites mutations (all or none). Throws what prewrite throws, for the first failing key. */
export function runPrewrite(
  scheduler: Scheduler,
  props: TxnProps,
  mutations: readonly Mutation[],
): Promise<void> {
  const encodedKeys = mutations.map((mutation) => mutation.encodedKey);
  return scheduler.run(encodedKeys, async ({ txn, reader }) => {
    const prefetched = await prefetchFor(reader, props, encodedKeys);
    for (const mutation of mutations) {
      const pending = prewrite(txn, reader, props, mutation, prefetched);
      if (pending !== undefined) await pending;
    }
  });
}

/**
 * Prewrites and commits every mutation of a transaction in one durable batch (when `sync`).
 * commit_ts is taken from the oracle after all checks passed, while the latches are held;
 * onCommitTs hears of it in the same synchronous step. Returns commit_ts.
 */
export function runOnePhaseCommit(
  scheduler: Scheduler,
  props: TxnProps,
  mutations: readonly Mutation[],
  tso: TimestampOracle,
  onCommitTs: (commitTs: bigint) => void,
  sync: boolean,
): Promise<bigint> {
  const encodedKeys = mutations.map((mutation) => mutation.encodedKey);
  return scheduler.run(
    encodedKeys,
    async (context) => {
      const { txn, reader } = context;
      txn.onePcLocks = [];
      const prefetched = await prefetchFor(reader, props, encodedKeys);
      for (const mutation of mutations) {
        const pending = prewrite(txn, reader, props, mutation, prefetched);
        if (pending !== undefined) await pending;
      }
      let commitTs = tso.tryNext();
      while (commitTs === undefined) {
        await tso.ready();
        commitTs = tso.tryNext();
      }
      context.markCommitting(commitTs);
      onCommitTs(commitTs);
      commitOnePhaseLocks(txn, commitTs);
      return commitTs;
    },
    { sync },
  );
}

/**
 * An optimistic prewrite checks every key for newer writes: many keys at once read their records
 * with one range scan when that is cheaper (pessimistic prewrites check nothing).
 */
function prefetchFor(
  reader: MvccReader,
  props: TxnProps,
  encodedKeys: readonly Buffer[],
): Promise<PrefetchedVersions | undefined> | undefined {
  if (props.forUpdateTs !== ZERO_TS || encodedKeys.length < PREFETCH_MIN_KEYS) return undefined;
  return PrefetchedVersions.read(reader.storage, encodedKeys);
}
