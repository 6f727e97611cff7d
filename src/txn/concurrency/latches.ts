// Latches serialize the commands of this process that touch the same keys (TiKV's scheduler
// latches): a command holds the latches of all its keys from its first read until its engine
// write has landed, so that no other command reads or writes those keys in between.
//
// Keys map to slots by hash; a command takes its slots in ascending order, which rules out
// deadlocks between commands. A free latch is taken synchronously; a busy one queues the command
// (FIFO per slot) and hands the slot over directly on release.
//
// Thread safety: single JavaScript thread; no locking needed beyond the slot states.

import { hashKey } from './key-hash.js';

/** 65,536 slots: a few hundred concurrent commands of a few keys each rarely collide. */
export const DEFAULT_LATCH_SLOTS = 1 << 16;

interface LatchRequest {
  readonly slots: readonly number[];
  /** Index in slots of the next slot to take. */
  next: number;
  resolve: () => void;
}

export class Latches {
  private readonly held: Uint8Array;
  private readonly mask: number;
  private readonly waiting = new Map<number, LatchRequest[]>();

  constructor(slotCount = DEFAULT_LATCH_SLOTS) {
    if (slotCount <= 0 || (slotCount & (slotCount - 1)) !== 0) {
      throw new RangeError(`latch slot count ${slotCount} is not a power of two`);
    }
    this.held = new Uint8Array(slotCount);
    this.mask = slotCount - 1;
  }

  slotOf(encodedKey: Buffer): number {
    return hashKey(encodedKey) & this.mask;
  }

  /** The sorted, distinct slots of some encoded keys. */
  slotsOf(encodedKeys: readonly Buffer[]): number[] {
    const slots = encodedKeys.map((key) => this.slotOf(key));
    slots.sort((a, b) => a - b);
    let distinct = 0;
    for (let i = 0; i < slots.length; i++) {
      if (i === 0 || slots[i] !== slots[distinct - 1]) slots[distinct++] = slots[i]!;
    }
    slots.length = distinct;
    return slots;
  }

  /**
   * Takes every slot. Returns undefined when all were free (taken synchronously), else a promise
   * that resolves once the command holds them all. REQUIRES: slots from slotsOf().
   */
  acquire(slots: readonly number[]): Promise<void> | undefined {
    const request: LatchRequest = { slots, next: 0, resolve: noop };
    if (this.advance(request)) return undefined;
    return new Promise<void>((resolve) => {
      request.resolve = resolve;
    });
  }

  /** Releases slots taken by acquire(); each goes to its first waiter, if any. */
  release(slots: readonly number[]): void {
    for (const slot of slots) {
      const queue = this.waiting.get(slot);
      const waiter = queue?.shift();
      if (waiter === undefined) {
        this.held[slot] = 0;
        continue;
      }
      if (queue!.length === 0) this.waiting.delete(slot);
      waiter.next++; // the slot passes to the waiter without becoming free
      if (this.advance(waiter)) waiter.resolve();
    }
  }

  /** Whether some command holds the latch of this slot. */
  isHeld(slot: number): boolean {
    return this.held[slot] === 1;
  }

  /** Takes free slots in order; returns true when the request holds them all. */
  private advance(request: LatchRequest): boolean {
    const slots = request.slots;
    while (request.next < slots.length) {
      const slot = slots[request.next]!;
      if (this.held[slot] === 1) {
        const queue = this.waiting.get(slot);
        if (queue === undefined) this.waiting.set(slot, [request]);
        else queue.push(request);
        return false;
      }
      this.held[slot] = 1;
      request.next++;
    }
    return true;
  }
}

function noop(): void {}
