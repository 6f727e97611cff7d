// AUTO_INCREMENT values and hidden row handles, handed out from ranges reserved in batches: a
// reservation is one small transaction on the table's counter key, so most allocations touch no
// storage. After a restart, numbering resumes past the last reserved range (as TiDB does), so
// values are unique and increasing but may skip.

import type { TxnStoreApi } from '../../txn/api.js';
import { autoIdKey } from './meta-keys.js';
import type { AutoIdKind } from './meta-keys.js';
import { decodeCounter, encodeCounter } from './serialize.js';

/** First reservation per table; doubled while reservations come fast, up to the maximum. */
const INITIAL_BATCH = 1_000;
const MAX_BATCH = 1_000_000;
/** Reservations closer together than this grow the batch. */
const FAST_REFILL_MS = 1_000;

interface Range {
  /** Next value to hand out. */
  next: bigint;
  /** First value not reserved. */
  end: bigint;
  batch: bigint;
  lastRefillMs: number;
  /** The refill in progress, which concurrent allocations wait for. */
  refilling: Promise<void> | null;
}

export class AutoIdAllocator {
  private readonly ranges = new Map<string, Range>();

  constructor(private readonly store: TxnStoreApi) {}

  private range(tableId: number, kind: AutoIdKind): Range {
    const key = `${kind}:${tableId}`;
    let range = this.ranges.get(key);
    if (!range) {
      range = { next: 0n, end: 0n, batch: BigInt(INITIAL_BATCH), lastRefillMs: 0, refilling: null };
      this.ranges.set(key, range);
    }
    return range;
  }

  /**
   * Reserves count consecutive values (step apart) and returns the first. With step and offset
   * (auto_increment_increment/offset) values are the next ones congruent to offset modulo step.
   */
  async allocate(
    tableId: number,
    kind: AutoIdKind,
    count: number,
    step = 1,
    offset = 1,
  ): Promise<bigint> {
    const range = this.range(tableId, kind);
    const inc = BigInt(step);
    const off = BigInt(offset);
    for (;;) {
      if (range.refilling) {
        await range.refilling;
        continue;
      }
      let first = range.next === 0n ? 1n : range.next;
      if (inc > 1n) {
        const rem = (((first - off) % inc) + inc) % inc;
        if (rem !== 0n) first += inc - rem;
      }
      const last = first + inc * BigInt(count - 1);
      if (range.next !== 0n && last < range.end) {
        range.next = last + 1n;
        return first;
      }
      range.refilling = this.refill(tableId, kind, range, BigInt(count) * inc);
      try {
        await range.refilling;
      } finally {
        range.refilling = null;
      }
    }
  }

  private async refill(
    tableId: number,
    kind: AutoIdKind,
    range: Range,
    needed: bigint,
  ): Promise<void> {
    const now = Date.now();
    if (
      range.lastRefillMs !== 0 &&
      now - range.lastRefillMs < FAST_REFILL_MS &&
      range.batch < BigInt(MAX_BATCH)
    ) {
      range.batch *= 2n;
    }
    range.lastRefillMs = now;
    const size = needed > range.batch ? needed + range.batch : range.batch;
    const key = autoIdKey(tableId, kind);
    const txn = await this.store.begin({ mode: 'pessimistic' });
    try {
      const [stored] = await txn.lockKeys([key]);
      const persisted = decodeCounter(stored);
      const start = (persisted > range.next - 1n ? persisted : range.next - 1n) + 1n;
      txn.put(key, encodeCounter(start - 1n + size));
      await txn.commit();
      range.next = start;
      range.end = start + size;
    } catch (error) {
      if (!txn.finished) await txn.rollback();
      throw error;
    }
  }

  /** Makes later values larger than value (after an explicit insert or update of the column). */
  async rebase(tableId: number, kind: AutoIdKind, value: bigint): Promise<void> {
    const range = this.range(tableId, kind);
    while (range.refilling) await range.refilling;
    if (value < range.next) return;
    if (value < range.end) {
      range.next = value + 1n;
      return;
    }
    range.next = value + 1n;
    range.end = 0n;
    range.refilling = this.refill(tableId, kind, range, 1n);
    try {
      await range.refilling;
    } finally {
      range.refilling = null;
    }
  }

  /** The next value a plain allocation would return (SHOW CREATE TABLE's AUTO_INCREMENT=). */
  async peek(tableId: number, kind: AutoIdKind): Promise<bigint> {
    const range = this.range(tableId, kind);
    if (range.next !== 0n && range.next < range.end) return range.next;
    const snapshot = await this.store.snapshot();
    return decodeCounter(await snapshot.get(autoIdKey(tableId, kind))) + 1n;
  }

  /** Drops the cached ranges of a table (after DROP or TRUNCATE TABLE). */
  forget(tableId: number): void {
    this.ranges.delete(`auto:${tableId}`);
    this.ranges.delete(`row:${tableId}`);
  }
}
