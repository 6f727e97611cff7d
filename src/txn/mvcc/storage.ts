// The transaction layer's view of the engine: the three column families and the handful of reads
// MVCC needs, each with a synchronous form that answers from memory (or says WOULD_BLOCK) and an
// asynchronous form that may read the disk. Only this module and the store talk to Engine.

import { NEEDS_IO, type Engine, type EngineIterator } from '../../engine/engine.js';
import type { MvccReader } from '../../engine/mvcc-reader.js';
import { WriteBatch } from '../../engine/write-batch.js';
import { WOULD_BLOCK } from '../api.js';

/** Returned by synchronous paths that would have to wait (disk read, lock, in-flight commit). */
export { WOULD_BLOCK };
export type WouldBlock = typeof WOULD_BLOCK;

export type Entry = [key: Buffer, value: Buffer];

/** Entries fetched per call when reading a range. */
export const SCAN_CHUNK_ENTRIES = 256;

export class MvccStorage {
  readonly lockCf: number;
  readonly writeCf: number;
  readonly defaultCf: number;

  /** Native point gets and scans of MVCC data (native/mvcc/reader.cc). */
  readonly mvcc: MvccReader;

  constructor(readonly engine: Engine) {
    this.lockCf = engine.columnFamily('lock');
    this.writeCf = engine.columnFamily('write');
    this.defaultCf = engine.columnFamily('default');
    this.mvcc = engine.mvccReader(this.lockCf, this.writeCf, this.defaultCf);
  }

  /** The value from memory: a Buffer, undefined when absent, WOULD_BLOCK when I/O is needed. */
  tryGet(cf: number, key: Buffer): Buffer | undefined | WouldBlock {
    const result = this.engine.tryGet(cf, key);
    return result === NEEDS_IO ? WOULD_BLOCK : result;
  }

  get(cf: number, key: Buffer): Promise<Buffer | undefined> {
    return this.engine.get(cf, key);
  }

  /** The first entry in [target, upperBound) if the answer is in memory. */
  trySeek(cf: number, target: Buffer, upperBound: Buffer): Entry | undefined | WouldBlock {
    const result = this.engine.trySeek(cf, target, { upperBound });
    return result === NEEDS_IO ? WOULD_BLOCK : result;
  }

  /** The first entry in [target, upperBound). */
  seek(cf: number, target: Buffer, upperBound: Buffer): Promise<Entry | undefined> {
    return this.engine.seek(cf, target, { upperBound });
  }

  /** Up to limit entries of [start, end) (end undefined: no bound), in key order or reversed. */
  async scan(
    cf: number,
    start: Buffer,
    end: Buffer | undefined,
    limit: number,
    reverse = false,
  ): Promise<Entry[]> {
    const it = this.iterator(cf, start, end);
    try {
      if (reverse) await it.seekToLast();
      else await it.seekToFirst();
      return await it.read(limit, reverse);
    } finally {
      it.close();
    }
  }

  /** A cursor over [lowerBound, upperBound) (upperBound undefined: no bound). */
  iterator(cf: number, lowerBound: Buffer, upperBound: Buffer | undefined): EngineIterator {
    return this.engine.iterator(
      cf,
      upperBound === undefined ? { lowerBound } : { lowerBound, upperBound },
    );
  }

  newBatch(): WriteBatch {
    return new WriteBatch();
  }

  write(batch: WriteBatch, sync: boolean): Promise<void> {
    return this.engine.write(batch, { sync });
  }
}
