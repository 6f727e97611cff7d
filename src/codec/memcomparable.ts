// Memcomparable encodings: the bytes of an encoded value compare (bytewise, as the engine orders
// keys) exactly as the values compare in SQL. Byte layouts are in docs/format/row.md ("Keys").
//
// - int64: 8 bytes big-endian with the sign bit flipped, so negatives sort before positives.
// - uint64: 8 bytes big-endian.
// - float64: IEEE bits big-endian; positives get the sign bit set, negatives are inverted whole.
// - bytes: groups of 8 bytes, each followed by a marker 0xFF − (padding bytes in that group); the
//   last group is padded with 0x00 and always present, so a prefix sorts before its extensions.
// - decimal: sign class, exponent and base-100 digit pairs (see encodeDecimal).

import type { ByteWriter } from './byte-writer.js';

export const INT64_BYTES = 8;
export const BYTES_GROUP_SIZE = 8;
export const BYTES_GROUP_MARKER = 0xff;
const BYTES_PAD = 0x00;
const TWO_POW_32 = 2 ** 32;
const SIGN_BIT_32 = 0x80000000;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

/** Writes a signed 64-bit integer (number within ±2^53 or any int64 bigint), order-preserving. */
export function writeInt64(writer: ByteWriter, value: number | bigint): void {
  const offset = writer.reserve(INT64_BYTES);
  const buffer = writer.raw();
  if (typeof value === 'number') {
    const high = Math.floor(value / TWO_POW_32);
    const low = value - high * TWO_POW_32;
    buffer.writeUInt32BE((high ^ SIGN_BIT_32) >>> 0, offset);
    buffer.writeUInt32BE(low, offset + 4);
  } else {
    if (value < INT64_MIN || value > INT64_MAX)
      throw new CodecError(`int64 out of range: ${value}`);
    buffer.writeBigUInt64BE(BigInt.asUintN(64, value) ^ (1n << 63n), offset);
  }
}

/** Reads what writeInt64 wrote; a number when it fits in 2^53, else a bigint. */
export function readInt64(buffer: Buffer, offset: number): number | bigint {
  const high = (buffer.readUInt32BE(offset) ^ SIGN_BIT_32) | 0;
  const low = buffer.readUInt32BE(offset + 4);
  const asNumber = high * TWO_POW_32 + low;
  if (Number.isSafeInteger(asNumber)) return asNumber;
  return BigInt.asIntN(64, buffer.readBigUInt64BE(offset) ^ (1n << 63n));
}

export function writeUint64(writer: ByteWriter, value: number | bigint): void {
  const offset = writer.reserve(INT64_BYTES);
  const buffer = writer.raw();
  if (typeof value === 'number') {
    const high = Math.floor(value / TWO_POW_32);
    buffer.writeUInt32BE(high, offset);
    buffer.writeUInt32BE(value - high * TWO_POW_32, offset + 4);
  } else {
    if (value < 0n || value > UINT64_MAX) throw new CodecError(`uint64 out of range: ${value}`);
    buffer.writeBigUInt64BE(value, offset);
  }
}

export function readUint64(buffer: Buffer, offset: number): number | bigint {
  const asNumber = buffer.readUInt32BE(offset) * TWO_POW_32 + buffer.readUInt32BE(offset + 4);
  if (Number.isSafeInteger(asNumber)) return asNumber;
  return buffer.readBigUInt64BE(offset);
}

const floatScratch = Buffer.alloc(8);

export function writeFloat64(writer: ByteWriter, value: number): void {
  // -0 and +0 are equal in SQL, so they must encode alike.
  floatScratch.writeDoubleBE(value === 0 ? 0 : value, 0);
  const offset = writer.reserve(INT64_BYTES);
  const buffer = writer.raw();
  if (floatScratch[0]! & 0x80) {
    for (let i = 0; i < INT64_BYTES; i++) buffer[offset + i] = ~floatScratch[i]! & 0xff;
  } else {
    floatScratch.copy(buffer, offset);
    buffer[offset] = buffer[offset]! | 0x80;
  }
}

export function readFloat64(buffer: Buffer, offset: number): number {
  if (buffer[offset]! & 0x80) {
    buffer.copy(floatScratch, 0, offset, offset + INT64_BYTES);
    floatScratch[0] = floatScratch[0]! & 0x7f;
  } else {
    for (let i = 0; i < INT64_BYTES; i++) floatScratch[i] = ~buffer[offset + i]! & 0xff;
  }
  return floatScratch.readDoubleBE(0);
}

/** Writes bytes in 8-byte groups, each followed by its marker. */
export function writeBytes(writer: ByteWriter, data: Uint8Array): void {
  const groups = Math.floor(data.length / BYTES_GROUP_SIZE) + 1;
  const offset = writer.reserve(groups * (BYTES_GROUP_SIZE + 1));
  const buffer = writer.raw();
  let out = offset;
  for (let start = 0; start <= data.length; start += BYTES_GROUP_SIZE) {
    const remaining = data.length - start;
    if (remaining >= BYTES_GROUP_SIZE) {
      buffer.set(data.subarray(start, start + BYTES_GROUP_SIZE), out);
      buffer[out + BYTES_GROUP_SIZE] = BYTES_GROUP_MARKER;
    } else {
      buffer.set(data.subarray(start), out);
      buffer.fill(BYTES_PAD, out + remaining, out + BYTES_GROUP_SIZE);
      buffer[out + BYTES_GROUP_SIZE] = BYTES_GROUP_MARKER - (BYTES_GROUP_SIZE - remaining);
    }
    out += BYTES_GROUP_SIZE + 1;
  }
}

