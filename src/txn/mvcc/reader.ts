// MvccReader: what actions read from the three column families (TiKV's MvccReader). Locks come
// from the in-memory pessimistic lock table first, then from the `lock` CF; versions are found by
// seeking in the `write` CF (docs/format/keys.md). Asynchronous because any read may need the
// disk; each call still answers from memory when the engine can, and the try* forms answer
// without a promise (or say WOULD_BLOCK) for actions that run synchronously when they can.

import { EngineError } from '../../engine/errors.js';
import { MVCC_NEEDS_IO, type MvccGetResult } from '../../engine/index.js';
import type { PessimisticLockTable } from '../concurrency/pessimistic-locks.js';
import type { LockPresence } from './lock-presence.js';
import { TS_BYTES } from '../types/format.js';
import { appendTs, prefixEnd, tsOfMvccKey, writeInvertedTs } from '../types/key.js';
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
    const fast = this.tryLoadLock(encodedKey);
    if (fast !== WOULD_BLOCK) return fast;
    const storage = this.storage;
    const bytes = await storage.get(storage.lockCf, encodedKey);
    return bytes === undefined ? undefined : { lock: decodeLock(bytes), inMemory: false };
  }

  /** loadLock() from memory, or WOULD_BLOCK when the lock CF must be read from disk. */
  tryLoadLock(encodedKey: Buffer): LoadedLock | undefined | typeof WOULD_BLOCK {
    const memory = this.memoryLocks.get(encodedKey);
    if (memory !== undefined) return { lock: memory, inMemory: true };
    if (!this.lockPresence.mayHaveLock(encodedKey)) return undefined;
    const storage = this.storage;
    const bytes = storage.tryGet(storage.lockCf, encodedKey);
    if (bytes === WOULD_BLOCK || bytes === undefined) return bytes;
    return { lock: decodeLock(bytes), inMemory: false };
  }

  /** The newest record with commit_ts ≤ ts. */
  async seekWrite(encodedKey: Buffer, ts: bigint): Promise<Version | undefined> {
    const fast = this.trySeekWrite(encodedKey, ts);
    if (fast !== WOULD_BLOCK) return fast;
    const storage = this.storage;
    const entry = await storage.seek(
      storage.writeCf,
      appendTs(encodedKey, ts),
      prefixEnd(encodedKey),
    );
    return entry === undefined ? undefined : versionOf(encodedKey, entry);
  }

  /** seekWrite() from memory, or WOULD_BLOCK when the engine must read the disk. */
  trySeekWrite(encodedKey: Buffer, ts: bigint): Version | undefined | typeof WOULD_BLOCK {
    const { target, upper } = seekBounds(encodedKey, ts);
    const storage = this.storage;
    const entry = storage.trySeek(storage.writeCf, target, upper);
    if (entry === WOULD_BLOCK || entry === undefined) return entry;
    return versionOf(encodedKey, entry);
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

  /**
   * The value of the newest Put or Delete with commit_ts ≤ ts, or undefined: one crossing into
   * the native MVCC reader, which skips Lock and Rollback records and loads long values itself
   * (rather than a seek per record from here).
   */
  async getValue(encodedKey: Buffer, ts: bigint): Promise<Buffer | undefined> {
    const fast = this.tryGetValue(encodedKey, ts);
    if (fast !== WOULD_BLOCK) return fast;
    return valueOf(await this.storage.mvcc.get(encodedKey, ts, false));
  }

  /** getValue() from memory, or WOULD_BLOCK when the engine must read the disk. */
  tryGetValue(encodedKey: Buffer, ts: bigint): Buffer | undefined | typeof WOULD_BLOCK {
    const result = this.storage.mvcc.tryGet(encodedKey, ts, false);
    return result === MVCC_NEEDS_IO ? WOULD_BLOCK : valueOf(result);
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

function versionOf(encodedKey: Buffer, [key, value]: [Buffer, Buffer]): Version {
  if (key.length !== encodedKey.length + TS_BYTES) {
    throw new EngineError('CORRUPTION', `write-CF key of bad length: 0x${key.toString('hex')}`);
  }
  return { commitTs: tsOfMvccKey(key), write: decodeWrite(value) };
}

function valueOf(result: MvccGetResult): Buffer | undefined {
  if (result !== undefined && !Buffer.isBuffer(result)) {
    throw new EngineError('CORRUPTION', 'a lock was reported for a read that checks no locks');
  }
  return result;
}

const INITIAL_BOUND_BYTES = 64;
const LAST_BYTE = 0xff;
/**
 * Bounds of the synchronous seek, built in place: the engine reads them during the call and keeps
 * nothing. Views are cached by length (keys of one table have one length).
 */
const bounds = {
  target: Buffer.alloc(INITIAL_BOUND_BYTES + TS_BYTES),
  upper: Buffer.alloc(INITIAL_BOUND_BYTES),
  targetView: Buffer.alloc(0),
  upperView: Buffer.alloc(0),
};

/** E ‖ ~ts and the end of E's versions (prefixEnd), valid until the next call. */
function seekBounds(encodedKey: Buffer, ts: bigint): { target: Buffer; upper: Buffer } {
  const length = encodedKey.length;
  if (bounds.upper.length < length) {
    bounds.target = Buffer.alloc(length * 2 + TS_BYTES);
    bounds.upper = Buffer.alloc(length * 2);
    bounds.targetView = Buffer.alloc(0);
    bounds.upperView = Buffer.alloc(0);
  }
  encodedKey.copy(bounds.target, 0);
  writeInvertedTs(bounds.target, length, ts);
  encodedKey.copy(bounds.upper, 0);
  let end = length;
  while (end > 0 && bounds.upper[end - 1] === LAST_BYTE) end--;
  if (end > 0) bounds.upper[end - 1]!++;
  else end = length;
  if (bounds.targetView.length !== length + TS_BYTES) {
    bounds.targetView = bounds.target.subarray(0, length + TS_BYTES);
  }
  if (bounds.upperView.length !== end) bounds.upperView = bounds.upper.subarray(0, end);
  return { target: bounds.targetView, upper: bounds.upperView };
}
