// MvccReader: what actions read from the three column families (TiKV's MvccReader). Locks come
// from the in-memory pessimistic lock table first, then from the `lock` CF; versions are found by
// seeking in the `write` CF (docs/format/keys.md). Asynchronous because any read may need the
// disk; each call still answers from memory when the engine can.

import { EngineError } from '../../engine/errors.js';
import type { PessimisticLockTable } from '../concurrency/pessimistic-locks.js';
import type { LockPresence } from './lock-presence.js';
import { TS_BYTES } from '../types/format.js';
import { appendTs, prefixEnd, tsOfMvccKey } from '../types/key.js';
import { decodeLock, type Lock } from '../types/lock.js';
import { MAX_TS } from '../types/timestamp.js';
import { WriteType, decodeWrite, type Write } from '../types/write.js';
import { WOULD_BLOCK, type MvccStorage } from './storage.js';

export interface Version {
  commitTs: bigint;
  write: Write;
}

export interface LoadedLock {
  lock: Lock;
  /** The lock lives in the in-memory pessimistic lock table, not in the `lock` CF. */
  inMemory: boolean;
}

/** What the write CF says about one transaction on one key (TiKV's TxnCommitRecord). */
export type TxnCommitRecord =
  | { kind: 'committed'; commitTs: bigint; write: Write }
  | { kind: 'rolledBack'; commitTs: bigint; write: Write }
  /** No record; `overlapped` is another transaction's record at commit_ts = this start_ts. */
  | { kind: 'none'; overlapped?: Version };

export class MvccReader {
  constructor(
    readonly storage: MvccStorage,
    readonly memoryLocks: PessimisticLockTable,
    private readonly lockPresence: LockPresence,
  ) {}

  /**
   * The key's lock, if any. Only called under the key's latch, so the lock-presence count is
   * current for it: a key it rules out is not looked up in the lock CF.
   */
  async loadLock(encodedKey: Buffer): Promise<LoadedLock | undefined> {
    const memory = this.memoryLocks.get(encodedKey);
    if (memory !== undefined) return { lock: memory, inMemory: true };
    if (!this.lockPresence.mayHaveLock(encodedKey)) return undefined;
    const storage = this.storage;
    const fast = storage.tryGet(storage.lockCf, encodedKey);
    const bytes = fast === WOULD_BLOCK ? await storage.get(storage.lockCf, encodedKey) : fast;
    return bytes === undefined ? undefined : { lock: decodeLock(bytes), inMemory: false };
  }

  /** The newest record with commit_ts ≤ ts. */
  async seekWrite(encodedKey: Buffer, ts: bigint): Promise<Version | undefined> {
    const storage = this.storage;
    const target = appendTs(encodedKey, ts);
    const upperBound = prefixEnd(encodedKey);
    const fast = storage.trySeek(storage.writeCf, target, upperBound);
    const entry =
      fast === WOULD_BLOCK ? await storage.seek(storage.writeCf, target, upperBound) : fast;
    if (entry === undefined) return undefined;
    const [key, value] = entry;
    if (key.length !== encodedKey.length + TS_BYTES) {
      throw new EngineError('CORRUPTION', `write-CF key of bad length: 0x${key.toString('hex')}`);
    }
    return { commitTs: tsOfMvccKey(key), write: decodeWrite(value) };
  }

  /** Records with commit_ts ≤ fromTs, newest first, down to (and including) commit_ts = downToTs. */
  async *versions(encodedKey: Buffer, fromTs: bigint, downToTs = 0n): AsyncGenerator<Version> {
    let ts = fromTs;
    for (;;) {
      const version = await this.seekWrite(encodedKey, ts);
      if (version === undefined || version.commitTs < downToTs) return;
      yield version;
      if (version.commitTs === 0n) return;
      ts = version.commitTs - 1n;
    }
  }

  /** The newest Put or Delete with commit_ts ≤ ts (Lock and Rollback records are skipped). */
  async seekDataVersion(encodedKey: Buffer, ts: bigint): Promise<Version | undefined> {
    for await (const version of this.versions(encodedKey, ts)) {
      const type = version.write.type;
      if (type === WriteType.Put || type === WriteType.Delete) return version;
    }
    return undefined;
  }

  /** The value visible at ts, or undefined. */
  async getValue(encodedKey: Buffer, ts: bigint): Promise<Buffer | undefined> {
    const version = await this.seekDataVersion(encodedKey, ts);
    if (version === undefined || version.write.type !== WriteType.Put) return undefined;
    return version.write.shortValue ?? this.loadValue(encodedKey, version.write.startTs);
  }

  /** The default-CF value written by the transaction starting at startTs. */
  async loadValue(encodedKey: Buffer, startTs: bigint): Promise<Buffer> {
    const value = await this.storage.get(this.storage.defaultCf, appendTs(encodedKey, startTs));
    if (value === undefined) {
      throw new EngineError(
        'CORRUPTION',
        `value of 0x${encodedKey.toString('hex')} at start_ts ${startTs} is missing from the default CF`,
      );
    }
    return value;
  }

  /** Whether the transaction starting at startTs committed or was rolled back on this key. */
  async getTxnCommitRecord(encodedKey: Buffer, startTs: bigint): Promise<TxnCommitRecord> {
    let overlapped: Version | undefined;
    for await (const version of this.versions(encodedKey, MAX_TS, startTs)) {
      const { commitTs, write } = version;
      if (write.startTs === startTs) {
        return write.type === WriteType.Rollback
          ? { kind: 'rolledBack', commitTs, write }
          : { kind: 'committed', commitTs, write };
      }
      if (commitTs === startTs) {
        if (write.hasOverlappedRollback) return { kind: 'rolledBack', commitTs, write };
        overlapped = version;
      }
    }
    return overlapped === undefined ? { kind: 'none' } : { kind: 'none', overlapped };
  }

  /**
   * The newest Put or Delete with commit_ts > afterTs, if any: a write conflict for a transaction
   * that read at afterTs. Rollback and Lock records change no value and are not conflicts.
   */
  async newerDataVersion(encodedKey: Buffer, afterTs: bigint): Promise<Version | undefined> {
    for await (const version of this.versions(encodedKey, MAX_TS, afterTs + 1n)) {
      const type = version.write.type;
      if (type === WriteType.Put || type === WriteType.Delete) return version;
    }
    return undefined;
  }
}
