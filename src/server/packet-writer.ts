// Builds a response as a run of framed packets in one reusable buffer, so that a response costs
// one socket write and no per-packet objects. A payload longer than 16 MiB - 1 is split into
// continuation packets when it is finished; sequence ids advance with every packet written.
//
// Ownership: take() hands out a view of the buffer; if the socket did not consume it at once the
// caller must call detach(), and the writer continues in a fresh buffer.

import {
  Lenenc,
  MAX_PACKET_PAYLOAD_BYTES,
  PACKET_HEADER_BYTES,
  SEQUENCE_ID_MODULO,
} from './constants/protocol.js';

/** 16 KiB holds a typical response (a point-select row set is ~250 bytes) without growing. */
const INITIAL_BUFFER_BYTES = 16 * 1024;
/** A buffer grown past this for one large response is dropped afterwards instead of kept. */
const MAX_RETAINED_BUFFER_BYTES = 1024 * 1024;
const TWO_POW_32 = 0x1_0000_0000;
const TWO_BYTE_LENENC_LIMIT = 0x1_0000;
const THREE_BYTE_LENENC_LIMIT = 0x100_0000;
/** A UTF-16 code unit becomes at most 3 UTF-8 bytes (surrogate pairs: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_CODE_UNIT = 3;
/** Offset of the sequence id within a packet header (after the 3-byte length). */
const SEQUENCE_ID_BYTE = 3;
const ASCII_ZERO = 0x30;
/** Length byte, sign and the 16 digits of a safe integer. */
const MAX_SAFE_INTEGER_TEXT_BYTES = 18;
const ASCII_MINUS = 0x2d;

export class PacketWriter {
  private buf: Buffer;
  private pos = 0;
  private packetStart = -1;
  /** Sequence id the next finished packet gets. */
  sequenceId = 0;

  constructor(private readonly initialBytes = INITIAL_BUFFER_BYTES) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes of complete (and open) packets not yet taken. */
  get length(): number {
    return this.pos;
  }

  /** Starts a response: drops anything not taken and sets the first packet's sequence id. */
  begin(sequenceId: number): void {
    this.pos = 0;
    this.packetStart = -1;
    this.sequenceId = sequenceId % SEQUENCE_ID_MODULO;
  }

  startPacket(): void {
    this.ensure(PACKET_HEADER_BYTES);
    this.packetStart = this.pos;
    this.pos += PACKET_HEADER_BYTES;
  }

  finishPacket(): void {
    const start = this.packetStart;
    const payloadBytes = this.pos - start - PACKET_HEADER_BYTES;
    this.packetStart = -1;
    if (payloadBytes < MAX_PACKET_PAYLOAD_BYTES) {
      this.writeHeader(start, payloadBytes);
      return;
    }
    this.splitPayload(start, payloadBytes);
  }

  /** Drops a packet that was started but cannot be finished (an error mid-row). */
  discardOpenPacket(): void {
    if (this.packetStart >= 0) {
      this.pos = this.packetStart;
      this.packetStart = -1;
    }
  }

  /** The complete packets written so far; the writer starts over at the same sequence id. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.pos = 0;
    if (this.buf.length > MAX_RETAINED_BUFFER_BYTES)
      this.buf = Buffer.allocUnsafe(this.initialBytes);
    return out;
  }

  /** The last taken view is still referenced (queued in the socket): continue in a new buffer. */
  detach(): void {
    this.buf = Buffer.allocUnsafe(this.initialBytes);
  }

  ensure(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  u8(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  u16(value: number): void {
    this.ensure(2);
    this.buf.writeUInt16LE(value, this.pos);
    this.pos += 2;
  }

  u24(value: number): void {
    this.ensure(3);
    this.buf.writeUIntLE(value, this.pos, 3);
    this.pos += 3;
  }

  u32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value, this.pos);
    this.pos += 4;
  }

  i32(value: number): void {
    this.ensure(4);
    this.buf.writeInt32LE(value, this.pos);
    this.pos += 4;
  }

  /** An 8-byte two's-complement integer from a safe integer number (signed or unsigned). */
  u64(value: number): void {
    this.ensure(8);
    const low = value >>> 0;
    const high = Math.floor(value / TWO_POW_32);
    this.buf.writeUInt32LE(low, this.pos);
    this.buf.writeInt32LE(high | 0, this.pos + 4);
    this.pos += 8;
  }

