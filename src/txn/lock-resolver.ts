// What to do about a lock met by a read or a write (TiDB's lock resolver, in-process). The owner
// of every lock is either alive in this process (registry) or gone: a live owner is waited for (a
// writer queues in the lock manager, a reader only waits when the owner already has a commit_ts at
// or below its read timestamp); a gone owner's transaction is finished from its primary key —
// rolled forward when the primary committed, back when it did not — and the lock with it.

import { runCheckTxnStatus } from './commands/check-txn-status.js';
import { runResolveLock } from './commands/resolve-lock.js';
import type { Scheduler } from './commands/scheduler.js';
import type { LockManager } from './concurrency/lock-manager.js';
import type { TxnRegistry } from './registry.js';
import { encodeKey } from './types/key.js';
import { lockStartTsOf, type Lock } from './types/lock.js';
import type { KeyRef } from './types/mutation.js';
import { MAX_TS } from './types/timestamp.js';
import { WOULD_BLOCK } from './mvcc/storage.js';

export class LockResolver {
  private resolved = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly registry: TxnRegistry,
    private readonly lockManager: LockManager,
  ) {}

  /**
   * Whether a reader at readTs may read past a Put or Delete lock of the transaction starting at
   * lockTs: its owner is alive and has no commit_ts at or below readTs yet, so it will commit
   * above readTs (commit timestamps are taken from the oracle after every read timestamp handed
   * out so far) or not at all. Synchronous, for the read fast path.
   */
  canReadPast(lockTs: bigint, readTs: bigint): boolean {
    const owner = this.registry.get(lockTs);
    return owner !== undefined && (owner.commitTs === undefined || owner.commitTs > readTs);
  }

  /** A reader at readTs met a lock it cannot read past: resolves when the read may be retried. */
  async resolveForRead(ref: KeyRef, lock: Lock, readTs: bigint): Promise<void> {
    const owner = this.registry.get(lock.startTs);
    if (owner === undefined) return this.resolveOrphan(ref, lock);
    if (owner.commitTs !== undefined && owner.commitTs <= readTs) await owner.finished;
  }

  /**
   * The transaction starting at waiterTs met another transaction's lock while writing: waits for
   * a live owner to release the key (throws LOCK_WAIT_TIMEOUT, DEADLOCK, KEY_IS_LOCKED for
   * NOWAIT) or resolves a gone owner's lock. Resolves when the write may be retried.
   */
  async resolveForWrite(
    waiterTs: bigint,
    ref: KeyRef,
    lock: Lock,
    timeoutMs: number,
  ): Promise<void> {
    const owner = this.registry.get(lock.startTs);
    if (owner === undefined) return this.resolveOrphan(ref, lock);
    // The lock may have gone between the failed attempt and now; waiting then would sleep
    // through a wake-up that already happened.
    if (!this.stillLocked(ref.encodedKey, lock.startTs)) return;
    await this.lockManager.wait({
      waiterTs,
      holderTs: lock.startTs,
      key: ref.key,
      encodedKey: ref.encodedKey,
      timeoutMs,
    });
  }

  /** Finishes a gone transaction on one key, as its primary decides. */
  async resolveOrphan(ref: KeyRef, lock: Lock): Promise<void> {
    const primary: KeyRef = ref.key.equals(lock.primary)
      ? ref
      : { key: lock.primary, encodedKey: encodeKey(lock.primary) };
    // Its owner is gone, so its TTL no longer matters: MAX_TS expires it.
    const status = await runCheckTxnStatus(this.scheduler, primary, lock.startTs, MAX_TS, true);
    const commitTs = status.kind === 'committed' ? status.commitTs : 0n;
    if (primary !== ref) await runResolveLock(this.scheduler, [ref], lock.startTs, commitTs);
    this.resolved++;
  }

  get resolvedLocks(): number {
    return this.resolved;
  }

  private stillLocked(encodedKey: Buffer, startTs: bigint): boolean {
    const memory = this.scheduler.memoryLocks.get(encodedKey);
    if (memory !== undefined) return memory.startTs === startTs;
    const storage = this.scheduler.storage;
    const bytes = storage.tryGet(storage.lockCf, encodedKey);
    if (bytes === WOULD_BLOCK || bytes === undefined) return false;
    return lockStartTsOf(bytes) === startTs;
  }
}
