// Primitive encodings of the MVCC records (docs/format/mvcc.md, "Primitive encodings"): varint
// (unsigned LEB128), ts (8 bytes big-endian), short (u8 length + bytes), bytes (varint length +
// bytes). Lengths and counts here stay below 2^53, so varints are plain numbers.

import { EngineError } from '../../engine/errors.js';
import { TS_BYTES } from './format.js';

const VARINT_MAX_BYTES = 10;
const SEVEN_BITS = 0x80;

export function varintLength(value: number): number {
  let bytes = 1;
  while (value >= SEVEN_BITS) {
    value = Math.floor(value / SEVEN_BITS);
    bytes++;
  }
  return bytes;
}

/** Writes value as unsigned LEB128 at out[offset…]; returns the offset just past it. */
export function writeVarint(out: Buffer, offset: number, value: number): number {
  while (value >= SEVEN_BITS) {
    out[offset++] = (value % SEVEN_BITS) | SEVEN_BITS;
    value = Math.floor(value / SEVEN_BITS);
  }
  out[offset++] = value;
  return offset;
}

/** A cursor over one record being decoded; every read checks the record's bounds. */
export class ByteReader {
  offset: number;

  constructor(
    readonly buffer: Buffer,
    offset = 0,
    readonly what = 'record',
  ) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  u8(): number {
    this.need(1);
    return this.buffer[this.offset++]!;
  }

  peek(): number {
    this.need(1);
    return this.buffer[this.offset]!;
  }

  ts(): bigint {
    this.need(TS_BYTES);
    const value = this.buffer.readBigUInt64BE(this.offset);
    this.offset += TS_BYTES;
    return value;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < VARINT_MAX_BYTES; i++) {
      const byte = this.u8();
      value += (byte & (SEVEN_BITS - 1)) * scale;
      if (byte < SEVEN_BITS) return value;
      scale *= SEVEN_BITS;
    }
    throw this.corrupt('varint longer than 10 bytes');
  }

  /** n bytes as a view into the record (no copy). */
  slice(length: number): Buffer {
    this.need(length);
    const view = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return view;
  }

  short(): Buffer {
    return this.slice(this.u8());
  }

  bytes(): Buffer {
    return this.slice(this.varint());
  }

  corrupt(message: string): EngineError {
    return new EngineError(
      'CORRUPTION',
      `${this.what}: ${message} (0x${this.buffer.toString('hex')})`,
    );
  }

  private need(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) throw this.corrupt('truncated');
  }
}
