// MvccTxn: the changes one command makes (TiKV's MvccTxn). Actions add lock, write and value
// changes; the command writes them as one atomic engine batch and then applies the in-memory
// pessimistic-lock changes, while it still holds the keys' latches.

import type { WriteBatch } from '../../engine/write-batch.js';
import type { PessimisticLockTable } from '../concurrency/pessimistic-locks.js';
import type { LockPresence } from './lock-presence.js';
import { appendTs } from '../types/key.js';
import { encodeLock, type Lock } from '../types/lock.js';
import { encodeWrite, type Write } from '../types/write.js';
import type { MvccStorage } from './storage.js';

/** Where a key's current lock is, if it has one. */
export type LockPlace = 'none' | 'memory' | 'cf';

/** A lock prewrite produced while the command commits in one phase (it becomes a write record). */
export interface OnePcLock {
  encodedKey: Buffer;
  lock: Lock;
  /** Where the pessimistic lock it replaces is; one-phase commit must remove it. */
  replaces: LockPlace;
}

type MemoryChange = { encodedKey: Buffer; lock: Lock | undefined };

export class MvccTxn {
  readonly batch: WriteBatch;
  /** Encoded keys whose lock this command removes: their waiters are woken afterwards. */
  readonly releasedKeys: Buffer[] = [];
  /** Set by one-phase commit: prewrite hands its locks here instead of writing them. */
  onePcLocks: OnePcLock[] | undefined;
  private readonly memoryChanges: MemoryChange[] = [];
  /** Keys whose new CF lock was counted in LockPresence (taken back if the command fails). */
  private readonly countedLocks: Buffer[] = [];
  /** Keys whose CF lock this batch deletes (uncounted once it has landed). */
  private readonly deletedLocks: Buffer[] = [];

  constructor(
    private readonly storage: MvccStorage,
    private readonly memoryLocks: PessimisticLockTable,
    private readonly presence: LockPresence,
  ) {
    this.batch = storage.newBatch();
  }

  /** Writes a lock over the key's current one, which is at `existing`. */
  putLock(encodedKey: Buffer, lock: Lock, existing: LockPlace = 'none'): void {
    if (this.onePcLocks !== undefined) {
      this.onePcLocks.push({ encodedKey, lock, replaces: existing });
      return;
    }
    this.putCfLock(encodedKey, lock, existing);
    if (existing === 'memory') this.memoryChanges.push({ encodedKey, lock: undefined });
  }

  /**
   * Takes or updates a pessimistic lock. An update stays where the lock is (`existing`); a new lock
   * goes to memory while the table has room, else to the `lock` CF.
   */
  putPessimisticLock(encodedKey: Buffer, lock: Lock, existing: LockPlace): void {
    const inMemory =
      existing === 'memory' ||
      (existing === 'none' && this.memoryLocks.hasRoomFor(encodedKey, lock));
    if (inMemory) {
      this.memoryChanges.push({ encodedKey, lock });
    } else {
      this.putCfLock(encodedKey, lock, existing);
    }
  }

  unlockKey(encodedKey: Buffer, inMemory: boolean): void {
    if (inMemory) this.memoryChanges.push({ encodedKey, lock: undefined });
    else {
      this.batch.delete(this.storage.lockCf, encodedKey);
      this.deletedLocks.push(encodedKey);
    }
    this.releasedKeys.push(encodedKey);
  }

  putValue(encodedKey: Buffer, startTs: bigint, value: Buffer): void {
    this.batch.put(this.storage.defaultCf, appendTs(encodedKey, startTs), value);
  }

  deleteValue(encodedKey: Buffer, startTs: bigint): void {
    this.batch.delete(this.storage.defaultCf, appendTs(encodedKey, startTs));
  }

  putWrite(encodedKey: Buffer, commitTs: bigint, write: Write): void {
    this.batch.put(this.storage.writeCf, appendTs(encodedKey, commitTs), encodeWrite(write));
  }

  deleteWrite(encodedKey: Buffer, commitTs: bigint): void {
    this.batch.delete(this.storage.writeCf, appendTs(encodedKey, commitTs));
  }

  /** Whether the command changes anything (engine batch or in-memory locks). */
  get isEmpty(): boolean {
    return this.batch.count === 0 && this.memoryChanges.length === 0;
  }

  /** Applies the in-memory lock changes and uncounts deleted locks. REQUIRES: batch written. */
  applyAfterWrite(): void {
    for (const { encodedKey, lock } of this.memoryChanges) {
      if (lock === undefined) this.memoryLocks.delete(encodedKey);
      else this.memoryLocks.set(encodedKey, lock);
    }
    this.memoryChanges.length = 0;
    for (const encodedKey of this.deletedLocks) this.presence.removed(encodedKey);
    this.deletedLocks.length = 0;
  }

  /** Takes back the locks counted by a command that failed before writing its batch. */
  discard(): void {
    for (const encodedKey of this.countedLocks) this.presence.removed(encodedKey);
    this.countedLocks.length = 0;
  }

  private putCfLock(encodedKey: Buffer, lock: Lock, existing: LockPlace): void {
    if (existing !== 'cf') {
      // Counted before the batch can land, so that no reader ever skips a lock that exists.
      this.presence.added(encodedKey);
      this.countedLocks.push(encodedKey);
    }
    this.batch.put(this.storage.lockCf, encodedKey, encodeLock(lock));
  }
}
