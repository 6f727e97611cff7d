// The transactions alive in this process, by start_ts. A lock whose owner is here is waited for
// (or, for a reader, skipped while its owner has no commit_ts yet); a lock whose owner is not
// here belongs to a transaction that ended without cleaning up (its process died, or its commit
// failed) and may be resolved at once.
//
// Thread safety: single JavaScript thread. commitTs is set in the same synchronous step that takes
// it from the oracle, so a reader never sees a transaction with a commit_ts it does not know of.

export interface LiveTxn {
  readonly startTs: bigint;
  /** Set once the transaction has its commit_ts (it may still fail to commit). */
  commitTs: bigint | undefined;
  /** Resolves when the transaction has committed or rolled back and released its locks. */
  readonly finished: Promise<void>;
}

interface Entry extends LiveTxn {
  resolveFinished: () => void;
  holders: number;
}

export class TxnRegistry {
  private readonly live = new Map<bigint, Entry>();

  /** Registers a transaction (or a second holder of the same start_ts) and returns its record. */
  register(startTs: bigint): LiveTxn {
    const existing = this.live.get(startTs);
    if (existing !== undefined) {
      existing.holders++;
      return existing;
    }
    let resolveFinished!: () => void;
    const finished = new Promise<void>((resolve) => {
      resolveFinished = resolve;
    });
    const entry: Entry = { startTs, commitTs: undefined, finished, resolveFinished, holders: 1 };
    this.live.set(startTs, entry);
    return entry;
  }

  /** Ends one holder's registration; the last one marks the transaction finished. */
  unregister(txn: LiveTxn): void {
    const entry = this.live.get(txn.startTs);
    if (entry === undefined || entry !== txn) return;
    if (--entry.holders > 0) return;
    this.live.delete(txn.startTs);
    entry.resolveFinished();
  }

  get(startTs: bigint): LiveTxn | undefined {
    return this.live.get(startTs);
  }

  get size(): number {
    return this.live.size;
  }

  /** The smallest start_ts alive, or undefined. */
  oldestStartTs(): bigint | undefined {
    let oldest: bigint | undefined;
    for (const startTs of this.live.keys()) {
      if (oldest === undefined || startTs < oldest) oldest = startTs;
    }
    return oldest;
  }
}
