// Framing, and nothing else: cuts the byte stream into payloads by the 3-byte length and the
// sequence id of each packet, joins payloads split into 16 MiB - 1 parts, and enforces
// max_allowed_packet before buffering anything. A payload that arrives whole in one chunk is
// handed on as a range of that chunk, without a copy. Layout: docs/format/protocol.md.

import { ER } from './constants/error-codes.js';
import type { ErrorSpec } from './constants/error-codes.js';
import {
  MAX_PACKET_PAYLOAD_BYTES,
  PACKET_HEADER_BYTES,
  SEQUENCE_ID_MODULO,
} from './constants/protocol.js';

export interface PacketSink {
  /**
   * One complete payload, bytes [start, end) of buf. `sequenceId` is the sequence id of its last
   * part (a response continues from it); `firstSequenceId` of its first. Return false to stop
   * parsing: the bytes after this packet are then kept for takeRemaining() (TLS takes over).
   */
  onPacket(
    buf: Buffer,
    start: number,
    end: number,
    firstSequenceId: number,
    sequenceId: number,
  ): boolean;
  /** The stream is broken (oversized packet, parts out of order); nothing more is parsed. */
  onFramingError(spec: ErrorSpec): void;
}

export class PacketParser {
  /** Holds a packet that arrived in pieces: its header first, then as much payload as came. */
  private partial: Buffer | null = null;
  private partialBytes = 0;
  /** Parts of a payload longer than one packet, joined when the last part arrives. */
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private partsFirstSequenceId = 0;
  private stopped = false;
  private failed = false;
  private remaining: Buffer | null = null;

  constructor(
    private readonly sink: PacketSink,
    /** Largest payload accepted (max_allowed_packet); larger ones are a framing error. */
    public maxPayloadBytes: number,
  ) {}

  /** Bytes of an incomplete packet waiting for the rest (net_read_timeout applies to them). */
  get pendingBytes(): number {
    return this.partialBytes + this.partsBytes;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    if (this.stopped) {
      this.remaining = this.remaining ? Buffer.concat([this.remaining, chunk]) : chunk;
      return;
    }
    let pos = 0;
    if (this.partial !== null) {
      pos = this.fillPartial(chunk);
      if (pos < 0) return;
    }
    const length = chunk.length;
    while (pos + PACKET_HEADER_BYTES <= length) {
      const payloadBytes = chunk[pos]! | (chunk[pos + 1]! << 8) | (chunk[pos + 2]! << 16);
      const sequenceId = chunk[pos + 3]!;
      if (!this.checkSize(payloadBytes)) return;
      const end = pos + PACKET_HEADER_BYTES + payloadBytes;
      if (end > length) break;
      const keepGoing = this.deliver(chunk, pos + PACKET_HEADER_BYTES, end, sequenceId);
      pos = end;
      if (!keepGoing) {
        this.stopAt(chunk, pos);
        return;
      }
      if (this.failed) return;
    }
    if (pos < length) this.startPartial(chunk, pos);
  }

  /** After a sink returned false: the bytes that followed, and parsing stays stopped. */
  takeRemaining(): Buffer | null {
    const rest = this.remaining;
    this.remaining = null;
    return rest;
  }

  /**
   * Every byte received but not yet delivered as a packet, as it arrived (headers included), and
   * a fresh start: for handing the stream to another reader at a packet boundary.
   */
  drainRaw(): Buffer {
    const pieces: Buffer[] = [];
    let sequenceId = this.partsFirstSequenceId;
    for (const part of this.parts) {
      const header = Buffer.allocUnsafe(PACKET_HEADER_BYTES);
      header.writeUIntLE(part.length, 0, 3);
      header[3] = sequenceId;
      sequenceId = (sequenceId + 1) % SEQUENCE_ID_MODULO;
      pieces.push(header, part);
    }
    if (this.partial !== null) pieces.push(this.partial.subarray(0, this.partialBytes));
    if (this.remaining !== null) pieces.push(this.remaining);
    this.parts = [];
    this.partsBytes = 0;
    this.partial = null;
    this.partialBytes = 0;
    this.remaining = null;
    this.stopped = false;
    return Buffer.concat(pieces);
  }

