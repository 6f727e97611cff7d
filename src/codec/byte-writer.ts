// A growable byte buffer for building keys and row values without intermediate arrays.
// Not thread-safe (nothing in JavaScript is); reuse one writer per encoder and call reset().

const INITIAL_CAPACITY_BYTES = 64;

export class ByteWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(capacityBytes = INITIAL_CAPACITY_BYTES) {
    this.buffer = Buffer.allocUnsafe(capacityBytes);
  }

  get size(): number {
    return this.length;
  }

  reset(): this {
    this.length = 0;
    return this;
  }

  /** Makes room for n more bytes and returns the offset where they start. */
  reserve(n: number): number {
    const needed = this.length + n;
    if (needed > this.buffer.length) {
      let capacity = this.buffer.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = Buffer.allocUnsafe(capacity);
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    const offset = this.length;
    this.length = needed;
    return offset;
  }

  /** The underlying buffer; valid until the next write. */
  raw(): Buffer {
    return this.buffer;
  }

  byte(value: number): this {
    const offset = this.reserve(1);
    this.buffer[offset] = value;
    return this;
  }

  bytes(source: Uint8Array, start = 0, end = source.length): this {
    const offset = this.reserve(end - start);
    this.buffer.set(source.subarray(start, end), offset);
    return this;
  }

  uint16LE(value: number): this {
    this.buffer.writeUInt16LE(value, this.reserve(2));
    return this;
  }

  uint32LE(value: number): this {
    this.buffer.writeUInt32LE(value, this.reserve(4));
    return this;
  }

  uint32BE(value: number): this {
    this.buffer.writeUInt32BE(value, this.reserve(4));
    return this;
  }

  /** Writes at an earlier offset (for back-patched lengths and offsets). */
  patchUint16LE(offset: number, value: number): void {
    this.buffer.writeUInt16LE(value, offset);
  }

  patchUint32LE(offset: number, value: number): void {
    this.buffer.writeUInt32LE(value, offset);
  }

  /** A copy of the bytes written so far. */
  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}
