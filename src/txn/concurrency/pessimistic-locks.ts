// In-memory pessimistic locks (TiKV's in-memory pessimistic locks): the locks pessimistic
// transactions take at DML and SELECT … FOR UPDATE time live here instead of in the `lock` CF.
// They only protect live transactions of this process, so losing them in a crash loses nothing:
// the transactions that held them are gone too. Writing them to the engine would cost a write per
// locked statement. Past `limitBytes` new locks go to the `lock` CF instead (docs/format/mvcc.md).
//
// Thread safety: single JavaScript thread.

import type { Lock } from '../types/lock.js';

/** Bookkeeping bytes counted per lock besides its keys (map entry, object, timestamps). */
const ENTRY_OVERHEAD_BYTES = 96;

export interface MemoryLockEntry {
  encodedKey: Buffer;
  lock: Lock;
}

export class PessimisticLockTable {
  private readonly locks = new Map<string, MemoryLockEntry>();
  private usedBytes = 0;

  constructor(public limitBytes: number) {}

  get size(): number {
    return this.locks.size;
  }

  get bytes(): number {
    return this.usedBytes;
  }

  get(encodedKey: Buffer): Lock | undefined {
    if (this.locks.size === 0) return undefined;
    return this.locks.get(encodedKey.toString('latin1'))?.lock;
  }

  /** Whether a lock for this key fits under the limit (an update of an existing one always does). */
  hasRoomFor(encodedKey: Buffer, lock: Lock): boolean {
    const id = encodedKey.toString('latin1');
    return this.locks.has(id) || this.usedBytes + entryBytes(encodedKey, lock) <= this.limitBytes;
  }

  set(encodedKey: Buffer, lock: Lock): void {
    const id = encodedKey.toString('latin1');
    const previous = this.locks.get(id);
    if (previous !== undefined) this.usedBytes -= entryBytes(previous.encodedKey, previous.lock);
    this.locks.set(id, { encodedKey, lock });
    this.usedBytes += entryBytes(encodedKey, lock);
  }

  delete(encodedKey: Buffer): boolean {
    const id = encodedKey.toString('latin1');
    const previous = this.locks.get(id);
    if (previous === undefined) return false;
    this.locks.delete(id);
    this.usedBytes -= entryBytes(previous.encodedKey, previous.lock);
    return true;
  }

  /** Every lock with an encoded key in [start, end) (end undefined: no upper bound). */
  *range(start: Buffer, end: Buffer | undefined): IterableIterator<MemoryLockEntry> {
    for (const entry of this.locks.values()) {
      if (entry.encodedKey.compare(start) < 0) continue;
      if (end !== undefined && entry.encodedKey.compare(end) >= 0) continue;
      yield entry;
    }
  }
}

function entryBytes(encodedKey: Buffer, lock: Lock): number {
  return 2 * encodedKey.length + lock.primary.length + ENTRY_OVERHEAD_BYTES;
}
