// Range reads at a timestamp (TiKV's forward and backward scanners): the visible entries of a
// user-key range, in key order or reversed, handed out in chunks.
//
// The range is read in segments. Each segment starts with a scan of the `lock` CF (at most
// LOCK_SEGMENT_LOCKS locks, which also bounds the segment) and only then reads the `write` CF over
// the same keys, for the reason PointGetter gives. Locks that block the read are resolved through
// the caller and the segment is read again. Commits landing at or below the read timestamp are
// waited for first (those whose keys overlap the range).
//
// tryNext() answers from memory without a promise: when no commit is landing on the range, the
// lock CF holds nothing in it and the engine has the blocks cached, a whole chunk costs one
// crossing into the engine and no promise at all. Otherwise it says WOULD_BLOCK and next() does
// the same work asynchronously.

import { MVCC_NEEDS_IO, type MvccScanChunk } from '../../engine/index.js';
import type { InflightCommits } from '../concurrency/inflight-commits.js';

import { decodeKey, encodeKey, prefixEnd } from '../types/key.js';
import { lockBlocksReads } from '../types/lock-info.js';
import { decodeLock, lockStartTsOf, type Lock } from '../types/lock.js';
import type { KeyRef } from '../types/mutation.js';
import type { LockPresence } from './lock-presence.js';
import { SCAN_CHUNK_ENTRIES, WOULD_BLOCK, type Entry, type MvccStorage } from './storage.js';

/** Locks read per segment: enough for any healthy range, small enough to hold. */
const LOCK_SEGMENT_LOCKS = 256;

export interface ScanPolicy {
  canReadPast(lockTs: bigint, readTs: bigint): boolean;
  readonly inflight: InflightCommits;
  /** When it counts no lock at all, the lock CF is not read. */
  readonly lockPresence: LockPresence;
  /** Called for a lock that blocks the scan; resolves when the scan may read the range again. */
  resolveLock(ref: KeyRef, lock: Lock): Promise<void>;
}

export interface ScanRange {
  /** Inclusive raw start key. */
  start: Buffer;
  /** Exclusive raw end key; empty means no end. */
  end: Buffer;
  reverse: boolean;
  keyOnly: boolean;
  /** At most this many entries in all. */
  limit: number;
}

interface Segment {
  segmentLower: Buffer;
  segmentUpper: Buffer | undefined;
  last: boolean;
}

/**
 * One pass over a range. Chunks are never empty; null means the range is exhausted. Not for
 * concurrent use: call tryNext() or next() only after the previous call has answered.
 */
export class ScanCursor {
  /** Encoded bounds of what is left to read: [lower, upper), upper undefined for no end. */
  private lower: Buffer;
  private upper: Buffer | undefined;
  /** The segment being read, once its locks are checked; undefined between segments. */
  private segment: Segment | undefined;
  private remaining: number;
  private done: boolean;

  constructor(
    private readonly storage: MvccStorage,
    private readonly policy: ScanPolicy,
    readonly readTs: bigint,
    private readonly range: ScanRange,
  ) {
    this.lower = encodeKey(range.start);
    this.upper = range.end.length === 0 ? undefined : encodeKey(range.end);
    this.remaining = range.limit;
    this.done =
      range.limit <= 0 || (this.upper !== undefined && this.lower.compare(this.upper) >= 0);
  }

  /** The next chunk from memory, null at the end, or WOULD_BLOCK (then call next()). */
  tryNext(): Entry[] | null | typeof WOULD_BLOCK {
    for (;;) {
      if (this.done) return null;
      let segment = this.segment;
      if (segment === undefined) {
        if (this.policy.inflight.size > 0 && this.landingCommits().size > 0) return WOULD_BLOCK;
        if (!this.lockFreeSync()) return WOULD_BLOCK;
        segment = { segmentLower: this.lower, segmentUpper: this.upper, last: true };
        this.segment = segment;
      }
      const chunk = this.storage.mvcc.tryScan(
        segment.segmentLower,
        segment.segmentUpper,
        this.readTs,
        Math.min(SCAN_CHUNK_ENTRIES, this.remaining),
        this.range.reverse,
        this.range.keyOnly,
      );
      if (chunk === MVCC_NEEDS_IO) return WOULD_BLOCK;
      const entries = this.accept(segment, chunk);
      if (entries.length > 0) return entries;
    }
  }

