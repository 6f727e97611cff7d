// Point reads at a timestamp (TiKV's PointGetter): the read path of every snapshot get, built to
// cost one crossing into the engine and no allocation beyond the value returned. The engine's
// native MVCC reader (native/mvcc/reader.cc) does the lookups:
//
//   1. `lock` CF get of E, unless LockPresence knows E has no lock there: a Put or Delete lock
//      with start_ts ≤ read_ts is reported, and blocks the read unless its owner can be read past
//      (docs/format/mvcc.md);
//   2. `write` CF seek to E ‖ ~read_ts: the first record is the newest with commit_ts ≤ read_ts;
//      Lock and Rollback records are skipped;
//   3. for a Put without an inline value, `default` CF get of E ‖ ~start_ts.
//
// tryGet() does this synchronously and returns WOULD_BLOCK (saying why in `blocked`) when the
// engine needs the disk, a lock must be resolved, or a commit at or below read_ts is landing; get()
// does the same with asynchronous engine reads. The lock is read before the write CF: a commit
// removes its lock and adds its record in one batch, so a read that finds no lock and then the
// records cannot miss a commit below read_ts.
//
// Thread safety: tryGet() uses a scratch buffer shared by all getters; it is fully synchronous.

import { MVCC_NEEDS_IO } from '../../engine/index.js';
import type { InflightCommit, InflightCommits } from '../concurrency/inflight-commits.js';
import { encodeKey, encodeKeyInto, encodedKeyLength } from '../types/key.js';
import { decodeLock, lockStartTsOf, type Lock } from '../types/lock.js';
import type { LockPresence } from './lock-presence.js';
import { WOULD_BLOCK, type MvccStorage, type WouldBlock } from './storage.js';

/** Why a synchronous read could not finish. */
export type ReadBlock =
  | { kind: 'io' }
  | { kind: 'lock'; lock: Lock; encodedKey: Buffer }
  | { kind: 'inflight'; commit: InflightCommit };

/** What the point getter asks of the store about locks and landing commits. */
export interface ReadPolicy {
  /** Whether a reader at readTs may read past a Put/Delete lock of the transaction at lockTs. */
  canReadPast(lockTs: bigint, readTs: bigint): boolean;
  readonly inflight: InflightCommits;
  slotOf(encodedKey: Buffer): number;
  /** Which keys may have a lock in the lock CF (the others skip that lookup). */
  readonly lockPresence: LockPresence;
}

/** The outcome of an asynchronous read. */
export type ReadResult = { kind: 'value'; value: Buffer | undefined } | ReadBlock;

const IO_BLOCK: ReadBlock = { kind: 'io' };
const NOT_FOUND: ReadResult = { kind: 'value', value: undefined };
const INITIAL_SCRATCH_BYTES = 256;
let scratch = Buffer.alloc(INITIAL_SCRATCH_BYTES);
/** scratch[0, length) of the last key encoded: keys of one length (row keys) reuse the view. */
let scratchView = scratch.subarray(0, 0);

/** enc(key) in the shared scratch buffer, valid until the next call. */
function encodeInScratch(key: Buffer): Buffer {
  const length = encodedKeyLength(key.length);
  if (scratch.length < length) {
    let size = scratch.length;
    while (size < length) size *= 2;
    scratch = Buffer.alloc(size);
    scratchView = scratch.subarray(0, 0);
  }
  encodeKeyInto(key, scratch, 0);
  if (scratchView.length !== length) scratchView = scratch.subarray(0, length);
  return scratchView;
}

export class PointGetter {
  /** Why the last tryGet() returned WOULD_BLOCK. */
  blocked: ReadBlock = IO_BLOCK;

  constructor(
    private readonly storage: MvccStorage,
    private readonly policy: ReadPolicy,
    readonly readTs: bigint,
  ) {}

  tryGet(key: Buffer): Buffer | undefined | WouldBlock {
    const encoded = encodeInScratch(key);
    const policy = this.policy;

    if (policy.inflight.size > 0) {
      const commit = policy.inflight.find(policy.slotOf(encoded));
      if (commit !== undefined && commit.commitTs <= this.readTs) {
        this.blocked = { kind: 'inflight', commit };
        return WOULD_BLOCK;
      }
    }
    const reader = this.storage.mvcc;
    let checkLock = policy.lockPresence.mayHaveLock(encoded);
    for (;;) {
      const result = reader.tryGet(encoded, this.readTs, checkLock);
      if (result === MVCC_NEEDS_IO) return this.blockOnIo();
      if (result === undefined || Buffer.isBuffer(result)) return result;
      // A Put or Delete lock at or below the read timestamp is in the way.
      if (policy.canReadPast(lockStartTsOf(result.lock), this.readTs)) {
        checkLock = false;
        continue;
      }
      this.blocked = {
        kind: 'lock',
        lock: decodeLock(result.lock),
        encodedKey: Buffer.from(encoded),
      };
      return WOULD_BLOCK;
    }
  }

  /**
   * The same read with asynchronous engine calls: the value, or what is in the way (a lock or a
   * landing commit; never I/O).
   */
  async get(key: Buffer): Promise<ReadResult> {
    const encoded = encodeKey(key);
    const policy = this.policy;
    if (policy.inflight.size > 0) {
      const commit = policy.inflight.find(policy.slotOf(encoded));
      if (commit !== undefined && commit.commitTs <= this.readTs) {
        return { kind: 'inflight', commit };
      }
    }
    let checkLock = true;
    for (;;) {
      const result = await this.storage.mvcc.get(encoded, this.readTs, checkLock);
      if (result === undefined) return NOT_FOUND;
      if (Buffer.isBuffer(result)) return { kind: 'value', value: result };
      if (policy.canReadPast(lockStartTsOf(result.lock), this.readTs)) {
        checkLock = false;
        continue;
      }
      return { kind: 'lock', lock: decodeLock(result.lock), encodedKey: encoded };
    }
  }

  private blockOnIo(): WouldBlock {
    this.blocked = IO_BLOCK;
    return WOULD_BLOCK;
  }
}
