// An atomic group of puts and deletes across column families, encoded in JavaScript directly into
// the engine's batch representation (docs/format/wal.md, "Batch payload"), so that committing a
// batch is one call into the addon and no per-operation objects cross the boundary.

const HEADER_BYTES = 12; // fixed64 sequence + fixed32 count, filled in by the engine
const TAG_DELETE = 0x0;
const TAG_PUT = 0x1;
const TAG_CF_DELETE = 0x4;
const TAG_CF_PUT = 0x5;
const INITIAL_CAPACITY_BYTES = 256;

export class WriteBatch {
  private buffer: Buffer = Buffer.allocUnsafe(INITIAL_CAPACITY_BYTES);
  private length = HEADER_BYTES;
  private entries = 0;
  private payload = 0;

  constructor() {
    this.buffer.fill(0, 0, HEADER_BYTES);
  }

  /** Number of operations in the batch. */
  get count(): number {
    return this.entries;
  }

  /** Bytes of user keys and values in the batch (what write throttling and stats count). */
  get payloadBytes(): number {
    return this.payload;
  }

  /** Encoded size in bytes. */
  get byteLength(): number {
    return this.length;
  }

  put(columnFamily: number, key: Buffer, value: Buffer): this {
    this.reserve(11 + key.length + value.length);
    this.writeTag(columnFamily, TAG_PUT, TAG_CF_PUT);
    this.writeSlice(key);
    this.writeSlice(value);
    this.entries++;
    this.payload += key.length + value.length;
    return this;
  }

  delete(columnFamily: number, key: Buffer): this {
    this.reserve(11 + key.length);
    this.writeTag(columnFamily, TAG_DELETE, TAG_CF_DELETE);
    this.writeSlice(key);
    this.entries++;
    this.payload += key.length;
    return this;
  }

  clear(): void {
    this.length = HEADER_BYTES;
    this.entries = 0;
    this.payload = 0;
  }

  /**
   * The encoded batch with its count filled in. The view shares memory with the batch; the engine
   * copies it when a write is submitted, so the batch may be reused as soon as write() returns.
   */
  encode(): Buffer {
    this.buffer.writeUInt32LE(this.entries, 8);
    return this.buffer.subarray(0, this.length);
  }

  private writeTag(columnFamily: number, plainTag: number, cfTag: number): void {
    if (columnFamily === 0) {
      this.buffer[this.length++] = plainTag;
    } else {
      this.buffer[this.length++] = cfTag;
      this.writeVarint(columnFamily);
    }
  }

  private writeSlice(bytes: Buffer): void {
    this.writeVarint(bytes.length);
    bytes.copy(this.buffer, this.length);
    this.length += bytes.length;
  }

  private writeVarint(value: number): void {
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.length++] = v;
  }

  private reserve(extraBytes: number): void {
    const needed = this.length + extraBytes;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