  /** An 8-byte integer from a bigint (negative values as two's complement). */
  u64Big(value: bigint): void {
    this.ensure(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, value), this.pos);
    this.pos += 8;
  }

  floatLE(value: number): void {
    this.ensure(4);
    this.buf.writeFloatLE(value, this.pos);
    this.pos += 4;
  }

  doubleLE(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  zeros(count: number): void {
    this.ensure(count);
    this.buf.fill(0, this.pos, this.pos + count);
    this.pos += count;
  }

  lenencInt(value: number): void {
    if (value < Lenenc.ONE_BYTE_LIMIT) {
      this.u8(value);
    } else if (value < TWO_BYTE_LENENC_LIMIT) {
      this.u8(Lenenc.TWO_BYTES);
      this.u16(value);
    } else if (value < THREE_BYTE_LENENC_LIMIT) {
      this.u8(Lenenc.THREE_BYTES);
      this.u24(value);
    } else {
      this.u8(Lenenc.EIGHT_BYTES);
      this.u64(value);
    }
  }

  lenencBigint(value: bigint): void {
    if (value < BigInt(Number.MAX_SAFE_INTEGER) && value >= 0n) {
      this.lenencInt(Number(value));
      return;
    }
    this.u8(Lenenc.EIGHT_BYTES);
    this.u64Big(value);
  }

  /** The NULL marker of text rows and lenenc fields. */
  lenencNull(): void {
    this.u8(Lenenc.NULL);
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** Bytes [start, end) of data. */
  bytesRange(data: Buffer, start: number, end: number): void {
    const count = end - start;
    this.ensure(count);
    data.copy(this.buf, this.pos, start, end);
    this.pos += count;
  }

  lenencBytes(data: Uint8Array): void {
    this.lenencInt(data.length);
    this.bytes(data);
  }

  /** UTF-8 text without a length (rest-of-packet strings). */
  string(text: string): void {
    this.ensure(text.length * MAX_UTF8_BYTES_PER_CODE_UNIT);
    this.pos += this.buf.write(text, this.pos);
  }

  nulString(text: string): void {
    this.string(text);
    this.u8(0);
  }

  lenencString(text: string): void {
    const maxBytes = text.length * MAX_UTF8_BYTES_PER_CODE_UNIT;
    if (maxBytes < Lenenc.ONE_BYTE_LIMIT) {
      // The length fits one byte whatever the encoding: write the text, then its length.
      this.ensure(1 + maxBytes);
      const written = this.buf.write(text, this.pos + 1);
      this.buf[this.pos] = written;
      this.pos += 1 + written;
      return;
    }
    const byteLength = Buffer.byteLength(text);
    this.lenencInt(byteLength);
    this.ensure(byteLength);
    this.buf.write(text, this.pos);
    this.pos += byteLength;
  }

  /** A safe integer as length-encoded ASCII decimal digits (text-row integers). */
  lenencDecimalInteger(value: number): void {
    this.ensure(MAX_SAFE_INTEGER_TEXT_BYTES);
    const negative = value < 0;
    let magnitude = negative ? -value : value;
    let digits = 1;
    for (let limit = 10; magnitude >= limit; limit *= 10) digits++;
    const textLength = digits + (negative ? 1 : 0);
    const buf = this.buf;
    buf[this.pos] = textLength;
    let at = this.pos + textLength;
    this.pos += textLength + 1;
    if (negative) buf[at - digits] = ASCII_MINUS;
    do {
      const next = Math.floor(magnitude / 10);
      buf[at--] = ASCII_ZERO + (magnitude - next * 10);
      magnitude = next;
    } while (magnitude > 0);
  }

  /**
   * Appends packets framed in advance (precomputed column definitions), renumbering their
   * sequence ids from the current one. headerOffsets: where each packet's header starts.
   */
  framedPackets(packets: Buffer, headerOffsets: Uint32Array): void {
    const base = this.pos;
    this.bytes(packets);
    const buf = this.buf;
    for (let i = 0; i < headerOffsets.length; i++) {
      buf[base + headerOffsets[i]! + SEQUENCE_ID_BYTE] = this.sequenceId;
      this.sequenceId = (this.sequenceId + 1) % SEQUENCE_ID_MODULO;
    }
  }

  private writeHeader(at: number, payloadBytes: number): void {
    const buf = this.buf;
    buf[at] = payloadBytes & 0xff;
    buf[at + 1] = (payloadBytes >>> 8) & 0xff;
    buf[at + 2] = payloadBytes >>> 16;
    buf[at + 3] = this.sequenceId;
    this.sequenceId = (this.sequenceId + 1) % SEQUENCE_ID_MODULO;
  }

  /**
   * Rewrites one long payload as full 16 MiB - 1 parts plus a shorter last part (empty when the
   * payload is an exact multiple), moving each part right to make room for its header.
   */
  private splitPayload(start: number, payloadBytes: number): void {
    const fullParts = Math.floor(payloadBytes / MAX_PACKET_PAYLOAD_BYTES);
    this.ensure(fullParts * PACKET_HEADER_BYTES);
    const dataStart = start + PACKET_HEADER_BYTES;
    for (let part = fullParts; part >= 0; part--) {
      const source = dataStart + part * MAX_PACKET_PAYLOAD_BYTES;
      const partBytes =
        part < fullParts
          ? MAX_PACKET_PAYLOAD_BYTES
          : payloadBytes - fullParts * MAX_PACKET_PAYLOAD_BYTES;
      const target = dataStart + part * (MAX_PACKET_PAYLOAD_BYTES + PACKET_HEADER_BYTES);
      if (target !== source) this.buf.copyWithin(target, source, source + partBytes);
    }
    for (let part = 0; part <= fullParts; part++) {
      const header = start + part * (MAX_PACKET_PAYLOAD_BYTES + PACKET_HEADER_BYTES);
      const partBytes =
        part < fullParts
          ? MAX_PACKET_PAYLOAD_BYTES
          : payloadBytes - fullParts * MAX_PACKET_PAYLOAD_BYTES;
      this.writeHeader(header, partBytes);
    }
    this.pos = start + payloadBytes + (fullParts + 1) * PACKET_HEADER_BYTES;
  }
}