  /** Resumes parsing after a stop, with the bytes that arrive from now on. */
  resume(): void {
    this.stopped = false;
  }

  private checkSize(payloadBytes: number): boolean {
    if (this.partsBytes + payloadBytes > this.maxPayloadBytes) {
      this.fail(ER.NET_PACKET_TOO_LARGE);
      return false;
    }
    return true;
  }

  private fail(spec: ErrorSpec): void {
    this.failed = true;
    this.partial = null;
    this.parts = [];
    this.partialBytes = 0;
    this.partsBytes = 0;
    this.sink.onFramingError(spec);
  }

  private stopAt(chunk: Buffer, pos: number): void {
    this.stopped = true;
    this.remaining = pos < chunk.length ? chunk.subarray(pos) : null;
  }

  /** Keeps the tail of a chunk that holds only part of a packet. */
  private startPartial(chunk: Buffer, pos: number): void {
    const available = chunk.length - pos;
    if (available < PACKET_HEADER_BYTES) {
      this.partial = Buffer.allocUnsafe(PACKET_HEADER_BYTES);
    } else {
      const payloadBytes = chunk[pos]! | (chunk[pos + 1]! << 8) | (chunk[pos + 2]! << 16);
      this.partial = Buffer.allocUnsafe(PACKET_HEADER_BYTES + payloadBytes);
    }
    chunk.copy(this.partial, 0, pos);
    this.partialBytes = available;
  }

  /**
   * Adds the start of chunk to the packet in progress. Returns where the rest of the chunk
   * begins, or -1 when the chunk was used up (or the stream failed).
   */
  private fillPartial(chunk: Buffer): number {
    let pos = 0;
    let partial = this.partial!;
    if (this.partialBytes < PACKET_HEADER_BYTES) {
      const headerBytes = Math.min(PACKET_HEADER_BYTES - this.partialBytes, chunk.length);
      chunk.copy(partial, this.partialBytes, 0, headerBytes);
      this.partialBytes += headerBytes;
      pos = headerBytes;
      if (this.partialBytes < PACKET_HEADER_BYTES) return -1;
      const payloadBytes = partial[0]! | (partial[1]! << 8) | (partial[2]! << 16);
      if (!this.checkSize(payloadBytes)) return -1;
      const sized = Buffer.allocUnsafe(PACKET_HEADER_BYTES + payloadBytes);
      partial.copy(sized, 0, 0, PACKET_HEADER_BYTES);
      this.partial = partial = sized;
    }
    const copied = chunk.copy(partial, this.partialBytes, pos);
    this.partialBytes += copied;
    pos += copied;
    if (this.partialBytes < partial.length) return -1;
    this.partial = null;
    this.partialBytes = 0;
    const keepGoing = this.deliver(partial, PACKET_HEADER_BYTES, partial.length, partial[3]!);
    if (!keepGoing) {
      this.stopAt(chunk, pos);
      return -1;
    }
    if (this.failed) return -1;
    return pos;
  }

  /** One packet's payload: a whole payload, or a part of a longer one. */
  private deliver(buf: Buffer, start: number, end: number, sequenceId: number): boolean {
    const payloadBytes = end - start;
    if (this.parts.length > 0) {
      const expected = (this.partsFirstSequenceId + this.parts.length) % SEQUENCE_ID_MODULO;
      if (sequenceId !== expected) {
        this.fail(ER.NET_PACKETS_OUT_OF_ORDER);
        return true;
      }
    } else if (payloadBytes < MAX_PACKET_PAYLOAD_BYTES) {
      return this.sink.onPacket(buf, start, end, sequenceId, sequenceId);
    } else {
      this.partsFirstSequenceId = sequenceId;
    }
    this.parts.push(buf.subarray(start, end));
    this.partsBytes += payloadBytes;
    if (payloadBytes === MAX_PACKET_PAYLOAD_BYTES) return true;
    const joined = Buffer.concat(this.parts, this.partsBytes);
    const firstSequenceId = this.partsFirstSequenceId;
    this.parts = [];
    this.partsBytes = 0;
    return this.sink.onPacket(joined, 0, joined.length, firstSequenceId, sequenceId);
  }
}
