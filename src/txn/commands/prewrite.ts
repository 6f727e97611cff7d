// The prewrite command: prewrite a group of a transaction's keys in one batch, or, in one-phase
// mode, prewrite all of them and commit them in that same batch (TiKV's commands/prewrite.rs).

import { commitOnePhaseLocks } from '../actions/one-phase-commit.js';
import { prewrite, type TxnProps } from '../actions/prewrite.js';
import type { TimestampOracle } from '../tso/oracle.js';
import type { Mutation } from '../types/mutation.js';
import type { Scheduler } from './scheduler.js';

/** Prewrites mutations (all or none). Throws what prewrite throws, for the first failing key. */
export function runPrewrite(
  scheduler: Scheduler,
  props: TxnProps,
  mutations: readonly Mutation[],
): Promise<void> {
  return scheduler.run(
    mutations.map((mutation) => mutation.encodedKey),
    async ({ txn, reader }) => {
      for (const mutation of mutations) await prewrite(txn, reader, props, mutation);
    },
  );
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
  return scheduler.run(
    mutations.map((mutation) => mutation.encodedKey),
    async (context) => {
      const { txn, reader } = context;
      txn.onePcLocks = [];
      for (const mutation of mutations) await prewrite(txn, reader, props, mutation);
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
