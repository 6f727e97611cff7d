// Commits a transaction's buffered mutations (TiDB's two-phase committer, in-process).
//
// One phase when enabled and the mutations fit in one engine batch (tidb_txn_1pc_max_size): one
// command prewrites every key and writes the records at a fresh commit_ts in one durable batch.
// Otherwise Percolator's two phases: prewrite the primary, then the secondaries in groups; take
// commit_ts; commit the primary durably (the commit point), then the secondaries. A key locked by
// another transaction makes the command wait for (or resolve) that lock and run again.
//
// On failure before the commit point everything the transaction holds is released: prewrite locks
// are rolled back (the primary's rollback protected), pessimistic locks are dropped.

import type { CommitResult } from './api.js';
import { runCommit } from './commands/commit.js';
import { runOnePhaseCommit, runPrewrite } from './commands/prewrite.js';
import { runPessimisticRollback } from './commands/pessimistic-rollback.js';
import { runRollback } from './commands/rollback.js';
import type { TxnProps } from './actions/prewrite.js';
import type { TxnContext } from './context.js';
import { isTxnError } from './errors.js';
import type { LiveTxn } from './registry.js';
import type { KeyRef, Mutation } from './types/mutation.js';
import { MAX_TS } from './types/timestamp.js';

/** Keys per prewrite or commit command in two-phase commit: bounds batch size and latch spans. */
export const TWO_PC_GROUP_KEYS = 256;

export interface CommitRequest {
  props: TxnProps;
  /** Sorted mutations, the primary among them. */
  mutations: Mutation[];
  /** Bytes of keys and values written. */
  bytes: number;
  live: LiveTxn;
  lockWaitTimeoutMs: number;
  /** Keys holding this transaction's pessimistic locks (released if the commit fails). */
  pessimisticKeys: KeyRef[];
}

export async function commitMutations(
  context: TxnContext,
  request: CommitRequest,
): Promise<CommitResult> {
  const { config } = context;
  if (config.onePcEnabled && request.bytes <= config.onePcMaxBytes) {
    try {
      const commitTs = await retryOnLocks(context, request, () =>
        runOnePhaseCommit(
          context.scheduler,
          request.props,
          request.mutations,
          context.tso,
          (ts) => {
            request.live.commitTs = ts;
          },
          config.syncCommit,
        ),
      );
      return { commitTs, onePhase: true };
    } catch (error) {
      request.live.commitTs = undefined;
      await releaseAfterFailure(context, request, []);
      throw error;
    }
  }
  return commitTwoPhase(context, request);
}

async function commitTwoPhase(context: TxnContext, request: CommitRequest): Promise<CommitResult> {
  const { scheduler, tso, config } = context;
  const { props, mutations } = request;
  const primaryIndex = mutations.findIndex((m) => m.key.equals(props.primary));
  const primary = mutations[primaryIndex]!;
  const secondaries = mutations.filter((_, i) => i !== primaryIndex);
  const prewritten: KeyRef[] = [];
  try {
    await retryOnLocks(context, request, () => runPrewrite(scheduler, props, [primary]));
    prewritten.push(primary);
    for (let i = 0; i < secondaries.length; i += TWO_PC_GROUP_KEYS) {
      const group = secondaries.slice(i, i + TWO_PC_GROUP_KEYS);
      await retryOnLocks(context, request, () => runPrewrite(scheduler, props, group));
      prewritten.push(...group);
    }
  } catch (error) {
    await releaseAfterFailure(context, request, prewritten);
    throw error;
  }

  let commitTs = tso.tryNext();
  while (commitTs === undefined) {
    await tso.ready();
    commitTs = tso.tryNext();
  }
  // Same synchronous step: readers meeting our locks learn of commit_ts at once.
  request.live.commitTs = commitTs;
  try {
    await runCommit(scheduler, [primary], props.startTs, commitTs, config.syncCommit);
  } catch (error) {
    if (isTxnError(error, 'ROLLED_BACK')) {
      request.live.commitTs = undefined;
      await releaseAfterFailure(context, request, prewritten);
    }
    // Otherwise the outcome is unknown (an engine error): the locks stay for resolvers to decide
    // from the primary.
    throw error;
  }
  // The transaction is committed. A secondary that fails to commit keeps its lock; the next
  // reader rolls it forward from the primary.
  for (let i = 0; i < secondaries.length; i += TWO_PC_GROUP_KEYS) {
    const group = secondaries.slice(i, i + TWO_PC_GROUP_KEYS);
    await runCommit(scheduler, group, props.startTs, commitTs, false).catch(() => undefined);
  }
  return { commitTs, onePhase: false };
}

/**
 * Runs a command, waiting for (or resolving) locks of other transactions that it meets, until it
 * succeeds or fails otherwise.
 */
async function retryOnLocks<T>(
  context: TxnContext,
  request: CommitRequest,
  command: () => Promise<T>,
): Promise<T> {
  for (;;) {
    try {
      return await command();
    } catch (error) {
      if (!isTxnError(error, 'KEY_IS_LOCKED') || error.details.lock === undefined) throw error;
      context.checkOpen();
      const { key, lock } = error.details;
      const ref = request.mutations.find((m) => m.key.equals(key!))!;
      await context.resolver.resolveForWrite(
        request.props.startTs,
        ref,
        lock,
        request.lockWaitTimeoutMs,
      );
    }
  }
}

/** Releases what a failed commit holds: prewrite locks (rolled back) and pessimistic locks. */
async function releaseAfterFailure(
  context: TxnContext,
  request: CommitRequest,
  prewritten: KeyRef[],
): Promise<void> {
  const { scheduler } = context;
  const { startTs, primary } = request.props;
  for (let i = 0; i < prewritten.length; i += TWO_PC_GROUP_KEYS) {
    const group = prewritten.slice(i, i + TWO_PC_GROUP_KEYS);
    await runRollback(scheduler, group, startTs, primary).catch(() => undefined);
  }
  for (let i = 0; i < request.pessimisticKeys.length; i += TWO_PC_GROUP_KEYS) {
    const group = request.pessimisticKeys.slice(i, i + TWO_PC_GROUP_KEYS);
    await runPessimisticRollback(scheduler, group, startTs, MAX_TS).catch(() => undefined);
  }
}
