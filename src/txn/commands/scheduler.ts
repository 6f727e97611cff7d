// Runs commands (TiKV's scheduler): a command takes the latches of its keys, lets its actions
// read and stage changes in one MvccTxn, writes them as one atomic engine batch, applies the
// in-memory lock changes, wakes the waiters of released keys, and only then lets go of the
// latches. Every change to the three column families goes through here.

import type { InflightCommit } from '../concurrency/inflight-commits.js';
import { InflightCommits } from '../concurrency/inflight-commits.js';
import type { Latches } from '../concurrency/latches.js';
import type { LockManager } from '../concurrency/lock-manager.js';
import type { PessimisticLockTable } from '../concurrency/pessimistic-locks.js';
import type { LockPresence } from '../mvcc/lock-presence.js';
import { MvccReader } from '../mvcc/reader.js';
import type { MvccStorage } from '../mvcc/storage.js';
import { MvccTxn } from '../mvcc/txn.js';

export interface CommandContext {
  readonly txn: MvccTxn;
  readonly reader: MvccReader;
  /**
   * Announces that this command will commit at commitTs (one-phase commit): readers at or above
   * it wait for the batch instead of reading past it. Call right after taking commitTs from the
   * oracle, in the same synchronous step.
   */
  markCommitting(commitTs: bigint): void;
}

export interface CommandOptions {
  /** fdatasync the WAL before the command completes (commits that decide a transaction). */
  sync?: boolean;
}

export class Scheduler {
  readonly inflight = new InflightCommits();
  readonly reader: MvccReader;
  private commandsRun = 0;
  private batchesWritten = 0;

  constructor(
    readonly storage: MvccStorage,
    readonly memoryLocks: PessimisticLockTable,
    readonly latches: Latches,
    readonly lockManager: LockManager,
    readonly lockPresence: LockPresence,
  ) {
    this.reader = new MvccReader(storage, memoryLocks, lockPresence);
  }

  /** Runs body over the keys (encoded) with their latches held; see the file comment. */
  async run<T>(
    encodedKeys: readonly Buffer[],
    body: (context: CommandContext) => T | Promise<T>,
    options: CommandOptions = {},
  ): Promise<T> {
    const slots = this.latches.slotsOf(encodedKeys);
    const waiting = this.latches.acquire(slots);
    if (waiting !== undefined) await waiting;
    let committing: InflightCommit | undefined;
    const txn = new MvccTxn(this.storage, this.memoryLocks, this.lockPresence);
    let written = false;
    try {
      const inflight = this.inflight;
      const context: CommandContext = {
        txn,
        reader: this.reader,
        markCommitting(commitTs) {
          committing = inflight.begin(slots, encodedKeys, commitTs);
        },
      };
      const result = await body(context);
      this.commandsRun++;
      written = true; // from here the batch may reach the engine, fail or not
      if (txn.batch.count > 0) {
        await this.storage.write(txn.batch, options.sync === true);
        this.batchesWritten++;
      }
      txn.applyAfterWrite();
      if (txn.releasedKeys.length > 0) this.lockManager.wakeUpKeys(txn.releasedKeys);
      return result;
    } finally {
      if (!written) txn.discard();
      if (committing !== undefined) this.inflight.end(slots, committing);
      this.latches.release(slots);
    }
  }

  get stats(): { commands: number; batches: number } {
    return { commands: this.commandsRun, batches: this.batchesWritten };
  }
}
