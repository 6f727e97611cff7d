// Native snapshot reads of the transaction layer's MVCC data (native/mvcc/reader.cc; formats in
// docs/format/keys.md and mvcc.md): a point get or a range scan at a timestamp in one crossing
// into the addon, with no per-version objects. The transaction layer keeps every policy decision;
// these calls only report a lock they meet.

import { native } from './binding.js';
import type { NativeDatabase, NativeMvccGet, NativeMvccReader, NativeMvccScan } from './binding.js';
import { fromNative } from './errors.js';

/** Returned by the try* calls when the answer needs a disk read (then use the async call). */
export const MVCC_NEEDS_IO: unique symbol = Symbol('MVCC_NEEDS_IO');

export type MvccGetResult = Buffer | undefined | { lock: Buffer };

/** One chunk of an MVCC scan: the visible entries, read from one packed buffer. */
export interface MvccScanChunk {
  /** Visible entries as [raw user key, value] (views into one buffer). */
  entries: Array<[Buffer, Buffer]>;
  /** Encoded key to continue from, or undefined when the range is exhausted. */
  resume: Buffer | undefined;
}

function fromGet(result: NativeMvccGet): MvccGetResult {
  return result === null ? undefined : result;
}

function unpack(scan: NativeMvccScan): MvccScanChunk {
  const entries: Array<[Buffer, Buffer]> = new Array(scan.count);
  const packed = scan.packed;
  let offset = 0;
  for (let i = 0; i < scan.count; i++) {
    const keyLength = packed.readUInt32LE(offset);
    offset += 4;
    const key = packed.subarray(offset, offset + keyLength);
    offset += keyLength;
    const valueLength = packed.readUInt32LE(offset);
    offset += 4;
    entries[i] = [key, packed.subarray(offset, offset + valueLength)];
    offset += valueLength;
  }
  return { entries, resume: scan.resume ?? undefined };
}

export class MvccReader {
  private readonly reader: NativeMvccReader;

  constructor(db: NativeDatabase, lockCf: number, writeCf: number, defaultCf: number) {
    this.reader = new native.MvccReader(db, lockCf, writeCf, defaultCf);
  }

  /** The value of encoded key E visible at readTs, from memory, or MVCC_NEEDS_IO. */
  tryGet(
    encodedKey: Buffer,
    readTs: bigint,
    checkLock: boolean,
  ): MvccGetResult | typeof MVCC_NEEDS_IO {
    let result: NativeMvccGet | undefined;
    try {
      result = this.reader.tryGet(encodedKey, readTs, checkLock);
    } catch (error) {
      throw fromNative(error);
    }
    return result === undefined ? MVCC_NEEDS_IO : fromGet(result);
  }

  get(encodedKey: Buffer, readTs: bigint, checkLock: boolean): Promise<MvccGetResult> {
    return new Promise((resolve, reject) => {
      this.reader.get(encodedKey, readTs, checkLock, (error, result) =>
        error ? reject(fromNative(error)) : resolve(fromGet(result)),
      );
    });
  }

  /**
   * The newest write-CF record of encoded key E, whatever its type and timestamp ([key, value]),
   * undefined when E has none, from memory (or MVCC_NEEDS_IO). Reads only the memtables and the
   * SSTs whose prefix filter admits E: the cheap way to find a key's latest commit.
   */
  tryLatest(encodedKey: Buffer): [Buffer, Buffer] | undefined | typeof MVCC_NEEDS_IO {
    let result: [Buffer, Buffer] | null | undefined;
    try {
      result = this.reader.tryLatest(encodedKey);
    } catch (error) {
      throw fromNative(error);
    }
    return result === undefined ? MVCC_NEEDS_IO : (result ?? undefined);
  }

  latest(encodedKey: Buffer): Promise<[Buffer, Buffer] | undefined> {
    return new Promise((resolve, reject) => {
      this.reader.latest(encodedKey, (error, result) =>
        error ? reject(fromNative(error)) : resolve(result ?? undefined),
      );
    });
  }

  /** Up to limit visible entries of encoded range [lower, upper), from memory. */
  tryScan(
    lower: Buffer,
    upper: Buffer | undefined,
    readTs: bigint,
    limit: number,
    reverse: boolean,
    keyOnly: boolean,
  ): MvccScanChunk | typeof MVCC_NEEDS_IO {
    let result: NativeMvccScan | undefined;
    try {
      result = this.reader.tryScan(lower, upper ?? null, readTs, limit, reverse, keyOnly);
    } catch (error) {
      throw fromNative(error);
    }
    return result === undefined ? MVCC_NEEDS_IO : unpack(result);
  }

  scan(
    lower: Buffer,
    upper: Buffer | undefined,
    readTs: bigint,
    limit: number,
    reverse: boolean,
    keyOnly: boolean,
  ): Promise<MvccScanChunk> {
    return new Promise((resolve, reject) => {
      this.reader.scan(lower, upper ?? null, readTs, limit, reverse, keyOnly, (error, result) =>
        error ? reject(fromNative(error)) : resolve(unpack(result)),
      );
    });
  }
}
