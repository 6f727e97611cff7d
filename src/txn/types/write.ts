// The write record (docs/format/mvcc.md, "Write record"): one per committed or rolled-back
// version of a key in the `write` CF. Encode and decode side by side; the read path also uses the
// allocation-free accessors at the end, which look at the encoded bytes directly.

import { ByteReader } from './bytes.js';
import {
  SHORT_VALUE_MAX_BYTES,
  TAG_OVERLAPPED_ROLLBACK,
  TAG_PROTECTED_ROLLBACK,
  TAG_SHORT_VALUE,
  TS_BYTES,
  WRITE_FIXED_BYTES,
  WRITE_START_TS_OFFSET,
  WRITE_TYPE_DELETE,
  WRITE_TYPE_LOCK,
  WRITE_TYPE_OFFSET,
  WRITE_TYPE_PUT,
  WRITE_TYPE_ROLLBACK,
} from './format.js';

export const WriteType = {
  Put: WRITE_TYPE_PUT,
  Delete: WRITE_TYPE_DELETE,
  Lock: WRITE_TYPE_LOCK,
  Rollback: WRITE_TYPE_ROLLBACK,
} as const;
export type WriteType = (typeof WriteType)[keyof typeof WriteType];

const WRITE_TYPE_NAMES: Record<WriteType, string> = {
  [WRITE_TYPE_PUT]: 'Put',
  [WRITE_TYPE_DELETE]: 'Delete',
  [WRITE_TYPE_LOCK]: 'Lock',
  [WRITE_TYPE_ROLLBACK]: 'Rollback',
};

export interface Write {
  type: WriteType;
  startTs: bigint;
  /** The value of a Put when it is at most 255 bytes (else it is in the default CF). */
  shortValue?: Buffer;
  /** Another transaction's Rollback at this record's commit_ts was folded into this record. */
  hasOverlappedRollback?: boolean;
  /** A Rollback that must not be collapsed (rollbacks of primary keys). */
  isProtected?: boolean;
}

export function writeTypeName(type: WriteType): string {
  return WRITE_TYPE_NAMES[type];
}

export function isWriteType(byte: number): byte is WriteType {
  return (
    byte === WRITE_TYPE_PUT ||
    byte === WRITE_TYPE_DELETE ||
    byte === WRITE_TYPE_LOCK ||
    byte === WRITE_TYPE_ROLLBACK
  );
}

export function encodeWrite(write: Write): Buffer {
  const short = write.shortValue;
  if (short !== undefined && short.length > SHORT_VALUE_MAX_BYTES) {
    throw new RangeError(`short value of ${short.length} bytes (at most ${SHORT_VALUE_MAX_BYTES})`);
  }
  const size =
    WRITE_FIXED_BYTES +
    (short !== undefined ? 2 + short.length : 0) +
    (write.hasOverlappedRollback ? 1 : 0) +
    (write.isProtected ? 1 : 0);
  const out = Buffer.allocUnsafe(size);
  out[WRITE_TYPE_OFFSET] = write.type;
  out.writeBigUInt64BE(write.startTs, WRITE_START_TS_OFFSET);
  let offset = WRITE_FIXED_BYTES;
  if (short !== undefined) {
    out[offset++] = TAG_SHORT_VALUE;
    out[offset++] = short.length;
    short.copy(out, offset);
    offset += short.length;
  }
  if (write.hasOverlappedRollback) out[offset++] = TAG_OVERLAPPED_ROLLBACK;
  if (write.isProtected) out[offset++] = TAG_PROTECTED_ROLLBACK;
  return out;
}

/** Decodes a write record; the short value is a view into `bytes`. Throws CORRUPTION. */
export function decodeWrite(bytes: Buffer): Write {
  const reader = new ByteReader(bytes, 0, 'write record');
  const type = reader.u8();
  if (!isWriteType(type)) throw reader.corrupt(`unknown write type 0x${type.toString(16)}`);
  const write: Write = { type, startTs: reader.ts() };
  while (reader.remaining > 0) {
    const tag = reader.peek();
    if (tag === TAG_SHORT_VALUE) {
      reader.u8();
      write.shortValue = reader.short();
    } else if (tag === TAG_OVERLAPPED_ROLLBACK) {
      reader.u8();
      write.hasOverlappedRollback = true;
    } else if (tag === TAG_PROTECTED_ROLLBACK) {
      reader.u8();
      write.isProtected = true;
    } else {
      break; // a field of a later format version
    }
  }
  return write;
}

/** The type byte of an encoded write record (not validated). */
export function writeTypeOf(bytes: Buffer): number {
  return bytes[WRITE_TYPE_OFFSET]!;
}

/** Copies the 8 start_ts bytes of an encoded write record (big-endian, not inverted). */
export function copyWriteStartTs(bytes: Buffer, out: Buffer, offset: number): void {
  for (let i = 0; i < TS_BYTES; i++) out[offset + i] = bytes[WRITE_START_TS_OFFSET + i]!;
}

/** The short value of an encoded Put record as a view, or undefined when the value is not inline. */
export function shortValueOf(bytes: Buffer): Buffer | undefined {
  if (bytes.length > WRITE_FIXED_BYTES && bytes[WRITE_FIXED_BYTES] === TAG_SHORT_VALUE) {
    const start = WRITE_FIXED_BYTES + 2;
    const end = start + bytes[WRITE_FIXED_BYTES + 1]!;
    if (end > bytes.length) decodeWrite(bytes); // throws CORRUPTION (truncated)
    return bytes.subarray(start, end);
  }
  return undefined;
}
