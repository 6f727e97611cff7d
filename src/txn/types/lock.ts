// The lock record (docs/format/mvcc.md, "Lock record"): the lock a transaction holds on a key
// between prewrite (or a pessimistic lock) and commit or rollback. Encode and decode side by side.

import { ByteReader, varintLength, writeVarint } from './bytes.js';
import {
  LOCK_TYPE_DELETE,
  LOCK_TYPE_LOCK,
  LOCK_TYPE_PESSIMISTIC,
  LOCK_TYPE_PUT,
  SHORT_VALUE_MAX_BYTES,
  TAG_FOR_UPDATE_TS,
  TAG_MIN_COMMIT_TS,
  TAG_SHORT_VALUE,
  TAG_TXN_SIZE,
  TS_BYTES,
} from './format.js';
import { ZERO_TS } from './timestamp.js';

export const LockType = {
  Put: LOCK_TYPE_PUT,
  Delete: LOCK_TYPE_DELETE,
  Lock: LOCK_TYPE_LOCK,
  Pessimistic: LOCK_TYPE_PESSIMISTIC,
} as const;
export type LockType = (typeof LockType)[keyof typeof LockType];

const LOCK_TYPE_NAMES: Record<LockType, string> = {
  [LOCK_TYPE_PUT]: 'Put',
  [LOCK_TYPE_DELETE]: 'Delete',
  [LOCK_TYPE_LOCK]: 'Lock',
  [LOCK_TYPE_PESSIMISTIC]: 'Pessimistic',
};

export interface Lock {
  type: LockType;
  /** Raw user key of the transaction's primary lock. */
  primary: Buffer;
  startTs: bigint;
  /** Milliseconds after the physical time of startTs during which the owner is presumed alive. */
  ttlMs: number;
  /** Value of a Put lock of at most 255 bytes (longer values are in the default CF). */
  shortValue?: Buffer;
  /** Pessimistic transactions: when the lock was taken. ZERO_TS when absent. */
  forUpdateTs: bigint;
  /** Keys written by the transaction, 0 when unknown. */
  txnSize: number;
  /** The transaction will not commit below this. ZERO_TS when absent. */
  minCommitTs: bigint;
}

export function lockTypeName(type: LockType): string {
  return LOCK_TYPE_NAMES[type];
}

function isLockType(byte: number): byte is LockType {
  return (
    byte === LOCK_TYPE_PUT ||
    byte === LOCK_TYPE_DELETE ||
    byte === LOCK_TYPE_LOCK ||
    byte === LOCK_TYPE_PESSIMISTIC
  );
}

export function encodeLock(lock: Lock): Buffer {
  const short = lock.shortValue;
  if (short !== undefined && short.length > SHORT_VALUE_MAX_BYTES) {
    throw new RangeError(`short value of ${short.length} bytes (at most ${SHORT_VALUE_MAX_BYTES})`);
  }
  const size =
    1 +
    varintLength(lock.primary.length) +
    lock.primary.length +
    TS_BYTES +
    varintLength(lock.ttlMs) +
    (short !== undefined ? 2 + short.length : 0) +
    (lock.forUpdateTs !== ZERO_TS ? 1 + TS_BYTES : 0) +
    (lock.txnSize > 0 ? 1 + varintLength(lock.txnSize) : 0) +
    (lock.minCommitTs !== ZERO_TS ? 1 + TS_BYTES : 0);
  const out = Buffer.allocUnsafe(size);
  out[0] = lock.type;
  let offset = writeVarint(out, 1, lock.primary.length);
  offset += lock.primary.copy(out, offset);
  out.writeBigUInt64BE(lock.startTs, offset);
  offset = writeVarint(out, offset + TS_BYTES, lock.ttlMs);
  if (short !== undefined) {
    out[offset++] = TAG_SHORT_VALUE;
    out[offset++] = short.length;
    offset += short.copy(out, offset);
  }
  if (lock.forUpdateTs !== ZERO_TS) {
    out[offset++] = TAG_FOR_UPDATE_TS;
    out.writeBigUInt64BE(lock.forUpdateTs, offset);
    offset += TS_BYTES;
  }
  if (lock.txnSize > 0) {
    out[offset++] = TAG_TXN_SIZE;
    offset = writeVarint(out, offset, lock.txnSize);
  }
  if (lock.minCommitTs !== ZERO_TS) {
    out[offset++] = TAG_MIN_COMMIT_TS;
    out.writeBigUInt64BE(lock.minCommitTs, offset);
  }
  return out;
}

/** Decodes a lock record; primary and short value are views into `bytes`. Throws CORRUPTION. */
export function decodeLock(bytes: Buffer): Lock {
  const reader = new ByteReader(bytes, 0, 'lock record');
  const type = reader.u8();
  if (!isLockType(type)) throw reader.corrupt(`unknown lock type 0x${type.toString(16)}`);
  const primary = reader.bytes();
  const startTs = reader.ts();
  const ttlMs = reader.varint();
  const lock: Lock = {
    type,
    primary,
    startTs,
    ttlMs,
    forUpdateTs: ZERO_TS,
    txnSize: 0,
    minCommitTs: ZERO_TS,
  };
  // Fields come in the order of the format doc; an unknown tag starts a later version's fields.
  if (reader.remaining > 0 && reader.peek() === TAG_SHORT_VALUE) {
    reader.u8();
    lock.shortValue = reader.short();
  }
  if (reader.remaining > 0 && reader.peek() === TAG_FOR_UPDATE_TS) {
    reader.u8();
    lock.forUpdateTs = reader.ts();
  }
  if (reader.remaining > 0 && reader.peek() === TAG_TXN_SIZE) {
    reader.u8();
    lock.txnSize = reader.varint();
  }
  if (reader.remaining > 0 && reader.peek() === TAG_MIN_COMMIT_TS) {
    reader.u8();
    lock.minCommitTs = reader.ts();
  }
  return lock;
}

/** The type byte of an encoded lock record (not validated). */
export function lockTypeOf(bytes: Buffer): number {
  return bytes[0]!;
}

/**
 * Start timestamp of an encoded lock record without decoding the rest: the read path only needs
 * this and the type to decide that a lock does not concern it.
 */
export function lockStartTsOf(bytes: Buffer): bigint {
  let offset = 1;
  let length = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[offset++];
    if (byte === undefined) return decodeLock(bytes).startTs; // throws CORRUPTION (truncated)
    length += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
    scale *= 0x80;
  }
  offset += length;
  if (offset + TS_BYTES > bytes.length) return decodeLock(bytes).startTs;
  return bytes.readBigUInt64BE(offset);
}
