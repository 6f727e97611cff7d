// Which keys may have a lock in the `lock` CF, so that a point read can skip that lookup (half of
// its engine calls) for the vast majority of keys that have none. Keys map to slots by the latch
// hash; each slot counts the locks written to the CF for its keys and not yet deleted. The lock CF
// is counted in full when the store opens (it holds only what live or dead transactions left), and
// from then on every lock-CF write goes through MvccTxn, which reports it here.
//
// The count of a slot may only ever be too high (an extra lookup), never too low (a missed lock):
// a new lock is counted before its batch is written, a removal only after its batch has landed,
// and a command that fails before writing takes back what it counted.
//
// Thread safety: single JavaScript thread.

import { hashKey } from '../concurrency/key-hash.js';
import { DEFAULT_LATCH_SLOTS } from '../concurrency/latches.js';

export class LockPresence {
  private readonly counts: Uint32Array;
  private readonly mask: number;
  private total = 0;

  constructor(slotCount = DEFAULT_LATCH_SLOTS) {
    this.counts = new Uint32Array(slotCount);
    this.mask = slotCount - 1;
  }

  slotOf(encodedKey: Buffer, length = encodedKey.length): number {
    return hashKey(encodedKey, length) & this.mask;
  }

  /** Whether the key (encodedKey[0, length)) may have a lock in the lock CF. */
  mayHaveLock(encodedKey: Buffer, length = encodedKey.length): boolean {
    return this.total > 0 && this.counts[hashKey(encodedKey, length) & this.mask]! > 0;
  }

  /** Counts a lock about to be written for a key that had none in the CF. */
  added(encodedKey: Buffer): void {
    this.counts[this.slotOf(encodedKey)]!++;
    this.total++;
  }

  /** Uncounts a lock whose deletion has landed (or whose write was abandoned before the engine). */
  removed(encodedKey: Buffer): void {
    const slot = this.slotOf(encodedKey);
    if (this.counts[slot] === 0) return;
    this.counts[slot]!--;
    this.total--;
  }

  /** Locks counted (an upper bound on the locks in the CF). */
  get size(): number {
    return this.total;
  }
}
