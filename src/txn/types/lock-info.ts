// Helpers shared by actions about a lock's owner and lifetime.

import type { Lock } from './lock.js';
import { LockType } from './lock.js';
import { physicalMsOf } from './timestamp.js';
import { WriteType } from './write.js';

/** Whether the lock's TTL has run out at currentTs (TTL counts from the lock's start_ts). */
export function isLockExpired(lock: Lock, currentTs: bigint): boolean {
  return physicalMsOf(lock.startTs) + lock.ttlMs <= physicalMsOf(currentTs);
}

/** The write record type a prewrite lock becomes at commit. REQUIRES: not a pessimistic lock. */
export function writeTypeOfLock(lock: Lock): WriteType {
  switch (lock.type) {
    case LockType.Put:
      return WriteType.Put;
    case LockType.Delete:
      return WriteType.Delete;
    case LockType.Lock:
      return WriteType.Lock;
    case LockType.Pessimistic:
      throw new Error('a pessimistic lock has no write type (it must be prewritten first)');
  }
}

/** Locks that readers must resolve before reading: those that change the key's value. */
export function lockBlocksReads(type: number): boolean {
  return type === LockType.Put || type === LockType.Delete;
}
