// The table codec's keys (TiDB's layout; bytes in docs/format/row.md):
//   row:    't' int64(tableId) '_r' int64(handle)
//   index:  't' int64(tableId) '_i' int64(indexId) datum… [int datum(handle) when not unique]
// int64 is the memcomparable form, so rows of a table sort by handle and all of a table's keys
// (rows and indexes) lie in [tablePrefix(id), tablePrefix(id + 1)).

import { ByteWriter } from './byte-writer.js';
import { INT64_BYTES, readInt64, writeInt64 } from './memcomparable.js';

export const TABLE_PREFIX = 0x74; // 't'
export const RECORD_SEPARATOR = Buffer.from('_r');
export const INDEX_SEPARATOR = Buffer.from('_i');
/** 't' + int64 tableId. */
export const TABLE_PREFIX_BYTES = 1 + INT64_BYTES;
/** 't' + int64 tableId + '_r'. */
export const RECORD_PREFIX_BYTES = TABLE_PREFIX_BYTES + 2;
export const ROW_KEY_BYTES = RECORD_PREFIX_BYTES + INT64_BYTES;
/** 't' + int64 tableId + '_i' + int64 indexId. */
export const INDEX_PREFIX_BYTES = TABLE_PREFIX_BYTES + 2 + INT64_BYTES;

export function tablePrefix(tableId: number): Buffer {
  const writer = new ByteWriter(TABLE_PREFIX_BYTES);
  writer.byte(TABLE_PREFIX);
  writeInt64(writer, tableId);
  return writer.toBuffer();
}

export function recordPrefix(tableId: number): Buffer {
  const writer = new ByteWriter(RECORD_PREFIX_BYTES);
  writer.byte(TABLE_PREFIX);
  writeInt64(writer, tableId);
  writer.bytes(RECORD_SEPARATOR);
  return writer.toBuffer();
}

export function indexPrefix(tableId: number, indexId: number): Buffer {
  const writer = new ByteWriter(INDEX_PREFIX_BYTES);
  writer.byte(TABLE_PREFIX);
  writeInt64(writer, tableId);
  writer.bytes(INDEX_SEPARATOR);
  writeInt64(writer, indexId);
  return writer.toBuffer();
}

const TWO_POW_32 = 2 ** 32;
const SIGN_BIT_32 = 0x80000000;

/**
 * Builds row keys of one table with a single allocation each. The handle is an int64 (a number
 * within ±2^53, which every handle we allocate is, or a bigint).
 */
export class RowKeyEncoder {
  private readonly prefix: Buffer;

  constructor(readonly tableId: number) {
    this.prefix = recordPrefix(tableId);
  }

  encode(handle: number | bigint): Buffer {
    const key = Buffer.allocUnsafe(ROW_KEY_BYTES);
    this.prefix.copy(key, 0);
    if (typeof handle === 'number') {
      const high = Math.floor(handle / TWO_POW_32);
      key.writeUInt32BE((high ^ SIGN_BIT_32) >>> 0, RECORD_PREFIX_BYTES);
      key.writeUInt32BE(handle - high * TWO_POW_32, RECORD_PREFIX_BYTES + 4);
    } else {
      key.writeBigUInt64BE(BigInt.asUintN(64, handle) ^ (1n << 63n), RECORD_PREFIX_BYTES);
    }
    return key;
  }

  /** The key range [start, end) holding every row of the table. */
  range(): [Buffer, Buffer] {
    return [this.prefix, prefixEnd(this.prefix)];
  }

  get recordPrefix(): Buffer {
    return this.prefix;
  }
}

/** The handle of a row key. */
export function decodeRowKeyHandle(key: Buffer): number | bigint {
  return readInt64(key, RECORD_PREFIX_BYTES);
}

/** The table id of any table key (row or index). */
export function decodeTableId(key: Buffer): number {
  return Number(readInt64(key, 1));
}

/** The smallest key greater than every key that starts with prefix. */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] !== 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
}

/** [start, end) covering all of a table's rows and indexes (for the compression policy). */
export function tableKeyRange(tableId: number): [Buffer, Buffer] {
  return [tablePrefix(tableId), tablePrefix(tableId + 1)];
}