  /** The next chunk, reading the disk and resolving locks as needed; null at the end. */
  async next(): Promise<Entry[] | null> {
    for (;;) {
      if (this.done) return null;
      let segment = this.segment;
      if (segment === undefined) {
        await this.waitForLandingCommits();
        const read = await this.readLockSegment();
        if (read === 'retry') continue;
        segment = read;
        this.segment = segment;
      }
      const reader = this.storage.mvcc;
      const limit = Math.min(SCAN_CHUNK_ENTRIES, this.remaining);
      const { segmentLower, segmentUpper } = segment;
      const { reverse, keyOnly } = this.range;
      let chunk = reader.tryScan(segmentLower, segmentUpper, this.readTs, limit, reverse, keyOnly);
      if (chunk === MVCC_NEEDS_IO) {
        chunk = await reader.scan(segmentLower, segmentUpper, this.readTs, limit, reverse, keyOnly);
      }
      const entries = this.accept(segment, chunk);
      if (entries.length > 0) return entries;
    }
  }

  /** Advances past a chunk read from the segment; returns its entries. */
  private accept(segment: Segment, chunk: MvccScanChunk): Entry[] {
    const entries = chunk.entries;
    this.remaining -= entries.length;
    if (this.remaining <= 0) this.done = true;
    if (chunk.resume !== undefined) {
      if (this.range.reverse) segment.segmentUpper = chunk.resume;
      else segment.segmentLower = chunk.resume;
      return entries;
    }
    this.segment = undefined;
    if (segment.last) this.done = true;
    else if (this.range.reverse) this.upper = segment.segmentLower;
    else this.lower = segment.segmentUpper!;
    return entries;
  }

  /**
   * Whether the lock CF is known, from memory, to hold no lock in what is left of the range (then
   * the whole rest is one segment). False when that takes a disk read or a lock is there.
   */
  private lockFreeSync(): boolean {
    if (this.policy.lockPresence.size === 0) return true;
    if (this.upper === undefined) return false;
    const storage = this.storage;
    return storage.trySeek(storage.lockCf, this.lower, this.upper) === undefined;
  }

  /**
   * Reads the locks of the next segment and resolves those that block. Returns the segment's
   * encoded bounds, or 'retry' after resolving (the segment must be read again).
   */
  private async readLockSegment(): Promise<'retry' | Segment> {
    const { lower, upper } = this;
    const reverse = this.range.reverse;
    const storage = this.storage;
    if (this.policy.lockPresence.size === 0) {
      return { segmentLower: lower, segmentUpper: upper, last: true };
    }
    const locks = await storage.scan(storage.lockCf, lower, upper, LOCK_SEGMENT_LOCKS, reverse);
    let blocked = false;
    for (const [encodedKey, bytes] of locks) {
      if (!lockBlocksReads(bytes[0]!)) continue;
      const lockTs = lockStartTsOf(bytes);
      if (lockTs > this.readTs || this.policy.canReadPast(lockTs, this.readTs)) continue;
      await this.policy.resolveLock({ key: decodeKey(encodedKey), encodedKey }, decodeLock(bytes));
      blocked = true;
    }
    if (blocked) return 'retry';
    if (locks.length < LOCK_SEGMENT_LOCKS) {
      return { segmentLower: lower, segmentUpper: upper, last: true };
    }
    const boundary = locks[locks.length - 1]![0];
    return reverse
      ? { segmentLower: boundary, segmentUpper: upper, last: false }
      : { segmentLower: lower, segmentUpper: prefixEnd(boundary), last: false };
  }

  /** Commits landing at or below the read timestamp on keys in what is left of the range. */
  private landingCommits(): Set<Promise<void>> {
    const { lower, upper } = this;
    const landing = new Set<Promise<void>>();
    for (const commit of this.policy.inflight.all()) {
      if (commit.commitTs > this.readTs) continue;
      if (commit.highKey.compare(lower) < 0) continue;
      if (upper !== undefined && commit.lowKey.compare(upper) >= 0) continue;
      landing.add(commit.done);
    }
    return landing;
  }

  private async waitForLandingCommits(): Promise<void> {
    if (this.policy.inflight.size === 0) return;
    await Promise.all(this.landingCommits());
  }
}