/** Reads group-encoded bytes; returns the data and the offset just past it. */
export function readBytes(buffer: Buffer, offset: number): { data: Buffer; next: number } {
  const parts: Buffer[] = [];
  let position = offset;
  for (;;) {
    if (position + BYTES_GROUP_SIZE + 1 > buffer.length) {
      throw new CodecError('truncated group-encoded bytes');
    }
    const marker = buffer[position + BYTES_GROUP_SIZE]!;
    const padding = BYTES_GROUP_MARKER - marker;
    if (padding > BYTES_GROUP_SIZE) throw new CodecError(`bad group marker ${marker}`);
    parts.push(buffer.subarray(position, position + BYTES_GROUP_SIZE - padding));
    position += BYTES_GROUP_SIZE + 1;
    if (padding !== 0) break;
  }
  return {
    data: parts.length === 1 ? Buffer.from(parts[0]!) : Buffer.concat(parts),
    next: position,
  };
}

/** An exact decimal as value = unscaled / 10^scale. */
export interface DecimalParts {
  readonly unscaled: bigint;
  readonly scale: number;
}

const DECIMAL_NEGATIVE = 0x01;
const DECIMAL_ZERO = 0x02;
const DECIMAL_POSITIVE = 0x03;
const DECIMAL_DIGITS_END = 0x00;

/**
 * Decimal: a class byte (negative < zero < positive); for non-zero values the exponent E (value =
 * 0.d1d2d3… × 10^E, trailing zeros dropped) as a sign-flipped int32, then digit pairs as bytes
 * 1 + 10·a + b (an odd last digit is paired with 0) and a 0x00 terminator. Negative values invert
 * every byte after the class, so larger magnitudes sort first. 1.5 and 1.50 encode alike.
 */
export function writeDecimal(writer: ByteWriter, value: DecimalParts): void {
  if (value.unscaled === 0n) {
    writer.byte(DECIMAL_ZERO);
    return;
  }
  const negative = value.unscaled < 0n;
  let digits = (negative ? -value.unscaled : value.unscaled).toString();
  const exponent = digits.length - value.scale;
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 0x30) end--;
  digits = digits.slice(0, end);
  const pairs = Math.ceil(digits.length / 2);
  const offset = writer.reserve(1 + 4 + pairs + 1);
  const buffer = writer.raw();
  buffer[offset] = negative ? DECIMAL_NEGATIVE : DECIMAL_POSITIVE;
  buffer.writeUInt32BE((exponent ^ SIGN_BIT_32) >>> 0, offset + 1);
  for (let i = 0; i < pairs; i++) {
    const a = digits.charCodeAt(2 * i) - 0x30;
    const b = 2 * i + 1 < digits.length ? digits.charCodeAt(2 * i + 1) - 0x30 : 0;
    buffer[offset + 5 + i] = 1 + 10 * a + b;
  }
  buffer[offset + 5 + pairs] = DECIMAL_DIGITS_END;
  if (negative) {
    for (let i = offset + 1; i <= offset + 5 + pairs; i++) buffer[i] = ~buffer[i]! & 0xff;
  }
}

export function readDecimal(buffer: Buffer, offset: number): { value: DecimalParts; next: number } {
  const cls = buffer[offset];
  if (cls === DECIMAL_ZERO) return { value: { unscaled: 0n, scale: 0 }, next: offset + 1 };
  if (cls !== DECIMAL_NEGATIVE && cls !== DECIMAL_POSITIVE) {
    throw new CodecError(`bad decimal class byte ${cls}`);
  }
  const negative = cls === DECIMAL_NEGATIVE;
  const flip = negative ? 0xff : 0;
  const exponentBits =
    (((buffer[offset + 1]! ^ flip) << 24) |
      ((buffer[offset + 2]! ^ flip) << 16) |
      ((buffer[offset + 3]! ^ flip) << 8) |
      (buffer[offset + 4]! ^ flip)) >>>
    0;
  const exponent = (exponentBits ^ SIGN_BIT_32) | 0;
  let digits = '';
  let position = offset + 5;
  for (;;) {
    if (position >= buffer.length) throw new CodecError('truncated decimal');
    const pair = buffer[position++]! ^ flip;
    if (pair === DECIMAL_DIGITS_END) break;
    const n = pair - 1;
    digits += String.fromCharCode(0x30 + Math.floor(n / 10), 0x30 + (n % 10));
  }
  if (digits.endsWith('0')) digits = digits.slice(0, -1);
  const scale = Math.max(0, digits.length - exponent);
  const unscaled = BigInt(digits) * 10n ** BigInt(Math.max(0, exponent - digits.length));
  return { value: { unscaled: negative ? -unscaled : unscaled, scale }, next: position };
}
