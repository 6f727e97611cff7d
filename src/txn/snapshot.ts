// A read-only view at one timestamp (KvReader): point reads through PointGetter, with its
// synchronous fast path exposed as tryGet(), and range reads through ScanCursor. Locks in the way are
// handed to the store's lock resolver, then the read is tried again.

import { WOULD_BLOCK, type KvPair, type KvReader, type ScanOptions } from './api.js';
import type { TxnContext } from './context.js';
import { TxnError } from './errors.js';
import { PointGetter, type ReadBlock } from './mvcc/point-getter.js';
import { ScanCursor, type ScanPolicy } from './mvcc/scanner.js';
import { entriesOf, readAll } from './cursors.js';
import type { Lock } from './types/lock.js';
import type { KeyRef } from './types/mutation.js';

export class SnapshotReader implements KvReader {
  private readonly getter: PointGetter;
  private policy: ScanPolicy | undefined;

  constructor(
    private readonly context: TxnContext,
    readonly startTs: bigint,
  ) {
    this.getter = new PointGetter(context.storage, context.readPolicy, startTs);
  }

  tryGet(key: Buffer): Buffer | undefined | typeof WOULD_BLOCK {
    this.checkReadable();
    return this.getter.tryGet(key);
  }

  get(key: Buffer): Promise<Buffer | undefined> {
    this.checkReadable();
    const fast = this.getter.tryGet(key);
    if (fast !== WOULD_BLOCK) return Promise.resolve(fast);
    return this.getBlocked(key, this.getter.blocked);
  }

  async batchGet(keys: Buffer[]): Promise<Array<Buffer | undefined>> {
    this.checkReadable();
    const values: Array<Buffer | undefined> = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const fast = this.getter.tryGet(keys[i]!);
      values[i] =
        fast === WOULD_BLOCK ? await this.getBlocked(keys[i]!, this.getter.blocked) : fast;
    }
    return values;
  }

  async scan(start: Buffer, end: Buffer, options: ScanOptions = {}): Promise<KvPair[]> {
    return readAll(this.cursor(start, end, options));
  }

  async *iterate(
    start: Buffer,
    end: Buffer,
    options: ScanOptions = {},
  ): AsyncIterableIterator<KvPair> {
    yield* entriesOf(this.cursor(start, end, options));
  }

  cursor(start: Buffer, end: Buffer, options: ScanOptions = {}): ScanCursor {
    this.checkReadable();
    return new ScanCursor(this.context.storage, this.scanPolicy(), this.startTs, {
      start,
      end,
      reverse: options.reverse === true,
      keyOnly: options.keyOnly === true,
      limit: options.limit ?? Number.MAX_SAFE_INTEGER,
    });
  }

  /** Finishes a get whose fast path was blocked: resolve or wait, then read again. */
  private async getBlocked(key: Buffer, firstBlock: ReadBlock): Promise<Buffer | undefined> {
    let block = firstBlock;
    for (;;) {
      if (block.kind === 'io') {
        const result = await this.getter.get(key);
        if (result.kind === 'value') return result.value;
        block = result;
      }
      if (block.kind === 'lock') {
        await this.context.resolver.resolveForRead(
          { key, encodedKey: block.encodedKey },
          block.lock,
          this.startTs,
        );
      } else if (block.kind === 'inflight') {
        await block.commit.done;
      }
      this.checkReadable();
      const fast = this.getter.tryGet(key);
      if (fast !== WOULD_BLOCK) return fast;
      block = this.getter.blocked;
    }
  }

  private scanPolicy(): ScanPolicy {
    if (this.policy === undefined) {
      const context = this.context;
      const readTs = this.startTs;
      this.policy = {
        canReadPast: (lockTs, ts) => context.readPolicy.canReadPast(lockTs, ts),
        inflight: context.readPolicy.inflight,
        lockPresence: context.readPolicy.lockPresence,
        resolveLock: (ref: KeyRef, lock: Lock) =>
          context.resolver.resolveForRead(ref, lock, readTs),
      };
    }
    return this.policy;
  }

  private checkReadable(): void {
    this.context.checkOpen();
    if (this.startTs < this.context.gcSafepoint) {
      throw new TxnError(
        'SNAPSHOT_TOO_OLD',
        `GC life time is shorter than transaction duration: read timestamp ${this.startTs} is below the GC safepoint ${this.context.gcSafepoint}`,
        { startTs: this.startTs },
      );
    }
  }
}
