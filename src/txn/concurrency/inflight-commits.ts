// Commits between choosing commit_ts and their engine write landing. A one-phase commit leaves no
// lock behind for readers to find, so a reader at a timestamp at or above such a commit_ts must
// learn of it here and wait for the write, or it would read the old version and then, moments
// later, a different one (TiKV's concurrency manager plays this role for its 1PC and async commit).
//
// Entries are keyed by latch slot: the committing command holds those latches, so at most one
// commit per slot is in flight, and a hash collision only makes a reader wait a little.

export interface InflightCommit {
  readonly commitTs: bigint;
  /** The smallest and largest encoded key written: range reads wait only when they overlap. */
  readonly lowKey: Buffer;
  readonly highKey: Buffer;
  /** Resolves once the commit's write has landed (or failed). */
  readonly done: Promise<void>;
}

interface Entry extends InflightCommit {
  resolve: () => void;
}

export class InflightCommits {
  private readonly bySlot = new Map<number, Entry>();

  get size(): number {
    return this.bySlot.size;
  }

  /** Marks the command's slots (and its keys, encoded) as committing at commitTs. */
  begin(
    slots: readonly number[],
    encodedKeys: readonly Buffer[],
    commitTs: bigint,
  ): InflightCommit {
    let resolve!: () => void;
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    let lowKey = encodedKeys[0]!;
    let highKey = lowKey;
    for (const key of encodedKeys) {
      if (key.compare(lowKey) < 0) lowKey = key;
      if (key.compare(highKey) > 0) highKey = key;
    }
    const entry: Entry = { commitTs, lowKey, highKey, done, resolve };
    for (const slot of slots) this.bySlot.set(slot, entry);
    return entry;
  }

  end(slots: readonly number[], commit: InflightCommit): void {
    for (const slot of slots) {
      if (this.bySlot.get(slot) === commit) this.bySlot.delete(slot);
    }
    (commit as Entry).resolve();
  }

  find(slot: number): InflightCommit | undefined {
    return this.bySlot.get(slot);
  }

  /** Every commit in flight (a commit spanning several slots appears once per slot). */
  all(): IterableIterator<InflightCommit> {
    return this.bySlot.values();
  }
}
