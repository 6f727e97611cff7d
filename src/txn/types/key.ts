// MVCC keys (docs/format/keys.md): the memcomparable bytes encoding of a user key, optionally
// followed by an inverted 8-byte timestamp. Encoders write into caller buffers so the read path
// can reuse one scratch buffer instead of allocating per lookup.

import { EngineError } from '../../engine/errors.js';
import {
  ENC_GROUP_BYTES,
  ENC_GROUP_WITH_MARKER_BYTES,
  ENC_MARKER,
  ENC_PAD,
  TS_BYTES,
} from './format.js';
import { MAX_TS } from './timestamp.js';

/** The smallest marker: a group holding only padding. */
const MIN_MARKER = ENC_MARKER - ENC_GROUP_BYTES;

/** Length of enc(U) for a user key of rawLength bytes. */
export function encodedKeyLength(rawLength: number): number {
  return ENC_GROUP_WITH_MARKER_BYTES * (Math.floor(rawLength / ENC_GROUP_BYTES) + 1);
}

/** Writes enc(raw) at out[offset…]; returns the offset just past it. REQUIRES: room in out. */
export function encodeKeyInto(raw: Buffer, out: Buffer, offset: number): number {
  const length = raw.length;
  let read = 0;
  let write = offset;
  for (;;) {
    const remaining = length - read;
    if (remaining >= ENC_GROUP_BYTES) {
      for (let i = 0; i < ENC_GROUP_BYTES; i++) out[write++] = raw[read++]!;
      out[write++] = ENC_MARKER;
      continue;
    }
    for (let i = 0; i < remaining; i++) out[write++] = raw[read++]!;
    const padding = ENC_GROUP_BYTES - remaining;
    for (let i = 0; i < padding; i++) out[write++] = ENC_PAD;
    out[write++] = ENC_MARKER - padding;
    return write;
  }
}

/** enc(raw) in a new buffer. */
export function encodeKey(raw: Buffer): Buffer {
  const out = Buffer.allocUnsafe(encodedKeyLength(raw.length));
  encodeKeyInto(raw, out, 0);
  return out;
}

/** The user key of an encoded key in encoded[start, end). Throws CORRUPTION on a bad encoding. */
export function decodeKey(encoded: Buffer, start = 0, end = encoded.length): Buffer {
  const groups = (end - start) / ENC_GROUP_WITH_MARKER_BYTES;
  if (!Number.isInteger(groups) || groups < 1) throw badKey(encoded, 'length');
  const out = Buffer.allocUnsafe(groups * ENC_GROUP_BYTES);
  let write = 0;
  for (let group = start; group < end; group += ENC_GROUP_WITH_MARKER_BYTES) {
    const marker = encoded[group + ENC_GROUP_BYTES]!;
    const last = group + ENC_GROUP_WITH_MARKER_BYTES === end;
    if (marker === ENC_MARKER && !last) {
      encoded.copy(out, write, group, group + ENC_GROUP_BYTES);
      write += ENC_GROUP_BYTES;
      continue;
    }
    if (!last || marker < MIN_MARKER || marker === ENC_MARKER) throw badKey(encoded, 'marker');
    const used = ENC_GROUP_BYTES - (ENC_MARKER - marker);
    for (let i = used; i < ENC_GROUP_BYTES; i++) {
      if (encoded[group + i] !== ENC_PAD) throw badKey(encoded, 'padding');
    }
    encoded.copy(out, write, group, group + used);
    write += used;
  }
  return out.subarray(0, write);
}

function badKey(encoded: Buffer, what: string): EngineError {
  return new EngineError('CORRUPTION', `bad ${what} in encoded key 0x${encoded.toString('hex')}`);
}

/**
 * ~ts of the last timestamp written: a command writes many keys at one timestamp, and the bigint
 * arithmetic costs more than copying 8 bytes.
 */
let invertedFor = -1n;
const inverted = Buffer.alloc(TS_BYTES);

/** Writes ~ts as 8 bytes big-endian at out[offset…]; returns the offset just past it. */
export function writeInvertedTs(out: Buffer, offset: number, ts: bigint): number {
  if (ts !== invertedFor) {
    inverted.writeBigUInt64BE(MAX_TS - ts, 0);
    invertedFor = ts;
  }
  inverted.copy(out, offset);
  return offset + TS_BYTES;
}

/** enc(raw) ‖ ~ts: a write-CF or default-CF key. */
export function mvccKey(raw: Buffer, ts: bigint): Buffer {
  const encodedLength = encodedKeyLength(raw.length);
  const out = Buffer.allocUnsafe(encodedLength + TS_BYTES);
  encodeKeyInto(raw, out, 0);
  writeInvertedTs(out, encodedLength, ts);
  return out;
}

/** E ‖ ~ts for an already encoded key E. */
export function appendTs(encoded: Buffer, ts: bigint): Buffer {
  const out = Buffer.allocUnsafe(encoded.length + TS_BYTES);
  encoded.copy(out, 0);
  writeInvertedTs(out, encoded.length, ts);
  return out;
}

/** The timestamp of a write-CF or default-CF key. */
export function tsOfMvccKey(key: Buffer): bigint {
  return MAX_TS - key.readBigUInt64BE(key.length - TS_BYTES);
}

/** The encoded user key E of a write-CF or default-CF key (a view, no copy). */
export function encodedPartOf(key: Buffer): Buffer {
  return key.subarray(0, key.length - TS_BYTES);
}

/** Whether key is E ‖ (8 bytes) for the encoded key held in prefix[0, prefixLength). */
export function isVersionOf(key: Buffer, prefix: Buffer, prefixLength: number): boolean {
  if (key.length !== prefixLength + TS_BYTES) return false;
  for (let i = prefixLength - 1; i >= 0; i--) {
    if (key[i] !== prefix[i]) return false;
  }
  return true;
}

/**
 * The smallest key greater than every key that starts with E: E with its last non-0xFF byte
 * incremented and what follows dropped. Encoded keys always end with a marker ≤ 0xFE, so the result
 * keeps E's length.
 */
export function prefixEnd(encoded: Buffer): Buffer {
  const out = Buffer.from(encoded);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== 0xff) {
      out[i]!++;
      return out.subarray(0, i + 1);
    }
  }
  return out;
}
