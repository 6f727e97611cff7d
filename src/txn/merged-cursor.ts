// A transaction's range read: the snapshot's chunks with the transaction's own buffered writes
// merged in. A buffered Put wins over the stored entry, a Delete hides it, a lock-only mark
// changes nothing. Buffered writes are merged into the chunk whose keys they fall among, so a
// chunk costs one pass and a transaction that wrote nothing in the range pays nothing.

import { WOULD_BLOCK, type KvCursor, type KvPair } from './api.js';
import type { BufferedWrite } from './membuffer.js';
import { MutationOp } from './types/mutation.js';

const EMPTY_VALUE = Buffer.alloc(0);

export class MergedCursor implements KvCursor {
  /** The next buffered write to merge. */
  private index = 0;
  private remaining: number;
  private finished = false;

  /**
   * buffered: the transaction's writes in the range, in the scan's order. stored: the snapshot's
   * cursor over the same range, without a limit (buffered deletes may hide its entries).
   */
  constructor(
    private readonly stored: KvCursor,
    private readonly buffered: readonly BufferedWrite[],
    private readonly reverse: boolean,
    private readonly keyOnly: boolean,
    limit: number,
  ) {
    this.remaining = limit;
  }

  tryNext(): KvPair[] | null | typeof WOULD_BLOCK {
    for (;;) {
      if (this.finished || this.remaining <= 0) return null;
      const chunk = this.stored.tryNext();
      if (chunk === WOULD_BLOCK) return WOULD_BLOCK;
      const out = this.step(chunk);
      if (out !== undefined) return out;
    }
  }

  async next(): Promise<KvPair[] | null> {
    for (;;) {
      if (this.finished || this.remaining <= 0) return null;
      const out = this.step(await this.stored.next());
      if (out !== undefined) return out;
    }
  }

  /** What to hand out for a stored chunk (null: the stored range is exhausted); undefined: read on. */
  private step(chunk: KvPair[] | null): KvPair[] | null | undefined {
    let out: KvPair[];
    if (chunk === null) {
      out = this.restOfBuffered();
      this.finished = true;
    } else if (this.index === this.buffered.length) {
      out = chunk;
    } else {
      out = this.merge(chunk);
    }
    if (out.length > this.remaining) out.length = this.remaining;
    this.remaining -= out.length;
    if (out.length > 0) return out;
    return this.finished ? null : undefined;
  }

  /** The chunk with the buffered writes that fall among its keys. */
  private merge(chunk: KvPair[]): KvPair[] {
    const sign = this.reverse ? -1 : 1;
    const buffered = this.buffered;
    const out: KvPair[] = [];
    let i = 0;
    while (i < chunk.length) {
      const stored = chunk[i]!;
      const write = buffered[this.index];
      const order = write === undefined ? 1 : sign * write.key.compare(stored[0]);
      if (order > 0) {
        out.push(stored);
        i++;
        continue;
      }
      this.index++;
      if (order === 0) {
        i++;
        if (write!.op === MutationOp.Lock) out.push(stored);
        else if (write!.op === MutationOp.Put) out.push(this.entryOf(write!));
      } else if (write!.op === MutationOp.Put) out.push(this.entryOf(write!));
    }
    return out;
  }

  private restOfBuffered(): KvPair[] {
    const out: KvPair[] = [];
    const buffered = this.buffered;
    for (; this.index < buffered.length; this.index++) {
      const write = buffered[this.index]!;
      if (write.op === MutationOp.Put) out.push(this.entryOf(write));
    }
    return out;
  }

  private entryOf(write: BufferedWrite): KvPair {
    return [write.key, this.keyOnly ? EMPTY_VALUE : write.value!];
  }
}
