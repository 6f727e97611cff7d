// Reads the fields of one packet payload in wire order. One reader per connection is reset onto
// each payload, so reading allocates nothing but the values it returns. Every read checks the
// payload's end and throws MalformedPacketError past it.

import { Lenenc } from './constants/protocol.js';
import { MalformedPacketError } from './protocol-error.js';

const TWO_POW_32 = 0x1_0000_0000;

export class PayloadReader {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;

  /** Points the reader at payload bytes [start, end) of buf. */
  reset(buf: Buffer, start: number, end: number): this {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    return this;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.end) throw new MalformedPacketError();
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  peekU8(): number {
    this.need(1);
    return this.buf[this.pos]!;
  }

  u16(): number {
    this.need(2);
    const value = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return value;
  }

  u24(): number {
    this.need(3);
    const value = this.buf.readUIntLE(this.pos, 3);
    this.pos += 3;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  /** An 8-byte unsigned integer as a number; throws when it does not fit in 2^53. */
  u64Number(): number {
    this.need(8);
    const low = this.buf.readUInt32LE(this.pos);
    const high = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    const value = high * TWO_POW_32 + low;
    if (!Number.isSafeInteger(value)) throw new MalformedPacketError();
    return value;
  }

  /** A length-encoded integer (1, 3, 4 or 9 bytes). NULL (0xFB) is malformed here. */
  lenencInt(): number {
    const first = this.u8();
    if (first < Lenenc.ONE_BYTE_LIMIT) return first;
    switch (first) {
      case Lenenc.TWO_BYTES:
        return this.u16();
      case Lenenc.THREE_BYTES:
        return this.u24();
      case Lenenc.EIGHT_BYTES:
        return this.u64Number();
      default:
        throw new MalformedPacketError();
    }
  }

  /** A length-encoded integer, or null for the NULL marker 0xFB. */
  lenencIntOrNull(): number | null {
    if (this.peekU8() === Lenenc.NULL) {
      this.pos++;
      return null;
    }
    return this.lenencInt();
  }

  /** The next `length` bytes, as a view into the payload (valid as long as the payload is). */
  bytes(length: number): Buffer {
    this.need(length);
    const view = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  skip(length: number): void {
    this.need(length);
    this.pos += length;
  }

  lenencBytes(): Buffer {
    return this.bytes(this.lenencInt());
  }

  lenencString(): string {
    const length = this.lenencInt();
    this.need(length);
    const text = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return text;
  }

  /** Bytes up to a NUL terminator (consumed, not returned). Throws when there is none. */
  nulTerminatedBytes(): Buffer {
    const nul = this.buf.indexOf(0, this.pos);
    if (nul < 0 || nul >= this.end) throw new MalformedPacketError();
    const view = this.buf.subarray(this.pos, nul);
    this.pos = nul + 1;
    return view;
  }

  nulTerminatedString(): string {
    return this.nulTerminatedBytes().toString('utf8');
  }

  /**
   * A NUL-terminated string that some clients leave unterminated when it is the last field:
   * reads up to the NUL or to the end of the payload.
   */
  nulTerminatedOrRestString(): string {
    const nul = this.buf.indexOf(0, this.pos);
    const stop = nul < 0 || nul >= this.end ? this.end : nul;
    const text = this.buf.toString('utf8', this.pos, stop);
    this.pos = stop < this.end ? stop + 1 : stop;
    return text;
  }

  restBytes(): Buffer {
    return this.bytes(this.end - this.pos);
  }

  restString(): string {
    const text = this.buf.toString('utf8', this.pos, this.end);
    this.pos = this.end;
    return text;
  }
}
